// A client session against the target (RFC 6120): connect, stream header, features, STARTTLS,
// SASL, bind, and the primitives cases are written with — send, expect, expectNothing, iq.
import { ClosedError, ExpectationError, HarnessError, TimeoutError } from '../errors.js';
import type { Account, ResolvedTarget } from '../config.js';
import { BoshTransport, SocketTransport, WebSocketTransport, type TlsInfo, type TlsSettings, type Transport } from '../transport/index.js';
import { XmppStream, type StreamEvent } from '../stream/index.js';
import { child, text, type XmlElement } from '../xml/index.js';
import { NS_BIND, NS_STREAM_ERRORS, NS_STREAMS, NS_TLS } from '../xml/index.js';
import { describe, describeShort, el } from '../xml/index.js';
import { match } from '../match/index.js';
import type { SpecRef } from '../spec.js';
import type { Transcript } from './transcript.js';
import { offersStarttls } from './features.js';
import { sleep } from '../util/index.js';
import { negotiateSasl } from './sasl-negotiate.js';

/** How long closing waits at most for our queued writes to leave before the grace period starts. */
const FLUSH_CAP_MS = 5000;

export interface SessionOptions {
  readonly target: ResolvedTarget;
  /** per-step deadline in ms */
  readonly timeout: number;
  readonly transcript?: Transcript;
  readonly actor?: string;
  /** default: direct TLS for xmpps://, STARTTLS-capable TCP otherwise */
  readonly transport?: 'starttls' | 'direct-tls';
  readonly tls?: Partial<TlsSettings>;
  /**
   * The stream's default content namespace (RFC 6120 §4.8.2): 'jabber:client' unless given;
   * a server-to-server stream uses 'jabber:server' (§4.8.3).
   */
  readonly ns?: string;
  /** 'from' on every header this session sends unless the call says otherwise (s2s: the harness's domain) */
  readonly from?: string;
  /** further attributes on every header this session sends (s2s dialback: xmlns:db) */
  readonly headerAttrs?: Readonly<Record<string, string>>;
  /**
   * After STARTTLS, answer each TLS 1.3 session ticket that arrives while the restarted stream
   * opens with a space (whitespace between elements, RFC 6120 §4.6.1), so the server's stream
   * header is not held back for a delayed acknowledgement (see `nudgeOnTickets`); default false.
   */
  readonly ackTlsTickets?: boolean;
}

export interface ExpectOptions {
  readonly within?: number;
  readonly ref?: SpecRef;
  readonly strict?: boolean;
}

export interface LoginOptions {
  readonly mechanism?: string;
  readonly resource?: string;
  readonly bind?: boolean;
}

let sessionCounter = 0;

export class Session {
  header: XmlElement | undefined;
  /** Namespace declarations on the peer's last stream header (prefix → URI; '' is the default namespace). */
  headerDeclarations: Readonly<Record<string, string>> = {};
  features: XmlElement | undefined;
  jid: string | undefined;
  mechanism: string | undefined;
  private idCounter = 0;
  private readonly idPrefix = `s${++sessionCounter}`;

  private constructor(
    readonly stream: XmppStream,
    readonly opts: SessionOptions,
  ) {}

  static async connect(opts: SessionOptions): Promise<Session> {
    const { target } = opts;
    const endpoint = { host: target.host, port: target.port };
    const direct = (opts.transport ?? (target.scheme === 'xmpps' ? 'direct-tls' : 'starttls')) === 'direct-tls';
    let transport: Transport;
    if (target.scheme === 'ws' || target.scheme === 'wss') {
      if (opts.transport) throw new HarnessError('USAGE', `a ${opts.transport} connection was asked for, but the target is a WebSocket (${target.url})`);
      transport = await WebSocketTransport.connect({ url: httpUrl(target), tls: { ...tlsSettings(target), ...opts.tls } }, opts.timeout);
    } else if (target.scheme === 'http' || target.scheme === 'https') {
      if (opts.transport) throw new HarnessError('USAGE', `a ${opts.transport} connection was asked for, but the target is BOSH (${target.url})`);
      transport = await BoshTransport.connect({ url: httpUrl(target), domain: target.domain, tls: { ...tlsSettings(target), ...opts.tls } }, opts.timeout);
    } else {
      transport = direct
        ? await SocketTransport.connectTls(endpoint, { ...tlsSettings(target), alpn: ['xmpp-client'], ...opts.tls }, opts.timeout)
        : await SocketTransport.connectTcp(endpoint, opts.timeout);
    }
    const tapIn = opts.transcript?.tap('in', opts.actor);
    const tapOut = opts.transcript?.tap('out', opts.actor);
    const stream = new XmppStream(transport, { ...(tapIn ? { tapIn } : {}), ...(tapOut ? { tapOut } : {}), ...(opts.ns !== undefined ? { ns: opts.ns } : {}) });
    return new Session(stream, opts);
  }

