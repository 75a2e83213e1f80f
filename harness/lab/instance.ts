// What every lab server shares: option resolution, the Debian package check, the throwaway state
// dir, lab.json, privilege drop, account passwords. Each server module (prosody.ts, ejabberd.ts,
// jabberd2.ts) adds only how that server is configured, started, given accounts and stopped.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { sleep } from '../util/index.js';
import { trackDir } from './live.js';
import { LOOPBACK, PORT_SPAN, labPorts, portFree } from './ports.js';
import { chownTree, isRoot, lookupUser, pidAlive, runCommand, which, type SystemUser } from './process.js';
import { PortBusyError, type LabInfo, type LabName, type LabOptions, type LabPorts, type S2sAuthPolicy, type StartTlsPolicy } from './types.js';

export const DEFAULT_STATE_ROOT = '/tmp/xmpp-conformance-lab';
export const ACCOUNT_NAMES = ['alice', 'bob', 'carol'] as const;

/**
 * Each server's default c2s port: Prosody 15222, ejabberd 25222, jabberd2 30222. Every port of
 * each layout (base..base+59) lies below the kernel's ephemeral range (32768-60999 on Linux), so
 * no outgoing connection can be holding one by chance.
 */
export const DEFAULT_PORT_BASES: Readonly<Record<LabName, number>> = { prosody: 15222, ejabberd: 25222, jabberd2: 30222 };

export interface Resolved {
  readonly server: LabName;
  readonly stateRoot: string;
  readonly dir: string;
  readonly starttls: StartTlsPolicy;
  readonly registration: boolean;
  readonly s2sAuth: S2sAuthPolicy;
  readonly portBase: number;
  readonly ports: LabPorts;
  readonly readyTimeoutMs: number;
  readonly log: (line: string) => void;
}

export function resolveOptions(server: LabName, opts: LabOptions, readyTimeoutMs = 20_000): Resolved {
  const portBase = opts.portBase ?? DEFAULT_PORT_BASES[server];
  if (!Number.isInteger(portBase) || portBase < 1024 || portBase > 65535 - PORT_SPAN) {
    throw new UsageError(`--port-base must be an integer from 1024 to ${65535 - PORT_SPAN} (the lab uses base..base+${PORT_SPAN}), got ${portBase}`);
  }
  const stateRoot = path.resolve(opts.stateRoot ?? DEFAULT_STATE_ROOT);
  return {
    server,
    stateRoot,
    dir: path.join(stateRoot, `${server}-${portBase}`),
    starttls: opts.starttls ?? 'required',
    registration: opts.registration ?? true,
    s2sAuth: opts.s2sAuth ?? 'dialback-allowed',
    portBase,
    ports: labPorts(portBase),
    readyTimeoutMs: opts.readyTimeoutMs ?? readyTimeoutMs,
    log: opts.log ?? ((line) => process.stderr.write(line + '\n')),
  };
}

/** '0.12.3-1+deb12u1' → '0.12.3'; '1:2.0-3' → '2.0' (epoch and Debian revision dropped). */
export function upstreamVersion(debianVersion: string): string {
  const v = debianVersion.trim().replace(/^\d+:/, '');
  const dash = v.lastIndexOf('-');
  return dash > 0 ? v.slice(0, dash) : v;
}

/** The installed Debian package's upstream version from dpkg; undefined when it is not installed. */
export async function installedVersion(pkg: string, binaries: readonly string[]): Promise<string | undefined> {
  const r = await runCommand('dpkg-query', ['-W', '-f', '${Status}\t${Version}', pkg], { timeoutMs: 10_000 });
  if (r.spawnError) return binaries.every((b) => which(b)) ? 'unknown' : undefined; // not a dpkg system
  if (r.code !== 0) return undefined;
  const [status = '', version = ''] = r.stdout.split('\t');
  if (!/install ok installed/.test(status) || version === '') return undefined;
  return upstreamVersion(version);
}

