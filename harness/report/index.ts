// The report module's public API: reporter names (--reporter), their factories, and the formats.
import { UsageError } from '../errors.js';
import { ConsoleReporter } from './console.js';
import { JsonReporter } from './json.js';
import { JunitReporter } from './junit.js';
import { HtmlReporter } from './html.js';
import { Multiplexer, type NamedReporter } from './multiplexer.js';
import type { Reporter, ReporterOptions } from './reporter.js';

export type { Reporter, ReporterOptions, RunPlan } from './reporter.js';
export { ConsoleReporter, formatSummaryLine, formatTranscriptLine } from './console.js';
export { JsonReporter, readReport, parseReport, validateReport, writeReportFile, REPORT_FILE, REPORT_SCHEMA } from './json.js';
export { JunitReporter, renderJunit, writeJunitFile, formatSystemOut, JUNIT_FILE, SYSTEM_OUT_CAP } from './junit.js';
export { EventLog, readEventLog, reportFromEvents, EVENTS_FILE, EVENTS_SCHEMA } from './events.js';
export { Multiplexer, type NamedReporter, type MultiplexerOptions } from './multiplexer.js';
export { HtmlReporter, renderHtml, writeHtmlFile, HTML_FILE, type HtmlOptions } from './html.js';
export { renderMatrixHtml, type MatrixSection } from './html-matrix.js';
export { glanceTable, deviationsTable, replaceBetweenMarkers, type GlanceServer, type BaselineEntryLike } from './glance.js';
export {
  annotationLines,
  runFailures,
  workflowCommand,
  escapeCommandData,
  escapeCommandProperty,
  ANNOTATION_CAP,
  type AnnotationOptions,
  type RunFailure,
} from './github-annotations.js';
export { summaryMarkdown, markdownInline, SUMMARY_FAILURE_CAP, type SummaryOptions } from './github-summary.js';
export { publishToGithubActions, type GithubActionsIO } from './github-actions.js';
export { escapeHtml, DEFAULT_TRANSCRIPT_LIMITS, DEFAULT_PAGE_TRANSCRIPT_BUDGET, type TranscriptLimits } from './html-escape.js';
export {
  mergeReports,
  buildMatrix,
  writeMerged,
  MATRIX_SCHEMA,
  MATRIX_FILE,
  TARGETS_DIR,
  type MergeOptions,
  type MergeOutcome,
  type Matrix,
  type MatrixColumn,
  type MatrixRow,
  type MatrixCell,
  type MatrixLevel,
} from './merge.js';
export { levelsText, levelsOneLine, distinctLines, failureLines, lineName, VERDICT_MARK } from './levels-text.js';
export { levelsHtml, levelsMatrixHtml } from './html-levels.js';

/** The names `--reporter` accepts. */
export const REPORTERS = ['console', 'json', 'junit', 'html'] as const;
export type ReporterName = (typeof REPORTERS)[number];

const FACTORIES: Readonly<Record<ReporterName, (opts: ReporterOptions) => Reporter>> = {
  console: (opts) => new ConsoleReporter(opts),
  json: (opts) => new JsonReporter(opts),
  junit: (opts) => new JunitReporter(opts),
  html: (opts) => new HtmlReporter(opts),
};

function isReporterName(name: string): name is ReporterName {
  return (REPORTERS as readonly string[]).includes(name);
}

/**
 * Builds the reporters named (each once, in the order given) behind one Multiplexer.
 * An unknown name is a UsageError listing the valid ones.
 */
export function createReporters(names: readonly string[], opts: ReporterOptions): Reporter {
  const chosen: NamedReporter[] = [];
  const seen = new Set<string>();
  for (const raw of names) {
    const name = raw.trim();
    if (name === '' || seen.has(name)) continue;
    if (!isReporterName(name)) {
      throw new UsageError(`--reporter: unknown reporter ${JSON.stringify(name)} (valid: ${REPORTERS.join(', ')})`);
    }
    seen.add(name);
    chosen.push({ name, reporter: FACTORIES[name](opts) });
  }
  return new Multiplexer(chosen);
}
