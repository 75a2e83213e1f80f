// The receiving end of one client connection (RFC 6120 §4-§7 from the server's side): our response
// headers and features, STARTTLS with a chosen certificate, SASL with the core's server mechanisms,
// resource binding, and default answers to the client's stanzas. Built on the core's XmppStream,
// parser, serializer and transcript; judging is left to the cases.
import { randomBytes } from 'node:crypto';
import type tls from 'node:tls';
import { ExpectationError, TimeoutError } from '../errors.js';
import { channelBindingFor, createServerMechanism, decodeSaslPayload, encodeSaslPayload, type ChannelBindingType, type ServerStep } from '../sasl/index.js';
import { isStreamError, type Transcript } from '../session/index.js';
import { XmppStream, type StreamEvent } from '../stream/index.js';
import {
  child,
  children,
  describeShort,
  el,
  text,
  NS_BIND,
  NS_CLIENT,
  NS_ROSTER,
  NS_SASL,
  NS_STANZA_ERRORS,
  NS_STREAM_ERRORS,
  NS_TLS,
  STREAM_CLOSE,
  streamOpen,
  serialize,
  streamContext,
  type XmlElement,
} from '../xml/index.js';
import type { CertKind, ServeCerts } from './certs.js';
import { bindFeature, channelBindingFeature, mechanismsFeature, starttlsFeature } from './features.js';
import type { AcceptedTransport } from '../transport/index.js';

export interface ServeAccount {
  readonly jid: string;
  readonly username: string;
  readonly password: string;
}

export interface PeerOptions {
  readonly domain: string;
  readonly timeout: number;
  readonly account: ServeAccount;
  readonly certs: ServeCerts;
  readonly transcript: Transcript;
  readonly actor: string;
  /** sees everything the client sends as it is parsed, with whether the stream was under TLS then */
  readonly onEvent?: (ev: StreamEvent, secure: boolean) => void;
}

export interface SaslPlan {
  readonly mechanisms: readonly string[];
  /** replace the v= of the server-final-message with a wrong signature (RFC 5802 §3) */
  readonly wrongServerSignature?: boolean;
  /** answer the first <auth/> with this <failure/> condition, whatever the client sent */
  readonly failWith?: string;
}

export interface LoginPlan {
  /** STARTTLS offered as required (default), optional, or not at all */
  readonly tls?: 'required' | 'optional' | 'none';
  readonly cert?: CertKind;
  readonly mechanisms?: readonly string[];
  /** the resourcepart we assign, whatever the client asks for (RFC 6120 §7.6.1) */
  readonly assignResource?: string;
  /** the usual features in reverse order (mandatory ones last), after the extra features */
  readonly reverseFeatures?: boolean;
  readonly extraFeatures?: readonly XmlElement[];
  /**
   * every write of ours cut into pieces of this many bytes, each its own TCP write: before TLS the
   * XML itself, after STARTTLS the ciphertext (so TLS records are cut, not the XML inside them)
   */
  readonly splitWrites?: number;
  /** once bound, a whitespace keepalive (RFC 6120 §4.6.1) before each of our stanzas */
  readonly whitespace?: boolean;
}

/** What the client did during a standard login, for the cases to judge. */
export interface LoginRecord {
  readonly headers: XmlElement[];
  secured: boolean;
  mechanism?: string;
  flag?: string;
  authzid?: string;
  jid?: string;
  requestedResource?: string;
  bindIq?: XmlElement;
}

export interface SaslOutcome {
  readonly mechanism: string;
  readonly step: ServerStep;
  readonly authzid?: string;
  /** SCRAM's gs2 flag as the client sent it: 'n', 'y' or 'p=<type>' */
  readonly flag?: string;
}

export const DEFAULT_MECHANISMS: readonly string[] = ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'];
export const CB_TYPES: readonly ChannelBindingType[] = ['tls-exporter', 'tls-server-end-point'];
/**
 * How long a client may take to answer a SCRAM server-first-message (at least): it has to derive
 * its keys with the iteration count we send (4096, the minimum RFC 5802 §5.1 and RFC 7677 §4
 * recommend), and an implementation that runs each HMAC round through an async crypto call takes
 * seconds on a loaded machine. No rule bounds that time, so the step timeout alone would judge our
 * iteration count and the machine's load, not the client.
 */
