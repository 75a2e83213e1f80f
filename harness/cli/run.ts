// `xmpp-conformance run`: flags → config → cases through the reporters → exit code.
import { LabDns, LabZone } from '../dns/index.js';
import { resolveConfig, type ResolvedConfig, type RunOptions } from '../config.js';
import { createReporters } from '../report/index.js';
import { RunStopper, baselineFrom, runSuite, writeBaseline, type Report } from '../runner/index.js';
import { publishToGithubActions } from '../report/index.js';
import { cutByInternalError } from '../errors.js';
import { parseFlags, str } from './args.js';
import { loadServerCases } from './cases.js';
import { EXIT } from './exit-codes.js';
import type { CliIO } from './io.js';
import { watchInternalErrors } from './internal-errors.js';
import { SIGNAL_EXIT_CODES, watchStopSignals } from './signals.js';

export const RUN_FLAGS = {
  target: { type: 'string' },
  domain: { type: 'string' },
  account: { type: 'string', multiple: true },
  register: { type: 'boolean' },
  ca: { type: 'string' },
  'tls-insecure': { type: 'boolean' },
  area: { type: 'string' },
  grep: { type: 'string' },
  level: { type: 'string' },
  shard: { type: 'string' },
  concurrency: { type: 'string' },
  retries: { type: 'string' },
  timeout: { type: 'string' },
  reporter: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  'strict-baseline': { type: 'boolean' },
  'fail-on-skip': { type: 'boolean' },
  repeat: { type: 'string' },
  'max-time': { type: 'string' },
  's2s-target': { type: 'string' },
  's2s-target-domain': { type: 'string' },
  's2s-domain': { type: 'string' },
  's2s-ca': { type: 'string' },
  's2s-ca-key': { type: 'string' },
  's2s-cert': { type: 'string' },
  's2s-key': { type: 'string' },
  's2s-account': { type: 'string', multiple: true },
  's2s-direct-tls-target': { type: 'string' },
  'lab-dns': { type: 'string' },
  'i-own-this-target': { type: 'boolean' },
  'component-target': { type: 'string' },
  'component-domain': { type: 'string' },
  'component-secret': { type: 'string' },
  'level-suite': { type: 'string', multiple: true },
} as const;

export function runOptionsFrom(args: string[]): RunOptions {
  const { values: v } = parseFlags(args, RUN_FLAGS);
  const o: RunOptions = {};
  const set = <K extends keyof RunOptions>(k: K, val: RunOptions[K] | undefined): void => {
    if (val !== undefined) o[k] = val;
  };
  set('target', str(v['target']));
  set('domain', str(v['domain']));
  set('account', Array.isArray(v['account']) ? v['account'] : undefined);
  set('register', v['register'] === true ? true : undefined);
  set('ca', str(v['ca']));
  set('tlsInsecure', v['tls-insecure'] === true ? true : undefined);
  set('area', str(v['area']));
  set('grep', str(v['grep']));
  set('level', str(v['level']));
  set('shard', str(v['shard']));
  set('concurrency', str(v['concurrency']));
  set('timeout', str(v['timeout']));
  set('reporter', str(v['reporter']));
  set('out', str(v['out']));
  set('seed', str(v['seed']));
  set('baseline', str(v['baseline']));
  set('writeBaseline', str(v['write-baseline']));
  set('strictBaseline', v['strict-baseline'] === true ? true : undefined);
  set('failOnSkip', v['fail-on-skip'] === true ? true : undefined);
  set('repeat', str(v['repeat']));
  set('retries', str(v['retries']));
  set('maxTime', str(v['max-time']));
  set('s2sTarget', str(v['s2s-target']));
  set('s2sTargetDomain', str(v['s2s-target-domain']));
  set('s2sDomain', str(v['s2s-domain']));
  set('s2sCa', str(v['s2s-ca']));
  set('s2sCaKey', str(v['s2s-ca-key']));
  set('s2sCert', str(v['s2s-cert']));
  set('s2sKey', str(v['s2s-key']));
  set('s2sAccount', Array.isArray(v['s2s-account']) ? v['s2s-account'] : undefined);
  set('s2sDirectTlsTarget', str(v['s2s-direct-tls-target']));
  set('labDns', str(v['lab-dns']));
  set('iOwnThisTarget', v['i-own-this-target'] === true ? true : undefined);
  set('componentTarget', str(v['component-target']));
  set('componentDomain', str(v['component-domain']));
  set('componentSecret', str(v['component-secret']));
  set('levelSuite', Array.isArray(v['level-suite']) ? v['level-suite'] : undefined);
  return o;
}

