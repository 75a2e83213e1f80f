// The compliance levels in every report: report.json (kept and checked), the console summary, junit
// properties, index.html, the event log's rebuilt report, `report merge` and the matrix.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { reportCommand } from '../../../harness/cli/report.js';
import { UsageError } from '../../../harness/errors.js';
import { LEVEL_SUITES, assessLevels, type LevelSuite } from '../../../harness/levels/index.js';
import {
  ConsoleReporter,
  EventLog,
  mergeReports,
  summaryMarkdown,
  parseReport,
  readReport,
  renderHtml,
  renderJunit,
  renderMatrixHtml,
  reportFromEvents,
  writeReportFile,
} from '../../../harness/report/index.js';
import { summarize, type CaseResult, type Report } from '../../../harness/runner/result.js';
import { PASSED, expectInert, metaOf, sampleReport } from '../../support/report-fixture.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

const core = LEVEL_SUITES.find((s) => s.name === 'xep0479-core-server') as LevelSuite;

const COMPONENT_FAIL: CaseResult = {
  id: 'xep0114/component/wrong-secret',
  title: 'a wrong secret <is> refused',
  area: 'component',
  role: 'server',
  refs: [{ xep: 114, version: '1.6', section: '3', level: 'MUST' }],
  requirements: ['xep0114-3-wrong-secret-not-authorized'],
  tags: [],
  status: 'failed',
  durationMs: 4,
  message: 'accepted a wrong secret <script>alert(1)</script> (XEP-0114 §3 MUST)',
};
const TLS_KNOWN: CaseResult = {
  ...PASSED,
  id: 'rfc7590/s2s/external',
  refs: [{ rfc: 7590, section: '3.4', level: 'SHOULD' }],
  requirements: ['rfc7590-3.4-servers-authenticate-servers'],
  status: 'expected-fail',
  message: 'known',
};

function withLevels(results: readonly CaseResult[], levels: readonly LevelSuite[] = [core]): Report {
  return sampleReport({ results, summary: summarize(results), levels: assessLevels(levels, results) });
}

