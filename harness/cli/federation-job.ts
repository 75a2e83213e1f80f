// `npm run federation [-- SERVER SERVER...] [--port-bases A,B...] [--state-root DIR] [--out DIR]
// [--baseline FILE] [--grep TEXT] [--timeout MS] [--s2s-auth POLICY]`: lab servers federating with
// each other, two at a time. For each pair of the servers given (in the order given), both start
// from one lab CA, one lab zone names both federating domains and is served on both servers' lab
// DNS addresses, and the federation cases (suites/federation) run for each direction (A→B, then
// B→A); then that pair's labs go down and the next pair's start. They authenticate each other with
// SASL EXTERNAL only ('certs-required'), or, when jabberd2 (dialback only) is one of them, with
// whatever the two share under 'dialback-allowed'. Results go to OUT/report.json keyed by directed
// pair, one ordinary report per directed pair in OUT/<a>-to-<b>/ (report.json, index.html), and a
// table of pairs × cases on stdout; the labs are taken down at the end, also on SIGINT/SIGTERM.
// Exit code: 0 when no case failed or errored outside the baseline, 1 otherwise, 2 when a pair's
// labs could not start (the other pairs still run) or the arguments are wrong, 130/143 after
// SIGINT/SIGTERM, 4 after an internal error (the pairs that finished are written, the labs taken down).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { errorLine, oneLine } from '../errors.js';
import {
  FEDERATION_REPORT_SCHEMA,
  federationLabUp,
  pairAsReport,
  pairKey,
  runFederationPair,
  warmUpFederation,
  type FederationEndpoint,
  type FederationLab,
  type FederationPairReport,
} from '../federation/index.js';
import { isLabName, stopOnSignals, S2S_AUTH_POLICIES, type LabName, type S2sAuthPolicy } from '../lab/index.js';
import { renderHtml, writeHtmlFile, writeReportFile } from '../report/index.js';
import { applyBaseline, summarize, BASELINE_SCHEMA, type Baseline, type CaseResult, type Summary } from '../runner/index.js';
import { TOOL_VERSION } from '../version.js';
import { loadFederationCases } from './cases.js';
import { EXIT } from './exit-codes.js';
import { launch } from './internal-errors.js';
import { processIO, type CliIO } from './io.js';
import { SIGNAL_EXIT_CODES, sigtermOnParentLoss, watchStopSignals, type StopSignal } from './signals.js';

export { FEDERATION_REPORT_SCHEMA, type FederationPairReport } from '../federation/index.js';
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
  /** present when an internal error cut the job: one line; the pairs that finished are kept */
  readonly internalError?: string;
}

interface JobArgs {
  servers: LabName[];
  portBases?: number[];
  stateRoot?: string;
  out: string;
  baseline?: string;
  grep?: string;
  timeout: number;
  s2sAuth?: S2sAuthPolicy;
}

function parseArgs(argv: readonly string[]): JobArgs | string {
  const servers: string[] = [];
  const a: Partial<JobArgs> = { out: path.join('reports', 'federation'), timeout: 10_000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string | undefined => argv[++i];
    if (arg === '--port-bases') {
      const v = (value() ?? '').split(',').map(Number);
      if (v.length < 2 || v.some((n) => !Number.isInteger(n))) return `--port-bases wants one port base per server, A,B[,C]`;
      a.portBases = v;
    } else if (arg === '--state-root') a.stateRoot = value() ?? '';
    else if (arg === '--out') a.out = value() ?? '';
    else if (arg === '--baseline') a.baseline = value() ?? '';
    else if (arg === '--grep') a.grep = value() ?? '';
    else if (arg === '--s2s-auth') {
      const v = value() ?? '';
      if (!(S2S_AUTH_POLICIES as readonly string[]).includes(v)) return `--s2s-auth wants ${S2S_AUTH_POLICIES.join(' or ')}`;
      a.s2sAuth = v as S2sAuthPolicy;
    } else if (arg === '--timeout') {
      a.timeout = Number(value());
      if (!Number.isInteger(a.timeout) || a.timeout < 1000) return '--timeout wants milliseconds, at least 1000';
    } else if (arg.startsWith('--')) return `unknown option '${arg}'`;
    else servers.push(arg);
  }
  const names = servers.length ? servers : ['prosody', 'ejabberd'];
  if (names.length < 2) return 'give two or more servers (default: prosody ejabberd)';
  for (const n of names) if (!isLabName(n)) return `unknown server '${n}'`;
  if (new Set(names).size !== names.length) return 'give different servers';
  if (a.portBases && a.portBases.length !== names.length) return `--port-bases wants ${names.length} port bases, one per server`;
  return { ...a, servers: names as LabName[] } as JobArgs;
}

