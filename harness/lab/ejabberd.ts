// ejabberd 23.01 on loopback in a throwaway directory. The facts come from the lab recipe
// (shared/lab/ejabberd.sh): `ejabberdctl ... foreground` as user ejabberd with HOME = the state dir
// (the Erlang cookie lives there), Erlang distribution pinned to 127.0.0.1 without epmd, accounts
// with `ejabberdctl register` (~0.5 s each: every call boots a small VM), `ejabberdctl stop` for a
// clean stop. Its listeners open ~0.3 s before c2s answers: readiness is `<stream:features>`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { sleep } from '../util/index.js';
import { makeSelfSignedCert } from './cert.js';
import { renderEjabberdYml, renderEjabberdctlCfg, renderInetrc, type EjabberdConfigParams } from './ejabberd-config.js';
import {
  ACCOUNT_NAMES,
  awaitPidFile,
  checkPortsFree,
  commandFailure,
  commonInfo,
  dropUser,
  ensureInstalled,
  freshDir,
  handOver,
  httpEndpoints,
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
import { labDnsPort, waitForStreamFeatures } from './ports.js';
import { makeS2sPki, s2sInfo } from './s2s.js';
import { componentInfo, labComponent } from './component.js';
import { asUser, isRoot, pidAlive, runCommand, spawnDetached, stopPid, tailFile, which } from './process.js';
import { LabError, type LabDownResult, type LabInfo, type LabOptions, type LabStatus } from './types.js';

const RUN_USER = 'ejabberd';
const DOMAIN = 'localhost';
const DOMAINS = ['localhost', 'ejabberd.test'] as const;
const CERT_NAMES = ['localhost', 'ejabberd.test', '*.ejabberd.test'] as const;
/**
 * The federating domain. Unlike Prosody's, the c2s certificate does not name it: ejabberd picks a
 * certificate by name from one list, so c2s on this domain presents the lab-CA certificate
 * (a c2s login there validates against LabInfo.s2s.ca).
 */
const S2S_DOMAIN = 'ejabberd.lab.test';
/** beam.smp's command line names the node (ejabberd-lab…): enough to guard against pid reuse. */
const PROC_MATCH = 'ejabberd';
const CTL = 'ejabberdctl';
/** ejabberd's first start (Mnesia schema) took up to ~3.5 s here; leave room for a loaded CI box. */
const READY_TIMEOUT_MS = 60_000;

interface Layout {
  readonly etc: string;
  readonly logs: string;
  readonly spool: string;
  readonly distPort: number;
}

function layout(r: Resolved): Layout {
  return { etc: path.join(r.dir, 'etc'), logs: path.join(r.dir, 'log'), spool: path.join(r.dir, 'db'), distPort: r.portBase + 2 };
}

function ctlArgs(l: Layout, ...rest: string[]): string[] {
  return ['--config-dir', l.etc, '--ctl-config', path.join(l.etc, 'ejabberdctl.cfg'), '--logs', l.logs, '--spool', l.spool, ...rest];
}

/** Debian's ejabberdctl runs only as root or as ejabberd (exit 7 otherwise). */
function checkPrivileges(): void {
  if (isRoot()) return;
  if (process.env['USER'] === RUN_USER || process.env['LOGNAME'] === RUN_USER) return;
  throw new UsageError(`lab ejabberd needs root (it drops to user ${RUN_USER} via setpriv): Debian's ejabberdctl refuses any other user`);
}

async function ctl(r: Resolved, args: string[], timeoutMs = 30_000): Promise<Awaited<ReturnType<typeof runCommand>>> {
  const user = dropUser(RUN_USER);
  const [cmd, argv] = asUser(user?.name, which(CTL) ?? CTL, ctlArgs(layout(r), ...args), true);
  return runCommand(cmd, argv, { timeoutMs, cwd: r.dir, env: { ...process.env, HOME: r.dir }, labHelper: true });
}

function logTail(r: Resolved): string {
  const l = layout(r);
  const lines = [...tailFile(path.join(l.logs, 'stdout.log'), 4), ...tailFile(path.join(l.logs, 'ejabberd.log'), 6)];
  return lines.length ? ` Last log lines: ${lines.join(' | ').replace(/\s+/g, ' ')}` : '';
}

function runningPid(dir: string): number | undefined {
  const fromInfo = readInfo(dir)?.pid;
  if (pidAlive(fromInfo, PROC_MATCH)) return fromInfo;
  const fromFile = readPidFile(path.join(dir, 'ejabberd.pid'));
  return pidAlive(fromFile, PROC_MATCH) ? fromFile : undefined;
}

export async function ejabberdUp(opts: LabOptions = {}): Promise<LabInfo> {
  const r = resolveOptions('ejabberd', opts, READY_TIMEOUT_MS);
  const existing = runningInfo(r.dir, PROC_MATCH);
  if (existing) {
    noteDifferentSwitches(r, existing);
    return existing;
  }
  checkPrivileges();
  const stray = runningPid(r.dir);
  if (stray !== undefined) await stopPid(stray, PROC_MATCH, 20_000);
  const version = await ensureInstalled('ejabberd', [CTL], r.log);
  const l = layout(r);
  const component = labComponent(r, DOMAIN);
  await checkPortsFree(r, { ...r.ports, erlangDistribution: l.distPort, component: component.port });

  freshDir(r);
  for (const d of [l.etc, l.logs, l.spool, path.join(r.dir, 'contrib')]) mkdirSync(d, { recursive: true, mode: 0o750 });
  const cert = await makeSelfSignedCert(path.join(r.dir, 'certs'), CERT_NAMES);
  const pki = await makeS2sPki(r.dir, S2S_DOMAIN, opts.s2sCa);
  const params: EjabberdConfigParams = {
    dir: r.dir,
    ports: r.ports,
    distPort: l.distPort,
    starttls: r.starttls,
    registration: r.registration,
    combinedPem: cert.combined,
    domains: [...DOMAINS, S2S_DOMAIN],
    nodeName: `ejabberd-lab${r.portBase}@localhost`,
    s2s: { domain: S2S_DOMAIN, combinedPem: pki.combined, ca: pki.ca, auth: r.s2sAuth },
    component,
  };
  writeFileSync(path.join(l.etc, 'ejabberd.yml'), renderEjabberdYml(params));
  writeFileSync(path.join(l.etc, 'ejabberdctl.cfg'), renderEjabberdctlCfg(params));
  writeFileSync(path.join(l.etc, 'inetrc'), renderInetrc(DOMAINS, labDnsPort(r.portBase)));
  const dropTo = dropUser(RUN_USER);
  handOver(r, dropTo);

  const [cmd, args] = asUser(dropTo?.name, which(CTL) ?? CTL, ctlArgs(l, 'foreground'));
  const t0 = Date.now();
  const child = spawnDetached(cmd, args, path.join(l.logs, 'stdout.log'), r.dir, { ...process.env, HOME: r.dir });
  if (child.pid <= 0) throw new LabError(`could not start ${cmd}; see ${path.join(l.logs, 'stdout.log')}`);

  const ready = await waitForStreamFeatures(r.ports.c2s, DOMAIN, r.readyTimeoutMs, () => child.hasExited());
  if (ready.features === undefined) {
    await stopAll(r, child.pid);
    const how = child.hasExited() ? await child.exited : 'still running, stopped';
    throw new LabError(
      `ejabberd did not answer a stream header on 127.0.0.1:${r.ports.c2s} (${ready.reason}; ejabberdctl ${how}); ` +
        `logs: ${path.join(l.logs, 'ejabberd.log')}.${logTail(r)}`,
    );
  }
  const readyMs = Date.now() - t0;

  const register = async (domain: string): Promise<string[]> => {
    const made: string[] = [];
    for (const name of ACCOUNT_NAMES) {
      const password = randomPassword();
      const res = await ctl(r, ['register', name, domain, password]);
      if (res.code !== 0) {
        await stopAll(r, child.pid);
        throw new LabError(`ejabberdctl register ${name}@${domain} failed (exit ${res.code ?? '?'}): ${commandFailure(res, password)}`);
      }
      made.push(`${name}@${domain}:${password}`);
    }
    return made;
  };
  const accounts = await register(DOMAIN);
  const s2sAccounts = await register(S2S_DOMAIN);

  // ejabberd writes the pid of beam.smp (the server itself) to EJABBERD_PID_PATH.
  const pidFile = path.join(r.dir, 'ejabberd.pid');
  const pid = await awaitPidFile(pidFile, 40);
  const info: LabInfo = {
    server: 'ejabberd',
    version,
    domain: DOMAIN,
    accounts,
    ca: cert.cert,
    pid: pid ?? child.pid,
    ...commonInfo(r, t0, readyMs),
    ...httpEndpoints(r, '/ws', '/bosh'),
    pids: { beam: pid ?? child.pid, ejabberdctl: child.pid },
    internalPorts: { erlangDistribution: l.distPort },
    notes: [
      'no XEP-0288 bidirectional s2s streams (ejabberd 23.01 has none): replies come back over a connection of its own',
      's2s: SASL EXTERNAL is offered after STARTTLS whenever the peer sent a certificate; the certificate is checked against the lab CA when the peer authenticates',
      's2s: after a failed outgoing connection (no lab DNS served, no answer) ejabberd bounces stanzas to that domain without trying again for a while (s2s_max_retry_delay, 300 s by default)',
    ],
    ...s2sInfo(r, S2S_DOMAIN, s2sAccounts, pki),
    ...componentInfo(component),
  };
  return writeInfo(info);
}

/** `ejabberdctl stop`, then SIGTERM/SIGKILL whatever is left (beam and its ejabberdctl parent). */
async function stopAll(r: Resolved, launcher?: number): Promise<{ pid?: number; killed: boolean }> {
  const pid = runningPid(r.dir);
  const parent = launcher ?? readInfo(r.dir)?.pids?.['ejabberdctl'];
  if (pid === undefined && !pidAlive(parent, 'ejabberdctl')) return { killed: false };
  if (pid !== undefined) {
    await ctl(r, ['stop'], 20_000);
    const until = Date.now() + 20_000;
    while (Date.now() < until && pidAlive(pid, PROC_MATCH)) await sleep(100);
  }
  let killed = false;
  if (pid !== undefined) killed = await stopPid(pid, PROC_MATCH, 5_000);
  if (parent !== undefined) killed = (await stopPid(parent, 'ejabberdctl', 5_000)) || killed;
  if (pid !== undefined && pidAlive(pid, PROC_MATCH))
    throw new LabError(`ejabberd (pid ${pid}) survived stop, SIGTERM and SIGKILL; ${r.dir} was left in place`);
  return { ...(pid !== undefined ? { pid } : {}), killed };
}

export async function ejabberdDown(opts: LabOptions = {}): Promise<LabDownResult> {
  const r = resolveOptions('ejabberd', opts);
  const { pid, killed } = await stopAll(r);
  const removed = removeDir(r.dir);
  return { server: 'ejabberd', dir: r.dir, ...(pid !== undefined ? { stopped: pid } : {}), killed, removed };
}

export async function ejabberdStatus(opts: LabOptions = {}): Promise<LabStatus> {
  const r = resolveOptions('ejabberd', opts);
  const info = readInfo(r.dir);
  return { server: 'ejabberd', running: runningPid(r.dir) !== undefined, dir: r.dir, ports: info?.ports ?? r.ports, ...(info ? { info } : {}) };
}
