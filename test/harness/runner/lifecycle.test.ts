import { expect } from 'chai';
import { ClosedError, ExpectationError, HarnessError, SkipError, TimeoutError, UnreachableError, XmlError } from '../../../harness/errors.js';
import { failureMessage, runCleanups, runLifecycle, statusOf, type CaseTrace } from '../../../harness/runner/index.js';
import type { SpecRef } from '../../../harness/spec.js';

const CASE_REF: SpecRef = { rfc: 6120, section: '4.7.1', level: 'MUST' };
const STEP_REF: SpecRef = { rfc: 6121, section: '3.1.3', level: 'MUST' };

function trace(notes: string[] = [], step?: string): CaseTrace {
  return { currentStep: step, notes, ref: CASE_REF };
}

describe('runner lifecycle', () => {
  it('decides the status by the error type alone', () => {
    expect(statusOf(new SkipError('n/a'))).to.equal('skipped');
    expect(statusOf(new ExpectationError('x', 'y'))).to.equal('failed');
    expect(statusOf(new TimeoutError('quiet'))).to.equal('failed');
    expect(statusOf(new ClosedError('gone'))).to.equal('failed');
    expect(statusOf(new HarnessError('SASL', 'refused'))).to.equal('failed');
    expect(statusOf(new HarnessError('TLS', 'no handshake'))).to.equal('failed');
    expect(statusOf(new HarnessError('CLOSED', 'the run was stopped'))).to.equal('errored');
    expect(statusOf(new Error('the stream ended'))).to.equal('errored');
    // malformed XML is the peer's only where the peer is the one under test's client (serve)
    expect(statusOf(new XmlError('bad', 'not-well-formed'))).to.equal('errored');
    expect(statusOf(new XmlError('bad', 'not-well-formed'), { xmlIsPeers: true })).to.equal('failed');
  });

  it("cites the case's rule only when the error names none (its ref first, then its text)", () => {
    expect(failureMessage(new TimeoutError('expected a push; got nothing', STEP_REF), 'failed', 'wait', CASE_REF)).to.equal(
      '[wait] expected a push; got nothing (RFC 6121 §3.1.3 MUST)',
    );
    expect(failureMessage(new ClosedError('connection closed'), 'failed', undefined, CASE_REF)).to.equal('connection closed (RFC 6120 §4.7.1 MUST)');
    expect(failureMessage(new XmlError('invalid UTF-8 (RFC 6120 §11.6)', 'not-well-formed'), 'failed', undefined, CASE_REF)).to.equal(
      'invalid UTF-8 (RFC 6120 §11.6)',
    );
    expect(failureMessage(new Error('a bug'), 'errored', undefined, CASE_REF)).to.equal('a bug');
    expect(failureMessage(new UnreachableError('refused'), 'errored', undefined, CASE_REF)).to.equal('refused [target unreachable]');
  });

  it('keeps the notes, runs the teardown whatever happened, and says when a timeout ended the case', async () => {
    let tornDown = 0;
    const teardown = async (): Promise<string[]> => {
      tornDown += 1;
      return [];
    };
    const passed = await runLifecycle(trace(['a note']), async () => undefined, { limit: 1000, teardown });
    expect(passed).to.deep.equal({ status: 'passed', message: 'a note', timedOut: false });
    const failed = await runLifecycle(trace(['a note'], 'step one'), () => Promise.reject(new ExpectationError('x', 'y')), {
      limit: 1000,
      teardown: async () => ['cleanup failed: z'],
    });
    expect(failed).to.deep.equal({
      status: 'failed',
      message: '[step one] expected x; got y (RFC 6120 §4.7.1 MUST); a note; cleanup failed: z',
      timedOut: false,
    });
    const slow = await runLifecycle(trace(), () => new Promise<void>(() => undefined), { limit: 20, teardown });
    expect(slow).to.deep.equal({ status: 'failed', message: 'the case did not finish within 20 ms (RFC 6120 §4.7.1 MUST)', timedOut: true });
    expect(tornDown).to.equal(2);
  });

  it('ends the case at once on a stopped run when asked to, and calls onStop either way', async () => {
    const ac = new AbortController();
    let stops = 0;
    const running = runLifecycle(trace(), () => new Promise<void>(() => undefined), {
      limit: 5000,
      signal: ac.signal,
      onStop: () => stops++,
      stopEndsCase: true,
      teardown: async () => [],
    });
    ac.abort();
    expect(await running).to.deep.equal({ status: 'errored', message: 'the run was stopped', timedOut: false });
    expect(stops).to.equal(1);
  });

  it('runs clean-ups last registered first, each bounded, failures as lines', async () => {
    const order: number[] = [];
    const problems = await runCleanups([async () => void order.push(1), () => new Promise<void>(() => undefined), () => Promise.reject(new Error('boom'))], 20);
    expect(problems).to.deep.equal(['cleanup failed: boom', 'cleanup failed: cleanup did not finish within 20 ms']);
    expect(order).to.deep.equal([1]);
  });
});
