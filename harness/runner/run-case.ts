// A server case's context (sessions on the target, its s2s and component sides, cleanups) and
// its run through the shared lifecycle (lifecycle.ts: deadline, teardown, status).
import type { CaseContext, ComponentContext, ConnectOptions, S2sContext } from '../cases/index.js';
import { ComponentSide } from '../component/index.js';
import { InboundListener, S2sCertificates, S2sKeyPool, S2sSide, s2sLaneConfig } from '../s2s/index.js';
import type { ClientListener } from '../transport/index.js';
import type { LabZone } from '../dns/index.js';
import type { S2sConfig } from '../config.js';
import type { CaseDefinition } from '../cases/index.js';
import type { Account, ResolvedConfig } from '../config.js';
import { HarnessError } from '../errors.js';
import { Session, Transcript, offersStarttls, setupLogin, type LoginOptions, type SessionOptions } from '../session/index.js';
import type { SpecRef } from '../spec.js';
import { IdSource, hashString } from '../util/index.js';
import type { XmlElement } from '../xml/index.js';
import { stanzaErrorCondition } from '../xml/index.js';
import { caseDeadline, caseResult, runCleanups, runLifecycle } from './lifecycle.js';
import type { CaseResult } from './result.js';
import { CaseVerdicts } from './verdicts.js';

export interface RunCaseOptions {
  readonly config: ResolvedConfig;
  /** the accounts this case may use: its account set (from --account, or registered) */
  readonly accounts: readonly Account[];
  /** every test account of the run (default: `accounts`): the suite's own contacts, which cases clear from rosters */
  readonly suiteAccounts?: readonly Account[];
  /** aborted when the run stops early: the case's connections are closed and it opens no new ones */
  readonly signal?: AbortSignal;
  /** the lab DNS zone the run serves, for the s2s cases' receiving side */
  readonly labZone?: LabZone;
  /** the s2s lane the case runs in, of how many (harness/s2s/lanes.ts; default lane 0 of 1) */
  readonly s2sLane?: { readonly lane: number; readonly lanes: number };
}

/** One set of s2s certificates per CA (or certificate) and domain, made once per process per kind. */
const certsByConfig = new Map<string, S2sCertificates>();
const caKey = (c: S2sConfig): string => [c.ca?.certFile, c.ca?.keyFile, c.cert?.certFile, c.cert?.keyFile].join('|');
const certsKey = (c: S2sConfig): string => `${caKey(c)}|${c.localDomain}`;
/** The private keys the s2s lanes' certificates share, per CA (or certificate). */
const keysByCa = new Map<string, S2sKeyPool>();

/** The s2s receiving side's listening sockets, per zone (per run), s2s lane and role, made on first use. */
const listeners = new Map<LabZone, Map<string, Promise<ClientListener>>>();

/** Closes the receiving side's listening sockets of the run that used `zone` (the runner calls it at the end). */
export async function closeS2sListeners(zone: LabZone): Promise<void> {
  const ls = listeners.get(zone);
  listeners.delete(zone);
  for (const l of ls?.values() ?? [])
    await l.then(
      (x) => x.close(),
      () => undefined,
    );
}

class Context extends CaseVerdicts implements CaseContext {
  readonly sessions: Session[] = [];
  readonly cleanups: (() => Promise<void>)[] = [];
  private readonly ids: IdSource;
  private actorCount = 0;

  constructor(
    readonly def: CaseDefinition,
    readonly opts: RunCaseOptions,
    readonly transcript: Transcript,
  ) {
    super();
    this.ids = new IdSource(hashString(def.id) ^ opts.config.seed, 'xc');
  }

  get target() {
    return this.opts.config.target;
  }
  get timeout() {
    return this.opts.config.timeout;
  }
  get refs() {
    return this.def.refs;
  }
  get ref(): SpecRef {
    return this.def.refs[0] as SpecRef;
  }
  get seed() {
    return this.opts.config.seed;
  }

  id(): string {
    return this.ids.next();
  }

  account(i: number): Account {
    const a = this.opts.accounts[i];
    if (!a) this.skip(`needs ${i + 1} test account(s); give --account or --register`);
    return a;
  }

  async connect(opts: ConnectOptions = {}): Promise<Session> {
    const unfit = tcpTransportMismatch(opts.transport, this.target.scheme);
    if (unfit) this.skip(unfit);
    if (this.opts.signal?.aborted) throw new HarnessError('CLOSED', 'the run was stopped before this connection');
    const actor = opts.actor ?? `c${++this.actorCount}`;
    const s = await Session.connect({
      target: this.target,
      timeout: this.timeout,
      transcript: this.transcript,
      actor,
      ...(opts.transport ? { transport: opts.transport } : {}),
    });
    this.sessions.push(s);
    if (this.opts.signal?.aborted) s.destroy();
    return s;
  }

