// npm run bench: runs every benchmark in turn and prints its figures (loopback only).
import type { Benchmark } from './types.js';
import { coreBenchmark } from './core.bench.js';
import { jidBenchmark } from './jid.bench.js';
import { fuzzBenchmark, fuzzServerBenchmark } from './fuzz.bench.js';
import { s2sBenchmark } from './s2s.bench.js';

const BENCHMARKS: readonly Benchmark[] = [coreBenchmark, jidBenchmark, fuzzBenchmark, fuzzServerBenchmark, s2sBenchmark];

async function main(): Promise<void> {
  const only = process.argv[2];
  for (const b of BENCHMARKS) {
    if (only && !b.name.includes(only)) continue;
    process.stdout.write(`# ${b.name}\n`);
    await b.run((line) => process.stdout.write(`  ${line}\n`));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
