import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import { checkNames, describeCertificate, dnsNameMatches, parseSubjectAltName } from '../../../harness/probe/index.js';
import { variantCert } from '../../support/tls-server/certs.js';

describe('probe/san: subjectAltName from the DER', () => {
  it('reads DNS, XmppAddr and SRV otherNames, and IP addresses, in order', () => {
    const c = variantCert({ dns: ['localhost', '*.example.net'], xmppAddr: ['localhost'], srv: ['_xmpp-client.localhost'] });
    const san = parseSubjectAltName(c.der);
    expect(san).to.deep.equal([
      { type: 'dns', value: 'localhost' },
      { type: 'dns', value: '*.example.net' },
      { type: 'xmppAddr', value: 'localhost' },
      { type: 'srv', value: '_xmpp-client.localhost' },
    ]);
    // node's own rendering agrees on the same names
    const nodeView = new X509Certificate(c.der).subjectAltName ?? '';
    expect(nodeView).to.include('DNS:localhost').and.include('XmppAddr:localhost').and.include('SRVName:_xmpp-client.localhost');
  });

  it('decodes a non-ASCII XmppAddr UTF8String as stored, agreeing with node', () => {
    // The openssl CLI converts its argument as if it were Latin-1, so the stored UTF-8 is 'mÃ¼nchen';
    // what matters here is that we decode the bytes exactly as node does.
    const c = variantCert({ dns: ['example.org'], xmppAddr: ['münchen.example'] });
    const xa = parseSubjectAltName(c.der).find((e) => e.type === 'xmppAddr');
    expect(xa && 'value' in xa ? xa.value : '').to.equal('m\u00c3\u00bcnchen.example');
    expect(new X509Certificate(c.der).subjectAltName).to.include(`XmppAddr:${xa && 'value' in xa ? xa.value : ''}`);
  });

  it('returns [] for a certificate without SAN, and the CN then counts', () => {
    const c = variantCert({ cn: 'legacy.example' });
    expect(parseSubjectAltName(c.der)).to.deep.equal([]);
    const info = describeCertificate(c.der);
    expect(info.commonName).to.equal('legacy.example');
    expect(checkNames(info.san, info.commonName, 'legacy.example')).to.include({ matched: true, commonName: true });
  });

  it('survives truncated DER without throwing', () => {
    const c = variantCert({ dns: ['localhost'] });
    for (const n of [0, 1, 10, 100, c.der.length - 1]) expect(() => parseSubjectAltName(c.der.subarray(0, n))).not.to.throw();
  });

  it('describes key, signature algorithm, dates', () => {
    const c = variantCert({ dns: ['localhost'] });
    const info = describeCertificate(c.der);
    expect(info.key).to.include({ type: 'rsa', bits: 2048 });
    expect(info.signatureAlgorithm.name).to.equal('sha256WithRSAEncryption');
    expect(info.selfSigned).to.equal(true);
    expect(info.expired).to.equal(false);
    const old = describeCertificate(variantCert({ dns: ['localhost'], expired: true }).der);
    expect(old.expired).to.equal(true);
    expect(old.notAfter).to.equal('2020-02-01T00:00:00.000Z');
  });
});

describe('probe/san: RFC 6125 name matching for XMPP', () => {
  it('wildcards match exactly one left-most label', () => {
    expect(dnsNameMatches('*.example.net', 'chat.example.net')).to.equal(true);
    expect(dnsNameMatches('*.example.net', 'example.net')).to.equal(false);
    expect(dnsNameMatches('*.example.net', 'a.b.example.net')).to.equal(false);
    expect(dnsNameMatches('f*.example.net', 'foo.example.net')).to.equal(false);
    expect(dnsNameMatches('*.net', 'example.net')).to.equal(false);
    expect(dnsNameMatches('Example.NET', 'example.net.')).to.equal(true);
  });

  it('accepts DNS-ID, SRV-ID for _xmpp-client, and XmppAddr, each on its own', () => {
    expect(checkNames([{ type: 'dns', value: 'example.org' }], undefined, 'example.org').matchedBy).to.deep.equal(['DNS-ID']);
    expect(checkNames([{ type: 'srv', value: '_xmpp-client.example.org' }], undefined, 'example.org').matchedBy).to.deep.equal(['SRV-ID']);
    expect(checkNames([{ type: 'srv', value: '_xmpp-server.example.org' }], undefined, 'example.org').matched).to.equal(false);
    expect(checkNames([{ type: 'xmppAddr', value: 'example.org' }], 'other', 'example.org').matchedBy).to.deep.equal(['XmppAddr']);
  });

  it('ignores the CN once the SAN has a DNS-ID (RFC 6125 §6.4.4)', () => {
    const r = checkNames([{ type: 'dns', value: 'other.example' }], 'example.org', 'example.org');
    expect(r.matched).to.equal(false);
  });
});
