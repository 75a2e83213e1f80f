import { expect } from 'chai';
import { DomainError, enforceDomain, isIpv6 } from '../../../harness/jid/index.js';

const rule = (d: string): string => {
  try {
    enforceDomain(d);
    return 'ok';
  } catch (e) {
    expect(e).to.be.instanceOf(DomainError);
    return (e as DomainError).rule;
  }
};

describe('jid/domain (RFC 7622 §3.2, IDNA2008)', () => {
  it('returns U-label and A-label forms', () => {
    expect(enforceDomain('Bücher.Example.')).to.deep.equal({ domain: 'bücher.example', ascii: 'xn--bcher-kva.example', kind: 'dns' });
    expect(enforceDomain('xn--bcher-kva.example').domain).to.equal('bücher.example');
    expect(enforceDomain('例え。テスト').domain).to.equal('例え.テスト');
  });

  it('classifies IP addresses', () => {
    expect(enforceDomain('127.0.0.1').kind).to.equal('ipv4');
    expect(enforceDomain('[::1]').kind).to.equal('ipv6');
    expect(enforceDomain('[v1.fe]').kind).to.equal('ipvfuture');
    for (const ok of ['::', '1::', '::1', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:1.2.3.4', '::1.2.3.4', 'a:b::c:d']) expect(isIpv6(ok), ok).to.equal(true);
    for (const bad of ['', ':', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', '1.2.3.4::', ':1::2', 'g::1'])
      expect(isIpv6(bad), bad).to.equal(false);
  });

  it('names the rule that fails', () => {
    expect(rule('')).to.equal('empty');
    expect(rule('.')).to.equal('empty');
    expect(rule('a..b')).to.equal('label-empty');
    expect(rule('[1.2.3.4]')).to.equal('ip-literal');
    expect(rule('1.2.3')).to.equal('ipv4');
    expect(rule('a_b.com')).to.equal('ldh');
    expect(rule('-a.com')).to.equal('hyphen');
    expect(rule('xn--a.com')).to.equal('a-label');
    expect(rule('\u0301x.com')).to.equal('leading-mark');
    expect(rule('a\u200db.com')).to.equal('contextj');
    expect(rule('a\u00b7b.com')).to.equal('contexto');
    expect(rule('\u2665.com')).to.equal('code-point');
    expect(rule('a.\u05d0a')).to.equal('bidi');
    expect(rule('a'.repeat(64))).to.equal('label-length');
    expect(rule(`${'ü'.repeat(60)}.com`)).to.equal('label-length'); // short U-label, long A-label
    expect(rule(Array(64).fill('abc').join('.'))).to.equal('length');
  });
});
