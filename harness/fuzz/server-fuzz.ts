// `fuzz server`: generated action sequences (fast-check) against a live server, in two
// stages. Over an authenticated session: odd but valid stanzas, restricted and malformed XML,
// oversized stanzas, rapid reconnects. On a fresh pre-authentication stream (pre-auth.ts): odd
// stream headers, bad XML before and after the header, restarts, junk before SASL. Oracles after
// every command: the server answers bad input the way RFC 6120 says (a stream error, then the
// stream closed: §4.9, §11), and, after every sequence, a brand new connection still logs in and
// gets an iq result (liveness).
import fc from 'fast-check';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Account, ResolvedTarget } from '../config.js';
import { UnreachableError, UsageError, oneLine } from '../errors.js';
import { SaslFailure, type Session } from '../session/index.js';
import { sleep } from '../util/index.js';
import * as arb from './arbitraries/index.js';
import { FAILURE_SCHEMA, type FuzzFailure, type FuzzSummary } from './parser-fuzz.js';
import { PreAuthRunner, describePreAuthAction, freshPreAuth, preAuthActionArb, type PreAuthAction, type PreAuthReal } from './pre-auth.js';
import { ServerFuzzFailure, WELL_FORMED_REJECTIONS, expectBadXmlAnswer, pingThrough } from './server-oracle.js';
import { FuzzLogins } from './server-logins.js';

export { ServerFuzzFailure };

/** Which kind of stream a sequence runs on; a failure file says which in `stage`. */
export type ServerStage = 'authenticated' | 'pre-auth';
export const SERVER_STAGES: readonly ServerStage[] = ['authenticated', 'pre-auth'];

/** One step of a sequence, as plain data (what a failure file stores and `--replay` re-runs). */
export type Action =
  | { readonly kind: 'stanza'; readonly xml: string }
  | { readonly kind: 'ping' }
  | { readonly kind: 'restricted'; readonly xml: string; readonly reason: string }
  | { readonly kind: 'oversized'; readonly bytes: number }
  | { readonly kind: 'reconnect' };

export interface ServerFuzzOptions {
  readonly target: ResolvedTarget;
  readonly account: Account;
  readonly runs: number;
  readonly seed: number;
  readonly timeoutMs: number;
  /** Check the RFC 6120 answer to bad input, not only liveness. */
  readonly protocolOracle: boolean;
  readonly outDir?: string;
  /**
   * XML names in generated stanzas from ASCII only; default false. For servers on libexpat, whose
   * Fourth Edition name classes refuse Fifth Edition names, so a run gets past that finding.
   */
  readonly asciiNames?: boolean;
  /** Stages to run, each with `runs` sequences; default both. */
  readonly stages?: readonly ServerStage[];
  /**
   * After a liveness failure, how long the next sequence waits for the server to come back
   * (a supervisor restarting it) before shrinking stops; default 10000 ms.
   */
  readonly recoverMs?: number;
  /**
   * Failures whose message matches one of these are counted (`ignored`) and the sequence passes:
   * known findings, so a run gets past them to others (each stage stops at its first finding).
   */
  readonly ignore?: readonly RegExp[];
  /** Pause before each new connection (ConnectOptions.connectPauseMs); default 0. */
  readonly connectPauseMs?: number;
  /**
   * Reuse what logins cost where no verdict can tell (server-logins.ts): SCRAM keys derived once,
   * and the liveness check's session after one sequence as the next one's first; default true.
   * False logs in afresh every time (how fuzz server ran before; `--fresh-logins`).
   */
  readonly reuseLogins?: boolean;
  readonly onProgress?: (p: { runs: number; execsPerSec: number; failures: number; done: boolean }) => void;
}

/**
 * Actions over an authenticated session; restricted XML only from the string-safe violations.
 * Stanzas go to the target's own domain only (never a remote one, so the server opens no
 * server-to-server connection); `asciiNames` keeps their XML names ASCII.
 */
