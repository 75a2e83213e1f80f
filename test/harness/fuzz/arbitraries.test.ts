// Self-checks of the arbitraries: the same seed gives the same values; saxes, an
// independent parser, agrees that valid streams are valid and that each invalid one breaks the
// rule it names; shrunk values stay valid.
import { expect } from 'chai';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { arb, concatBytes, type FuzzInput, type ViolationRule } from '../../../harness/fuzz/index.js';

interface SaxView {
  readonly errors: string[];
  readonly seen: Set<'comment' | 'pi' | 'doctype'>;
}

/** saxes on the whole text, without close() (a stream may stay open). */
function sax(text: string): SaxView {
  const view: SaxView = { errors: [], seen: new Set() };
  const p = new SaxesParser({ xmlns: true });
  p.on('error', (e) => void view.errors.push(e.message));
  p.on('comment', () => void view.seen.add('comment'));
  p.on('processinginstruction', () => void view.seen.add('pi'));
  p.on('doctype', () => void view.seen.add('doctype'));
  p.write(text);
  return view;
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function textOf(input: FuzzInput): string {
  return input.strings ? input.strings.join('') : strict.decode(concatBytes(input.chunks));
}

/** How an independent reader sees each rule broken. */
function independentlyInvalid(input: FuzzInput): boolean {
  const rule = input.rule as ViolationRule;
  if (rule === 'bad-utf8') {
    try {
      strict.decode(concatBytes(input.chunks));
      return false;
    } catch {
      return true;
    }
  }
  const text = textOf(input);
  if (rule === 'surrogate-half') return /\p{Cs}/u.test(text);
  if (rule === 'leading-bom') return text.startsWith('\uFEFF');
  // saxes lets a bare '&' followed by a space through; XML 1.0 §2.4 does not
  if (rule === 'bad-markup' && /&(?![A-Za-z_:#][^;\s<&]*;)/.test(text)) return true;
  const v = sax(text);
  if (rule === 'comment') return v.seen.has('comment');
  if (rule === 'processing-instruction') return v.seen.has('pi');
  if (rule === 'misplaced-xml-declaration') return v.seen.has('pi') || v.errors.length > 0;
  if (rule === 'dtd') return v.seen.has('doctype');
  if (rule === 'internal-entity' || rule === 'external-entity') return v.seen.has('doctype') && /<!ENTITY|SYSTEM/.test(text);
  return v.errors.length > 0;
}

function independentlyValid(input: FuzzInput): string | undefined {
  const v = sax(textOf(input));
  if (v.errors.length) return v.errors[0];
  if (v.seen.size) return `saw ${[...v.seen].join(', ')}`;
  return undefined;
}

describe('fuzz arbitraries', () => {
  it('the same seed gives the same values', () => {
    for (const a of [arb.validStream(), arb.invalidStream(), arb.stanza(), arb.xmlName(), arb.xmlText()] as fc.Arbitrary<unknown>[]) {
      expect(fc.sample(a, { seed: 99, numRuns: 30 })).to.deep.equal(fc.sample(a, { seed: 99, numRuns: 30 }));
    }
  });

  it('saxes accepts every valid stream (no error, no comment, PI or DTD)', () => {
    fc.assert(
      fc.property(arb.validStream(), (input) => {
        const why = independentlyValid(input);
        if (why) throw new Error(`${why} in ${textOf(input)}`);
      }),
      { seed: 1, numRuns: 600 },
    );
  });

  for (const rule of arb.VIOLATION_RULES) {
    it(`every '${rule}' stream breaks that rule for an independent reader`, () => {
      fc.assert(
        fc.property(arb.invalidStream({ violation: { rules: [rule] } }), (input) => {
          expect(input.expect).to.equal('reject');
          expect(input.rule).to.equal(rule);
          // the reason names the rule: an RFC section, or the XML 1.0 / Namespaces well-formedness constraint
          expect(input.reason).to.match(/§|WFC|NSC/);
          expect(
            independentlyInvalid(input),
            `${input.reason}: ${input.strings ? input.strings.join('') : Buffer.from(concatBytes(input.chunks)).toString('latin1')}`,
          ).to.equal(true);
        }),
        { seed: 2, numRuns: 60 },
      );
    });
  }

  it('the wire-safe violations are plain text with no bytes or surrogates', () => {
    for (const v of fc.sample(arb.violation({ wireSafe: true }), { seed: 3, numRuns: 300 })) {
      expect(v.bytes).to.equal(undefined);
      expect(v.stringOnly).to.not.equal(true);
      expect(v.where).to.equal('content');
    }
  });

  it('asciiNames keeps every element, attribute and prefix name ASCII (and the stanza valid)', () => {
    let nonAsciiWithout = 0;
    for (const [ascii, s] of [true, false].flatMap((a) => fc.sample(arb.stanza({ asciiNames: a }), { seed: 5, numRuns: 400 }).map((x) => [a, x] as const))) {
      expect(sax(s).errors, s).to.deep.equal([]);
      const names: string[] = [];
      const p = new SaxesParser({ xmlns: true });
      p.on('opentag', (tag) => void names.push(tag.name, ...Object.keys(tag.attributes)));
      p.write(s);
      const nonAscii = names.some((n) => /[^\x00-\x7f]/.test(n));
      if (ascii) expect(nonAscii, s).to.equal(false);
      else if (nonAscii) nonAsciiWithout++;
    }
    expect(nonAsciiWithout, 'the default reaches non-ASCII names').to.be.greaterThan(20);
  });

  it('shrunk values stay valid, and shrink small', () => {
    // a property that fails on any stream with a stanza in it: fast-check shrinks the failure
    const r = fc.check(
      fc.property(arb.validStream(), (input) => !/<(message|presence|iq)[\s/>]/.test(textOf(input))),
      { seed: 4, numRuns: 200 },
    );
    expect(r.failed).to.equal(true);
    const shrunk = r.counterexample?.[0] as FuzzInput;
    expect(independentlyValid(shrunk)).to.equal(undefined);
    expect(textOf(shrunk).length).to.be.below(110);
  });

  it('shrunk invalid values keep their violation', () => {
    const r = fc.check(
      fc.property(arb.invalidStream({ violation: { rules: ['comment'] } }), () => false),
      { seed: 5, numRuns: 10 },
    );
    const shrunk = r.counterexample?.[0] as FuzzInput;
    expect(shrunk.rule).to.equal('comment');
    expect(independentlyInvalid(shrunk)).to.equal(true);
  });
});