export const SCRAM_DERIVE_MS = 15_000;

export class ClientPeer {
  readonly stream: XmppStream;
  readonly headers: XmlElement[] = [];
  /** namespace declarations on the client's latest stream header (prefix → URI; '' is the default) */
  declarations: Readonly<Record<string, string>> = {};
  splitWrites = 0;
  whitespace = false;
  private writes: Promise<void> = Promise.resolve();
  private readonly pushedBack: XmlElement[] = [];
  private readonly pushedBackEvents: StreamEvent[] = [];

  constructor(
    readonly transport: AcceptedTransport,
    readonly opts: PeerOptions,
  ) {
    const onEvent = opts.onEvent;
    this.stream = new XmppStream(transport, {
      tapIn: opts.transcript.tap('in', opts.actor),
      tapOut: opts.transcript.tap('out', opts.actor),
      ...(onEvent ? { onEvent: (ev: StreamEvent) => onEvent(ev, transport.secure) } : {}),
    });
  }

  get timeout(): number {
    return this.opts.timeout;
  }
  get closed(): boolean {
    return this.stream.closed;
  }
  get secure(): boolean {
    return this.transport.secure;
  }

  /** Our bytes, whole or (splitWrites) cut into small TCP writes a few ms apart. */
  sendRaw(data: string): void {
    if (this.whitespace) data = ' ' + data;
    const n = this.splitWrites;
    // under TLS the transport cuts the ciphertext instead (acceptTls with a segment size)
    if (n <= 0 || this.secure) {
      this.stream.sendRaw(data);
      return;
    }
    const bytes = Buffer.from(data, 'utf8');
    this.writes = this.writes.then(async () => {
      for (let i = 0; i < bytes.length; i += n) {
        // the pause comes before each piece, never after the last: flushed() must resolve before
        // the event loop reads again, or a TLS ClientHello answering the last byte of <proceed/>
        // reaches the XML parser instead of the handshake that proceedTls sets up next
        await new Promise((r) => setTimeout(r, 1));
        this.stream.sendRaw(bytes.subarray(i, i + n));
      }
    });
  }

  /** Resolves once every split write has gone out. */
  flushed(): Promise<void> {
    return this.writes;
  }

  /**
   * Resolves once everything we wrote has reached the socket, split pieces and TLS segments
   * included: a wait for the client starts after this, so our own slow writes never count
   * against the client (bounded by 20 × the step timeout).
   */
  async drained(): Promise<void> {
    await this.writes;
    await this.transport.drained(this.timeout * 20);
  }

  send(e: XmlElement): void {
    this.sendRaw(serialize(e, streamContext(NS_CLIENT)));
  }

  /** The next event within `ms`, or undefined when nothing came. */
  async nextEvent(ms: number): Promise<StreamEvent | undefined> {
    const ev = this.pushedBackEvents.shift();
    if (ev) return ev;
    const back = this.pushedBack.shift();
    if (back) return { kind: 'element', el: back };
    await this.drained();
    try {
      return await this.stream.take(ms, 'client');
    } catch (e) {
      if (e instanceof TimeoutError) return undefined;
      throw e;
    }
  }

  /** The client's next top-level element; a header, a close, or silence is a failure. */
  async next(what: string, within = this.timeout): Promise<XmlElement> {
    const ev = await this.nextEvent(within);
    if (!ev) throw new TimeoutError(`expected ${what} from the client within ${within} ms; got nothing`);
    if (ev.kind === 'element') return ev.el;
    throw new ExpectationError(`${what} from the client`, describeEvent(ev));
  }

  /** RFC 6120 §4.7: the client's initial stream header (after connecting or a restart). */
  async readHeader(what = 'an initial stream header', within = this.timeout): Promise<XmlElement> {
    const ev = await this.nextEvent(within);
    if (!ev) throw new TimeoutError(`expected ${what} from the client within ${within} ms; got nothing`);
    if (ev.kind !== 'open') throw new ExpectationError(`${what} from the client`, describeEvent(ev));
    // a parser takes any first start tag as the root: an <auth/> or <iq/> where a restart was due is no header (RFC 6120 §4.3.3)
    if (ev.header.name !== 'stream') throw new ExpectationError(`${what} from the client`, `<${ev.header.name}/> where a <stream:stream> header belongs`);
    this.headers.push(ev.header);
    this.declarations = ev.declarations;
    return ev.header;
  }

