// Runs federation cases for one directed pair of servers: each case in turn (cases share the
// accounts, so never two at once), through the lifecycle `run` uses (runner/lifecycle.ts:
// deadline, clean-ups, sessions closed, status), a CaseResult per case like the `run` command's.
import type { Account, ResolvedTarget } from '../config.js';
import { HarnessError, SkipError, oneLine } from '../errors.js';
import { CaseVerdicts, caseDeadline, caseResult, failedOrErrored, runCleanups, runLifecycle, type CaseResult } from '../runner/index.js';
import { Session, Transcript, setupLogin } from '../session/index.js';
import type { SpecRef } from '../spec.js';
import { sleep } from '../util/index.js';
import { el, NS_PING } from '../xml/index.js';
import type { FederationCase, FederationContext, FederationSide } from './case.js';

/** One lab server as the runner needs it: where its c2s port is and which accounts it has. */
export interface FederationEndpoint {
  readonly server: string;
  readonly version: string;
  /** the federating domain */
  readonly domain: string;
  /** its c2s port, with domain = the federating domain and the CA(s) its c2s certificate chains to */
  readonly c2s: ResolvedTarget;
  /** accounts on the federating domain */
  readonly accounts: readonly Account[];
}

export interface RunPairOptions {
  /** per-step deadline, ms (default 10000) */
  readonly timeout?: number;
  /** the run stops at the next case when this is aborted; running sessions are closed */
  readonly signal?: AbortSignal;
  /** called after each case */
  readonly onCase?: (result: CaseResult) => void;
}

/** 'prosody->ejabberd': the key a pair's results are filed under. */
export function pairKey(a: Pick<FederationEndpoint, 'server'>, b: Pick<FederationEndpoint, 'server'>): string {
  return `${a.server}->${b.server}`;
}

class Context extends CaseVerdicts implements FederationContext {
  readonly sessions: Session[] = [];
  readonly cleanups: (() => Promise<void>)[] = [];
  private ids = 0;
  private actors = 0;
  readonly a: FederationSide;
  readonly b: FederationSide;
  readonly accountJids: readonly string[];

  constructor(
    readonly def: FederationCase,
    from: FederationEndpoint,
    to: FederationEndpoint,
    readonly timeout: number,
    private readonly transcript: Transcript,
    private readonly signal: AbortSignal | undefined,
  ) {
    super();
    this.a = this.side(from, 'a');
    this.b = this.side(to, 'b');
    this.accountJids = [...from.accounts, ...to.accounts].map((x) => x.jid.toLowerCase());
  }

  private side(e: FederationEndpoint, tag: string): FederationSide {
    const account = (i: number): Account => {
      const acc = e.accounts[i];
      if (!acc) this.skip(`needs ${i + 1} account(s) on ${e.domain}; the lab gave ${e.accounts.length}`);
      return acc;
    };
    return {
      server: e.server,
      domain: e.domain,
      account,
      login: async (i, opts = {}) => {
        const acc = account(i);
        if (this.signal?.aborted) throw new HarnessError('CLOSED', 'the run was stopped before this connection');
        const actor = opts.actor ?? `${tag}${++this.actors}`;
        const connect = async (retry: boolean): Promise<Session> => {
          const s = await Session.connect({ target: e.c2s, timeout: this.timeout, transcript: this.transcript, actor: retry ? `${actor}-retry` : actor });
          this.sessions.push(s);
          return s;
        };
        // logging in is the case's setup (see setupLogin: jabberd2 now and then drops one)
        return setupLogin(connect, acc, { resource: `xc-${this.id()}` }, (text) => this.note(text));
      },
    };
  }

  id(): string {
    return `${this.def.id.split('/').pop() ?? 'case'}-${++this.ids}`;
  }

  cleanup(fn: () => Promise<void>): void {
    this.cleanups.push(fn);
  }

  get ref(): SpecRef {
    return this.def.refs[0] as SpecRef;
  }
}

/** Runs one case with `from` as side a and `to` as side b. */
export async function runFederationCase(def: FederationCase, from: FederationEndpoint, to: FederationEndpoint, opts: RunPairOptions = {}): Promise<CaseResult> {
  const started = Date.now();
  const timeout = opts.timeout ?? 10_000;
  const transcript = new Transcript();
  const ctx = new Context(def, from, to, timeout, transcript, opts.signal);
  const outcome = await runLifecycle(
    ctx,
    async () => {
      if (opts.signal?.aborted) throw new SkipError('not run: the run was stopped');
      await def.run(ctx);
    },
    {
      limit: caseDeadline(timeout),
      signal: opts.signal,
      onStop: () => ctx.sessions.forEach((s) => s.destroy()),
      teardown: async () => {
        const problems = await runCleanups(ctx.cleanups.splice(0), timeout * 3);
        await Promise.all(ctx.sessions.map((s) => s.closeGracefully()));
        return problems;
      },
    },
  );
  // the exchange is kept where something went wrong: it shows both servers' sides
  const problem = failedOrErrored(outcome);
  return caseResult({ ...def, area: 's2s', role: 'server', tags: ['federation', ...def.tags] }, outcome, Date.now() - started, problem && transcript);
}

/**
 * Before the first case of a pair of freshly started servers: an account on each side pings the
 * other side's domain until an answer comes back (at most `tries` times, a second apart), so the
 * servers' first s2s connection, DNS lookups included, is made outside any case. A server that
 * has just started may bounce the very first stanza to a remote domain (Prosody answered
 * <remote-server-not-found/> once, on a loaded machine) and a case would fail for nothing.
 * Returns one line per direction saying how it went; never throws.
 */
export async function warmUpFederation(
  a: FederationEndpoint,
  b: FederationEndpoint,
  opts: { readonly timeout?: number; readonly tries?: number } = {},
): Promise<string[]> {
  const timeout = opts.timeout ?? 10_000;
  const tries = opts.tries ?? 4;
  const lines: string[] = [];
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    const account = from.accounts[0];
    if (!account) {
      lines.push(`${pairKey(from, to)}: no account on ${from.domain} to warm up with`);
      continue;
    }
    let last = '';
    let s: Session | undefined;
    try {
      s = await Session.connect({ target: from.c2s, timeout, transcript: new Transcript() });
      await s.login(account, { resource: 'xc-warm-up' });
      for (let i = 1; i <= tries; i++) {
        const answer = await s.iq(el('iq', { type: 'get', to: to.domain }, el('ping', { xmlns: NS_PING })));
        if (answer.attrs['type'] === 'result' || i === tries) {
          last = answer.attrs['type'] === 'result' ? `answered after ${i} ping(s)` : `no answer but type='${answer.attrs['type'] ?? ''}' after ${i} pings`;
          break;
        }
        await sleep(1000);
      }
    } catch (e) {
      last = `failed: ${oneLine(e)}`;
    } finally {
      await s?.closeGracefully().catch(() => undefined);
    }
    lines.push(`${pairKey(from, to)}: ${to.domain} ${last}`);
  }
  return lines;
}

/** Every case, one after the other, `from` → `to`. */
export async function runFederationPair(
  cases: readonly FederationCase[],
  from: FederationEndpoint,
  to: FederationEndpoint,
  opts: RunPairOptions = {},
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const def of cases) {
    const r = await runFederationCase(def, from, to, opts);
    results.push(r);
    opts.onCase?.(r);
  }
  return results;
}
