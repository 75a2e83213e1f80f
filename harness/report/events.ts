// The event log: one JSON line per finished case, appended (synchronously) as the case ends, beside
// report.json. A run killed outright (SIGKILL, power loss) leaves its finished cases here, and
// `report merge` rebuilds report.json, junit.xml and index.html from it.
//
// events.jsonl (schema "xmpp-conformance/events@1"), one object per line:
//   {"event":"begin","schema":"xmpp-conformance/events@1","tool":{...},"target":{...},"seed":N,
//    "startedAt":"...","plan":[{id,title,area,role,refs,requirements,tags}, ...],
//    "levelSuites":["xep0479-core-server", ...]}                           (added: the levels assessed)
//   {"event":"case","result":{ ...a result as in report.json... }}         one per finished case
//   {"event":"end","summary":{...},"durationMs":N}                          when the run ended normally
import { appendFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseMeta } from '../cases/index.js';
import { UsageError, oneLine } from '../errors.js';
import { incompleteOf, notRunResult, summarize, type CaseResult, type Report } from '../runner/index.js';
import { TOOL_VERSION } from '../version.js';
import { MAX_REPORT_BYTES, validateReport } from './json.js';
import { assessLevels, levelSuitesNamed, levelsFor } from '../levels/index.js';
import type { RunPlan } from './reporter.js';

export const EVENTS_FILE = 'events.jsonl';
export const EVENTS_SCHEMA = 'xmpp-conformance/events@1';

function planEntry(m: CaseMeta): CaseMeta {
  return { id: m.id, title: m.title, area: m.area, role: m.role, refs: m.refs, requirements: m.requirements, tags: m.tags };
}

/** Appends run events to `<outDir>/events.jsonl`; each write is synchronous so a killed run keeps it. */
export class EventLog {
  readonly file: string;
  /** case and end lines are written only into a log this run began */
  private begun = false;

  constructor(outDir: string) {
    this.file = join(outDir, EVENTS_FILE);
  }

  begin(plan: RunPlan): void {
    mkdirSync(join(this.file, '..'), { recursive: true });
    const line = {
      event: 'begin',
      schema: EVENTS_SCHEMA,
      tool: { name: 'xmpp-conformance', version: TOOL_VERSION },
      target: plan.target,
      seed: plan.seed,
      startedAt: plan.startedAt,
      plan: plan.cases.map(planEntry),
      ...(plan.levelSuites ? { levelSuites: plan.levelSuites } : {}),
    };
    writeFileSync(this.file, `${JSON.stringify(line)}\n`, 'utf8');
    this.begun = true;
  }

  caseEnded(result: CaseResult): void {
    if (!this.begun) return;
    appendFileSync(this.file, `${JSON.stringify({ event: 'case', result })}\n`, 'utf8');
  }

  end(report: Report): void {
    if (!this.begun) return;
    const line = { event: 'end', summary: report.summary, durationMs: report.durationMs, ...(report.incomplete ? { incomplete: report.incomplete } : {}) };
    appendFileSync(this.file, `${JSON.stringify(line)}\n`, 'utf8');
  }
}

/**
 * Rebuilds a report from an event log. Planned cases without a result are `skipped` as not run,
 * and, unless the log ends with an `end` event, the report says the run was interrupted.
 */
export function reportFromEvents(text: string, source: string): Report {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const parse = (l: string, i: number): Record<string, unknown> => {
    try {
      const v: unknown = JSON.parse(l);
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
      return v as Record<string, unknown>;
    } catch (e) {
      // the last line of a killed run may be cut short; any other bad line is an error
      if (i === lines.length - 1) return { event: 'torn' };
      throw new UsageError(`${source}: line ${i + 1} is not JSON (${oneLine(e)})`);
    }
  };
  const events = lines.map(parse);
  const begin = events[0];
  if (!begin || begin['event'] !== 'begin' || begin['schema'] !== EVENTS_SCHEMA) {
    throw new UsageError(`${source}: not an xmpp-conformance event log (expected a first line with schema "${EVENTS_SCHEMA}")`);
  }
  const plan = Array.isArray(begin['plan']) ? (begin['plan'] as CaseMeta[]) : [];
  const done = new Map<string, CaseResult>();
  for (const e of events)
    if (e['event'] === 'case' && typeof e['result'] === 'object' && e['result'] !== null) done.set((e['result'] as CaseResult).id, e['result'] as CaseResult);
  const end = events.find((e) => e['event'] === 'end');
  const reason = 'the run ended before this case (rebuilt from the event log)';
  const results = plan.map((m) => done.get(m.id) ?? notRunResult(m, reason));
  for (const [id, r] of done) if (!plan.some((m) => m.id === id)) results.push(r);
  const startedAt = typeof begin['startedAt'] === 'string' ? begin['startedAt'] : new Date(0).toISOString();
  const durationMs =
    typeof end?.['durationMs'] === 'number' ? end['durationMs'] : results.reduce((n, r) => n + (typeof r.durationMs === 'number' ? r.durationMs : 0), 0);
  const notRun = results.length - done.size;
  const ended = end?.['incomplete'] as Report['incomplete'];
  const incomplete =
    end === undefined ? incompleteOf({ stage: 'killed', reason: 'the event log has no end: the run was killed, or is still running' }, notRun) : ended;
  const interrupted = incomplete !== undefined;
  const report = {
    schema: 'xmpp-conformance/report@1',
    tool: begin['tool'],
    target: begin['target'],
    seed: begin['seed'],
    startedAt,
    durationMs,
    summary: { ...summarize(results), ...(interrupted ? { interrupted: true } : {}) },
    results,
    ...(incomplete ? { incomplete } : {}),
    ...(results.some((x) => x.role === 'server')
      ? { levels: assessLevels(levelsFor(Array.isArray(begin['levelSuites']) ? levelSuitesNamed(begin['levelSuites'] as string[]) : undefined), results) }
      : {}),
  };
  return validateReport(report, source);
}

/** Reads an event log (size-capped like a report) and rebuilds its report. */
export function readEventLog(file: string): Report {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_REPORT_BYTES) throw new UsageError(`${file}: ${size} bytes is larger than the ${MAX_REPORT_BYTES}-byte limit for an event log`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read event log ${file}: ${oneLine(e)}`);
  }
  return reportFromEvents(text, file);
}
