// jabberd2 2.7 on loopback in a throwaway directory: four processes (router, then sm, c2s and
// s2s). The facts come from the lab recipe (shared/lab/jabberd2.sh): the binaries never daemonize;
// accounts are rows in the sqlite authreg table (jabberd2 has no account tool), made before start
// from the schema the package ships as documentation; each daemon notices SIGTERM only at its next
// ~2 s poll, so all three are signalled at once.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { UsageError } from '../errors.js';
import { sleep } from '../util/index.js';
import { makeSelfSignedCert } from './cert.js';
import {
  JABBERD2_S2S_OPENSSL_CNF,
  ROUTER_FILTER_XML,
  renderC2sXml,
  renderRouterUsersXml,
  jabberd2S2sEnv,
  renderRouterXml,
  renderS2sXml,
  renderSmXml,
  type Jabberd2ConfigParams,
} from './jabberd2-config.js';
import {
  ACCOUNT_NAMES,
  checkPortsFree,
  commandFailure,
  commonInfo,
  dropUser,
  ensureInstalled,
  freshDir,
  handOver,
  noteDifferentSwitches,
  randomPassword,
  readInfo,
  readPidFile,
  removeDir,
  resolveOptions,
  runningInfo,
  writeInfo,
  type Resolved,
} from './instance.js';
import { LOOPBACK, portAccepts, waitForStreamFeatures } from './ports.js';
import { labDnsAddress, makeS2sPki, s2sInfo } from './s2s.js';
import { asUser, pidAlive, runCommand, spawnDetached, stopPid, tailFile, which, type Detached } from './process.js';
import { LabError, type LabDownResult, type LabInfo, type LabOptions, type LabStatus } from './types.js';

const RUN_USER = 'jabber';
const DOMAIN = 'localhost';
const DOMAINS = ['localhost', 'jabberd2.test'] as const;
const CERT_NAMES = ['localhost', 'jabberd2.test', '*.jabberd2.test'] as const;
/**
 * The federating domain. c2s picks its certificate per domain (<id pemfile>), so a c2s login on
 * this domain sees the lab-CA certificate (validate against LabInfo.s2s.ca), as on ejabberd.
 */
const S2S_DOMAIN = 'jabberd2.lab.test';
const PROC_MATCH = 'jabberd2';
const COMPONENTS = ['router', 'sm', 'c2s', 's2s'] as const;
type Component = (typeof COMPONENTS)[number];
const BINARIES = COMPONENTS.map((c) => `/usr/sbin/jabberd2-${c}`);
const SCHEMA = '/usr/share/doc/jabberd2/db-setup.sqlite.gz';
const PYTHON = '/usr/bin/python3';

function routerPort(r: Resolved): number {
  return r.portBase + 2;
}

/** /usr/lib/<multiarch>/jabberd2, where authreg_sqlite.so lives. */
function moduleDir(): string {
  for (const arch of readdirSync('/usr/lib')) {
    const d = path.join('/usr/lib', arch, 'jabberd2');
    if (existsSync(path.join(d, 'authreg_sqlite.so'))) return d;
  }
  throw new LabError('jabberd2 is installed but authreg_sqlite.so was not found under /usr/lib/*/jabberd2');
}

function pidOf(dir: string, c: Component): number | undefined {
  const pid = readPidFile(path.join(dir, 'run', `${c}.pid`)) ?? readInfo(dir)?.pids?.[c];
  return pidAlive(pid, PROC_MATCH) ? pid : undefined;
}

function logTail(r: Resolved): string {
  const lines = COMPONENTS.flatMap((c) => [...tailFile(path.join(r.dir, 'log', `${c}.stdout`), 2), ...tailFile(path.join(r.dir, 'log', `${c}.log`), 3)]);
  return lines.length ? ` Last log lines: ${lines.join(' | ').replace(/\s+/g, ' ')}` : '';
}

