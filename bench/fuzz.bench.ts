// Parser-fuzz throughput next to the raw cost of parsing the same generated streams with saxes
// alone: the ratio is what generation, chunking, the worker round trip and the oracles add.
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { arb, fuzzParser, ownParserTarget, toStringChunks, type FuzzInput } from '../harness/fuzz/index.js';
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
