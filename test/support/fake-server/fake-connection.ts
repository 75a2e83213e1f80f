// One client connection to the fake server: stream headers, features, STARTTLS, SASL, bind,
// and a few stanzas (ping, roster get, version, message echo) — enough for the core cases.
import type net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import { LEGACY_SUITES, offeredSuites, serverHello, type LegacySuiteClass } from '../../../harness/probe/index.js';
import { StreamParser, serialize, escapeAttr } from '../../../harness/xml/index.js';
import type { XmlError } from '../../../harness/errors.js';
import { child, text, type XmlElement } from '../../../harness/xml/element.js';
import { NS_BIND, NS_CLIENT, NS_ROSTER, NS_SASL, NS_STANZA_ERRORS, NS_STREAM_ERRORS, NS_STREAMS, NS_TLS } from '../../../harness/xml/ns.js';
import type { FakeServer } from './fake-server.js';
import { FakeDisco, NS_ROSTERVER } from './fake-disco.js';
import { FakeSasl } from './fake-sasl.js';
import { CONTENT_NS_OF, DECLARATION_OF, STANZA_PREFIX_OF, withStanzaFault } from './output-faults.js';

export class FakeConnection {
  socket: net.Socket;
  tlsSocket: tls.TLSSocket | undefined;
  /** the TCP socket under the TLS layer, once STARTTLS has begun */
  private rawSocket: net.Socket | undefined;
  authenticated: string | undefined;
  boundJid: string | undefined;
  /** the last available presence of this resource's presence session (RFC 6121 §4), if any */
  presence: XmlElement | undefined;
  priority: number | undefined;
  /** requested the roster, so it gets roster pushes (RFC 6121 §2.1.6) */
  interested = false;
  /** JIDs this resource sent directed presence to (RFC 6121 §4.6.3) */
  readonly directedTo = new Set<string>();
  /** the domain this client's stream was opened to (one of the server's domains) */
  domain: string;
  /** xml:lang of the client's stream header (RFC 6120 §4.7.4) */
  streamLang: string | undefined;
  private parser: StreamParser;
  private headerSent = false;
  private rawHeader = '';
  private sawHeader = false;
  private closed = false;
  private readonly sasl: FakeSasl;

  constructor(
    readonly server: FakeServer,
    socket: net.Socket,
  ) {
    this.socket = socket;
    this.domain = server.domain;
    this.sasl = new FakeSasl(this);
    this.parser = this.newParser();
    this.attach(socket);
  }

  get b() {
    return this.server.behaviour;
  }

  private newParser(): StreamParser {
    this.sawHeader = false;
    this.rawHeader = '';
    return new StreamParser({
      onOpen: (h) => this.onHeader(h),
      onElement: (el) => this.onElement(el),
      onClose: () => this.onStreamClose(),
      onError: (e) => this.onXmlError(e),
    });
  }

  private attach(sock: net.Socket): void {
    sock.on('data', (chunk: Buffer) => this.onData(chunk));
    sock.on('error', () => this.destroy());
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    if (this.b.stripLeadingBom && !this.sawHeader && this.rawHeader === '' && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf)
      chunk = chunk.subarray(3);
    const s = chunk.toString('latin1');
    if (!this.sawHeader) this.rawHeader += s;
    if (this.b.whitespaceIsError && this.sawHeader && /^\s+$/.test(s)) {
      this.streamError('not-well-formed');
      return;
    }
    if (this.b.rejectEntities && this.sawHeader && s.includes('&')) {
      this.streamError('restricted-xml');
      return;
    }
    if (this.b.asciiOnlyNames && this.sawHeader && hasNonAsciiName(chunk.toString('utf8'))) {
      this.streamError('not-well-formed');
      return;
    }
    this.parser.write(chunk);
  }

  write(data: string): void {
    const sock = this.plaintext && this.rawSocket ? this.rawSocket : this.socket;
    if (!this.closed && !sock.destroyed) sock.write(data);
  }

  /** restartFault 'plaintext-header': the next writes go to the TCP socket under TLS, in the clear */
  private plaintext = false;

  send(el: XmlElement): void {
    // between the domains of a fake federation, the link's knobs may drop, change or delay it
    if (this.server.link?.intercept(this, el, (e) => this.emit(e))) return;
    this.emit(el);
  }

