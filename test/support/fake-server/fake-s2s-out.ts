// The fake server as the initiating server (its outgoing s2s stream): it finds the remote domain
// through the lab DNS zone it was given (in-process, an SRV lookup), connects, negotiates STARTTLS
// and SASL EXTERNAL with its certificate, and sends the stanzas its clients addressed there.
// Faithful by default; each S2sOutBehaviour knob breaks exactly one rule.
import net from 'node:net';
import tls from 'node:tls';
import type { LabZone } from '../../../harness/dns/index.js';
import { StreamParser, serialize, escapeAttr } from '../../../harness/xml/index.js';
import type { XmlElement } from '../../../harness/xml/element.js';
import { NS_CLIENT, NS_SASL, NS_SERVER, NS_STREAMS, NS_TLS } from '../../../harness/xml/ns.js';

export interface S2sOutBehaviour {
  /** connects to port 5269 of the domain's address instead of the port its SRV record names */
  readonly outIgnoreSrv: boolean;
  /** skips STARTTLS and goes straight to SASL */
  readonly outNoTls: boolean;
  /** leaves 'from' off its stream header after TLS */
  readonly outNoFromAfterTls: boolean;
  /** sends stanzas qualified by 'jabber:client' */
  readonly outJabberClient: boolean;
  /** leaves 'to' / 'from' off the stanzas it routes */
  readonly outNoTo: boolean;
  readonly outNoFrom: boolean;
  /** lets the stanzas it routes overtake each other */
  readonly outReorder: boolean;
  /** opens a new stream for every stanza instead of using the one it has */
  readonly outNewStreamEach: boolean;
  /** swallows a stanza for a domain it cannot resolve, with no error to the sender */
  readonly outSilentWhenUnresolved: boolean;
  /** its stream header: without 'to' / with version='0.9' / without 'xml:lang' */
  readonly outHeaderNoTo: boolean;
  readonly outOldVersion: boolean;
  readonly outNoLang: boolean;
  /** puts an empty 'id' on its initial stream headers */
  readonly outHeaderId: boolean;
  /** drops the connection without a closing tag when the peer closes */
  readonly outNoCloseReply: boolean;
  /** tries SRV targets highest priority value first / gives up after the first refused one */
  readonly outSrvHighestFirst: boolean;
  readonly outSrvNoRetry: boolean;
  /** drops its queued stanzas without an error to their senders when no stream can carry them */
  readonly outSilentOnFailure: boolean;
  /** reports a peer that accepted the connection and then said nothing as <remote-server-not-found/> */
  readonly outNotFoundOnStall: boolean;
  /** sends its queued stanzas although the receiving server answered its dialback key 'invalid' */
  readonly outSendAfterInvalid: boolean;
  /**
   * Policy, both sides: a peer server must authenticate by certificate. The receiving side offers
   * no dialback to a peer whose certificate does not validate; the outgoing side sends nothing to
   * a receiving server whose certificate does not validate for the domain it was looking for.
   */
  readonly certsRequired: boolean;
  /** with certsRequired: the outgoing side takes any certificate of the receiving server */
  readonly outTrustAnyCert: boolean;
  /**
   * not a broken rule but a variant: authenticates by a dialback request (XEP-0220 <db:result/>)
   * instead of SASL EXTERNAL, whatever the receiving side offers, as jabberd2 2.7 does
   */
  readonly outDialback: boolean;
  /** takes an _xmpps-server._tcp target for a plain one and skips TLS there (XEP-0368 wants TLS at once) */
  readonly outXmppsPlain: boolean;
  /** takes an SRV target of '.' for a host: looks its address up and connects to the record's port */
  readonly outSrvDotFollowed: boolean;
  /** gives up on a domain without SRV records instead of looking up its A/AAAA records */
  readonly outNoAddressFallback: boolean;
}

export const FAITHFUL_S2S_OUT: S2sOutBehaviour = {
  outIgnoreSrv: false,
  outNoTls: false,
  outNoFromAfterTls: false,
  outJabberClient: false,
  outNoTo: false,
  outNoFrom: false,
  outReorder: false,
  outNewStreamEach: false,
  outSilentWhenUnresolved: false,
  outHeaderNoTo: false,
  outOldVersion: false,
  outNoLang: false,
  outHeaderId: false,
  outNoCloseReply: false,
  outSrvHighestFirst: false,
  outSrvNoRetry: false,
  outSilentOnFailure: false,
  outNotFoundOnStall: false,
  outSendAfterInvalid: false,
  certsRequired: false,
  outTrustAnyCert: false,
  outDialback: false,
  outXmppsPlain: false,
  outSrvDotFollowed: false,
  outNoAddressFallback: false,
};

