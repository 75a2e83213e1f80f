// The hand-built report the reporter tests share (test/support/report-fixture.ts), checked first.
import { expect } from 'chai';
import { sampleReport } from '../../support/report-fixture.js';

describe('report fixture', () => {
  it('has one case of each status and a consistent summary', () => {
    const r = sampleReport();
    expect(r.summary).to.deep.equal({ total: 4, passed: 1, failed: 1, skipped: 1, errored: 1, 'expected-fail': 0, fixed: 0 });
  });
});
