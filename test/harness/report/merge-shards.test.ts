// --shard I/N (runner/plan.ts) and `report merge` together: the real case list split three ways is
// deterministic, disjoint and covering, and merging fabricated shard reports gives the unsharded run.
import { expect } from 'chai';
import { mergeReports } from '../../../harness/report/index.js';
import { selectCases, shardOf } from '../../../harness/runner/plan.js';
import { summarize, type CaseResult, type Report, type Status } from '../../../harness/runner/result.js';
import type { CaseMeta } from '../../../harness/cases/meta.js';
import { allCases } from '../../../suites/index.js';

const STATUS_CYCLE: readonly Status[] = ['passed', 'failed', 'skipped', 'errored', 'passed'];

function fabricate(meta: CaseMeta, i: number): CaseResult {
  const status = STATUS_CYCLE[i % STATUS_CYCLE.length] as Status;
  return {
    id: meta.id,
    title: meta.title,
    area: meta.area,
    role: meta.role,
    refs: meta.refs,
    requirements: meta.requirements,
    tags: meta.tags,
    status,
    durationMs: i,
    ...(status !== 'passed' ? { message: `fabricated ${status} for ${meta.id}` } : {}),
    ...(status === 'failed' ? { transcript: [{ dir: 'in' as const, t: 1, data: `<iq id='${i}'/>` }] } : {}),
  };
}

function reportOf(results: readonly CaseResult[], shard?: { index: number; total: number }): Report {
  return {
    schema: 'xmpp-conformance/report@1',
    tool: { name: 'xmpp-conformance', version: '0.1.0' },
    target: { url: 'xmpp://127.0.0.1:15222', domain: 'localhost', software: { name: 'Prosody', version: '0.12.3' } },
    seed: 7,
    startedAt: '2024-05-01T10:00:00.000Z',
    durationMs: 100,
    summary: summarize(results),
    results,
    ...(shard ? { shard } : {}),
  };
}

describe('report merge of --shard slices (real case list)', () => {
  const N = 3;
  const full = selectCases(allCases, {});
  const statusOf = new Map(full.map((c, i) => [c.id, fabricate(c, i)]));

  it('the suite has enough cases to split', () => {
    expect(full.length).to.be.greaterThan(N);
  });

  it('shards are deterministic, disjoint, covering and balanced', () => {
    const shards = Array.from({ length: N }, (_, i) => selectCases(allCases, { shard: { index: i + 1, total: N } }).map((c) => c.id));
    // same again, from a shuffled input: the plan sorts by id first
    const shuffled = [...allCases].reverse();
    const again = Array.from({ length: N }, (_, i) => selectCases(shuffled, { shard: { index: i + 1, total: N } }).map((c) => c.id));
    expect(again).to.deep.equal(shards);
    const flat = shards.flat();
    expect(new Set(flat).size).to.equal(flat.length);
    expect(flat).to.deep.equal(full.map((c) => c.id));
    const sizes = shards.map((s) => s.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).to.be.at.most(1);
    // contiguous slices of the sorted plan
    expect(flat).to.deep.equal([...flat].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('shards under a filter also cover exactly the filtered plan', () => {
    const filtered = selectCases(allCases, { level: 'must' });
    const parts = Array.from({ length: N }, (_, i) => shardOf(filtered, { index: i + 1, total: N }));
    expect(parts.flat()).to.deep.equal(filtered);
    const viaSelect = Array.from({ length: N }, (_, i) => selectCases(allCases, { level: 'must', shard: { index: i + 1, total: N } }));
    expect(viaSelect).to.deep.equal(parts);
  });

  it('more shards than cases: some are empty, none overlap, all covered', () => {
    const n = full.length + 2;
    const parts = Array.from({ length: n }, (_, i) => shardOf(full, { index: i + 1, total: n }));
    expect(parts.flat()).to.deep.equal(full);
    expect(parts.filter((p) => p.length === 0)).to.have.length(2);
  });

  it('merging the fabricated shard reports equals the unsharded report', () => {
    const unsharded = reportOf(full.map((c) => statusOf.get(c.id) as CaseResult));
    // shard reports given out of order: the merge sorts by id
    const shardReports = [3, 1, 2].map((i) =>
      reportOf(
        selectCases(allCases, { shard: { index: i, total: N } }).map((c) => statusOf.get(c.id) as CaseResult),
        { index: i, total: N },
      ),
    );
    const outcome = mergeReports(shardReports, { sources: ['s3', 's1', 's2'] });
    expect(outcome.warnings).to.deep.equal([]);
    expect(outcome.targets).to.have.length(1);
    const merged = outcome.targets[0] as Report;
    expect(merged.results).to.deep.equal(unsharded.results);
    expect(merged.summary).to.deep.equal(unsharded.summary);
    expect(merged.target).to.deep.equal(unsharded.target);
    expect(merged.shard).to.equal(undefined);
    expect(merged.summary.failed).to.be.greaterThan(0);
  });

  it('dropping a shard is reported as incomplete', () => {
    const two = [1, 2].map((i) =>
      reportOf(
        selectCases(allCases, { shard: { index: i, total: N } }).map((c) => statusOf.get(c.id) as CaseResult),
        { index: i, total: N },
      ),
    );
    expect(mergeReports(two).warnings).to.deep.equal(['target xmpp://127.0.0.1:15222: incomplete: shard 3/3 missing']);
  });
});
