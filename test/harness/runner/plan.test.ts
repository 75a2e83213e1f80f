import { expect } from 'chai';
import fc from 'fast-check';
import { selectCases, shardOf } from '../../../harness/runner/index.js';
import type { CaseMeta } from '../../../harness/cases/index.js';

function meta(id: string, area: CaseMeta['area'], level: 'MUST' | 'SHOULD' = 'MUST'): CaseMeta {
  return { id, title: `title of ${id}`, area, role: 'server', refs: [{ rfc: 6120, section: '4.7.1', level }], requirements: ['rfc6120-4.7.1-x'], tags: [] };
}

const CASES = [
  meta('rfc6120/stream/b', 'stream'),
  meta('rfc6120/stream/a', 'stream', 'SHOULD'),
  meta('rfc6120/sasl/c', 'sasl'),
  meta('rfc6120/bind/d', 'bind', 'SHOULD'),
];

describe('runner plan', () => {
  it('sorts by id and filters by area, grep and level', () => {
    expect(selectCases(CASES, {}).map((c) => c.id)).to.deep.equal(['rfc6120/bind/d', 'rfc6120/sasl/c', 'rfc6120/stream/a', 'rfc6120/stream/b']);
    expect(selectCases(CASES, { areas: ['stream'] }).map((c) => c.id)).to.deep.equal(['rfc6120/stream/a', 'rfc6120/stream/b']);
    expect(selectCases(CASES, { grep: /sasl|bind/ }).map((c) => c.id)).to.deep.equal(['rfc6120/bind/d', 'rfc6120/sasl/c']);
    expect(selectCases(CASES, { level: 'should' }).map((c) => c.id)).to.deep.equal(['rfc6120/bind/d', 'rfc6120/stream/a']);
    expect(selectCases(CASES, { level: 'must', areas: ['stream'] }).map((c) => c.id)).to.deep.equal(['rfc6120/stream/b']);
  });

  it('shards are deterministic, disjoint, balanced and cover the plan', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 20 }), (len, n) => {
        const plan = Array.from({ length: len }, (_, i) => i);
        const shards = Array.from({ length: n }, (_, i) => shardOf(plan, { index: i + 1, total: n }));
        expect(shards.flat()).to.deep.equal(plan);
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).to.be.at.most(1);
        expect(shardOf(plan, { index: 1, total: n })).to.deep.equal(shards[0]);
      }),
    );
  });

  it('applies the shard after the filters', () => {
    const all = selectCases(CASES, {});
    const s1 = selectCases(CASES, { shard: { index: 1, total: 2 } });
    const s2 = selectCases(CASES, { shard: { index: 2, total: 2 } });
    expect([...s1, ...s2]).to.deep.equal(all);
  });
});
