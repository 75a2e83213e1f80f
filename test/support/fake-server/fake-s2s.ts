// The fake server's server-to-server side: one incoming stream from a remote server (the harness)
// with STARTTLS and a client certificate, SASL EXTERNAL, XEP-0288 bidi, and stanzas delivered to
// the fake's c2s sessions. Faithful by default; each S2sBehaviour knob breaks exactly one rule.
import type net from 'node:net';
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { StreamParser, serialize, escapeAttr } from '../../../harness/xml/index.js';
import type { XmlElement, XmlNode } from '../../../harness/xml/element.js';
import { NS_CLIENT, NS_PING, NS_SASL, NS_SERVER, NS_STANZA_ERRORS, NS_STREAM_ERRORS, NS_STREAMS, NS_TLS } from '../../../harness/xml/ns.js';
import type { FakeServer } from './fake-server.js';
import { FAITHFUL_S2S_OUT, FakeS2sOut, rescope, type S2sOutBehaviour } from './fake-s2s-out.js';
import type { LabZone } from '../../../harness/dns/index.js';

export interface S2sBehaviour {
  /** answers the header in 'jabber:client' */
  readonly answerJabberClient: boolean;
  /** leaves 'to' off the response header after TLS */
  readonly omitResponseTo: boolean;
  /** never offers SASL EXTERNAL */
  readonly noExternal: boolean;
  /** takes a self-signed certificate for a trusted one */
  readonly acceptSelfSigned: boolean;
  /** does not check validity dates */
  readonly acceptExpired: boolean;
  /** does not check the certificate's names */
  readonly acceptOtherName: boolean;
  /** grants any authorization identity */
  readonly acceptAnyAuthzid: boolean;
  /** delivers stanzas before authentication */
  readonly acceptBeforeAuth: boolean;
  /** silently drops a stanza without 'to' / without 'from' / from another domain / to another domain */
  readonly dropMissingTo: boolean;
  readonly dropMissingFrom: boolean;
  readonly acceptInvalidFrom: boolean;
  readonly dropUnknownHost: boolean;
  /** delivers to its clients in 'jabber:server' */
  readonly deliverInJabberServer: boolean;
  readonly stripLang: boolean;
  readonly stripUnknownPayload: boolean;
  /** holds every other message back 30 ms */
  readonly reorder: boolean;
  /** drops stanzas to accounts that do not exist instead of answering with an error */
  readonly noErrorForUnknown: boolean;
  /** answers on the s2s stream in 'jabber:client' / without 'to' */
  readonly answerJabberClient2: boolean;
  readonly answerWithoutTo: boolean;
  /** no XEP-0288 bidi */
  readonly noBidi: boolean;
  /** sends its clients' stanzas for any domain over an authenticated bidi stream, not only for the domain it authenticated */
  readonly bidiCarriesAnyDomain: boolean;
  /** sends its clients' stanzas for the remote domain over a bidi stream that domain has not authenticated yet */
  readonly bidiCarriesBeforeAuth: boolean;
  /** response header without 'id' / with the same 'id' after TLS / 'from' another domain / without 'version' */
  readonly omitId: boolean;
  readonly sameIdAfterTls: boolean;
  readonly responseFromOther: boolean;
  readonly omitVersion: boolean;
  /** serves a stream to any 'to' */
  readonly acceptAnyTo: boolean;
  /** offers no STARTTLS (SASL at once) */
  readonly noStarttls: boolean;
  /** sends no stream features after the TLS restart */
  readonly noFeaturesAfterTls: boolean;
  /** drops the connection without a closing tag when the peer closes */
  readonly noCloseReply: boolean;
  /** dialback: takes any key without asking the authoritative server / asks with another stream id / lets an invalid key in */
  readonly dbNoVerify: boolean;
  readonly dbWrongVerifyId: boolean;
  readonly dbIgnoreInvalid: boolean;
  /** dialback: refuses a key the authoritative server confirmed */
  readonly dbRejectValid: boolean;
  /** response header without 'xml:lang' */
  readonly omitLang: boolean;
  /** grants SASL EXTERNAL before the STARTTLS it requires */
  readonly authBeforeTls: boolean;
  /** takes a header in another namespace than the streams namespace */
  readonly acceptWrongStreamNs: boolean;
  /** says nothing about bad XML (comments, mismatched tags) */
  readonly xmlErrorsSilent: boolean;
  /** delivers bodies with the characters the predefined entities stand for removed */
  readonly mangleEntities: boolean;
  /** refuses SASL EXTERNAL from a certificate without the clientAuth key usage by a stream error / by a <failure/> without a condition */
  readonly serverOnlyStreamError: boolean;
  readonly serverOnlyBareFailure: boolean;
  /** dialback: answers a key for a further domain on an authenticated stream valid, then refuses that domain's stanzas */
  readonly dbOneDomainOnly: boolean;
  /** on its XEP-0368 direct-TLS port, offers STARTTLS although the stream has TLS already */
  readonly directTlsStarttls: boolean;
}