/**
 * Exit code (docs/reference.md, "run"): 1 when a case failed or errored; also (baselines) when a baseline case
 * passed under --strict-baseline, a case was skipped under --fail-on-skip, or a case's status
 * changed between --repeat runs. Otherwise 0.
 */
export function exitCodeFor(report: Report, config: Pick<ResolvedConfig, 'strictBaseline' | 'failOnSkip'>): number {
  const s = report.summary;
  if (s.failed + s.errored > 0) return EXIT.FAILED;
  if (config.strictBaseline && s.fixed > 0) return EXIT.FAILED;
  if (config.failOnSkip && s.skipped > 0) return EXIT.FAILED;
  if ((report.repeat?.flaky.length ?? 0) > 0) return EXIT.FAILED;
  return EXIT.OK;
}

/**
 * The exit code of a run that ended early (report.incomplete): 130/143 for SIGINT/SIGTERM, 3 for a
 * target that stopped answering, 4 for an internal error that cut it, 1 for --max-time (the run did
 * not finish).
 */
export function stoppedExitCode(report: Report): number | undefined {
  const inc = report.incomplete;
  if (!inc || inc.stage === 'preflight') return undefined;
  if (inc.stage === 'signal') return SIGNAL_EXIT_CODES[inc.signal ?? 'SIGINT'];
  if (inc.stage === 'internal') return EXIT.INTERNAL;
  return inc.stage === 'target-silent' ? EXIT.UNREACHABLE : EXIT.FAILED;
}

/** For a run that ended early: says so in one line (how many cases ran, where the reports are) and returns its exit code. */
export function sayStopped(report: Report, outDir: string, io: CliIO): number | undefined {
  const stopped = stoppedExitCode(report);
  if (stopped === undefined || !report.incomplete) return undefined;
  const { reason, notRun } = report.incomplete;
  io.stderr.write(
    `xmpp-conformance: ${reason}; ${report.summary.total - notRun} of ${report.summary.total} cases ran; the reports in ${outDir} mark the rest as not run\n`,
  );
  return stopped;
}

export async function runCommand(args: string[], io: CliIO): Promise<number> {
  const config = resolveConfig(runOptionsFrom(args));
  // the suite loads here, inside the command: a bad case definition is one line and exit 4
  const cases = await loadServerCases();
  // the target's own lookups of lab names (dialback, its outgoing streams) go to this server for the run
  const labDns = config.s2s?.labDns ? await LabDns.start(new LabZone(), config.s2s.labDns.host, config.s2s.labDns.port) : undefined;
  const reporter = createReporters(config.reporters, {
    outDir: config.outDir,
    stdout: io.stdout,
    interactive: io.stdout.isTTY === true && !io.env['CI'],
  });
  const stopper = new RunStopper();
  const unwatch = watchStopSignals((signal) => stopper.stop({ stage: 'signal', signal, reason: `${signal} received` }));
  // an error nobody caught (a callback that threw, a rejection without a handler) cuts the run with its reports
  const unwatchErrors = watchInternalErrors((e) => stopper.stop({ stage: 'internal', reason: cutByInternalError(e) }));
  const maxTime = config.maxTime;
  const timer =
    maxTime === undefined ? undefined : setTimeout(() => stopper.stop({ stage: 'max-time', reason: `--max-time ${maxTime} s ran out` }), maxTime * 1000);
  let report: Report;
  try {
    report = await runSuite(cases, config, reporter, { stopper, ...(labDns ? { labZone: labDns.zone } : {}) });
  } finally {
    clearTimeout(timer);
    unwatch();
    unwatchErrors();
    await labDns?.stop();
  }
  const stopped = sayStopped(report, config.outDir, io);
  if (stopped !== undefined) return stopped;
  if (config.writeBaselineFile !== undefined) {
    const written = baselineFrom(report);
    writeBaseline(config.writeBaselineFile, written);
    io.stderr.write(`xmpp-conformance: wrote ${config.writeBaselineFile} (${written.entries.length} known failures)\n`);
  }
  for (const f of report.repeat?.flaky ?? []) io.stderr.write(`xmpp-conformance: flaky across --repeat runs: ${f.id} (${f.statuses.join(', ')})\n`);
  const code = exitCodeFor(report, config);
  publishToGithubActions(report, io, { strictBaseline: config.strictBaseline, failOnSkip: config.failOnSkip, exitCode: code });
  return code;
}
