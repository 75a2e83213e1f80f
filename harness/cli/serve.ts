// `xmpp-conformance serve`: client mode. Listens, plays the server side of each client case, and
// writes the same reports as `run`. With --client-cmd it starts the client for every case itself.
// SIGINT/SIGTERM end it as they end `run`: the case in flight is cut short and its client stopped,
// the reports are written with the finished cases (the rest not run), exit 130/143.
import { createReporters } from '../report/index.js';
import { RunStopper, type Report } from '../runner/index.js';
import { commandLauncher, resolveServeConfig, runServe, type ServeOptions } from '../serve/index.js';
import { cutByInternalError } from '../errors.js';
import { parseFlags, str } from './args.js';
import { loadClientCases } from './cases.js';
import { EXIT } from './exit-codes.js';
import type { CliIO } from './io.js';
import { watchInternalErrors } from './internal-errors.js';
import { sayStopped } from './run.js';
import { watchStopSignals } from './signals.js';

export const SERVE_FLAGS = {
  listen: { type: 'string' },
  domain: { type: 'string' },
  account: { type: 'string' },
  'client-cmd': { type: 'string' },
  'client-name': { type: 'string' },
  grep: { type: 'string' },
  level: { type: 'string' },
  timeout: { type: 'string' },
  'connect-timeout': { type: 'string' },
  concurrency: { type: 'string' },
  reporter: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  baseline: { type: 'string' },
  'strict-baseline': { type: 'boolean' },
} as const;

export function serveOptionsFrom(args: string[]): ServeOptions {
  const { values: v } = parseFlags(args, SERVE_FLAGS);
  const o: ServeOptions = {};
  const set = <K extends keyof ServeOptions>(k: K, val: ServeOptions[K] | undefined): void => {
    if (val !== undefined) o[k] = val;
  };
  set('listen', str(v['listen']));
  set('domain', str(v['domain']));
  set('account', str(v['account']));
  set('clientCmd', str(v['client-cmd']));
  set('clientName', str(v['client-name']));
  set('grep', str(v['grep']));
  set('level', str(v['level']));
  set('timeout', str(v['timeout']));
  set('connectTimeout', str(v['connect-timeout']));
  set('concurrency', str(v['concurrency']));
  set('reporter', str(v['reporter']));
  set('out', str(v['out']));
  set('seed', str(v['seed']));
  set('baseline', str(v['baseline']));
  set('strictBaseline', v['strict-baseline'] === true ? true : undefined);
  return o;
}

export async function serveCommand(args: string[], io: CliIO): Promise<number> {
  const config = resolveServeConfig(serveOptionsFrom(args));
  // loaded here, inside the command: a bad case definition is one line and exit 4
  const cases = await loadClientCases();
  const reporter = createReporters(config.reporters, {
    outDir: config.outDir,
    stdout: io.stdout,
    interactive: io.stdout.isTTY === true && !io.env['CI'],
  });
  const launcher = config.clientCmd !== undefined ? commandLauncher(config.clientCmd, io.env) : undefined;
  const stopper = new RunStopper();
  const unwatch = watchStopSignals((signal) => stopper.stop({ stage: 'signal', signal, reason: `${signal} received` }));
  // an error nobody caught cuts the run with its reports, as in `run`
  const unwatchErrors = watchInternalErrors((e) => stopper.stop({ stage: 'internal', reason: cutByInternalError(e) }));
  let report: Report;
  try {
    report = await runServe(cases, config, reporter, launcher, {
      stopper,
      onListening: (i) => {
        if (launcher) return;
        // Without --client-cmd a person (or script) starts the client: tell them where and as whom.
        io.stderr.write(
          `xmpp-conformance: serving ${i.domain} on ${i.host}:${i.port}; connect one client per case as ${i.jid} (password ${i.password}), trusting ${i.caFile}\n`,
        );
      },
    });
  } finally {
    unwatch();
    unwatchErrors();
  }
  const stopped = sayStopped(report, config.outDir, io);
  if (stopped !== undefined) return stopped;
  const s = report.summary;
  if (s.failed + s.errored > 0) return EXIT.FAILED;
  if (config.strictBaseline && s.fixed > 0) return EXIT.FAILED;
  return EXIT.OK;
}
