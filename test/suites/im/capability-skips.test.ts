// Optional RFC 6121 features: a case for a feature the server does not offer is skipped, with the
// reason, never passed or failed.
import { expect } from 'chai';
import { caseById, runAgainstFake } from '../../support/control.js';

const PREAPPROVAL_CASES = ['rfc6121/im/preapproval-auto-approves', 'rfc6121/im/preapproval-withdrawn', 'rfc6121/im/probe-keeps-preapproval'];

describe('im: cases for optional features skip when the server does not offer them', function () {
  this.timeout(30_000);

  for (const id of PREAPPROVAL_CASES) {
    it(`${id} is skipped when pre-approval is not advertised (RFC 6121 §3.4.1)`, async () => {
      const r = await runAgainstFake(caseById(id), { noPreapprovalFeature: true });
      expect(r.status, r.message).to.equal('skipped');
      expect(r.message).to.match(/does not advertise subscription pre-approval/);
    });
  }

  it('an advertised pre-approval that changes nothing fails, not skips', async () => {
    const r = await runAgainstFake(caseById('rfc6121/im/preapproval-auto-approves'), { noPreapproval: true });
    expect(r.status, r.message).to.equal('failed');
  });
});
