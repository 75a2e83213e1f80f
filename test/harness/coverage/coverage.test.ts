// The requirement catalog and the coverage figures (docs/reference.md, `coverage --json`).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import {
  computeCoverage,
  loadCatalog,
  loadProven,
  unknownRequirementIds,
  validateCatalog,
  validateProven,
  CatalogError,
  type Requirement,
} from '../../../harness/coverage/index.js';
import { allCases } from '../../../suites/index.js';
import { federationCases } from '../../../suites/federation/index.js';

const req = (id: string, over: Partial<Requirement> = {}): Requirement => ({
  id,
  rfc: Number(/^rfc(\d+)/.exec(id)?.[1]),
  section: id.split('-')[1] as string,
  level: 'MUST',
  role: 'server',
  area: 'stream',
  summary: 's',
  testable: true,
  ...over,
});

describe('requirement catalog and coverage', () => {
  it('counts only testable requirements, per RFC, level, area, role and server MUSTs', () => {
    const cat = [
      req('rfc6120-4.1-a'),
      req('rfc6120-4.2-b', { level: 'SHOULD' }),
      req('rfc6121-2.1-c', { area: 'im', role: 'both' }),
      req('rfc6120-4.3-d', { testable: false, untestableReason: 's2s only' }),
    ];
    const c = computeCoverage(cat, [{ requirements: ['rfc6120-4.1-a', 'rfc6121-2.1-c'] }]);
    expect(c).to.include({ requirements: 4, testable: 3, covered: 2, proven: 0 });
    expect(c.byRfc['6120']).to.deep.equal({ testable: 2, covered: 1, proven: 0 });
    expect(c.byLevel['SHOULD']).to.deep.equal({ testable: 1, covered: 0, proven: 0 });
    expect(c.serverMustByRfc['6121']).to.deep.equal({ testable: 1, covered: 1, proven: 0 });
    expect(c.uncovered).to.deep.equal(['rfc6120-4.2-b']);
  });

  it('counts a requirement as proven only where the case listing it has it among its proven pairs', () => {
    const cat = [req('rfc6120-4.1-a'), req('rfc6120-4.2-b'), req('rfc6121-2.1-c', { area: 'im' })];
    const cases = [
      { id: 'x/one', requirements: ['rfc6120-4.1-a', 'rfc6120-4.2-b'] },
      { id: 'x/two', requirements: ['rfc6121-2.1-c'] },
    ];
    // a pair for a requirement the case no longer lists, or for an unknown case, counts for nothing
    const proven = new Map([
      ['x/one', new Set(['rfc6120-4.1-a'])],
      ['x/two', new Set(['rfc6120-4.2-b'])],
      ['x/gone', new Set(['rfc6121-2.1-c'])],
    ]);
    const c = computeCoverage(cat, cases, proven);
    expect(c).to.include({ testable: 3, covered: 3, proven: 1 });
    expect(c.byRfc['6120']).to.deep.equal({ testable: 2, covered: 2, proven: 1 });
    expect(c.byArea['im']).to.deep.equal({ testable: 1, covered: 1, proven: 0 });
    expect(c.unproven).to.deep.equal(['rfc6120-4.2-b', 'rfc6121-2.1-c']);
  });

  it('the shipped proven pairs load and name only cases and requirements that exist', () => {
    const proven = loadProven();
    // the federation cases' controls are proven pairs too (npm run federation)
    const byId = new Map<string, { readonly requirements: readonly string[] }>([...allCases, ...federationCases].map((c) => [c.id, c]));
    const stray = [...proven].flatMap(([id, qs]) => [...qs].filter((q) => !byId.get(id)?.requirements.includes(q)).map((q) => `${id} ${q}`));
    expect(stray).to.deep.equal([]);
    expect(() => validateProven({ pairs: { a: 'b' } })).to.throw(CatalogError, /list requirement ids/);
    expect(() => validateProven([])).to.throw(CatalogError, /pairs/);
  });

  it('rejects malformed catalogs with the entry named', () => {
    expect(() => validateCatalog([req('rfc6120-4.1-a'), req('rfc6120-4.1-a')])).to.throw(CatalogError, /duplicate/);
    expect(() => validateCatalog([{ ...req('rfc6120-4.1-a'), level: 'MAYBE' }])).to.throw(CatalogError, /level/);
    expect(() => validateCatalog([{ ...req('rfc6120-4.1-a'), testable: false }])).to.throw(CatalogError, /untestableReason/);
    expect(() => validateCatalog({})).to.throw(CatalogError, /array/);
  });

  it('the shipped catalog is valid, and every requirement id a case cites for a catalogued RFC is in it', () => {
    const catalog = loadCatalog();
    expect(catalog.length).to.be.greaterThan(400);
    const rfcs = new Set(catalog.map((r) => `rfc${r.rfc}-`));
    const cited = allCases.map((c) => ({ id: c.id, requirements: c.requirements.filter((q) => [...rfcs].some((p) => q.startsWith(p))) }));
    expect(unknownRequirementIds(cited, catalog)).to.deep.equal([]);
  });

  it("a case's refs agree with the catalog: a ref to a section one of the case's requirements is in carries that requirement's level", () => {
    const catalog = new Map(loadCatalog().map((r) => [r.id, r]));
    const docOf = (x: { readonly rfc?: number | undefined; readonly xep?: number | undefined }): string =>
      x.rfc !== undefined ? `rfc${x.rfc}` : `xep${x.xep}`;
    const disagreements: string[] = [];
    for (const c of [...allCases, ...federationCases]) {
      const listed = c.requirements.map((id) => catalog.get(id)).filter((r): r is Requirement => r !== undefined);
      for (const ref of c.refs) {
        const doc = docOf(ref);
        const same = listed.filter((r) => docOf(r) === doc && r.section === ref.section);
        // a ref to a section none of its requirements is in is a further citation, not a claim
        if (same.length > 0 && !same.some((r) => r.level === ref.level)) {
          disagreements.push(`${c.id}: cites ${doc} §${ref.section} as ${ref.level}; the catalog has ${same.map((r) => `${r.id} as ${r.level}`).join(', ')}`);
        }
      }
    }
    expect(disagreements).to.deep.equal([]);
  });

  it("README's proven figures for testable server MUSTs are the ones `coverage` computes", () => {
    const readme = readFileSync(fileURLToPath(new URL('../../../../README.md', import.meta.url)), 'utf8').replace(/\s+/g, ' ');
    const c = computeCoverage(loadCatalog(), allCases, loadProven()).serverMustByRfc;
    for (const rfc of ['6120', '6121']) {
      const t = c[rfc];
      const m = new RegExp(`(\\d+)% for RFC ${rfc} \\((\\d+) of (\\d+)\\)`).exec(readme);
      expect(m, `README: 'N% for RFC ${rfc} (proven of testable)'`).to.not.equal(null);
      const want = `${Math.floor(((t?.proven ?? 0) / (t?.testable ?? 1)) * 100)}% (${t?.proven} of ${t?.testable})`;
      expect(`${m?.[1]}% (${m?.[2]} of ${m?.[3]})`, `README's RFC ${rfc} figure: run \`coverage\` and update it`).to.equal(want);
    }
  });

  it('the cases cover at least 70% of the testable server MUSTs of RFC 6120', () => {
    const t = computeCoverage(loadCatalog(), allCases).serverMustByRfc['6120'];
    expect((t?.covered ?? 0) / (t?.testable ?? 1), `RFC 6120: ${t?.covered}/${t?.testable}`).to.be.at.least(0.7);
  });

  // RFC 6121 coverage is 51 of 190 testable server MUSTs (27%) so far: the coverage work stays open until
  // it reaches 70%. This test keeps the catalog part present and the figure from falling.
  it('the catalog covers RFC 6121, and the cases cover at least 25% of its testable server MUSTs', () => {
    const t = computeCoverage(loadCatalog(), allCases).serverMustByRfc['6121'];
    expect(t?.testable ?? 0).to.be.greaterThan(150);
    expect((t?.covered ?? 0) / (t?.testable ?? 1), `RFC 6121: ${t?.covered}/${t?.testable}`).to.be.at.least(0.25);
  });
});
