// `fuzz parser`: fast-check properties over a parser target, valid streams must be accepted and
// invalid ones rejected, each also cut into chunks; every failure shrunk to a minimal input, saved
// with its seed and path, and replayable exactly (`--replay FILE`). The properties run interleaved
// (each from the first batch on), their inputs go to the target's worker in batches, and shrinking
// is fast-check's own order of candidates, so seeds and paths mean what they mean to fc.check.
import fc from 'fast-check';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { UsageError } from '../errors.js';
import * as arb from './arbitraries/index.js';
import { xorshift128plus } from 'pure-rand/generator/xorshift128plus';
import { describeInput, loadInput, piecesOf, storeInput, type FuzzInput, type StoredInput } from './inputs.js';
import { judge, type OracleFailure } from './oracle.js';
import type { ParserTarget } from './targets.js';
import type { BatchItem } from './worker.js';

type RandomGenerator = ReturnType<typeof xorshift128plus>;

export const FAILURE_SCHEMA = 'xmpp-conformance/fuzz-failure@1';

export interface FuzzFailure {
  readonly property: string;
  readonly kind: string;
  readonly message: string;
  readonly seed: number;
  readonly path: string;
  readonly counterexample: string;
  readonly file?: string;
  /** The campaign's run (over all properties, from 1) whose input first failed. */
  readonly foundAtRun?: number;
}

/** The `fuzz ... --json` summary (docs/reference.md, "Fuzz outputs"). */
export interface FuzzSummary {
  readonly target: string;
  readonly seed: number;
  readonly runs: number;
  readonly durationMs: number;
  readonly execsPerSec: number;
  readonly failures: readonly FuzzFailure[];
  /** Properties cut short of their share because a hang or memory failure ended the campaign early (parser mode). */
  readonly notRun?: readonly string[];
  /** Sequences whose failure matched an `ignore` pattern, counted and not reported (server mode). */
  readonly ignored?: number;
  /**
   * Server mode: connections that logged in (preflight, sequences, liveness checks), and how many
   * times a sequence was given a session logged in before it instead of logging in there and then.
   */
  readonly logins?: { readonly made: number; readonly reused: number };
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

export interface Property {
  readonly name: string;
  readonly arb: fc.Arbitrary<FuzzInput>;
  /** Share of the run budget. */
  readonly weight: number;
  /** The value `arb` generates, drawn without its shrink context (arbitraries/twin.ts); absent: arb.generate. */
  readonly draw?: (r: fc.Random, bias: number | undefined) => FuzzInput;
}

function twinProperty(name: string, t: arb.Twin<FuzzInput>, weight: number): Property {
  return { name, arb: t.arb, weight, draw: t.draw };
}

/**
 * One property for valid streams (half the budget) and one per violation rule (sharing the other
 * half), so one bug does not hide another: fast-check stops a property at its first failure.
 */
export const PARSER_PROPERTIES: readonly Property[] = [
  twinProperty('valid-streams', arb.validStreamTwin(), arb.VIOLATION_RULES.length),
  ...arb.VIOLATION_RULES.map((rule) => twinProperty(`rejects-${rule}`, arb.invalidStreamTwin({ violation: { rules: [rule] } }), 1)),
];

/** Inputs per worker round trip (each parse still has its own deadline). */
const BATCH = 64;
/** Shrink candidates judged per round trip (the worker stops at the first that fails). */
const SHRINK_BATCH = 24;

type Sample = fc.Value<FuzzInput>;

/** fast-check's bias for run `index` (runIdToFrequency in its runner). */
function biasOf(index: number): number {
  return 2 + Math.floor(Math.log(index + 1) * 0.4342944819032518);
}

/**
 * One property's stream of inputs, generated exactly as fast-check's `check` would with the same
 * seed (run i is `path` i), so a failure's path replays under fc.check as well as from its file.
 * The arbitrary is asked directly (as fc.sample does): the property's wrappers draw the same
 * values and shrink in the same order, at twice the cost.
 */
class PropertyRun {
  private readonly rng: RandomGenerator;
  generated = 0;
  executed = 0;
  failed = false;