  /** A session on any target (the s2s side's), tracked like the case's own. */
  private async track(opts: Omit<SessionOptions, 'timeout' | 'transcript'>): Promise<Session> {
    if (this.opts.signal?.aborted) throw new HarnessError('CLOSED', 'the run was stopped before this connection');
    const s = await Session.connect({ ...opts, timeout: this.timeout, transcript: this.transcript });
    this.sessions.push(s);
    if (this.opts.signal?.aborted) s.destroy();
    return s;
  }

  private s2sSide: S2sSide | undefined;
  private componentSide: ComponentSide | undefined;

  component(): ComponentContext {
    const config = this.opts.config.component;
    if (!config)
      this.skip(
        'an external component case: give --component-target URL --component-domain D --component-secret S (`lab up NAME --json` prints them as componentRunArgs)',
      );
    this.componentSide ??= new ComponentSide({ config, open: (o) => this.track(o), note: (m) => this.note(m) });
    return this.componentSide;
  }

  s2s(): S2sContext {
    const runConfig = this.opts.config.s2s;
    if (!runConfig)
      this.skip(
        'a server-to-server case: give --s2s-target URL with --s2s-ca/--s2s-ca-key or --s2s-cert/--s2s-key (`lab up NAME --json` prints them as s2sRunArgs)',
      );
    const lane = this.opts.s2sLane ?? { lane: 0, lanes: 1 };
    const config = s2sLaneConfig(runConfig, lane.lane, lane.lanes);
    let certs = certsByConfig.get(certsKey(config));
    if (!certs) {
      let keys = keysByCa.get(caKey(config));
      if (!keys) keysByCa.set(caKey(config), (keys = new S2sKeyPool()));
      certs = new S2sCertificates(config, keys);
      certsByConfig.set(certsKey(config), certs);
    }
    this.s2sSide ??= new S2sSide({
      config,
      c2s: this.target,
      certs,
      open: (o) => this.track(o),
      skip: (reason) => this.skip(reason),
      note: (text) => this.note(text),
      id: () => this.id(),
      transcript: this.transcript,
      timeout: this.timeout,
      cleanup: (fn) => this.cleanup(fn),
      ...(this.opts.labZone ? { zone: this.opts.labZone } : {}),
      listener: (which = 'main') => {
        const zone = this.opts.labZone;
        if (!zone) return InboundListener.listen();
        let byRole = listeners.get(zone);
        if (!byRole) listeners.set(zone, (byRole = new Map()));
        const key = `${lane.lane}/${which}`;
        let l = byRole.get(key);
        if (!l) {
          l = InboundListener.listen();
          byRole.set(key, l);
        }
        return l;
      },
    });
    return this.s2sSide;
  }

  async opened(opts: ConnectOptions = {}): Promise<Session> {
    const s = await this.connect(opts);
    await s.openWithFeatures();
    return s;
  }

  async secured(opts: ConnectOptions = {}): Promise<Session> {
    const s = await this.opened(opts);
    // Over WebSocket and BOSH, TLS is the URL scheme's or absent: the session is as secure as it gets.
    if (s.secure || !s.canStarttls) return s;
    if (!s.features || !offersStarttls(s.features)) this.skip('the target offers no STARTTLS on this stream');
    try {
      await s.starttls();
      return s;
    } catch (e) {
      // STARTTLS is setup here, as logging in is in login(): one more try on a new connection when
      // the server ended it with <internal-server-error/> (jabberd2 2.7 does so now and then)
      if (s.receivedStreamError !== 'internal-server-error') throw e;
      this.note('setup: the server ended STARTTLS with <internal-server-error/>; tried again on a new connection');
      s.destroy();
      const again = await this.opened(opts.actor ? { ...opts, actor: `${opts.actor}-retry` } : { ...opts });
      if (!again.features || !offersStarttls(again.features)) this.skip('the target offers no STARTTLS on this stream');
      await again.starttls();
      return again;
    }
  }

  async login(i: number, opts: LoginOptions & ConnectOptions = {}): Promise<Session> {
    const account = this.account(i);
    const loginOpts = { ...opts, ...(opts.resource === undefined ? { resource: this.id() } : {}) };
    // logging in is setup here, not what the case checks (see setupLogin)
    return setupLogin(
      (retry) => this.connect(retry && opts.actor ? { ...opts, actor: `${opts.actor}-retry` } : { ...opts }),
      account,
      loginOpts,
      (text) => this.note(text),
    );
  }

