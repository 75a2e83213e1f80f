// Known-deviation baselines: a checked-in list of cases a target is known to fail. A
// listed failure is reported as 'expected-fail' and does not fail the run; a listed case that
// now passes is 'fixed' (a failure under --strict-baseline, so the list only shrinks), unless the
// entry is marked intermittent (a deviation that shows on some runs only).
import { readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { failedOrErrored, type CaseResult, type Report } from './result.js';

export const BASELINE_SCHEMA = 'xmpp-conformance/baseline@1';

export interface BaselineEntry {
  readonly id: string;
  /** why the target fails it (the deviation, with the RFC rule) */
  readonly reason: string;
  /** the server project's tracker entry, when there is one */
  readonly link?: string;
  /**
   * The deviation shows on some runs only (a race inside the server): a pass is then reported as
   * 'passed', with a note, not as 'fixed', so --strict-baseline does not fail on the runs where
   * the race went the other way. A failure is still 'expected-fail'.
   */
  readonly intermittent?: boolean;
}

export interface Baseline {
  readonly schema: typeof BASELINE_SCHEMA;
  /** free text: which server and version this list describes */
  readonly target?: string;
  readonly entries: readonly BaselineEntry[];
}

/** Reads and checks a baseline file; any problem is a one-line UsageError (exit 2). */
export function loadBaseline(file: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`--baseline '${file}': ${err.code ? `cannot read (${err.code})` : `not valid JSON (${err.message})`}`);
  }
  const b = raw as Partial<Baseline>;
  if (b?.schema !== BASELINE_SCHEMA) throw new UsageError(`--baseline '${file}': expected "schema": "${BASELINE_SCHEMA}"`);
  if (!Array.isArray(b.entries)) throw new UsageError(`--baseline '${file}': expected an "entries" array`);
  const seen = new Set<string>();
  for (const [i, e] of b.entries.entries()) {
    if (typeof e?.id !== 'string' || !e.id) throw new UsageError(`--baseline '${file}': entry ${i} has no "id"`);
    if (typeof e.reason !== 'string' || !e.reason.trim()) throw new UsageError(`--baseline '${file}': entry '${e.id}' has no "reason"`);
    if (e.intermittent !== undefined && typeof e.intermittent !== 'boolean')
      throw new UsageError(`--baseline '${file}': entry '${e.id}': "intermittent" must be true or false`);
    if (seen.has(e.id)) throw new UsageError(`--baseline '${file}': '${e.id}' is listed twice`);
    seen.add(e.id);
  }
  return b as Baseline;
}

/** The baseline's entry for a case, if it lists the case. */
export function baselineEntry(baseline: Baseline | undefined, id: string): BaselineEntry | undefined {
  return baseline?.entries.find((e) => e.id === id);
}

/** The result as the baseline sees it: known failures become 'expected-fail', listed passes 'fixed'. */
export function applyBaseline(result: CaseResult, baseline: Baseline | undefined): CaseResult {
  const entry = baselineEntry(baseline, result.id);
  if (!entry) return result;
  const known = `known deviation: ${entry.reason}${entry.link ? ` (${entry.link})` : ''}`;
  if (failedOrErrored(result)) {
    return { ...result, status: 'expected-fail', message: `${known} — ${result.message ?? result.status}` };
  }
  if (result.status === 'passed' && entry.intermittent === true) {
    return { ...result, message: `passed; the baseline lists an intermittent deviation that did not show this time (${entry.reason})` };
  }
  if (result.status === 'passed')
    return { ...result, status: 'fixed', message: `listed in the baseline but passed now; remove it from the baseline (${entry.reason})` };
  return result;
}

/** A baseline listing every failed, errored or expected-fail case of a report, reasons from their messages. */
export function baselineFrom(report: Report): Baseline {
  const entries = report.results
    .filter((r) => r.status === 'failed' || r.status === 'errored' || r.status === 'expected-fail')
    .map((r): BaselineEntry => ({ id: r.id, reason: (r.message ?? r.status).replace(/^known deviation: /, '').slice(0, 500) }));
  const software = report.target.software ? `${report.target.software.name} ${report.target.software.version}` : report.target.url;
  return { schema: BASELINE_SCHEMA, target: software, entries };
}

export function writeBaseline(file: string, baseline: Baseline): void {
  try {
    writeFileSync(file, JSON.stringify(baseline, null, 2) + '\n');
  } catch (e) {
    throw new UsageError(`--write-baseline '${file}': cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
