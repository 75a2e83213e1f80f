// The compliance levels in HTML: a run's verdicts (index.html) and the verdicts per server (the matrix).
import { VERDICT_LABELS, type LevelLineResult, type LevelResult } from '../levels/index.js';
import { escapeHtml } from './html-escape.js';
import { distinctLines, failureLines, lineName } from './levels-text.js';

/** failing requirement/case pairs a line lists on the page before "and N more" */
const PAGE_FAILURES_SHOWN = 50;

const badge = (v: LevelResult['verdict'], title?: string): string =>
  `<span class="badge lv-${v}"${title !== undefined ? ` title="${escapeHtml(title)}"` : ''}>${escapeHtml(VERDICT_LABELS[v])}</span>`;

const INTRO =
  'XEP-0479 (XMPP Compliance Suites 2023), server side. A line is assessed from the cases citing its documents: ' +
  "met when they ran and passed, not met when one failed or errored, not met (known deviations) when the only failures are the baseline's, " +
  'not assessed when no case citing a document ran.';

/** The run page's section: each level's verdict, then each line once with its failing requirements. */
export function levelsHtml(levels: readonly LevelResult[]): string {
  if (levels.length === 0) return '';
  const head = levels.map(
    (l) => `<tr><td>${badge(l.verdict)}</td><td>${escapeHtml(l.title)} <code class="id">${escapeHtml(l.name)}</code></td><td>${escapeHtml(l.reason)}</td></tr>`,
  );
  const rows = distinctLines(levels).map((line: LevelLineResult) => {
    const fails = failureLines(line, PAGE_FAILURES_SHOWN);
    const list = fails.length > 0 ? `<ul>${fails.map((f) => `<li><code class="id">${escapeHtml(f)}</code></li>`).join('')}</ul>` : '';
    const note = line.note !== undefined ? ` <span class="sub">(${escapeHtml(line.note)})</span>` : '';
    return `<tr data-verdict="${line.verdict}"><td>${badge(line.verdict)}</td><td>${escapeHtml(lineName(line))}${note}</td><td>${escapeHtml(line.reason)}${list}</td></tr>`;
  });
  return [
    '<section class="levels" id="levels"><h2>Compliance levels</h2>',
    `<p class="meta">${escapeHtml(INTRO)}</p>`,
    `<table class="matrix levels"><thead><tr><th>verdict</th><th>level</th><th>why</th></tr></thead><tbody>${head.join('')}</tbody></table>`,
    `<table class="matrix levels"><thead><tr><th>verdict</th><th>line (documents)</th><th>why</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    '</section>',
  ].join('\n');
}

/** A level (or line) as the matrix holds it per server: the verdict and why. */
export interface MatrixLevelCell {
  readonly verdict: LevelResult['verdict'];
  readonly reason: string;
}

/** The matrix page's table: levels and their lines as rows, servers as columns. */
export function levelsMatrixHtml(columns: readonly { readonly label: string; readonly levels?: readonly LevelResult[] }[]): string {
  const names = [...new Map(columns.flatMap((c) => c.levels ?? []).map((l) => [l.name, l.title])).entries()];
  if (names.length === 0) return '';
  const cell = (x: MatrixLevelCell | undefined): string =>
    x
      ? `<td class="cell lv-${x.verdict}" title="${escapeHtml(x.reason)}">${escapeHtml(VERDICT_LABELS[x.verdict])}</td>`
      : '<td class="cell st-absent" title="not in this server\'s report">—</td>';
  const rows: string[] = [];
  for (const [name, title] of names) {
    const of = columns.map((c) => c.levels?.find((l) => l.name === name));
    rows.push(`<tr class="level-group"><th>${escapeHtml(title)} <span class="sub">${escapeHtml(name)}</span></th>${of.map(cell).join('')}</tr>`);
    const lines = (of.find((l) => l !== undefined) as LevelResult).lines;
    for (const line of lines) {
      const key = lineName(line);
      rows.push(`<tr><td class="case-cell">${escapeHtml(key)}</td>${of.map((l) => cell(l?.lines.find((x) => lineName(x) === key))).join('')}</tr>`);
    }
  }
  return [
    '<h2>Compliance levels</h2>',
    `<p class="meta">${escapeHtml(INTRO)} Hover a cell for why; each server's page lists the failing requirements.</p>`,
    `<table class="matrix levels"><thead><tr><th scope="col">level / line</th>${columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody></table>`,
  ].join('\n');
}
