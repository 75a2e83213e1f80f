// The exit-code rule: exit 1 only with a report; an internal error of the tool is exit 4 with one
// line, and a run it cuts short still writes every report with the finished cases, the rest not
// run, and a note that an internal error ended it. The faults are injected by
// test/support/faulty-cli.ts into the real command line: the runner meeting an exception, an
// unhandled rejection, an uncaught exception, a suite that does not load.
import { expect } from 'chai';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaseDefinitionError } from '../../harness/cases/index.js';
import { ExpectationError, LimitError, TimeoutError, UnreachableError, UsageError, errorLine } from '../../harness/errors.js';
import { EXIT, exitCodeOf } from '../../harness/cli/exit-codes.js';
import { stoppedExitCode } from '../../harness/cli/run.js';
import { LabError } from '../../harness/lab/index.js';
import { FakeServer } from '../support/fake-server/fake-server.js';
import { expectOneLine, startScript } from '../support/cli-process.js';
import { expectStoppedReports, loggedCases, outDir, type ReportLike } from '../support/stopped-run.js';

const FAULTY = path.join(path.dirname(fileURLToPath(import.meta.url)), '../support/faulty-cli.js');
const ACCOUNTS = ['--account', 'alice@localhost:secret-alice', '--account', 'bob@localhost:secret-bob', '--account', 'carol@localhost:secret-carol'];

describe('exit codes: one mapping', () => {
  it('usage 2, unreachable 3, a lab that did not start 1, anything else internal 4', () => {
    expect(exitCodeOf(new UsageError('x'))).to.equal(EXIT.USAGE);
    expect(exitCodeOf(new UnreachableError('x'))).to.equal(EXIT.UNREACHABLE);
    expect(exitCodeOf(new LabError('x'))).to.equal(EXIT.FAILED);
    for (const e of [
      new TypeError('x'),
      new Error('x'),
      new TimeoutError('x'),
      new ExpectationError('a', 'b'),
      new LimitError('x'),
      new CaseDefinitionError('x'),
      'a string',
    ]) {
      expect(exitCodeOf(e), String(e)).to.equal(EXIT.INTERNAL);
    }
  });

  it('a run an internal error cut short (incomplete.stage internal) exits 4, in run as in serve', () => {
    const report = { incomplete: { stage: 'internal', reason: 'the run was cut by an internal error: x', notRun: 1 } } as unknown as Parameters<
      typeof stoppedExitCode
    >[0];
    expect(stoppedExitCode(report)).to.equal(EXIT.INTERNAL);
  });

  it('an internal error says so in one line, naming its class when that says more than Error', () => {
    expect(errorLine(new TypeError('a\n  b'))).to.equal('internal error: TypeError: a b');
    expect(errorLine(new Error('boom'))).to.equal('internal error: boom');
    expect(errorLine(new UsageError('bad flag'))).to.equal('bad flag');
  });
});

describe('command line: an internal error', function () {
  this.timeout(90_000);
  let server: FakeServer;

  beforeEach(async () => {
    server = await FakeServer.start();
  });
  afterEach(async () => {
    await server.stop();
  });

  const runArgs = (out: string): string[] => [
    'run',
    '--target',
    server.url,
    '--domain',
    'localhost',
    '--ca',
    server.cert.certFile,
    ...ACCOUNTS,
    '--out',
    out,
    '--reporter',
    'console,json,junit,html',
    '--timeout',
    '500',
    '--area',
    'stanza,im',
  ];

  for (const [fault, says] of [
    ['runner', /TypeError: injected: the runner met an exception/],
    ['rejection', /injected: a promise rejected with no handler/],
    ['exception', /RangeError: injected: a callback threw/],
  ] as const) {
    it(`${fault} during run: exit 4, one line, every report with the finished cases and the rest not run`, async () => {
      const out = outDir(`internal-${fault}`);
      const r = await startScript(FAULTY, [fault, ...runArgs(out)], 60_000).done;
      expect(r.code, r.stderr).to.equal(EXIT.INTERNAL);
      expectOneLine(r.stderr);
      expect(r.stderr)
        .to.match(/^xmpp-conformance: the run was cut by an internal error: /)
        .and.match(says);
      const report: ReportLike = expectStoppedReports(out, 'internal');
      expect(report.incomplete?.reason).to.match(says);
      const ran = report.results.filter((x) => !x.message?.startsWith('not run: '));
      expect(ran.length).to.be.at.least(3);
      expect(ran.map((x) => x.id).sort()).to.deep.equal(loggedCases(out).sort());
      expect(report.incomplete?.notRun).to.be.above(0);
    });
  }

  it('a case declared with a bad id: exit 4 with one line naming it, no stack trace', async () => {
    const out = outDir('internal-definition');
    for (const args of [runArgs(out), ['list'], ['coverage']]) {
      const r = await startScript(FAULTY, ['definition', ...args]).done;
      expect(r.code, r.stderr).to.equal(EXIT.INTERNAL);
      expectOneLine(r.stderr);
      expect(r.stderr).to.match(/^xmpp-conformance: internal error: CaseDefinitionError: case 'stream\/not-an-id': id must look like/);
    }
    expect(existsSync(path.join(out, 'report.json'))).to.equal(false);
  });

  it('an uncaught exception outside a run: exit 4 with one line', async () => {
    const r = await startScript(FAULTY, ['early', 'jid', 'juliet@example.com']).done;
    expect(r.code, r.stderr).to.equal(EXIT.INTERNAL);
    expectOneLine(r.stderr);
    expect(r.stderr).to.equal('xmpp-conformance: internal error: RangeError: injected: a callback threw\n');
  });
});

describe('command line: serve cut by an internal error', function () {
  this.timeout(90_000);

  for (const fault of ['runner', 'rejection'] as const) {
    it(`${fault} during serve: exit 4, one line, every report with the finished cases and the rest not run`, async () => {
      const out = outDir(`internal-serve-${fault}`);
      const client = path.join(out, 'client.mjs');
      // every launched client connects and hangs up at once: each case ends quickly (failed or skipped)
      writeFileSync(
        client,
        `import net from 'node:net';\nconst s = net.connect(Number(process.env.XC_PORT), process.env.XC_HOST);\ns.on('error', () => undefined);\ns.on('connect', () => s.destroy());\n`,
      );
      const r = await startScript(
        FAULTY,
        [
          fault,
          'serve',
          '--listen',
          '127.0.0.1:0',
          '--domain',
          'localhost',
          '--grep',
          'client/',
          '--timeout',
          '3000',
          '--connect-timeout',
          '15000',
          '--client-cmd',
          `exec '${process.execPath}' '${client}'`,
          '--out',
          out,
          '--reporter',
          'console,json,junit,html',
        ],
        80_000,
      ).done;
      expect(r.code, r.stderr).to.equal(EXIT.INTERNAL);
      expectOneLine(r.stderr);
      expect(r.stderr).to.match(/^xmpp-conformance: the run was cut by an internal error: /);
      const report = expectStoppedReports(out, 'internal');
      const ran = report.results.filter((x) => !x.message?.startsWith('not run: '));
      expect(ran.length).to.be.at.least(fault === 'runner' ? 3 : 2);
      expect(report.incomplete?.notRun)
        .to.equal(report.results.length - ran.length)
        .and.to.be.above(0);
    });
  }
});
