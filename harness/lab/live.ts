// The lab instances this process has started and not yet taken down: their state dirs and the
// process groups of their servers. Whatever is still here when the process exits is killed and
// removed (a synchronous last resort on 'exit'), and stopOnSignals() stops it cleanly on SIGINT,
// SIGTERM, SIGHUP or the loss of the parent process before exiting. `lab up` hands its instance
// over (releaseInstance) once it is ready, since keeping it running is the point of that command.
import { rmSync } from 'node:fs';
import { sleep, watchParent } from '../util/index.js';
import { LabError } from './types.js';

interface Live {
  readonly pids: Set<number>;
}

const live = new Map<string, Live>();
/** Short-lived helper commands of a start (openssl, prosodyctl, ejabberdctl...), not detached. */
const helpers = new Set<number>();
let exitHookInstalled = false;
let stopping = false;

function hookExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killLiveSync);
}

function entry(dir: string): Live {
  let e = live.get(dir);
  if (!e) {
    e = { pids: new Set() };
    live.set(dir, e);
  }
  hookExit();
  return e;
}

/** A helper command running for a lab start: stopped with the lab when we are interrupted. */
export function trackHelper(pid: number | undefined): void {
  if (pid === undefined || pid <= 0) return;
  helpers.add(pid);
  hookExit();
  if (stopping) signalPid(pid, 'SIGTERM');
}

export function untrackHelper(pid: number | undefined): void {
  if (pid !== undefined) helpers.delete(pid);
}

function signalPid(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // gone already
  }
}

function pidAliveHere(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A state dir this process is about to create; refused while an interruption is cleaning up. */
export function trackDir(dir: string): void {
  if (stopping) throw new LabError(`lab: interrupted; not creating ${dir}`);
  entry(dir);
}

/** A detached server process (its own process group) whose working dir is `dir`. */
export function trackPid(dir: string, pid: number): void {
  if (pid <= 0) return;
  entry(dir).pids.add(pid);
  // Started while an interruption is cleaning up: it must not outlive us.
  if (stopping) signalGroup(pid, 'SIGKILL');
}

/** The process ended on its own (its 'exit' event). */
export function untrackPid(dir: string, pid: number): void {
  live.get(dir)?.pids.delete(pid);
}

/** The instance was taken down (or handed over to whoever runs `lab down` later); not once interrupted. */
export function releaseInstance(dir: string): void {
  if (stopping) return;
  live.delete(dir);
}

/** True once an interruption started stopping what this process holds (it is about to exit). */
export function labInterrupted(): boolean {
  return stopping;
}

/** Every dir this process still holds, for tests and messages. */
export function liveDirs(): string[] {
  return [...live.keys()];
}

function signalGroup(pid: number, sig: NodeJS.Signals): boolean {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, sig);
      return true;
    } catch {
      // no such group (or process): try the pid alone, then give up
    }
  }
  return false;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeDirQuietly(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // nothing more we can do on the way out; `lab status` lists it
  }
}

/** On 'exit': no time to wait, so SIGKILL every process group still held and remove the dirs. */
export function killLiveSync(): void {
  for (const pid of helpers) signalPid(pid, 'SIGKILL');
  helpers.clear();
  for (const [dir, e] of live) {
    for (const pid of e.pids) signalGroup(pid, 'SIGKILL');
    removeDirQuietly(dir);
  }
  live.clear();
}

/**
 * SIGTERM to the process groups still held for `dirs` (default: all), up to `graceMs` for them to
 * go, SIGKILL for the rest, then those dirs removed and released.
 */
export async function stopLive(graceMs = 5000, dirs: readonly string[] = liveDirs()): Promise<void> {
  const groups = dirs.flatMap((d) => [...(live.get(d)?.pids ?? [])]);
  for (const pid of groups) signalGroup(pid, 'SIGTERM');
  const until = Date.now() + graceMs;
  while (Date.now() < until && groups.some(groupAlive)) await sleep(50);
  for (const pid of groups) if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
  const killUntil = Date.now() + 2000;
  while (Date.now() < killUntil && groups.some(groupAlive)) await sleep(50);
  for (const dir of dirs) {
    if (!live.has(dir)) continue;
    removeDirQuietly(dir);
    live.delete(dir);
  }
}

/** SIGTERM to the helper commands still running, and up to 2 s for them to go. */
async function stopHelpers(): Promise<void> {
  const pids = [...helpers];
  for (const pid of pids) signalPid(pid, 'SIGTERM');
  const until = Date.now() + 2000;
  while (Date.now() < until && pids.some(pidAliveHere)) await sleep(50);
}

const EXIT_CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * Until the returned function is called: on SIGINT, SIGTERM or SIGHUP, stop what this process
 * holds (bounded by `graceMs`), say so on `say`, and exit with 128 + the signal's number. A second
 * signal during that skips the wait. The parent process going away counts as SIGHUP: `npm run`
 * passes SIGTERM to the shell it started, not to us, and the shell dies without passing it on.
 */
export function stopOnSignals(say: (line: string) => void, graceMs = 5000): () => void {
  let first = true;
  const stop = (why: string, code: number): void => {
    if (!first) {
      killLiveSync();
      process.exit(code);
    }
    first = false;
    const dirs = liveDirs();
    if (dirs.length) say(`xmpp-conformance: ${why}: stopping the lab (${dirs.join(', ')})`);
    stopping = true;
    void stopHelpers()
      .then(() => stopLive(graceMs))
      .finally(() => process.exit(code));
  };
  const onSignal = (sig: NodeJS.Signals): void => stop(sig, EXIT_CODES[sig] ?? 1);
  const parent = watchParent((pid) => {
    if (first) stop(`the parent process (pid ${pid}) is gone`, EXIT_CODES['SIGHUP'] ?? 1);
  });
  const signals = Object.keys(EXIT_CODES) as NodeJS.Signals[];
  for (const s of signals) process.on(s, onSignal);
  return () => {
    // A parent lost since the last look still counts (labInterrupted() then says so).
    parent.check();
    parent.stop();
    for (const s of signals) process.removeListener(s, onSignal);
  };
}