/** How long the fake waits for an outgoing stream to become usable before it gives up on it. */
export const FAKE_NEGOTIATION_TIMEOUT_MS = 2500;

/** Where the fake connects: loopback, a port, and whether TLS comes first (an _xmpps-server._tcp record). */
export interface OutTarget {
  readonly host: string;
  readonly port: number;
  readonly direct: boolean;
  /** the broken variant's plain connection to a direct-TLS target, where it negotiates no TLS at all */
  readonly noTls?: boolean;
}

/** RFC 6120 §3.2.2: the port the A/AAAA fallback connects to. */
const FALLBACK_PORT = 5269;

export interface FakeS2sOutOptions {
  readonly localDomain: string;
  readonly remoteDomain: string;
  readonly zone: LabZone;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
  readonly behaviour: S2sOutBehaviour;
  /** a dialback verification connection instead (XEP-0220): ask about this key, report the answer */
  readonly verify?: { readonly id: string; readonly key: string; readonly onAnswer: (type: string) => void };
  /** the stream cannot carry the queued stanzas: they go back to their senders with this condition (RFC 6120 §10.4.3) */
  readonly onFail?: (stanzas: readonly XmlElement[], condition: string) => void;
}

const NS_DIALBACK = 'jabber:server:dialback';
const NS_DIALBACK_FEATURE = 'urn:xmpp:features:dialback';

/** Moves an element, and its children, from any of the namespaces `from` into `to`. */
export function rescope(e: XmlElement, from: readonly string[], to: string): XmlElement {
  return { ...e, ns: from.includes(e.ns) ? to : e.ns, children: e.children.map((c) => (typeof c === 'object' ? rescope(c, from, to) : c)) };
}

/** One outgoing stream to a remote domain; stanzas queue until it is authenticated. */
export class FakeS2sOut {
  private socket: net.Socket | undefined;
  private parser: StreamParser;
  private readonly queue: XmlElement[] = [];
  private ready = false;
  private secure = false;
  private authed = false;
  /** a dialback key sent, the receiving server's verdict awaited */
  private dialbackSent = false;
  private failed = false;
  private connected = false;
  private timer: NodeJS.Timeout | undefined;
  private skipTls = false;
  closed = false;

  constructor(private readonly opts: FakeS2sOutOptions) {
    this.parser = this.newParser();
  }

  /**
   * Where the remote domain is (empty: nowhere): its _xmpps-server._tcp targets first (XEP-0368,
   * direct TLS), then its _xmpp-server._tcp ones, each in priority and weight order (RFC 6120 §3.2.1). A
   * single record with target '.' says the service is not there (RFC 2782): nothing more is
   * resolved. No SRV record at all: the domain's own address on port 5269 (RFC 6120 §3.2.2).
   */
  static locate(zone: LabZone, domain: string, b: S2sOutBehaviour = FAITHFUL_S2S_OUT): OutTarget[] {
    const records = (service: string) => zone.lookup(`${service}.${domain}`, 'SRV').answers.flatMap((a) => (a.type === 'SRV' ? [a.data] : []));
    const out: OutTarget[] = [];
    let srvFound = false;
    for (const [service, direct] of [
      ['_xmpps-server._tcp', !b.outXmppsPlain],
      ['_xmpp-server._tcp', false],
    ] as const) {
      const srv = records(service);
      if (srv.length > 0) srvFound = true;
      if (srv.length === 1 && srv[0]?.target === '.' && !b.outSrvDotFollowed) continue;
      // priority order; within a priority the heaviest weight first (RFC 2782's weighted pick, made deterministic)
      srv.sort((x, y) => (b.outSrvHighestFirst ? y.priority - x.priority : x.priority - y.priority) || y.weight - x.weight);
      for (const r of srv) {
        // the target's address (loopback whatever it says); the broken variant resolves '.' like a host name too
        zone.lookup(r.target, 'A');
        out.push({ host: '127.0.0.1', port: r.port, direct, ...(service === '_xmpps-server._tcp' && b.outXmppsPlain ? { noTls: true } : {}) });
      }
    }
    if (srvFound || b.outNoAddressFallback) return out;
    const address = zone.lookup(domain, 'A').answers.find((a) => a.type === 'A');
    return address ? [{ host: address.data as string, port: FALLBACK_PORT, direct: false }] : [];
  }

  start(): boolean {
    const b = this.opts.behaviour;
    const targets = FakeS2sOut.locate(this.opts.zone, this.opts.remoteDomain, b);
    if (targets.length === 0) return false;
    // a verification connection is not waited on: it ends with the answer
    if (!this.opts.verify) {
      this.timer = setTimeout(
        () => this.fail(this.connected && !b.outNotFoundOnStall ? 'remote-server-timeout' : 'remote-server-not-found'),
        FAKE_NEGOTIATION_TIMEOUT_MS,
      );
      this.timer.unref();
    }
    this.connect(b.outIgnoreSrv ? [{ host: '127.0.0.1', port: FALLBACK_PORT, direct: false }] : b.outSrvNoRetry ? targets.slice(0, 1) : targets);
    return true;
  }

