// What the tests of a stopped run look at: the event log a run appends as cases finish, and the
// three reports a stopped run must leave (report.json, junit.xml, index.html saying it stopped).
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ReportLike {
  summary: Record<string, number | boolean>;
  results: { id: string; status: string; message?: string }[];
  incomplete?: { stage: string; reason: string; notRun: number; signal?: string };
}

export function outDir(tag: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `xc-${tag}-`));
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/**
 * The event log's case lines (ids of the finished cases). Only whole lines count: the run may be
 * in the middle of appending one when this reads the file.
 */
export function loggedCases(out: string): string[] {
  const file = path.join(out, 'events.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(0, -1)
    .filter((l) => l.startsWith('{"event":"case"'))
    .map((l) => (JSON.parse(l) as { result: { id: string } }).result.id);
}

/** Resolves once `ready()` holds (polls every 25 ms); rejects after `ms` naming `what`. */
export async function until(ready: () => boolean, what: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Resolves once the event log holds `n` finished cases (bounded by `ms`). */
export function untilCasesLogged(out: string, n: number, ms = 45_000): Promise<void> {
  return until(() => loggedCases(out).length >= n, `${n} cases finishing`, ms);
}

/** report.json, junit.xml and index.html are there, and the report says the run stopped. */
export function expectStoppedReports(out: string, stage: string): ReportLike {
  for (const f of ['report.json', 'junit.xml', 'index.html']) expect(existsSync(path.join(out, f)), f).to.equal(true);
  const report = readJson<ReportLike>(path.join(out, 'report.json'));
  expect(report.summary['interrupted']).to.equal(true);
  expect(report.incomplete?.stage).to.equal(stage);
  const notRun = report.results.filter((r) => r.status === 'skipped' && r.message?.startsWith('not run: '));
  expect(notRun.length).to.equal(report.incomplete?.notRun);
  expect(readFileSync(path.join(out, 'junit.xml'), 'utf8')).to.include(`name="incomplete.stage" value="${stage}"`);
  expect(readFileSync(path.join(out, 'index.html'), 'utf8')).to.include('class="incomplete"');
  return report;
}

/** The cases of a stopped report that ran (all but the "not run" ones). */
export function ranCases(report: ReportLike): ReportLike['results'] {
  return report.results.filter((x) => !x.message?.startsWith('not run: '));
}

/** Whether `pid` is a live process (a zombie waiting to be reaped counts as gone). */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
