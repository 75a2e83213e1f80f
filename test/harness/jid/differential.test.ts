// Differential test of our PRECIS profiles against Debian's python3-precis-i18n (one python process per
// batch, see test/support/precis/). Every disagreement must fall under an entry of ALLOWED, which says
// why our answer is the RFC's; anything else fails the test.
import { expect } from 'chai';
import fc from 'fast-check';
import { PrecisError, profiles, type ProfileName } from '../../../harness/jid/index.js';
import { precisTable, UNASSIGNED, viramaCodePoints } from '../../../harness/jid/unicode-data.js';
import { PrecisOracle, oracleUnavailable } from '../../support/precis/client.js';
import { edgeVectors, profileVectors, rfc7622Vectors, show } from './vectors.js';

// Our profile → precis_i18n's name for the same operation.
const PY: ReadonlyArray<readonly [ProfileName, 'enforce' | 'comparisonKey', string]> = [
  ['UsernameCaseMapped', 'enforce', 'UsernameCaseMapped'],
  ['UsernameCasePreserved', 'enforce', 'UsernameCasePreserved'],
  ['OpaqueString', 'enforce', 'OpaqueString'],
  // RFC 8266 §2.3: enforcement has no case mapping = precis_i18n's NicknameCasePreserved;
  // §2.4 comparison adds toLowerCase = precis_i18n's NicknameCaseMapped.
  ['Nickname', 'enforce', 'NicknameCasePreserved'],
  ['Nickname', 'comparisonKey', 'NicknameCaseMapped'],
];

type Ours = readonly [true, string] | readonly [false, string, 'prepare' | 'enforce'];

function ours(profile: ProfileName, op: 'enforce' | 'comparisonKey', s: string): Ours {
  const p = profiles[profile];
  try {
    return [true, p[op](s)];
  } catch (e) {
    if (!(e instanceof PrecisError)) throw e;
    let stage: 'prepare' | 'enforce' = 'enforce';
    try {
      p.prepare(s);
    } catch {
      stage = 'prepare';
    }
    return [false, e.rule, stage];
  }
}

/**
 * The allow-list: a named, explained class of disagreement and a predicate recognising it.
 * `pyUnassigned` tells whether the input holds a code point unassigned in Python's Unicode but assigned in 17.0.
 */
interface Allowed {
  readonly id: string;
  readonly why: string;
  readonly match: (c: { s: string; ours: Ours; py: readonly [boolean, string]; pyUnassigned: boolean; pyClassRejects: boolean }) => boolean;
}

const ALLOWED: readonly Allowed[] = [
  {
    id: 'unicode-version',
    why: "precis_i18n uses Python's unicodedata (Unicode 14.0 here); code points assigned in Unicode 15.0-17.0 are UNASSIGNED there and valid (or differently classed) here. PRECIS is version-agile (RFC 8264 §1, §11.8); we use 17.0.",
    match: (c) => c.pyUnassigned,
  },
  {
    id: 'preparation-check',
    why: 'RFC 8265 §3.3.2/§3.4.2 (and §4.2.1, RFC 8266 §2.2) make enforcement start with preparation, which checks the string class on the input (after width mapping for usernames); precis_i18n only checks the output. So e.g. KELVIN SIGN, OHM SIGN or U+0958 (HasCompat, ID_DIS) are refused here but accepted there after case mapping/NFC turn them into PVALID code points.',
    // Confirmed independently: precis_i18n's own string class rejects the raw input too.
    match: (c) => c.ours[0] === false && c.ours[2] === 'prepare' && c.py[0] === true && c.pyClassRejects,
  },
  {
    id: 'stability',
    why: 'RFC 8264 §7: re-apply the rules until stable, rejecting only after three more rounds; precis_i18n rejects ("not_idempotent") when a single re-application (two for Nickname) changes the string.',
    match: (c) => c.ours[0] === true && c.py[0] === false && c.py[1] === 'DISALLOWED/not_idempotent',
  },
];

function interestingCodePoints(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 0x10ffff }) },
    { weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0x2fff }) },
    { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x1ffff }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        0x20,
        0xa0,
        0x1680,
        0x2000,
        0x3000,
        0x200c,
        0x200d,
        0xb7,
        0x6c,
        0x375,
        0x3b1,
        0x5d0,
        0x5f3,
        0x5f4,
        0x30fb,
        0x30ab,
        0x660,
        0x6f0,
        0x627,
        0x628,
        0x644,
        0x64b,
        0x94d,
        0x915,
        0x301,
        0x3a3,
        0x130,
        0x212a,
        0x2126,
        0x212b,
        0xff21,
        0xff41,
        0xff61,
        0x2163,
        0x3d4,
        0x1e9e,
        0xdf,
        0xfb01,
        0x1100,
        0xac00,
        0x640,
        0xfeff,
        0xad,
      ),
    },
  );
}

const SEED = 7622;

