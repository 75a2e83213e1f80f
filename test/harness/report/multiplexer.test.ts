import { expect } from 'chai';
import { Writable } from 'node:stream';
import type { Reporter, RunPlan } from '../../../harness/report/reporter.js';
import { Multiplexer } from '../../../harness/report/multiplexer.js';
import { FAILED, PASSED, metaOf, sampleReport } from '../../support/report-fixture.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

/** Records every event it sees. */
function recorder(log: string[], name: string): Reporter {
  return {
    async onBegin() {
      await new Promise((r) => setTimeout(r, 5));
      log.push(`${name}:begin`);
    },
    onCaseBegin: (m) => void log.push(`${name}:caseBegin:${m.id}`),
    onCaseEnd: (_m, r) => void log.push(`${name}:caseEnd:${r.status}`),
    onDiagnostic: (d) => void log.push(`${name}:diag:${d}`),
    async onEnd() {
      await new Promise((r) => setTimeout(r, 5));
      log.push(`${name}:end`);
    },
  };
}

const thrower: Reporter = {
  onBegin() {
    throw new Error('begin broke');
  },
  onCaseEnd() {
    throw new Error('case broke\nsecond line');
  },
  async onEnd() {
    throw new Error('disk full');
  },
};

const report = sampleReport();
const plan: RunPlan = { cases: [metaOf(PASSED), metaOf(FAILED)], target: report.target, seed: 42, startedAt: report.startedAt };

async function drive(m: Multiplexer): Promise<void> {
  await m.onBegin(plan);
  for (const r of [PASSED, FAILED]) {
    m.onCaseBegin(metaOf(r));
    m.onCaseEnd(metaOf(r), r);
  }
  m.onDiagnostic('hello');
  await m.onEnd(report);
}

describe('report/multiplexer', () => {
  it('fans every event out to every reporter, awaiting onBegin and onEnd', async () => {
    const log: string[] = [];
    await drive(
      new Multiplexer([
        { name: 'a', reporter: recorder(log, 'a') },
        { name: 'b', reporter: recorder(log, 'b') },
      ]),
    );
    expect(log).to.deep.equal([
      'a:begin',
      'b:begin',
      `a:caseBegin:${PASSED.id}`,
      `b:caseBegin:${PASSED.id}`,
      'a:caseEnd:passed',
      'b:caseEnd:passed',
      `a:caseBegin:${FAILED.id}`,
      `b:caseBegin:${FAILED.id}`,
      'a:caseEnd:failed',
      'b:caseEnd:failed',
      'a:diag:hello',
      'b:diag:hello',
      'a:end',
      'b:end',
    ]);
  });

  it('contains a throwing reporter: the others get every event, and the console hears once per reporter', async () => {
    const log: string[] = [];
    const stderr = new Capture();
    const m = new Multiplexer(
      [
        { name: 'console', reporter: recorder(log, 'console') },
        { name: 'junit', reporter: thrower },
        { name: 'json', reporter: recorder(log, 'json') },
      ],
      { stderr },
    );
    await drive(m);
    expect(stderr.text).to.equal('');
    expect(log.filter((l) => l.startsWith('json:'))).to.have.length(7);
    const diags = log.filter((l) => l.startsWith('console:diag:'));
    expect(diags).to.deep.equal([
      'console:diag:reporter junit failed in onBegin: begin broke',
      'console:diag:hello',
      'console:diag:reporter junit: 3 more errors not shown',
    ]);
    // the console ends last, after being told about the others
    expect(log[log.length - 1]).to.equal('console:end');
    expect(log.indexOf('json:end')).to.be.below(log.indexOf('console:diag:reporter junit: 3 more errors not shown'));
  });

  it('tells stderr when there is no console, or the console is the one failing', async () => {
    const stderr = new Capture();
    const log: string[] = [];
    await drive(
      new Multiplexer(
        [
          { name: 'junit', reporter: thrower },
          { name: 'json', reporter: recorder(log, 'json') },
        ],
        { stderr },
      ),
    );
    expect(stderr.text.split('\n')[0]).to.equal('xmpp-conformance: reporter junit failed in onBegin: begin broke');
    expect(log).to.include('json:end');

    const stderr2 = new Capture();
    await drive(new Multiplexer([{ name: 'console', reporter: thrower }], { stderr: stderr2 }));
    expect(stderr2.text).to.include('xmpp-conformance: reporter console failed in onBegin: begin broke\n');
  });

  it('gives up on a hook that hangs past the deadline', async () => {
    const stderr = new Capture();
    const log: string[] = [];
    const hang: Reporter = { onEnd: () => new Promise<void>(() => undefined) };
    const m = new Multiplexer(
      [
        { name: 'html', reporter: hang },
        { name: 'json', reporter: recorder(log, 'json') },
      ],
      { stderr, hookTimeoutMs: 20 },
    );
    await m.onEnd(report);
    expect(stderr.text).to.equal('xmpp-conformance: reporter html failed in onEnd: did not finish within 20 ms\n');
    expect(log).to.deep.equal(['json:end']);
  });
});
