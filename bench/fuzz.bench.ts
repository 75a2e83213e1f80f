// Parser-fuzz throughput next to the raw cost of parsing the same inputs with saxes alone (the
// inputs the campaign draws, over all properties, each parsed once as one string): the ratio is
// what generation, the second (cut) parse, the worker round trips and the oracles add. The
// campaign's cost is also split: generation alone, and the worker judging pre-generated inputs.
// The load average is printed before and after: on a shared machine CPU time per run is the figure
// to compare, and even it grows with the load (two busy threads contend with everything else).
// And server-fuzz sequences per second against a lab Prosody, when prosody is installed.
import { SaxesParser } from 'saxes';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAccount, parseTarget } from '../harness/config.js';
import { SERVER_STAGES, campaignInputs, fuzzParser, fuzzServer, ownParserTarget, parseWithOwnParserTrees, piecesOf, wholeOf } from '../harness/fuzz/index.js';
import { labDown, labUp } from '../harness/lab/index.js';
import { which } from '../harness/lab/process.js';
import type { Benchmark } from './types.js';

const RUNS = 10_000;
const SEED = 1;
const BATCH = 64;

/** CPU ms of this process (all threads, the target's worker included) since `from`. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/** Rounds per timed part: the machine is shared, and the least CPU time of a few rounds is the steadiest figure. */
const ROUNDS = 3;

interface Timed {
  readonly ms: number;
  readonly cpu: number;
}

/** The round with the least CPU time (wall time of that round beside it), after one untimed warm-up round. */
async function timed<T>(rounds: number, f: () => T | Promise<T>): Promise<Timed & { value: T }> {
  let value = await f();
  let best: Timed = { ms: Infinity, cpu: Infinity };
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    value = await f();
    const cpu = cpuMs(c);
    if (cpu < best.cpu) best = { ms: performance.now() - t, cpu };
  }
  return { ...best, value };
}

const perItem = (ms: number, n: number): string => ((ms * 1000) / Math.max(1, n)).toFixed(0);

export const fuzzBenchmark: Benchmark = {
  name: 'fuzz parser',
  async run(print) {
    const load = () =>
      os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ');
    print(
      `load average (1, 5, 15 min) before: ${load()} on ${os.availableParallelism()} cores; each figure is the least CPU time of ${ROUNDS} rounds after a warm-up round`,
    );
    const gen = await timed(ROUNDS, () => campaignInputs(SEED, RUNS));
    const inputs = gen.value;
    // what the own target is given (inputs only a string target can take are left out, as the campaign does)
    const given = inputs.flatMap((i) => {
      const p = piecesOf('bytes', i);
      return p ? [{ pieces: p, expect: i.expect, reason: i.reason }] : [];
    });
    const decoder = new TextDecoder();
    const texts = given.map((g) => decoder.decode(wholeOf(g.pieces)[0] as Uint8Array));
    const bytes = texts.reduce((n, s) => n + Buffer.byteLength(s), 0);
    const sax = await timed(ROUNDS, () => {
      for (const s of texts) {
        const p = new SaxesParser({ xmlns: true });
        p.on('error', () => undefined);
        p.write(s);
        p.close();
      }
    });
    const saxRate = Math.round(texts.length / (sax.ms / 1000));
    const saxEach = sax.cpu / Math.max(1, texts.length);
    // on a shared machine wall time includes waiting for a core; CPU time is what the work costs
    print(
      `saxes alone: the campaign's ${texts.length} inputs (seed ${SEED}, all properties, ${(bytes / 1024).toFixed(0)} KiB) parsed once each in ${sax.ms.toFixed(0)} ms wall (${sax.cpu.toFixed(0)} ms CPU): ${saxRate} inputs/s, ${perItem(sax.cpu, texts.length)} µs CPU each`,
    );
    // the floor of judging: the harness's parser itself (saxes underneath, elements built, limits
    // counted) on each input whole and as cut, in this thread, no oracle and no worker
    const own = await timed(ROUNDS, () => {
      for (const g of given) {
        parseWithOwnParserTrees(wholeOf(g.pieces));
        if (g.pieces.length > 1) parseWithOwnParserTrees([...g.pieces]);
      }
    });
    print(
      `  the harness's parser alone, each input whole and as cut (what the oracles need at least): ${own.cpu.toFixed(0)} ms CPU, ${perItem(own.cpu, given.length)} µs CPU each, ${(own.cpu / sax.cpu).toFixed(1)}x saxes alone`,
    );
    print(
      `  generation alone (the campaign's fast draws, arbitraries/twin.ts, the same ${RUNS} inputs): ${gen.ms.toFixed(0)} ms wall (${gen.cpu.toFixed(0)} ms CPU), ${perItem(gen.cpu, RUNS)} µs CPU each, ${(gen.cpu / RUNS / saxEach).toFixed(1)}x saxes alone`,
    );

    const target = ownParserTarget({ timeoutMs: 2000, maxMemoryMb: 256 });
    try {
      const judgeBatch = target.judgeBatch?.bind(target);
      if (!judgeBatch) throw new Error('the own target judges no batches');
      const judged = await timed(ROUNDS, async () => {
        for (let i = 0; i < given.length; i += BATCH) await judgeBatch(given.slice(i, i + BATCH), false);
      });
      print(
        `  judging alone (worker, batches of ${BATCH}: whole and cut parse, events compared): ${judged.ms.toFixed(0)} ms wall (${judged.cpu.toFixed(0)} ms CPU), ${perItem(judged.cpu, given.length)} µs CPU each, ${(judged.cpu / sax.cpu).toFixed(1)}x saxes alone`,
      );
      const camp = await timed(ROUNDS, () => fuzzParser({ target, runs: RUNS, seed: SEED }));
      const s = camp.value;
      const rate = Math.round(s.runs / (camp.ms / 1000));
      print(
        `fuzz parser (own target, every property and oracle): ${s.runs} runs in ${camp.ms.toFixed(0)} ms wall (${camp.cpu.toFixed(0)} ms CPU), ${rate} runs/s, ${perItem(camp.cpu, s.runs)} µs CPU each, ${s.failures.length} failure(s)`,
      );
      print(
        `fuzzer's cost: ${(saxRate / Math.max(1, rate)).toFixed(1)}x saxes alone by wall time, ${(camp.cpu / Math.max(1, s.runs) / saxEach).toFixed(1)}x by CPU time (goal: at most 3x, and 10,000 runs/s)`,
      );
      print(`load average after: ${load()}`);
    } finally {
      await target.close();
    }
  },
};