  get accountJids(): readonly string[] {
    return (this.opts.suiteAccounts ?? this.opts.accounts).map((a) => a.jid);
  }

  cleanup(fn: () => Promise<void>): void {
    this.cleanups.push(fn);
  }

  stanzaErrorCondition(stanza: XmlElement): string | undefined {
    return stanzaErrorCondition(stanza);
  }
}

/** The HTTP-based bindings, where RFC 6120's TCP stream is replaced by the binding's framing. */
const FRAMED_BINDINGS: Readonly<Record<string, { readonly name: string; readonly spec: string; readonly tls: string }>> = {
  ws: { name: 'WebSocket', spec: 'RFC 7395', tls: "over wss:// TLS is the WebSocket's (RFC 7395 §3.6)" },
  wss: { name: 'WebSocket', spec: 'RFC 7395', tls: "over wss:// TLS is the WebSocket's (RFC 7395 §3.6)" },
  http: { name: 'BOSH', spec: 'XEP-0124/XEP-0206', tls: "over https:// TLS is that of BOSH's HTTP connections (XEP-0206 §2)" },
  https: { name: 'BOSH', spec: 'XEP-0124/XEP-0206', tls: "over https:// TLS is that of BOSH's HTTP connections (XEP-0206 §2)" },
};

/**
 * Why `def` cannot run over the target's binding, if it cannot. Over WebSocket (RFC 7395) and BOSH
 * (XEP-0124, XEP-0206) there is no stream header, no byte stream and no STARTTLS: the stream-level
 * cases (headers, raw and restricted XML, whitespace) and the TLS cases (STARTTLS, and a TLS
 * session the HTTP client does not expose) belong to the TCP binding, and so does any case that
 * asks for a TCP transport.
 */
export function bindingMismatch(def: CaseDefinition, scheme: string): string | undefined {
  const b = FRAMED_BINDINGS[scheme];
  if (!b) return undefined;
  if (def.area === 'stream')
    return `a stream-level case of the TCP binding (RFC 6120 §4, §11); over ${b.name}, ${b.spec} framing replaces the stream header and the byte stream`;
  if (def.area === 'tls') return `a TLS case of the TCP binding (STARTTLS, or a TLS session the harness inspects); ${b.tls} and not visible to the harness`;
  return tcpTransportMismatch(def.needs?.transport, scheme);
}

/** Why a case that asks for a TCP transport (STARTTLS or direct TLS) cannot have it on this target. */
function tcpTransportMismatch(transport: string | undefined, scheme: string): string | undefined {
  const b = FRAMED_BINDINGS[scheme];
  return transport && b
    ? `needs a ${transport} TCP connection; the target is ${b.name === 'BOSH' ? 'a BOSH connection manager' : 'a WebSocket'} (${b.spec})`
    : undefined;
}

export async function runCase(def: CaseDefinition, opts: RunCaseOptions): Promise<CaseResult> {
  return (await runCaseOutcome(def, opts)).result;
}

/** A case's result, and whether it ended on a timeout (the runner then checks the target still answers). */
export async function runCaseOutcome(def: CaseDefinition, opts: RunCaseOptions): Promise<{ result: CaseResult; timedOut: boolean }> {
  const started = Date.now();
  const transcript = new Transcript();
  const ctx = new Context(def, opts, transcript);
  const body = async (): Promise<void> => {
    const need = def.needs?.accounts ?? 0;
    if (need > opts.accounts.length) ctx.skip(`needs ${need} test account(s), ${opts.accounts.length} given; use --account or --register`);
    const unfit = bindingMismatch(def, opts.config.target.scheme);
    if (unfit) ctx.skip(unfit);
    await def.run(ctx);
  };
  const outcome = await runLifecycle(ctx, body, {
    limit: caseDeadline(opts.config.timeout),
    signal: opts.signal,
    // a stopped run closes the case's connections, so its waits end now instead of at their deadlines
    onStop: () => ctx.sessions.forEach((s) => s.destroy()),
    teardown: async () => {
      const problems = await runCleanups(ctx.cleanups.splice(0), opts.config.timeout * 2);
      // each peer's answer to our closing tag lands in the transcript; bounded per session
      await Promise.all(ctx.sessions.map((s) => s.closeGracefully()));
      return problems;
    },
  });
  return { result: caseResult(def, outcome, Date.now() - started, transcript), timedOut: outcome.timedOut };
}
