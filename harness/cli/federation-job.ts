// `npm run federation [-- SERVER SERVER] [--port-bases A,B] [--state-root DIR] [--out DIR]
// [--baseline FILE] [--grep TEXT] [--timeout MS]`: two lab servers federating with each other.
// Both start from one lab CA (they authenticate each other with SASL EXTERNAL), one lab zone names
// both federating domains and is served on both servers' lab DNS addresses, and the federation
// cases (suites/federation) run for each directed pair (A→B, then B→A). Results go to
// OUT/report.json keyed by pair, one ordinary report per pair in OUT/<a>-to-<b>/ (report.json,
// index.html), and a table of pairs × cases on stdout; the labs are taken down at the end, also
// on SIGINT/SIGTERM. Exit code: 0 when no case failed or errored outside the baseline, 1 otherwise,
// 2 when the labs could not start or the arguments are wrong, 130/143 after SIGINT/SIGTERM.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { oneLine } from '../errors.js';
import { federationLabUp, pairKey, runFederationPair, type FederationEndpoint, type FederationLab } from '../federation/index.js';
import { isLabName, stopOnSignals, type LabName } from '../lab/index.js';
import { renderHtml, writeHtmlFile, writeReportFile } from '../report/index.js';
import { applyBaseline, summarize, BASELINE_SCHEMA, type Baseline, type CaseResult, type Report, type Summary } from '../runner/index.js';
import { TOOL_VERSION } from '../version.js';
import { federationCases } from '../../suites/federation/index.js';
import { processIO, type CliIO } from './io.js';
import { SIGNAL_EXIT_CODES, sigtermOnParentLoss, watchStopSignals, type StopSignal } from './signals.js';

export const FEDERATION_REPORT_SCHEMA = 'xmpp-conformance/federation-report@1';
export const FEDERATION_BASELINE_SCHEMA = 'xmpp-conformance/federation-baseline@1';
/** Default port bases: clear of each server's default lab (base+200) so both can run at once. */
export const FEDERATION_PORT_BASES: Readonly<Record<LabName, number>> = { prosody: 15422, ejabberd: 25422, jabberd2: 30422 };

export interface FederationBaselineEntry {
  /** 'prosody->ejabberd' */
  readonly pair: string;
  readonly id: string;
  readonly reason: string;
}

export interface FederationBaseline {
  readonly schema: typeof FEDERATION_BASELINE_SCHEMA;
  readonly entries: readonly FederationBaselineEntry[];
}

export interface FederationPairReport {
  readonly from: { readonly server: string; readonly version: string; readonly domain: string };
  readonly to: { readonly server: string; readonly version: string; readonly domain: string };
  readonly summary: Summary;
  readonly results: readonly CaseResult[];
}

export interface FederationReport {
  readonly schema: typeof FEDERATION_REPORT_SCHEMA;
  readonly tool: { readonly name: 'xmpp-conformance'; readonly version: string };
  readonly startedAt: string;
  readonly durationMs: number;
  /** every pair's summaries added up */
  readonly summary: Summary;
  /** keyed by 'from->to' */
  readonly pairs: Readonly<Record<string, FederationPairReport>>;
  readonly baseline?: string;
  /** present when a signal stopped the run */
  readonly interrupted?: StopSignal;
}

interface JobArgs {
  servers: [LabName, LabName];
  portBases?: [number, number];
  stateRoot?: string;
  out: string;
  baseline?: string;
  grep?: string;
  timeout: number;
}

function parseArgs(argv: readonly string[]): JobArgs | string {
  const servers: string[] = [];
  const a: Partial<JobArgs> = { out: path.join('reports', 'federation'), timeout: 10_000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string | undefined => argv[++i];
    if (arg === '--port-bases') {
      const v = (value() ?? '').split(',').map(Number);
      if (v.length !== 2 || v.some((n) => !Number.isInteger(n))) return `--port-bases wants two port bases, A,B`;
      a.portBases = [v[0] as number, v[1] as number];
    } else if (arg === '--state-root') a.stateRoot = value() ?? '';
    else if (arg === '--out') a.out = value() ?? '';
    else if (arg === '--baseline') a.baseline = value() ?? '';
    else if (arg === '--grep') a.grep = value() ?? '';
    else if (arg === '--timeout') {
      a.timeout = Number(value());
      if (!Number.isInteger(a.timeout) || a.timeout < 1000) return '--timeout wants milliseconds, at least 1000';
    } else if (arg.startsWith('--')) return `unknown option '${arg}'`;
    else servers.push(arg);
  }
  const names = servers.length ? servers : ['prosody', 'ejabberd'];
  if (names.length !== 2) return 'give two servers (default: prosody ejabberd)';
  for (const n of names) if (!isLabName(n)) return `unknown server '${n}'`;
  if (names[0] === names[1]) return 'give two different servers';
  return { ...a, servers: names as [LabName, LabName] } as JobArgs;
}