export const FAITHFUL_S2S: S2sBehaviour = {
  answerJabberClient: false,
  omitResponseTo: false,
  noExternal: false,
  acceptSelfSigned: false,
  acceptExpired: false,
  acceptOtherName: false,
  acceptAnyAuthzid: false,
  acceptBeforeAuth: false,
  dropMissingTo: false,
  dropMissingFrom: false,
  acceptInvalidFrom: false,
  dropUnknownHost: false,
  deliverInJabberServer: false,
  stripLang: false,
  stripUnknownPayload: false,
  reorder: false,
  noErrorForUnknown: false,
  answerJabberClient2: false,
  answerWithoutTo: false,
  noBidi: false,
  bidiCarriesAnyDomain: false,
  bidiCarriesBeforeAuth: false,
  omitId: false,
  sameIdAfterTls: false,
  responseFromOther: false,
  omitVersion: false,
  acceptAnyTo: false,
  noStarttls: false,
  noFeaturesAfterTls: false,
  noCloseReply: false,
  dbNoVerify: false,
  dbWrongVerifyId: false,
  dbIgnoreInvalid: false,
  dbRejectValid: false,
  omitLang: false,
  authBeforeTls: false,
  acceptWrongStreamNs: false,
  xmlErrorsSilent: false,
  mangleEntities: false,
  serverOnlyStreamError: false,
  serverOnlyBareFailure: false,
  dbOneDomainOnly: false,
  directTlsStarttls: false,
};
/** id-kp-clientAuth (RFC 5280 §4.2.1.12) */
const OID_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const NS_DIALBACK = 'jabber:server:dialback';

const NS_BIDI_FEATURE = 'urn:xmpp:features:bidi';
const NS_BIDI = 'urn:xmpp:bidi';
const NS_DIALBACK_FEATURE = 'urn:xmpp:features:dialback';

const elem = (name: string, ns: string, attrs: Record<string, string>, ...children: XmlNode[]): XmlElement => ({ name, ns, attrs, children });
const domainOf = (jid: string): string => (jid.split('/')[0] ?? '').split('@').pop()?.toLowerCase() ?? '';
const bareOf = (jid: string): string => (jid.split('/')[0] ?? '').toLowerCase();

export interface FakeS2sOptions {
  /** PEM of the CA whose certificates the fake trusts from remote servers */
  readonly ca: string;
  /** the fake's own s2s certificate (issued by that CA for its domain) */
  readonly cert: string;
  readonly key: string;
  readonly behaviour?: Partial<S2sBehaviour & S2sOutBehaviour>;
  /** the lab DNS zone the fake finds remote domains in (its outgoing side is off without one) */
  readonly zone?: LabZone;
}

export class FakeS2sConnection {
  private socket: net.Socket;
  private parser: StreamParser;
  private rawHeader = '';
  private sawHeader = false;
  private closed = false;
  private secure = false;
  /** the remote domain from the initial header */
  private remote: string | undefined;
  private certFor: ((domain: string) => boolean) | undefined;
  /** the peer's certificate limits its extended key usage to purposes without clientAuth */
  private peerNoClientAuth = false;
  private authenticated: string | undefined;
  /** further domains let in on this stream by dialback once it was authenticated (XEP-0220 §2.2.1) */
  private readonly moreDomains = new Set<string>();
  private bidi = false;
  private held = 0;
  private streamId: string | undefined;
  readonly b: S2sBehaviour;

