// The federation cases' definitions: unique ids of the form rfc<N>/federation/<slug>, every one
// citing a rule and naming requirement ids that vectors/requirements.json has.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { federationCases } from '../../../suites/federation/index.js';
import { loadFederationBaseline } from '../../../harness/cli/federation-job.js';
import { LAB_NAMES } from '../../../harness/lab/index.js';

const requirements = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../vectors/requirements.json', import.meta.url)), 'utf8')) as { id: string }[];
const known = new Set(requirements.map((r) => r.id));
/** Every directed pair of the lab servers `npm run matrix` federates. */
const PAIRS = LAB_NAMES.flatMap((a) => LAB_NAMES.filter((b) => b !== a).map((b) => `${a}->${b}`));

describe('suites/federation', () => {
  it('has at least 15 cases with unique ids', () => {
    expect(federationCases.length).to.be.at.least(15);
    const ids = federationCases.map((c) => c.id);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const id of ids) expect(id).to.match(/^rfc(6120|6121)\/federation\/[a-z0-9-]+$/);
  });

  it('every case cites RFC 6120 or 6121 and names known requirement ids', () => {
    for (const c of federationCases) {
      expect(c.refs.length, c.id).to.be.greaterThan(0);
      for (const r of c.refs) expect([6120, 6121], c.id).to.include(r.rfc);
      expect(c.requirements.length, c.id).to.be.greaterThan(0);
      expect(
        c.requirements.filter((r) => !known.has(r)),
        c.id,
      ).to.deep.equal([]);
    }
  });

  it('baselines/federation.json names only existing cases and directed pairs of the three lab servers', () => {
    const b = loadFederationBaseline(fileURLToPath(new URL('../../../../baselines/federation.json', import.meta.url)));
    const ids = new Set(federationCases.map((c) => c.id));
    for (const e of b.entries) {
      expect(ids.has(e.id), e.id).to.equal(true);
      expect(PAIRS).to.include(e.pair);
    }
  });
});