describe('jid/differential vs python3-precis-i18n', function () {
  this.timeout(120_000);
  let oracle: PrecisOracle | undefined;
  let pyVersion = '';

  before(async function () {
    const why = oracleUnavailable();
    if (why) {
      console.log(`    (skipped: ${why})`);
      this.skip();
    }
    oracle = PrecisOracle.start();
    const info = await oracle.request({ op: 'info' });
    pyVersion = String(info['unicode']);
  });

  after(() => oracle?.close());

  async function pyUnassignedSet(strings: readonly string[]): Promise<Set<number>> {
    // Code points Python's UCD does not know (category Cn) that Unicode 17.0 assigns.
    const cps = new Set<number>();
    for (const s of strings) for (const ch of s) cps.add(ch.codePointAt(0) as number);
    const table = precisTable();
    const candidates = [...cps].filter((cp) => table[cp] !== UNASSIGNED && cp >= 0x80);
    const resp = await (oracle as PrecisOracle).request({ op: 'many', profile: 'FreeFormClass', items: candidates.map((cp) => String.fromCodePoint(cp)) });
    const out = new Set<number>();
    (resp['results'] as Array<[boolean, string]>).forEach(([ok, err], i) => {
      if (!ok && err === 'DISALLOWED/unassigned') out.add(candidates[i] as number);
    });
    return out;
  }

  async function compareAll(strings: readonly string[]): Promise<{ compared: number; allowed: Map<string, number>; bad: string[] }> {
    const unknown = await pyUnassignedSet(strings);
    const allowed = new Map<string, number>();
    const bad: string[] = [];
    let compared = 0;
    const diffs: Array<{ profile: ProfileName; op: string; s: string; o: Ours; py: [boolean, string] }> = [];
    for (const [profile, op, pyName] of PY) {
      const resp = await (oracle as PrecisOracle).request({ op: 'many', profile: pyName, items: strings });
      const results = resp['results'] as Array<[boolean, string]>;
      strings.forEach((s, i) => {
        compared++;
        const py = results[i] as [boolean, string];
        const o = ours(profile, op, s);
        const same = o[0] === py[0] && (o[0] === false || o[1] === py[1]);
        if (!same) diffs.push({ profile, op, s, o, py });
      });
    }
    // The string class alone, in precis_i18n, on the raw inputs of the differences.
    const classOf = (p: ProfileName): string => (profiles[p].stringClass === 'IdentifierClass' ? 'IdentifierClass' : 'FreeFormClass');
    const classRejects = new Set<string>();
    for (const cls of ['IdentifierClass', 'FreeFormClass']) {
      const items = diffs.filter((d) => classOf(d.profile) === cls).map((d) => d.s);
      const resp = await (oracle as PrecisOracle).request({ op: 'many', profile: cls, items });
      (resp['results'] as Array<[boolean, string]>).forEach(([ok], i) => {
        if (!ok) classRejects.add(`${cls}\u0000${items[i] as string}`);
      });
    }
    for (const d of diffs) {
      const pyUnassigned = [...d.s].some((ch) => unknown.has(ch.codePointAt(0) as number));
      const pyClassRejects = classRejects.has(`${classOf(d.profile)}\u0000${d.s}`);
      const hit = ALLOWED.find((a) => a.match({ s: d.s, ours: d.o, py: d.py, pyUnassigned, pyClassRejects }));
      if (hit) allowed.set(hit.id, (allowed.get(hit.id) ?? 0) + 1);
      else bad.push(`${d.profile}.${d.op}(${show(d.s)}): ours ${JSON.stringify(d.o)} vs precis_i18n ${JSON.stringify(d.py)}`);
    }
    return { compared, allowed, bad };
  }

  function report(title: string, r: { compared: number; allowed: Map<string, number> }): void {
    const a = [...r.allowed].map(([k, v]) => `${k}: ${v}`).join(', ') || 'none';
    console.log(`      ${title}: ${r.compared} comparisons, allowed differences (Python Unicode ${pyVersion}): ${a}`);
  }

  it('agrees on the vectors (profiles, localparts, resourceparts)', async () => {
    const strings = new Set<string>();
    for (const v of profileVectors()) strings.add(v.input);
    for (const v of [...rfc7622Vectors(), ...edgeVectors()]) {
      const slash = v.input.indexOf('/');
      const head = slash < 0 ? v.input : v.input.slice(0, slash);
      const at = head.indexOf('@');
      if (at >= 0) strings.add(head.slice(0, at));
      if (slash >= 0) strings.add(v.input.slice(slash + 1));
    }
    const r = await compareAll([...strings]);
    report('vectors', r);
    expect(r.bad, r.bad.slice(0, 20).join('\n')).to.deep.equal([]);
  });

  it('agrees on 4000 generated strings over all of Unicode (fixed seed)', async () => {
    const arb = fc
      .array(interestingCodePoints(), { minLength: 0, maxLength: 12 })
      .map((cps) => String.fromCodePoint(...cps.map((cp) => (cp >= 0xd800 && cp <= 0xdfff ? cp + 0x800 : cp))));
    const strings = fc.sample(arb, { seed: SEED, numRuns: 4000 });
    const r = await compareAll(strings);
    report('generated', r);
    expect(r.bad, r.bad.slice(0, 20).join('\n')).to.deep.equal([]);
  });

  it('finds the same Virama (ccc = 9) code points as Python, up to the Unicode version', async () => {
    const py = new Set((await (oracle as PrecisOracle).request({ op: 'viramas' }))['cps'] as number[]);
    const mine = viramaCodePoints();
    const missing = [...py].filter((cp) => !mine.includes(cp));
    expect(missing, 'every Unicode 14 virama is found').to.deep.equal([]);
    const unknown = await pyUnassignedSet(mine.filter((cp) => !py.has(cp)).map((cp) => String.fromCodePoint(cp)));
    const extra = mine.filter((cp) => !py.has(cp) && !unknown.has(cp));
    expect(extra, "extra viramas are only code points newer than Python's Unicode").to.deep.equal([]);
  });

  it('documents every allow-list entry', () => {
    for (const a of ALLOWED) expect(a.why.length).to.be.greaterThan(40);
  });
});