  /** Our response header (RFC 6120 §4.7): from our domain, a fresh id, version 1.0. */
  sendHeader(extra: Readonly<Record<string, string>> = {}): void {
    this.sendRaw(streamOpen({ from: this.opts.domain, id: randomBytes(8).toString('hex'), version: '1.0', 'xml:lang': 'en', ...extra }));
  }

  sendFeatures(...features: XmlElement[]): void {
    this.sendRaw(serialize(el('stream:features', {}, ...features), streamContext(NS_CLIENT)));
  }

  /** A stream error, then our closing tag (RFC 6120 §4.9.1.1). */
  sendStreamError(condition: string, extra: XmlElement[] = [], textContent?: string): void {
    const err = el('stream:error', {}, el(condition, { xmlns: NS_STREAM_ERRORS }, ...(textContent ? [textContent] : [])), ...extra);
    this.sendRaw(serialize(err, streamContext(NS_CLIENT)) + STREAM_CLOSE);
  }

  closeStream(): void {
    this.sendRaw(STREAM_CLOSE);
  }

  /** RFC 6120 §5.4.2.3: <proceed/>, then the TLS handshake with the chosen certificate. */
  async proceedTls(kind: CertKind = 'good'): Promise<{ ok: true; socket: tls.TLSSocket } | { ok: false; error: string }> {
    this.sendRaw(`<proceed xmlns='${NS_TLS}'/>`);
    await this.flushed();
    const c = this.opts.certs.byKind[kind];
    // RFC 6120 §5.4.3.3: a fresh stream over TLS, our parser reset before the first byte of it
    return this.transport.acceptTls({ cert: c.cert, key: c.key }, this.timeout, this.splitWrites, () => this.stream.restart());
  }

  /** Waits for <starttls/> and completes TLS; a failed handshake is a failure of the client. */
  async starttls(kind: CertKind = 'good'): Promise<void> {
    const req = await this.next('<starttls/>');
    if (req.name !== 'starttls' || req.ns !== NS_TLS) throw new ExpectationError('<starttls/> (RFC 6120 §5.4.2.1)', describeShort(req));
    const r = await this.proceedTls(kind);
    if (!r.ok) throw new ExpectationError('a completed TLS handshake after <proceed/> (RFC 6120 §5.4.3.1)', r.error);
  }

