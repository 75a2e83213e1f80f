// bin/xmpp-conformance with one fault of the tool's own injected, for the tests of the exit-code
// rule (an internal error is exit 4, one line, and the reports of what finished):
//   faulty-cli.js FAULT COMMAND [FLAGS...]
// FAULT, once the third case has ended (through the reporters' fan-out, which the runner calls):
//   runner     the call throws a TypeError into the runner
//   rejection  a promise is rejected with no handler
//   exception  a timer callback throws
// or, before the command:
//   definition a suite module declares a case with a malformed id (as a bad edit would)
//   early      a timer callback throws while a command that watches for nothing runs
import { register } from 'node:module';
import { launch } from '../../harness/cli/internal-errors.js';
import { main } from '../../harness/cli/index.js';
import { Multiplexer } from '../../harness/report/index.js';

export const FAULTS = ['runner', 'rejection', 'exception', 'definition', 'early'] as const;
export type Fault = (typeof FAULTS)[number];

/** Node loader hooks (a data: module): the stream header suite declares a case with a bad id. */
const BAD_SUITE_HOOKS = `
export async function load(url, context, next) {
  if (!url.endsWith('/suites/stream/header.js')) return next(url, context);
  return {
    format: 'module',
    shortCircuit: true,
    source: "import { defineCase } from '../../harness/cases/index.js';\\n" +
      "export const broken = defineCase({ id: 'stream/not-an-id', title: 'x', area: 'stream', role: 'server', " +
      "refs: [{ rfc: 6120, section: '4.1', level: 'MUST' }], requirements: ['rfc6120-4.1-x'], tags: [], run: async () => undefined });\\n",
  };
}`;

const AFTER_CASES = 3;

function inject(fault: Fault): void {
  if (fault === 'definition') {
    register(`data:text/javascript,${encodeURIComponent(BAD_SUITE_HOOKS)}`, import.meta.url);
    return;
  }
  if (fault === 'early') {
    setTimeout(() => {
      throw new RangeError('injected: a callback threw');
    }, 0);
    return;
  }
  let ended = 0;
  const onCaseEnd = Multiplexer.prototype.onCaseEnd;
  Multiplexer.prototype.onCaseEnd = function (this: Multiplexer, ...args: Parameters<Multiplexer['onCaseEnd']>): void {
    onCaseEnd.apply(this, args);
    if (++ended !== AFTER_CASES) return;
    if (fault === 'runner') throw new TypeError('injected: the runner met an exception');
    if (fault === 'rejection') void Promise.reject(new Error('injected: a promise rejected with no handler'));
    if (fault === 'exception') {
      setTimeout(() => {
        throw new RangeError('injected: a callback threw');
      }, 0);
    }
  };
}

const [fault, ...argv] = process.argv.slice(2);
if (!(FAULTS as readonly string[]).includes(fault ?? '')) {
  process.stderr.write(`faulty-cli: expected a fault (${FAULTS.join(', ')}), got '${fault ?? ''}'\n`);
  process.exit(2);
}
inject(fault as Fault);
launch(() => main(argv));
