// The target as initiating server authenticating by dialback instead of SASL EXTERNAL (jabberd2 2.7
// does): the harness's receiving side grants the request on the certificate it has validated
// (XEP-0344 §2.4), so the initiator cases judge what the target routes, not how it authenticated.
import { expect } from 'chai';
import { allCases } from '../../../suites/index.js';
import { runS2sAgainstFake } from '../../support/s2s-control.js';

const INITIATOR = allCases.filter((c) => c.id.startsWith('rfc6120/s2s/initiator-'));
// a peer that lets dialback in also lets an untrusted receiving server be sent to (RFC 7590 §3.4):
// these cases judge only certificates-required targets, and skip here saying so
const POLICY_SKIPS = /receiver-not-trusted$/;

describe('s2s initiator cases against a faithful peer that authenticates by dialback', () => {
  it('there are initiator cases to run', () => {
    expect(INITIATOR.length).to.be.at.least(10);
  });

  for (const def of INITIATOR) {
    it(`${def.id} ${POLICY_SKIPS.test(def.id) ? 'is skipped for the policy' : 'passes'}`, async () => {
      const r = await runS2sAgainstFake(def, { outDialback: true });
      if (POLICY_SKIPS.test(def.id)) {
        expect(r.status, r.message).to.equal('skipped');
        expect(r.message ?? '').to.match(/certs-required/);
        return;
      }
      expect(
        r.status,
        `${r.message ?? ''}\n${(r.transcript ?? [])
          .slice(-6)
          .map((e) => `${e.dir} ${e.data.slice(0, 160)}`)
          .join('\n')}`,
      ).to.equal('passed');
    });
  }

  it('without its domain in the header after TLS, its dialback request is not granted and nothing is routed', async () => {
    const send = allCases.find((c) => c.id === 'rfc6120/s2s/initiator-sends-jabber-server');
    if (!send) throw new Error('initiator-sends-jabber-server is missing');
    const r = await runS2sAgainstFake(send, { outDialback: true, outNoFromAfterTls: true });
    // without 'from' after TLS the claimed domain is empty: no EXTERNAL offered, no dialback granted
    expect(r.status).to.equal('failed');
    expect(r.message ?? '').to.match(/authenticate/);
  });
});
