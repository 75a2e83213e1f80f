// A scripted XMPP server for the project's own tests: faithful by default, and able to break
// exactly one rule at a time (see behaviour.ts). Listens on 127.0.0.1 only, port chosen by the OS.
import crypto from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { XmlElement } from '../../../harness/xml/element.js';
import { testCert, type TestCert } from '../certs.js';
import { FAITHFUL, type Behaviour } from './behaviour.js';
import { FakeConnection } from './fake-connection.js';
import { FakeRouter } from './fake-router.js';
import { FakeS2sConnection, type FakeS2sOptions } from './fake-s2s.js';
import { FAITHFUL_S2S_OUT, FakeS2sOut } from './fake-s2s-out.js';
import { FederationLink, type FakeFederationOptions } from './fake-federation.js';
import { FakeComponentConnection, type FakeComponentOptions } from './fake-component.js';

export interface FakeServerOptions {
  readonly domain?: string;
  readonly accounts?: Readonly<Record<string, string>>;
  readonly behaviour?: Partial<Behaviour>;
  /** also listen for server-to-server streams (a second port), with this trust and behaviour */
  readonly s2s?: FakeS2sOptions;
  /** also serve other domains as its own, with the same accounts: a fake federation for the federation cases (fake-federation.ts) */
  readonly federation?: FakeFederationOptions;
  /** also accept an external component (XEP-0114) on a third port */
  readonly component?: FakeComponentOptions;
}

export class FakeServer {
  readonly domain: string;
  /** every domain it serves: `domain` first, then the federation's other domains */
  readonly domains: readonly string[];
  /** what crosses between its domains, with the federation's knobs (undefined: one domain) */
  readonly link: FederationLink | undefined;
  readonly accounts: Readonly<Record<string, string>>;
  readonly behaviour: Behaviour;
  readonly cert: TestCert;
  readonly secureContext: tls.SecureContext;
  /** full JID → connection, for resource conflicts and routing */
  readonly bound = new Map<string, FakeConnection>();
  /** rosters, subscriptions, presence and delivery shared by all connections */
  readonly router: FakeRouter;
  private readonly server: net.Server;
  private readonly connections = new Set<FakeConnection>();
  private s2sServer: net.Server | undefined;
  private s2sDirectServer: net.Server | undefined;
  private s2sOptions: FakeS2sOptions | undefined;
  private readonly outgoing = new Map<string, FakeS2sOut>();
  /** the incoming s2s streams (for the knob that misuses a bidi one) */
  readonly s2sIncoming = new Set<FakeS2sConnection>();
  private readonly extraOutgoing = new Set<FakeS2sOut>();
  private readonly s2sSockets = new Set<net.Socket>();
  private streamCounter = 0;
  private componentServer: net.Server | undefined;
  private readonly componentSockets = new Set<net.Socket>();
  /** the authenticated component, when one is connected */
  private component: FakeComponentConnection | undefined;

  private constructor(opts: FakeServerOptions) {
    this.domain = opts.domain ?? 'localhost';
    this.domains = [this.domain, ...(opts.federation?.domains ?? []).map((d) => d.toLowerCase())];
    this.link = opts.federation ? new FederationLink(this, opts.federation.behaviour) : undefined;
    this.accounts = opts.accounts ?? { alice: 'secret-alice', bob: 'secret-bob', carol: 'secret-carol' };
    this.behaviour = { ...FAITHFUL, ...opts.behaviour };
    this.router = new FakeRouter(this);
    this.cert = testCert(this.behaviour.certNames ?? this.domains, this.behaviour.certOptions);
    this.secureContext = tls.createSecureContext({
      key: this.cert.key,
      cert: this.cert.cert,
      minVersion: this.behaviour.tlsMinVersion,
      maxVersion: this.behaviour.tlsMaxVersion,
      ...(this.behaviour.tlsCiphers ? { ciphers: this.behaviour.tlsCiphers } : {}),
      ...(this.behaviour.tlsNo12 ? { secureOptions: crypto.constants.SSL_OP_NO_TLSv1_2 } : {}),
    });
    this.server = net.createServer((socket) => {
      const c = new FakeConnection(this, socket);
      this.connections.add(c);
      socket.on('close', () => {
        c.destroy();
        this.connections.delete(c);
      });
    });
  }

  /** Whether `domain` is one of its own. */
  serves(domain: string): boolean {
    return this.domains.includes(domain.toLowerCase());
  }