export function sessionActionArb(domain: string, c: { readonly asciiNames?: boolean } = {}): fc.Arbitrary<Action> {
  return fc.oneof(
    { weight: 4, arbitrary: arb.stanza({ to: [domain], from: false, asciiNames: c.asciiNames === true }).map((xml) => ({ kind: 'stanza' as const, xml })) },
    { weight: 2, arbitrary: fc.constant({ kind: 'ping' as const }) },
    {
      weight: 2,
      arbitrary: arb.violation({ wireSafe: true }).map((v) => ({ kind: 'restricted' as const, xml: v.text, reason: v.reason })),
    },
    { weight: 1, arbitrary: fc.integer({ min: 64, max: 2048 }).map((kb) => ({ kind: 'oversized' as const, bytes: kb * 1024 })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'reconnect' as const }) },
  );
}

/** The session actions for a target whose domain is 'localhost' (the lab's). */
export const actionArb: fc.Arbitrary<Action> = sessionActionArb('localhost');

export function describeAction(a: Action): string {
  switch (a.kind) {
    case 'stanza':
      return `stanza ${a.xml.slice(0, 200)}`;
    case 'ping':
      return 'ping the server';
    case 'restricted':
      return `bad XML (${a.reason}): ${a.xml.slice(0, 200)}`;
    case 'oversized':
      return `a ${a.bytes}-byte message body`;
    case 'reconnect':
      return 'close and log in again at once';
  }
}

interface Real {
  session: Session | undefined;
  /** whether the sequence has had a session yet (only its first may be one handed on) */
  begun?: boolean;
}

class Runner {
  readonly logins: FuzzLogins;
  /** Whether a passing liveness check keeps its session for the next sequence (the authenticated stage, with reuse on). */
  keepLiveness = false;

  constructor(private readonly opts: ServerFuzzOptions) {
    this.logins = new FuzzLogins({ ...opts, reuse: opts.reuseLogins !== false });
  }

  login(actor: string): Promise<Session> {
    return this.logins.login(actor);
  }

  async ensure(real: Real): Promise<Session> {
    if (real.session && !real.session.stream.closed) return real.session;
    real.session?.destroy();
    const first = real.begun !== true;
    real.begun = true;
    real.session = (first ? this.logins.takeKept() : undefined) ?? (await this.login('fuzz'));
    return real.session;
  }

  async apply(a: Action, real: Real): Promise<void> {
    const s = await this.ensure(real);
    switch (a.kind) {
      case 'stanza':
        s.stream.sendRaw(a.xml);
        await this.settle(s, a, real);
        return;
      case 'ping':
        await this.settle(s, a, real);
        return;
      case 'oversized':
        s.stream.sendRaw(`<message to='${this.opts.account.jid}' type='normal'><body>${'x'.repeat(a.bytes)}</body></message>`);
        // whatever the server's size policy (a policy-violation stream error is usual), it has to stay
        // up: settle sees the answer and the liveness check the rest
        await this.settle(s, a, real);
        return;
      case 'reconnect':
        s.destroy();
        real.session = await this.login('fuzz');
        return;
      case 'restricted': {
        s.stream.sendRaw(a.xml);
        if (!this.opts.protocolOracle) {
          // close, not destroy: a destroyed socket may drop the bad input still queued for it
          real.session = undefined;
          await s.closeGracefully(300);
          return;
        }
        real.session = undefined;
        try {
          await expectBadXmlAnswer(s, a.reason, this.opts.timeoutMs);
        } finally {
          s.destroy();
        }
        return;
      }
    }
  }

