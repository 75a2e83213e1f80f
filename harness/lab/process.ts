// Child processes for the lab: bounded command runs, detached servers, privilege drop, stopping.
import { execFile, spawn } from 'node:child_process';
import { accessSync, chownSync, closeSync, constants, lstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sleep } from '../util/index.js';
import { trackHelper, trackPid, untrackHelper, untrackPid } from './live.js';

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the command could not be started at all (ENOENT, EACCES). */
  readonly spawnError?: string;
}

/**
 * Runs a command to completion with a deadline and capped output; never throws. With `labHelper`,
 * the command is part of a lab start and is stopped with it when this process is interrupted.
 */
export function runCommand(
  cmd: string,
  args: readonly string[],
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; cwd?: string; labHelper?: boolean } = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      [...args],
      {
        timeout: opts.timeoutMs ?? 30_000,
        killSignal: 'SIGKILL',
        maxBuffer: 4 * 1024 * 1024,
        encoding: 'utf8',
        ...(opts.env ? { env: opts.env } : {}),
        ...(opts.cwd ? { cwd: opts.cwd } : {}),
      },
      (err, stdout, stderr) => {
        untrackHelper(child.pid);
        if (!err) return resolve({ code: 0, stdout, stderr });
        const e = err as NodeJS.ErrnoException & { code?: unknown };
        if (typeof e.code === 'string') return resolve({ code: null, stdout, stderr, spawnError: `${cmd}: ${e.code}` });
        resolve({ code: typeof e.code === 'number' ? e.code : null, stdout, stderr });
      },
    );
    if (opts.labHelper) trackHelper(child.pid);
  });
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The first executable called `name` on PATH (or the absolute path itself), else undefined. */
export function which(name: string): string | undefined {
  const candidates = name.includes('/')
    ? [name]
    : (process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin')
        .split(':')
        .filter(Boolean)
        .map((d) => path.join(d, name));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // next
    }
  }
  return undefined;
}

export interface SystemUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** Looks a user up in /etc/passwd (system users of Debian packages live there). */
export function lookupUser(name: string): SystemUser | undefined {
  let text: string;
  try {
    text = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f[2] !== undefined && f[3] !== undefined) return { name, uid: Number(f[2]), gid: Number(f[3]) };
  }
  return undefined;
}

/** chown -R without following symlinks. */
export function chownTree(dir: string, uid: number, gid: number): void {
  const st = lstatSync(dir);
  if (st.isSymbolicLink()) return;
  chownSync(dir, uid, gid);
  if (!st.isDirectory()) return;
  for (const entry of readdirSync(dir)) chownTree(path.join(dir, entry), uid, gid);
}

/** The argv that runs `cmd args` as `user` via setpriv (root only); unchanged when user is undefined. */
export function asUser(user: string | undefined, cmd: string, args: readonly string[], dropCaps = false): [string, string[]] {
  if (!user) return [cmd, [...args]];
  const opts = [`--reuid=${user}`, `--regid=${user}`, '--init-groups', ...(dropCaps ? ['--inh-caps=-all'] : [])];
  return ['setpriv', [...opts, '--', cmd, ...args]];
}

export interface Detached {
  readonly pid: number;
  /** Resolves with the exit code or signal once the child is gone (never rejects). */
  readonly exited: Promise<string>;
  hasExited(): boolean;
}

/**
 * Starts a long-running child in its own session (detached), stdout and stderr appended to `logFile`,
 * stdin closed, and unref'd so this process may exit while the child keeps running. Its process
 * group counts as part of the instance in `cwd` (live.ts) until it exits or the instance is released.
 */
export function spawnDetached(cmd: string, args: readonly string[], logFile: string, cwd: string, env?: NodeJS.ProcessEnv): Detached {
  const fd = openSync(logFile, 'a');
  let done = false;
  let resolveExit: (how: string) => void = () => undefined;
  const exited = new Promise<string>((r) => (resolveExit = r));
  try {
    const child = spawn(cmd, [...args], { detached: true, stdio: ['ignore', fd, fd], cwd, ...(env ? { env } : {}) });
    child.on('error', (err) => {
      done = true;
      resolveExit(`could not start ${cmd}: ${err.message}`);
    });
    child.on('exit', (code, signal) => {
      done = true;
      untrackPid(cwd, child.pid ?? -1);
      resolveExit(signal ? `killed by ${signal}` : `exit code ${code ?? '?'}`);
    });
    child.unref();
    trackPid(cwd, child.pid ?? -1);
    return { pid: child.pid ?? -1, exited, hasExited: () => done };
  } finally {
    closeSync(fd);
  }
}

/** True when `pid` exists (and, when `expect` is given, its command line mentions it: guards against pid reuse). */
export function pidAlive(pid: number | undefined, expect?: string): boolean {
  if (pid === undefined || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (expect === undefined) return true;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline === '') return false; // a zombie: exited, not yet reaped
    return cmdline.includes(expect);
  } catch {
    // no procfs: trust kill(0)
    return !pidIsZombie(pid);
  }
}

function pidIsZombie(pid: number): boolean {
  try {
    return /\)\s+Z\s/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL and wait a little more. Returns true when SIGKILL was needed. */
export async function stopPid(pid: number, expect: string, graceMs = 15_000): Promise<boolean> {
  if (!pidAlive(pid, expect)) return false;
  signal(pid, 'SIGTERM');
  const until = Date.now() + graceMs;
  while (Date.now() < until) {
    if (!pidAlive(pid, expect)) return false;
    await sleep(50);
  }
  signal(pid, 'SIGKILL');
  const killUntil = Date.now() + 3000;
  while (Date.now() < killUntil && pidAlive(pid, expect)) await sleep(50);
  return true;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** The last `n` non-empty lines of a file, or '' when it cannot be read. */
export function tailFile(file: string, n: number): string[] {
  try {
    const text = readFileSync(file, 'utf8');
    return text
      .split('\n')
      .map((l) => l.trimEnd())
      .filter(Boolean)
      .slice(-n);
  } catch {
    return [];
  }
}
