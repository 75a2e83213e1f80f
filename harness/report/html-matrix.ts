// The interop matrix page: rows are cases grouped by RFC section, columns are servers, cells are
// coloured by status with the message on hover; a click opens the case's details (message, refs,
// transcript) in a side panel. Filters by area, level and "differs between servers" run in the page.
// Same safety rules as html.ts: everything escaped, details kept in inert <template>s, CSP by hash.
import type { CaseResult, Report } from '../runner/index.js';
import { levelMatches, type LevelFilter } from '../spec.js';
import { truncate } from './console.js';
import { MATRIX_JS } from './html-assets.js';
import { DEFAULT_PAGE_TRANSCRIPT_BUDGET, DEFAULT_TRANSCRIPT_LIMITS, MESSAGE_CAP, escapeHtml, plural } from './html-escape.js';
import { groupBySection, sectionLabel, sectionUrl } from './html-group.js';
import { TranscriptBudget, messageHtml, page, refLinks, type HtmlOptions } from './html.js';
import type { Matrix, MatrixColumn, MatrixRow } from './merge.js';
import { levelsMatrixHtml } from './html-levels.js';

const LEVEL_FILTERS: readonly LevelFilter[] = ['must', 'should', 'may'];

function levelTokens(row: MatrixRow): string {
  return LEVEL_FILTERS.filter((f) => row.levels.some((l) => levelMatches(l, f))).join(' ');
}

function columnHead(col: MatrixColumn, i: number): string {
  const s = col.summary;
  const counts = `${s.passed}✓ ${s.failed}✗ ${s.skipped}○ ${s.errored}!`;
  return (
    `<th scope="col" data-col="${i}"><a href="${escapeHtml(`${col.dir}/index.html`)}">${escapeHtml(col.label)}</a>` +
    `<br><span class="sub">${escapeHtml(col.url)}</span><br><span class="sub">${escapeHtml(counts)}</span></th>`
  );
}

function detail(id: string, row: MatrixRow, col: MatrixColumn, result: CaseResult, budget: TranscriptBudget, opts: HtmlOptions): string {
  const t = result.transcript ?? [];
  const transcript =
    t.length > 0
      ? `<h4>transcript (${plural(t.length, 'entry')})</h4><pre class="tx">${budget.take(result, opts.transcript ?? DEFAULT_TRANSCRIPT_LIMITS)}</pre>`
      : '<p class="note">no transcript recorded (transcripts are kept for failed and errored cases)</p>';
  return (
    `<template id="${id}"><h3><code class="id">${escapeHtml(row.id)}</code></h3>` +
    `<p>${escapeHtml(row.title)}</p>` +
    `<p><strong>${escapeHtml(col.label)}</strong> <span class="badge st-${result.status}">${result.status}</span> <span class="sub">${Math.round(result.durationMs)} ms</span></p>` +
    `<div class="refs">${refLinks(row.refs)}</div>${messageHtml(result.message)}${transcript}</template>`
  );
}

/** One more matrix on the page, below the servers' (the federation matrix: directed server pairs by case). */
export interface MatrixSection {
  readonly heading: string;
  /** a sentence under the heading */
  readonly note: string;
  readonly matrix: Matrix;
  /** its reports in column order (they supply the transcripts) */
  readonly targets: readonly Report[];
}

