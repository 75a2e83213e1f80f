// Loaded by .mocharc.json before any test file. An interrupted test run (SIGINT, SIGTERM, SIGHUP,
// or `npm test` itself killed, which leaves us without a parent) stops the lab servers this process
// started and removes their state dirs before it exits; a run that ends with one still up (a
// before/after hook that failed) has it killed on exit (harness/lab/live.ts). Source maps are
// switched on here rather than with a node flag: with a node flag mocha runs the tests in a child
// process, which a SIGTERM to mocha's own process never reaches.
import { stopOnSignals } from '../../harness/lab/index.js';

process.setSourceMapsEnabled(true);
stopOnSignals((line) => void process.stderr.write(line + '\n'));
