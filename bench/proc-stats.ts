// What a process holds, read from procfs (Linux): open file descriptors, the processes it started
// that are still there, the members of a process group, and a sampler for its peak RSS.
import { readdirSync, readFileSync } from 'node:fs';

/** Open file descriptors of `pid` (default: this process); undefined when procfs does not say. */
export function openFds(pid: number | 'self' = 'self'): number | undefined {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return undefined;
  }
}

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  readonly pgrp: number;
  readonly comm: string;
}

function procStats(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses
      const close = s.lastIndexOf(')');
      const [, ppid, pgrp] = s.slice(close + 2).split(' ');
      out.push({ pid: Number(name), ppid: Number(ppid), pgrp: Number(pgrp), comm: s.slice(s.indexOf('(') + 1, close) });
    } catch {
      // gone between readdir and read
    }
  }
  return out;
}

/** Live processes whose parent is `pid`, except those in `exceptGroups` (e.g. a lab server's). */
export function childrenOf(pid: number, exceptGroups: readonly number[] = []): string[] {
  return procStats()
    .filter((p) => p.ppid === pid && !exceptGroups.includes(p.pgrp))
    .map((p) => `${p.pid} ${p.comm}`);
}

/** Live processes in process group `pgrp` (what a detached child left behind once it exited). */
export function groupMembers(pgrp: number): string[] {
  return procStats()
    .filter((p) => p.pgrp === pgrp)
    .map((p) => `${p.pid} ${p.comm}`);
}

/** Samples this process's RSS every `everyMs` until stopped; `peak` is the highest seen. */
export function rssSampler(everyMs = 50): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  timer.unref();
  return {
    stop(): number {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

export const MIB = 1024 * 1024;