/** A matrix as a table; `key` keeps its cells' detail ids apart from another table's on the page. */
function matrixTable(matrix: Matrix, targets: readonly Report[], budget: TranscriptBudget, opts: HtmlOptions, key: string): string {
  const lookups = targets.map((r) => new Map(r.results.map((x) => [x.id, x])));
  const ncols = matrix.columns.length;
  const body: string[] = [];
  let rowNo = 0;
  for (const g of groupBySection(matrix.rows)) {
    const url = sectionUrl(g.key);
    const label = escapeHtml(sectionLabel(g.key));
    body.push(`<tr class="group"><th colspan="${ncols + 1}">${url ? `<a href="${escapeHtml(url)}" rel="noreferrer">${label}</a>` : label}</th></tr>`);
    for (const row of g.items) {
      rowNo += 1;
      const cells = row.cells.map((cell, c) => {
        const col = matrix.columns[c] as MatrixColumn;
        const result = lookups[c]?.get(row.id);
        if (!cell || !result) return `<td class="cell st-absent" title="no result from this server">—</td>`;
        const id = `d${key}-${rowNo}-${c}`;
        const hover = cell.message !== undefined && cell.message !== '' ? `${cell.status}: ${truncate(cell.message, MESSAGE_CAP)}` : cell.status;
        return (
          `<td class="cell st-${cell.status}" data-status="${cell.status}" title="${escapeHtml(hover)}">` +
          `<button type="button" data-detail="${id}">${cell.status}</button>${detail(id, row, col, result, budget, opts)}</td>`
        );
      });
      body.push(
        `<tr class="case-row" data-id="${escapeHtml(row.id)}" data-area="${escapeHtml(row.area)}" data-levels="${levelTokens(row)}" data-differs="${row.differs ? '1' : '0'}">` +
          `<td class="case-cell"><code class="id">${escapeHtml(row.id)}</code><br>${escapeHtml(row.title)}<div class="refs">${refLinks(row.refs)}</div></td>` +
          `${cells.join('')}</tr>`,
      );
    }
  }
  return [
    '<table class="matrix">',
    `<thead><tr><th scope="col">case</th>${matrix.columns.map(columnHead).join('')}</tr></thead>`,
    `<tbody>\n${body.join('\n')}\n</tbody>`,
    '</table>',
  ].join('\n');
}

/**
 * The matrix page. `targets` are the merged reports in column order (they supply the transcripts);
 * `sections` are more matrices shown below it (the federation matrix). A pure function of its inputs.
 */
export function renderMatrixHtml(matrix: Matrix, targets: readonly Report[], opts: HtmlOptions = {}, sections: readonly MatrixSection[] = []): string {
  const budget = new TranscriptBudget(opts.pageBudget ?? DEFAULT_PAGE_TRANSCRIPT_BUDGET);
  const ncols = matrix.columns.length;
  const all = [matrix, ...sections.map((x) => x.matrix)];
  const areas = [...new Set(all.flatMap((m) => m.rows.map((r) => r.area)))].sort();
  const differing = matrix.rows.filter((r) => r.differs).length;
  const title = `XMPP interop matrix: ${matrix.columns.map((c) => c.label).join(' · ')}`;
  const more = sections.map((x, i) =>
    [
      `<h2>${escapeHtml(x.heading)}</h2>`,
      `<p>${escapeHtml(x.note)} ${plural(x.matrix.rows.length, 'case')} on ${plural(x.matrix.columns.length, 'column')}; ${x.matrix.rows.filter((r) => r.differs).length} differ between them.</p>`,
      matrixTable(x.matrix, x.targets, budget, opts, `s${i + 1}`),
    ].join('\n'),
  );
  const html = [
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${plural(matrix.rows.length, 'case')} on ${plural(ncols, 'server')}; ${differing} differ between servers. Click a cell for its details and transcript.</p>`,
    '<div class="filters">',
    `<label>area <select id="f-area"><option value="">all</option>${areas.map((a) => `<option value="${escapeHtml(a)}">${escapeHtml(a)}</option>`).join('')}</select></label>`,
    `<label>level <select id="f-level"><option value="">any</option>${LEVEL_FILTERS.map((l) => `<option value="${l}">${l.toUpperCase()}</option>`).join('')}</select></label>`,
    '<label><input type="checkbox" id="f-differs"> only cases that differ between servers</label>',
    '<span id="shown" class="sub"></span>',
    '</div>',
    '</header>',
    '<main>',
    levelsMatrixHtml(matrix.columns.map((c, i) => ({ label: c.label, ...(targets[i]?.levels ? { levels: targets[i]?.levels } : {}) }))),
    matrixTable(matrix, targets, budget, opts, ''),
    ...more,
    '</main>',
    '<aside id="panel" hidden role="dialog" aria-label="case details"><button type="button" id="panel-close">close ✕</button><div id="panel-body"></div></aside>',
  ].join('\n');
  return page(title, html, MATRIX_JS);
}