  /** RFC 6120 §3.2.1: a refused target makes way for the next one. */
  private connect(targets: OutTarget[]): void {
    const [first, ...rest] = targets;
    if (!first) return this.destroy();
    const o = this.opts;
    const sock = first.direct
      ? tls.connect({
          host: first.host,
          port: first.port,
          cert: o.cert,
          key: o.key,
          ca: o.ca,
          servername: o.remoteDomain,
          ALPNProtocols: ['xmpp-server'],
          rejectUnauthorized: false,
        })
      : net.connect(first.port, first.host);
    this.socket = sock;
    let connected = false;
    sock.on('data', (c: Buffer) => this.parser.write(c));
    sock.on('error', () => {
      if (!connected && rest.length > 0) return this.connect(rest);
      // RFC 6120 §8.3.3.16: nothing answering at the resolved address is 'not found'
      this.fail(connected ? 'remote-server-timeout' : 'remote-server-not-found');
    });
    sock.on('close', () => {
      if (connected || rest.length === 0) this.fail(connected ? 'remote-server-timeout' : 'remote-server-not-found');
    });
    sock.on(first.direct ? 'secureConnect' : 'connect', () => {
      connected = true;
      this.connected = true;
      this.secure = first.direct;
      this.skipTls = first.noTls === true;
      this.header();
    });
  }

  send(stanza: XmlElement): void {
    if (this.ready) this.write(stanza);
    else this.queue.push(stanza);
  }

  destroy(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.destroy();
  }

  /** No stream for the queued stanzas: back to their senders (unless a knob swallows them), and the connection goes. */
  private fail(condition: string): void {
    if (this.failed || this.ready) return this.destroy();
    this.failed = true;
    const items = this.queue.splice(0);
    if (!this.opts.behaviour.outSilentOnFailure) this.opts.onFail?.(items, condition);
    this.destroy();
  }

  private newParser(): StreamParser {
    return new StreamParser({
      onOpen: () => undefined,
      onElement: (el) => this.onElement(el),
      onClose: () => {
        if (!this.opts.behaviour.outNoCloseReply) this.raw('</stream:stream>');
        this.fail('remote-server-timeout');
      },
      onError: () => this.fail('remote-server-timeout'),
    });
  }

  private raw(text: string): void {
    if (!this.closed && this.socket && !this.socket.destroyed) this.socket.write(text);
  }

  private header(): void {
    const from = this.secure && this.opts.behaviour.outNoFromAfterTls ? '' : ` from='${escapeAttr(this.opts.localDomain)}'`;
    const b = this.opts.behaviour;
    const to = b.outHeaderNoTo ? '' : ` to='${escapeAttr(this.opts.remoteDomain)}'`;
    const version = b.outOldVersion ? '0.9' : '1.0';
    const lang = b.outNoLang ? '' : " xml:lang='en'";
    const id = b.outHeaderId ? " id=''" : '';
    this.raw(
      `<?xml version='1.0'?><stream:stream xmlns='${NS_SERVER}' xmlns:stream='${NS_STREAMS}' xmlns:db='${NS_DIALBACK}'${from}${to}${id} version='${version}'${lang}>`,
    );
  }