  /**
   * A ping after a stanza, an oversized body or on its own, so what the server makes of that input
   * shows up here and is not blamed on the next action: a stream error or close ends the session
   * (the next action logs in again); an XML stream error for a stanza well-formed by construction
   * is a finding, and so is silence on a stream still open (RFC 6120 §8.2.3: an iq get is always
   * answered), which the campaign turns into a liveness finding when the server is down. With the
   * liveness oracle only, either just ends the session.
   */
  private async settle(s: Session, a: Action, real: Real): Promise<void> {
    // a big body takes its time to parse, route and (to our own JID) come back: 1 ms more per KiB
    const waitMs = this.opts.timeoutMs + (a.kind === 'oversized' ? Math.ceil(a.bytes / 1024) : 0);
    const outcome = await pingThrough(s, this.opts.target.domain, waitMs);
    if (outcome.kind === 'answered') return;
    real.session = undefined;
    s.destroy();
    if (!this.opts.protocolOracle) return;
    if (outcome.kind === 'silent') {
      throw new ServerFuzzFailure('protocol', `no answer to a ping within ${waitMs} ms after ${describeAction(a).slice(0, 200)} (RFC 6120 §8.2.3)`);
    }
    const { condition } = outcome;
    if (condition !== undefined && a.kind === 'stanza' && WELL_FORMED_REJECTIONS.has(condition)) {
      throw new ServerFuzzFailure(
        'protocol',
        `stream error <${condition}/> for a well-formed stanza (XML 1.0 Fifth Edition; RFC 6120 §4.9.3.13, §11): ${a.xml.slice(0, 200)}`,
      );
    }
  }

  /** Liveness: a fresh connection logs in and its ping gets a result. */
  async alive(): Promise<void> {
    let s: Session | undefined;
    try {
      s = await this.login('liveness');
      const outcome = await pingThrough(s, this.opts.target.domain, this.opts.timeoutMs);
      if (outcome.kind !== 'answered')
        throw new Error(
          outcome.kind === 'silent'
            ? `no answer to a ping within ${this.opts.timeoutMs} ms`
            : `the session ended${outcome.condition ? ` with <${outcome.condition}/>` : ''}`,
        );
      if (this.keepLiveness) {
        this.logins.keep(s);
        s = undefined;
      }
    } catch (e) {
      throw new ServerFuzzFailure('liveness', `after the sequence a new connection could not log in and ping: ${oneLine(e)}`, e);
    } finally {
      if (s) await s.closeGracefully(300);
    }
  }

  /** Polls liveness until it passes or `ms` is over. */
  async waitUp(ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    for (;;) {
      if (
        await this.alive().then(
          () => true,
          () => false,
        )
      )
        return true;
      if (Date.now() >= until) return false;
      await sleep(200);
    }
  }
}

/** What a stage needs to run: its actions, how to apply one, and a fresh connection state. */
interface StageDef<A> {
  readonly stage: ServerStage;
  /** The failure's `property`. */
  readonly property: string;
  readonly arb: fc.Arbitrary<A>;
  describe(a: A): string;
  fresh(): Real;
  apply(a: A, r: Real): Promise<void>;
}

function stageDef(stage: ServerStage, runner: Runner, opts: ServerFuzzOptions): StageDef<unknown> {
  if (stage === 'authenticated') {
    const def: StageDef<Action> = {
      stage,
      property: 'server-sequences',
      arb: sessionActionArb(opts.target.domain, { asciiNames: opts.asciiNames === true }),
      describe: describeAction,
      fresh: () => ({ session: undefined }),
      apply: (a, r) => runner.apply(a, r),
    };
    return def as StageDef<unknown>;
  }
  const pre = new PreAuthRunner(opts);
  const def: StageDef<PreAuthAction> = {
    stage,
    property: 'server-pre-auth',
    arb: preAuthActionArb(opts.target.domain, { asciiNames: opts.asciiNames === true }),
    describe: describePreAuthAction,
    fresh: freshPreAuth,
    apply: (a, r) => pre.apply(a, r as PreAuthReal),
  };
  return def as StageDef<unknown>;
}

