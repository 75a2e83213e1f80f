// The harness as the receiving server (RFC 6120 §4-§6 from the other end): the target, asked by
// one of its clients to reach the harness's domain, finds the harness through the lab DNS and
// connects; the harness answers its header, offers STARTTLS with a chosen certificate, offers SASL
// EXTERNAL when the target's own certificate is valid for the domain it claims, and then reads the
// stanzas the target routes. What the target did is recorded for the cases to judge.
import { randomBytes, X509Certificate } from 'node:crypto';
import type { LabZone } from '../dns/index.js';
import type { S2sDnsLookup, S2sInboundPeer, S2sInboundRecord, S2sListener, S2sSrvPlan } from '../cases/index.js';
import { ExpectationError, TimeoutError } from '../errors.js';
import type { Transcript } from '../session/index.js';
import { XmppStream, type StreamEvent } from '../stream/index.js';
import { AcceptedTransport, ClientListener } from '../transport/index.js';
import { describe, el, NS_SASL, NS_SERVER, NS_STREAMS, NS_TLS, type XmlElement } from '../xml/index.js';
import type { ClientCert } from './certs.js';
import { dialbackResultAnswer, NS_DIALBACK, NS_DIALBACK_FEATURE } from './dialback.js';

export type InboundRecord = S2sInboundRecord;

/** What the receiving side offers after TLS: EXTERNAL (default: when the target's certificate is valid for its domain), dialback (default: not). */
export interface NegotiateOptions {
  readonly external?: boolean;
  readonly dialback?: boolean;
}

const STANZAS: readonly string[] = ['message', 'presence', 'iq'];

export interface InboundOptions {
  readonly timeout: number;
  readonly localDomain: string;
  /** the certificate the harness presents (undefined: none is possible, so TLS fails) */
  readonly cert: ClientCert | undefined;
  /** PEM of the CA the target's certificate must chain to (for offering EXTERNAL) */
  readonly trust: string | undefined;
  readonly transcript: Transcript;
  readonly actor: string;
  /** XEP-0368: the target comes with TLS from the first byte (an _xmpps-server._tcp record named us) */
  readonly direct?: boolean;
}

/** One connection the target opened to the harness. */
export class InboundPeer implements S2sInboundPeer {
  readonly stream: XmppStream;
  readonly record: InboundRecord = { headers: [], secured: false, peerNames: [], peerCertValid: false, externalOffered: false, authenticated: false };
  /** an element negotiation read where it expected another (a dialback request instead of <auth/>): read again first */
  private readonly held: XmlElement[] = [];

  constructor(
    readonly transport: AcceptedTransport,
    private readonly opts: InboundOptions,
  ) {
    this.stream = new XmppStream(transport, {
      tapIn: opts.transcript.tap('in', opts.actor),
      tapOut: opts.transcript.tap('out', opts.actor),
      ns: NS_SERVER,
    });
  }

  /** The next event `pred` accepts (default: any), within the step deadline; a timeout says what was awaited. */
  async event(what: string, within = this.opts.timeout, pred?: (e: StreamEvent) => boolean): Promise<StreamEvent> {
    return this.stream.take(within, `waiting for ${what}`, pred).catch((e: unknown) => {
      if (e instanceof TimeoutError) throw new TimeoutError(`expected ${what} from the target within ${within} ms; got nothing`);
      throw e;
    });
  }

  /** The next element `pred` accepts; a close or EOF instead is an ExpectationError naming what was awaited. */
  private async matching(what: string, within: number, pred: (el: XmlElement) => boolean): Promise<XmlElement> {
    const ev = await this.event(what, within, (e) => e.kind === 'element' && pred(e.el));
    if (ev.kind !== 'element') throw new ExpectationError(what, describeEvent(ev));
    return ev.el;
  }

  /** The next element; anything else (a close, EOF) ends the wait as an ExpectationError. */
  async next(what: string, within = this.opts.timeout): Promise<XmlElement> {
    const ev = await this.event(what, within);
    if (ev.kind === 'element') return ev.el;
    throw new ExpectationError(what, describeEvent(ev));
  }

  private async header(): Promise<XmlElement> {
    const ev = await this.event('a stream header');
    if (ev.kind !== 'open') throw new ExpectationError("the target's stream header", describeEvent(ev));
    this.record.headers.push(ev.header);
    return ev.header;
  }

  private answer(header: XmlElement, features: XmlElement[]): void {
    const from = header.attrs['from'];
    // the dialback namespace is declared so a target may verify a key over this connection (XEP-0220)
    this.stream.sendOpen({
      'xmlns:db': 'jabber:server:dialback',
      from: this.opts.localDomain,
      ...(from !== undefined ? { to: from } : {}),
      id: randomBytes(8).toString('hex'),
      version: '1.0',
      'xml:lang': 'en',
    });
    this.stream.send(el('stream:features', { 'xmlns:stream': NS_STREAMS }, ...features));
  }

