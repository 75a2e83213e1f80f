// Coverage that is proven: every (case, requirement) pair `list --json --federation` prints has a negative
// control of that case naming the requirement (controls.test.ts, federation/controls.test.ts show the case fails on it), or
// stands on the shrinking allow-list test/unproven-pairs.txt with its reason. vectors/proven.json,
// which `coverage` reads, must match the control tables.
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { controlRequirements, PROVEN_PATH, provenCases, provenFileText, provenPairs, readAllowList } from '../support/proven.js';

describe('proven coverage', () => {
  it('every requirement a control names is one its case lists', () => {
    const controls = controlRequirements();
    const wrong: string[] = [];
    for (const c of provenCases()) {
      for (const q of (controls.get(c.id) ?? []).flat()) if (!c.requirements.includes(q)) wrong.push(`${c.id} → ${q}`);
    }
    expect(wrong, 'controls naming a requirement their case does not list').to.deep.equal([]);
  });

  it('every (case, requirement) pair is proven by a control or on the allow-list with a reason, and the list only holds unproven pairs', () => {
    const proven = provenPairs();
    const allowed = readAllowList();
    const key = (c: string, q: string): string => `${c} ${q}`;
    const allowedKeys = new Set(allowed.map((a) => key(a.caseId, a.requirement)));
    const pairs = provenCases().flatMap((c) => c.requirements.map((q) => ({ c: c.id, q, proven: proven[c.id]?.includes(q) === true })));
    const listed = new Set(pairs.map((p) => key(p.c, p.q)));
    expect(
      pairs.filter((p) => !p.proven && !allowedKeys.has(key(p.c, p.q))).map((p) => key(p.c, p.q)),
      'pairs with no control naming the requirement (add one, or drop the requirement from the case)',
    ).to.deep.equal([]);
    expect(
      pairs.filter((p) => p.proven && allowedKeys.has(key(p.c, p.q))).map((p) => key(p.c, p.q)),
      'proven pairs still on test/unproven-pairs.txt (remove them)',
    ).to.deep.equal([]);
    expect(
      allowed.filter((a) => !listed.has(key(a.caseId, a.requirement))).map((a) => `line ${a.line}: ${key(a.caseId, a.requirement)}`),
      'allow-list lines naming no pair the cases list',
    ).to.deep.equal([]);
    expect(allowedKeys.size, 'duplicate allow-list lines').to.equal(allowed.length);
    const total = pairs.length;
    const n = pairs.filter((p) => p.proven).length;
    // the figures the allow-list is measured by; printed so a run shows them
    console.log(`      ${n} of ${total} (case, requirement) pairs proven, ${allowed.length} allow-listed`);
  });

  it('vectors/proven.json is current (npm run proven rewrites it)', () => {
    expect(readFileSync(PROVEN_PATH, 'utf8') === provenFileText(), 'vectors/proven.json differs from the control tables: run `npm run proven`').to.equal(true);
  });
});
