import { expect } from 'chai';
import { PrecisError, nickname, opaqueString, usernameCaseMapped, usernameCasePreserved } from '../../../harness/jid/index.js';

describe('jid/profiles', () => {
  it('UsernameCaseMapped: width, case, NFC; Bidi Rule; IdentifierClass', () => {
    expect(usernameCaseMapped.enforce('ＪｕＬｉＥｔ')).to.equal('juliet');
    expect(usernameCaseMapped.enforce('ÉCOLE')).to.equal('école');
    expect(usernameCaseMapped.enforce('ΣΑΣ')).to.equal('σας'); // toLowerCase applies Final_Sigma
    expect(() => usernameCaseMapped.enforce('a b'))
      .to.throw(PrecisError)
      .with.property('rule', 'spaces');
    expect(() => usernameCaseMapped.enforce('\u05d0\u0031a'))
      .to.throw(PrecisError)
      .with.property('rule', 'bidi');
  });

  it('UsernameCasePreserved keeps case', () => {
    expect(usernameCasePreserved.enforce('Juliet')).to.equal('Juliet');
    expect(usernameCasePreserved.compare('Juliet', 'juliet')).to.equal(false);
    expect(usernameCaseMapped.compare('Juliet', 'ＪＵＬＩＥＴ')).to.equal(true);
  });

  it('preparation checks the input before mapping (RFC 8265 §3.3.2)', () => {
    expect(() => usernameCaseMapped.prepare('\u212a'))
      .to.throw(PrecisError)
      .with.property('rule', 'has-compat');
    expect(usernameCaseMapped.prepare('ＡＢ')).to.equal('AB');
  });

  it('OpaqueString: spaces mapped, nothing else', () => {
    expect(opaqueString.enforce('Pass\u2003Word')).to.equal('Pass Word');
    expect(opaqueString.compare('a\u00a0b', 'a b')).to.equal(true);
    expect(opaqueString.compare('A', 'a')).to.equal(false);
  });

  it('Nickname: spaces trimmed and collapsed, NFKC; comparison adds toLowerCase', () => {
    expect(nickname.enforce('  Foo \u00a0 Bar ')).to.equal('Foo Bar');
    expect(nickname.enforce('ℌ')).to.equal('H');
    expect(nickname.comparisonKey('Foo Bar')).to.equal('foo bar');
    expect(nickname.compare('StPeter', 'stpeter')).to.equal(true);
    expect(nickname.comparisonKey('\u03d4')).to.equal('\u03cb'); // RFC 8266 §3 example 8 (needs a second round)
    expect(nickname.comparisonKey('\u2163')).to.equal('iv');
    expect(() => nickname.enforce(' \u3000 '))
      .to.throw(PrecisError)
      .with.property('rule', 'empty');
  });

  it('enforcement is idempotent on its output', () => {
    for (const s of ['ＪｕＬｉＥｔ', 'ΣΑΣ', 'İstanbul', 'e\u0301']) {
      const once = usernameCaseMapped.enforce(s);
      expect(usernameCaseMapped.enforce(once)).to.equal(once);
    }
  });
});