  /**
   * The usual negotiation from the receiving side: header and STARTTLS (required), the TLS
   * handshake with our certificate, header and SASL EXTERNAL when the target's certificate is
   * valid for its domain, header after success. Stops (without throwing) where the target stops:
   * the record says how far it came.
   */
  async negotiate(opts: NegotiateOptions = {}): Promise<InboundRecord> {
    if (this.opts.direct) return this.negotiateDirect(opts);
    const first = await this.header();
    this.answer(first, [el('starttls', { xmlns: NS_TLS }, el('required'))]);
    const ask = await this.next('<starttls/>');
    if (ask.name !== 'starttls' || ask.ns !== NS_TLS) {
      this.record.unexpected = describe(ask);
      return this.record;
    }
    this.stream.sendRaw(`<proceed xmlns='${NS_TLS}'/>`);
    if (!(await this.handshake())) return this.record;
    return this.afterTls(opts);
  }

  /**
   * XEP-0368: the target's first bytes must be a TLS handshake (plain XML there fails it); the
   * ALPN protocols and the SNI name it sends are recorded, 'xmpp-server' is chosen when offered.
   */
  private async negotiateDirect(opts: NegotiateOptions): Promise<InboundRecord> {
    this.record.directTls = true;
    if (!(await this.handshake())) return this.record;
    return this.afterTls(opts);
  }

  /** Our side of the TLS handshake, with our certificate; false (the record says why) when it failed. */
  private async handshake(): Promise<boolean> {
    const cert = this.opts.cert;
    const tls = await this.transport.acceptTls(
      {
        ...(cert ? { cert: cert.cert, key: cert.key } : {}),
        requestCert: true,
        rejectUnauthorized: false,
        ALPNCallback: ({ protocols }) => {
          this.record.alpnOffered = [...protocols];
          return protocols.includes('xmpp-server') ? 'xmpp-server' : undefined;
        },
      },
      this.opts.timeout,
      0,
      () => this.stream.restart(),
    );
    if (!tls.ok) {
      this.record.tlsError = tls.error;
      return false;
    }
    this.record.secured = true;
    const sni = tls.socket.servername;
    if (typeof sni === 'string') this.record.sni = sni;
    this.judgePeerCertificate(tls.socket.getPeerCertificate().raw);
    return true;
  }

  /** From the header after TLS: SASL EXTERNAL when the target's certificate is valid for its domain. */
  private async afterTls(opts: NegotiateOptions): Promise<InboundRecord> {
    let second: XmlElement;
    try {
      second = await this.header();
    } catch (e) {
      // a target that does not trust our certificate may close right after the handshake
      this.record.unexpected = e instanceof Error ? e.message : String(e);
      return this.record;
    }
    const claimed = (second.attrs['from'] ?? '').toLowerCase();
    this.record.externalOffered = opts.external !== false && this.record.peerCertValid && claimed !== '' && this.record.peerNames.includes(claimed);
    this.answer(second, [
      el('mechanisms', { xmlns: NS_SASL }, ...(this.record.externalOffered ? [el('mechanism', {}, 'EXTERNAL')] : [])),
      ...(opts.dialback ? [el('dialback', { xmlns: NS_DIALBACK_FEATURE })] : []),
    ]);
    if (!this.record.externalOffered) return this.record;
    let a: XmlElement;
    try {
      a = await this.next('<auth/>');
    } catch (e) {
      // the target closed or went silent instead of authenticating
      this.record.unexpected = e instanceof Error ? e.message : String(e);
      return this.record;
    }
    if (a.name === 'result' && a.ns === NS_DIALBACK && this.grantDialback(a, claimed)) return this.record;
    if (a.name !== 'auth' || a.ns !== NS_SASL || a.attrs['mechanism'] !== 'EXTERNAL') {
      this.record.unexpected = describe(a);
      this.held.push(a);
      return this.record;
    }
    this.stream.sendRaw(`<success xmlns='${NS_SASL}'/>`);
    this.record.authenticated = true;
    this.record.authMethod = 'external';
    this.stream.restart();
    const third = await this.header();
    this.answer(third, []);
    return this.record;
  }

