import { expect } from 'chai';
import { PrecisError, prepareOpaqueString } from '../../../harness/jid/opaque-string.js';
import { HarnessError } from '../../../harness/errors.js';

function rule(s: string): string {
  try {
    prepareOpaqueString(s);
  } catch (e) {
    expect(e).to.be.instanceOf(PrecisError);
    expect(e).to.be.instanceOf(HarnessError);
    expect((e as Error).message).to.match(/RFC 82(64|65)/);
    return (e as PrecisError).rule;
  }
  return 'accepted';
}

describe('jid/opaque-string', () => {
  it('keeps ordinary passwords as they are (no case or width mapping)', () => {
    expect(prepareOpaqueString('pencil')).to.equal('pencil');
    expect(prepareOpaqueString('Correct Horse!')).to.equal('Correct Horse!');
    expect(prepareOpaqueString('ＡＢＣ')).to.equal('ＡＢＣ'); // fullwidth stays fullwidth (RFC 8265 §4.2)
    expect(prepareOpaqueString('πßå')).to.equal('πßå');
    expect(prepareOpaqueString('Ǆ')).to.equal('Ǆ'); // Lt / HasCompat are valid in FreeformClass
    expect(prepareOpaqueString('日本語パスワード')).to.equal('日本語パスワード');
    expect(prepareOpaqueString('😀 ©')).to.equal('😀 ©');
  });

  it('maps non-ASCII spaces to U+0020 (RFC 8265 §4.2.2)', () => {
    expect(prepareOpaqueString('a\u00a0b\u3000c\u2009d\u202fe')).to.equal('a b c d e');
  });

  it('applies NFC', () => {
    expect(prepareOpaqueString('e\u0301')).to.equal('\u00e9');
    expect(prepareOpaqueString('\u212b')).to.equal('\u00c5'); // ANGSTROM SIGN → Å (canonical)
  });

  it('rejects the empty string', () => {
    expect(rule('')).to.equal('empty');
  });

  it('rejects what FreeformClass disallows, naming the rule', () => {
    expect(rule('a\u0000b')).to.equal('controls');
    expect(rule('tab\there')).to.equal('controls');
    expect(rule('del\u007f')).to.equal('controls');
    expect(rule('x\u0378')).to.equal('unassigned');
    expect(rule('x\ud800y')).to.equal('surrogate');
    expect(rule('x\ufdd0')).to.equal('ignorable'); // noncharacter
    expect(rule('x\uffff')).to.equal('ignorable');
    expect(rule('soft\u00adhyphen')).to.equal('ignorable');
    expect(rule('zero\u200bwidth')).to.equal('ignorable');
    expect(rule('\u1100')).to.equal('old-hangul-jamo');
    expect(rule('a\u0640b')).to.equal('exceptions'); // ARABIC TATWEEL
    expect(rule('line\u2028sep')).to.equal('disallowed');
    expect(rule('private\ue000')).to.equal('disallowed');
    expect(rule('bidi\u200emark')).to.equal('ignorable');
  });

  it('applies the contextual rules (RFC 5892 Appendix A)', () => {
    expect(rule('l\u00b7l')).to.equal('accepted');
    expect(rule('a\u00b7b')).to.equal('contexto');
    expect(rule('\u0375\u03b1')).to.equal('accepted');
    expect(rule('\u0375a')).to.equal('contexto');
    expect(rule('\u05d0\u05f3')).to.equal('accepted');
    expect(rule('a\u05f3')).to.equal('contexto');
    expect(rule('\u30ab\u30fb')).to.equal('accepted');
    expect(rule('a\u30fb')).to.equal('contexto');
    expect(rule('\u0661\u0662')).to.equal('accepted');
    expect(rule('\u0661\u06f2')).to.equal('contexto');
    expect(rule('\u0915\u094d\u200d')).to.equal('accepted'); // ZWJ after a virama
    expect(rule('a\u200db')).to.equal('contextj');
  });

  it('checks after mapping: a mapped space is fine, the error carries the code point', () => {
    try {
      prepareOpaqueString('ok\u0001');
      expect.fail('accepted');
    } catch (e) {
      expect((e as PrecisError).codePoint).to.equal(1);
      expect((e as PrecisError).index).to.equal(2);
      expect((e as PrecisError).message).to.match(/U\+0001 .* control .*RFC 8264 §9\.12/);
    }
  });
});
