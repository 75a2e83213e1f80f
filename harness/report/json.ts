// The JSON reporter: writes the interface's report.json, the event log that `report merge` replays.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AREAS, type CaseMeta } from '../cases/index.js';
import { HarnessError, UsageError, oneLine } from '../errors.js';
import type { CaseResult, Report, StopStage } from '../runner/index.js';
import type { Level } from '../spec.js';
import type { Reporter, ReporterOptions, RunPlan } from './reporter.js';
import { EventLog } from './events.js';
import { LEVEL_VERDICTS } from '../levels/index.js';

export const REPORT_SCHEMA = 'xmpp-conformance/report@1';
export const REPORT_FILE = 'report.json';
/** report.json files larger than this are refused (256 KiB of transcript per case adds up, but not this far) */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024;

const STATUSES = ['passed', 'failed', 'skipped', 'errored', 'expected-fail', 'fixed'] as const;
/** Reports written before baselines existed carry only the first interface's four counts. */
const OPTIONAL_COUNTS: readonly string[] = ['expected-fail', 'fixed'];
const STOP_STAGES: readonly StopStage[] = ['preflight', 'signal', 'max-time', 'target-silent', 'killed', 'internal'];
const LEVELS: readonly Level[] = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'];

/** Writes `report` as `<outDir>/report.json` (2-space indent), creating outDir; returns the path. */
export async function writeReportFile(outDir: string, report: Report): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, REPORT_FILE);
  // write then rename, so a reader never sees half a report
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
  await rename(tmp, file);
  return file;
}

/** Writes report.json at the end, and the event log (events.ts) as cases finish. */
export class JsonReporter implements Reporter {
  private readonly outDir: string;
  private readonly log: EventLog;

  constructor(opts: Pick<ReporterOptions, 'outDir'>) {
    this.outDir = opts.outDir;
    this.log = new EventLog(opts.outDir);
  }

  onBegin(plan: RunPlan): void {
    this.log.begin(plan);
  }

  onCaseEnd(_meta: CaseMeta, result: CaseResult): void {
    this.log.caseEnded(result);
  }

  async onEnd(report: Report): Promise<void> {
    await writeReportFile(this.outDir, report);
    this.log.end(report);
  }
}

/** Reads and validates a report.json; any problem is a UsageError of one line naming the file. */
export function readReport(file: string): Report {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_REPORT_BYTES) {
      throw new UsageError(`${file}: ${size} bytes is larger than the ${MAX_REPORT_BYTES}-byte limit for a report`);
    }
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read report ${file}: ${oneLine(e)}`);
  }
  return parseReport(text, file);
}

/** Parses and validates report JSON text; `source` names it in errors. */
export function parseReport(text: string, source: string): Report {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${source}: not JSON (${oneLine(e)})`);
  }
  return validateReport(value, source);
}

type Obj = Record<string, unknown>;

/** A report.json that is not one: turned into a UsageError naming the file. */
class ShapeError extends HarnessError {
  override readonly name = 'ShapeError';
  constructor(message: string) {
    super('USAGE', message);
  }
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) throw new ShapeError(`${path}: expected an object`);
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new ShapeError(`${path}: expected a string`);
  return v;
}

function num(v: unknown, path: string, opts: { integer?: boolean; min?: number } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ShapeError(`${path}: expected a number`);
  if (opts.integer === true && !Number.isInteger(v)) throw new ShapeError(`${path}: expected an integer`);
  if (opts.min !== undefined && v < opts.min) throw new ShapeError(`${path}: expected at least ${opts.min}`);
  return v;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], path: string): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ShapeError(`${path}: expected one of ${allowed.join('|')}`);
  }
  return v as T;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new ShapeError(`${path}: expected an array`);
  return v;
}

function strings(v: unknown, path: string): string[] {
  return arr(v, path).map((x, i) => str(x, `${path}[${i}]`));
}

function checkResult(v: unknown, path: string): CaseResult {
  const r = obj(v, path);
  str(r['id'], `${path}.id`);
  str(r['title'], `${path}.title`);
  oneOf(r['area'], AREAS, `${path}.area`);
  oneOf(r['role'], ['server', 'client'], `${path}.role`);
  arr(r['refs'], `${path}.refs`).forEach((x, i) => {
    const ref = obj(x, `${path}.refs[${i}]`);
    // a XEP ref (added) names its XEP and version instead of an RFC
    if (ref['xep'] !== undefined) {
      num(ref['xep'], `${path}.refs[${i}].xep`, { integer: true, min: 1 });
      str(ref['version'], `${path}.refs[${i}].version`);
    } else num(ref['rfc'], `${path}.refs[${i}].rfc`, { integer: true, min: 1 });
    str(ref['section'], `${path}.refs[${i}].section`);
    oneOf(ref['level'], LEVELS, `${path}.refs[${i}].level`);
  });
  strings(r['requirements'], `${path}.requirements`);
  // the first interface's example omitted tags; older or foreign reports may lack them
  if (r['tags'] !== undefined) strings(r['tags'], `${path}.tags`);
  oneOf(r['status'], STATUSES, `${path}.status`);
  num(r['durationMs'], `${path}.durationMs`, { min: 0 });
  if (r['message'] !== undefined) str(r['message'], `${path}.message`);
  if (r['transcript'] !== undefined) {
    arr(r['transcript'], `${path}.transcript`).forEach((x, i) => {
      const p = `${path}.transcript[${i}]`;
      const e = obj(x, p);
      oneOf(e['dir'], ['out', 'in'], `${p}.dir`);
      num(e['t'], `${p}.t`);
      str(e['data'], `${p}.data`);
      if (e['actor'] !== undefined) str(e['actor'], `${p}.actor`);
    });
  }
  return (r['tags'] === undefined ? { ...r, tags: [] } : r) as unknown as CaseResult;
}