  /**
   * A target that authenticates peers by dialback only (jabberd2 2.7) answers the offered EXTERNAL
   * with a dialback request (<db:result/>, XEP-0220 §2, once RFC 3920 §8.3) for the domain its
   * certificate names. The harness has already validated that certificate for that domain, so, as
   * XEP-0344 §2.4 allows, it grants the request without asking the target's authoritative side
   * (<db:result type='valid'/>), and the stream is authenticated for that domain. A request for
   * any other pair of domains is left for the case to read (false).
   */
  private grantDialback(request: XmlElement, claimed: string): boolean {
    const from = (request.attrs['from'] ?? '').toLowerCase();
    const to = (request.attrs['to'] ?? '').toLowerCase();
    if (from !== claimed || to !== this.opts.localDomain.toLowerCase()) return false;
    this.stream.sendRaw(dialbackResultAnswer(this.opts.localDomain, request.attrs['from'] ?? '', 'valid'));
    this.record.authenticated = true;
    this.record.authMethod = 'dialback';
    return true;
  }

  private judgePeerCertificate(raw: Buffer | undefined): void {
    if (!raw) return;
    try {
      const x = new X509Certificate(raw);
      this.record.peerNames = (x.subjectAltName ?? '')
        .split(/,\s*/)
        .filter((n) => n.startsWith('DNS:'))
        .map((n) => n.slice(4).toLowerCase());
      const trust = this.opts.trust;
      if (!trust) return;
      const ca = new X509Certificate(trust);
      const now = Date.now();
      this.record.peerCertValid = x.checkIssued(ca) && x.verify(ca.publicKey) && now >= Date.parse(x.validFrom) && now <= Date.parse(x.validTo);
    } catch {
      // an unreadable certificate is not a valid one
    }
  }

  /** The next stanza the target routes to the harness's domain (other elements are skipped). */
  async stanza(what = 'a stanza', within = this.opts.timeout): Promise<XmlElement> {
    const i = this.held.findIndex((e) => STANZAS.includes(e.name));
    if (i !== -1) return this.held.splice(i, 1)[0] as XmlElement;
    return this.matching(what, within, (el) => STANZAS.includes(el.name));
  }

  /** The next element with this name and namespace (others stay unread for later waits). */
  async element(name: string, ns: string, what = `<${name} xmlns='${ns}'/>`, within = this.opts.timeout): Promise<XmlElement> {
    const i = this.held.findIndex((e) => e.name === name && e.ns === ns);
    if (i !== -1) return this.held.splice(i, 1)[0] as XmlElement;
    return this.matching(what, within, (el) => el.name === name && el.ns === ns);
  }

  sendRaw(text: string): void {
    this.stream.sendRaw(text);
  }

  async closeStream(within = this.opts.timeout): Promise<'close-tag' | 'eof'> {
    this.stream.sendRaw('</stream:stream>');
    for (;;) {
      const ev = await this.event('the target to close its stream', within);
      if (ev.kind === 'close') return 'close-tag';
      if (ev.kind === 'eof') return 'eof';
      // stanzas still in flight are read past
    }
  }

  /**
   * RFC 6120 §4.4: our closing tag, then (at most `graceMs`) the target's; then the connection
   * goes. Waiting matters: a target that still holds the closing stream would route the next
   * case's stanzas onto it.
   */
  async close(graceMs = 1000): Promise<void> {
    if (!this.stream.closed && !this.transport.closed) {
      this.stream.sendRaw('</stream:stream>');
      const until = Date.now() + graceMs;
      while (!this.stream.closed && !this.transport.closed && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    }
    this.stream.destroy();
  }

  destroy(): void {
    this.stream.destroy();
  }
}

function describeEvent(ev: StreamEvent): string {
  switch (ev.kind) {
    case 'element':
      return describe(ev.el);
    case 'open':
      return `a stream header ${describe(ev.header)}`;
    case 'close':
      return 'the target closed the stream (</stream:stream>)';
    case 'xml-error':
      return `malformed XML from the target: ${ev.error.message}`;
    case 'eof':
      return `the connection closed (${ev.reason})`;
  }
}

/** Where the target finds the harness's domain, for one case: a listener and the DNS records. */
export class InboundListener implements S2sListener {
  private readonly peers: InboundPeer[] = [];
  private count = 0;

  private readonly openedAt = Date.now();

  private constructor(
    private readonly listener: ClientListener,
    private readonly other: ClientListener | undefined,
    readonly domain: string,
    private readonly opts: InboundOptions,
    private readonly zone: LabZone,
  ) {}