export function loadFederationBaseline(file: string): FederationBaseline {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as FederationBaseline;
  if (parsed.schema !== FEDERATION_BASELINE_SCHEMA || !Array.isArray(parsed.entries)) throw new Error(`${file} is not a ${FEDERATION_BASELINE_SCHEMA} file`);
  for (const e of parsed.entries) if (!e.pair || !e.id || !e.reason) throw new Error(`${file}: every entry needs pair, id and reason`);
  return parsed;
}

/** The pair's entries as an ordinary baseline, so applyBaseline gives expected-fail and fixed. */
function pairBaseline(b: FederationBaseline | undefined, key: string): Baseline | undefined {
  if (!b) return undefined;
  return { schema: BASELINE_SCHEMA, target: key, entries: b.entries.filter((e) => e.pair === key).map((e) => ({ id: e.id, reason: e.reason })) } as Baseline;
}

const MARK: Record<string, string> = { passed: 'pass', failed: 'FAIL', errored: 'ERROR', skipped: 'skip', 'expected-fail': 'xfail', fixed: 'FIXED' };

/** Cases down, pairs across. */
export function federationTable(report: Pick<FederationReport, 'pairs'>): string {
  const keys = Object.keys(report.pairs);
  const ids: string[] = [];
  for (const k of keys) for (const r of report.pairs[k]?.results ?? []) if (!ids.includes(r.id)) ids.push(r.id);
  const width = Math.max(4, ...ids.map((i) => i.length));
  const cols = keys.map((k) => Math.max(k.length, 5));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(width) : c.padEnd(cols[i - 1] as number))).join('  ').trimEnd();
  const rows = [line(['case', ...keys])];
  for (const id of ids) rows.push(line([id, ...keys.map((k) => MARK[report.pairs[k]?.results.find((r) => r.id === id)?.status ?? ''] ?? '-')]));
  rows.push(line(['summary', ...keys.map((k) => {
    const s = report.pairs[k]?.summary;
    return s ? `${s.passed}/${s.total}` : '-';
  })]));
  return rows.join('\n');
}

function side(e: FederationEndpoint): FederationPairReport['from'] {
  return { server: e.server, version: e.version, domain: e.domain };
}

