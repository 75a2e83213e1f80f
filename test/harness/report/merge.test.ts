import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { reportCommand } from '../../../harness/cli/report.js';
import { UsageError } from '../../../harness/errors.js';
import { MATRIX_SCHEMA, mergeReports, readReport, renderMatrixHtml, writeMerged, type Matrix } from '../../../harness/report/index.js';
import { summarize, type CaseResult, type Report, type Status } from '../../../harness/runner/result.js';
import { ERRORED, FAILED, PASSED, SKIPPED, expectInert, hostileResult, sampleReport } from '../../support/report-fixture.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

function io(): { stdout: Capture; stderr: Capture; env: NodeJS.ProcessEnv } {
  return { stdout: new Capture(), stderr: new Capture(), env: {} };
}

function rep(results: readonly CaseResult[], overrides: Partial<Report> = {}): Report {
  return sampleReport({ results, summary: summarize(results), ...overrides });
}

function withStatus(r: CaseResult, status: Status, message?: string): CaseResult {
  const { message: _m, transcript: _t, ...rest } = r;
  return { ...rest, status, ...(message !== undefined ? { message } : {}) };
}

const EJABBERD = { url: 'xmpp://127.0.0.1:25222', domain: 'localhost', software: { name: 'ejabberd', version: '23.10' } };
const BARE = { url: 'xmpp://127.0.0.1:35222', domain: 'example.test' };

describe('report/merge: shards of one target', () => {
  it('unions disjoint shards, sorts by id, recomputes the summary, drops shard, spans the time', () => {
    const a = rep([FAILED, SKIPPED], { shard: { index: 1, total: 2 }, startedAt: '2024-05-01T10:00:00.000Z', durationMs: 1000 });
    const b = rep([PASSED, ERRORED], { shard: { index: 2, total: 2 }, startedAt: '2024-05-01T10:00:00.500Z', durationMs: 2000 });
    const m = mergeReports([a, b]);
    expect(m.warnings).to.deep.equal([]);
    expect(m.targets).to.have.length(1);
    const t = m.targets[0] as Report;
    expect(t.results.map((r) => r.id)).to.deep.equal([FAILED, SKIPPED, PASSED, ERRORED].map((r) => r.id).sort());
    expect(t.summary).to.deep.equal(summarize([FAILED, SKIPPED, PASSED, ERRORED]));
    expect(t.shard).to.equal(undefined);
    expect(t.startedAt).to.equal('2024-05-01T10:00:00.000Z');
    expect(t.durationMs).to.equal(2500);
    expect(t.target.software).to.deep.equal({ name: 'Prosody', version: '0.12.3', os: 'Linux' });
  });

  it('refuses a case in two shards, naming both files', () => {
    expect(() => mergeReports([rep([PASSED]), rep([PASSED, FAILED])], { sources: ['a.json', 'b.json'] })).to.throw(
      UsageError,
      `case ${PASSED.id} is in both a.json and b.json; shards must be disjoint`,
    );
  });

  it('with last-wins keeps the later result and warns', () => {
    const m = mergeReports([rep([PASSED]), rep([withStatus(PASSED, 'failed', 'now broken')])], { sources: ['a', 'b'], onDuplicate: 'last-wins' });
    expect(m.targets[0]?.results[0]?.status).to.equal('failed');
    expect(m.warnings).to.deep.equal([`target xmpp://127.0.0.1:15222: case ${PASSED.id} is in both a and b; keeping the one from b`]);
  });

  it('warns about missing shards, mixed shardings and disagreeing software or seed', () => {
    expect(mergeReports([rep([PASSED], { shard: { index: 1, total: 3 } }), rep([FAILED], { shard: { index: 3, total: 3 } })]).warnings).to.deep.equal([
      'target xmpp://127.0.0.1:15222: incomplete: shard 2/3 missing',
    ]);
    const w = mergeReports([
      rep([PASSED], { shard: { index: 1, total: 2 }, seed: 1 }),
      rep([FAILED], {
        shard: { index: 2, total: 3 },
        seed: 2,
        target: { url: 'xmpp://127.0.0.1:15222', domain: 'localhost', software: { name: 'Prosody', version: '13.0' } },
      }),
    ]).warnings;
    expect(w.some((x) => x.includes('target.software differs'))).to.equal(true);
    expect(w.some((x) => x.includes('seed differs'))).to.equal(true);
    expect(w.some((x) => x.includes('different shardings'))).to.equal(true);
  });

  it('refuses an empty list', () => {
    expect(() => mergeReports([])).to.throw(UsageError, 'no reports to merge');
  });
});

