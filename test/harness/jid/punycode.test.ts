import { expect } from 'chai';
import fc from 'fast-check';
import { PunycodeError, punycodeDecode, punycodeEncode } from '../../../harness/jid/index.js';

const cps = (s: string): number[] => Array.from(s, (c) => c.codePointAt(0) as number);

describe('jid/punycode (RFC 3492)', () => {
  const samples: Array<[string, string]> = [
    ['bücher', 'bcher-kva'],
    ['münchen', 'mnchen-3ya'],
    ['ü', 'tda'],
    ['ß', 'zca'],
    ['他们为什么不说中文', 'ihqwcrb4cv8a8dqg056pqjye'],
    ['abc', 'abc-'],
  ];
  for (const [u, a] of samples) {
    it(`${u} ⇄ ${a}`, () => {
      expect(punycodeEncode(cps(u))).to.equal(a);
      expect(String.fromCodePoint(...punycodeDecode(a))).to.equal(u);
    });
  }

  it('round-trips any code point sequence', () => {
    const scalar = fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff);
    fc.assert(
      fc.property(fc.array(scalar, { maxLength: 30 }), (a) => {
        expect(punycodeDecode(punycodeEncode(a))).to.deep.equal(a);
      }),
      { seed: 3492, numRuns: 2000 },
    );
  });

  it('rejects malformed input', () => {
    for (const bad of ['a-b!', 'ü-abc', '99999999999', '-abc', 'zzzzzzzzzzzzzzzzzzzzzzzz']) {
      expect(() => punycodeDecode(bad), bad).to.throw(PunycodeError);
    }
  });
});
