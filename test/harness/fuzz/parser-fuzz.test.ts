// The parser fuzzer finds each planted bug (test/support/buggy-parsers/, one bug of a different
// kind each) within a fixed budget and seed, shrinks it to a small input, and a saved failure
// replays to the same verdict; the harness's own parser stays clean under a CI-sized budget.
import { expect } from 'chai';
import fc from 'fast-check';
import { xorshift128plus } from 'pure-rand/generator/xorshift128plus';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  PARSER_PROPERTIES,
  arb,
  campaignInputs,
  describeInput,
  execTarget,
  judge,
  judgePieces,
  parseWithOwnParserTrees,
  fuzzParser,
  moduleTarget,
  ownParserTarget,
  readFailureFile,
  replayFailure,
  type ParserTarget,
} from '../../../harness/fuzz/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// compiled tests live in dist/test/…; the shell script is not compiled, so it is read from the source tree
const buggy = (name: string): string => path.join(here, '../../support/buggy-parsers', name);
const sourceBuggy = (name: string): string => path.join(here, '../../../../test/support/buggy-parsers', name);
const LIMITS = { timeoutMs: 1000, maxMemoryMb: 64 };

interface Planted {
  readonly target: () => ParserTarget;
  readonly kind: string;
  readonly properties?: readonly string[];
  /**
   * a campaign of half a minute or more (each shrinking step waits out a deadline, a worker's
   * memory limit or a child process): tagged '@slow', which `npm run test:unit` leaves out and
   * `npm test` runs
   */
  readonly slow?: true;
}

const PLANTED: Readonly<Record<string, Planted>> = {
  'throws on an empty xml:lang': { target: () => moduleTarget(buggy('throws.js'), LIMITS), kind: 'crash' },
  // a short deadline: every shrinking step on a hanging input costs one full timeout
  'hangs on CDATA': { target: () => moduleTarget(buggy('hangs.js'), { ...LIMITS, timeoutMs: 200 }), kind: 'hang', properties: ['valid-streams'], slow: true },
  'allocates without bound on an iq': { target: () => moduleTarget(buggy('memory.js'), LIMITS), kind: 'memory', properties: ['valid-streams'], slow: true },
  'accepts comments': { target: () => moduleTarget(buggy('accepts-comment.js'), LIMITS), kind: 'accepts-forbidden', properties: ['rejects-comment'] },
  'accepts DTDs': { target: () => moduleTarget(buggy('accepts-dtd.js'), LIMITS), kind: 'accepts-forbidden', properties: ['rejects-dtd'] },
  'rejects astral characters': { target: () => moduleTarget(buggy('rejects-astral.js'), LIMITS), kind: 'rejects-allowed', properties: ['valid-streams'] },
  'trims every chunk': { target: () => moduleTarget(buggy('chunking.js'), LIMITS), kind: 'chunking', properties: ['valid-streams'] },
  // string chunks are cut at UTF-16 offsets, inside a surrogate pair too
  'transcodes each string chunk on its own (a split surrogate pair)': {
    target: () => moduleTarget(buggy('splits-pairs.js'), LIMITS),
    kind: 'chunking',
    properties: ['valid-streams'],
  },
  'dies of SIGABRT on presence (--exec)': {
    target: () => execTarget(`/bin/sh ${sourceBuggy('exec-crash.sh')}`, LIMITS),
    kind: 'crash',
    properties: ['valid-streams'],
    slow: true,
  },
};

