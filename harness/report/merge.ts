// `report merge`: joins several report.json files (docs/reference.md) into one report per target, and,
// when there are several targets, an interop matrix.
//
// How reports are joined
// - Reports are grouped by target: the same `target.url` and `target.domain` is the same target.
// - Within a target (shards of one run), the results are unioned. Shards must be disjoint: a case id
//   in two reports is an error (UsageError, exit 2) unless `onDuplicate: 'last-wins'`, when the later
//   file (command-line order) wins and a warning names the case and both files.
// - The merged report keeps the schema; `summary` is recomputed from the results; `results` are
//   sorted by id (the plan's order); `startedAt` is the earliest start and `durationMs` runs to the
//   latest end (shards run in parallel); `shard` is dropped. Software, seed and tool version come from
//   the first report that has them; a disagreement between shards is a warning, and so is a shard
//   set that is incomplete (e.g. 1/3 and 3/3 given, 2/3 missing). `repeat` runs are the maximum,
//   its flaky lists are joined; `baseline` is kept when all shards agree. `levels` (added) are assessed
//   again over the joined results, for the levels any shard assessed (else the default levels).
//
// What `report merge FILE... --out DIR` writes
// - one target (shards):   DIR/report.json, DIR/junit.xml, DIR/index.html (the run page of html.ts)
// - several targets:       DIR/index.html           the interop matrix (html-matrix.ts)
//                          DIR/matrix.json          the matrix as data, schema below
//                          DIR/targets/<slug>/{report.json,junit.xml,index.html}, one per target;
//                          <slug> is the software name and version (else host and port), made
//                          safe for a file name, with -2, -3 … if two targets share one.
//   with --federation FILE: the federation matrix below the servers' on DIR/index.html, and
//                          DIR/targets/federation-<a>-<b>/… for each directed pair
//
// matrix.json (schema "xmpp-conformance/matrix@1"):
//   { "schema": "xmpp-conformance/matrix@1",
//     "tool": { "name": "xmpp-conformance", "version": "x.y.z" },
//     "columns": [ { "label": "Prosody 0.12.3", "url": "...", "domain": "...", "software": {...}?,
//                    "dir": "targets/prosody-0.12.3", "summary": { ... },
//                    "levels": [ { "name", "title", "verdict", "reason",
//                                  "lines": [ { "feature", "documents", "verdict", "reason" } ] } ]? } ],
//   (levels added: the target's XEP-0479 verdicts, recomputed from its merged results)
//     "rows": [ { "id", "title", "area", "role", "refs": [...], "levels": ["MUST", ...],
//                 "differs": true|false,
//                 "cells": [ { "status": "failed", "message": "..."? } | null, ... ] } ] }
//   `cells[i]` belongs to `columns[i]`; null means that target has no result for the case.
//   Rows are ordered by the RFC section of their first ref, then id. `differs` is true when the
//   cells do not all hold the same status (a missing cell counts as a status of its own).
//   Transcripts are not repeated here: they are in each target's report.json.
import { writeFile, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { CaseResult, FlakyCase, Report, Status, Summary, TargetInfo } from '../runner/index.js';
import { isNotRun, summarize } from '../runner/index.js';
import type { Level, SpecRef } from '../spec.js';
import { TOOL_VERSION } from '../version.js';
import { compareIds, compareSections, primarySection } from './html-group.js';
import { renderHtml, targetLabel, writeHtmlFile } from './html.js';
import { renderMatrixHtml, type MatrixSection } from './html-matrix.js';
import { writeReportFile } from './json.js';
import { writeJunitFile } from './junit.js';
import { assessLevels, levelSuitesNamed, levelsFor, type LevelResult, type LevelVerdict } from '../levels/index.js';

export const MATRIX_SCHEMA = 'xmpp-conformance/matrix@1';
export const MATRIX_FILE = 'matrix.json';
export const TARGETS_DIR = 'targets';

export interface MergeOptions {
  /** names of the reports, in the same order, for messages (default `report #1` …) */
  readonly sources?: readonly string[];
  /** a case id in two reports of one target: 'error' (default) or keep the later one with a warning */
  readonly onDuplicate?: 'error' | 'last-wins';
}

export interface MatrixColumn {
  readonly label: string;
  readonly url: string;
  readonly domain: string;
  readonly software?: TargetInfo['software'];
  /** where this target's own reports are, relative to the matrix */
  readonly dir: string;
  readonly summary: Summary;
  /** added: the target's XEP-0479 verdicts, each level's and each of its lines' (the failures are in the target's report.json) */
  readonly levels?: readonly MatrixLevel[];
}

/** A level's verdict for one target in matrix.json (added). */
export interface MatrixLevel {
  readonly name: string;
  readonly title: string;
  readonly verdict: LevelVerdict;
  readonly reason: string;
  readonly lines: readonly { readonly feature: string; readonly documents: readonly string[]; readonly verdict: LevelVerdict; readonly reason: string }[];
}

export interface MatrixCell {
  readonly status: Status;
  readonly message?: string;
}

export interface MatrixRow {
  readonly id: string;
  readonly title: string;
  readonly area: CaseResult['area'];
  readonly role: CaseResult['role'];
  readonly refs: readonly SpecRef[];
  /** the distinct levels of the refs, for filtering */
  readonly levels: readonly Level[];
  readonly differs: boolean;
  readonly cells: readonly (MatrixCell | null)[];
}

export interface Matrix {
  readonly schema: typeof MATRIX_SCHEMA;
  readonly tool: { readonly name: 'xmpp-conformance'; readonly version: string };
  readonly columns: readonly MatrixColumn[];
  readonly rows: readonly MatrixRow[];
}

export interface MergeOutcome {
  /** one merged report per target, in order of first appearance */
  readonly targets: readonly Report[];
  /** the input files (sources) each target was merged from */
  readonly sourcesByTarget: readonly (readonly string[])[];
  readonly matrix: Matrix;
  readonly warnings: readonly string[];
}

function targetKey(t: TargetInfo): string {
  return JSON.stringify([t.url, t.domain]);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Joins the reports of one target (see the header comment). */
function mergeTarget(parts: readonly { report: Report; source: string }[], opts: MergeOptions, warn: (w: string) => void): Report {
  const first = parts[0];
  if (!first) throw new Error('mergeTarget: no reports');
  const where = `target ${first.report.target.url}`;
  const byId = new Map<string, { result: CaseResult; source: string }>();
  for (const { report, source } of parts) {
    for (const r of report.results) {
      const seen = byId.get(r.id);
      if (seen) {
        if (opts.onDuplicate !== 'last-wins') {
          throw new UsageError(`${where}: case ${r.id} is in both ${seen.source} and ${source}; shards must be disjoint (or pass --last-wins)`);
        }
        warn(`${where}: case ${r.id} is in both ${seen.source} and ${source}; keeping the one from ${source}`);
      }
      byId.set(r.id, { result: r, source });
    }
  }
  const results = [...byId.values()].map((x) => x.result).sort((a, b) => compareIds(a.id, b.id));

  // the first value any shard has, warning when another shard says something else
  const agree = <T>(what: string, pick: (r: Report) => T | undefined): T | undefined => {
    let value: T | undefined;
    let from = '';
    for (const { report, source } of parts) {
      const v = pick(report);
      if (v === undefined) continue;
      if (value === undefined) {
        value = v;
        from = source;
      } else if (!sameJson(v, value)) {
        warn(`${where}: ${what} differs between ${from} (${JSON.stringify(value)}) and ${source} (${JSON.stringify(v)}); keeping the first`);
      }
    }
    return value;
  };
  const software = agree('target.software', (r) => r.target.software);
  const seed = agree('seed', (r) => r.seed) ?? first.report.seed;
  const toolVersion = agree('tool.version', (r) => r.tool.version) ?? first.report.tool.version;
  const baselines = new Set(parts.map((p) => p.report.baseline));
  const baseline = baselines.size === 1 ? first.report.baseline : undefined;
  if (baselines.size > 1) warn(`${where}: the shards used different baselines; the merged report names none`);

  // shards: all of 1..N of one N?
  const shards = parts.map((p) => p.report.shard);
  if (parts.length > 1 || shards[0] !== undefined) {
    const totals = new Set(shards.map((s) => (s ? s.total : 0)));
    if (totals.size > 1) {
      warn(`${where}: the reports come from different shardings (${[...totals].map((n) => (n === 0 ? 'unsharded' : `/${n}`)).join(', ')})`);
    } else {
      const total = [...totals][0] ?? 0;
      if (total > 0) {
        const have = new Set(shards.map((s) => s?.index));
        const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !have.has(i));
        if (missing.length > 0) warn(`${where}: incomplete: shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${total}`).join(', ')} missing`);
      }
    }
  }

  const starts = parts.map((p) => Date.parse(p.report.startedAt));
  const ends = parts.map((p, i) => (starts[i] as number) + p.report.durationMs);
  const validStarts = starts.every((s) => Number.isFinite(s));
  const startIdx = validStarts ? starts.indexOf(Math.min(...starts)) : 0;
  const startedAt = parts[startIdx]?.report.startedAt ?? first.report.startedAt;
  const durationMs = validStarts ? Math.max(...ends) - Math.min(...starts) : Math.max(...parts.map((p) => p.report.durationMs));

  const repeats = parts.map((p) => p.report.repeat).filter((r) => r !== undefined);
  const flaky: FlakyCase[] = repeats.flatMap((r) => r.flaky).sort((a, b) => compareIds(a.id, b.id));

  // a part that ended early (signal, --max-time, a silent target, a killed run) makes the merge incomplete too
  const cut = parts.map((p) => p.report.incomplete).find((x) => x !== undefined);
  const notRun = results.filter(isNotRun).length;
  const { url, domain } = first.report.target;
  const levelNames = [...new Set(parts.flatMap((p) => (p.report.levels ?? []).map((l) => l.name)))];
  return {
    schema: 'xmpp-conformance/report@1',
    tool: { name: 'xmpp-conformance', version: toolVersion },
    target: { url, domain, ...(software ? { software } : {}) },
    seed,
    startedAt,
    durationMs,
    summary: { ...summarize(results), ...(cut ? { interrupted: true } : {}) },
    results,
    ...(cut ? { incomplete: { ...cut, notRun } } : {}),
    ...(repeats.length > 0 ? { repeat: { runs: Math.max(...repeats.map((r) => r.runs)), flaky } } : {}),
    ...(baseline !== undefined ? { baseline } : {}),
    // the verdicts again, over the joined results: of the levels any part assessed, else the defaults
    // (server levels: not for reports of client-role cases, which `serve` writes)
    ...(results.some((x) => x.role === 'server')
      ? { levels: assessLevels(levelsFor(levelNames.length > 0 ? levelSuitesNamed(levelNames) : undefined), results) }
      : {}),
  };
}

/** Short file-name-safe name for a target: software name-version, else host-port. */
function slugFor(t: TargetInfo): string {
  const raw = t.software ? `${t.software.name}-${t.software.version}` : t.url.replace(/^[a-z]+:\/\//i, '');
  const slug = raw
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60);
  return slug === '' ? 'target' : slug;
}

function matrixLevel(l: LevelResult): MatrixLevel {
  return {
    name: l.name,
    title: l.title,
    verdict: l.verdict,
    reason: l.reason,
    lines: l.lines.map((x) => ({ feature: x.feature, documents: x.documents, verdict: x.verdict, reason: x.reason })),
  };
}

/** The matrix over merged per-target reports (order = columns). */
export function buildMatrix(targets: readonly Report[]): Matrix {
  const used = new Map<string, number>();
  const labels = targets.map((r) => targetLabel(r.target));
  const columns: MatrixColumn[] = targets.map((r, i) => {
    const base = slugFor(r.target);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    // two targets running the same software: tell them apart by URL
    const label = labels.filter((l) => l === labels[i]).length > 1 ? `${labels[i]} (${r.target.url})` : (labels[i] as string);
    return {
      label,
      url: r.target.url,
      domain: r.target.domain,
      ...(r.target.software ? { software: r.target.software } : {}),
      dir: `${TARGETS_DIR}/${n === 1 ? base : `${base}-${n}`}`,
      summary: r.summary,
      ...(r.levels ? { levels: r.levels.map(matrixLevel) } : {}),
    };
  });
  const maps = targets.map((r) => new Map(r.results.map((x) => [x.id, x])));
  const ids = [...new Set(targets.flatMap((r) => r.results.map((x) => x.id)))];
  const rows: MatrixRow[] = ids.map((id) => {
    const meta = maps.map((m) => m.get(id)).find((x) => x !== undefined) as CaseResult;
    const cells = maps.map((m): MatrixCell | null => {
      const x = m.get(id);
      if (!x) return null;
      return x.message !== undefined ? { status: x.status, message: x.message } : { status: x.status };
    });
    const statuses = new Set(cells.map((c) => (c ? c.status : null)));
    return {
      id,
      title: meta.title,
      area: meta.area,
      role: meta.role,
      refs: meta.refs,
      levels: [...new Set(meta.refs.map((r) => r.level))],
      differs: statuses.size > 1,
      cells,
    };
  });
  rows.sort((a, b) => compareSections(primarySection(a.refs), primarySection(b.refs)) || compareIds(a.id, b.id));
  return { schema: MATRIX_SCHEMA, tool: { name: 'xmpp-conformance', version: TOOL_VERSION }, columns, rows };
}

/**
 * Merges reports: shards of one target are unioned (they must be disjoint), several targets make a
 * matrix. Throws UsageError for duplicates (unless last-wins) or an empty list.
 */
export function mergeReports(reports: readonly Report[], opts: MergeOptions = {}): MergeOutcome {
  if (reports.length === 0) throw new UsageError('report merge: no reports to merge');
  const warnings: string[] = [];
  const groups = new Map<string, { report: Report; source: string }[]>();
  reports.forEach((report, i) => {
    const source = opts.sources?.[i] ?? `report #${i + 1}`;
    const key = targetKey(report.target);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push({ report, source });
  });
  const parts = [...groups.values()];
  const targets = parts.map((g) => mergeTarget(g, opts, (w) => warnings.push(w)));
  return { targets, sourcesByTarget: parts.map((g) => g.map((p) => p.source)), matrix: buildMatrix(targets), warnings };
}

async function writeJson(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
  await rename(tmp, file);
}

async function writeTargetFiles(dir: string, report: Report): Promise<string[]> {
  return [await writeReportFile(dir, report), await writeJunitFile(dir, report), await writeHtmlFile(dir, renderHtml(report))];
}

/**
 * Writes the layout described at the top of this file; returns the paths written. `sections` are
 * more matrices for the matrix page (the federation matrix), shown below the targets'.
 */
export async function writeMerged(outDir: string, outcome: MergeOutcome, sections: readonly MatrixSection[] = []): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const only = outcome.targets[0];
  if (outcome.targets.length === 1 && only) return writeTargetFiles(outDir, only);
  const files: string[] = [];
  for (const [i, report] of outcome.targets.entries()) {
    const col = outcome.matrix.columns[i] as MatrixColumn;
    files.push(...(await writeTargetFiles(join(outDir, col.dir), report)));
  }
  // a section's columns get their folders too, so the page's links to them resolve
  for (const section of sections) {
    for (const [i, report] of section.targets.entries()) {
      const col = section.matrix.columns[i] as MatrixColumn;
      files.push(...(await writeTargetFiles(join(outDir, col.dir), report)));
    }
  }
  const matrixFile = join(outDir, MATRIX_FILE);
  await writeJson(matrixFile, outcome.matrix);
  files.push(matrixFile);
  files.push(await writeHtmlFile(outDir, renderMatrixHtml(outcome.matrix, outcome.targets, {}, sections)));
  return files;
}