  /**
   * The SASL exchange (RFC 6120 §6.4) with the core's server mechanisms. Returns the mechanism
   * and what it concluded; a client failure (bad proof) is the step's 'failure'.
   */
  async sasl(plan: SaslPlan): Promise<SaslOutcome> {
    const auth = await this.next('<auth/>');
    if (auth.name !== 'auth' || auth.ns !== NS_SASL) throw new ExpectationError('<auth/> (RFC 6120 §6.4.2)', describeShort(auth));
    const mechanism = auth.attrs['mechanism'] ?? '';
    if (plan.failWith) {
      this.sendRaw(`<failure xmlns='${NS_SASL}'><${plan.failWith}/></failure>`);
      return { mechanism, step: { kind: 'failure', condition: 'not-authorized', text: `answered with <${plan.failWith}/>` } };
    }
    if (!plan.mechanisms.includes(mechanism)) {
      this.sendRaw(`<failure xmlns='${NS_SASL}'><invalid-mechanism/></failure>`);
      return { mechanism, step: { kind: 'failure', condition: 'not-authorized', text: `mechanism '${mechanism}' was not offered (RFC 6120 §6.4.2)` } };
    }
    let data: Buffer | null = text(auth) === '' ? null : decodeSaslPayload(text(auth));
    // RFC 5802 §7: the gs2 channel-binding flag opens a SCRAM client-first-message
    const gs2 = mechanism.startsWith('SCRAM-') && data ? /^(n|y|p=[^,]*),/.exec(data.toString('utf8'))?.[1] : undefined;
    const withFlag = <T extends object>(o: T): T & { flag?: string } => (gs2 !== undefined ? { ...o, flag: gs2 } : o);
    const channelBinding = this.bindingFor(mechanism, data);
    const cbType = gs2?.startsWith('p=') ? gs2.slice(2) : undefined;
    if (mechanism.endsWith('-PLUS') && cbType !== undefined && !channelBinding) {
      // XEP-0440: we listed the types we can verify; any other cannot succeed, so say which and why
      const protocol = this.transport.tlsSocket?.getProtocol() ?? 'no TLS';
      const undefinedOn13 = cbType === 'tls-unique' && protocol === 'TLSv1.3' ? '; tls-unique is not defined for TLS 1.3 (RFC 9266 §3)' : '';
      this.sendRaw(`<failure xmlns='${NS_SASL}'><not-authorized/></failure>`);
      const why = `channel binding type '${cbType}' over ${protocol}, not one of those advertised (${CB_TYPES.join(', ')}; XEP-0440)${undefinedOn13}`;
      return withFlag({ mechanism, step: { kind: 'failure', condition: 'not-authorized', text: why } });
    }
    const offersPlus = plan.mechanisms.some((m) => m.endsWith('-PLUS'));
    const mech = createServerMechanism(mechanism, {
      lookup: (u) => (u === this.opts.account.username ? { password: this.opts.account.password } : undefined),
      offersPlus,
      ...(channelBinding ? { channelBinding } : {}),
      // -PLUS with no binding we can compute (no gs2 'p=' type read): a placeholder that never matches
      ...(!channelBinding && mechanism.endsWith('-PLUS') ? { channelBinding: { type: 'tls-exporter', data: randomBytes(32) } } : {}),
    });
    for (let round = 0; round < 10; round++) {
      let step = mech.step(data);
      if (step.kind === 'success' && plan.wrongServerSignature && step.data) {
        const v = step.data.toString('utf8');
        const sig = Buffer.from(v.slice(2), 'base64');
        step = { ...step, data: Buffer.from(`v=${randomBytes(sig.length || 20).toString('base64')}`, 'utf8') };
      }
      if (step.kind === 'challenge') {
        this.sendRaw(`<challenge xmlns='${NS_SASL}'>${encodeSaslPayload(step.data)}</challenge>`);
        const resp = await this.next('<response/>', mechanism.startsWith('SCRAM-') ? Math.max(this.timeout, SCRAM_DERIVE_MS) : this.timeout);
        if (resp.name === 'abort' && resp.ns === NS_SASL) {
          this.sendRaw(`<failure xmlns='${NS_SASL}'><aborted/></failure>`);
          return { mechanism, step: { kind: 'failure', condition: 'not-authorized', text: 'the client sent <abort/>' } };
        }
        if (resp.name !== 'response' || resp.ns !== NS_SASL) throw new ExpectationError('<response/> (RFC 6120 §6.4.3)', describeShort(resp));
        data = decodeSaslPayload(text(resp));
        continue;
      }
      if (step.kind === 'success') {
        this.sendRaw(`<success xmlns='${NS_SASL}'>${step.data ? encodeSaslPayload(step.data) : ''}</success>`);
        this.stream.restart();
        return withFlag({ mechanism, step, ...(step.authzid !== undefined ? { authzid: step.authzid } : {}) });
      }
      this.sendRaw(`<failure xmlns='${NS_SASL}'><${step.condition}/></failure>`);
      return withFlag({ mechanism, step });
    }
    throw new ExpectationError('a SASL exchange of at most 10 rounds', 'more');
  }

  /** RFC 5802 §6: the binding the client named in its gs2 header, computed on our TLS socket. */
  private bindingFor(mechanism: string, initial: Buffer | null): { type: ChannelBindingType; data: Buffer } | undefined {
    if (!mechanism.endsWith('-PLUS') || !this.transport.tlsSocket || !initial) return undefined;
    const m = /^p=([A-Za-z0-9.-]+),/.exec(initial.toString('utf8'));
    const type = m?.[1] as ChannelBindingType | undefined;
    if (!type || !CB_TYPES.includes(type)) return undefined;
    return channelBindingFor(this.transport.tlsSocket, type, { isServer: true });
  }