  private emit(el: XmlElement): void {
    const answersIq = el.name === 'iq' && (el.attrs['type'] === 'result' || el.attrs['type'] === 'error');
    if (answersIq && this.server.behaviour.iqAnswers === 'silent') return;
    if (answersIq && this.server.behaviour.iqAnswers === 'wrong-id') el = { ...el, attrs: { ...el.attrs, id: `other-${el.attrs['id'] ?? ''}` } };
    const faulted = withStanzaFault(el, this.b.stanzaFault);
    if (!faulted) return;
    el = faulted;
    const f = this.b.outputFault;
    if (f === 'prefixed-content') el = { ...el, ns: NS_CLIENT, prefix: 'c' };
    const out = serialize(el, { defaultNs: CONTENT_NS_OF[f ?? ''] ?? NS_CLIENT, prefixes: { stream: NS_STREAMS } });
    const faulty = el.name === 'message';
    this.write(faulty ? `${STANZA_PREFIX_OF[f ?? ''] ?? ''}${out}` : out);
  }

  destroy(): void {
    if (!this.closed) this.server.router.disconnected(this);
    this.closed = true;
    if (this.boundJid && this.server.bound.get(this.boundJid) === this) this.server.bound.delete(this.boundJid);
    this.socket.destroy();
  }

  // ── stream header ──

