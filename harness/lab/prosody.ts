// Prosody 0.12 on loopback in a throwaway directory: certificate, config, start, accounts, stop.
// The facts come from the lab recipe (shared/lab/prosody.sh): run `prosody -F` as user prosody via
// setpriv, pid file from mod_posix, accounts with `prosodyctl register`, SIGTERM for a clean stop.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { sleep } from '../util/index.js';
import { makeSelfSignedCert } from './cert.js';
import { renderProsodyConfig } from './config.js';
import { DEFAULT_PORT_BASE, LOOPBACK, labPorts, portFree, waitForStreamFeatures } from './ports.js';
import {
  asUser,
  chownTree,
  isRoot,
  lookupUser,
  pidAlive,
  runCommand,
  spawnDetached,
  stopPid,
  tailFile,
  which,
  type SystemUser,
} from './process.js';
import { LabError, type LabDownResult, type LabInfo, type LabOptions, type LabPorts, type LabStatus, type StartTlsPolicy } from './types.js';

export const DEFAULT_STATE_ROOT = '/tmp/xmpp-conformance-lab';
const RUN_USER = 'prosody';
const DOMAIN = 'localhost';
const DOMAINS = ['localhost', 'prosody.test'] as const;
const CERT_NAMES = ['localhost', 'prosody.test', '*.prosody.test'] as const;
const ACCOUNT_NAMES = ['alice', 'bob', 'carol'] as const;
/** The process name /proc/PID/cmdline must mention before we signal a pid from lab.json. */
const PROC_MATCH = 'prosody';

interface Resolved {
  readonly stateRoot: string;
  readonly dir: string;
  readonly starttls: StartTlsPolicy;
  readonly registration: boolean;
  readonly portBase: number;
  readonly ports: LabPorts;
  readonly readyTimeoutMs: number;
  readonly log: (line: string) => void;
}

function resolve(opts: LabOptions): Resolved {
  const portBase = opts.portBase ?? DEFAULT_PORT_BASE;
  if (!Number.isInteger(portBase) || portBase < 1024 || portBase > 65535 - 59) {
    throw new UsageError(`--port-base must be an integer from 1024 to ${65535 - 59} (the lab uses base..base+59), got ${portBase}`);
  }
  const stateRoot = path.resolve(opts.stateRoot ?? DEFAULT_STATE_ROOT);
  return {
    stateRoot,
    dir: path.join(stateRoot, `prosody-${portBase}`),
    starttls: opts.starttls ?? 'required',
    registration: opts.registration ?? true,
    portBase,
    ports: labPorts(portBase),
    readyTimeoutMs: opts.readyTimeoutMs ?? 20_000,
    log: opts.log ?? ((line) => process.stderr.write(line + '\n')),
  };
}

/** '0.12.3-1+deb12u1' → '0.12.3'; '1:2.0-3' → '2.0' (epoch and Debian revision dropped). */
export function upstreamVersion(debianVersion: string): string {
  const v = debianVersion.trim().replace(/^\d+:/, '');
  const dash = v.lastIndexOf('-');
  return dash > 0 ? v.slice(0, dash) : v;
}

/**
 * The installed package's upstream version, from dpkg (never `prosody --version`: that starts a
 * server on the distribution config). undefined when the package is not installed.
 */
async function installedVersion(): Promise<string | undefined> {
  const r = await runCommand('dpkg-query', ['-W', '-f', '${Status}\t${Version}', 'prosody'], { timeoutMs: 10_000 });
  if (r.spawnError) return which('prosody') && which('prosodyctl') ? 'unknown' : undefined; // not a dpkg system
  if (r.code !== 0) return undefined;
  const [status = '', version = ''] = r.stdout.split('\t');
  if (!/install ok installed/.test(status) || version === '') return undefined;
  return upstreamVersion(version);
}

/** Installs the package when we can (root + apt-get), else a UsageError saying how (exit 2). */
async function ensureInstalled(log: (line: string) => void): Promise<string> {
  const have = await installedVersion();
  if (have && which('prosody') && which('prosodyctl')) return have;
  if (!isRoot() || !which('apt-get')) {
    throw new UsageError('prosody is not installed: run `apt-get install prosody` (as root) and try again');
  }
  log('lab prosody: the prosody package is missing; running `apt-get install -y prosody`');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = await runCommand('apt-get', ['install', '-y', '-q', 'prosody'], { timeoutMs: 600_000, env });
  if (r.code !== 0) {
    await runCommand('apt-get', ['update', '-q'], { timeoutMs: 600_000, env });
    r = await runCommand('apt-get', ['install', '-y', '-q', 'prosody'], { timeoutMs: 600_000, env });
  }
  const now = await installedVersion();
  if (r.code !== 0 || !now) {
    const why = r.spawnError ?? r.stderr.trim().split('\n').slice(-1)[0] ?? `exit ${r.code}`;
    throw new UsageError(`prosody is not installed and \`apt-get install -y prosody\` failed (${why})`);
  }
  return now;
}

