// One client case: start the client (when serve has a command for it), play our side, stop the
// client and drop its connections, through the lifecycle server cases use (runner/lifecycle.ts):
// the client broke a rule or went silent → failed; skip → skipped; anything else (our bug, a
// client that never started) → errored.
import { CaseVerdicts, caseResult, runLifecycle, type CaseResult } from '../runner/index.js';
import { Transcript } from '../session/index.js';
import type { SpecRef } from '../spec.js';
import { IdSource, hashString } from '../util/index.js';
import type { ServeCerts } from './certs.js';
import type { ResolvedServeConfig } from './config.js';
import type { ClientCaseContext } from './context.js';
import type { ClientCaseDefinition } from './define.js';
import type { ClientLauncher, ClientEnv, RunningClient } from './launcher.js';
import { AcceptedTransport, ClientListener } from '../transport/index.js';
import { ClientPeer, type ServeAccount } from './peer.js';
import { SentLog } from './sent-log.js';

export interface ServeRuntime {
  readonly config: ResolvedServeConfig;
  readonly listener: ClientListener;
  readonly certs: ServeCerts;
  readonly account: ServeAccount;
  readonly launcher?: ClientLauncher | undefined;
  /** shared by the run's cases; a case run alone gets a fresh one */
  readonly sent?: SentLog | undefined;
}

class Context extends CaseVerdicts implements ClientCaseContext {
  readonly peers: ClientPeer[] = [];
  readonly extraListeners: ClientListener[] = [];
  private other: ClientListener | undefined;
  private readonly ids: IdSource;
  private connections = 0;
  private readonly started = Date.now();
  readonly sent: SentLog;

  constructor(
    readonly def: ClientCaseDefinition,
    readonly rt: ServeRuntime,
    readonly transcript: Transcript,
  ) {
    super();
    this.ids = new IdSource(hashString(def.id) ^ rt.config.seed, 'xc');
    this.sent = rt.sent ?? new SentLog();
  }

  get domain() {
    return this.rt.config.domain;
  }
  get account() {
    return this.rt.account;
  }
  get timeout() {
    return this.rt.config.timeout;
  }
  get refs() {
    return this.def.refs;
  }
  get ref(): SpecRef {
    return this.def.refs[0] as SpecRef;
  }

  id(): string {
    return this.ids.next();
  }

  private peerFor(sock: import('node:net').Socket, actor: string): ClientPeer {
    const p = new ClientPeer(new AcceptedTransport(sock), {
      domain: this.domain,
      timeout: this.timeout,
      account: this.account,
      certs: this.rt.certs,
      transcript: this.transcript,
      actor,
      onEvent: (ev, secure) => {
        const base = { caseId: this.def.id, actor, t: Date.now() - this.started, secure };
        if (ev.kind === 'open') this.sent.add({ ...base, kind: 'header', el: ev.header });
        else if (ev.kind === 'element') this.sent.add({ ...base, kind: 'element', el: ev.el });
      },
    });
    this.peers.push(p);
    return p;
  }

  async accept(opts: { within?: number; actor?: string } = {}): Promise<ClientPeer> {
    const n = ++this.connections;
    const within = opts.within ?? (n === 1 ? this.rt.config.connectTimeout : this.timeout * 2);
    const sock = await this.rt.listener.accept(within, n === 1 ? 'the client to connect' : 'the client to connect again');
    return this.peerFor(sock, opts.actor ?? (n === 1 ? 'client' : `client-${n}`));
  }

  async otherPort(): Promise<number> {
    if (!this.other) {
      this.other = await ClientListener.listen(this.rt.listener.host, 0);
      this.extraListeners.push(this.other);
    }
    return this.other.port;
  }

  async acceptOther(within = this.timeout * 2): Promise<ClientPeer> {
    if (!this.other) await this.otherPort();
    const sock = await (this.other as ClientListener).accept(within, 'the client to connect to the other host');
    return this.peerFor(sock, 'client-redirected');
  }
}

/** Upper bound on a whole client case, the client's start-up included. */
export function clientCaseDeadline(config: ResolvedServeConfig): number {
  return config.connectTimeout + Math.max(30_000, config.timeout * 10);
}

export function clientEnv(rt: ServeRuntime, caseId: string): ClientEnv {
  return {
    XC_HOST: rt.listener.host,
    XC_PORT: String(rt.listener.port),
    XC_DOMAIN: rt.config.domain,
    XC_JID: rt.account.jid,
    XC_USERNAME: rt.account.username,
    XC_PASSWORD: rt.account.password,
    XC_RESOURCE: 'xc-requested',
    XC_CA_FILE: rt.certs.caFile,
    XC_CASE: caseId,
    XC_TIMEOUT: String(rt.config.timeout),
  };
}

/** Runs one case; when `signal` aborts, the case is cut short (client stopped, connections closed). */
export async function runClientCase(def: ClientCaseDefinition, rt: ServeRuntime, signal?: AbortSignal): Promise<CaseResult> {
  const started = Date.now();
  const transcript = new Transcript();
  const ctx = new Context(def, rt, transcript);
  let client: RunningClient | undefined;
  rt.listener.drop();
  const outcome = await runLifecycle(
    ctx,
    async () => {
      if (rt.launcher) client = rt.launcher.start(clientEnv(rt, def.id));
      await def.play(ctx);
    },
    {
      limit: clientCaseDeadline(rt.config),
      signal,
      stopEndsCase: true,
      // what the client under test wrote is its own: malformed XML from it is its failure
      xmlIsPeers: true,
      erroredDetail: () => client?.tail(),
      teardown: async () => {
        for (const p of ctx.peers) p.close();
        if (client) await client.stop();
        for (const p of ctx.peers) p.destroy();
        rt.listener.dropAll();
        for (const l of ctx.extraListeners) await l.close();
        return [];
      },
    },
  );
  return caseResult(def, outcome, Date.now() - started, transcript);
}
