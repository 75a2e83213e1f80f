// `xmpp-conformance report merge FILE... --out DIR [--last-wins] [--federation FILE]`: joins report.json files (shards of
// one target, or several targets) into report.json/junit.xml/index.html, or an interop matrix.
// Layout and rules: harness/report/merge.ts. A FILE may be a directory holding a report.json (or,
// from a run killed before it wrote one, an events.jsonl), or an events.jsonl itself.
// Exit: 2 for a bad or missing file, duplicates between shards, or bad flags (one line on stderr);
// else 1 when a merged target has a failed or errored case, 0 otherwise (as `run` would have).
import { existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UsageError } from '../errors.js';
import {
  EVENTS_FILE,
  REPORT_FILE,
  buildMatrix,
  formatSummaryLine,
  levelsOneLine,
  mergeReports,
  readEventLog,
  readReport,
  writeMerged,
  type MatrixSection,
} from '../report/index.js';
import { readFederationPairs } from '../federation/index.js';
import { parseFlags, str } from './args.js';
import type { CliIO } from './io.js';
import { publishToGithubActions } from '../report/index.js';
import { EXIT } from './exit-codes.js';

export const REPORT_USAGE =
  'usage: xmpp-conformance report merge FILE... --out DIR [--last-wins] [--federation FILE]   (FILE: report.json, events.jsonl, or a directory holding one; --federation: the report.json of `npm run federation`, its directed pairs by case shown below the matrix)';

const MERGE_FLAGS = {
  out: { type: 'string' },
  'last-wins': { type: 'boolean' },
  federation: { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** Hard limit on the number of reports one merge reads. */
export const MAX_MERGE_FILES = 1000;

/** A directory stands for its report.json, or, when a run was killed before writing one, its events.jsonl. */
function resolveInput(arg: string): string {
  try {
    if (statSync(arg).isDirectory())
      return existsSync(join(arg, REPORT_FILE)) || !existsSync(join(arg, EVENTS_FILE)) ? join(arg, REPORT_FILE) : join(arg, EVENTS_FILE);
  } catch {
    // not there: readReport says so in one line
  }
  return arg;
}

export async function reportCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === 'help') {
    io.stdout.write(`${REPORT_USAGE}\n`);
    return EXIT.OK;
  }
  if (sub !== 'merge') {
    throw new UsageError(sub === undefined ? `report: missing subcommand; ${REPORT_USAGE}` : `report: unknown subcommand '${sub}'; ${REPORT_USAGE}`);
  }
  const { values, positionals } = parseFlags(rest, MERGE_FLAGS, true);
  if (values['help'] === true) {
    io.stdout.write(`${REPORT_USAGE}\n`);
    return EXIT.OK;
  }
  const out = str(values['out']);
  if (out === undefined || out === '') throw new UsageError(`report merge: --out DIR is required; ${REPORT_USAGE}`);
  if (positionals.length === 0) throw new UsageError(`report merge: no report files given; ${REPORT_USAGE}`);
  if (positionals.length > MAX_MERGE_FILES) throw new UsageError(`report merge: ${positionals.length} files is more than the limit of ${MAX_MERGE_FILES}`);

  const files = positionals.map(resolveInput);
  // an event log (.jsonl) is rebuilt into the report its run would have written
  const reports = files.map((f) => (f.endsWith('.jsonl') ? readEventLog(f) : readReport(f)));
  const outcome = mergeReports(reports, { sources: files, onDuplicate: values['last-wins'] === true ? 'last-wins' : 'error' });
  for (const w of outcome.warnings) io.stderr.write(`xmpp-conformance: warning: ${w}\n`);
  for (const t of outcome.targets) {
    if (t.incomplete)
      io.stderr.write(`xmpp-conformance: warning: ${t.target.url}: the run ended early (${t.incomplete.reason}); ${t.incomplete.notRun} case(s) not run\n`);
  }

  const federation = str(values['federation']);
  const sections: MatrixSection[] = [];
  if (federation !== undefined) {
    const pairs = readFederationPairs(resolveInput(federation));
    sections.push({
      heading: 'Federation: directed server pairs',
      note: 'Two lab servers federating with each other (npm run federation): each column is a sending server -> a receiving server, each row a case run through accounts on both.',
      matrix: buildMatrix(pairs),
      targets: pairs,
    });
  }
  const written = await writeMerged(out, outcome, sections);
  const n = outcome.targets.length;
  io.stdout.write(`merged ${files.length} report${files.length === 1 ? '' : 's'} into ${n} target${n === 1 ? '' : 's'}\n`);
  for (const [i, t] of outcome.targets.entries()) {
    const col = outcome.matrix.columns[i];
    io.stdout.write(`  ${col?.label ?? t.target.url}: ${formatSummaryLine(t)}\n`);
    if (t.levels && t.levels.length > 0) io.stdout.write(`    levels: ${levelsOneLine(t.levels)}\n`);
  }
  io.stdout.write(`wrote ${written.map((f) => relative('.', f) || f).join(', ')}\n`);
  const bad = outcome.targets.some((t) => t.summary.failed + t.summary.errored > 0);
  // in GitHub Actions: annotations and a job summary per merged target
  for (const t of outcome.targets) publishToGithubActions(t, io, { exitCode: t.summary.failed + t.summary.errored > 0 ? EXIT.FAILED : EXIT.OK });
  return bad ? EXIT.FAILED : EXIT.OK;
}