function labJsonPath(dir: string): string {
  return path.join(dir, 'lab.json');
}

function readInfo(dir: string): LabInfo | undefined {
  try {
    const parsed = JSON.parse(readFileSync(labJsonPath(dir), 'utf8')) as LabInfo;
    return typeof parsed === 'object' && parsed !== null && typeof parsed.pid === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The pid of a running instance in `dir`: lab.json first, then the pid file mod_posix writes. */
function runningPid(dir: string): number | undefined {
  const fromInfo = readInfo(dir)?.pid;
  if (pidAlive(fromInfo, PROC_MATCH)) return fromInfo;
  const fromFile = readPidFile(dir);
  return pidAlive(fromFile, PROC_MATCH) ? fromFile : undefined;
}

function readPidFile(dir: string): number | undefined {
  try {
    const n = Number(readFileSync(path.join(dir, 'prosody.pid'), 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * When the server drops to user prosody, it has to reach the state dir. A private temp root
 * (mkdtemp makes 0700) gets others' search bit (traverse only, no listing); any other ancestor
 * it cannot pass is a usage error.
 */
function ensureTraversable(r: Resolved, user: SystemUser): void {
  const st = statSync(r.stateRoot);
  if ((st.mode & 0o001) === 0 && st.uid !== user.uid) chmodSync(r.stateRoot, (st.mode & 0o7777) | 0o001);
  for (let d = path.dirname(r.stateRoot); ; d = path.dirname(d)) {
    const s = statSync(d);
    if ((s.mode & 0o001) === 0 && s.uid !== user.uid) {
      throw new UsageError(`user ${user.name} cannot reach ${r.dir}: ${d} has mode ${(s.mode & 0o777).toString(8)}; pick another --state`);
    }
    if (d === path.dirname(d)) break;
  }
}

function removeDir(dir: string): boolean {
  if (!existsSync(dir)) return false;
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  return true;
}

function logTail(dir: string): string {
  const lines = [...tailFile(path.join(dir, 'stdout.log'), 4), ...tailFile(path.join(dir, 'prosody.log'), 6)];
  return lines.length ? ` Last log lines: ${lines.join(' | ').replace(/\s+/g, ' ')}` : '';
}

function randomPassword(): string {
  // hex: no ':' or '@', so `JID:PASSWORD` splits without ambiguity
  return randomBytes(12).toString('hex');
}

export async function prosodyUp(opts: LabOptions = {}): Promise<LabInfo> {
  const r = resolve(opts);
  const existing = readInfo(r.dir);
  if (existing && pidAlive(existing.pid, PROC_MATCH)) {
    if (existing.starttls !== r.starttls || existing.registration !== r.registration) {
      r.log(
        `lab prosody: already running in ${r.dir} (pid ${existing.pid}) with starttls=${existing.starttls}, ` +
          `registration=${existing.registration}; run 'lab down' first to change them`,
      );
    }
    return existing;
  }
  const stray = runningPid(r.dir);
  if (stray !== undefined) await stopPid(stray, PROC_MATCH); // a half-finished earlier up
  const version = await ensureInstalled(r.log);

  for (const [what, port] of Object.entries(r.ports)) {
    if (!(await portFree(port))) {
      throw new LabError(`port 127.0.0.1:${port} (${what}) is busy; stop whatever holds it or pick another --port-base`);
    }
  }

  const root = isRoot();
  const user = root ? lookupUser(RUN_USER) : undefined;
  const dropTo = root && user && which('setpriv') ? user : undefined;

  // A fresh throwaway directory every time.
  mkdirSync(r.stateRoot, { recursive: true });
  removeDir(r.dir);
  mkdirSync(path.join(r.dir, 'data'), { recursive: true, mode: 0o750 });
  const cert = await makeSelfSignedCert(path.join(r.dir, 'certs'), CERT_NAMES);
  const cfg = path.join(r.dir, 'prosody.cfg.lua');
  writeFileSync(
    cfg,
    renderProsodyConfig({
      dir: r.dir,
      ports: r.ports,
      starttls: r.starttls,
      registration: r.registration,
      runAsRoot: root && !dropTo,
      cert: cert.cert,
      key: cert.key,
      domains: DOMAINS,
    }),
  );
  if (dropTo) {
    ensureTraversable(r, dropTo);
    chownTree(r.dir, dropTo.uid, dropTo.gid);
  }

  const prosodyBin = which('prosody') ?? 'prosody';
  const [cmd, args] = asUser(dropTo?.name, prosodyBin, ['-F', '--config', cfg]);
  const t0 = Date.now();
  const child = spawnDetached(cmd, args, path.join(r.dir, 'stdout.log'), r.dir);
  if (child.pid <= 0) throw new LabError(`could not start ${cmd}; see ${path.join(r.dir, 'stdout.log')}`);

  const ready = await waitForStreamFeatures(r.ports.c2s, DOMAIN, r.readyTimeoutMs, () => child.hasExited());
  if (ready.features === undefined) {
    if (!child.hasExited()) await stopPid(child.pid, PROC_MATCH, 3000);
    const how = child.hasExited() ? await child.exited : 'still running, stopped';
    throw new LabError(
      `prosody did not answer a stream header on 127.0.0.1:${r.ports.c2s} (${ready.reason}; process ${how}); ` +
        `logs: ${path.join(r.dir, 'prosody.log')}.${logTail(r.dir)}`,
    );
  }
  const readyMs = Date.now() - t0;

  const accounts: string[] = [];
  const prosodyctl = which('prosodyctl') ?? 'prosodyctl';
  for (const name of ACCOUNT_NAMES) {
    const password = randomPassword();
    const [ctl, ctlArgs] = asUser(dropTo?.name, prosodyctl, ['--config', cfg, 'register', name, DOMAIN, password], true);
    const res = await runCommand(ctl, ctlArgs, { timeoutMs: 20_000, cwd: r.dir });
    if (res.code !== 0) {
      await stopPid(child.pid, PROC_MATCH, 5000);
      const why = (res.spawnError ?? `${res.stdout}\n${res.stderr}`).replaceAll(password, '***').trim().split('\n').slice(-2).join(' | ');
      throw new LabError(`prosodyctl register ${name}@${DOMAIN} failed (exit ${res.code ?? '?'}): ${why}`);
    }
    accounts.push(`${name}@${DOMAIN}:${password}`);
  }

  // mod_posix writes the pid file; with -F and setpriv exec'ing, it is the pid we spawned.
  let pid = readPidFile(r.dir);
  for (let i = 0; pid === undefined && i < 20; i++) {
    await sleep(50);
    pid = readPidFile(r.dir);
  }
  const http = `127.0.0.1:${r.ports.http}`;
  const https = `127.0.0.1:${r.ports.https}`;
  const info: LabInfo = {
    server: 'prosody',
    version,
    target: `xmpp://${LOOPBACK}:${r.ports.c2s}`,
    domain: DOMAIN,
    accounts,
    ca: cert.cert,
    pid: pid ?? child.pid,
    dir: r.dir,
    directTlsTarget: `xmpps://${LOOPBACK}:${r.ports.directTls}`,
    starttls: r.starttls,
    registration: r.registration,
    websocket: `ws://${http}/xmpp-websocket`,
    bosh: `http://${http}/http-bind`,
    secureWebsocket: `wss://${https}/xmpp-websocket`,
    secureBosh: `https://${https}/http-bind`,
    ports: r.ports,
    startedAt: new Date(t0).toISOString(),
    readyMs,
  };
  writeFileSync(labJsonPath(r.dir), JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  return info;
}

export async function prosodyDown(opts: LabOptions = {}): Promise<LabDownResult> {
  const r = resolve(opts);
  const pid = runningPid(r.dir);
  let killed = false;
  if (pid !== undefined) {
    killed = await stopPid(pid, PROC_MATCH, 15_000);
    if (pidAlive(pid, PROC_MATCH)) throw new LabError(`prosody (pid ${pid}) survived SIGTERM and SIGKILL; ${r.dir} was left in place`);
  }
  const removed = removeDir(r.dir);
  return { server: 'prosody', dir: r.dir, ...(pid !== undefined ? { stopped: pid } : {}), killed, removed };
}

export async function prosodyStatus(opts: LabOptions = {}): Promise<LabStatus> {
  const r = resolve(opts);
  const info = readInfo(r.dir);
  const running = runningPid(r.dir) !== undefined;
  return { server: 'prosody', running, dir: r.dir, ports: info?.ports ?? r.ports, ...(info ? { info } : {}) };
}
