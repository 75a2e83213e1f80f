// Long use: the full suite (as `npm start` runs it, s2s area and baseline included) against one
// lab Prosody, N rounds in this process and N rounds each in a fresh process. Per round it prints
// the peak RSS, RSS and heap after a full GC, open file descriptors, what still keeps the event
// loop alive, the processes left behind, and Prosody's open descriptors (connections the harness
// left open on the server's side). Growth across rounds is a leak; README.md states the figures.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { labDown, labInterrupted, labUp, stopOnSignals, type LabInfo } from '../harness/lab/index.js';
import { which } from '../harness/lab/process.js';
import { groupMembers, MIB, openFds } from './proc-stats.js';
import { runRound, type RoundStats } from './leak-round.js';
import type { Benchmark, BenchOptions } from './types.js';

/** Below the ephemeral range, clear of the other benchmarks' and the tests' bases. */
const PORT_BASE = 24622;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = path.join(ROOT, 'dist', 'bench', 'leak-child.js');
/** how long a child may take to exit after printing its figures before it counts as hung */
const LINGER_CAP_MS = 10_000;
/** one round of the full suite, generously (a loaded machine) */
const ROUND_CAP_MS = 15 * 60_000;
export const DEFAULT_LEAK_ROUNDS = 2;

function runArgs(info: LabInfo, out: string): string[] {
  const args = ['run', '--target', info.target, '--domain', info.domain, '--ca', info.ca, '--out', out, '--reporter', 'json,junit,html'];
  const baseline = path.join(ROOT, 'baselines', 'prosody.json');
  if (existsSync(baseline)) args.push('--baseline', baseline);
  for (const a of info.accounts) args.push('--account', a);
  args.push(...(info.s2sRunArgs ?? []));
  return args;
}

/** The cases of a round's report that failed or errored (a round that exits 1 says which). */
function unexpected(out: string): string {
  try {
    const r = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { results: { id: string; status: string }[] };
    const ids = r.results.filter((x) => x.status === 'failed' || x.status === 'errored').map((x) => `${x.id} ${x.status}`);
    return ids.length ? `; unexpected: ${ids.join(', ')}` : '';
  } catch {
    return '; no report.json';
  }
}

const mib = (n: number): string => `${(n / MIB).toFixed(1)} MiB`;

function line(stats: RoundStats, prosodyFds: number | undefined, extra = ''): string {
  const left = stats.children.length ? `${stats.children.length} (${stats.children.join(', ')})` : '0';
  return (
    `${(stats.ms / 1000).toFixed(1)} s, exit ${stats.code}${stats.said ? ` (${stats.said})` : ''}; peak RSS ${mib(stats.peakRss)}, ` +
    `after GC RSS ${mib(stats.rss)} heap ${mib(stats.heapUsed)}; fds ${stats.fds ?? '?'}; ` +
    `event loop held by ${stats.resources.length} (${summarize(stats.resources)}); leftover processes ${left}; Prosody fds ${prosodyFds ?? '?'}${extra}`
  );
}

function summarize(kinds: readonly string[]): string {
  const n = new Map<string, number>();
  for (const k of kinds) n.set(k, (n.get(k) ?? 0) + 1);
  return [...n].map(([k, c]) => `${k}${c > 1 ? ` x${c}` : ''}`).join(', ') || 'nothing';
}