/** Installs the package when we can (root + apt-get), else a UsageError saying how (exit 2). */
export async function ensureInstalled(pkg: string, binaries: readonly string[], log: (line: string) => void): Promise<string> {
  const have = await installedVersion(pkg, binaries);
  if (have && binaries.every((b) => which(b))) return have;
  if (!isRoot() || !which('apt-get')) {
    throw new UsageError(`${pkg} is not installed: run \`apt-get install ${pkg}\` (as root) and try again`);
  }
  log(`lab: the ${pkg} package is missing; running \`apt-get install -y ${pkg}\``);
  // policy-rc.d may be absent: the package's own service would then start on the default ports,
  // which the lab does not use; it is the operator's box, so we only say so.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = await runCommand('apt-get', ['install', '-y', '-q', pkg], { timeoutMs: 600_000, env });
  if (r.code !== 0) {
    await runCommand('apt-get', ['update', '-q'], { timeoutMs: 600_000, env });
    r = await runCommand('apt-get', ['install', '-y', '-q', pkg], { timeoutMs: 600_000, env });
  }
  const now = await installedVersion(pkg, binaries);
  if (r.code !== 0 || !now) {
    const why = r.spawnError ?? r.stderr.trim().split('\n').slice(-1)[0] ?? `exit ${r.code}`;
    throw new UsageError(`${pkg} is not installed and \`apt-get install -y ${pkg}\` failed (${why})`);
  }
  return now;
}

export function labJsonPath(dir: string): string {
  return path.join(dir, 'lab.json');
}

