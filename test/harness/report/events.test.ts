// The event log: what a run appends as cases finish, and the report `report merge` rebuilds from it.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../harness/errors.js';
import { EVENTS_FILE, JsonReporter, parseReport, readEventLog, reportFromEvents } from '../../../harness/report/index.js';
import type { CaseMeta } from '../../../harness/cases/index.js';
import { sampleReport } from '../../support/report-fixture.js';

describe('report/events', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'xc-events-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const full = sampleReport();
  const plan: CaseMeta[] = full.results.map((r) => ({
    id: r.id,
    title: r.title,
    area: r.area,
    role: r.role,
    refs: r.refs,
    requirements: r.requirements,
    tags: r.tags,
  }));

  /** A log as the json reporter writes it, with the first `n` results finished. */
  function logWith(n: number, end: boolean): string {
    const reporter = new JsonReporter({ outDir: dir });
    reporter.onBegin({ cases: plan, target: full.target, seed: full.seed, startedAt: full.startedAt });
    for (const r of full.results.slice(0, n)) reporter.onCaseEnd(plan[0] as CaseMeta, r);
    const text = readFileSync(join(dir, EVENTS_FILE), 'utf8');
    return end ? `${text}${JSON.stringify({ event: 'end', summary: full.summary, durationMs: full.durationMs })}\n` : text;
  }

  it("a complete log rebuilds the run's report: same results, not interrupted", () => {
    const report = reportFromEvents(logWith(full.results.length, true), 'events.jsonl');
    expect(report.results).to.deep.equal(full.results);
    expect(report.summary).to.deep.equal(full.summary);
    expect(report.incomplete).to.equal(undefined);
  });

  it('a log without an end (a killed run): finished cases kept, the rest not run, stage killed', () => {
    const report = reportFromEvents(logWith(2, false), 'events.jsonl');
    expect(report.results.slice(0, 2)).to.deep.equal(full.results.slice(0, 2));
    expect(report.results.slice(2).every((r) => r.status === 'skipped' && r.message?.startsWith('not run: '))).to.equal(true);
    expect(report.summary.interrupted).to.equal(true);
    expect(report.incomplete).to.include({ stage: 'killed', notRun: full.results.length - 2 });
    // what it rebuilds is a valid report
    expect(parseReport(JSON.stringify(report), 'rebuilt').incomplete?.stage).to.equal('killed');
  });

  it('a last line cut short by the kill is ignored; a bad line before it is an error', () => {
    const log = logWith(2, false);
    const torn = `${log}{"event":"case","result":{"id":"rfc61`;
    expect(reportFromEvents(torn, 'events.jsonl').results.slice(0, 2)).to.deep.equal(full.results.slice(0, 2));
    const lines = log.trimEnd().split('\n');
    const broken = [lines[0], 'not json', ...lines.slice(1)].join('\n');
    expect(() => reportFromEvents(broken, 'events.jsonl')).to.throw(UsageError, /events\.jsonl: line 2 is not JSON/);
  });

  it('anything else is refused in one line', () => {
    expect(() => reportFromEvents('{"schema":"xmpp-conformance/report@1"}\n', 'x.jsonl')).to.throw(UsageError, /x\.jsonl: not an xmpp-conformance event log/);
    writeFileSync(join(dir, 'empty.jsonl'), '');
    expect(() => readEventLog(join(dir, 'empty.jsonl'))).to.throw(UsageError, /not an xmpp-conformance event log/);
    expect(() => readEventLog(join(dir, 'missing.jsonl'))).to.throw(UsageError, /cannot read event log/);
  });

  it('report.json refuses an incomplete block of the wrong shape', () => {
    const bad = { ...sampleReport(), incomplete: { stage: 'tired', reason: 'x', notRun: 0 } };
    expect(() => parseReport(JSON.stringify(bad), 'r.json')).to.throw(UsageError, /incomplete\.stage/);
  });
});
