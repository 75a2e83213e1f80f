// The whole suite against the lab Prosody (127.0.0.1 only), as `npm start` runs it: a fresh `lab up
// prosody` for each measured run (Prosody 0.12 grows slower with every full run an instance has
// served: its CPU per run rose by a third to a half over six runs on one instance), then
// `xmpp-conformance run` with the lab's run flags in a fresh process at --concurrency 1, 4, 8 and
// the default, side by side in one round (--rounds N: N rounds, the order turned each round, so a
// machine that gets busier part-way weighs on all alike). Each line gives the wall time of the
// process (start-up included) and cases/s; the last says whether every case got the status it got
// at --concurrency 1.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONCURRENCY } from '../harness/config.js';
import { labDown, labRunArgs, labUp } from '../harness/lab/index.js';
import { which } from '../harness/lab/process.js';
import type { Report } from '../harness/runner/index.js';
import type { Benchmark } from './types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin', 'xmpp-conformance');
/** Below the ephemeral range, clear of the other benchmarks' and the tests' bases. */
const PORT_BASE = 24722;
/** A whole run may take this long on a loaded machine before the benchmark gives up on it. */
const RUN_LIMIT_MS = 10 * 60_000;

interface Measured {
  readonly label: string;
  readonly ms: number;
  readonly report: Report;
}

/** One `run` process; resolves with its wall time and report (exit 0 and 1 both count as finished). */
function runOnce(args: readonly string[], out: string): Promise<{ ms: number; report: Report }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'run', ...args, '--reporter', 'json', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGTERM'), RUN_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - t0;
      if (code !== 0 && code !== 1) {
        reject(new Error(`run exited ${code}: ${err.trim().split('\n').pop() ?? ''}`));
        return;
      }
      resolve({ ms, report: JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report });
    });
  });
}

/** Cases whose status differs from the reference run's. */
function differing(ref: Report, other: Report): string[] {
  const byId = new Map(other.results.map((r) => [r.id, r.status]));
  return ref.results.filter((r) => byId.get(r.id) !== r.status).map((r) => `${r.id} (${r.status} / ${byId.get(r.id) ?? 'missing'})`);
}

export const runBenchmark: Benchmark = {
  name: 'full run (lab Prosody)',
  async run(print, opts = {}) {
    if (!which('prosody')) {
      print('skipped (prosody not installed)');
      return;
    }
    const baseline = path.join(ROOT, 'baselines', 'prosody.json');
    const settings: { label: string; extra: string[] }[] = [
      { label: 'concurrency 1', extra: ['--concurrency', '1'] },
      { label: 'concurrency 4', extra: ['--concurrency', '4'] },
      { label: 'concurrency 8', extra: ['--concurrency', '8'] },
      { label: `default (${DEFAULT_CONCURRENCY})`, extra: [] },
    ];
    /** One measured run against a lab Prosody of its own, started before the clock starts and stopped after. */
    const measure = async (s: (typeof settings)[number]): Promise<Measured> => {
      const stateRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-bench-run-'));
      const out = mkdtempSync(path.join(os.tmpdir(), 'xc-bench-run-out-'));
      try {
        const info = await labUp('prosody', { stateRoot, portBase: opts.portBase ?? PORT_BASE, portFallbacks: 3, log: () => undefined });
        try {
          const args = [...(info.runArgs ?? labRunArgs(info)), '--baseline', baseline, '--seed', '1', ...s.extra];
          const { ms, report } = await runOnce(args, out);
          return { label: s.label, ms, report };
        } finally {
          await labDown('prosody', { stateRoot, portBase: info.ports.c2s }).catch(() => undefined);
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
        rmSync(stateRoot, { recursive: true, force: true });
      }
    };
    const rounds = opts.rounds ?? 1;
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? settings : [...settings].reverse();
      const done: Measured[] = [];
      for (const s of order) done.push(await measure(s));
      const load = os.loadavg()[0]?.toFixed(1) ?? '?';
      const cells = settings.map((s) => {
        const m = done.find((d) => d.label === s.label) as Measured;
        return `${s.label}: ${(m.ms / 1000).toFixed(1)} s, ${(m.report.summary.total / (m.ms / 1000)).toFixed(1)} cases/s`;
      });
      const total = done[0]?.report.summary.total ?? 0;
      print(`round ${round + 1} (${total} cases, load average ${load} on ${os.cpus().length} cores): ${cells.join(' | ')}`);
      const ref = done.find((d) => d.label === 'concurrency 1') as Measured;
      const diffs = done.filter((d) => d !== ref).flatMap((d) => differing(ref.report, d.report).map((x) => `${d.label}: ${x}`));
      print(
        diffs.length === 0 ? 'every case has the status of concurrency 1 at 4, 8 and the default' : `statuses differ from concurrency 1: ${diffs.join('; ')}`,
      );
    }
  },
};

/** How long the CLI takes to start for commands that need little: median wall time of 7 processes each. */
export const startupBenchmark: Benchmark = {
  name: 'cli start-up',
  async run(print) {
    for (const args of [['--version'], ['jid', '--version'], ['jid', 'user123@server7.example.org/res']]) {
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        const t0 = performance.now();
        await new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
          child.on('error', reject);
          child.on('close', () => resolve());
        });
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      print(`${args.join(' ')}: ${Math.round(times[3] as number)} ms (median of 7; fastest ${Math.round(times[0] as number)} ms; node itself included)`);
    }
  },
};