  private sendHeader(attrs: Record<string, string | undefined>): void {
    const parts = Object.entries(attrs)
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([k, v]) => ` ${k}='${escapeAttr(v)}'`)
      .join('');
    const f = this.b.outputFault ?? '';
    const decl = this.b.standaloneDecl ? "<?xml version='1.0' standalone='no'?>" : (DECLARATION_OF[f] ?? "<?xml version='1.0'?>");
    const root =
      f === 'unprefixed-stream'
        ? `<stream${parts} xmlns='${NS_STREAMS}'>`
        : `<stream:stream${parts} xmlns='${CONTENT_NS_OF[f] ?? NS_CLIENT}' xmlns:stream='${NS_STREAMS}'>`;
    this.write(`${decl}${root}`);
    this.headerSent = true;
  }

  private ensureHeader(): void {
    if (!this.headerSent && !this.b.noHeaderBeforeError) this.sendHeader({ from: this.server.domain, id: '', version: '1.0' });
  }

  private onHeader(h: XmlElement): void {
    this.sawHeader = true;
    this.streamLang = h.attrs['xml:lang'];
    const b = this.b;
    const declaredDefault = /\sxmlns=(['"])(.*?)\1/.exec(this.rawHeader)?.[2];
    this.rawHeader = '';
    const stage = this.authenticated ? 'sasl' : this.tlsSocket ? 'tls' : 'initial';
    const restartFault = b.restartFault?.after === stage ? b.restartFault.fault : undefined;
    if (restartFault === 'no-header') return;
    if (restartFault === 'drop-connection') return this.destroy();
    if (restartFault === 'close-tag') this.write('</stream:stream>');
    if (restartFault === 'plaintext-header') this.plaintext = true;
    const id = b.echoClientId && h.attrs['id'] ? h.attrs['id'] : this.server.nextStreamId();
    const version = b.versionAnswer(h.attrs['version']);
    const versionText = version === '1.0' && b.outputFault === 'version-leading-zero' ? '01.0' : version;
    const to = h.attrs['to'];
    const clientFrom = h.attrs['from'];
    let setupError: string | undefined;
    if (h.name !== 'stream' || h.ns !== NS_STREAMS) {
      if (!b.ignoreStreamNamespace) setupError = 'invalid-namespace';
    }
    if (!setupError && declaredDefault !== NS_CLIENT && !b.ignoreContentNamespace) setupError = 'invalid-namespace';
    if (!setupError && declaredDefault === NS_CLIENT && b.rejectJabberClient) setupError = 'invalid-namespace';
    if (!setupError) {
      if (to === undefined) {
        if (!b.acceptMissingTo) setupError = 'improper-addressing';
      } else if (!this.server.serves(to) && !b.serveAnyHost) {
        setupError = 'host-unknown';
      } else if (this.server.serves(to)) {
        this.domain = to.toLowerCase();
      }
    }
    const addressingError = setupError === 'host-unknown' || setupError === 'improper-addressing';
    let from: string | undefined = this.domain;
    if (b.omitFrom) from = undefined;
    else if (to && b.serveAnyHost) from = to;
    else if (addressingError && b.errorHeaderFromTo) from = to ?? 'some-other-host.example';
    // noHeaderBeforeError: a header that triggers a setup error gets the error alone (§4.9.1.2 broken).
    if (!(setupError && b.noHeaderBeforeError))
      this.sendHeader({
        from,
        to: clientFrom && !b.omitTo ? clientFrom.split('/')[0] : b.toWithoutFrom ? this.server.domain : undefined,
        id: restartFault === 'no-id' ? undefined : id,
        version: versionText,
        'xml:lang': b.omitXmlLang ? undefined : b.outputFault === 'bad-lang' ? 'en_GB' : b.responseLang ? b.responseLang(this.streamLang) : 'en',
      });
    if (setupError) return this.streamError(setupError);
    if (version === '1.0' && !b.noFeatures && restartFault !== 'no-features') this.sendFeatures();
  }

  private sendFeatures(): void {
    const b = this.b;
    const parts: string[] = [];
    const secure = this.tlsSocket !== undefined;
    const mechs = (pre: boolean): string => {
      const list = [...b.mechanisms.filter((m) => (pre ? !m.endsWith('-PLUS') && (m !== 'PLAIN' || b.plainBeforeTls) : true)), ...b.extraMechanismNames];
      const items = b.mechanismsInOneChild ? [list.join(' ')] : list;
      return `<mechanisms xmlns='${NS_SASL}'>${items.map((m) => `<mechanism>${m}</mechanism>`).join('')}</mechanisms>`;
    };
    if (this.authenticated) {
      if (!b.noBindFeature) parts.push(`<bind xmlns='${NS_BIND}'/>`);
      if (!b.noPreapprovalFeature) parts.push("<sub xmlns='urn:xmpp:features:pre-approval'/>");
      if (b.advertiseRosterver) parts.push(`<ver xmlns='${NS_ROSTERVER}'/>`);
    } else if (!secure && b.starttls !== 'none') {
      parts.push(`<starttls xmlns='${NS_TLS}'>${b.starttls === 'required' && !b.omitRequired ? '<required/>' : ''}</starttls>`);
      if (b.starttls === 'optional' || b.saslBeforeTls || b.plainBeforeTls) parts.push(mechs(true));
    } else {
      if (!b.noMechanisms) parts.push(mechs(false));
      if (b.starttlsAfterTls) parts.push(`<starttls xmlns='${NS_TLS}'/>`);
      if (b.offerBindBeforeAuth) parts.push(`<bind xmlns='${NS_BIND}'/>`);
    }
    parts.push(new FakeDisco(b).capsFeatureXml());
    const q = b.outputFault === 'unprefixed-stream' ? 'features' : b.outputFault === 'second-stream-prefix' ? 's:features' : 'stream:features';
    const ns = b.featuresInWrongNamespace ? `<features xmlns='${NS_CLIENT}'>` : `<${q}${q === 's:features' ? ` xmlns:s='${NS_STREAMS}'` : ''}>`;
    const close = b.featuresInWrongNamespace ? '</features>' : `</${q}>`;
    this.write(`${ns}${parts.join('')}${close}`);
  }

  // ── errors and closing ──

  streamError(condition: string, textMsg?: string): void {
    this.ensureHeader();
    const f = this.b.streamErrorFault;
    let extra = this.b.errorTwoConditions ? `<undefined-condition xmlns='${NS_STREAM_ERRORS}'/>` : '';
    if (f === 'app-condition-in-streams-ns') extra += `<fake-application-condition xmlns='${NS_STREAM_ERRORS}'/>`;
    const t =
      f === 'text-wrong-ns'
        ? `<text xmlns='${NS_CLIENT}'>${textMsg ?? condition}</text>`
        : textMsg
          ? `<text xmlns='${NS_STREAM_ERRORS}'>${textMsg}</text>`
          : '';
    if (f !== 'no-error') this.write(`<stream:error><${condition} xmlns='${NS_STREAM_ERRORS}'/>${extra}${t}</stream:error>`);
    if (this.b.keepOpenAfterError) {
      this.closed = true; // stop answering, but leave the TCP connection open
      return;
    }
    this.write('</stream:stream>');
    this.closed = true;
    this.socket.end();
  }

  private onXmlError(e: XmlError): void {
    if (this.b.xmlErrorMode === 'silent') return;
    let cond: string = e.condition;
    if (this.b.xmlErrorMode === 'wrong-condition') cond = 'bad-format';
    else if (cond === 'restricted-xml' && this.b.restrictedAsNotWellFormed) cond = 'not-well-formed';
    this.streamError(cond);
  }

  private onStreamClose(): void {
    if (this.b.noCloseReply) {
      this.destroy();
      return;
    }
    this.write('</stream:stream>');
    // the session ended: its PEP state goes with it (XEP-0163)
    this.server.router.pep.gone(this);
    this.closed = true;
    this.socket.end();
  }

  // ── top-level elements ──

  private onElement(el: XmlElement): void {
    if (this.closed) return;
    if (el.ns === NS_TLS && el.name === 'starttls') return this.onStarttls();
    if (el.ns === NS_SASL && el.name === 'auth' && this.b.authStreamError) return this.streamError('internal-server-error');
    if (el.ns === NS_SASL) return this.sasl.onElement(el);
    if (el.ns === NS_CLIENT && (el.name === 'iq' || el.name === 'message' || el.name === 'presence')) return this.onStanza(el);
    if (this.b.routeUnknownTopLevel) {
      const target = el.attrs['to'] ? this.server.bound.get(el.attrs['to']) : undefined;
      target?.send(el);
      return;
    }
    if (!this.b.ignoreUnknownTopLevel) this.streamError('unsupported-stanza-type');
  }

  private onStarttls(): void {
    const b = this.b;
    if (this.tlsSocket && !b.proceedTwice) {
      if (b.secondStarttls === 'failure-open') return this.write(`<failure xmlns='${NS_TLS}'/>`);
      if (b.secondStarttls === 'stream-error') return this.streamError('policy-violation');
      if (b.secondStarttls === 'silent') return;
      this.write(`<failure xmlns='${NS_TLS}'/></stream:stream>`);
      this.closed = true;
      this.socket.end();
      return;
    }
    if (b.starttlsAnswer === 'none') return;
    if (b.starttlsAnswer === 'failure') {
      this.write(`<failure xmlns='${NS_TLS}'/></stream:stream>`);
      this.closed = true;
      this.socket.end();
      return;
    }
    this.write(`<proceed xmlns='${b.starttlsAnswer === 'proceed-wrong-ns' ? NS_CLIENT : NS_TLS}'/>`);
    // The broken variant keeps reading plaintext XML on the old stream as if nothing happened.
    if (b.plaintextAfterProceed) return;
    this.parser = this.newParser();
    const raw = this.socket;
    raw.removeAllListeners('data');
    if (b.starttlsAnswer === 'proceed-then-garbage') {
      raw.once('data', () => raw.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
      return;
    }
    this.rawSocket = raw;
    if (b.tlsLegacySuites) return this.legacyHello(raw, b.tlsLegacySuites);
    this.startTls(raw);
  }

  /**
   * The broken TLS of tlsLegacySuites: a ClientHello offering a suite of that class gets a
   * ServerHello choosing it (and nothing more); any other hello goes on to the usual TLS, read
   * through a stream that hands the peeked hello to it first.
   */
  private legacyHello(raw: net.Socket, cls: LegacySuiteClass): void {
    raw.once('data', (first: Buffer) => {
      const offered = offeredSuites(first) ?? [];
      const pick = LEGACY_SUITES[cls].find((s) => offered.includes(s.code));
      if (pick) {
        raw.write(serverHello(pick.code));
        return;
      }
      const relay = new Duplex({
        read() {},
        write(chunk: Buffer, _enc, cb) {
          raw.write(chunk, cb);
        },
        final(cb) {
          raw.end();
          cb();
        },
      });
      raw.on('data', (c: Buffer) => relay.push(c));
      raw.on('end', () => relay.push(null));
      raw.on('close', () => relay.destroy());
      relay.push(first);
      this.startTls(relay);
    });
  }

  private startTls(raw: Duplex): void {
    const secure = new tls.TLSSocket(raw, { isServer: true, secureContext: this.server.secureContext });
    secure.on('error', () => this.destroy());
    this.socket = secure;
    this.tlsSocket = secure;
    secure.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  /** RFC 6120 §6.4.6: after SASL success the stream restarts. */
  authenticatedAs(username: string): void {
    this.authenticated = username;
    this.parser = this.newParser();
  }

  private stanzaError(el: XmlElement, condition: string, type: string): void {
    const attrs: Record<string, string> = { type: 'error' };
    if (el.attrs['id'] !== undefined) attrs['id'] = el.attrs['id'];
    if (el.attrs['to'] !== undefined) attrs['from'] = el.attrs['to'];
    this.send({
      name: el.name,
      ns: NS_CLIENT,
      attrs,
      children: [{ name: 'error', ns: NS_CLIENT, attrs: { type }, children: [{ name: condition, ns: NS_STANZA_ERRORS, attrs: {}, children: [] }] }],
    });
  }

  private result(el: XmlElement, payload?: XmlElement): void {
    const attrs: Record<string, string> = { type: 'result', id: el.attrs['id'] ?? '' };
    if (el.attrs['to'] !== undefined) attrs['from'] = el.attrs['to'];
    this.send({ name: 'iq', ns: NS_CLIENT, attrs, children: payload ? [payload] : [] });
  }

  private onStanza(el: XmlElement): void {
    const b = this.b;
    const bindReq = el.name === 'iq' ? child(el, 'bind', NS_BIND) : undefined;
    if (!this.authenticated) {
      if (bindReq && b.bindBeforeAuth) return this.bind(el, bindReq, 'early');
      if (b.processBeforeAuth && el.name === 'iq') return this.result(el, { name: 'query', ns: NS_ROSTER, attrs: {}, children: [] });
      if (el.attrs['type'] === 'error' || el.attrs['type'] === 'result') return;
      // RFC 6120 §4.3.5: before negotiation completes only the server itself may be addressed.
      const to = el.attrs['to'];
      if (to !== undefined && to !== this.server.domain && b.actBeforeNotAuthorized) this.stanzaError(el, 'service-unavailable', 'cancel');
      if (to !== undefined && to !== this.server.domain && !b.stanzaErrorBeforeAuth) return this.streamError('not-authorized');
      return this.stanzaError(el, bindReq ? 'not-authorized' : 'service-unavailable', bindReq ? 'auth' : 'cancel');
    }
    if (el.name === 'iq' && bindReq && el.attrs['type'] === 'set') return this.bind(el, bindReq, this.authenticated);
    if (!this.boundJid) {
      if (el.attrs['type'] === 'error' || el.attrs['type'] === 'result') return;
      return this.stanzaError(el, 'not-authorized', 'auth');
    }
    this.server.router.route(this, el);
  }

  // ── resource binding ──

  private bind(el: XmlElement, bindReq: XmlElement, user: string): void {
    const b = this.b;
    const resEl = child(bindReq, 'resource', NS_BIND);
    let resource = resEl ? text(resEl) : `gen-${Math.random().toString(36).slice(2, 10)}`;
    // RFC 7622 §3.4: OpaqueString — controls are disallowed, NFC applies, case is kept.
    if (!b.acceptAnyResource && /[\p{Cc}]/u.test(resource)) return this.stanzaError(el, b.badResourceCondition, 'modify');
    if (!b.noNfc) resource = resource.normalize('NFC');
    if (b.lowercaseResources) resource = resource.toLowerCase();
    const bare = `${b.bindWrongAccount ? 'someone-else' : user}@${this.domain}`;
    let full = `${bare}/${resource}`;
    const holder = this.server.bound.get(full);
    if (holder && holder !== this) {
      if (b.conflict === 'refuse') return this.stanzaError(el, 'conflict', 'cancel');
      if (b.conflict === 'rename') full = `${bare}/${resource}-${Math.random().toString(36).slice(2, 6)}`;
      if (b.conflict === 'replace') holder.streamError('conflict');
    }
    this.boundJid = full;
    this.server.bound.set(full, this);
    const jidText = b.bindReturnsBareJid ? bare : full;
    const attrs: Record<string, string> = { type: 'result', id: b.bindResultWrongId ? 'not-your-id' : (el.attrs['id'] ?? '') };
    this.send({
      name: 'iq',
      ns: b.bindResultWrongNamespace ? 'jabber:server' : NS_CLIENT,
      attrs,
      children: [{ name: 'bind', ns: NS_BIND, attrs: {}, children: [{ name: 'jid', ns: NS_BIND, attrs: {}, children: [jidText] }] }],
    });
    if (b.restartAfterBind) {
      this.sendHeader({ from: this.server.domain, id: this.server.nextStreamId(), version: '1.0', 'xml:lang': 'en' });
      this.sendFeatures();
    }
  }
}

/** Whether a start or end tag in `text` has a non-ASCII element or attribute name (values and text are not looked at). */
function hasNonAsciiName(text: string): boolean {
  for (const m of text.matchAll(/<\/?([^\s/>!?]+)([^>]*)>/g)) {
    if (/[^\x00-\x7f]/.test(m[1] ?? '')) return true;
    const attrs = (m[2] ?? '').replace(/'[^']*'|"[^"]*"/g, '');
    for (const a of attrs.matchAll(/([^\s=]+)\s*=/g)) if (/[^\x00-\x7f]/.test(a[1] ?? '')) return true;
  }
  return false;
}