describe('report/merge: several targets (matrix)', () => {
  function threeTargets(): Report[] {
    return [
      rep([PASSED, FAILED, SKIPPED]),
      rep([PASSED, withStatus(FAILED, 'passed'), withStatus(SKIPPED, 'skipped', SKIPPED.message)], { target: EJABBERD }),
      rep([PASSED, withStatus(FAILED, 'failed', 'other'), hostileResult()], { target: BARE }),
    ];
  }

  it('builds columns (software name+version, else url) and rows ordered by RFC section', () => {
    const m = mergeReports(threeTargets()).matrix;
    expect(m.schema).to.equal(MATRIX_SCHEMA);
    expect(m.columns.map((c) => c.label)).to.deep.equal(['Prosody 0.12.3', 'ejabberd 23.10', 'xmpp://127.0.0.1:35222']);
    expect(m.columns.map((c) => c.dir)).to.deep.equal(['targets/prosody-0.12.3', 'targets/ejabberd-23.10', 'targets/127.0.0.1-35222']);
    // RFC 6120 §4.7.5; RFC 6121 §8.5.3.1 (two cases, by id); RFC 7590 §3.1
    expect(m.rows.map((r) => r.id)).to.deep.equal([PASSED.id, 'rfc6120/stanza/hostile', FAILED.id, SKIPPED.id]);
    const row = (id: string) => m.rows.find((r) => r.id === id);
    expect(row(PASSED.id)?.differs).to.equal(false);
    expect(row(FAILED.id)?.differs).to.equal(true);
    expect(row(FAILED.id)?.cells.map((c) => c?.status)).to.deep.equal(['failed', 'passed', 'failed']);
    expect(row(SKIPPED.id)?.cells[2]).to.equal(null);
    expect(row(SKIPPED.id)?.differs).to.equal(true);
    expect(row(FAILED.id)?.levels).to.deep.equal(['MUST', 'SHOULD']);
  });

  it('tells apart two targets running the same software', () => {
    const m = mergeReports([rep([PASSED]), rep([PASSED], { target: { ...sampleReport().target, url: 'xmpp://127.0.0.1:16222' } })]).matrix;
    expect(m.columns.map((c) => c.label)).to.deep.equal(['Prosody 0.12.3 (xmpp://127.0.0.1:15222)', 'Prosody 0.12.3 (xmpp://127.0.0.1:16222)']);
    expect(m.columns.map((c) => c.dir)).to.deep.equal(['targets/prosody-0.12.3', 'targets/prosody-0.12.3-2']);
  });

  it('renders an inert matrix page with messages on hover and transcripts in templates', () => {
    const outcome = mergeReports(threeTargets());
    const html = renderMatrixHtml(outcome.matrix, outcome.targets);
    expectInert(html);
    expect(html.match(/<tr class="case-row"/g) ?? []).to.have.length(4);
    expect(html.match(/<th scope="col" data-col=/g) ?? []).to.have.length(3);
    expect(html).to.include('title="failed: other"');
    expect(html).to.include('<td class="cell st-absent" title="no result from this server">—</td>');
    expect(html).to.include('<a href="targets/ejabberd-23.10/index.html">ejabberd 23.10</a>');
    expect(html).to.match(/<template id="d-\d+-2">.*&lt;script&gt;alert\(1\)&lt;\/script&gt;/s);
  });
});