  private onElement(el: XmlElement): void {
    const b = this.opts.behaviour;
    if (el.name === 'features' && el.ns === NS_STREAMS) {
      const has = (name: string, ns: string): boolean => el.children.some((c) => typeof c === 'object' && c.name === name && c.ns === ns);
      if (!this.secure && has('starttls', NS_TLS) && !b.outNoTls && !this.skipTls) return this.raw(`<starttls xmlns='${NS_TLS}'/>`);
      if (this.ready) return;
      const v = this.opts.verify;
      const mechs = el.children.find((c): c is XmlElement => typeof c === 'object' && c.name === 'mechanisms' && c.ns === NS_SASL);
      const external = mechs?.children.some((c) => typeof c === 'object' && c.children.join('').trim() === 'EXTERNAL') === true;
      if (!this.authed && !v && b.outDialback && this.secure) {
        return this.raw(
          `<db:result xmlns:db='${NS_DIALBACK}' from='${escapeAttr(this.opts.localDomain)}' to='${escapeAttr(this.opts.remoteDomain)}'>fake-key</db:result>`,
        );
      }
      // a verification connection authenticates when it can (as servers do), then asks
      if (!this.authed && (v ? external : external || b.outNoTls || this.skipTls)) return this.raw(`<auth xmlns='${NS_SASL}' mechanism='EXTERNAL'>=</auth>`);
      // no EXTERNAL for it: dialback (XEP-0220) where the receiving server offers it
      if (!this.authed && !v && has('dialback', NS_DIALBACK_FEATURE)) return this.dialback();
      if (!this.authed && !v && mechs !== undefined) return this.raw(`<auth xmlns='${NS_SASL}' mechanism='EXTERNAL'>=</auth>`);
      if (v) {
        this.ready = true;
        return this.raw(
          `<db:verify xmlns:db='${NS_DIALBACK}' from='${escapeAttr(this.opts.localDomain)}' to='${escapeAttr(this.opts.remoteDomain)}' id='${escapeAttr(v.id)}'>${v.key}</db:verify>`,
        );
      }
      // nothing left to negotiate: the stream is authenticated
      return this.flush();
    }
    if (el.name === 'proceed' && el.ns === NS_TLS) return this.upgrade();
    if (el.name === 'success' && el.ns === NS_SASL) {
      this.authed = true;
      this.parser = this.newParser();
      this.header();
      if (this.opts.verify) return; // the restarted stream's features come first
      this.ready = true;
      return this.flush();
    }
    if (el.name === 'failure') return this.fail('remote-server-timeout');
    // the verdict on its dialback key (XEP-0220 §2.1.1), whether it chose dialback because the
    // receiving side offered no EXTERNAL or always uses it (outDialback, as jabberd2 2.7)
    if (el.name === 'result' && el.ns === NS_DIALBACK && !this.opts.verify && (this.dialbackSent || b.outDialback) && !this.ready) {
      if (el.attrs['type'] === 'valid' || b.outSendAfterInvalid) {
        this.authed = true;
        return this.flush();
      }
      // an invalid verdict sends nothing and returns the stanzas with an error
      this.raw('</stream:stream>');
      return this.fail('internal-server-error');
    }
    if (el.name === 'verify' && el.ns === NS_DIALBACK && this.opts.verify) {
      this.opts.verify.onAnswer(el.attrs['type'] ?? '');
      this.raw('</stream:stream>');
      return this.destroy();
    }
  }

  /** XEP-0220 §2.1.1 step 1: a key for the domain pair; the stanzas wait for the verdict. */
  private dialback(): void {
    if (this.dialbackSent) return;
    this.dialbackSent = true;
    const key = Math.random().toString(16).slice(2, 18);
    this.raw(`<db:result xmlns:db='${NS_DIALBACK}' from='${escapeAttr(this.opts.localDomain)}' to='${escapeAttr(this.opts.remoteDomain)}'>${key}</db:result>`);
  }

  private upgrade(): void {
    const raw = this.socket;
    if (!raw) return;
    raw.removeAllListeners('data');
    const s = tls.connect({
      socket: raw,
      cert: this.opts.cert,
      key: this.opts.key,
      ca: this.opts.ca,
      servername: this.opts.remoteDomain,
      rejectUnauthorized: false,
    });
    s.on('error', () => this.destroy());
    s.on('secureConnect', () => {
      const b = this.opts.behaviour;
      // RFC 6120 §13.7.2: the chain (to the fake's CA, in date) and the name (RFC 6125) of the receiving server's certificate
      if (b.certsRequired && !b.outTrustAnyCert && (!s.authorized || tls.checkServerIdentity(this.opts.remoteDomain, s.getPeerCertificate()) !== undefined)) {
        return this.fail('remote-server-timeout');
      }
      this.secure = true;
      this.parser = this.newParser();
      s.on('data', (c: Buffer) => this.parser.write(c));
      this.header();
    });
    this.socket = s;
  }

  private flush(): void {
    this.ready = true;
    if (this.timer) clearTimeout(this.timer);
    const items = this.queue.splice(0);
    if (this.opts.behaviour.outReorder) items.reverse();
    for (const st of items) this.write(st);
  }

  private write(st: XmlElement): void {
    const b = this.opts.behaviour;
    const attrs = { ...st.attrs };
    if (b.outNoTo) delete attrs['to'];
    if (b.outNoFrom) delete attrs['from'];
    const out: XmlElement = { ...rescope(st, [NS_CLIENT, ''], NS_SERVER), attrs };
    // the broken variant declares jabber:client on the stanza itself
    const text = b.outJabberClient
      ? serialize({ ...out, ns: NS_CLIENT }, { defaultNs: NS_SERVER, prefixes: { stream: NS_STREAMS } })
      : serialize(out, { defaultNs: NS_SERVER, prefixes: { stream: NS_STREAMS } });
    this.raw(text);
  }
}
