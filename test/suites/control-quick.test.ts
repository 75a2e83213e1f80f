// The negative controls' quick runs (test/support/control-quick.ts): a quick verdict counts only
// when it is the recorded failure; everything else falls back to the full timeout; and every
// record entry still names a control.
import { expect } from 'chai';
import type { CaseResult } from '../../harness/runner/index.js';
import { faultyHalf, namesTimedWait, normalisedFailure, timeoutRecord, type TimeoutRecord } from '../support/control-quick.js';
import { controlTables } from '../support/proven.js';

function result(status: CaseResult['status'], message?: string): CaseResult {
  return { id: 'x', title: 'x', area: 'stream', role: 'server', refs: [], requirements: [], tags: [], status, durationMs: 1, ...(message ? { message } : {}) };
}

const RECORD: TimeoutRecord = { 'a/b/c': { 'stays silent': 'expected the bind result within 1T ms; got nothing' } };

/** A fake run: what it returns at each timeout, and the timeouts it was called with. */
function runs(byTimeout: Record<number, CaseResult>): { run: (ms: number) => Promise<CaseResult>; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    run: (ms) => {
      calls.push(ms);
      const r = byTimeout[ms];
      if (!r) throw new Error(`no result for ${ms} ms`);
      return Promise.resolve(r);
    },
  };
}

describe('negative controls: quick runs of the faulty halves', () => {
  const dump = process.env['XC_CONTROL_DUMP'];
  const quick = process.env['XC_CONTROL_QUICK'];
  before(() => {
    delete process.env['XC_CONTROL_DUMP'];
    process.env['XC_CONTROL_QUICK'] = '1';
  });
  after(() => {
    if (dump !== undefined) process.env['XC_CONTROL_DUMP'] = dump;
    if (quick === undefined) delete process.env['XC_CONTROL_QUICK'];
    else process.env['XC_CONTROL_QUICK'] = quick;
  });

  it('normalises waits that are multiples of the timeout, elapsed times, loopback ports and session counters', () => {
    expect(normalisedFailure('expected x within 1200 ms; got nothing', 1200)).to.equal('expected x within 1T ms; got nothing');
    expect(normalisedFailure('expected x within 300 ms; got nothing', 300)).to.equal('expected x within 1T ms; got nothing');
    expect(normalisedFailure('waited 3600 ms, then 600 ms', 1200)).to.equal('waited 3T ms, then 0.5T ms');
    expect(normalisedFailure('<service-unavailable/> after 44 ms from 127.0.0.1:40123', 1200)).to.equal(
      '<service-unavailable/> after ? ms from 127.0.0.1:PORT',
    );
    expect(normalisedFailure("expected an iq result or error with id 's17-2' within 600 ms", 1200)).to.equal(
      "expected an iq result or error with id 's#-2' within 0.5T ms",
    );
    expect(namesTimedWait('within 0.25T ms')).to.equal(true);
    expect(namesTimedWait('after ? ms')).to.equal(false);
  });

  it('keeps a quick run that fails with the recorded message', async () => {
    const f = runs({ 300: result('failed', 'expected the bind result within 300 ms; got nothing') });
    const r = await faultyHalf('a/b/c', 'stays silent', 1200, f.run, RECORD);
    expect(f.calls).to.deep.equal([300]);
    expect(r.status).to.equal('failed');
  });

  it('runs at the full timeout when the quick run fails elsewhere (a wait that ran out early on a busy machine)', async () => {
    const f = runs({
      300: result('failed', 'expected the stream header within 300 ms; got nothing'),
      1200: result('failed', 'expected the bind result within 1200 ms; got nothing'),
    });
    const r = await faultyHalf('a/b/c', 'stays silent', 1200, f.run, RECORD);
    expect(f.calls).to.deep.equal([300, 1200]);
    expect(r.message).to.match(/within 1200 ms/);
  });

  it('runs at the full timeout when the quick run passes, and judges that run', async () => {
    const f = runs({ 300: result('failed', 'x'), 1200: result('passed') });
    expect((await faultyHalf('a/b/c', 'stays silent', 1200, f.run, { 'a/b/c': { 'stays silent': 'y' } })).status).to.equal('passed');
    expect(f.calls).to.deep.equal([300, 1200]);
  });

  it('runs only at the full timeout where nothing is recorded, while XC_CONTROL_DUMP is set, or without XC_CONTROL_QUICK=1 (npm test)', async () => {
    const f = runs({ 1200: result('failed', 'expected the bind result within 1200 ms; got nothing') });
    await faultyHalf('a/b/c', 'breaks something else', 1200, f.run, RECORD);
    process.env['XC_CONTROL_DUMP'] = '/dev/null';
    try {
      await faultyHalf('a/b/c', 'stays silent', 1200, f.run, RECORD);
    } finally {
      delete process.env['XC_CONTROL_DUMP'];
    }
    delete process.env['XC_CONTROL_QUICK'];
    try {
      await faultyHalf('a/b/c', 'stays silent', 1200, f.run, RECORD);
    } finally {
      process.env['XC_CONTROL_QUICK'] = '1';
    }
    expect(f.calls).to.deep.equal([1200, 1200, 1200]);
  });

  it('every entry of test/support/control-timeouts.json names a control and a peer of it', () => {
    const tables = Object.fromEntries(controlTables().flatMap((t) => Object.entries(t)));
    const stale: string[] = [];
    for (const [id, peers] of Object.entries(timeoutRecord())) {
      const control = tables[id];
      const known = control ? [control.breaks, ...(control.also ?? []).map((p) => p.breaks)] : [];
      for (const breaks of Object.keys(peers)) if (!known.includes(breaks)) stale.push(`${id}: ${breaks}`);
    }
    expect(stale, 'entries naming no control (run npm run control-timeouts)').to.deep.equal([]);
  });
});
