// `fuzz parser`: two fast-check properties over a parser target, valid streams must be accepted
// and invalid ones rejected, each also cut into chunks; every failure shrunk to a minimal input,
// saved with its seed and path, and replayable exactly (`--replay FILE`).
import fc from 'fast-check';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import * as arb from './arbitraries/index.js';
import { describeInput, loadInput, storeInput, type FuzzInput, type StoredInput } from './inputs.js';
import { judge, type OracleFailure } from './oracle.js';
import type { ParserTarget } from './targets.js';

export const FAILURE_SCHEMA = 'xmpp-conformance/fuzz-failure@1';

export interface FuzzFailure {
  readonly property: string;
  readonly kind: string;
  readonly message: string;
  readonly seed: number;
  readonly path: string;
  readonly counterexample: string;
  readonly file?: string;
}

/** The `fuzz ... --json` summary (docs/reference.md, "Fuzz outputs"). */
export interface FuzzSummary {
  readonly target: string;
  readonly seed: number;
  readonly runs: number;
  readonly durationMs: number;
  readonly execsPerSec: number;
  readonly failures: readonly FuzzFailure[];
  /** Properties not run because a hang or memory failure ended the campaign early (parser mode). */
  readonly notRun?: readonly string[];
  /** Sequences whose failure matched an `ignore` pattern, counted and not reported (server mode). */
  readonly ignored?: number;
}

export interface FailureFile {
  readonly schema: typeof FAILURE_SCHEMA;
  readonly mode: 'parser';
  readonly target: string;
  readonly property: string;
  readonly kind: string;
  readonly message: string;
  readonly seed: number;
  readonly path: string;
  readonly counterexample: string;
  readonly input: StoredInput;
}

export interface ParserFuzzOptions {
  readonly target: ParserTarget;
  readonly runs: number;
  readonly seed: number;
  /** Where failure files go; undefined: not written. */
  readonly outDir?: string;
  /** Called about twice a second and at the end with the running totals. */
  readonly onProgress?: (p: { runs: number; execsPerSec: number; failures: number; done: boolean }) => void;
  /** Only the properties with these names (default all: PARSER_PROPERTIES). */
  readonly properties?: readonly string[];
}

interface Property {
  readonly name: string;
  readonly arb: fc.Arbitrary<FuzzInput>;
  /** Share of the run budget. */
  readonly weight: number;
}

/**
 * One property for valid streams (half the budget) and one per violation rule (sharing the other
 * half), so one bug does not hide another: fast-check stops a property at its first failure.
 */
export const PARSER_PROPERTIES: readonly Property[] = [
  { name: 'valid-streams', arb: arb.validStream(), weight: arb.VIOLATION_RULES.length },
  ...arb.VIOLATION_RULES.map((rule) => ({ name: `rejects-${rule}`, arb: arb.invalidStream({ violation: { rules: [rule] } }), weight: 1 })),
];

/** Splits `runs` by weight, the remainder to the first properties. */
function budget(props: readonly Property[], runs: number): number[] {
  const total = props.reduce((n, p) => n + p.weight, 0);
  const shares = props.map((p) => Math.floor((runs * p.weight) / total));
  let left = runs - shares.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % shares.length, left--) shares[i] = (shares[i] ?? 0) + 1;
  return shares;
}

export async function fuzzParser(opts: ParserFuzzOptions): Promise<FuzzSummary> {
  const started = Date.now();
  let executed = 0;
  const failures: FuzzFailure[] = [];
  let lastTick = 0;
  const tick = (done = false) => {
    const now = Date.now();
    if (!done && now - lastTick < 500) return;
    lastTick = now;
    const secs = Math.max(0.001, (now - started) / 1000);
    opts.onProgress?.({ runs: executed, execsPerSec: Math.round(executed / secs), failures: failures.length, done });
  };
  const props = opts.properties ? PARSER_PROPERTIES.filter((p) => opts.properties?.includes(p.name)) : PARSER_PROPERTIES;
  if (props.length === 0) throw new UsageError(`fuzz parser: no property named ${opts.properties?.join(', ') ?? ''}`);
  const shares = budget(props, opts.runs);
  const notRun: string[] = [];
  for (const [i, prop] of props.entries()) {
    // A hang or a blown heap costs a full --timeout per input that triggers it, and the other
    // properties would mostly rediscover it: the campaign stops there and says what it left out.
    if (failures.some((f) => f.kind === 'hang' || f.kind === 'memory')) {
      notRun.push(prop.name);
      continue;
    }
    const numRuns = shares[i] ?? 0;
    if (numRuns === 0) continue;
    const details = await fc.check(
      fc.asyncProperty(prop.arb, async (input) => {
        executed++;
        tick();
        return (await judge(opts.target, input)) === undefined;
      }),
      { seed: opts.seed, numRuns, endOnFailure: false, markInterruptAsFailure: false },
    );
    if (!details.failed || !details.counterexample) continue;
    const input = details.counterexample[0];
    // Judge the shrunk input once more: its own kind and message, and proof that it replays.
    const verdict: OracleFailure = (await judge(opts.target, input)) ?? { kind: 'crash', message: `failed during the run but not on replay: ${String(details.errorInstance ?? 'flaky')}` };
    const failure: FuzzFailure = {
      property: prop.name,
      kind: verdict.kind,
      message: verdict.message,
      seed: details.seed,
      path: details.counterexamplePath ?? '',
      counterexample: describeInput(input),
    };
    const file = opts.outDir ? writeFailure(opts.outDir, opts.target.name, failure, input) : undefined;
    failures.push(file ? { ...failure, file } : failure);
  }
  tick(true);
  const durationMs = Date.now() - started;
  return {
    target: opts.target.name,
    seed: opts.seed,
    runs: executed,
    durationMs,
    execsPerSec: Math.round(executed / Math.max(0.001, durationMs / 1000)),
    failures,
    ...(notRun.length ? { notRun } : {}),
  };
}

function writeFailure(dir: string, target: string, f: FuzzFailure, input: FuzzInput): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `parser-${f.property}-${f.kind}-seed${f.seed}.json`);
  const body: FailureFile = {
    schema: FAILURE_SCHEMA,
    mode: 'parser',
    target,
    property: f.property,
    kind: f.kind,
    message: f.message,
    seed: f.seed,
    path: f.path,
    counterexample: f.counterexample,
    input: storeInput(input),
  };
  writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
  return file;
}

export function readFailureFile(file: string): FailureFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--replay ${file}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  const f = parsed as Partial<FailureFile>;
  if (f.schema !== FAILURE_SCHEMA || f.mode !== 'parser' || !f.input || !Array.isArray(f.input.chunks)) {
    throw new UsageError(`--replay ${file}: not a parser fuzz failure file (schema ${FAILURE_SCHEMA})`);
  }
  return f as FailureFile;
}

/** Re-runs exactly the saved input; undefined when the target now behaves. */
export async function replayFailure(target: ParserTarget, file: FailureFile): Promise<OracleFailure | undefined> {
  return judge(target, loadInput(file.input));
}
