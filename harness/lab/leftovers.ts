// Every lab instance on this machine, including what an interrupted or crashed run left behind:
// state dirs under the state root, and server processes anywhere whose working directory or
// command line lies in a lab state dir (`<server>-<port base>`, under any state root). Linux
// procfs; without it only the state dirs are seen.
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_STATE_ROOT, readInfo } from './instance.js';
import { pidAlive } from './process.js';
import { LAB_NAMES, type LabName } from './types.js';

export interface LabInstanceSeen {
  readonly server: LabName;
  readonly portBase: number;
  readonly dir: string;
  /**
   * running: the dir's lab.json names a live server; stale: a state dir with no server process
   * (an interrupted up or down); orphan: server processes whose dir is gone or has no lab.json.
   */
  readonly state: 'running' | 'stale' | 'orphan';
  /** Processes working in (or started on the config of) that dir. */
  readonly pids: readonly number[];
}

const DIR_NAME = new RegExp(`^(${LAB_NAMES.join('|')})-(\\d{4,5})$`);
/** A lab state dir inside a longer path: its prefix ends at `<server>-<base>`. */
const IN_PATH = new RegExp(`^(/.*?/(?:${LAB_NAMES.join('|')})-\\d{4,5})(?:/|$)`);

function labDirOf(p: string): string | undefined {
  const m = IN_PATH.exec(p.replace(/ \(deleted\)$/, ''));
  return m?.[1];
}

/** pid → the lab state dir it works in (cwd first, then any absolute path on its command line). */
function labProcesses(): Map<number, string> {
  const found = new Map<number, string>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    let dir: string | undefined;
    try {
      dir = labDirOf(readlinkSync(`/proc/${pid}/cwd`));
    } catch {
      // another user's process (no permission) or gone
    }
    if (dir === undefined) {
      for (const arg of commandLine(pid)) {
        dir = labDirOf(arg);
        if (dir) break;
      }
    }
    if (dir !== undefined && pidAlive(pid)) found.set(pid, dir);
  }
  return found;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/**
 * The processes whose command line names a path in `dir` (a server's config, home or spool, a
 * helper's files): safe to stop with the instance. Others that merely work in the dir (a shell
 * someone left there) are listed by findLabInstances but never signalled.
 */
export function processesNaming(dir: string): number[] {
  const pids: number[] = [];
  for (const [pid, seen] of labProcesses()) {
    if (seen === dir && commandLine(pid).some((arg) => arg === dir || arg.startsWith(dir + '/'))) pids.push(pid);
  }
  return pids.sort((a, b) => a - b);
}

/** The state dirs under `stateRoot` and lab server processes anywhere, sorted by dir. */
export function findLabInstances(stateRoot = DEFAULT_STATE_ROOT): LabInstanceSeen[] {
  const root = path.resolve(stateRoot);
  const byDir = new Map<string, number[]>();
  try {
    for (const name of readdirSync(root)) {
      const dir = path.join(root, name);
      if (DIR_NAME.test(name) && isDir(dir)) byDir.set(dir, []);
    }
  } catch {
    // no state root: nothing there
  }
  for (const [pid, dir] of labProcesses()) byDir.set(dir, [...(byDir.get(dir) ?? []), pid]);
  const seen: LabInstanceSeen[] = [];
  for (const [dir, pids] of byDir) {
    const m = DIR_NAME.exec(path.basename(dir));
    if (!m) continue;
    const info = existsSync(dir) ? readInfo(dir) : undefined;
    const state = pids.length === 0 ? 'stale' : info && pidAlive(info.pid) ? 'running' : 'orphan';
    seen.push({ server: m[1] as LabName, portBase: Number(m[2]), dir, state, pids: pids.sort((a, b) => a - b) });
  }
  return seen.sort((a, b) => a.dir.localeCompare(b.dir));
}