  /** RFC 6120 §7.6: answers the bind request; `assign` overrides the requested resourcepart. */
  async bind(rec: LoginRecord, assign?: string): Promise<string> {
    const iq = await this.next('a resource binding request');
    const b = child(iq, 'bind', NS_BIND);
    if (iq.name !== 'iq' || iq.attrs['type'] !== 'set' || !b)
      throw new ExpectationError("an <iq type='set'> with <bind/> (RFC 6120 §7.6.1)", describeShort(iq));
    rec.bindIq = iq;
    const requested = child(b, 'resource', NS_BIND);
    const asked = requested ? text(requested).trim() : undefined;
    if (asked !== undefined) rec.requestedResource = asked;
    const resource = assign ?? (asked || `xc-${randomBytes(4).toString('hex')}`);
    const jid = `${this.opts.account.jid}/${resource}`;
    this.send(el('iq', { type: 'result', id: iq.attrs['id'] }, el('bind', { xmlns: NS_BIND }, el('jid', {}, jid))));
    rec.jid = jid;
    this.lastJid = jid;
    return jid;
  }

  /**
   * A whole standard login, judged only where the login itself cannot go on: header, features,
   * STARTTLS, SASL, restart, bind. Returns what the client did.
   */
  async login(plan: LoginPlan = {}): Promise<LoginRecord> {
    const rec = await this.untilSasl(plan);
    const s = await this.sasl({ mechanisms: plan.mechanisms ?? DEFAULT_MECHANISMS });
    rec.mechanism = s.mechanism;
    if (s.flag !== undefined) rec.flag = s.flag;
    if (s.authzid !== undefined) rec.authzid = s.authzid;
    if (s.step.kind === 'failure') throw new ExpectationError(`a successful SASL exchange (${s.mechanism})`, `failure: ${s.step.text ?? s.step.condition}`);
    await this.afterSasl(plan, rec);
    return rec;
  }

  private ordered(plan: LoginPlan, fs: XmlElement[]): XmlElement[] {
    return [...(plan.extraFeatures ?? []), ...(plan.reverseFeatures ? [...fs].reverse() : fs)];
  }

  /** Header, features, STARTTLS (as planned) and the SASL features: the client's <auth/> comes next. */
  async untilSasl(plan: LoginPlan = {}): Promise<LoginRecord> {
    const rec: LoginRecord = { headers: [], secured: false };
    this.splitWrites = plan.splitWrites ?? 0;
    const mechs = plan.mechanisms ?? DEFAULT_MECHANISMS;
    const saslFeatures = (): XmlElement[] =>
      mechs.some((m) => m.endsWith('-PLUS')) ? [mechanismsFeature(mechs), channelBindingFeature(CB_TYPES)] : [mechanismsFeature(mechs)];
    rec.headers.push(await this.readHeader());
    this.sendHeader();
    const tlsMode = plan.tls ?? 'required';
    if (tlsMode === 'none') {
      this.sendFeatures(...this.ordered(plan, saslFeatures()));
      return rec;
    }
    this.sendFeatures(...this.ordered(plan, [starttlsFeature(tlsMode === 'required'), ...(tlsMode === 'optional' ? saslFeatures() : [])]));
    const first = await this.next('<starttls/> or <auth/>');
    if (first.name !== 'starttls' || first.ns !== NS_TLS) {
      if (tlsMode === 'required') throw new ExpectationError('<starttls/>: STARTTLS was offered as required (RFC 6120 §5.3.1, §4.3.2)', describeShort(first));
      this.unread(first);
      return rec;
    }
    const r = await this.proceedTls(plan.cert ?? 'good');
    if (!r.ok) throw new ExpectationError('a completed TLS handshake after <proceed/> (RFC 6120 §5.4.3.1)', r.error);
    rec.secured = true;
    rec.headers.push(await this.readHeader('a new stream header after TLS (RFC 6120 §5.4.3.3)'));
    this.sendHeader();
    this.sendFeatures(...this.ordered(plan, saslFeatures()));
    return rec;
  }

  /** After <success/>: the restarted stream, the bind feature, and the bind exchange. */
  async afterSasl(plan: LoginPlan, rec: LoginRecord): Promise<void> {
    rec.headers.push(await this.readHeader('a new stream header after SASL success (RFC 6120 §6.4.6)'));
    this.sendHeader();
    this.sendFeatures(...this.ordered(plan, [bindFeature()]));
    await this.bind(rec, plan.assignResource);
    // RFC 6120 §4.6.1: keepalives only between stanzas, never inside STARTTLS or SASL (§5.3.3, §6.3.5)
    this.whitespace = plan.whitespace ?? false;
  }