  static async start(opts: FakeServerOptions = {}): Promise<FakeServer> {
    const s = new FakeServer(opts);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(0, '127.0.0.1', () => resolve());
    });
    const s2s = opts.s2s;
    s.s2sOptions = s2s;
    if (s2s) {
      // the s2s port (STARTTLS) and the XEP-0368 direct-TLS s2s port
      for (const direct of [false, true]) {
        const listener = net.createServer((socket) => {
          s.s2sSockets.add(socket);
          socket.on('close', () => s.s2sSockets.delete(socket));
          const conn = new FakeS2sConnection(s, socket, s2s, direct);
          s.s2sIncoming.add(conn);
          socket.once('close', () => s.s2sIncoming.delete(conn));
        });
        if (direct) s.s2sDirectServer = listener;
        else s.s2sServer = listener;
        await new Promise<void>((resolve, reject) => {
          listener.once('error', reject);
          listener.listen(0, '127.0.0.1', () => resolve());
        });
      }
    }
    const comp = opts.component;
    if (comp) {
      const listener = net.createServer((socket) => {
        s.componentSockets.add(socket);
        socket.on('close', () => s.componentSockets.delete(socket));
        new FakeComponentConnection(s, socket, comp);
      });
      s.componentServer = listener;
      await new Promise<void>((resolve, reject) => {
        listener.once('error', reject);
        listener.listen(0, '127.0.0.1', () => resolve());
      });
    }
    return s;
  }

  /** The component port's URL (only with the component option). */
  get componentUrl(): string {
    if (!this.componentServer) throw new Error('this fake server was started without a component');
    return `xmpp://127.0.0.1:${(this.componentServer.address() as net.AddressInfo).port}`;
  }

  componentReady(c: FakeComponentConnection): void {
    this.component = c;
  }

  componentGone(c: FakeComponentConnection): void {
    if (this.component === c) this.component = undefined;
  }

  /** Hands a stanza for the component's domain to the component; false when it is not for it or none is connected. */
  routeComponent(stanza: XmlElement, from: string): boolean {
    const to = stanza.attrs['to'];
    const c = this.component;
    if (!c?.ready || to === undefined) return false;
    if ((to.split('/')[0] ?? '').split('@').pop()?.toLowerCase() !== c.domain) return false;
    c.deliver(stanza, from);
    return true;
  }

  /**
   * Sends a stanza for another domain over an outgoing s2s stream, when the s2s side has a zone
   * that names the domain (SRV); false when it cannot, so the router bounces it as before.
   */
  routeRemote(stanza: XmlElement): boolean {
    const o = this.s2sOptions;
    const to = stanza.attrs['to'];
    if (!o?.zone || to === undefined) return false;
    const domain = (to.split('/')[0] ?? '').split('@').pop()?.toLowerCase() ?? '';
    const behaviour = { ...FAITHFUL_S2S_OUT, ...o.behaviour };
    // broken on purpose: any open bidi stream carries it, whatever domain that stream authenticated (XEP-0288 §3)
    // or before the stream authenticated its remote domain at all
    const bidi = o.behaviour?.bidiCarriesAnyDomain
      ? [...this.s2sIncoming].find((c) => c.bidiOpen)
      : o.behaviour?.bidiCarriesBeforeAuth
        ? [...this.s2sIncoming].find((c) => c.bidiAskedBy(domain))
        : undefined;
    if (bidi) {
      bidi.carry(stanza);
      return true;
    }
    let out = this.outgoing.get(domain);
    if (!out || out.closed || behaviour.outNewStreamEach) {
      out = new FakeS2sOut({
        localDomain: this.domain,
        remoteDomain: domain,
        zone: o.zone,
        ca: o.ca,
        cert: o.cert,
        key: o.key,
        behaviour,
        onFail: (stanzas, condition) => this.bounceRemote(stanzas, condition),
      });
      if (!out.start()) return behaviour.outSilentWhenUnresolved;
      this.outgoing.set(domain, out);
      this.extraOutgoing.add(out);
    }
    out.send(stanza);
    return true;
  }

  /** RFC 6120 §10.4.3: stanzas no stream could carry go back to their senders with `condition`. */
  private bounceRemote(stanzas: readonly XmlElement[], condition: string): void {
    for (const st of stanzas) {
      const sender = this.bound.get(st.attrs['from'] ?? '');
      if (sender) this.router.error(sender, st, condition, condition === 'remote-server-timeout' ? 'wait' : 'cancel');
    }
  }

  /** The server-to-server port's URL (only with the s2s option). */
  get s2sUrl(): string {
    if (!this.s2sServer) throw new Error('this fake server was started without s2s');
    return `xmpp://127.0.0.1:${(this.s2sServer.address() as net.AddressInfo).port}`;
  }

  /** The XEP-0368 direct-TLS server-to-server port's URL (only with the s2s option). */
  get s2sDirectUrl(): string {
    if (!this.s2sDirectServer) throw new Error('this fake server was started without s2s');
    return `xmpps://127.0.0.1:${(this.s2sDirectServer.address() as net.AddressInfo).port}`;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  get url(): string {
    return `xmpp://127.0.0.1:${this.port}`;
  }

  nextStreamId(): string {
    if (this.behaviour.fixedStreamId) return 'fixed-stream-id';
    this.streamCounter += 1;
    return `fake-${process.pid}-${this.streamCounter}-${Math.random().toString(36).slice(2, 8)}`;
  }

  async stop(): Promise<void> {
    for (const c of this.connections) c.destroy();
    for (const sock of this.s2sSockets) sock.destroy();
    for (const out of this.extraOutgoing) out.destroy();
    for (const sock of this.componentSockets) sock.destroy();
    if (this.componentServer) await new Promise<void>((resolve) => this.componentServer?.close(() => resolve()));
    if (this.s2sServer) await new Promise<void>((resolve) => this.s2sServer?.close(() => resolve()));
    if (this.s2sDirectServer) await new Promise<void>((resolve) => this.s2sDirectServer?.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