/** Below the ephemeral range and apart from every test's base (test/support/ports.ts); busy: a fallback. */
const LAB_PORT_BASE = 24222;
const SERVER_RUNS = 20;

/** fuzz server on a lab Prosody it starts itself (127.0.0.1 only), both stages, fixed seed. */
export const fuzzServerBenchmark: Benchmark = {
  name: 'fuzz server (lab Prosody)',
  async run(print, opts = {}) {
    if (!which('prosody')) {
      print('skipped: prosody not installed');
      return;
    }
    const stateRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-bench-lab-'));
    const info = await labUp('prosody', { stateRoot, portBase: opts.portBase ?? LAB_PORT_BASE, portFallbacks: 3, log: () => undefined });
    try {
      const target = parseTarget(info.target, info.domain, { ca: readFileSync(info.ca, 'utf8') });
      const account = parseAccount(info.accounts[0] ?? '');
      print(
        `load average at the start: ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(', ')} (${os.cpus().length} cores)`,
      );
      // with the protocol oracle, a finding's shrinking (3 s per silent answer) is in the figure;
      // liveness only is the plain rate of sequences. Each configuration runs the way fuzz server
      // runs now (logins reused) and, right after, with --fresh-logins (a new login for every
      // session and every liveness check, SCRAM keys derived each time: the old way).
      for (const protocolOracle of [true, false]) {
        for (const stage of SERVER_STAGES) {
          const rates: number[] = [];
          for (const reuseLogins of [true, false]) {
            const s = await fuzzServer({ target, account, runs: SERVER_RUNS, seed: SEED, timeoutMs: 3000, protocolOracle, stages: [stage], reuseLogins });
            rates.push(s.execsPerSec);
            const found = s.failures.map((f) => `${f.kind}: ${f.counterexample.slice(0, 60)}…`).join('; ');
            const how = `${protocolOracle ? 'both oracles' : 'liveness only'}, ${reuseLogins ? 'logins reused' : 'fresh logins (old way)'}`;
            const logins = s.logins ? `, ${s.logins.made} logins (${s.logins.reused} sequences began on the liveness check's session)` : '';
            print(
              `fuzz server, ${stage}, ${how} (Prosody ${info.version}, seed ${SEED}, ${SERVER_RUNS} sequences): ${s.runs} run in ${(s.durationMs / 1000).toFixed(1)} s, ${s.execsPerSec} cases/s${logins}, ${s.failures.length} failure(s)${found ? ` (${found}, shrinking included)` : ''}`,
            );
          }
          const [now = 0, old = 0] = rates;
          print(`  ${stage}, ${protocolOracle ? 'both oracles' : 'liveness only'}: ${(now / Math.max(0.01, old)).toFixed(2)}x the old way`);
        }
      }
      print(
        `load average at the end: ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(', ')}`,
      );
    } finally {
      await labDown('prosody', { stateRoot, portBase: info.ports.c2s }).catch(() => undefined);
    }
  },
};