describe('report: compliance levels', () => {
  const report = withLevels([PASSED, COMPONENT_FAIL, TLS_KNOWN]);

  it('report.json keeps the levels and reads them back; a bad verdict is a one-line error', () => {
    const back = parseReport(JSON.stringify(report), 'r.json');
    expect(back.levels).to.deep.equal(report.levels);
    const lv = report.levels?.[0];
    expect(lv?.verdict).to.equal('not-met');
    expect(lv?.lines.map((l) => l.verdict)).to.deep.equal(['met', 'not-met-known-deviations', 'not-assessed', 'not-met']);
    const bad = JSON.parse(JSON.stringify(report)) as { levels: { verdict: string }[] };
    (bad.levels[0] as { verdict: string }).verdict = 'compliant';
    expect(() => parseReport(JSON.stringify(bad), 'r.json')).to.throw(
      UsageError,
      /^r\.json: invalid report: levels\[0\]\.verdict: expected one of met\|not-met\|/,
    );
    // a report without levels (older versions) still reads
    const { levels: _l, ...old } = report;
    expect(parseReport(JSON.stringify(old), 'old.json').levels).to.equal(undefined);
  });

  it('the console summary lists each level, each line once, and the failing requirements with their cases', () => {
    const cap = new Capture();
    new ConsoleReporter({ stdout: cap, interactive: false }).onEnd(report);
    expect(cap.text).to.include('Compliance levels (XEP-0479 0.1.0, server side');
    expect(cap.text).to.match(
      /✗ not met +XEP-0479 Core Server \(xep0479-core-server\) — 1 of 4 lines met, 1 not met, 1 not met by known deviations, 1 not assessed/,
    );
    expect(cap.text).to.match(/≈ not met \(known deviations\) +TLS \(RFC 7590\) — 1 known deviation \(baseline\): the requirements are not met/);
    expect(cap.text).to.match(/○ not assessed +Feature discovery \(XEP-0030\) — no case citing XEP-0030 was in the run/);
    expect(cap.text).to.include('xep0114-3-wrong-secret-not-authorized: xep0114/component/wrong-secret (failed)');
    expect(cap.text).to.include('rfc7590-3.4-servers-authenticate-servers: rfc7590/s2s/external (known deviation)');
  });

  it('junit: a testsuite of properties, no test cases (a level does not change what CI counts)', () => {
    const xml = renderJunit(report);
    const suite =
      /<testsuite name="xmpp-conformance\.levels"[^>]*>[\s\S]*?<\/testsuite>|<testsuite name="xmpp-conformance\.levels"[^>]*\/>/.exec(xml)?.[0] ?? '';
    expect(suite).to.include('name="level.xep0479-core-server" value="not met — 1 of 4 lines met');
    expect(suite).to.include('value="Server Extensibility (XEP-0114): not met — 1 case failed or errored"');
    expect(suite).to.include(
      'name="level.failure" value="Server Extensibility (XEP-0114): xep0114-3-wrong-secret-not-authorized: xep0114/component/wrong-secret (failed)"',
    );
    expect(suite).not.to.include('<testcase');
  });

  it('the GitHub job summary: a row per level, then per line', () => {
    const md = summaryMarkdown(report);
    expect(md).to.include('Compliance levels (XEP-0479, server side):');
    expect(md).to.include('| ✗ not met | **XEP-0479 Core Server** | 1 of 4 lines met, 1 not met, 1 not met by known deviations, 1 not assessed |');
    expect(md).to.include('| ○ not assessed | Feature discovery \\(XEP-0030\\) | no case citing XEP-0030 was in the run |');
  });

  it('index.html: a levels section, escaped', () => {
    const html = renderHtml(report);
    expectInert(html);
    expect(html).to.include('<section class="levels" id="levels"><h2>Compliance levels</h2>');
    expect(html).to.include('<span class="badge lv-not-met">not met</span>');
    expect(html).to.include('<span class="badge lv-not-met-known-deviations">not met (known deviations)</span>');
    expect(html).to.include('xep0114-3-wrong-secret-not-authorized: xep0114/component/wrong-secret (failed)');
    expect(html).not.to.include('<script>alert');
  });

  it('the event log records the levels assessed; its rebuilt report assesses them again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xc-levels-'));
    try {
      const log = new EventLog(dir);
      log.begin({
        cases: [metaOf(PASSED), metaOf(COMPONENT_FAIL)],
        target: report.target,
        seed: 1,
        startedAt: report.startedAt,
        levelSuites: ['xep0479-core-advanced-server'],
      });
      log.caseEnded(PASSED);
      log.caseEnded(COMPONENT_FAIL);
      const rebuilt = reportFromEvents(readFileSync(log.file, 'utf8'), 'events.jsonl');
      expect(rebuilt.levels?.map((l) => [l.name, l.verdict])).to.deep.equal([['xep0479-core-advanced-server', 'not-met']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('report merge assesses the joined shards again, for the levels the shards assessed', () => {
    const a = { ...withLevels([PASSED]), shard: { index: 1, total: 2 } };
    const b = { ...withLevels([COMPONENT_FAIL]), shard: { index: 2, total: 2 } };
    expect(a.levels?.[0]?.lines[3]?.verdict).to.equal('not-assessed');
    const merged = mergeReports([a, b]).targets[0] as Report;
    expect(merged.levels?.map((l) => l.name)).to.deep.equal(['xep0479-core-server']);
    expect(merged.levels?.[0]?.lines.map((l) => l.verdict)).to.deep.equal(['met', 'not-assessed', 'not-assessed', 'not-met']);
    // reports without levels get the default levels
    const { levels: _l, ...old } = withLevels([PASSED]);
    expect(mergeReports([old]).targets[0]?.levels?.map((l) => l.name)).to.deep.equal([
      'xep0479-core-server',
      'xep0479-core-advanced-server',
      'xep0479-im-server',
      'xep0479-im-advanced-server',
    ]);
    // a report of client-role cases (serve) gets no server levels
    const client = { ...PASSED, role: 'client' as const };
    expect(mergeReports([sampleReport({ results: [client], summary: summarize([client]) })]).targets[0]?.levels).to.equal(undefined);
  });

  it('the matrix: each column carries its levels (matrix.json), the page a levels table per server, merge prints them', async () => {
    const ejabberd = {
      ...withLevels([PASSED]),
      target: { url: 'xmpp://127.0.0.1:25222', domain: 'localhost', software: { name: 'ejabberd', version: '23.10' } },
    };
    const outcome = mergeReports([report, ejabberd]);
    const cols = outcome.matrix.columns;
    expect(cols.map((c) => c.levels?.[0]?.verdict)).to.deep.equal(['not-met', 'not-assessed']);
    expect(cols[0]?.levels?.[0]?.lines[3]).to.deep.equal({
      feature: 'Server Extensibility',
      documents: ['XEP-0114'],
      verdict: 'not-met',
      reason: '1 case failed or errored',
    });
    const html = renderMatrixHtml(outcome.matrix, outcome.targets);
    expectInert(html);
    expect(html).to.include('<h2>Compliance levels</h2>');
    expect(html).to.match(
      /<tr class="level-group"><th>XEP-0479 Core Server <span class="sub">xep0479-core-server<\/span><\/th><td class="cell lv-not-met" title="[^"]*">not met<\/td><td class="cell lv-not-assessed" title="[^"]*">not assessed<\/td><\/tr>/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'xc-levels-'));
    try {
      await writeReportFile(join(dir, 'a'), report);
      await writeReportFile(join(dir, 'b'), ejabberd);
      const io = { stdout: new Capture(), stderr: new Capture(), env: {} };
      await reportCommand(['merge', join(dir, 'a'), join(dir, 'b'), '--out', join(dir, 'm')], io);
      expect(io.stdout.text).to.include('    levels: xep0479-core-server not met\n');
      expect(io.stdout.text).to.include('    levels: xep0479-core-server not assessed\n');
      const matrix = JSON.parse(readFileSync(join(dir, 'm', 'matrix.json'), 'utf8')) as { columns: { levels?: unknown[] }[] };
      expect(matrix.columns.every((c) => Array.isArray(c.levels))).to.equal(true);
      expect(readReport(join(dir, 'm', 'targets', 'prosody-0.12.3', 'report.json')).levels?.[0]?.verdict).to.equal('not-met');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