/** One sequence as the campaign runs it: a finding is a ServerFuzzFailure, anything else our own trouble. */
async function runActions(def: StageDef<unknown>, runner: Runner, actions: readonly unknown[]): Promise<void> {
  const real = def.fresh();
  try {
    for (const a of actions) await def.apply(a, real);
  } catch (e) {
    if (e instanceof ServerFuzzFailure) {
      // bad input met by a server that is down gets no stream error either: that is a liveness
      // finding (and shrinking must chase the crash, not the silence after it)
      if (e.kind === 'protocol') {
        await runner.logins.drop();
        await runner.alive();
      }
      throw e;
    }
    // a timeout on a stanza that needed no answer, a closed socket: not a finding by itself
    real.session?.destroy();
    real.session = undefined;
  } finally {
    if (real.session) await real.session.closeGracefully(300);
  }
  // a session handed on that the sequence never took (it had no action) closes before the check
  await runner.logins.drop();
  await runner.alive();
}

export async function fuzzServer(opts: ServerFuzzOptions): Promise<FuzzSummary> {
  const started = Date.now();
  const runner = new Runner(opts);
  const stages = opts.stages ?? SERVER_STAGES;
  // only the authenticated stage starts its sequences on a session: the preflight's is handed to its first
  runner.keepLiveness = runner.logins.reuse && stages[0] === 'authenticated';
  try {
    return await campaign(opts, runner, stages, started);
  } finally {
    await runner.logins.drop();
  }
}

async function campaign(opts: ServerFuzzOptions, runner: Runner, stages: readonly ServerStage[], started: number): Promise<FuzzSummary> {
  // the target must be up before we blame it for anything: refused credentials are a usage error
  // (exit 2); a target that cannot be logged in to at all (no features, a reset, a stream error,
  // XML past the harness's caps) cannot be fuzzed (exit 3)
  await runner.alive().catch((e: unknown) => {
    const why = e instanceof ServerFuzzFailure && e.reason !== undefined ? e.reason : e;
    const message = `fuzz server: the preflight login and ping failed, so nothing was fuzzed: ${oneLine(why)}`;
    if (why instanceof SaslFailure) throw new UsageError(message);
    throw new UnreachableError(message);
  });
  let executed = 0;
  let lastTick = 0;
  const failures: FuzzFailure[] = [];
  const notRun: string[] = [];
  const tick = (done = false) => {
    const now = Date.now();
    if (!done && now - lastTick < 500) return;
    lastTick = now;
    opts.onProgress?.({ runs: executed, execsPerSec: Math.round((executed * 100_000) / Math.max(1, now - started)) / 100, failures: failures.length, done });
  };
  // A server that failed liveness may be restarted by its supervisor: the next sequence waits for
  // it. One that stays down makes every later sequence fail, so shrinking stops there.
  let recover = false;
  let down = false;
  let ignored = 0;
  for (const stage of stages) {
    const def = stageDef(stage, runner, opts);
    runner.keepLiveness = runner.logins.reuse && stage === 'authenticated';
    if (!runner.keepLiveness) await runner.logins.drop();
    if (down) {
      notRun.push(def.property);
      continue;
    }
    let lastError: ServerFuzzFailure | undefined;
    // a plain array: the sequence runs as a whole (as --replay runs it), and an array shrinks by
    // dropping any action, where fast-check's commands keep the ones before the culprit
    const details = await fc.check(
      fc.asyncProperty(fc.array(def.arb, { maxLength: 8 }), async (actions) => {
        if (recover) {
          recover = false;
          down = !(await runner.waitUp(opts.recoverMs ?? 10_000));
        }
        fc.pre(!down);
        executed++;
        tick();
        try {
          await runActions(def, runner, actions);
          return true;
        } catch (e) {
          if (e instanceof ServerFuzzFailure && opts.ignore?.some((r) => r.test(e.message))) {
            ignored++;
            return true;
          }
          lastError = e instanceof ServerFuzzFailure ? e : new ServerFuzzFailure('liveness', oneLine(e));
          if (lastError.kind === 'liveness') recover = true;
          return false;
        }
      }),
      { seed: opts.seed, numRuns: opts.runs, endOnFailure: false },
    );
    await runner.logins.drop();
    if (!details.failed || !details.counterexample) continue;
    const actions = details.counterexample[0];
    const kind = lastError?.kind ?? 'liveness';
    const failure: FuzzFailure = {
      property: def.property,
      kind,
      message:
        (lastError?.message ?? 'failed') + (down ? ` (the server did not come back within ${opts.recoverMs ?? 10_000} ms, so shrinking stopped here)` : ''),
      seed: details.seed,
      path: details.counterexamplePath ?? '',
      counterexample: actions.map((a) => def.describe(a)).join(' ; '),
    };
    const file = opts.outDir ? writeServerFailure(opts, stage, failure, actions as readonly Action[] | readonly PreAuthAction[]) : undefined;
    failures.push(file ? { ...failure, file } : failure);
  }
  tick(true);
  const durationMs = Date.now() - started;
  return {
    target: opts.target.url,
    seed: opts.seed,
    runs: executed,
    durationMs,
    execsPerSec: Math.round((executed / Math.max(0.001, durationMs / 1000)) * 100) / 100,
    failures,
    ...(notRun.length ? { notRun } : {}),
    ...(ignored ? { ignored } : {}),
    logins: { made: runner.logins.logins, reused: runner.logins.reused },
  };
}