export function readInfo(dir: string): LabInfo | undefined {
  try {
    const parsed = JSON.parse(readFileSync(labJsonPath(dir), 'utf8')) as LabInfo;
    return typeof parsed === 'object' && parsed !== null && typeof parsed.pid === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Writes lab.json: the info with its `runArgs` (added here); returns what it wrote. */
export function writeInfo(info: LabInfo): LabInfo {
  const full: LabInfo = { ...info, runArgs: labRunArgs(info) };
  writeFileSync(labJsonPath(info.dir), JSON.stringify(full, null, 2) + '\n', { mode: 0o600 });
  return full;
}

/**
 * The `run` flags for the whole suite against this instance: target, domain, CA, its accounts,
 * --register where the server takes in-band registrations (one more set of three accounts per
 * lane of a parallel run), and the s2s and component flags where the lab runs those sides.
 */
/**
 * How many cases the lab runs a server's suite with, where the default does not suit it: jabberd2
 * 2.7's c2s hands a routed error for a closed session to whichever connection holds that file
 * descriptor next (README.md, jabberd2), so with many connections opening and closing at once a
 * new connection now and then gets a stray <internal-server-error/>, and verdicts flicker (seen at
 * the default concurrency: a SASL case failed, a stream case "fixed" by a stray error). At 2 no
 * such error was seen in full runs.
 */
export const LAB_RUN_CONCURRENCY: Readonly<Partial<Record<string, number>>> = { jabberd2: 2, ejabberd: 2 };

/**
 * Servers whose suite runs on the lab's own accounts alone, without --register's account set per
 * lane: ejabberd 23.01's PEP auto-create now and then answers a publish with <item-not-found/>
 * when PEP cases run side by side (README.md, ejabberd); at concurrency 2 on one set, where the pep
 * cases that change account state run one at a time, no run has met it.
 */
export const LAB_RUN_ONE_ACCOUNT_SET: readonly string[] = ['ejabberd'];

export function labRunArgs(info: LabInfo): string[] {
  const concurrency = LAB_RUN_CONCURRENCY[info.server];
  return [
    '--target',
    info.target,
    '--domain',
    info.domain,
    '--ca',
    info.ca,
    ...info.accounts.flatMap((a) => ['--account', a]),
    ...(info.registration && !LAB_RUN_ONE_ACCOUNT_SET.includes(info.server) ? ['--register'] : []),
    ...(info.s2sRunArgs ?? []),
    ...(info.componentRunArgs ?? []),
    ...(concurrency !== undefined ? ['--concurrency', String(concurrency)] : []),
  ];
}

/** A pid file's number, or undefined. */
export function readPidFile(file: string): number | undefined {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Polls a pid file the server writes once it is up: every 50 ms, at most `attempts` times. */
export async function awaitPidFile(file: string, attempts: number): Promise<number | undefined> {
  let pid = readPidFile(file);
  for (let i = 0; pid === undefined && i < attempts; i++) {
    await sleep(50);
    pid = readPidFile(file);
  }
  return pid;
}

/** The LabInfo fields every server fills the same way from its resolved options. */
export function commonInfo(
  r: Resolved,
  t0: number,
  readyMs: number,
): Pick<LabInfo, 'target' | 'dir' | 'directTlsTarget' | 'starttls' | 'registration' | 'ports' | 'startedAt' | 'readyMs'> {
  return {
    target: `xmpp://${LOOPBACK}:${r.ports.c2s}`,
    dir: r.dir,
    directTlsTarget: `xmpps://${LOOPBACK}:${r.ports.directTls}`,
    starttls: r.starttls,
    registration: r.registration,
    ports: r.ports,
    startedAt: new Date(t0).toISOString(),
    readyMs,
  };
}

/** WebSocket (RFC 7395) and BOSH endpoints on the lab's HTTP and HTTPS ports, at the given paths. */
export function httpEndpoints(r: Resolved, wsPath: string, boshPath: string): Pick<LabInfo, 'websocket' | 'bosh' | 'secureWebsocket' | 'secureBosh'> {
  const http = `${LOOPBACK}:${r.ports.http}`;
  const https = `${LOOPBACK}:${r.ports.https}`;
  return {
    websocket: `ws://${http}${wsPath}`,
    bosh: `http://${http}${boshPath}`,
    secureWebsocket: `wss://${https}${wsPath}`,
    secureBosh: `https://${https}${boshPath}`,
  };
}

/** The running instance described by lab.json, when its pid is alive. */
export function runningInfo(dir: string, procMatch: string): LabInfo | undefined {
  const info = readInfo(dir);
  return info && pidAlive(info.pid, procMatch) ? info : undefined;
}

/** Says (once) when a running instance was started with other switches than asked for now. */
export function noteDifferentSwitches(r: Resolved, existing: LabInfo): void {
  // s2sAuth counts only for an instance that runs s2s at all (older lab.json files have no s2s).
  const s2sDiffers = existing.s2s !== undefined && existing.s2s.auth !== r.s2sAuth;
  if (existing.starttls !== r.starttls || existing.registration !== r.registration || s2sDiffers) {
    const s2s = existing.s2s ? `, s2s-auth=${existing.s2s.auth}` : '';
    r.log(
      `lab ${r.server}: already running in ${r.dir} (pid ${existing.pid}) with starttls=${existing.starttls}, ` +
        `registration=${existing.registration}${s2s}; run 'lab down ${r.server}' first to change them`,
    );
  }
}

/** Every port the server will bind must be free on 127.0.0.1. */
export async function checkPortsFree(r: Resolved, ports: Readonly<Record<string, number>>): Promise<void> {
  for (const [what, port] of Object.entries(ports)) {
    if (!(await portFree(port))) {
      throw new PortBusyError(
        port,
        `port 127.0.0.1:${port} (${r.server} ${what}) is busy; stop whatever holds it, pick another --port-base, or allow --port-fallbacks N`,
      );
    }
  }
}

/** The system user to drop to (root with setpriv only); undefined means: run as ourselves. */
export function dropUser(name: string): SystemUser | undefined {
  if (!isRoot()) return undefined;
  const user = lookupUser(name);
  return user && which('setpriv') ? user : undefined;
}

/** A fresh, empty state dir (the old one removed), held by this process until down or hand-over (live.ts). */
export function freshDir(r: Resolved): void {
  trackDir(r.dir);
  mkdirSync(r.stateRoot, { recursive: true });
  removeDir(r.dir);
  mkdirSync(r.dir, { recursive: true, mode: 0o750 });
}

/**
 * When the server drops to its system user, that user has to reach the state dir. A private temp
 * root (mkdtemp makes 0700) gets others' search bit (traverse only, no listing); any other
 * ancestor it cannot pass is a usage error. Then the state dir is handed to the user.
 */
export function handOver(r: Resolved, user: SystemUser | undefined): void {
  if (!user) return;
  const st = statSync(r.stateRoot);
  if ((st.mode & 0o001) === 0 && st.uid !== user.uid) chmodSync(r.stateRoot, (st.mode & 0o7777) | 0o001);
  for (let d = path.dirname(r.stateRoot); ; d = path.dirname(d)) {
    const s = statSync(d);
    if ((s.mode & 0o001) === 0 && s.uid !== user.uid) {
      throw new UsageError(`user ${user.name} cannot reach ${r.dir}: ${d} has mode ${(s.mode & 0o777).toString(8)}; pick another --state`);
    }
    if (d === path.dirname(d)) break;
  }
  chownTree(r.dir, user.uid, user.gid);
}

export function removeDir(dir: string): boolean {
  if (!existsSync(dir)) return false;
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  return true;
}

/** Hex: no ':' or '@', so `JID:PASSWORD` splits without ambiguity. */
export function randomPassword(): string {
  return randomBytes(12).toString('hex');
}

/** The one-line reason a helper command failed, with the password masked. */
export function commandFailure(res: { spawnError?: string; stdout: string; stderr: string }, secret?: string): string {
  let text = res.spawnError ?? `${res.stdout}\n${res.stderr}`;
  if (secret) text = text.replaceAll(secret, '***');
  return text.trim().split('\n').slice(-2).join(' | ');
}
