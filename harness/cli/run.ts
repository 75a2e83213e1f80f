// `xmpp-conformance run`: flags → config → cases through the reporters → exit code.
import { resolveConfig, type RunOptions } from '../config.js';
import { createReporters } from '../report/index.js';
import { runSuite } from '../runner/index.js';
import { allCases } from '../../suites/index.js';
import { parseFlags, str } from './args.js';
import type { CliIO } from './io.js';

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
  timeout: { type: 'string' },
  reporter: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
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
  return o;
}

/** Exit code per CONTRACT.md: 0 all passed/skipped, 1 any failed or errored. */
export async function runCommand(args: string[], io: CliIO): Promise<number> {
  const config = resolveConfig(runOptionsFrom(args));
  const reporter = createReporters(config.reporters, {
    outDir: config.outDir,
    stdout: io.stdout,
    interactive: io.stdout.isTTY === true && !io.env['CI'],
  });
  const report = await runSuite(allCases, config, reporter);
  return report.summary.failed + report.summary.errored > 0 ? 1 : 0;
}