  /**
   * A case's view of the run's listening sockets (one port each for the whole run: resolvers keep
   * records for their TTL, and Erlang's resolver cannot use a TTL of 0), with the harness's domain
   * pointed at them by SRV records for _xmpp-server._tcp (RFC 6120 §3.2.1). The records name
   * 'localhost', which every resolver answers on its own (libunbound's built-in zone, the hosts
   * file where a server asks the system's getaddrinfo for the address, as ejabberd 23.01 does), so
   * the address lookup never leaves the machine. A plan other than 'single' publishes its records
   * for a fresh domain below the harness's (its certificate covers them), so no resolver can hand
   * the target an earlier case's records. Connections left over from an earlier case are dropped.
   */
  static open(
    zone: LabZone,
    listener: ClientListener,
    other: ClientListener | undefined,
    opts: InboundOptions,
    plan: S2sSrvPlan = 'single',
    refusedPort = 0,
  ): InboundListener {
    listener.drop();
    other?.drop();
    const domain = plan === 'single' ? opts.localDomain : `srv-${randomBytes(4).toString('hex')}.${opts.localDomain}`;
    const rec = (priority: number, port: number, target = 'localhost') => ({ priority, weight: 0, port, target });
    if (plan === 'direct-tls') zone.setSrv('_xmpps-server._tcp', domain, [rec(0, listener.port)]);
    else if (plan === 'named-target') {
      zone.setAddresses(`host.${domain}`, ['127.0.0.1']);
      zone.setSrv('_xmpp-server._tcp', domain, [rec(0, listener.port, `host.${domain}`)]);
    } else if (plan === 'dot-target' || plan === 'no-srv') {
      // the domain has an address, so a target that ignored the SRV answer would look it up and find one
      zone.setAddresses(domain, ['127.0.0.1']);
      // RFC 2782: '.' says the service is decidedly not available; the port is the listener's, so following it anyway shows
      if (plan === 'dot-target') zone.setSrv('_xmpp-server._tcp', domain, [rec(0, listener.port, '.')]);
    } else {
      const records =
        plan === 'two-priorities' && other
          ? [rec(10, other.port), rec(0, listener.port)]
          : plan === 'refused-first'
            ? [rec(0, refusedPort), rec(10, listener.port)]
            : plan === 'refused'
              ? [rec(0, refusedPort)]
              : // 'fresh' and 'single': the listener alone
                [rec(0, listener.port)];
      zone.setSrv('_xmpp-server._tcp', domain, records);
    }
    return new InboundListener(listener, other, domain, { ...opts, localDomain: domain, direct: plan === 'direct-tls' }, zone);
  }

  lookups(): readonly S2sDnsLookup[] {
    const d = this.domain.toLowerCase();
    return this.zone
      .queries(this.openedAt)
      .filter((q) => q.name === d || q.name.endsWith(`.${d}`) || q.name === '')
      .map(({ name, type, at }) => ({ name, type, at }));
  }

  async connected(within: number): Promise<boolean> {
    try {
      await this.accept(within);
      return true;
    } catch (e) {
      if (e instanceof TimeoutError) return false;
      throw e;
    }
  }

  /** The run's listening socket for the s2s receiving side (closed when the run ends). */
  static listen(): Promise<ClientListener> {
    return ClientListener.listen('127.0.0.1', 0, 'the s2s receiving side');
  }

  async firstConnection(within = this.opts.timeout * 3): Promise<'preferred' | 'other'> {
    const other = this.other;
    if (!other) return 'preferred';
    const which = await Promise.any([
      this.listener.accept(within, `the target to connect to ${this.domain}`).then((sock) => ({ which: 'preferred' as const, sock })),
      other.accept(within, `the target to connect to ${this.domain}`).then((sock) => ({ which: 'other' as const, sock })),
    ]).catch(() => {
      throw new TimeoutError(`expected the target to connect to ${this.domain} within ${within} ms; none came`);
    });
    which.sock.destroy();
    return which.which;
  }

  get port(): number {
    return this.listener.port;
  }

  /** The target's next connection (waits up to `within`), not yet negotiated. */
  async accept(within = this.opts.timeout * 3): Promise<InboundPeer> {
    const sock = await this.listener.accept(within, `the target to connect to ${this.opts.localDomain}`);
    const peer = new InboundPeer(new AcceptedTransport(sock, { tlsFirst: this.opts.direct === true }), {
      ...this.opts,
      actor: `${this.opts.actor}${++this.count}`,
    });
    this.peers.push(peer);
    return peer;
  }

  /** Closes the case's connections and drops any nobody took; the records and the socket stay for the run. */
  async close(): Promise<void> {
    await Promise.all(this.peers.map((p) => p.close()));
    this.listener.drop();
    this.other?.drop();
  }
}

/** A loopback port nothing listens on (taken from the kernel and let go), for a record that must be refused. */
export async function refusingPort(): Promise<number> {
  const l = await ClientListener.listen('127.0.0.1', 0, 'a refusing port');
  const port = l.port;
  await l.close();
  return port;
}
