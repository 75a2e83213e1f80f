// The child of a separate-process round of the leak benchmark: runs one round with the `run`
// arguments it was given and prints its figures as one JSON line on stdout, then exits on its own
// (a process that does not is holding something open; the parent measures how long it lingers).
import { runRound } from './leak-round.js';

runRound(process.argv.slice(2)).then(
  (stats) => void process.stdout.write(JSON.stringify(stats) + '\n'),
  (e: unknown) => {
    process.stderr.write(`leak round: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