  /** `direct`: the XEP-0368 direct-TLS port, where TLS comes before anything else */
  constructor(
    private readonly server: FakeServer,
    socket: net.Socket,
    private readonly opts: FakeS2sOptions,
    private readonly direct = false,
  ) {
    this.b = { ...FAITHFUL_S2S, ...opts.behaviour };
    this.socket = socket;
    this.parser = this.newParser();
    socket.on('error', () => this.destroy());
    if (direct) this.startTls();
    else socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  private newParser(): StreamParser {
    this.sawHeader = false;
    this.rawHeader = '';
    return new StreamParser({
      onOpen: (h) => this.onHeader(h),
      onElement: (el) => this.onElement(el),
      onClose: () => this.end(),
      onError: (e) => (this.b.xmlErrorsSilent ? undefined : this.streamError(e.condition)),
    });
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    if (!this.sawHeader) this.rawHeader += chunk.toString('latin1');
    this.parser.write(chunk);
  }

  private write(data: string): void {
    if (!this.closed && !this.socket.destroyed) this.socket.write(data);
  }

  /** A stanza on this stream, in jabber:server unless a knob says otherwise. */
  private sendStanza(e: XmlElement): void {
    const out = this.b.answerJabberClient2 ? rescope(e, [NS_SERVER], NS_CLIENT) : e;
    this.write(serialize(out, { defaultNs: NS_SERVER, prefixes: { stream: NS_STREAMS } }));
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  /** An authenticated XEP-0288 bidi stream, open: the fake may send its own stanzas over it. */
  get bidiOpen(): boolean {
    return this.bidi && this.authenticated !== undefined && !this.closed;
  }

  /** A bidi request from `domain` on this stream, open, authenticated or not. */
  bidiAskedBy(domain: string): boolean {
    return this.bidi && !this.closed && this.remote === domain;
  }

  /** A stanza of the fake's own clients over this bidi stream (the broken knob's way out). */
  carry(e: XmlElement): void {
    this.sendStanza(rescope(e, [NS_CLIENT, ''], NS_SERVER));
  }

  private end(): void {
    if (this.b.noCloseReply) return this.destroy();
    this.write('</stream:stream>');
    this.closed = true;
    this.socket.end();
  }

  private streamError(condition: string): void {
    this.write(`<stream:error><${condition} xmlns='${NS_STREAM_ERRORS}'/></stream:error></stream:stream>`);
    this.closed = true;
    this.socket.end();
  }

  private onHeader(h: XmlElement): void {
    this.sawHeader = true;
    const declared = /\sxmlns=(['"])(.*?)\1/.exec(this.rawHeader)?.[2];
    this.remote = h.attrs['from']?.toLowerCase();
    const b = this.b;
    const ns = b.answerJabberClient ? NS_CLIENT : NS_SERVER;
    const to = this.secure && !b.omitResponseTo && this.remote ? ` to='${escapeAttr(this.remote)}'` : '';
    if (!(b.sameIdAfterTls && this.streamId)) this.streamId = `s2s-${Math.random().toString(36).slice(2, 10)}`;
    const id = b.omitId ? '' : ` id='${this.streamId}'`;
    const from = b.responseFromOther ? `other.${this.server.domain}` : this.server.domain;
    const version = b.omitVersion ? '' : " version='1.0'";
    const lang = b.omitLang ? '' : " xml:lang='en'";
    this.write(`<?xml version='1.0'?><stream:stream xmlns='${ns}' xmlns:stream='${NS_STREAMS}' from='${escapeAttr(from)}'${to}${id}${version}${lang}>`);
    if (declared !== NS_SERVER) return this.streamError('invalid-namespace');
    if (h.ns !== NS_STREAMS && !b.acceptWrongStreamNs) return this.streamError('invalid-namespace');
    if ((h.attrs['to'] ?? '').toLowerCase() !== this.server.domain && !b.acceptAnyTo) return this.streamError('host-unknown');
    if (this.secure && !this.authenticated && b.noFeaturesAfterTls) return;
    const parts: string[] = [];
    if (this.authenticated) {
      // nothing more to negotiate
    } else if (!this.secure && !b.noStarttls) {
      parts.push(`<starttls xmlns='${NS_TLS}'><required/></starttls>`);
    } else {
      if (this.direct && b.directTlsStarttls) parts.push(`<starttls xmlns='${NS_TLS}'/>`);
      const external = !this.b.noExternal && this.remote !== undefined && this.certFor?.(this.remote) === true;
      parts.push(`<mechanisms xmlns='${NS_SASL}'>${external ? '<mechanism>EXTERNAL</mechanism>' : ''}</mechanisms>`);
      if (!this.b.noBidi) parts.push(`<bidi xmlns='${NS_BIDI_FEATURE}'/>`);
      // a fake that requires certificates lets no peer in by dialback whose certificate does not validate
      const certified = this.remote !== undefined && this.certFor?.(this.remote) === true;
      if (!(this.opts.behaviour?.certsRequired && !certified)) parts.push(`<dialback xmlns='${NS_DIALBACK_FEATURE}'><errors/></dialback>`);
    }
    this.write(`<stream:features>${parts.join('')}</stream:features>`);
  }

  private onElement(e: XmlElement): void {
    if (this.closed) return;
    if (e.ns === NS_TLS && e.name === 'starttls') return this.onStarttls();
    if (e.ns === NS_SASL && e.name === 'auth') return this.onAuth(e);
    if (e.ns === NS_DIALBACK && e.name === 'result') return this.onDialback(e);
    if (e.ns === NS_BIDI && e.name === 'bidi') {
      this.bidi = !this.b.noBidi;
      return;
    }
    if (e.ns === NS_SERVER && (e.name === 'message' || e.name === 'presence' || e.name === 'iq')) return this.onStanza(e);
    this.streamError('unsupported-stanza-type');
  }

  private onStarttls(): void {
    if (this.secure) return this.streamError('policy-violation');
    this.write(`<proceed xmlns='${NS_TLS}'/>`);
    this.parser = this.newParser();
    this.startTls();
  }

  /** The server side of TLS on the connection (after <proceed/>, or at once on the direct-TLS port). */
  private startTls(): void {
    const raw = this.socket;
    raw.removeAllListeners('data');
    const context = tls.createSecureContext({ cert: this.opts.cert, key: this.opts.key, ca: this.opts.ca });
    const s = new tls.TLSSocket(raw, {
      isServer: true,
      secureContext: context,
      requestCert: true,
      rejectUnauthorized: false,
      // XEP-0368: the one protocol it speaks on server-to-server ports
      ALPNCallback: ({ protocols }) => (protocols.includes('xmpp-server') ? 'xmpp-server' : undefined),
    });
    s.on('error', () => this.destroy());
    s.on('secure', () => {
      this.secure = true;
      // node verifies client certificates only for sockets a tls.Server made: check it here
      const peer = s.getPeerCertificate();
      if (!peer.raw) return;
      const x = new X509Certificate(peer.raw);
      // without the extension, any purpose (node gives undefined then, whatever its types say)
      const eku: readonly string[] | undefined = x.keyUsage;
      this.peerNoClientAuth = eku !== undefined && !eku.includes(OID_CLIENT_AUTH);
      const ca = new X509Certificate(this.opts.ca);
      const names = (x.subjectAltName ?? '')
        .split(/,\s*/)
        .filter((n) => n.startsWith('DNS:'))
        .map((n) => n.slice(4).toLowerCase());
      const issuedByCa = x.checkIssued(ca) && x.verify(ca.publicKey);
      const selfSigned = x.checkIssued(x) && x.verify(x.publicKey);
      const now = Date.now();
      const inDate = now >= Date.parse(x.validFrom) && now <= Date.parse(x.validTo);
      const trusted = (issuedByCa || (this.b.acceptSelfSigned && selfSigned)) && (inDate || this.b.acceptExpired);
      this.certFor = (domain) => trusted && (this.b.acceptOtherName || names.includes(domain));
    });
    this.socket = s;
    s.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  /** XEP-0220 receiving side: ask the claimed domain's authoritative server (SRV in the zone) about the key. */
  private onDialback(e: XmlElement): void {
    const b = this.b;
    const from = (e.attrs['from'] ?? '').toLowerCase();
    const key = e.children
      .filter((c): c is string => typeof c === 'string')
      .join('')
      .trim();
    const answer = (type: string): void => {
      const ok = (type === 'valid' && !b.dbRejectValid) || (b.dbIgnoreInvalid && type === 'invalid');
      if (ok && this.authenticated !== undefined && this.authenticated !== from && !b.dbOneDomainOnly) this.moreDomains.add(from);
      if (ok) this.authenticated ??= from;
      this.write(`<db:result xmlns:db='${NS_DIALBACK}' from='${escapeAttr(this.server.domain)}' to='${escapeAttr(from)}' type='${ok ? 'valid' : 'invalid'}'/>`);
    };
    if (b.dbNoVerify) return answer('valid');
    const zone = this.opts.zone;
    if (!zone) return answer('invalid');
    const out = new FakeS2sOut({
      localDomain: this.server.domain,
      remoteDomain: from,
      zone,
      ca: this.opts.ca,
      cert: this.opts.cert,
      key: this.opts.key,
      behaviour: FAITHFUL_S2S_OUT,
      verify: { id: b.dbWrongVerifyId ? 'not-the-stream-id' : (this.streamId ?? ''), key, onAnswer: answer },
    });
    if (!out.start()) answer('invalid');
  }

  private onAuth(e: XmlElement): void {
    const fail = (condition: string): void => this.write(`<failure xmlns='${NS_SASL}'><${condition}/></failure>`);
    if (e.attrs['mechanism'] !== 'EXTERNAL' || this.b.noExternal) return fail('invalid-mechanism');
    if (this.peerNoClientAuth && this.b.serverOnlyStreamError) return this.streamError('not-authorized');
    if (this.peerNoClientAuth && this.b.serverOnlyBareFailure) return this.write(`<failure xmlns='${NS_SASL}'/>`);
    const body = e.children
      .filter((c): c is string => typeof c === 'string')
      .join('')
      .trim();
    const authzid = body === '=' || body === '' ? '' : Buffer.from(body, 'base64').toString('utf8');
    const identity = (authzid || this.remote || '').toLowerCase();
    if (!this.b.acceptAnyAuthzid && authzid !== '' && (authzid.includes('@') || authzid.includes('/') || authzid.toLowerCase() !== this.remote))
      return fail('invalid-authzid');
    const early = !this.secure && this.b.authBeforeTls;
    if (!early && !(this.certFor?.(this.b.acceptAnyAuthzid ? (this.remote ?? '') : identity) ?? false)) return fail('not-authorized');
    this.write(`<success xmlns='${NS_SASL}'/>`);
    this.authenticated = identity;
    this.parser = this.newParser();
  }

  private onStanza(e: XmlElement): void {
    const b = this.b;
    if (!this.authenticated && !b.acceptBeforeAuth) return this.streamError('not-authorized');
    const to = e.attrs['to'];
    const from = e.attrs['from'];
    if (to === undefined) return b.dropMissingTo ? undefined : this.streamError('improper-addressing');
    if (from === undefined) return b.dropMissingFrom ? undefined : this.streamError('improper-addressing');
    if (this.authenticated && domainOf(from) !== this.authenticated && !this.moreDomains.has(domainOf(from)) && !b.acceptInvalidFrom)
      return this.streamError('invalid-from');
    if (domainOf(to) !== this.server.domain) return b.dropUnknownHost ? undefined : this.streamError('host-unknown');
    if (!to.includes('@')) return this.toServer(e);
    const local = bareOf(to).split('@')[0] ?? '';
    if (!(local in this.server.accounts)) return this.bounce(e, 'service-unavailable');
    let out: XmlElement = b.deliverInJabberServer ? e : rescope(e, [NS_SERVER], NS_CLIENT);
    if (b.stripLang) {
      const { ['xml:lang']: _lang, ...rest } = out.attrs;
      out = { ...out, attrs: rest };
    }
    if (b.mangleEntities)
      out = {
        ...out,
        children: out.children.map((c) =>
          typeof c === 'object' && c.name === 'body' ? { ...c, children: c.children.map((x) => (typeof x === 'string' ? x.replace(/[<>&"']/g, '') : x)) } : c,
        ),
      };
    if (b.stripUnknownPayload) out = { ...out, children: out.children.filter((c) => typeof c !== 'object' || c.ns === NS_CLIENT || c.ns === NS_SERVER) };
    const target = this.server.bound.get(to) ?? [...this.server.bound.values()].find((c) => c.boundJid !== undefined && bareOf(c.boundJid) === bareOf(to));
    if (!target) return this.bounce(e, 'service-unavailable');
    const deliver = (): void => target.write(serialize(out, { defaultNs: NS_CLIENT, prefixes: { stream: NS_STREAMS } }));
    if (b.reorder && this.held++ % 2 === 0) setTimeout(deliver, 30);
    else deliver();
  }

  /** An iq to the fake's domain: ping gets a result back over the bidi stream. */
  private toServer(e: XmlElement): void {
    if (e.name !== 'iq' || (e.attrs['type'] !== 'get' && e.attrs['type'] !== 'set')) return;
    const ping = e.children.some((c) => typeof c === 'object' && c.name === 'ping' && c.ns === NS_PING);
    if (!ping) return this.bounce(e, 'service-unavailable');
    this.reply(elem('iq', NS_SERVER, { type: 'result', id: e.attrs['id'] ?? '', from: e.attrs['to'] ?? '', to: e.attrs['from'] ?? '' }));
  }

  private bounce(e: XmlElement, condition: string): void {
    if (this.b.noErrorForUnknown || e.attrs['type'] === 'error' || e.attrs['type'] === 'result') return;
    const err = elem('error', NS_SERVER, { type: 'cancel' }, elem(condition, NS_STANZA_ERRORS, {}));
    this.reply(
      elem(e.name, NS_SERVER, { type: 'error', ...(e.attrs['id'] ? { id: e.attrs['id'] } : {}), from: e.attrs['to'] ?? '', to: e.attrs['from'] ?? '' }, err),
    );
  }

  /** Back to the remote server: only over a bidi stream (the fake opens no connections of its own). */
  private reply(e: XmlElement): void {
    if (!this.bidi) return;
    if (this.b.answerWithoutTo) {
      const { to: _to, ...rest } = e.attrs;
      e = { ...e, attrs: rest };
    }
    this.sendStanza(e);
  }
}
