// The JUnit reporter: <outDir>/junit.xml for CI dashboards, one <testsuite> per area.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Builder, TestCase } from 'junit-report-builder';
import { AREAS } from '../cases/index.js';
import { failedOrErrored, type CaseResult, type Report, type TranscriptEntry } from '../runner/index.js';
import { formatRef, rfcUrl } from '../spec.js';
import { VERDICT_LABELS } from '../levels/index.js';
import { distinctLines, failureLines, lineName } from './levels-text.js';
import { escapeControls } from './console.js';
import type { Reporter, ReporterOptions } from './reporter.js';

// junit-report-builder is CommonJS whose module.exports is a builder instance, while its typings
// declare a default export; require it so the runtime value and the type agree.
const require = createRequire(import.meta.url);
const junitRoot = require('junit-report-builder') as Builder;

export const JUNIT_FILE = 'junit.xml';
/** <system-out> of one test case holds at most this many bytes (UTF-8) of transcript */
export const SYSTEM_OUT_CAP = 64 * 1024;

type XmlElement = ReturnType<TestCase['build']>;

/** Text safe for XML 1.0: characters XML forbids (and other controls) become visible escapes. */
function xmlText(text: string): string {
  return escapeControls(text, true);
}

/** One line per transcript entry, `+12ms out <data>`, keeping the newest lines within the cap. */
export function formatSystemOut(transcript: readonly TranscriptEntry[], capBytes = SYSTEM_OUT_CAP): string {
  const lines = transcript.map((e) => `+${e.t}ms ${e.dir}${e.actor !== undefined ? ` [${escapeControls(e.actor)}]` : ''} ${escapeControls(e.data)}`);
  const full = lines.join('\n');
  const fullBytes = Buffer.byteLength(full, 'utf8');
  if (fullBytes <= capBytes) return full;
  // over the cap: keep the end of the transcript (where the failure happened) and say what was cut
  const markerRoom = 80;
  const kept = tailBytes(full, Math.max(0, capBytes - markerRoom));
  const omitted = fullBytes - Buffer.byteLength(kept, 'utf8');
  return `[… ${omitted} bytes of earlier transcript omitted]\n${kept}`;
}

/** The last `maxBytes` (UTF-8) of `text`, starting on a character boundary. */
function tailBytes(text: string, maxBytes: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return text;
  let start = buf.length - maxBytes;
  while (start < buf.length && ((buf[start] ?? 0) & 0xc0) === 0x80) start += 1;
  return buf.subarray(start).toString('utf8');
}

function failureBody(r: CaseResult): string {
  const lines = [r.message ?? `(no message; status ${r.status})`];
  for (const ref of r.refs) lines.push(`${formatRef(ref)} ${rfcUrl(ref)}`);
  return xmlText(lines.join('\n'));
}

function addCase(tc: TestCase, r: CaseResult): void {
  tc.className(r.area)
    .name(xmlText(`${r.id} — ${r.title}`))
    .time(r.durationMs / 1000);
  for (const ref of r.refs) tc.property('ref', xmlText(formatRef(ref)));
  for (const req of r.requirements) tc.property('requirement', xmlText(req));
  for (const tag of r.tags) tc.property('tag', xmlText(tag));
  const message = xmlText(r.message ?? '');
  if (r.status === 'failed') tc.failure(message);
  else if (r.status === 'errored') tc.error(message);
  else if (r.status === 'skipped' || r.status === 'expected-fail') tc.skipped();

  // junit-report-builder has no message on <skipped>, and puts failure bodies and system-out in CDATA
  // (escaping only the first "]]>"); so this case adds those itself, as escaped text, once built.
  const extras: { skipped?: string; body?: string; out?: string } = {};
  // A known failure (baseline) must not turn CI red: it is a skip whose message says so.
  if (r.status === 'skipped') extras.skipped = r.message ?? '';
  if (r.status === 'expected-fail') extras.skipped = `expected failure: ${r.message ?? ''}`;
  if (failedOrErrored(r)) {
    extras.body = failureBody(r);
    if (r.transcript && r.transcript.length > 0) extras.out = formatSystemOut(r.transcript);
  }
  const build = tc.build.bind(tc);
  tc.build = (parent: XmlElement): XmlElement => {
    const el = build(parent);
    const child = (name: string): XmlElement | undefined => (el.children as unknown as XmlElement[]).find((c) => (c as { name?: unknown }).name === name);
    if (extras.skipped !== undefined) child('skipped')?.att('message', xmlText(extras.skipped));
    if (extras.body !== undefined) child(r.status === 'failed' ? 'failure' : 'error')?.txt(extras.body);
    if (extras.out !== undefined) el.ele('system-out').txt(extras.out);
    return el;
  };
}

/** Renders a report as JUnit XML (pure: no files touched). */
export function renderJunit(report: Report): string {
  const builder = junitRoot.newBuilder();
  builder.name('xmpp-conformance');
  const byArea = new Map<string, CaseResult[]>();
  for (const r of report.results) {
    const list = byArea.get(r.area) ?? [];
    list.push(r);
    byArea.set(r.area, list);
  }
  const order = (a: string): number => {
    const i = (AREAS as readonly string[]).indexOf(a);
    return i < 0 ? AREAS.length : i;
  };
  const areas = [...byArea.keys()].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const t = report.target;
  for (const area of areas) {
    const results = byArea.get(area) ?? [];
    const suite = builder.testSuite().name(`xmpp-conformance.${area}`).timestamp(report.startedAt);
    suite.time(results.reduce((sum, r) => sum + r.durationMs, 0) / 1000);
    suite.property('target.url', xmlText(t.url)).property('target.domain', xmlText(t.domain));
    if (t.software) {
      const sw = `${t.software.name} ${t.software.version}${t.software.os ? ` (${t.software.os})` : ''}`;
      suite.property('target.software', xmlText(sw));
    }
    suite.property('seed', String(report.seed)).property('tool.version', xmlText(report.tool.version));
    if (report.shard) suite.property('shard', `${report.shard.index}/${report.shard.total}`);
    if (report.incomplete) suite.property('incomplete.stage', report.incomplete.stage).property('incomplete.reason', xmlText(report.incomplete.reason));
    for (const r of results) addCase(suite.testCase(), r);
  }
  // the compliance levels: properties of a suite of their own, no test cases (a level is derived from the cases above)
  if (report.levels && report.levels.length > 0) {
    const suite = builder.testSuite().name('xmpp-conformance.levels').timestamp(report.startedAt);
    for (const l of report.levels) suite.property(`level.${l.name}`, xmlText(`${VERDICT_LABELS[l.verdict]} — ${l.reason}`));
    for (const line of distinctLines(report.levels)) {
      suite.property('level.line', xmlText(`${lineName(line)}: ${VERDICT_LABELS[line.verdict]} — ${line.reason}`));
      for (const f of failureLines(line)) suite.property('level.failure', xmlText(`${lineName(line)}: ${f}`));
    }
  }
  return `${builder.build()}\n`;
}

/** Writes `<outDir>/junit.xml`, creating outDir; returns the path. */
export async function writeJunitFile(outDir: string, report: Report): Promise<string> {
  const xml = renderJunit(report);
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, JUNIT_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, xml, 'utf8');
  await rename(tmp, file);
  return file;
}

export class JunitReporter implements Reporter {
  private readonly outDir: string;

  constructor(opts: Pick<ReporterOptions, 'outDir'>) {
    this.outDir = opts.outDir;
  }

  async onEnd(report: Report): Promise<void> {
    await writeJunitFile(this.outDir, report);
  }
}