describe('report/merge: files and the CLI', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'xc-merge-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function put(name: string, report: unknown): string {
    const file = join(dir, name);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, typeof report === 'string' ? report : JSON.stringify(report));
    return file;
  }

  it('one target: writes report.json, junit.xml and index.html into --out; exit 1 on failures', async () => {
    const a = put('s1/report.json', rep([FAILED], { shard: { index: 1, total: 2 } }));
    put('s2/report.json', rep([PASSED], { shard: { index: 2, total: 2 } }));
    const out = join(dir, 'merged');
    const c = io();
    const code = await reportCommand(['merge', a, join(dir, 's2'), '--out', out], c);
    expect(code).to.equal(1);
    expect(c.stderr.text).to.equal('');
    expect(c.stdout.text).to.include('merged 2 reports into 1 target');
    const merged = readReport(join(out, 'report.json'));
    expect(merged.summary.total).to.equal(2);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).to.include('<testsuites');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).to.include('XMPP conformance: Prosody 0.12.3');
    expect(existsSync(join(out, 'matrix.json'))).to.equal(false);
  });

  it('exit 0 when nothing failed', async () => {
    const a = put('a.json', rep([PASSED, SKIPPED]));
    expect(await reportCommand(['merge', a, '--out', join(dir, 'o')], io())).to.equal(0);
  });

  it('several targets: matrix index.html, matrix.json and one folder per target', async () => {
    const files = [put('p.json', rep([PASSED, FAILED])), put('e.json', rep([PASSED, withStatus(FAILED, 'passed')], { target: EJABBERD }))];
    const out = join(dir, 'm');
    const c = io();
    await reportCommand(['merge', ...files, '--out', out], c);
    const matrix = JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8')) as Matrix;
    expect(matrix.schema).to.equal('xmpp-conformance/matrix@1');
    expect(matrix.rows).to.have.length(2);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).to.include('XMPP interop matrix');
    for (const d of ['prosody-0.12.3', 'ejabberd-23.10']) {
      for (const f of ['report.json', 'junit.xml', 'index.html']) expect(existsSync(join(out, 'targets', d, f)), `${d}/${f}`).to.equal(true);
    }
    expect(readReport(join(out, 'targets', 'ejabberd-23.10', 'report.json')).summary.passed).to.equal(2);
  });

  it('--federation: the directed pairs of a federation report as a second matrix below the servers', async () => {
    const files = [put('p.json', rep([PASSED, FAILED])), put('e.json', rep([PASSED], { target: EJABBERD }))];
    const side = (server: string) => ({ server, version: '1', domain: `${server}.lab.test` });
    const pair = (from: string, to: string, results: CaseResult[]) => ({ from: side(from), to: side(to), summary: summarize(results), results });
    const fed = put('fed.json', {
      schema: 'xmpp-conformance/federation-report@1',
      startedAt: '2024-05-01T10:00:00.000Z',
      pairs: {
        'prosody->jabberd2': pair('prosody', 'jabberd2', [PASSED]),
        'jabberd2->prosody': pair('jabberd2', 'prosody', [withStatus(PASSED, 'failed', 'fed-fail')]),
      },
    });
    const out = join(dir, 'f');
    expect(await reportCommand(['merge', ...files, '--out', out, '--federation', fed], io())).to.equal(1);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expectInert(html);
    expect(html).to.include('Federation: directed server pairs');
    expect(html).to.include('federation prosody-&gt;jabberd2').and.include('federation jabberd2-&gt;prosody');
    expect(html).to.include('title="failed: fed-fail"');
    // the second table's detail ids stay apart from the first's
    const ids = [...html.matchAll(/<template id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).to.equal(ids.length);
    expect(ids.some((i) => i?.startsWith('ds1-'))).to.equal(true);
    // its columns link to their own folders, which the merge writes
    expect(html).to.include('href="targets/federation-prosody-jabberd2/index.html"');
    expect(existsSync(join(out, 'targets', 'federation-prosody-jabberd2', 'index.html'))).to.equal(true);
    // the servers' matrix.json is unchanged by it
    expect((JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8')) as Matrix).columns).to.have.length(2);
    let err: unknown;
    try {
      await reportCommand(['merge', ...files, '--out', join(dir, 'g'), '--federation', files[0] as string], io());
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(UsageError);
    expect((err as Error).message).to.include('is not a xmpp-conformance/federation-report@1 file');
  });

  it('writeMerged returns the files it wrote', async () => {
    const files = await writeMerged(join(dir, 'w'), mergeReports([rep([PASSED])]));
    expect(files.map((f) => f.slice(dir.length + 3))).to.deep.equal(['report.json', 'junit.xml', 'index.html']);
  });

  it('a missing file, a non-report, bad JSON, a bad result: one-line UsageError', async () => {
    const out = join(dir, 'o');
    const cases: [string[], string][] = [
      [[join(dir, 'nope.json')], 'cannot read report'],
      [[put('other.json', { schema: 'something/else@1' })], 'not an xmpp-conformance report (schema "something/else@1"'],
      [[put('bad.json', '{ not json')], 'not JSON'],
      [[put('badres.json', { ...rep([PASSED]), results: [{ ...PASSED, status: 'weird' }] })], 'results[0].status: expected one of'],
    ];
    for (const [files, text] of cases) {
      let err: unknown;
      try {
        await reportCommand(['merge', ...files, '--out', out], io());
      } catch (e) {
        err = e;
      }
      expect(err, text).to.be.instanceOf(UsageError);
      expect((err as Error).message).to.include(text);
      expect((err as Error).message).not.to.include('\n');
    }
    expect(existsSync(out)).to.equal(false);
  });

  it('duplicates between shards: UsageError; --last-wins: a warning on stderr', async () => {
    const a = put('a.json', rep([PASSED]));
    const b = put('b.json', rep([PASSED]));
    let err: unknown;
    try {
      await reportCommand(['merge', a, b, '--out', join(dir, 'o')], io());
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(UsageError);
    const c = io();
    expect(await reportCommand(['merge', a, b, '--out', join(dir, 'o'), '--last-wins'], c)).to.equal(0);
    expect(c.stderr.text).to.match(/^xmpp-conformance: warning: .* is in both .*a\.json and .*b\.json; keeping the one from .*b\.json\n$/);
  });

  it('usage errors: no subcommand, unknown subcommand, no --out, no files, unknown flag', async () => {
    const a = put('a.json', rep([PASSED]));
    for (const args of [[], ['mix'], ['merge', a], ['merge', '--out', dir], ['merge', a, '--out', dir, '--bogus']]) {
      let err: unknown;
      try {
        await reportCommand(args, io());
      } catch (e) {
        err = e;
      }
      expect(err, args.join(' ')).to.be.instanceOf(UsageError);
    }
  });
});
