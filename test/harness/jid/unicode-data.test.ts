import { expect } from 'chai';
import fc from 'fast-check';
import { derivedProperty } from '../../../harness/jid/index.js';
import { BIDI_AL, BIDI_AN, BIDI_L, BIDI_NSM, BIDI_R, JT_D, JT_R, JT_T, bidiClass, isVirama, joiningType, precisTable, UNASSIGNED, widthMapping } from '../../../harness/jid/unicode-data.js';

describe('jid/unicode-data', () => {
  it('derives RFC 8264 §8 properties in order (exceptions, ASCII7, JoinControl, ...)', () => {
    expect(derivedProperty(0x61, 'IdentifierClass')).to.equal('PVALID');
    expect(derivedProperty(0x20, 'IdentifierClass')).to.equal('ID_DIS');
    expect(derivedProperty(0x20, 'FreeformClass')).to.equal('FREE_PVAL');
    expect(derivedProperty(0xdf, 'IdentifierClass')).to.equal('PVALID'); // exception
    expect(derivedProperty(0x640, 'FreeformClass')).to.equal('DISALLOWED'); // exception
    expect(derivedProperty(0xb7, 'IdentifierClass')).to.equal('CONTEXTO');
    expect(derivedProperty(0x200d, 'IdentifierClass')).to.equal('CONTEXTJ');
    expect(derivedProperty(0x378, 'FreeformClass')).to.equal('UNASSIGNED');
    expect(derivedProperty(0xfdd0, 'FreeformClass')).to.equal('DISALLOWED'); // noncharacter, not UNASSIGNED
    expect(derivedProperty(0x1100, 'FreeformClass')).to.equal('DISALLOWED');
    expect(derivedProperty(0xad, 'FreeformClass')).to.equal('DISALLOWED');
    expect(derivedProperty(0x2163, 'IdentifierClass')).to.equal('ID_DIS'); // HasCompat
    expect(derivedProperty(0x1c5, 'IdentifierClass')).to.equal('ID_DIS'); // Lt, HasCompat
    expect(derivedProperty(0x265a, 'IdentifierClass')).to.equal('ID_DIS');
    expect(derivedProperty(0x2028, 'FreeformClass')).to.equal('DISALLOWED');
    expect(derivedProperty(0xe000, 'FreeformClass')).to.equal('DISALLOWED');
    expect(derivedProperty(0xac00, 'IdentifierClass')).to.equal('PVALID'); // Hangul syllable: no HasCompat
    expect(derivedProperty(0x1f600, 'FreeformClass')).to.equal('FREE_PVAL');
  });

  it('agrees with the engine\'s \\p{Cn} on unassigned code points (same Unicode version)', () => {
    const t = precisTable();
    const re = /^\p{Cn}$/u;
    const noncharacter = /^\p{Noncharacter_Code_Point}$/u;
    fc.assert(fc.property(fc.integer({ min: 0, max: 0x10ffff }).filter((cp) => cp < 0xd800 || cp > 0xdfff), (cp) => {
      const s = String.fromCodePoint(cp);
      expect(t[cp] === UNASSIGNED, `U+${cp.toString(16)}`).to.equal(re.test(s) && !noncharacter.test(s));
    }), { seed: 1, numRuns: 20_000 });
  });

  it('has Bidi_Class and Joining_Type', () => {
    expect(bidiClass(0x61)).to.equal(BIDI_L);
    expect(bidiClass(0x5d0)).to.equal(BIDI_R);
    expect(bidiClass(0x627)).to.equal(BIDI_AL);
    expect(bidiClass(0x661)).to.equal(BIDI_AN);
    expect(bidiClass(0x301)).to.equal(BIDI_NSM);
    expect(joiningType(0x628)).to.equal(JT_D);
    expect(joiningType(0x627)).to.equal(JT_R);
    expect(joiningType(0x64b)).to.equal(JT_T);
  });

  it('finds viramas from canonical ordering', () => {
    for (const cp of [0x94d, 0x9cd, 0xbcd, 0x17d2, 0x1039, 0x11046]) expect(isVirama(cp), cp.toString(16)).to.equal(true);
    for (const cp of [0x301, 0x93c, 0x61, 0x94c]) expect(isVirama(cp), cp.toString(16)).to.equal(false);
  });

  it('maps fullwidth and halfwidth forms', () => {
    const m = widthMapping();
    expect(m.get(0xff21)).to.equal('A');
    expect(m.get(0xff61)).to.equal('\u3002');
    expect(m.get(0x3000)).to.equal(' ');
    expect(m.has(0x41)).to.equal(false);
  });
});
