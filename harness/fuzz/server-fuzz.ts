// `fuzz server`: model-based sequences (fast-check commands) against a live server over an
// authenticated session: odd but valid stanzas, restricted and malformed XML, oversized stanzas,
// rapid reconnects. Oracles after every command: the server answers bad input the way RFC 6120
// says (a stream error, then the stream closed: §4.9, §11), and, after every sequence, a brand
// new connection still logs in and gets an iq result (liveness).
import fc from 'fast-check';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Account, ResolvedTarget } from '../config.js';
import { UsageError, oneLine } from '../errors.js';
import { Session, isStreamError, streamErrorCondition } from '../session/index.js';
import { el, NS_PING } from '../xml/index.js';
import * as arb from './arbitraries/index.js';
import { FAILURE_SCHEMA, type FuzzFailure, type FuzzSummary } from './parser-fuzz.js';

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
  readonly onProgress?: (p: { runs: number; execsPerSec: number; failures: number; done: boolean }) => void;
}

export class ServerFuzzFailure extends Error {
  constructor(
    readonly kind: 'liveness' | 'protocol',
    message: string,
  ) {
    super(message);
  }
}

/** The stream error conditions RFC 6120 allows for malformed or restricted XML. */
const BAD_XML_CONDITIONS = new Set(['not-well-formed', 'restricted-xml', 'bad-format', 'invalid-xml', 'unsupported-encoding', 'bad-namespace-prefix', 'policy-violation', 'invalid-namespace']);

/** Actions over an authenticated session; restricted XML only from the string-safe violations. */
export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: arb.stanza({ to: ['localhost'], from: false }).map((xml) => ({ kind: 'stanza' as const, xml })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'ping' as const }) },
  {
    weight: 2,
    arbitrary: arb.violation({ wireSafe: true }).map((v) => ({ kind: 'restricted' as const, xml: v.text, reason: v.reason })),
  },
  { weight: 1, arbitrary: fc.integer({ min: 64, max: 2048 }).map((kb) => ({ kind: 'oversized' as const, bytes: kb * 1024 })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reconnect' as const }) },
);

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
}

class Runner {
  constructor(private readonly opts: ServerFuzzOptions) {}

  async login(actor: string): Promise<Session> {
    const s = await Session.connect({ target: this.opts.target, timeout: this.opts.timeoutMs, actor });
    try {
      await s.login(this.opts.account, { resource: `xc-fuzz-${actor}-${Math.random().toString(36).slice(2, 8)}` });
      return s;
    } catch (e) {
      s.destroy();
      throw e;
    }
  }

  async ensure(real: Real): Promise<Session> {
    if (real.session && !real.session.stream.closed) return real.session;
    real.session?.destroy();
    real.session = await this.login('fuzz');
    return real.session;
  }

  async apply(a: Action, real: Real): Promise<void> {
    const s = await this.ensure(real);
    switch (a.kind) {
      case 'stanza':
        s.stream.sendRaw(a.xml);
        return;
      case 'ping': {
        const res = await s.iq(el('iq', { type: 'get', to: this.opts.target.domain }, el('ping', { xmlns: NS_PING })));
        if (res.attrs['type'] !== 'result' && res.attrs['type'] !== 'error') throw new ServerFuzzFailure('protocol', `a ping got an iq of type '${res.attrs['type'] ?? ''}'`);
        return;
      }
      case 'oversized':
        s.stream.sendRaw(`<message to='${this.opts.account.jid}' type='normal'><body>${'x'.repeat(a.bytes)}</body></message>`);
        // whatever the server's size policy, it has to stay up: the next action or the liveness check says
        return;
      case 'reconnect':
        s.destroy();
        real.session = await this.login('fuzz');
        return;
      case 'restricted': {
        s.stream.sendRaw(a.xml);
        if (!this.opts.protocolOracle) {
          real.session = undefined;
          s.destroy();
          return;
        }
        // RFC 6120 §11 / §4.9: a stream error with an XML condition, then the closing tag.
        const deadline = Date.now() + this.opts.timeoutMs;
        let condition: string | undefined;
        while (Date.now() < deadline) {
          const ev = await s.stream.take(Math.max(1, deadline - Date.now()), 'a stream error').catch(() => undefined);
          if (!ev) break;
          if (ev.kind === 'element' && isStreamError(ev.el)) condition = streamErrorCondition(ev.el) ?? '(none)';
          if (ev.kind === 'close' || ev.kind === 'eof') break;
        }
        real.session = undefined;
        s.destroy();
        if (condition === undefined) throw new ServerFuzzFailure('protocol', `no stream error within ${this.opts.timeoutMs} ms for ${a.reason} (RFC 6120 §11)`);
        if (!BAD_XML_CONDITIONS.has(condition)) throw new ServerFuzzFailure('protocol', `stream error <${condition}/> for ${a.reason}; RFC 6120 §4.9.3 / §11 name not-well-formed or restricted-xml`);
        return;
      }
    }
  }

  /** Liveness: a fresh connection logs in and its ping gets a result. */
  async alive(): Promise<void> {
    let s: Session | undefined;
    try {
      s = await this.login('liveness');
      const res = await s.iq(el('iq', { type: 'get', to: this.opts.target.domain }, el('ping', { xmlns: NS_PING })));
      if (res.attrs['type'] !== 'result') throw new Error(`the ping got type='${res.attrs['type'] ?? ''}'`);
    } catch (e) {
      throw new ServerFuzzFailure('liveness', `after the sequence a new connection could not log in and ping: ${oneLine(e)}`);
    } finally {
      if (s) await s.closeGracefully(300);
    }
  }

