// Prosody 0.12 on loopback in a throwaway directory: certificate, config, start, accounts, stop.
// The facts come from the lab recipe (shared/lab/prosody.sh): run `prosody -F` as user prosody via
// setpriv, pid file from mod_posix, accounts with `prosodyctl register`, SIGTERM for a clean stop.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeSelfSignedCert } from './cert.js';
import { renderProsodyConfig } from './config.js';
import { componentInfo, labComponent } from './component.js';
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
} from './instance.js';
import { labDnsPort, waitForStreamFeatures } from './ports.js';
import { makeS2sPki, s2sInfo } from './s2s.js';
import { asUser, isRoot, pidAlive, runCommand, spawnDetached, stopPid, tailFile, which } from './process.js';
import { LabError, type LabDownResult, type LabInfo, type LabOptions, type LabStatus } from './types.js';

const RUN_USER = 'prosody';
const DOMAIN = 'localhost';
const DOMAINS = ['localhost', 'prosody.test'] as const;
/** The federating domain: its own VirtualHost, with accounts, reached by peers through the lab DNS. */
const S2S_DOMAIN = 'prosody.lab.test';
/** The c2s certificate (self-signed) also names the federating domain, so a c2s login there validates. */
const CERT_NAMES = ['localhost', 'prosody.test', '*.prosody.test', S2S_DOMAIN] as const;
/** The process name /proc/PID/cmdline must mention before we signal a pid from lab.json. */
const PROC_MATCH = 'prosody';
const BINARIES = ['prosody', 'prosodyctl'] as const;
/**
 * libunbound for Lua: with it Prosody resolves through net.unbound, which the config points at the
 * lab DNS only; without it Prosody would fall back to its own resolver, which reads the system's
 * resolv.conf and hosts file.
 */
const RESOLVER_PACKAGE = 'lua-unbound';

/** The pid of a running instance in `dir`: lab.json first, then the pid file mod_posix writes. */
function runningPid(dir: string): number | undefined {
  const fromInfo = readInfo(dir)?.pid;
  if (pidAlive(fromInfo, PROC_MATCH)) return fromInfo;
  const fromFile = readPidFile(path.join(dir, 'prosody.pid'));
  return pidAlive(fromFile, PROC_MATCH) ? fromFile : undefined;
}

function logTail(dir: string): string {
  const lines = [...tailFile(path.join(dir, 'stdout.log'), 4), ...tailFile(path.join(dir, 'prosody.log'), 6)];
  return lines.length ? ` Last log lines: ${lines.join(' | ').replace(/\s+/g, ' ')}` : '';
}

export async function prosodyUp(opts: LabOptions = {}): Promise<LabInfo> {
  const r = resolveOptions('prosody', opts);
  const existing = runningInfo(r.dir, PROC_MATCH);
  if (existing) {
    noteDifferentSwitches(r, existing);
    return existing;
  }
  const stray = runningPid(r.dir);
  if (stray !== undefined) await stopPid(stray, PROC_MATCH); // a half-finished earlier up
  const version = await ensureInstalled('prosody', BINARIES, r.log);
  await ensureInstalled(RESOLVER_PACKAGE, [], r.log);
  const component = labComponent(r, DOMAIN);
  await checkPortsFree(r, { ...r.ports, component: component.port });

  const root = isRoot();
  const dropTo = dropUser(RUN_USER);

  // A fresh throwaway directory every time.
  freshDir(r);
  mkdirSync(path.join(r.dir, 'data'), { recursive: true, mode: 0o750 });
  const cert = await makeSelfSignedCert(path.join(r.dir, 'certs'), CERT_NAMES);
  const pki = await makeS2sPki(r.dir, S2S_DOMAIN, opts.s2sCa);
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
      s2s: { domain: S2S_DOMAIN, cert: pki.cert, key: pki.key, ca: pki.ca, auth: r.s2sAuth, dnsPort: labDnsPort(r.portBase) },
      component,
    }),
  );
  handOver(r, dropTo);

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

  const prosodyctl = which('prosodyctl') ?? 'prosodyctl';
  const register = async (domain: string): Promise<string[]> => {
    const made: string[] = [];
    for (const name of ACCOUNT_NAMES) {
      const password = randomPassword();
      const [ctl, ctlArgs] = asUser(dropTo?.name, prosodyctl, ['--config', cfg, 'register', name, domain, password], true);
      const res = await runCommand(ctl, ctlArgs, { timeoutMs: 20_000, cwd: r.dir, labHelper: true });
      if (res.code !== 0) {
        await stopPid(child.pid, PROC_MATCH, 5000);
        const why = commandFailure(res, password);
        throw new LabError(`prosodyctl register ${name}@${domain} failed (exit ${res.code ?? '?'}): ${why}`);
      }
      made.push(`${name}@${domain}:${password}`);
    }
    return made;
  };
  const accounts = await register(DOMAIN);
  const s2sAccounts = await register(S2S_DOMAIN);

  // mod_posix writes the pid file; with -F and setpriv exec'ing, it is the pid we spawned.
  const pidFile = path.join(r.dir, 'prosody.pid');
  const pid = await awaitPidFile(pidFile, 20);
  const info: LabInfo = {
    server: 'prosody',
    version,
    domain: DOMAIN,
    accounts,
    ca: cert.cert,
    pid: pid ?? child.pid,
    ...commonInfo(r, t0, readyMs),
    ...httpEndpoints(r, '/xmpp-websocket', '/http-bind'),
    ...s2sInfo(r, S2S_DOMAIN, s2sAccounts, pki),
    ...componentInfo(component),
  };
  return writeInfo(info);
}

export async function prosodyDown(opts: LabOptions = {}): Promise<LabDownResult> {
  const r = resolveOptions('prosody', opts);
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
  const r = resolveOptions('prosody', opts);
  const info = readInfo(r.dir);
  const running = runningPid(r.dir) !== undefined;
  return { server: 'prosody', running, dir: r.dir, ports: info?.ports ?? r.ports, ...(info ? { info } : {}) };
}
