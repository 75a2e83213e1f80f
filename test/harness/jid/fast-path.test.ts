// The ASCII fast path of parseJid (harness/jid/jid.ts) must give exactly the general path's verdict and
// canonical form: generated addresses built from the characters and shapes at its edges (case,
// separators, forbidden localpart characters, hyphens and "--", digits-only last labels, IP literals,
// trailing dots, spaces, controls, a few non-ASCII) are judged both ways.
import { expect } from 'chai';
import fc from 'fast-check';
import { fastCanonicalJid, parseJid, parseJidGeneral } from '../../../harness/jid/index.js';

const CHARS = [
  'a',
  'A',
  'z',
  'Q',
  'x',
  'n',
  'X',
  'N',
  '0',
  '7',
  '9',
  '-',
  '-',
  '.',
  '.',
  '@',
  '/',
  ' ',
  '"',
  '&',
  "'",
  ':',
  '<',
  '>',
  '[',
  ']',
  '_',
  '~',
  '\t',
  '\x7f',
  'é',
  'ß',
  'Ａ',
  '\u3002',
];

const anyChars = (max: number): fc.Arbitrary<string> => fc.array(fc.constantFrom(...CHARS), { maxLength: max }).map((a) => a.join(''));
const ldh = fc.array(fc.constantFrom('a', 'B', 'x', 'n', '0', '5', '-'), { minLength: 0, maxLength: 6 }).map((a) => a.join(''));
const label = fc.oneof(
  { weight: 6, arbitrary: ldh },
  {
    weight: 1,
    arbitrary: fc.constantFrom('xn--bcher-kva', 'XN--bcher-kva', 'ab--c', 'a---b', '-a', 'a-', '123', '0', 'a'.repeat(63), 'a'.repeat(64), 'localhost'),
  },
);
const domain = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.array(label, { minLength: 1, maxLength: 4 }), fc.boolean()).map(([ls, dot]) => ls.join('.') + (dot ? '.' : '')) },
  { weight: 1, arbitrary: fc.constantFrom('[::1]', '192.0.2.7', '1.2.3.4.', '256.1.1.1', `${'a'.repeat(60)}.`.repeat(5) + 'com') },
);
const part = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom('a', 'B', '0', '.', '-', '_', '~', '!', '=', '?', '#'), { maxLength: 6 }).map((a) => a.join('')) },
  { weight: 2, arbitrary: anyChars(8) },
);
const address = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(fc.option(part), domain, fc.option(part)).map(([l, d, r]) => (l === null ? '' : `${l}@`) + d + (r === null ? '' : `/${r}`)),
  },
  { weight: 1, arbitrary: anyChars(24) },
);

describe('jid/jid ASCII fast path (RFC 7622 §3)', () => {
  it('gives the general path verdict and canonical form on generated addresses', () => {
    let fast = 0;
    fc.assert(
      fc.property(address, (s) => {
        const general = parseJidGeneral(s);
        expect(parseJid(s)).to.deep.equal(general, s);
        const c = fastCanonicalJid(s);
        if (c !== undefined) {
          fast++;
          expect(general).to.include({ valid: true, jid: c });
        }
      }),
      { numRuns: 20_000, seed: 7622 },
    );
    expect(fast).to.be.greaterThan(1500); // the generator does reach the fast path
  });

  it('agrees at the length limits (labels 63, names 253, parts 1023 octets)', () => {
    const name = (n: number): string => `${'a'.repeat(63)}.`.repeat(Math.floor(n / 64)) + 'b'.repeat(n % 64 || 1);
    const cases = [
      `a@${'x'.repeat(63)}.com`,
      `a@${'x'.repeat(64)}.com`,
      `a@${name(253)}`,
      `a@${name(254)}`,
      `a@${name(253)}.`,
      `${'L'.repeat(1023)}@example.com`,
      `${'L'.repeat(1024)}@example.com`,
      `example.com/${'R'.repeat(1023)}`,
      `example.com/${'R'.repeat(1024)}`,
      'Juliet@Example.COM./Balcony',
      'a@b/c@d/e',
      'b/c@d',
      '@example.com',
      'a@',
      'a@/r',
      'a@b/',
      'a@1.2.3.4',
      'a@x.1a',
      'a@ab--c.d',
      'a@-a.b',
    ];
    expect(name(253).length).to.equal(253);
    for (const s of cases) {
      expect(parseJid(s)).to.deep.equal(parseJidGeneral(s), s.slice(0, 40));
    }
    expect(fastCanonicalJid('Juliet@Example.COM./Balcony')).to.equal('juliet@example.com/Balcony');
    expect(fastCanonicalJid(`a@${name(254)}`)).to.equal(undefined);
  });

  it('judges a repeated part the same way (the general path remembers part verdicts)', () => {
    for (const s of ['fußball@Bücher.example/résumé', 'Ελένη@a..b', 'e\u0301lodie@例え.テスト/♚ king', 'عمر@example.com/a\u00a0b']) {
      const first = parseJid(s);
      expect(parseJid(s)).to.deep.equal(first);
      expect(parseJidGeneral(s)).to.deep.equal(first);
    }
  });
});
