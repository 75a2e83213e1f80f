// The certificate-name case accepts each identifier type XMPP uses (RFC 6120 §13.7.1.2, RFC 6125 §6)
// on its own, and only for the right service and domain; the probe-based cases say why they fail.
import { expect } from 'chai';
import { caseById, runAgainstFake } from '../../support/control.js';

describe('tls cases measured with the probe', function () {
  this.timeout(30_000);
  const names = caseById('rfc6120/tls/certificate-names-domain');

  const accepted: [string, string[]][] = [
    ['DNS-ID', ['localhost']],
    ['SRV-ID', ['srv:_xmpp-client.localhost']],
    ['XmppAddr', ['xmppAddr:localhost']],
    ['DNS-ID', ['*.example.net', 'localhost']],
  ];
  for (const [by, certNames] of accepted) {
    it(`rfc6120/tls/certificate-names-domain passes on a certificate with only ${certNames.join(', ')} (${by})`, async () => {
      const r = await runAgainstFake(names, { certNames });
      expect(r.status, r.message).to.equal('passed');
      expect(r.message).to.include(`matched by ${by}`);
    });
  }

  const refused: [string, string[]][] = [
    ['an SRV-ID for _xmpp-server, not _xmpp-client', ['srv:_xmpp-server.localhost']],
    ['an XmppAddr of another domain', ['xmppAddr:other.example']],
    ['a wildcard that needs one more label', ['*.localhost']],
  ];
  for (const [what, certNames] of refused) {
    it(`rfc6120/tls/certificate-names-domain fails on ${what}`, async () => {
      const r = await runAgainstFake(names, { certNames });
      expect(r.status, r.message).to.equal('failed');
      expect(r.message).to.include('SAN:');
    });
  }

  it('rfc9325/tls/no-weak-cipher-suites names the weak suite it saw', async () => {
    const r = await runAgainstFake(caseById('rfc9325/tls/no-weak-cipher-suites'), { tlsCiphers: 'ECDHE-RSA-AES128-GCM-SHA256:NULL-SHA256:@SECLEVEL=0' });
    expect(r.status).to.equal('failed');
    expect(r.message).to.include('NULL-SHA256 (TLS 1.2)').and.include('RFC 9325 §4.1');
  });

  it('rfc9325/tls/no-weak-cipher-suites also fails on an anonymous suite (no certificate, RFC 6120 §5.4.3.1)', async () => {
    const r = await runAgainstFake(caseById('rfc9325/tls/no-weak-cipher-suites'), { tlsCiphers: 'ECDHE-RSA-AES128-GCM-SHA256:AECDH-AES128-SHA:@SECLEVEL=0' });
    expect(r.status).to.equal('failed');
    expect(r.message).to.include('AECDH-AES128-SHA');
  });

  it('rfc5280/tls/certificate-within-validity gives the dates of an expired certificate', async () => {
    const r = await runAgainstFake(caseById('rfc5280/tls/certificate-within-validity'), { certOptions: { expired: true } });
    expect(r.status).to.equal('failed');
    expect(r.message).to.include('2020-02-01');
  });
});
