// npm run bench [-- NAME] [-- --rounds N]: runs every benchmark (or those whose name contains NAME)
// in turn and prints its figures (loopback only). --rounds sets the rounds of the leak benchmark
// (default 2; `npm run bench:leak` runs the 20 rounds README.md reports) and of the full-run benchmark
// (default 1); --port-base N places the full run's lab Prosody (default 24722) and the fuzz server
// benchmark's (default 24222).
import { parseArgs } from 'node:util';
import type { Benchmark } from './types.js';
import { coreBenchmark } from './core.bench.js';
import { jidBenchmark } from './jid.bench.js';
import { fuzzBenchmark, fuzzServerBenchmark } from './fuzz.bench.js';
import { s2sBenchmark } from './s2s.bench.js';
import { leakBenchmark } from './leak.bench.js';
import { runBenchmark, startupBenchmark } from './run.bench.js';

const BENCHMARKS: readonly Benchmark[] = [
  coreBenchmark,
  startupBenchmark,
  jidBenchmark,
  fuzzBenchmark,
  fuzzServerBenchmark,
  runBenchmark,
  s2sBenchmark,
  leakBenchmark,
];

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { rounds: { type: 'string' }, 'port-base': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const rounds = values.rounds === undefined ? undefined : Number(values.rounds);
  if (rounds !== undefined && (!Number.isInteger(rounds) || rounds < 1)) throw new Error(`--rounds '${values.rounds}' must be a whole number of at least 1`);
  const portBase = values['port-base'] === undefined ? undefined : Number(values['port-base']);
  if (portBase !== undefined && (!Number.isInteger(portBase) || portBase < 1024 || portBase > 32000))
    throw new Error(`--port-base '${values['port-base']}' must be a whole number from 1024 to 32000`);
  const only = positionals[0];
  for (const b of BENCHMARKS) {
    if (only && !b.name.includes(only)) continue;
    process.stdout.write(`# ${b.name}\n`);
    await b.run((line) => process.stdout.write(`  ${line}\n`), {
      ...(rounds !== undefined ? { rounds } : {}),
      ...(portBase !== undefined ? { portBase } : {}),
    });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
  process.exitCode = 1;
});