  async runSequence(actions: readonly Action[]): Promise<void> {
    const real: Real = { session: undefined };
    try {
      for (const a of actions) await this.apply(a, real);
    } finally {
      if (real.session) await real.session.closeGracefully(300);
    }
    await this.alive();
  }
}

/** fast-check command wrapper: the action is data; the model only knows whether we are connected. */
class ActionCommand implements fc.AsyncCommand<{ connected: boolean }, Real> {
  constructor(
    readonly action: Action,
    private readonly runner: Runner,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: { connected: boolean }, r: Real): Promise<void> {
    await this.runner.apply(this.action, r);
    m.connected = this.action.kind !== 'restricted';
  }
  toString(): string {
    return describeAction(this.action);
  }
}

export async function fuzzServer(opts: ServerFuzzOptions): Promise<FuzzSummary> {
  const started = Date.now();
  const runner = new Runner(opts);
  // the target must be up before we blame it for anything
  await runner.alive().catch((e: unknown) => {
    throw new UsageError(`fuzz server: the target does not let the account log in and ping before fuzzing: ${oneLine(e)}`);
  });
  let executed = 0;
  let lastTick = 0;
  const failures: FuzzFailure[] = [];
  const tick = (done = false) => {
    const now = Date.now();
    if (!done && now - lastTick < 500) return;
    lastTick = now;
    opts.onProgress?.({ runs: executed, execsPerSec: Math.round((executed * 100_000) / Math.max(1, now - started)) / 100, failures: failures.length, done });
  };
  let lastError: ServerFuzzFailure | undefined;
  const commands = fc.commands([actionArb.map((a) => new ActionCommand(a, runner))], { maxCommands: 8 });
  const details = await fc.check(
    fc.asyncProperty(commands, async (cmds) => {
      executed++;
      tick();
      const real: Real = { session: undefined };
      try {
        await fc.asyncModelRun(() => ({ model: { connected: false }, real }), cmds);
      } catch (e) {
        if (e instanceof ServerFuzzFailure) {
          lastError = e;
          return false;
        }
        // our own trouble (a timeout on a stanza that needed no answer, a closed socket) is not a finding
        if (real.session) real.session.destroy();
        real.session = undefined;
      } finally {
        if (real.session) await real.session.closeGracefully(300);
      }
      try {
        await runner.alive();
      } catch (e) {
        lastError = e as ServerFuzzFailure;
        return false;
      }
      return true;
    }),
    { seed: opts.seed, numRuns: opts.runs, endOnFailure: false },
  );
  if (details.failed && details.counterexample) {
    // fast-check hands the commands back wrapped (CommandWrapper.cmd holds ours)
    const cmds = [...(details.counterexample[0] as Iterable<ActionCommand | { cmd: ActionCommand }>)];
    const actions = cmds.map((c) => ('cmd' in c ? c.cmd : c).action);
    const kind = lastError?.kind ?? 'liveness';
    const failure: FuzzFailure = {
      property: 'server-sequences',
      kind,
      message: lastError?.message ?? 'failed',
      seed: details.seed,
      path: details.counterexamplePath ?? '',
      counterexample: actions.map(describeAction).join(' ; '),
    };
    const file = opts.outDir ? writeServerFailure(opts, failure, actions) : undefined;
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
  };
}

interface ServerFailureFile {
  readonly schema: typeof FAILURE_SCHEMA;
  readonly mode: 'server';
  readonly target: string;
  readonly property: string;
  readonly kind: string;
  readonly message: string;
  readonly seed: number;
  readonly path: string;
  readonly counterexample: string;
  readonly actions: readonly Action[];
}

function writeServerFailure(opts: ServerFuzzOptions, f: FuzzFailure, actions: readonly Action[]): string {
  const dir = opts.outDir ?? 'reports/fuzz';
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `server-${f.kind}-seed${f.seed}.json`);
  const body: ServerFailureFile = { schema: FAILURE_SCHEMA, mode: 'server', target: opts.target.url, ...f, actions };
  writeFileSync(file, JSON.stringify(body, null, 2) + '\n');
  return file;
}

/** Re-runs a saved sequence exactly; resolves with the failure, or undefined when it no longer fails. */
export async function replayServerFailure(opts: Omit<ServerFuzzOptions, 'runs' | 'seed'>, file: string): Promise<ServerFuzzFailure | undefined> {
  let saved: ServerFailureFile;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as ServerFailureFile;
  } catch (e) {
    throw new UsageError(`--replay ${file}: ${oneLine(e)}`);
  }
  if (saved.schema !== FAILURE_SCHEMA || saved.mode !== 'server' || !Array.isArray(saved.actions)) {
    throw new UsageError(`--replay ${file}: not a server fuzz failure file`);
  }
  const runner = new Runner({ ...opts, runs: 1, seed: 0 });
  try {
    await runner.runSequence(saved.actions);
    return undefined;
  } catch (e) {
    if (e instanceof ServerFuzzFailure) return e;
    return new ServerFuzzFailure('liveness', oneLine(e));
  }
}
