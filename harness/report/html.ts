// The HTML reporter: one run → <outDir>/index.html, a single self-contained file (inline CSS and JS,
// nothing fetched). Cases are grouped by area, then by the RFC section of their first ref; failures
// show their message and the transcript behind a <details>. Every report value is escaped
// (html-escape.ts), transcripts are cut to a size, and a CSP allows only our own script and style.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AREAS } from '../cases/index.js';
import { failedOrErrored, type CaseResult, type Report, type Status } from '../runner/index.js';
import { STATUSES } from '../runner/index.js';
import { documentName, formatRef, rfcUrl, type SpecRef } from '../spec.js';
import { PAGE_CSS, REPORT_JS } from './html-assets.js';
import {
  DEFAULT_PAGE_TRANSCRIPT_BUDGET,
  DEFAULT_TRANSCRIPT_LIMITS,
  MESSAGE_CAP,
  contentSecurityPolicy,
  escapeHtml,
  plural,
  transcriptHtml,
  type TranscriptLimits,
} from './html-escape.js';
import { groupBySection, sectionLabel, sectionUrl } from './html-group.js';
import { truncate } from './console.js';
import type { Reporter, ReporterOptions } from './reporter.js';
import { levelsHtml } from './html-levels.js';

export const HTML_FILE = 'index.html';

export interface HtmlOptions {
  /** per-case transcript limits (default 64 Ki characters, 16 Ki per entry) */
  readonly transcript?: TranscriptLimits;
  /** characters of transcript in the whole page (default 8 Mi); later transcripts are left out with a note */
  readonly pageBudget?: number;
}

/** Keeps count of the transcript characters a page has taken, and hands out what is left. */
export class TranscriptBudget {
  private used = 0;
  constructor(private readonly limit: number) {}

  /** The transcript's HTML, or a note when the page is already full. */
  take(r: Pick<CaseResult, 'transcript'>, limits: TranscriptLimits): string {
    const t = r.transcript ?? [];
    if (this.used >= this.limit) {
      return `<span class="note">[transcript of ${plural(t.length, 'entry')} left out: this page already holds ${this.limit} characters of transcript; see report.json]</span>`;
    }
    const { html, chars } = transcriptHtml(t, limits);
    this.used += chars;
    return html;
  }
}

/** `Prosody 0.12.3`, else the target URL. */
export function targetLabel(t: Report['target']): string {
  return t.software ? `${t.software.name} ${t.software.version}` : t.url;
}

export function refLinks(refs: readonly SpecRef[]): string {
  return refs
    .map(
      (ref) =>
        `<a href="${escapeHtml(rfcUrl(ref))}" rel="noreferrer">${escapeHtml(`${documentName(ref)} §${ref.section}`)}</a> <span class="level">${escapeHtml(ref.level)}</span>`,
    )
    .join(' · ');
}

export function messageHtml(message: string | undefined): string {
  return message !== undefined && message !== '' ? `<p class="msg">${escapeHtml(truncate(message, MESSAGE_CAP))}</p>` : '';
}

export function summaryBadges(summary: Report['summary']): string {
  const parts = [`<span class="badge st-absent total">${summary.total} total</span>`];
  for (const s of STATUSES) {
    const n = summary[s];
    // the baseline statuses only when used
    if (n === 0 && (s === 'expected-fail' || s === 'fixed')) continue;
    parts.push(`<span class="badge st-${s}" data-count="${s}">${n} ${s}</span>`);
  }
  return `<div class="summary">${parts.join('')}</div>`;
}

/** The page skeleton: doctype, CSP, inline style, and the script at the end of <body>. */
export function page(title: string, body: string, script: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(script, PAGE_CSS))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    body,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function caseHtml(r: CaseResult, budget: TranscriptBudget, limits: TranscriptLimits): string {
  const t = r.transcript ?? [];
  const transcript =
    t.length > 0
      ? `<details class="transcript"><summary>transcript (${plural(t.length, 'entry')})</summary><pre class="tx">${budget.take(r, limits)}</pre></details>`
      : '';
  return [
    `<div class="case st-${r.status}" data-status="${r.status}" data-id="${escapeHtml(r.id)}">`,
    `<div class="row"><span class="badge st-${r.status}">${r.status}</span> <code class="id">${escapeHtml(r.id)}</code>`,
    ` <span class="title">${escapeHtml(r.title)}</span><span class="dur">${Math.round(r.durationMs)} ms</span></div>`,
    r.refs.length > 0 ? `<div class="refs">${refLinks(r.refs)}</div>` : '',
    messageHtml(r.message),
    transcript,
    '</div>',
  ].join('');
}