  get domain(): string {
    return this.opts.target.domain;
  }
  get timeout(): number {
    return this.opts.timeout;
  }
  get secure(): boolean {
    return this.stream.transport.secure;
  }
  get tls(): TlsInfo | undefined {
    return this.stream.transport.tls;
  }
  get closed(): boolean {
    return this.stream.closed;
  }
  /**
   * Whether STARTTLS can happen on this connection: only over TCP. WebSocket (RFC 7395 §3.6) and
   * BOSH (XEP-0206 §2) leave TLS to the wss:// or https:// scheme, and a client ignores a
   * <starttls/> feature offered there.
   */
  get canStarttls(): boolean {
    return this.stream.transport instanceof SocketTransport;
  }

  /** A fresh stanza id, unique within the run. */
  nextId(): string {
    this.idCounter += 1;
    return `${this.idPrefix}-${this.idCounter}`;
  }

  sendRaw(data: string | Uint8Array): void {
    this.stream.sendRaw(data);
  }

  send(stanza: XmlElement): void {
    this.stream.send(stanza);
  }

  /** Sends our header; resolves with the peer's header (RFC 6120 §4.7). Attributes set to undefined are left out. */
  async open(attrs: Record<string, string | undefined> = {}, opts: ExpectOptions = {}): Promise<XmlElement> {
    const all: Record<string, string | undefined> = {
      to: this.domain,
      ...(this.opts.from !== undefined ? { from: this.opts.from } : {}),
      version: '1.0',
      'xml:lang': 'en',
      ...this.opts.headerAttrs,
      ...attrs,
    };
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(all)) if (v !== undefined) clean[k] = v;
    this.stream.sendOpen(clean);
    return this.expectHeader(opts);
  }

  /** Waits for the peer's stream header. */
  async expectHeader(opts: ExpectOptions = {}): Promise<XmlElement> {
    const ev = await this.nextEvent('the stream header', opts);
    if (ev.kind !== 'open') throw this.unexpected('the stream header <stream:stream>', ev, opts.ref);
    this.header = ev.header;
    this.headerDeclarations = ev.declarations;
    return ev.header;
  }

  /** Waits for <stream:features> (RFC 6120 §4.3.2). */
  async readFeatures(opts: ExpectOptions = {}): Promise<XmlElement> {
    const f = await this.next({ ...opts, what: 'stream features' });
    if (f.name !== 'features' || f.ns !== NS_STREAMS) {
      throw new ExpectationError('<stream:features/>', describe(f), opts.ref);
    }
    this.features = f;
    return f;
  }

  async openWithFeatures(attrs: Record<string, string | undefined> = {}): Promise<XmlElement> {
    await this.open(attrs);
    return this.readFeatures();
  }

  /** RFC 6120 §5.4.2–5.4.3: <starttls/>, <proceed/>, handshake, stream restart, new features. */
  async starttls(tls: Partial<TlsSettings> = {}, opts: ExpectOptions = {}): Promise<XmlElement> {
    const answer = await this.requestStarttls(opts);
    if (answer.name !== 'proceed' || answer.ns !== NS_TLS) {
      throw new ExpectationError(`<proceed xmlns='${NS_TLS}'/>`, describe(answer), opts.ref);
    }
    return this.completeStarttls(tls);
  }

  /** Sends <starttls/>; resolves with the answer, which RFC 6120 §5.4.2.1 says is <proceed/> or <failure/>. */
  async requestStarttls(opts: ExpectOptions = {}): Promise<XmlElement> {
    this.send(el('starttls', { xmlns: NS_TLS }));
    return this.next({ ...opts, what: '<proceed/> or <failure/> to <starttls/>' });
  }

  /** After <proceed/>: the TLS handshake (§5.4.3.1), the stream restart and new features (§5.4.3.3). */
  async completeStarttls(tls: Partial<TlsSettings> = {}): Promise<XmlElement> {
    await this.stream.transport.startTls({ ...tlsSettings(this.opts.target), ...this.opts.tls, ...tls }, this.timeout);
    this.stream.restart();
    const stop = this.opts.ackTlsTickets === true ? this.nudgeOnTickets() : undefined;
    try {
      await this.open();
      return await this.readFeatures();
    } finally {
      stop?.();
    }
  }

  /**
   * TLS 1.3 servers send their session tickets after the handshake (RFC 8446 §4.6.1). A server
   * that writes them and then its stream header as separate small segments with Nagle's algorithm
   * on (Prosody's default) holds each segment until the one before is acknowledged, and our
   * kernel delays a bare acknowledgement by about 40 ms: twice per login. A space sent after each
   * ticket carries the acknowledgement at once. It runs only from our restarted header until the
   * server's features are read, when nothing else of ours goes out, so a space never lands inside
   * other output; returns the function that stops it.
   */
  private nudgeOnTickets(): () => void {
    const sock = this.stream.transport.tlsSocket;
    if (!sock || sock.getProtocol() !== 'TLSv1.3') return () => undefined;
    let on = true;
    // written from the next turn: a write made inside the ticket callback waits for the next read
    const nudge = (): void => {
      if (on && !this.stream.closed) this.stream.sendRaw(' ');
    };
    const onSession = (): void => void setImmediate(nudge);
    sock.on('session', onSession);
    return () => {
      on = false;
      sock.off('session', onSession);
    };
  }

  /** SASL (RFC 6120 §6) with the given or the strongest offered mechanism, then the stream restart. */
  async authenticate(account: Pick<Account, 'local' | 'password'>, mechanism?: string): Promise<XmlElement> {
    if (!this.features) throw new HarnessError('EXPECTATION', 'authenticate() before stream features were read');
    this.mechanism = await negotiateSasl(this, this.features, account, mechanism);
    this.stream.restart();
    await this.open();
    return this.readFeatures();
  }

  /** RFC 6120 §7: resource binding; resolves with the full JID the server assigned. */
  async bind(resource?: string, opts: ExpectOptions = {}): Promise<string> {
    const bindEl = el('bind', { xmlns: NS_BIND }, ...(resource !== undefined ? [el('resource', {}, resource)] : []));
    const res = await this.iq(el('iq', { type: 'set' }, bindEl), opts);
    if (res.attrs['type'] !== 'result') throw new ExpectationError('a bind result', describe(res), opts.ref);
    const jidEl = child(child(res, 'bind', NS_BIND) ?? res, 'jid', NS_BIND);
    if (!jidEl) throw new ExpectationError('<bind><jid>…</jid></bind> in the result', describe(res), opts.ref);
    this.jid = text(jidEl).trim();
    return this.jid;
  }

  /** The condition of a stream error that arrived where something else was expected, if any. */
  receivedStreamError: string | undefined;

  /** Header, features, STARTTLS when offered, SASL, and (by default) bind. */
  async login(account: Account, opts: LoginOptions = {}): Promise<string | undefined> {
    await this.openWithFeatures();
    if (!this.secure && this.canStarttls && this.features && offersStarttls(this.features)) await this.starttls();
    await this.authenticate(account, opts.mechanism);
    if (opts.bind === false) return undefined;
    return this.bind(opts.resource);
  }

  /** The next event of any kind (header, element, close, XML error, EOF). */
  async nextEvent(what: string, opts: ExpectOptions = {}): Promise<StreamEvent> {
    const within = opts.within ?? this.timeout;
    try {
      const ev = await this.stream.take(within, `waiting for ${what}`);
      if (ev.kind === 'element' && isStreamError(ev.el)) this.receivedStreamError = streamErrorCondition(ev.el) ?? '(none)';
      return ev;
    } catch (e) {
      if (e instanceof TimeoutError) throw new TimeoutError(`expected ${what} within ${within} ms; got nothing`, opts.ref);
      throw e;
    }
  }

  /** The next element; a close, EOF or malformed XML instead is a failure naming what was expected. */
  async next(opts: ExpectOptions & { what?: string } = {}): Promise<XmlElement> {
    const what = opts.what ?? 'an element';
    const ev = await this.nextEvent(what, opts);
    if (ev.kind !== 'element') throw this.unexpected(what, ev, opts.ref);
    return ev.el;
  }

  /** The next element must match `expected` (loose scansion-style matching unless strict). */
  async expect(expected: XmlElement, opts: ExpectOptions = {}): Promise<XmlElement> {
    const got = await this.next({ ...opts, what: describeShort(expected) });
    const m = match(expected, got, opts.strict ? { strict: true } : {});
    if (!m.ok) throw new ExpectationError(describeShort(expected), `${describe(got)} (${m.path}: ${m.reason})`, opts.ref);
    return got;
  }

  /** Skips elements until one matches (they stay unread for later expects), within the deadline. */
  async waitFor(expected: XmlElement, opts: ExpectOptions = {}): Promise<XmlElement> {
    const strict = opts.strict ? { strict: true } : {};
    return this.nextWhere(describeShort(expected), (e) => match(expected, e, strict).ok, opts);
  }

  /**
   * The first element satisfying `pred`, within the deadline; the others stay unread for later
   * waits. Nothing matching in time is a TimeoutError, the connection ending first a failure
   * naming `what` (as for every other wait here).
   */
  async nextWhere(what: string, pred: (e: XmlElement) => boolean, opts: ExpectOptions = {}): Promise<XmlElement> {
    const within = opts.within ?? this.timeout;
    const ev = await this.stream
      .take(within, `waiting for ${what}`, (e) => e.kind === 'element' && pred(e.el))
      .catch((e: unknown) => {
        if (e instanceof TimeoutError) throw new TimeoutError(`expected ${what} within ${within} ms; got nothing matching`, opts.ref);
        throw e;
      });
    if (ev.kind !== 'element') throw this.unexpected(what, ev, opts.ref);
    return ev.el;
  }

  /** Removes and returns the first element already received that satisfies `pred`, without waiting. */
  takeReceived(pred: (e: XmlElement) => boolean): XmlElement | undefined {
    const ev = this.stream.takeIf((e) => e.kind === 'element' && pred(e.el));
    return ev?.kind === 'element' ? ev.el : undefined;
  }

  /** Elements received and not yet read, oldest first (left in place). */
  received(): XmlElement[] {
    return this.stream.pending().flatMap((e) => (e.kind === 'element' ? [e.el] : []));
  }

  /** Nothing may arrive for `for` ms (an absence check; prefer a round trip where one exists). */
  async expectNothing(opts: { for?: number; ref?: SpecRef } = {}): Promise<void> {
    const ms = opts.for ?? 500;
    try {
      const ev = await this.stream.take(ms, 'quiet period');
      throw this.unexpected('nothing', ev, opts.ref);
    } catch (e) {
      if (e instanceof TimeoutError) return;
      throw e;
    }
  }

  /** Sends an iq (adding an id when missing) and resolves with the result or error for that id (RFC 6120 §8.2.3). */
  async iq(request: XmlElement, opts: ExpectOptions = {}): Promise<XmlElement> {
    const id = request.attrs['id'] ?? this.nextId();
    const stanza: XmlElement = request.attrs['id'] ? request : { ...request, attrs: { ...request.attrs, id } };
    this.send(stanza);
    const within = opts.within ?? this.timeout;
    const isAnswer = (e: StreamEvent): boolean =>
      e.kind === 'element' && e.el.name === 'iq' && e.el.attrs['id'] === id && (e.el.attrs['type'] === 'result' || e.el.attrs['type'] === 'error');
    const ev = await this.stream.take(within, `iq ${id}`, isAnswer).catch((e: unknown) => {
      if (e instanceof TimeoutError) throw new TimeoutError(`expected an iq result or error with id '${id}' within ${within} ms; got none`, opts.ref);
      throw e;
    });
    if (ev.kind !== 'element') {
      // The answer never came; a stream error the filter stepped over says why (left in place for the case to read).
      const skipped = this.stream.pending().find((e) => e.kind === 'element' && isStreamError(e.el));
      if (skipped?.kind === 'element') {
        this.receivedStreamError = streamErrorCondition(skipped.el) ?? '(none)';
        throw this.unexpected(`an iq result or error with id '${id}'`, skipped, opts.ref);
      }
      throw this.unexpected(`an iq result or error with id '${id}'`, ev, opts.ref);
    }
    return ev.el;
  }

  /**
   * RFC 6120 §4.9: a stream error is <stream:error> with one defined condition in the
   * urn:ietf:params:xml:ns:xmpp-streams namespace. Resolves with the condition's name.
   */
  async expectStreamError(opts: ExpectOptions = {}): Promise<{ condition: string; el: XmlElement }> {
    const got = await this.next({ ...opts, what: '<stream:error/>' });
    if (!isStreamError(got)) throw new ExpectationError('<stream:error/>', describe(got), opts.ref);
    const condition = streamErrorCondition(got);
    if (!condition) throw new ExpectationError('a defined condition in the xmpp-streams namespace', describe(got), opts.ref);
    return { condition, el: got };
  }

  /**
   * RFC 6120 §4.4: the peer closes its stream with </stream:stream> and then the TCP connection.
   * Resolves with how it ended: 'close-tag' (the closing tag arrived) or 'eof' (TCP closed without it).
   */
  async expectClose(opts: ExpectOptions = {}): Promise<'close-tag' | 'eof'> {
    const ev = await this.nextEvent('the stream to close', opts);
    if (ev.kind === 'close') return 'close-tag';
    if (ev.kind === 'eof') return 'eof';
    throw this.unexpected('</stream:stream>', ev, opts.ref);
  }

  /** After the peer's </stream:stream>: the TCP connection must end too. */
  async expectEof(opts: ExpectOptions = {}): Promise<void> {
    const ev = await this.nextEvent('the TCP connection to close', opts);
    if (ev.kind !== 'eof') throw this.unexpected('the connection to close', ev, opts.ref);
  }

  /** Ends the stream politely and drops the connection shortly after. */
  close(): void {
    if (!this.stream.closed) {
      this.stream.sendRaw('</stream:stream>');
      this.stream.close();
    }
  }

  destroy(): void {
    this.stream.destroy();
  }

  /**
   * RFC 6120 §4.4: sends the closing tag and waits (at most `graceMs`) for the peer to close its
   * side too, then drops the connection. Some servers (jabberd2 2.7) fail the next connection with
   * an internal-server-error when it arrives while a previous one is still being torn down.
   */
  async closeGracefully(graceMs = 500): Promise<void> {
    // Our closing tag only; TCP (and TLS close_notify) ends after the peer's answer or the grace.
    if (!this.stream.closed) this.stream.sendRaw('</stream:stream>');
    // what we wrote before must leave first: destroying the socket drops whatever Node still
    // queues for it (a fuzzer's oversized input reached the server only in part that way)
    await this.stream.transport.flushed?.(FLUSH_CAP_MS);
    const until = Date.now() + graceMs;
    while (!this.stream.closed && !this.stream.transport.closed && Date.now() < until) await sleep(5);
    this.destroy();
  }

  private unexpected(expected: string, ev: StreamEvent, ref?: SpecRef): Error {
    switch (ev.kind) {
      case 'element':
        return new ExpectationError(expected, describe(ev.el), ref);
      case 'open':
        return new ExpectationError(expected, `a stream header ${describe(ev.header)}`, ref);
      case 'close':
        return new ExpectationError(expected, 'the peer closed the stream (</stream:stream>)', ref);
      case 'xml-error':
        return new ExpectationError(expected, `malformed XML from the peer: ${ev.error.message}`, ref);
      case 'eof':
        return ref
          ? new ExpectationError(expected, `connection closed (${ev.reason})`, ref)
          : new ClosedError(`expected ${expected}; connection closed (${ev.reason})`);
    }
  }
}

export function isStreamError(el: XmlElement): boolean {
  return el.name === 'error' && el.ns === NS_STREAMS;
}

/** The defined condition of a <stream:error/> (RFC 6120 §4.9.2), or undefined when it has none. */
export function streamErrorCondition(el: XmlElement): string | undefined {
  return el.children.find((c): c is XmlElement => typeof c === 'object' && c.ns === NS_STREAM_ERRORS && c.name !== 'text')?.name;
}

export function tlsSettings(target: ResolvedTarget): TlsSettings {
  return {
    servername: target.domain,
    ...(target.ca !== undefined ? { ca: target.ca } : {}),
    insecure: target.insecure,
  };
}

/** The WebSocket or BOSH URL to open: the target's, with an IPv6 literal bracketed (the URL keeps the path). */
function httpUrl(target: ResolvedTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${target.scheme}://${host}:${target.port}${target.path || '/'}`;
}
