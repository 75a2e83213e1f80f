// Loaded by .mocharc.json before any test file. An interrupted test run (SIGINT, SIGTERM, SIGHUP,
// or `npm test` itself killed, which leaves us without a parent) stops the lab servers this process
// started and removes their state dirs before it exits; a run that ends with one still up (a
// before/after hook that failed) has it killed on exit (harness/lab/live.ts). Source maps stay
// off: with them on, the fuzz-server self-test that shrinks a 1 MiB input to one action stopped
// shrinking early in the full run (only there), so stacks point into dist/ instead of the sources.
import { stopOnSignals } from '../../harness/lab/index.js';

stopOnSignals((line) => void process.stderr.write(line + '\n'));