function areaCounts(results: readonly CaseResult[]): string {
  const by = new Map<Status, number>();
  for (const r of results) by.set(r.status, (by.get(r.status) ?? 0) + 1);
  return STATUSES.filter((s) => by.has(s))
    .map((s) => `${by.get(s)} ${s}`)
    .join(', ');
}

function targetDl(report: Report): string {
  const t = report.target;
  const rows: [string, string][] = [
    ['target', t.url],
    ['domain', t.domain],
  ];
  if (t.software) rows.push(['software', `${t.software.name} ${t.software.version}${t.software.os ? ` (${t.software.os})` : ''}`]);
  rows.push(['seed', String(report.seed)], ['started', report.startedAt], ['duration', `${(report.durationMs / 1000).toFixed(1)} s`]);
  if (report.shard) rows.push(['shard', `${report.shard.index}/${report.shard.total}`]);
  if (report.baseline !== undefined) rows.push(['baseline', report.baseline]);
  if (report.repeat) rows.push(['repeat', `${report.repeat.runs} runs, ${report.repeat.flaky.length} flaky`]);
  rows.push(['tool', `${report.tool.name} ${report.tool.version}`]);
  return `<dl class="target">${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

/** The whole page for one report (a pure function of the report). */
/** A run that ended early says so above everything else: why, and how many cases did not run. */
function incompleteNote(report: Report): string {
  const inc = report.incomplete;
  if (!inc) return '';
  const head = inc.stage === 'preflight' ? 'The run did not start' : 'The run stopped early';
  return `<p class="incomplete"><strong>${head}:</strong> ${escapeHtml(inc.reason)}. ${plural(inc.notRun, 'case')} not run (listed as skipped, "not run").</p>`;
}

export function renderHtml(report: Report, opts: HtmlOptions = {}): string {
  const limits = opts.transcript ?? DEFAULT_TRANSCRIPT_LIMITS;
  const budget = new TranscriptBudget(opts.pageBudget ?? DEFAULT_PAGE_TRANSCRIPT_BUDGET);
  const label = targetLabel(report.target);
  const present = new Set(report.results.map((r) => r.status));
  const filters = STATUSES.filter((s) => present.has(s) || ['passed', 'failed', 'skipped', 'errored'].includes(s))
    .map((s) => `<label><input type="checkbox" data-status-filter="${s}" checked> ${s}</label>`)
    .join('');
  const areas: string[] = [];
  // known areas in their declared order (spec.ts AREAS), then anything else a foreign report may hold
  const areaNames = [...AREAS, ...new Set(report.results.map((r) => r.area).filter((a) => !(AREAS as readonly string[]).includes(a)))];
  for (const area of areaNames) {
    const results = report.results.filter((r) => r.area === area);
    if (results.length === 0) continue;
    const groups = groupBySection(results).map((g) => {
      const url = sectionUrl(g.key);
      const head = url ? `<a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(sectionLabel(g.key))}</a>` : escapeHtml(sectionLabel(g.key));
      return `<div class="group"><h3>${head}</h3>${g.items.map((r) => caseHtml(r, budget, limits)).join('\n')}</div>`;
    });
    areas.push(
      `<section class="area" data-area="${escapeHtml(area)}"><h2>${escapeHtml(area)} <span class="sub">${escapeHtml(areaCounts(results))}</span></h2>\n${groups.join('\n')}</section>`,
    );
  }
  const failures = report.results.filter(failedOrErrored);
  const body = [
    '<header>',
    `<h1>XMPP conformance: ${escapeHtml(label)}</h1>`,
    targetDl(report),
    summaryBadges(report.summary),
    incompleteNote(report),
    `<div class="filters">show: ${filters} <button type="button" id="expand-all">expand/collapse transcripts</button></div>`,
    '</header>',
    '<main>',
    failures.length > 0
      ? `<p>${plural(failures.length, 'case')} failed or errored; their refs: ${[...new Set(failures.flatMap((r) => r.refs.map(formatRef)))].slice(0, 50).map(escapeHtml).join('; ')}</p>`
      : '<p>no case failed or errored.</p>',
    levelsHtml(report.levels ?? []),
    areas.join('\n'),
    '</main>',
  ].join('\n');
  return page(`xmpp-conformance: ${label}`, body, REPORT_JS);
}

/** Writes `<outDir>/index.html`, creating outDir; returns the path. */
export async function writeHtmlFile(outDir: string, html: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, HTML_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, html, 'utf8');
  await rename(tmp, file);
  return file;
}

export class HtmlReporter implements Reporter {
  private readonly outDir: string;

  constructor(opts: Pick<ReporterOptions, 'outDir'>) {
    this.outDir = opts.outDir;
  }

  async onEnd(report: Report): Promise<void> {
    await writeHtmlFile(this.outDir, renderHtml(report));
  }
}