/**
 * How a pair authenticates each other: SASL EXTERNAL only, unless one of them cannot (jabberd2
 * 2.7 authenticates peers by dialback only; XEP-0220), then dialback is allowed on both.
 */
export function federationAuthFor(servers: readonly LabName[]): S2sAuthPolicy {
  return servers.includes('jabberd2') ? 'dialback-allowed' : 'certs-required';
}

/** Every pair of `servers` once, in the order given: [a,b], [a,c], [b,c]. */
export function serverPairs<T>(servers: readonly T[]): [T, T][] {
  const pairs: [T, T][] = [];
  for (let i = 0; i < servers.length; i++) for (let j = i + 1; j < servers.length; j++) pairs.push([servers[i] as T, servers[j] as T]);
  return pairs;
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
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(width) : c.padEnd(cols[i - 1] as number)))
      .join('  ')
      .trimEnd();
  const rows = [line(['case', ...keys])];
  for (const id of ids) rows.push(line([id, ...keys.map((k) => MARK[report.pairs[k]?.results.find((r) => r.id === id)?.status ?? ''] ?? '-')]));
  rows.push(
    line([
      'summary',
      ...keys.map((k) => {
        const s = report.pairs[k]?.summary;
        return s ? `${s.passed}/${s.total}` : '-';
      }),
    ]),
  );
  return rows.join('\n');
}

function side(e: FederationEndpoint): FederationPairReport['from'] {
  return { server: e.server, version: e.version, domain: e.domain };
}

/** What the job starts its labs with; the tests give a fake federation in their place. */
export interface FederationJobDeps {
  readonly labUp?: typeof federationLabUp;
}