/** Least-squares slope per round of `ys` (bytes or counts), the first round left out (warm-up). */
function slope(ys: readonly number[]): number {
  const pts = ys.slice(1);
  if (pts.length < 2) return 0;
  const mx = (pts.length - 1) / 2;
  const my = pts.reduce((a, b) => a + b, 0) / pts.length;
  let num = 0;
  let den = 0;
  pts.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

function summaryLine(label: string, rounds: readonly RoundStats[]): string {
  const first = rounds[0];
  const last = rounds.at(-1);
  if (!first || !last) return `${label}: no rounds`;
  const peak = Math.max(...rounds.map((r) => r.peakRss));
  return (
    `${label}: ${rounds.length} rounds; peak RSS max ${mib(peak)}; after GC RSS ${mib(first.rss)} -> ${mib(last.rss)} (${mib(slope(rounds.map((r) => r.rss)))}/round after the first), ` +
    `heap ${mib(first.heapUsed)} -> ${mib(last.heapUsed)} (${mib(slope(rounds.map((r) => r.heapUsed)))}/round); fds ${first.fds ?? '?'} -> ${last.fds ?? '?'}; ` +
    `leftover processes ${rounds.reduce((n, r) => n + r.children.length, 0)}`
  );
}

/** One round in a fresh (detached) process: its own figures, how long it lingered, what its group left. */
function childRound(args: readonly string[]): Promise<{ stats: RoundStats; lingerMs: number; left: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    let printedAt: number | undefined;
    let linger: NodeJS.Timeout | undefined;
    const cap = setTimeout(() => child.kill('SIGKILL'), ROUND_CAP_MS);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (printedAt === undefined && out.includes('\n')) {
        printedAt = Date.now();
        linger = setTimeout(() => child.kill('SIGKILL'), LINGER_CAP_MS);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(cap);
      clearTimeout(linger);
      const pid = child.pid ?? -1;
      if (printedAt === undefined) {
        reject(new Error(`round process ended (${signal ?? `exit ${code}`}) without its figures: ${err.trim().split('\n').at(-1) ?? ''}`));
        return;
      }
      const stats = JSON.parse(out.trim().split('\n')[0] ?? '{}') as RoundStats;
      resolve({ stats, lingerMs: signal === 'SIGKILL' ? Infinity : Date.now() - printedAt, left: groupMembers(pid) });
    });
  });
}

export const leakBenchmark: Benchmark = {
  name: 'leaks: the full suite against the lab Prosody, rounds in one process and in fresh processes',
  async run(print, opts: BenchOptions = {}) {
    const rounds = opts.rounds ?? DEFAULT_LEAK_ROUNDS;
    if (!which('prosody')) {
      print('skipped (prosody not installed)');
      return;
    }
    const stateRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-bench-leak-'));
    const outRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-bench-leak-out-'));
    // an interruption exits from harness/lab's signal hook, past the finally below
    const removeDirs = (): void => {
      rmSync(outRoot, { recursive: true, force: true });
      rmSync(stateRoot, { recursive: true, force: true });
    };
    process.once('exit', removeDirs);
    const unhook = stopOnSignals((l) => print(l));
    let info: LabInfo;
    try {
      info = await labUp('prosody', { stateRoot, portBase: PORT_BASE, portFallbacks: 3, log: () => undefined });
    } finally {
      unhook();
    }
    const labGroups = [info.pid];
    const unhookRun = stopOnSignals((l) => print(l));
    try {
      print(`Prosody ${info.version} at ${info.target}; ${rounds} rounds each way; this process starts at fds ${openFds() ?? '?'}`);
      const inProcess: RoundStats[] = [];
      for (let i = 1; i <= rounds && !labInterrupted(); i++) {
        const out = path.join(outRoot, `in-${i}`);
        const stats = await runRound(runArgs(info, out), labGroups);
        inProcess.push(stats);
        print(`in-process round ${i}/${rounds}: ${line(stats, openFds(info.pid), stats.code === 0 ? '' : unexpected(out))}`);
      }
      print(summaryLine('in one process', inProcess));
      const separate: RoundStats[] = [];
      let lingered = 0;
      let leftBehind = 0;
      for (let i = 1; i <= rounds && !labInterrupted(); i++) {
        const out = path.join(outRoot, `proc-${i}`);
        const { stats, lingerMs, left } = await childRound(runArgs(info, out));
        separate.push({ ...stats, children: [...stats.children, ...left] });
        if (lingerMs > 2000) lingered++;
        leftBehind += left.length;
        const exitNote =
          lingerMs === Infinity ? `; did not exit within ${LINGER_CAP_MS / 1000} s of its figures (killed)` : `; exited ${lingerMs} ms after its figures`;
        print(
          `process round ${i}/${rounds}: ${line(stats, openFds(info.pid), (stats.code === 0 ? '' : unexpected(out)) + exitNote)}${left.length ? `; its process group left ${left.join(', ')}` : ''}`,
        );
      }
      print(`${summaryLine('in fresh processes', separate)}; ${lingered} lingered over 2 s after their figures; ${leftBehind} processes left in their groups`);
    } finally {
      unhookRun();
      await labDown('prosody', { stateRoot, portBase: info.ports.c2s }).catch(() => undefined);
      removeDirs();
      process.removeListener('exit', removeDirs);
    }
  },
};