// Creates the schema and the accounts in one go, with parameters bound by sqlite3 (no SQL quoting).
const DB_SCRIPT = `
import sqlite3, sys
db, schema, *accounts = sys.argv[1:]
con = sqlite3.connect(db, timeout=5)
# WAL: c2s (accounts) and sm (sessions, rosters) share this file; readers then never block writers.
con.execute('PRAGMA journal_mode=WAL')
con.executescript(open(schema, encoding='utf-8').read())
for a in accounts:
    user, realm, password = a.split(':', 2)
    con.execute('INSERT INTO authreg (username, realm, password) VALUES (?, ?, ?)', (user, realm, password))
con.commit()
`;

async function makeDatabase(r: Resolved, accounts: readonly { name: string; domain: string; password: string }[]): Promise<void> {
  if (!existsSync(SCHEMA)) {
    throw new UsageError(`${SCHEMA} is missing: jabberd2's sqlite schema ships as package documentation, which this system drops (dpkg path-exclude)`);
  }
  if (!which(PYTHON)) throw new UsageError(`${PYTHON} is missing: the jabberd2 lab writes its sqlite accounts with it (apt-get install python3)`);
  const schemaFile = path.join(r.dir, 'db', 'schema.sql');
  writeFileSync(schemaFile, gunzipSync(readFileSync(SCHEMA)));
  const res = await runCommand(
    PYTHON,
    ['-c', DB_SCRIPT, path.join(r.dir, 'db', 'sqlite.db'), schemaFile, ...accounts.map((a) => `${a.name}:${a.domain}:${a.password}`)],
    { timeoutMs: 20_000, labHelper: true },
  );
  if (res.code !== 0) throw new LabError(`could not create the jabberd2 sqlite database: ${commandFailure(res, accounts[0]?.password)}`);
}

function start(r: Resolved, c: Component, user: string | undefined, env?: Record<string, string>): Detached {
  const [cmd, args] = asUser(user, `/usr/sbin/jabberd2-${c}`, ['-c', path.join(r.dir, 'etc', `${c}.xml`)]);
  const child = spawnDetached(cmd, args, path.join(r.dir, 'log', `${c}.stdout`), r.dir, env ? { ...process.env, ...env } : undefined);
  if (child.pid <= 0) throw new LabError(`could not start jabberd2-${c}; see ${path.join(r.dir, 'log', `${c}.stdout`)}`);
  return child;
}

async function waitFor(what: () => boolean | Promise<boolean>, timeoutMs: number, gaveUp: () => boolean): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await what()) return true;
    if (gaveUp()) return false;
    await sleep(50);
  }
  return false;
}

