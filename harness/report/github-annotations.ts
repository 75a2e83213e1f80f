// GitHub Actions workflow commands for a finished run: each result that makes the run fail becomes
// an `::error` (or `::warning`) line on stdout, which the runner turns into an annotation on the job.
// Pure functions; harness/report/github-actions.ts decides when to print them.
import { failedOrErrored, type CaseResult, type Report } from '../runner/index.js';
import { formatRef } from '../spec.js';
import { escapeControls, truncate } from './console.js';
import { plural } from './html-escape.js';

/** How many annotations one run prints at most; a last line says how many were left out. */
export const ANNOTATION_CAP = 50;
/** Longest message one annotation carries (UTF-16 units, before escaping). */
export const ANNOTATION_MESSAGE_MAX = 1000;

export interface AnnotationOptions {
  /** --strict-baseline: a `fixed` case fails the run, so it is annotated (as a warning) */
  readonly strictBaseline?: boolean;
  /** --fail-on-skip: a skipped case fails the run, so it is annotated (as a warning) */
  readonly failOnSkip?: boolean;
  /** default ANNOTATION_CAP */
  readonly cap?: number;
}

/** The message part of a workflow command: `%`, CR and LF would end or corrupt the command. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (`title=...`): also `:` (ends the properties) and `,` (separates them). */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line, e.g. `::error title=x::message`. */
export function workflowCommand(command: 'error' | 'warning' | 'notice', properties: Readonly<Record<string, string>>, message: string): string {
  const props = Object.entries(properties)
    .map(([k, v]) => `${k}=${escapeCommandProperty(v)}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeCommandData(message)}`;
}

/** A result that makes the run fail: `error` for a deviation, `warning` when only a flag makes it one. */
export interface RunFailure {
  readonly command: 'error' | 'warning';
  readonly result: CaseResult;
  /** why it counts: the status, or the flag that turns it into a failure */
  readonly why: string;
}

/**
 * The results that make the run exit 1, errors (failed, errored) first, then warnings (fixed under
 * --strict-baseline, skipped under --fail-on-skip, flaky over --repeat), each group in report order.
 * Cases the baseline expects (expected-fail) are not among them.
 */
export function runFailures(report: Report, opts: Omit<AnnotationOptions, 'cap'> = {}): RunFailure[] {
  const errors: RunFailure[] = [];
  const warnings: RunFailure[] = [];
  const flaky = new Map((report.repeat?.flaky ?? []).map((f) => [f.id, f.statuses]));
  for (const r of report.results) {
    if (failedOrErrored(r)) errors.push({ command: 'error', result: r, why: r.status });
    else if (r.status === 'fixed' && opts.strictBaseline) warnings.push({ command: 'warning', result: r, why: 'fixed (--strict-baseline)' });
    else if (r.status === 'skipped' && opts.failOnSkip) warnings.push({ command: 'warning', result: r, why: 'skipped (--fail-on-skip)' });
    else if (flaky.has(r.id)) warnings.push({ command: 'warning', result: r, why: `flaky over --repeat runs: ${(flaky.get(r.id) ?? []).join(', ')}` });
  }
  return [...errors, ...warnings];
}

/**
 * What to say about a failing result: a failed case's message says it all; otherwise why the case
 * counts (errored, or the flag), then its message if it has one.
 */
export function failureText(f: RunFailure): string {
  const r = f.result;
  const hasMessage = r.message !== undefined && r.message !== '';
  const why = f.command === 'warning' || r.status === 'errored' || !hasMessage ? f.why : undefined;
  return [why, hasMessage ? r.message : undefined].filter((x) => x !== undefined).join(': ');
}

function annotationLine(a: RunFailure): string {
  const r = a.result;
  const ref = r.refs[0];
  const title = ref ? `${r.id} (${formatRef(ref)})` : r.id;
  const message = truncate(escapeControls(`${r.id}: ${failureText(a)}`), ANNOTATION_MESSAGE_MAX);
  return workflowCommand(a.command, { title }, message);
}

/**
 * The workflow commands for a report, one per runFailures() entry (`::error` titled with the case id
 * and its RFC section, the one-line message as text), at most `cap`, then one `::warning` saying how
 * many were left out.
 */
export function annotationLines(report: Report, opts: AnnotationOptions = {}): string[] {
  const cap = Math.max(0, opts.cap ?? ANNOTATION_CAP);
  const all = runFailures(report, opts);
  const lines = all.slice(0, cap).map(annotationLine);
  const left = all.length - lines.length;
  if (left > 0) {
    lines.push(
      workflowCommand('warning', { title: 'xmpp-conformance' }, `${plural(left, 'more annotation')} left out (limit ${cap}); every result is in report.json`),
    );
  }
  return lines;
}
