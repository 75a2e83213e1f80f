// `xmpp-conformance fuzz parser [--target FILE|--exec CMD] [--runs N] [--seed S] [--replay FILE]
//   [--timeout MS] [--max-memory MB] [--out DIR] [--json]` (docs/reference.md, "fuzz parser").
// `fuzz server --target URL ...`: see harness/cli/fuzz-server.ts.
// Exit codes: 0 no failure, 1 failures found (or the replayed failure still fails), 2 usage.
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { execTarget, fuzzParser, moduleTarget, ownParserTarget, readFailureFile, replayFailure, type ParserTarget, type TargetLimits } from '../fuzz/index.js';
import { parseFlags, str } from './args.js';
import { fuzzServerCommand } from './fuzz-server.js';
import { progressLine, type CliIO } from './io.js';
import { EXIT } from './exit-codes.js';

export const FUZZ_USAGE =
  'usage: xmpp-conformance fuzz parser [--target FILE|--exec CMD] [--runs N] [--seed S] [--replay FILE] [--timeout MS] [--max-memory MB] [--properties LIST] [--out DIR] [--json] [--quiet]\n' +
  '       xmpp-conformance fuzz server --target xmpp://127.0.0.1:PORT --domain D --account JID:PASS [--ca FILE|--tls-insecure] [--runs N] [--seed S] [--replay FILE] [--out DIR] [--stage authenticated,pre-auth] [--ascii-names] [--connect-pause MS] [--fresh-logins] [--ignore REGEX]... [--json] [--i-own-this-target]';

const PARSER_FLAGS = {
  target: { type: 'string' },
  exec: { type: 'string' },
  runs: { type: 'string' },
  seed: { type: 'string' },
  replay: { type: 'string' },
  timeout: { type: 'string' },
  'max-memory': { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  properties: { type: 'string' },
} as const;

export function intFlag(name: string, v: string | undefined, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${v}'`);
  return n;
}

export async function fuzzCommand(args: string[], io: CliIO): Promise<number> {
  const [mode, ...rest] = args;
  if (mode === '--help' || mode === 'help' || mode === undefined) {
    io.stdout.write(FUZZ_USAGE + '\n');
    return mode === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (mode === 'server') return fuzzServerCommand(rest, io);
  if (mode !== 'parser') throw new UsageError(`fuzz: expected 'parser' or 'server', got '${mode}'`);
  const { values: v } = parseFlags(rest, PARSER_FLAGS);
  const file = str(v['target']);
  const cmd = str(v['exec']);
  if (file !== undefined && cmd !== undefined) throw new UsageError('fuzz parser: give --target or --exec, not both');
  if (file !== undefined && /\.[cm]?ts$/.test(file)) {
    throw new UsageError(`fuzz parser: --target ${file}: Node 20 cannot load TypeScript directly; compile it (tsc) and pass the .js file`);
  }
  const limits: TargetLimits = {
    timeoutMs: intFlag('timeout', str(v['timeout']), 2000, 10, 600_000),
    maxMemoryMb: intFlag('max-memory', str(v['max-memory']), 256, 16, 16_384),
  };
  const target: ParserTarget = cmd !== undefined ? execTarget(cmd, limits) : file !== undefined ? moduleTarget(file, limits) : ownParserTarget(limits);
  try {
    const replay = str(v['replay']);
    if (replay !== undefined) {
      const saved = readFailureFile(replay);
      const again = await replayFailure(target, saved);
      const line = again ? `still fails: ${again.kind}: ${again.message}` : 'passes now (the saved failure no longer reproduces)';
      if (v['json'] === true)
        io.stdout.write(
          JSON.stringify({ replay, target: target.name, kind: saved.kind, failing: again !== undefined, ...(again ? { now: again } : {}) }) + '\n',
        );
      else
        io.stdout.write(
          `replay ${replay} (${saved.property}, ${saved.kind}, seed ${saved.seed}) against ${target.name}: ${line}\n  input: ${saved.counterexample}\n`,
        );
      return again ? EXIT.FAILED : EXIT.OK;
    }
    const seed = intFlag('seed', str(v['seed']), randomInt(1, 2 ** 31 - 1), -(2 ** 31), 2 ** 31 - 1);
    const runs = intFlag('runs', str(v['runs']), 10_000, 1, 100_000_000);
    const outDir = path.join(str(v['out']) ?? 'reports', 'fuzz');
    const quiet = v['quiet'] === true;
    const only = str(v['properties'])
      ?.split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const progress = progressLine(io);
    const summary = await fuzzParser({
      target,
      runs,
      seed,
      outDir,
      ...(only ? { properties: only } : {}),
      onProgress: (p) => {
        if (!quiet) progress(`fuzz parser: ${p.runs} runs, ${p.execsPerSec} exec/s, ${p.failures} failure${p.failures === 1 ? '' : 's'}`, p.done);
      },
    });
    const targetFlag = cmd !== undefined ? ` --exec ${JSON.stringify(cmd)}` : file !== undefined ? ` --target ${file}` : '';
    if (v['json'] === true) io.stdout.write(JSON.stringify(summary) + '\n');
    else {
      io.stdout.write(
        `fuzz parser ${summary.target}: ${summary.runs} runs in ${(summary.durationMs / 1000).toFixed(1)} s (${summary.execsPerSec} exec/s), seed ${summary.seed}, ${summary.failures.length} failure(s)\n`,
      );
      for (const f of summary.failures) {
        io.stdout.write(
          `  ✗ ${f.property}: ${f.kind}: ${f.message}\n    minimal input: ${f.counterexample}\n    seed ${f.seed} path ${f.path}${f.file ? `\n    replay: xmpp-conformance fuzz parser${targetFlag} --replay ${f.file}` : ''}\n`,
        );
      }
      if (summary.notRun) io.stdout.write(`  not run after that hang/memory failure: ${summary.notRun.join(', ')}\n`);
    }
    return summary.failures.length ? EXIT.FAILED : EXIT.OK;
  } finally {
    await target.close();
  }
}