export async function jabberd2Up(opts: LabOptions = {}): Promise<LabInfo> {
  const r = resolveOptions('jabberd2', opts);
  const existing = runningInfo(r.dir, PROC_MATCH);
  if (existing) {
    noteDifferentSwitches(r, existing);
    return existing;
  }
  await stopAll(r); // a half-finished earlier up
  const version = await ensureInstalled('jabberd2', BINARIES, r.log);
  await checkPortsFree(r, { c2s: r.ports.c2s, directTls: r.ports.directTls, s2s: r.ports.s2s, router: routerPort(r) });

  freshDir(r);
  for (const d of ['etc', 'log', 'db', 'run']) mkdirSync(path.join(r.dir, d), { recursive: true, mode: 0o750 });
  const cert = await makeSelfSignedCert(path.join(r.dir, 'certs'), CERT_NAMES);
  const pki = await makeS2sPki(r.dir, S2S_DOMAIN, opts.s2sCa);
  const params: Jabberd2ConfigParams = {
    dir: r.dir,
    c2sPort: r.ports.c2s,
    directTlsPort: r.ports.directTls,
    routerPort: routerPort(r),
    secret: randomBytes(12).toString('hex'),
    starttls: r.starttls,
    registration: r.registration,
    combinedPem: cert.combined,
    domains: DOMAINS,
    moduleDir: moduleDir(),
    s2s: {
      domain: S2S_DOMAIN,
      port: r.ports.s2s,
      combinedPem: pki.combined,
      ca: pki.ca,
      dialbackSecret: randomBytes(16).toString('hex'),
      auth: r.s2sAuth,
    },
  };
  const etc = path.join(r.dir, 'etc');
  writeFileSync(path.join(etc, 'router.xml'), renderRouterXml(params));
  writeFileSync(path.join(etc, 'router-users.xml'), renderRouterUsersXml(params), { mode: 0o600 });
  writeFileSync(path.join(etc, 'router-filter.xml'), ROUTER_FILTER_XML);
  writeFileSync(path.join(etc, 'sm.xml'), renderSmXml(params), { mode: 0o600 });
  writeFileSync(path.join(etc, 'c2s.xml'), renderC2sXml(params), { mode: 0o600 });
  writeFileSync(path.join(etc, 's2s.xml'), renderS2sXml(params), { mode: 0o600 });
  writeFileSync(path.join(etc, 's2s-openssl.cnf'), JABBERD2_S2S_OPENSSL_CNF);
  const accounts = ACCOUNT_NAMES.map((name) => ({ name, domain: DOMAIN, password: randomPassword() }));
  const s2sAccounts = ACCOUNT_NAMES.map((name) => ({ name, domain: S2S_DOMAIN, password: randomPassword() }));
  await makeDatabase(r, [...accounts, ...s2sAccounts]);
  const dropTo = dropUser(RUN_USER);
  handOver(r, dropTo);

  const t0 = Date.now();
  const children: Partial<Record<Component, Detached>> = {};
  const fail = async (why: string): Promise<never> => {
    await stopAll(r, children);
    throw new LabError(`jabberd2 did not start: ${why}; logs: ${path.join(r.dir, 'log')}.${logTail(r)}`);
  };
  children.router = start(r, 'router', dropTo?.name);
  if (
    !(await waitFor(
      () => portAccepts(routerPort(r), 500),
      20_000,
      () => children.router?.hasExited() ?? true,
    ))
  ) {
    await fail(`the router did not open 127.0.0.1:${routerPort(r)}`);
  }
  children.sm = start(r, 'sm', dropTo?.name);
  children.c2s = start(r, 'c2s', dropTo?.name);
  const dns = labDnsAddress(r);
  children.s2s = start(r, 's2s', dropTo?.name, jabberd2S2sEnv(dns.host, dns.port, path.join(etc, 's2s-openssl.cnf')));
  const anyExited = () => COMPONENTS.some((c) => children[c]?.hasExited() ?? false);
  const ready = await waitForStreamFeatures(r.ports.c2s, DOMAIN, r.readyTimeoutMs, anyExited);
  if (ready.features === undefined) await fail(`c2s did not answer a stream header on 127.0.0.1:${r.ports.c2s} (${ready.reason})`);
  // c2s answers stream headers before sm has joined the router; sessions need sm.
  const smLog = path.join(r.dir, 'log', 'sm.log');
  const smReady = () => {
    try {
      return readFileSync(smLog, 'utf8').includes('ready for sessions');
    } catch {
      return false;
    }
  };
  if (!(await waitFor(smReady, 20_000, anyExited))) await fail(`sm did not log 'ready for sessions'`);
  if (!(await waitFor(() => portAccepts(r.ports.s2s, 500), 20_000, anyExited))) await fail(`s2s did not open 127.0.0.1:${r.ports.s2s}`);
  const readyMs = Date.now() - t0;

  const pids: Record<string, number> = {};
  for (const c of COMPONENTS) {
    let pid = readPidFile(path.join(r.dir, 'run', `${c}.pid`));
    for (let i = 0; pid === undefined && i < 40; i++) {
      await sleep(50);
      pid = readPidFile(path.join(r.dir, 'run', `${c}.pid`));
    }
    pids[c] = pid ?? children[c]?.pid ?? -1;
  }
  const info: LabInfo = {
    server: 'jabberd2',
    version,
    domain: DOMAIN,
    accounts: accounts.map((a) => `${a.name}@${a.domain}:${a.password}`),
    ca: cert.cert,
    pid: pids['c2s'] ?? -1,
    ...commonInfo(r, t0, readyMs),
    // WebSocket is an HTTP upgrade on the c2s ports (any path); plain ws is unusable while STARTTLS
    // is required (RFC 7395 has no TLS negotiation inside the WebSocket). No BOSH.
    websocket: `ws://${LOOPBACK}:${r.ports.c2s}/`,
    bosh: '',
    secureWebsocket: `wss://${LOOPBACK}:${r.ports.directTls}/`,
    secureBosh: '',
    pids,
    internalPorts: { router: routerPort(r) },
    notes: [
      'no BOSH; WebSocket is an upgrade on the c2s ports, usable as wss on the direct-TLS port',
      's2s: STARTTLS only (jabberd2 2.7 has no direct-TLS s2s listener, so nothing listens on the s2s direct TLS port); TLS required (require_tls: no dialback before TLS), though its <starttls/> feature carries no <required/>',
      's2s: peers authenticate by dialback (XEP-0220) only; jabberd2 2.7 offers no SASL EXTERNAL to peer servers and uses none when it connects out',
      "s2s: it sends the <db:verify/> for a peer's key only once its own outgoing route to that peer's domain is valid (it queues it behind its own <db:result/>), so the peer's receiving side must grant that first; the harness does, on jabberd2's lab-CA certificate",
      's2s: the resolver (udns) asks only the lab DNS, set through NSCACHEIP and RES_OPTIONS=port:N in its environment',
      's2s: TLS 1.2 at most (OPENSSL_CONF for the s2s process): with TLS 1.3, jabberd2 2.7 drops its outgoing connection when the peer sends session tickets after the handshake',
      'SCRAM-*-PLUS left out: jabberd2 2.7 advertises it but never passes channel-binding data to GNU SASL',
    ],
    ...s2sInfo(
      r,
      S2S_DOMAIN,
      s2sAccounts.map((a) => `${a.name}@${a.domain}:${a.password}`),
      pki,
      false,
    ),
  };
  return writeInfo(info);
}