  /** Puts a header back, to be read again by the next readHeader (a case that peeked at it). */
  unreadHeader(h: XmlElement): void {
    this.headers.pop();
    this.pushedBackEvents.push({ kind: 'open', header: h, declarations: this.declarations });
  }

  /** Puts an element back to be read first (a login step that read ahead). */
  unread(e: XmlElement): void {
    this.pushedBack.push(e);
  }

  /** The default answer to a client stanza; returns true when it was an iq we answered. */
  answer(s: XmlElement): boolean {
    const type = s.attrs['type'];
    if (s.name === 'iq' && (type === 'get' || type === 'set')) {
      const payload = children(s)[0];
      if (payload?.ns === NS_ROSTER && type === 'get') {
        this.send(el('iq', { type: 'result', id: s.attrs['id'] }, el('query', { xmlns: NS_ROSTER })));
      } else if (payload && (payload.ns === 'urn:ietf:params:xml:ns:xmpp-session' || payload.ns === 'urn:xmpp:ping' || payload.ns === NS_ROSTER)) {
        this.send(el('iq', { type: 'result', id: s.attrs['id'] }));
      } else {
        this.send(el('iq', { type: 'error', id: s.attrs['id'] }, el('error', { type: 'cancel' }, el('service-unavailable', { xmlns: NS_STANZA_ERRORS }))));
      }
      return true;
    }
    if (s.name === 'presence' && !s.attrs['to'] && (type === undefined || type === 'unavailable')) {
      // RFC 6121 §4.2.2: the user's own available resources get its presence, this one included
      const jid = this.lastJid;
      if (jid) this.send(el('presence', { from: jid, to: jid, ...(type ? { type } : {}) }));
    }
    return false;
  }

  lastJid: string | undefined;

  /**
   * For `ms`, answers whatever the client sends with the defaults and returns every element seen
   * (and whether the stream ended); `stop` ends the wait early when it returns true.
   */
  async serve(ms: number, stop?: (e: XmlElement) => boolean): Promise<{ seen: XmlElement[]; ended?: StreamEvent }> {
    await this.drained();
    const seen: XmlElement[] = [];
    const until = Date.now() + ms;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0) return { seen };
      const ev = await this.nextEvent(left);
      if (!ev) return { seen };
      if (ev.kind !== 'element') return { seen, ended: ev };
      seen.push(ev.el);
      if (stop?.(ev.el)) return { seen };
      this.answer(ev.el);
    }
  }

  /** True when the client ended the stream (closing tag or TCP close) within `ms`. */
  async endsWithin(ms: number): Promise<{ ended: boolean; seen: XmlElement[]; how?: string }> {
    await this.drained();
    const seen: XmlElement[] = [];
    const until = Date.now() + ms;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0) return { ended: false, seen };
      const ev = await this.nextEvent(left);
      if (!ev) return { ended: false, seen };
      if (ev.kind === 'close') return { ended: true, seen, how: 'closing </stream:stream> tag' };
      if (ev.kind === 'eof') return { ended: true, seen, how: ev.reason };
      if (ev.kind === 'xml-error') return { ended: true, seen, how: `non-XML data (${ev.error.message})` };
      if (ev.kind === 'element') seen.push(ev.el);
      if (ev.kind === 'open') return { ended: false, seen, how: 'a new stream header' };
    }
  }

  destroy(): void {
    this.stream.destroy();
  }

  close(): void {
    this.stream.close(200);
  }
}

export function isStreamErrorEl(e: XmlElement): boolean {
  return isStreamError(e);
}

export function describeEvent(ev: StreamEvent): string {
  switch (ev.kind) {
    case 'open':
      return `a stream header ${describeShort(ev.header)}`;
    case 'element':
      return describeShort(ev.el);
    case 'close':
      return 'the closing </stream:stream> tag';
    case 'xml-error':
      return `data that is not XML (${ev.error.message})`;
    case 'eof':
      return `the end of the connection (${ev.reason})`;
  }
}