describe('fuzz parser', function () {
  this.timeout(120_000);
  let out: string;
  before(() => {
    out = mkdtempSync(path.join(os.tmpdir(), 'xc-fuzz-test-'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it("the harness's own parser passes 2,000 runs with seed 1", async () => {
    const target = ownParserTarget(LIMITS);
    try {
      const s = await fuzzParser({ target, runs: 2000, seed: 1 });
      // inputs a target cannot take (bytes to a string parser) are not counted as runs
      expect(s.runs).to.be.within(1800, 2000);
      expect(s.failures.map((f) => `${f.property}: ${f.kind}: ${f.message} — ${f.counterexample}`)).to.deep.equal([]);
    } finally {
      await target.close();
    }
  });

  for (const [what, planted] of Object.entries(PLANTED)) {
    it(`finds and shrinks the planted bug: ${what}${planted.slow ? ' @slow' : ''}`, async () => {
      const target = planted.target();
      try {
        const s = await fuzzParser({ target, runs: 600, seed: 7, outDir: out, ...(planted.properties ? { properties: planted.properties } : {}) });
        const found = s.failures.find((f) => f.kind === planted.kind);
        expect(found, `kinds found: ${s.failures.map((f) => f.kind).join(', ') || 'none'}`).to.not.equal(undefined);
        if (!found) return;
        // shrunk: a minimal stream is a header plus at most a stanza or two
        expect(found.counterexample.length, found.counterexample).to.be.below(400);
        expect(found.file, 'a failure file for --replay').to.be.a('string');
        const saved = readFailureFile(found.file ?? '');
        expect(saved.seed).to.equal(found.seed);
        const again = await replayFailure(target, saved);
        expect(again?.kind, 'the replay gives the same verdict').to.equal(planted.kind);
      } finally {
        await target.close();
      }
    });
  }

  it("draws what fc.check draws for the same seed, and a failure's path replays under fc.check", async () => {
    expect(campaignInputs(5, 40, ['valid-streams'])).to.deep.equal(fc.sample(arb.validStream(), { seed: 5, numRuns: 40 }));
    const target = moduleTarget(buggy('accepts-comment.js'), LIMITS);
    try {
      const s = await fuzzParser({ target, runs: 300, seed: 7, properties: ['rejects-comment'] });
      const found = s.failures[0];
      expect(found?.kind).to.equal('accepts-forbidden');
      const prop = PARSER_PROPERTIES.find((p) => p.name === 'rejects-comment');
      if (!found || !prop) return;
      const again = await fc.check(
        fc.asyncProperty(prop.arb, async (input) => (await judge(target, input)) === undefined),
        { seed: found.seed, path: found.path },
      );
      const input = again.counterexample?.[0];
      expect(input && describeInput(input, 'strings')).to.equal(found.counterexample);
    } finally {
      await target.close();
    }
  });

  it("every property's fast draw (arbitraries/twin.ts) gives exactly what its arbitrary generates, over seeds and biases", () => {
    for (const prop of PARSER_PROPERTIES) {
      const draw = prop.draw;
      expect(draw, prop.name).to.be.a('function');
      if (!draw) continue;
      for (let seed = 0; seed < 60; seed++) {
        // the campaign's biases run from 2 up (fast-check's runIdToFrequency); undefined is fc.sample's
        const bias = seed % 7 === 6 ? undefined : 2 + (seed % 5);
        const rng = xorshift128plus(seed * 7919 + 13);
        const viaArb = prop.arb.generate(new fc.Random(rng), bias).value_;
        const viaDraw = draw(new fc.Random(rng), bias);
        expect(viaDraw, `${prop.name}, seed ${seed}, bias ${String(bias)}`).to.deep.equal(viaArb);
      }
    }
  });

  it("the own target's events (element trees) tell a stanza parsed differently when cut from the same stanza parsed whole", async () => {
    const head = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";
    const whole = `${head}<message id='a'><body>x</body></message>`;
    // a parser that, given chunks, sees another attribute value: the verdicts agree, the events do not
    const parse = (p: readonly (string | Uint8Array)[]) => ({
      kind: 'answered' as const,
      outcome: parseWithOwnParserTrees(p.length === 1 ? p : [whole.replace("id='a'", "id='b'")]),
    });
    const f = await judgePieces(parse, true, 'accept', 'valid by construction', [whole.slice(0, 20), whole.slice(20)]);
    expect(f?.kind).to.equal('chunking');
    expect(f?.message).to.match(/different events in 2 chunks than in one: event 1: .*"id":"a".* vs .*"id":"b"/);
    const same = await judgePieces((p) => ({ kind: 'answered' as const, outcome: parseWithOwnParserTrees(p) }), true, 'accept', 'valid by construction', [
      whole.slice(0, 20),
      whole.slice(20),
    ]);
    expect(same).to.equal(undefined);
  });

  it('runs every property from the first batch on: a bug in the last family is found within the first few hundred runs', async () => {
    const target = moduleTarget(buggy('accepts-leading-bom.js'), LIMITS);
    try {
      // run one after another, rejects-leading-bom (the last property) would start only after 1,900 runs
      const s = await fuzzParser({ target, runs: 2000, seed: 7 });
      const found = s.failures.find((f) => f.property === 'rejects-leading-bom');
      expect(found?.kind).to.equal('accepts-forbidden');
      expect(found?.foundAtRun, 'the campaign run that found it').to.be.a('number').and.below(300);
    } finally {
      await target.close();
    }
  });

  // Hand-made smallest inputs of each failure's family, as describeInput prints them.
  const HEADER = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";
  const MINIMAL: Readonly<Record<string, { file: string; properties: readonly string[]; minimum: string }>> = {
    // five open elements, none declaring a namespace (they inherit jabber:client)
    'nesting deeper than four': { file: 'deep.js', properties: ['valid-streams'], minimum: `${HEADER}<message><a><a><a><a> </a></a></a></a></message>` },
    'a comment accepted': { file: 'accepts-comment.js', properties: ['rejects-comment'], minimum: `${HEADER}<!--a-->` },
    'an empty xml:lang throws': { file: 'throws.js', properties: ['valid-streams'], minimum: `${HEADER}<message xml:lang=''/>` },
    'an astral character refused': { file: 'rejects-astral.js', properties: ['valid-streams'], minimum: `${HEADER}<message><\u{10000}/></message>` },
    'a split surrogate pair': { file: 'splits-pairs.js', properties: ['valid-streams'], minimum: `«${HEADER}<message><a>\\u{D83C}» «\\u{DF00}</a></message>»` },
  };
  for (const [what, m] of Object.entries(MINIMAL)) {
    it(`shrinks to near the smallest input of its family: ${what}`, async () => {
      const target = moduleTarget(buggy(m.file), LIMITS);
      try {
        const s = await fuzzParser({ target, runs: 600, seed: 7, properties: m.properties });
        const found = s.failures[0];
        expect(found, 'a failure').to.not.equal(undefined);
        if (!found) return;
        expect(found.counterexample.length, found.counterexample).to.be.at.most(Math.ceil(m.minimum.length * 1.25));
      } finally {
        await target.close();
      }
    });
  }

  it("runs ltx's parser (examples/ltx-parser.mjs) to the end of its budget and reports what it finds", async () => {
    const target = moduleTarget(path.join(here, '../../../../examples/ltx-parser.mjs'), LIMITS);
    try {
      const s = await fuzzParser({ target, runs: 600, seed: 3 });
      expect(s.runs).to.be.within(500, 600);
      // ltx is not a restricted-XML parser: it lets comments or processing instructions through
      for (const f of s.failures) expect(f.counterexample, f.property).to.be.a('string').and.not.equal('');
      expect(s.failures.map((f) => f.kind)).to.include('accepts-forbidden');
    } finally {
      await target.close();
    }
  });
});