/** The added `levels` field: a verdict per level, a verdict per line, the failures listed. */
function checkLevels(v: unknown): void {
  arr(v, 'levels').forEach((x, i) => {
    const p = `levels[${i}]`;
    const level = obj(x, p);
    str(level['name'], `${p}.name`);
    str(level['title'], `${p}.title`);
    oneOf(level['verdict'], LEVEL_VERDICTS, `${p}.verdict`);
    str(level['reason'], `${p}.reason`);
    arr(level['lines'], `${p}.lines`).forEach((y, j) => {
      const q = `${p}.lines[${j}]`;
      const line = obj(y, q);
      str(line['feature'], `${q}.feature`);
      strings(line['documents'], `${q}.documents`);
      oneOf(line['verdict'], LEVEL_VERDICTS, `${q}.verdict`);
      str(line['reason'], `${q}.reason`);
      arr(line['failures'], `${q}.failures`).forEach((z, k) => {
        const f = obj(z, `${q}.failures[${k}]`);
        str(f['case'], `${q}.failures[${k}].case`);
        str(f['status'], `${q}.failures[${k}].status`);
        strings(f['requirements'], `${q}.failures[${k}].requirements`);
      });
    });
  });
}

function checkReport(value: unknown): Report {
  const r = obj(value, 'report');
  const tool = obj(r['tool'], 'tool');
  if (tool['name'] !== 'xmpp-conformance') throw new ShapeError(`tool.name: expected "xmpp-conformance"`);
  str(tool['version'], 'tool.version');
  const target = obj(r['target'], 'target');
  str(target['url'], 'target.url');
  str(target['domain'], 'target.domain');
  if (target['software'] !== undefined) {
    const sw = obj(target['software'], 'target.software');
    str(sw['name'], 'target.software.name');
    str(sw['version'], 'target.software.version');
    if (sw['os'] !== undefined) str(sw['os'], 'target.software.os');
  }
  num(r['seed'], 'seed');
  str(r['startedAt'], 'startedAt');
  num(r['durationMs'], 'durationMs', { min: 0 });
  const summary = obj(r['summary'], 'summary');
  for (const k of ['total', ...STATUSES] as const) {
    if (summary[k] === undefined && OPTIONAL_COUNTS.includes(k)) summary[k] = 0;
    num(summary[k], `summary.${k}`, { integer: true, min: 0 });
  }
  const results = arr(r['results'], 'results').map((x, i) => checkResult(x, `results[${i}]`));
  if (r['shard'] !== undefined) {
    const shard = obj(r['shard'], 'shard');
    num(shard['index'], 'shard.index', { integer: true, min: 1 });
    num(shard['total'], 'shard.total', { integer: true, min: 1 });
  }
  if (summary['interrupted'] !== undefined && typeof summary['interrupted'] !== 'boolean') throw new ShapeError('summary.interrupted: expected true or false');
  if (r['incomplete'] !== undefined) {
    const inc = obj(r['incomplete'], 'incomplete');
    oneOf(inc['stage'], STOP_STAGES, 'incomplete.stage');
    str(inc['reason'], 'incomplete.reason');
    num(inc['notRun'], 'incomplete.notRun', { integer: true, min: 0 });
  }
  if (r['levels'] !== undefined) checkLevels(r['levels']);
  // the summary must agree with the results it summarizes
  const counted: Record<string, number> = { total: results.length, passed: 0, failed: 0, skipped: 0, errored: 0, 'expected-fail': 0, fixed: 0 };
  for (const x of results) counted[x.status] = (counted[x.status] ?? 0) + 1;
  for (const [k, n] of Object.entries(counted)) {
    if (summary[k] !== n) throw new ShapeError(`summary.${k} is ${String(summary[k])} but the results hold ${n}`);
  }
  return { ...r, results } as unknown as Report;
}

/** Checks that `value` is a report of our schema; returns it typed (tags default to []). */
export function validateReport(value: unknown, source: string): Report {
  if (!isObj(value) || value['schema'] !== REPORT_SCHEMA) {
    const got = isObj(value) && typeof value['schema'] === 'string' ? `schema ${JSON.stringify(value['schema'].slice(0, 80))}` : 'no schema field';
    throw new UsageError(`${source}: not an xmpp-conformance report (${got}; expected "${REPORT_SCHEMA}")`);
  }
  try {
    return checkReport(value);
  } catch (e) {
    if (e instanceof ShapeError) throw new UsageError(`${source}: invalid report: ${e.message}`);
    throw e;
  }
}