export interface ServerFailureFile {
  readonly schema: typeof FAILURE_SCHEMA;
  readonly mode: 'server';
  /** Absent in files written before the pre-auth stage existed: 'authenticated'. */
  readonly stage?: ServerStage;
  readonly target: string;
  readonly property: string;
  readonly kind: string;
  readonly message: string;
  readonly seed: number;
  readonly path: string;
  readonly counterexample: string;
  readonly actions: readonly Action[] | readonly PreAuthAction[];
}

function writeServerFailure(opts: ServerFuzzOptions, stage: ServerStage, f: FuzzFailure, actions: readonly Action[] | readonly PreAuthAction[]): string {
  const dir = opts.outDir ?? 'reports/fuzz';
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `server-${stage === 'pre-auth' ? 'pre-auth-' : ''}${f.kind}-seed${f.seed}.json`);
  const body: ServerFailureFile = { schema: FAILURE_SCHEMA, mode: 'server', stage, target: opts.target.url, ...f, actions };
  writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
  return file;
}

export function readServerFailureFile(file: string): ServerFailureFile {
  let saved: ServerFailureFile;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as ServerFailureFile;
  } catch (e) {
    throw new UsageError(`--replay ${file}: ${oneLine(e)}`);
  }
  if (saved.schema !== FAILURE_SCHEMA || saved.mode !== 'server' || !Array.isArray(saved.actions)) {
    throw new UsageError(`--replay ${file}: not a server fuzz failure file`);
  }
  if (saved.stage !== undefined && !SERVER_STAGES.includes(saved.stage)) {
    throw new UsageError(`--replay ${file}: unknown stage '${String(saved.stage)}' (${SERVER_STAGES.join(', ')})`);
  }
  return saved;
}

/** Re-runs a saved sequence exactly, in its stage; resolves with the failure, or undefined when it no longer fails. */
export async function replayServerFailure(
  opts: Omit<ServerFuzzOptions, 'runs' | 'seed'>,
  file: string | ServerFailureFile,
): Promise<ServerFuzzFailure | undefined> {
  const saved = typeof file === 'string' ? readServerFailureFile(file) : file;
  const full: ServerFuzzOptions = { ...opts, runs: 1, seed: 0 };
  const runner = new Runner(full);
  const def = stageDef(saved.stage ?? 'authenticated', runner, full);
  try {
    await runActions(def, runner, saved.actions);
    return undefined;
  } catch (e) {
    if (e instanceof ServerFuzzFailure) return e;
    return new ServerFuzzFailure('liveness', oneLine(e));
  }
}