/** SIGTERM to every component at once (each notices at its next ~2 s poll), SIGKILL after 10 s. */
async function stopAll(r: Resolved, children: Partial<Record<Component, Detached>> = {}): Promise<{ pid?: number; killed: boolean }> {
  const live = COMPONENTS.map((c) => [c, pidOf(r.dir, c) ?? (children[c] && !children[c].hasExited() ? children[c].pid : undefined)] as const).filter(
    (e): e is readonly [Component, number] => e[1] !== undefined,
  );
  const results = await Promise.all(live.map(([, pid]) => stopPid(pid, PROC_MATCH, 10_000)));
  const still = live.filter(([, pid]) => pidAlive(pid, PROC_MATCH));
  if (still.length) throw new LabError(`jabberd2-${still[0]?.[0]} (pid ${still[0]?.[1]}) survived SIGTERM and SIGKILL; ${r.dir} was left in place`);
  const c2s = live.find(([c]) => c === 'c2s')?.[1] ?? live[0]?.[1];
  return { ...(c2s !== undefined ? { pid: c2s } : {}), killed: results.some(Boolean) };
}

export async function jabberd2Down(opts: LabOptions = {}): Promise<LabDownResult> {
  const r = resolveOptions('jabberd2', opts);
  const { pid, killed } = await stopAll(r);
  const removed = removeDir(r.dir);
  return { server: 'jabberd2', dir: r.dir, ...(pid !== undefined ? { stopped: pid } : {}), killed, removed };
}

export async function jabberd2Status(opts: LabOptions = {}): Promise<LabStatus> {
  const r = resolveOptions('jabberd2', opts);
  const info = readInfo(r.dir);
  const running = COMPONENTS.every((c) => pidOf(r.dir, c) !== undefined);
  return { server: 'jabberd2', running, dir: r.dir, ports: info?.ports ?? r.ports, ...(info ? { info } : {}) };
}