export async function federationJob(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr.write(`xmpp-conformance: federation: ${args}\n`);
    return 2;
  }
  const baselineFile = args.baseline ?? (existsSync(path.join('baselines', 'federation.json')) ? path.join('baselines', 'federation.json') : undefined);
  let baseline: FederationBaseline | undefined;
  try {
    baseline = baselineFile ? loadFederationBaseline(baselineFile) : undefined;
  } catch (e) {
    io.stderr.write(`xmpp-conformance: federation: ${oneLine(e)}\n`);
    return 2;
  }
  const cases = federationCases.filter((c) => !args.grep || c.id.includes(args.grep));
  const portBases = args.portBases ?? [FEDERATION_PORT_BASES[args.servers[0]], FEDERATION_PORT_BASES[args.servers[1]]];
  const say = (line: string): void => void io.stderr.write(line + '\n');
  io.stdout.write(`xmpp-conformance: federation: starting ${args.servers.join(' and ')} from one lab CA…\n`);
  // a signal while the labs start: what was started is stopped and removed, then the process exits
  const unhook = stopOnSignals(say);
  let lab: FederationLab;
  try {
    lab = await federationLabUp({ servers: args.servers, portBases, log: say, ...(args.stateRoot ? { stateRoot: args.stateRoot } : {}) });
  } catch (e) {
    io.stderr.write(`xmpp-conformance: federation: the labs did not start: ${oneLine(e)}\n`);
    return 2;
  } finally {
    unhook();
  }
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const stop = new AbortController();
  let signal: StopSignal | undefined;
  const unwatch = watchStopSignals((s) => {
    signal = s;
    io.stderr.write(`xmpp-conformance: federation: ${s}: stopping after this case, then taking the labs down\n`);
    stop.abort();
  });
  const unparent = sigtermOnParentLoss(say, 'xmpp-conformance: federation');
  const pairs: Record<string, FederationPairReport> = {};
  try {
    const [e0, e1] = lab.endpoints as [FederationEndpoint, FederationEndpoint];
    for (const info of lab.infos) io.stdout.write(`xmpp-conformance: federation: ${info.server} ${info.version} serves ${info.s2s?.domain ?? '?'} (s2s ${info.s2s?.target ?? '?'}, lab DNS ${info.s2s?.dns ?? '?'})\n`);
    for (const [from, to] of [[e0, e1], [e1, e0]] as const) {
      if (stop.signal.aborted) break;
      const key = pairKey(from, to);
      io.stdout.write(`xmpp-conformance: federation: ${key} (${cases.length} cases)\n`);
      const b = pairBaseline(baseline, key);
      const raw = await runFederationPair(cases, from, to, {
        timeout: args.timeout,
        signal: stop.signal,
        onCase: (r) => void io.stdout.write(`  ${(MARK[r.status] ?? r.status).padEnd(5)} ${r.id} (${r.durationMs} ms)${r.status !== 'passed' && r.message ? `: ${r.message}` : ''}\n`),
      });
      const results = raw.map((r) => applyBaseline(r, b));
      pairs[key] = { from: side(from), to: side(to), summary: summarize(results), results };
    }
  } finally {
    unparent();
    // a signal while the labs go down is noted; a second one exits at once (harness/lab's exit hook kills them)
    const problems = await lab.down();
    unwatch();
    for (const p of problems) io.stderr.write(`xmpp-conformance: federation: ${p}\n`);
  }
  const all = Object.values(pairs).flatMap((p) => p.results);
  const report: FederationReport = {
    schema: FEDERATION_REPORT_SCHEMA,
    tool: { name: 'xmpp-conformance', version: TOOL_VERSION },
    startedAt,
    durationMs: Date.now() - started,
    summary: summarize(all),
    pairs,
    ...(baselineFile ? { baseline: baselineFile } : {}),
    ...(signal ? { interrupted: signal } : {}),
  };
  mkdirSync(args.out, { recursive: true });
  writeFileSync(path.join(args.out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  // each pair also as an ordinary report, which the HTML reporter renders
  for (const [key, p] of Object.entries(pairs)) {
    const dir = path.join(args.out, `${p.from.server}-to-${p.to.server}`);
    const single: Report = {
      schema: 'xmpp-conformance/report@1',
      tool: { name: 'xmpp-conformance', version: TOOL_VERSION },
      target: { url: `federation ${key}`, domain: `${p.from.domain} -> ${p.to.domain}` },
      seed: 0,
      startedAt,
      durationMs: p.results.reduce((n, r) => n + r.durationMs, 0),
      summary: p.summary,
      results: p.results,
      ...(baselineFile ? { baseline: baselineFile } : {}),
    };
    await writeReportFile(dir, single);
    await writeHtmlFile(dir, renderHtml(single));
  }
  io.stdout.write(`\n${federationTable(report)}\n\n`);
  const s = report.summary;
  io.stdout.write(`xmpp-conformance: federation: ${s.passed} passed, ${s.failed} failed, ${s.errored} errored, ${s['expected-fail']} expected-fail, ${s.fixed} fixed, ${s.skipped} skipped; ${path.join(args.out, 'report.json')}\n`);
  if (signal) return SIGNAL_EXIT_CODES[signal];
  return s.failed + s.errored > 0 ? 1 : 0;
}

// run as the job (`node dist/harness/cli/federation-job.js`), not when imported
if (process.argv[1] && path.basename(process.argv[1]) === 'federation-job.js') {
  federationJob(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