  constructor(
    readonly def: Property,
    seed: number,
  ) {
    this.rng = xorshift128plus(seed | 0);
  }

  /**
   * fast-check's toss: jump, then generate run `index` with its bias. Only the input is kept (with
   * the generator's state to make it again): a value's shrink context kept while the batch is
   * judged outlives the young generation, and the collector then costs more than the drawing.
   */
  next(): { index: number; input: FuzzInput; at: RandomGenerator } {
    this.rng.jump();
    const index = this.generated++;
    const at = this.rng.clone();
    const r = new fc.Random(this.rng);
    const input = this.def.draw ? this.def.draw(r, biasOf(index)) : this.def.arb.generate(r, biasOf(index)).value_;
    return { index, input, at };
  }

  /** The value (with its shrink context) of a drawn input, made again. */
  again(d: { index: number; at: RandomGenerator }): Sample {
    return this.def.arb.generate(new fc.Random(d.at), biasOf(d.index));
  }

  shrink(v: Sample): Iterable<Sample> {
    return this.def.arb.shrink(v.value_, v.context);
  }
}

interface Drawn {
  readonly run: PropertyRun;
  readonly index: number;
  readonly input: FuzzInput;
  readonly at: RandomGenerator;
}

/**
 * The next inputs over all properties, interleaved by weight: each draw goes to the property
 * furthest behind its share, so every property runs from the first batch on, and the share of a
 * property that has failed (and stopped) goes to the others.
 */
function draw(runs: readonly PropertyRun[], n: number, left: number): Drawn[] {
  const out: Drawn[] = [];
  while (out.length < Math.min(n, left)) {
    let best: PropertyRun | undefined;
    let bestLag = Infinity;
    for (const r of runs) {
      if (r.failed) continue;
      const lag = (r.generated + 0.5) / r.def.weight;
      if (lag < bestLag) {
        bestLag = lag;
        best = r;
      }
    }
    if (!best) break;
    out.push({ run: best, ...best.next() });
  }
  return out;
}

/** The oracles over several inputs: in one round trip when the target can, else one by one. */
async function judgeAll(target: ParserTarget, inputs: readonly FuzzInput[], stopAtFirst: boolean): Promise<(OracleFailure | null | 'not-applicable')[]> {
  const out: (OracleFailure | null | 'not-applicable')[] = inputs.map(() => 'not-applicable');
  const items: BatchItem[] = [];
  const at: number[] = [];
  for (const [i, input] of inputs.entries()) {
    const pieces = piecesOf(target.takes, input);
    if (!pieces) continue;
    items.push({ pieces, expect: input.expect, reason: input.reason });
    at.push(i);
  }
  if (target.judgeBatch) {
    const results = await target.judgeBatch(items, stopAtFirst);
    for (const [k, r] of results.entries()) out[at[k] ?? 0] = r;
    // not judged (after the first failure, or a hang that ended the batch): not counted
    return out.slice(0, results.length === items.length ? out.length : (at[results.length - 1] ?? -1) + 1);
  }
  for (const [k, i] of at.entries()) {
    const input = inputs[i];
    if (!input) continue;
    const f = (await judge(target, input)) ?? null;
    out[i] = f;
    if (f && stopAtFirst) return out.slice(0, (at[k] ?? 0) + 1);
  }
  return out;
}

/**
 * fast-check's shrinking, run here so its candidates go to the worker in batches: take the first
 * failing candidate of the current value's shrink stream, and again from it, until none fails.
 * The path is fast-check's (run index, then each chosen candidate's position in its stream).
 */
async function shrink(
  target: ParserTarget,
  run: PropertyRun,
  found: Drawn,
  failure: OracleFailure,
): Promise<{ value: Sample; path: string; failure: OracleFailure; unshrunk?: true }> {
  let cur = run.again(found);
  // the fast draw and the arbitrary must agree (a test holds them to it); if not, the input as drawn is reported
  if (!isDeepStrictEqual(cur.value_, found.input)) return { value: new fc.Value(found.input, undefined), path: String(found.index), failure, unshrunk: true };
  let last = failure;
  const path = [found.index];
  for (;;) {
    const it = run.shrink(cur)[Symbol.iterator]();
    let offset = 0;
    let next: { at: number; value: Sample; failure: OracleFailure } | undefined;
    while (!next) {
      const group: Sample[] = [];
      for (let n = it.next(); !n.done; n = group.length < SHRINK_BATCH ? it.next() : { done: true, value: undefined }) group.push(n.value);
      if (group.length === 0) break;
      const results = await judgeAll(
        target,
        group.map((g) => g.value_),
        true,
      );
      const hit = results.findIndex((r) => r !== null && r !== 'not-applicable');
      const value = group[hit];
      const f = results[hit];
      if (hit >= 0 && value && f && f !== 'not-applicable') next = { at: offset + hit, value, failure: f };
      offset += group.length;
    }
    if (!next) return { value: cur, path: path.join(':'), failure: last };
    cur = next.value;
    last = next.failure;
    path.push(next.at);
  }
}

function selected(names: readonly string[] | undefined): readonly Property[] {
  const props = names ? PARSER_PROPERTIES.filter((p) => names.includes(p.name)) : PARSER_PROPERTIES;
  if (props.length === 0) throw new UsageError(`fuzz parser: no property named ${names?.join(', ') ?? ''}`);
  return props;
}

/** The inputs a campaign with this seed draws, in its order, as long as no property fails (for benchmarks). */
export function campaignInputs(seed: number, runs: number, properties?: readonly string[]): FuzzInput[] {
  const all = selected(properties).map((p) => new PropertyRun(p, seed));
  return draw(all, runs, runs).map((d) => d.input);
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
  const props = selected(opts.properties);
  const runs = props.map((p) => new PropertyRun(p, opts.seed));
  let drawn = 0;
  const next = (): Drawn[] => {
    const b = draw(runs, BATCH, opts.runs - drawn);
    drawn += b.length;
    return b;
  };
  let stopped = false;
  // generation of the next batch overlaps the worker's judging of this one
  let batch = next();
  while (batch.length > 0 && !stopped) {
    const judging = judgeAll(
      opts.target,
      batch.map((d) => d.input),
      false,
    );
    const upcoming = next();
    const results = await judging;
    for (const [i, r] of results.entries()) {
      const d = batch[i];
      if (!d || r === 'not-applicable' || d.run.failed) continue;
      executed++;
      d.run.executed++;
      if (r === null) continue;
      d.run.failed = true;
      const shrunk = await shrink(opts.target, d.run, d, r);
      const input = shrunk.value.value_;
      // Judge the shrunk input once more: its own kind and message, and proof that it replays.
      const verdict: OracleFailure = (await judge(opts.target, input)) ?? {
        kind: 'crash',
        message: `failed during the run but not on replay: ${shrunk.failure.kind}: ${shrunk.failure.message}`,
      };
      const failure: FuzzFailure = {
        property: d.run.def.name,
        kind: verdict.kind,
        message: shrunk.unshrunk ? `${verdict.message} (not shrunk: the arbitrary did not make the drawn input again)` : verdict.message,
        seed: opts.seed,
        path: shrunk.path,
        counterexample: describeInput(input, opts.target.takes),
        foundAtRun: executed,
      };
      const file = opts.outDir ? writeFailure(opts.outDir, opts.target.name, failure, input) : undefined;
      failures.push(file ? { ...failure, file } : failure);
      // A hang or a blown heap costs a full --timeout per input that triggers it, and the other
      // properties would mostly rediscover it: the campaign stops there and says what it left out.
      if (r.kind === 'hang' || r.kind === 'memory') {
        stopped = true;
        break;
      }
    }
    tick();
    // inputs drawn for a property that has failed since are given back to the budget
    batch = upcoming.filter((d) => !d.run.failed);
    drawn -= upcoming.length - batch.length;
    if (batch.length < BATCH) batch.push(...next());
  }
  tick(true);
  const notRun = stopped ? runs.filter((r) => !r.failed).map((r) => r.def.name) : [];
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
