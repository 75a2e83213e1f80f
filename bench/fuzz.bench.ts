// Parser-fuzz throughput next to the raw cost of parsing the same generated streams with saxes
// alone: the ratio is what generation, chunking, the worker round trip and the oracles add. And
// server-fuzz sequences per second against a lab Prosody, when prosody is installed.
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAccount, parseTarget } from '../harness/config.js';
import { SERVER_STAGES, arb, fuzzParser, fuzzServer, ownParserTarget, toStringChunks, type FuzzInput } from '../harness/fuzz/index.js';
import { labDown, labUp } from '../harness/lab/index.js';
import { which } from '../harness/lab/process.js';
import type { Benchmark } from './types.js';

const RUNS = 5_000;
const SEED = 1;

function textOf(input: FuzzInput): string {
  return (input.strings ?? toStringChunks(input.chunks)).join('');
}

export const fuzzBenchmark: Benchmark = {
  name: 'fuzz parser',
  async run(print) {
    const inputs = fc.sample(arb.validStream(), { seed: SEED, numRuns: RUNS }).map(textOf);
    const bytes = inputs.reduce((n, s) => n + Buffer.byteLength(s), 0);
    let t = performance.now();
    for (const s of inputs) {
      const p = new SaxesParser({ xmlns: true });
      p.on('error', () => undefined);
      p.write(s);
    }
    const saxMs = performance.now() - t;
    const saxRate = Math.round(RUNS / (saxMs / 1000));
    print(`saxes alone: ${RUNS} generated valid streams (${(bytes / 1024).toFixed(0)} KiB) in ${saxMs.toFixed(0)} ms, ${saxRate} streams/s`);

    const target = ownParserTarget({ timeoutMs: 2000, maxMemoryMb: 256 });
    try {
      t = performance.now();
      const s = await fuzzParser({ target, runs: RUNS, seed: SEED });
      const ms = performance.now() - t;
      print(`fuzz parser (own target, all properties): ${s.runs} runs in ${ms.toFixed(0)} ms, ${s.execsPerSec} exec/s, ${s.failures.length} failure(s)`);
      print(`overhead: ${(saxRate / Math.max(1, s.execsPerSec)).toFixed(1)}x the cost of parsing alone`);
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
  async run(print) {
    if (!which('prosody')) {
      print('skipped: prosody not installed');
      return;
    }
    const stateRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-bench-lab-'));
    const info = await labUp('prosody', { stateRoot, portBase: LAB_PORT_BASE, portFallbacks: 3, log: () => undefined });
    try {
      const target = parseTarget(info.target, info.domain, { ca: readFileSync(info.ca, 'utf8') });
      const account = parseAccount(info.accounts[0] ?? '');
      // with the protocol oracle, a finding's shrinking (3 s per silent answer) is in the figure;
      // liveness only is the plain rate of sequences
      for (const protocolOracle of [true, false]) {
        for (const stage of SERVER_STAGES) {
          const s = await fuzzServer({ target, account, runs: SERVER_RUNS, seed: SEED, timeoutMs: 3000, protocolOracle, stages: [stage] });
          const found = s.failures.map((f) => `${f.kind}: ${f.counterexample.slice(0, 60)}…`).join('; ');
          const how = protocolOracle ? 'both oracles' : 'liveness only';
          print(`fuzz server, ${stage}, ${how} (Prosody ${info.version}, seed ${SEED}, ${SERVER_RUNS} sequences): ${s.runs} run in ${(s.durationMs / 1000).toFixed(1)} s, ${s.execsPerSec} cases/s, ${s.failures.length} failure(s)${found ? ` (${found}, shrinking included)` : ''}`);
        }
      }
    } finally {
      await labDown('prosody', { stateRoot, portBase: info.ports.c2s }).catch(() => undefined);
    }
  },
};
