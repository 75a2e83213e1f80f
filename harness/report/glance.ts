// README's "conformance at a glance": a Markdown table of several servers' reports, area by area,
// and each server's known deviations from its baseline. Pure functions; the job that reads the
// files and rewrites README.md is harness/cli/glance-job.ts.
import type { Report } from '../runner/index.js';

export interface GlanceServer {
  /** Column heading, e.g. 'Prosody 0.12.3'. */
  readonly label: string;
  readonly report: Report;
}

const AREA_ORDER: readonly string[] = ['stream', 'tls', 'sasl', 'bind', 'stanza', 'im', 'address', 'transport', 's2s', 'component', 'client'];

interface Tally {
  passed: number;
  deviations: number;
  skipped: number;
  other: number;
}

function tally(results: Report['results']): Tally {
  const t: Tally = { passed: 0, deviations: 0, skipped: 0, other: 0 };
  for (const r of results) {
    if (r.status === 'passed' || r.status === 'fixed') t.passed++;
    else if (r.status === 'failed' || r.status === 'expected-fail') t.deviations++;
    else if (r.status === 'skipped') t.skipped++;
    else t.other++;
  }
  return t;
}

function cell(t: Tally): string {
  const total = t.passed + t.deviations + t.skipped + t.other;
  if (total === 0) return '–';
  const parts = [`${t.passed}/${total - t.skipped}`];
  if (t.skipped) parts.push(`${t.skipped} skipped`);
  if (t.other) parts.push(`${t.other} errored`);
  return parts.join(', ');
}

/** Markdown markup characters in a table cell. */
function md(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * Rows: areas in a fixed order (any other area after them, in the order the reports first show it,
 * so every case counted in the total is in some row), then the total and the MUST-level cases alone; cells "passed/ran"
 * (ran = not skipped). Deviations are failures, whether or not a baseline expects them.
 */
export function glanceTable(servers: readonly GlanceServer[]): string {
  const seen: string[] = [...new Set(servers.flatMap((s) => s.report.results.map((r) => r.area)))];
  const areas = [...AREA_ORDER.filter((a) => seen.includes(a)), ...seen.filter((a) => !AREA_ORDER.includes(a))];
  const head = `| area | ${servers.map((s) => md(s.label)).join(' | ')} |`;
  const rule = `| --- | ${servers.map(() => '---').join(' | ')} |`;
  const rows = areas.map((a) => `| ${a} | ${servers.map((s) => cell(tally(s.report.results.filter((r) => r.area === a)))).join(' | ')} |`);
  const must = (s: GlanceServer) => s.report.results.filter((r) => r.refs[0]?.level === 'MUST');
  rows.push(`| **all cases** | ${servers.map((s) => `**${cell(tally(s.report.results))}**`).join(' | ')} |`);
  rows.push(`| MUST cases | ${servers.map((s) => cell(tally(must(s)))).join(' | ')} |`);
  return [head, rule, ...rows].join('\n');
}

export interface BaselineEntryLike {
  readonly id: string;
  readonly reason: string;
}

/** One server's known deviations as a Markdown table (case, what it does and the rule). */
export function deviationsTable(entries: readonly BaselineEntryLike[]): string {
  if (entries.length === 0) return '_none_';
  return ['| case | what the server does (and the rule) |', '| --- | --- |', ...entries.map((e) => `| \`${md(e.id)}\` | ${md(e.reason)} |`)].join('\n');
}

/**
 * Replaces the text between `<!-- BEGIN name -->` and `<!-- END name -->` (markers kept).
 * Throws when the markers are missing, so a renamed section is noticed, not silently skipped.
 */
export function replaceBetweenMarkers(doc: string, name: string, body: string): string {
  const begin = `<!-- BEGIN ${name} -->`;
  const end = `<!-- END ${name} -->`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end, i + begin.length);
  if (i < 0 || j < 0) throw new Error(`README has no '${begin}' … '${end}' section`);
  return `${doc.slice(0, i + begin.length)}\n${body}\n${doc.slice(j)}`;
}
