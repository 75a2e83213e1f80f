// The GitHub Actions job summary of one run: Markdown appended to $GITHUB_STEP_SUMMARY, shown on the
// workflow run's page. Counts, a per-area table, the same counts by keyword level, and the results
// that fail the run with their citations (capped). Pure function; github-actions.ts writes it.
import type { CaseResult, Report, Status, Summary } from '../runner/index.js';
import { STATUSES, summarize } from '../runner/index.js';
import { AREAS, formatRef, rfcUrl, type Level } from '../spec.js';
import { VERDICT_LABELS } from '../levels/index.js';
import { VERDICT_MARK, distinctLines, lineName } from './levels-text.js';
import { escapeControls, formatSummaryLine, truncate } from './console.js';
import { failureText, runFailures, type AnnotationOptions } from './github-annotations.js';
import { plural } from './html-escape.js';

/** How many failing results the summary lists; the rest are counted. */
export const SUMMARY_FAILURE_CAP = 50;
/** Longest message one listed failure shows (UTF-16 units, before escaping). */
export const SUMMARY_MESSAGE_MAX = 500;

export interface SummaryOptions extends Omit<AnnotationOptions, 'cap'> {
  /** default SUMMARY_FAILURE_CAP */
  readonly cap?: number;
  /** the run's exit code, for the headline verdict */
  readonly exitCode?: number;
}

const LEVELS: readonly { readonly label: string; readonly levels: readonly Level[] }[] = [
  { label: 'MUST / MUST NOT', levels: ['MUST', 'MUST NOT'] },
  { label: 'SHOULD / SHOULD NOT', levels: ['SHOULD', 'SHOULD NOT'] },
  { label: 'MAY', levels: ['MAY'] },
];

/**
 * Peer-controlled or free text as inline Markdown that stays in its table cell: one line, control
 * characters visible, HTML special characters as entities, Markdown markup backslash-escaped.
 */
export function markdownInline(text: string): string {
  return escapeControls(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~!#()]/g, (c) => `\\${c}`);
}

function countsRow(label: string, s: Summary): string {
  return `| ${label} | ${s.total} | ${STATUSES.map((k) => s[k]).join(' | ')} |`;
}

function countsTable(rows: readonly { label: string; results: readonly CaseResult[] }[]): string[] {
  return [
    `| | total | ${STATUSES.join(' | ')} |`,
    `| --- | ---: | ${STATUSES.map(() => '---:').join(' | ')} |`,
    ...rows.map((r) => countsRow(r.label, summarize(r.results))),
  ];
}

const MARK: Readonly<Record<Status, string>> = {
  passed: '✅',
  failed: '❌',
  errored: '⚠️',
  skipped: '⏭️',
  'expected-fail': '≈',
  fixed: '⬆️',
};

function citations(r: CaseResult): string {
  return r.refs.map((ref) => `[${markdownInline(formatRef(ref))}](${rfcUrl(ref)})`).join(', ');
}

function verdict(report: Report, exitCode: number | undefined): string {
  const s = report.summary;
  if (exitCode === undefined) return s.failed + s.errored > 0 ? '**failed**' : '**passed**';
  return exitCode === 0 ? '**passed**' : `**failed** (exit ${exitCode})`;
}

/** The job summary of one report as Markdown (ends with a blank line, so summaries can be appended). */
export function summaryMarkdown(report: Report, opts: SummaryOptions = {}): string {
  const t = report.target;
  const software = t.software ? `${t.software.name} ${t.software.version}` : undefined;
  const name = software ? `${software} at ${t.url}` : t.url;
  const out: string[] = [];
  out.push(`### xmpp-conformance: ${markdownInline(name)}`, '');
  out.push(`${verdict(report, opts.exitCode)}: ${markdownInline(formatSummaryLine(report))}`, '');
  const facts = [`domain \`${markdownInline(t.domain).replace(/`/g, '')}\``];
  if (report.baseline !== undefined) facts.push(`baseline \`${markdownInline(report.baseline).replace(/`/g, '')}\``);
  if (report.shard) facts.push(`shard ${report.shard.index}/${report.shard.total}`);
  facts.push(`tool ${markdownInline(report.tool.version)}`);
  out.push(facts.join(' · '), '');

  const areas = AREAS.filter((a) => report.results.some((r) => r.area === a));
  out.push(
    ...countsTable([...areas.map((a) => ({ label: a, results: report.results.filter((r) => r.area === a) })), { label: '**all**', results: report.results }]),
    '',
  );
  out.push("By the keyword level of each case's first citation:", '');
  out.push(
    ...countsTable(
      LEVELS.map((l) => ({ label: l.label, results: report.results.filter((r) => r.refs[0] !== undefined && l.levels.includes(r.refs[0].level)) })),
    ),
    '',
  );

  // the compliance levels (added): a row per level, then a row per line, each with its verdict and why
  if (report.levels && report.levels.length > 0) {
    out.push('Compliance levels (XEP-0479, server side):', '', '| verdict | level or line | why |', '| --- | --- | --- |');
    for (const l of report.levels)
      out.push(`| ${VERDICT_MARK[l.verdict]} ${VERDICT_LABELS[l.verdict]} | **${markdownInline(l.title)}** | ${markdownInline(l.reason)} |`);
    for (const line of distinctLines(report.levels))
      out.push(
        `| ${VERDICT_MARK[line.verdict]} ${VERDICT_LABELS[line.verdict]} | ${markdownInline(lineName(line))} | ${markdownInline(truncate(line.reason, SUMMARY_MESSAGE_MAX))} |`,
      );
    out.push('');
  }

  const failures = runFailures(report, opts);
  if (failures.length > 0) {
    const cap = Math.max(0, opts.cap ?? SUMMARY_FAILURE_CAP);
    out.push(`#### ${plural(failures.length, 'result')} failing the run`, '');
    out.push('| | case | rules | message |', '| --- | --- | --- | --- |');
    for (const f of failures.slice(0, cap)) {
      const r = f.result;
      out.push(
        `| ${MARK[r.status]} ${r.status} | \`${r.id.replace(/[`|]/g, '')}\`<br>${markdownInline(r.title)} | ${citations(r)} | ${markdownInline(truncate(failureText(f), SUMMARY_MESSAGE_MAX))} |`,
      );
    }
    if (failures.length > cap) out.push('', `… and ${failures.length - cap} more, listed in report.json.`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