export async function federationJob(argv: readonly string[], io: CliIO = processIO(), deps: FederationJobDeps = {}): Promise<number> {
  const labUp = deps.labUp ?? federationLabUp;
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr.write(`xmpp-conformance: federation: ${args}\n`);
    return EXIT.USAGE;
  }
  const baselineFile = args.baseline ?? (existsSync(path.join('baselines', 'federation.json')) ? path.join('baselines', 'federation.json') : undefined);
  let baseline: FederationBaseline | undefined;
  try {
    baseline = baselineFile ? loadFederationBaseline(baselineFile) : undefined;
  } catch (e) {
    io.stderr.write(`xmpp-conformance: federation: ${oneLine(e)}\n`);
    return EXIT.USAGE;
  }
  const cases = (await loadFederationCases()).filter((c) => !args.grep || c.id.includes(args.grep));
  const portBases = args.portBases ?? args.servers.map((n) => FEDERATION_PORT_BASES[n]);
  const say = (line: string): void => void io.stderr.write(line + '\n');
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const stop = new AbortController();
  let signal: StopSignal | undefined;
  /** an internal error that cut the job, in one line */
  let internalError: string | undefined;
  const unparent = sigtermOnParentLoss(say, 'xmpp-conformance: federation');
  const pairs: Record<string, FederationPairReport> = {};
  const notStarted: string[] = [];
  for (const [i, j] of serverPairs(args.servers.map((_, k) => k))) {
    if (stop.signal.aborted) break;
    const servers = [args.servers[i], args.servers[j]] as LabName[];
    const s2sAuth = args.s2sAuth ?? federationAuthFor(servers);
    io.stdout.write(`xmpp-conformance: federation: starting ${servers.join(' and ')} from one lab CA (s2s auth ${s2sAuth})…\n`);
    // a signal while the labs start: what was started is stopped and removed, then the process exits
    const unhook = stopOnSignals(say);
    let lab: FederationLab;
    try {
      lab = await labUp({
        servers,
        portBases: [portBases[i] as number, portBases[j] as number],
        s2sAuth,
        log: say,
        ...(args.stateRoot ? { stateRoot: args.stateRoot } : {}),
      });
    } catch (e) {
      // the other pairs still run; the job ends with exit code 2
      io.stderr.write(`xmpp-conformance: federation: the labs of ${servers.join(' and ')} did not start: ${oneLine(e)}\n`);
      notStarted.push(servers.join(' and '));
      continue;
    } finally {
      unhook();
    }
    const unwatch = watchStopSignals((sig) => {
      signal = sig;
      io.stderr.write(`xmpp-conformance: federation: ${sig}: stopping after this case, then taking the labs down\n`);
      stop.abort();
    });
    /** the direction running, with the cases it finished: kept when an internal error cuts it */
    let current: { key: string; from: FederationEndpoint; to: FederationEndpoint; done: CaseResult[] } | undefined;
    try {
      const [e0, e1] = lab.endpoints as [FederationEndpoint, FederationEndpoint];
      for (const info of lab.infos)
        io.stdout.write(
          `xmpp-conformance: federation: ${info.server} ${info.version} serves ${info.s2s?.domain ?? '?'} (s2s ${info.s2s?.target ?? '?'}, lab DNS ${info.s2s?.dns ?? '?'})\n`,
        );
      for (const line of await warmUpFederation(e0, e1, { timeout: args.timeout })) io.stdout.write(`xmpp-conformance: federation: warm-up ${line}\n`);
      for (const [from, to] of [
        [e0, e1],
        [e1, e0],
      ] as const) {
        if (stop.signal.aborted) break;
        const key = pairKey(from, to);
        io.stdout.write(`xmpp-conformance: federation: ${key} (${cases.length} cases)\n`);
        const b = pairBaseline(baseline, key);
        const done: CaseResult[] = [];
        current = { key, from, to, done };
        const raw = await runFederationPair(cases, from, to, {
          timeout: args.timeout,
          signal: stop.signal,
          onCase: (r) => {
            done.push(applyBaseline(r, b));
            io.stdout.write(
              `  ${(MARK[r.status] ?? r.status).padEnd(5)} ${r.id} (${r.durationMs} ms)${r.status !== 'passed' && r.message ? `: ${r.message}` : ''}\n`,
            );
          },
        });
        const results = raw.map((r) => applyBaseline(r, b));
        pairs[key] = { from: side(from), to: side(to), summary: summarize(results), results };
        current = undefined;
      }
    } catch (e) {
      // the direction the error cut keeps the cases it finished
      if (current && current.done.length > 0)
        pairs[current.key] = { from: side(current.from), to: side(current.to), summary: summarize(current.done), results: [...current.done] };
      // the tool's own failure: the pairs that finished are kept and written, no further pair starts
      internalError = errorLine(e);
      io.stderr.write(`xmpp-conformance: federation: ${internalError}; stopping after taking the labs down\n`);
      stop.abort();
    } finally {
      // a signal while the labs go down is noted; a second one exits at once (harness/lab's exit hook kills them)
      const problems = await lab.down();
      unwatch();
      for (const p of problems) io.stderr.write(`xmpp-conformance: federation: ${p}\n`);
    }
  }
  unparent();
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
    ...(internalError !== undefined ? { internalError } : {}),
  };
  mkdirSync(args.out, { recursive: true });
  writeFileSync(path.join(args.out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  // each pair also as an ordinary report, which the HTML reporter renders
  for (const [key, p] of Object.entries(pairs)) {
    const dir = path.join(args.out, `${p.from.server}-to-${p.to.server}`);
    const single = pairAsReport(key, p, startedAt, baselineFile);
    await writeReportFile(dir, single);
    await writeHtmlFile(dir, renderHtml(single));
  }
  io.stdout.write(`\n${federationTable(report)}\n\n`);
  const s = report.summary;
  io.stdout.write(
    `xmpp-conformance: federation: ${s.passed} passed, ${s.failed} failed, ${s.errored} errored, ${s['expected-fail']} expected-fail, ${s.fixed} fixed, ${s.skipped} skipped; ${path.join(args.out, 'report.json')}\n`,
  );
  if (signal) return SIGNAL_EXIT_CODES[signal];
  if (internalError !== undefined) return EXIT.INTERNAL;
  if (notStarted.length > 0) {
    io.stderr.write(`xmpp-conformance: federation: not run, the labs did not start: ${notStarted.join('; ')}\n`);
    return EXIT.USAGE;
  }
  return s.failed + s.errored > 0 ? EXIT.FAILED : EXIT.OK;
}

// run as the job (`node dist/harness/cli/federation-job.js`), not when imported
if (process.argv[1] && path.basename(process.argv[1]) === 'federation-job.js') {
  launch(() => federationJob(process.argv.slice(2)));
}
