// `xmpp-conformance fuzz server --target URL --domain D --account JID:PASS [--ca FILE|--tls-insecure]
//   [--runs N] [--seed S] [--stage authenticated|pre-auth[,…]] [--replay FILE] [--timeout MS]
//   [--liveness-only] [--fresh-logins] [--out DIR] [--json]
//   [--i-own-this-target]`. Only loopback IP literals unless --i-own-this-target says the target is
// the user's own; names are never resolved here.
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { isLoopbackLiteral, parseAccount, parseTarget } from '../config.js';
import { UsageError, oneLine } from '../errors.js';
import { SERVER_STAGES, fuzzServer, replayServerFailure, type ServerStage } from '../fuzz/index.js';
import { parseFlags, str } from './args.js';
import { intFlag } from './fuzz.js';
import { progressLine, type CliIO } from './io.js';
import { readFileSync } from 'node:fs';
import { EXIT } from './exit-codes.js';

const SERVER_FLAGS = {
  target: { type: 'string' },
  domain: { type: 'string' },
  account: { type: 'string' },
  ca: { type: 'string' },
  'tls-insecure': { type: 'boolean' },
  runs: { type: 'string' },
  stage: { type: 'string' },
  seed: { type: 'string' },
  replay: { type: 'string' },
  timeout: { type: 'string' },
  'liveness-only': { type: 'boolean' },
  'ascii-names': { type: 'boolean' },
  'connect-pause': { type: 'string' },
  'fresh-logins': { type: 'boolean' },
  ignore: { type: 'string', multiple: true },
  out: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  'i-own-this-target': { type: 'boolean' },
} as const;

export { isLoopbackLiteral } from '../config.js';

/** `--stage a,b`: which stages run (each with --runs sequences); default all. */
function parseStages(spec: string | undefined): readonly ServerStage[] {
  if (spec === undefined) return SERVER_STAGES;
  const names = spec.split(',').map((n) => n.trim());
  const bad = names.filter((n) => !(SERVER_STAGES as readonly string[]).includes(n));
  if (bad.length || names.length === 0) throw new UsageError(`--stage '${spec}': expected ${SERVER_STAGES.join(', ')} (comma-separated)`);
  return names as ServerStage[];
}

export async function fuzzServerCommand(args: string[], io: CliIO): Promise<number> {
  const { values: v } = parseFlags(args, SERVER_FLAGS);
  const url = str(v['target']);
  if (!url) throw new UsageError('fuzz server: --target is required (e.g. xmpp://127.0.0.1:15222)');
  const caFile = str(v['ca']);
  let ca: string | undefined;
  if (caFile !== undefined) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch {
      throw new UsageError(`--ca '${caFile}': cannot read it`);
    }
  }
  const target = parseTarget(url, str(v['domain']), { ...(ca !== undefined ? { ca } : {}), insecure: v['tls-insecure'] === true });
  if (!isLoopbackLiteral(target.host) && v['i-own-this-target'] !== true) {
    throw new UsageError(
      `fuzz server: ${target.host} is not a loopback address; fuzzing sends hostile input, so pass --i-own-this-target if the server is yours`,
    );
  }
  const accountSpec = str(v['account']);
  if (!accountSpec) throw new UsageError('fuzz server: --account JID:PASSWORD is required (the fuzzer logs in)');
  const account = parseAccount(accountSpec);
  const timeoutMs = intFlag('timeout', str(v['timeout']), 3000, 100, 120_000);
  const connectPauseMs = intFlag('connect-pause', str(v['connect-pause']), 0, 0, 60_000);
  const ignore = ((v['ignore'] as string[] | undefined) ?? []).map((src) => {
    try {
      return new RegExp(src);
    } catch (e) {
      throw new UsageError(`--ignore '${src}': not a regular expression (${oneLine(e)})`);
    }
  });
  const outDir = path.join(str(v['out']) ?? 'reports', 'fuzz');
  const protocolOracle = v['liveness-only'] !== true;
  const stages = parseStages(str(v['stage']));
  const replay = str(v['replay']);
  if (replay !== undefined) {
    const again = await replayServerFailure({ target, account, timeoutMs, protocolOracle, connectPauseMs, reuseLogins: v['fresh-logins'] !== true }, replay);
    if (v['json'] === true)
      io.stdout.write(JSON.stringify({ replay, failing: again !== undefined, ...(again ? { kind: again.kind, message: again.message } : {}) }) + '\n');
    else io.stdout.write(`replay ${replay} against ${target.url}: ${again ? `still fails: ${again.kind}: ${again.message}` : 'passes now'}\n`);
    return again ? EXIT.FAILED : EXIT.OK;
  }
  const seed = intFlag('seed', str(v['seed']), randomInt(1, 2 ** 31 - 1), -(2 ** 31), 2 ** 31 - 1);
  const runs = intFlag('runs', str(v['runs']), 100, 1, 1_000_000);
  const quiet = v['quiet'] === true;
  const progress = progressLine(io);
  const summary = await fuzzServer({
    target,
    account,
    runs,
    seed,
    timeoutMs,
    protocolOracle,
    outDir,
    stages,
    asciiNames: v['ascii-names'] === true,
    connectPauseMs,
    reuseLogins: v['fresh-logins'] !== true,
    ...(ignore.length ? { ignore } : {}),
    onProgress: (p) => {
      if (!quiet) progress(`fuzz server: ${p.runs} sequences, ${p.execsPerSec} seq/s, ${p.failures} failure${p.failures === 1 ? '' : 's'}`, p.done);
    },
  });
  if (v['json'] === true) io.stdout.write(JSON.stringify(summary) + '\n');
  else {
    io.stdout.write(
      `fuzz server ${summary.target}: ${summary.runs} sequences in ${(summary.durationMs / 1000).toFixed(1)} s (${summary.execsPerSec}/s), seed ${summary.seed}, ${summary.failures.length} failure(s)${summary.ignored ? `, ${summary.ignored} ignored (--ignore)` : ''}\n`,
    );
    for (const f of summary.failures) {
      io.stdout.write(
        `  ✗ ${f.property}: ${f.kind}: ${f.message}\n    minimal sequence: ${f.counterexample}\n    seed ${f.seed} path ${f.path}${f.file ? `\n    replay: xmpp-conformance fuzz server --target ${target.url} --domain ${target.domain} --account … --replay ${f.file}` : ''}\n`,
      );
    }
  }
  return summary.failures.length ? EXIT.FAILED : EXIT.OK;
}
