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
  /** drops the connection without a closing tag when the peer closes */
  readonly outNoCloseReply: boolean;
  /** tries SRV targets highest priority value first / gives up after the first refused one */
  readonly outSrvHighestFirst: boolean;
  readonly outSrvNoRetry: boolean;
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
  outNoCloseReply: false,
  outSrvHighestFirst: false,
  outSrvNoRetry: false,
  outXmppsPlain: false,
  outSrvDotFollowed: false,
  outNoAddressFallback: false,
};

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
}

const NS_DIALBACK = 'jabber:server:dialback';

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
  private skipTls = false;
  closed = false;

  constructor(private readonly opts: FakeS2sOutOptions) {
    this.parser = this.newParser();
  }

  /**
   * Where the remote domain is (empty: nowhere): its _xmpps-server._tcp targets first (XEP-0368,
   * direct TLS), then its _xmpp-server._tcp ones, each in priority order (RFC 6120 §3.2.1). A
   * single record with target '.' says the service is not there (RFC 2782): nothing more is
   * resolved. No SRV record at all: the domain's own address on port 5269 (RFC 6120 §3.2.2).
   */
  static locate(zone: LabZone, domain: string, b: S2sOutBehaviour = FAITHFUL_S2S_OUT): OutTarget[] {
    const records = (service: string) => zone.lookup(`${service}.${domain}`, 'SRV').answers.flatMap((a) => (a.type === 'SRV' ? [a.data] : []));
    const out: OutTarget[] = [];
    let srvFound = false;
    for (const [service, direct] of [['_xmpps-server._tcp', !b.outXmppsPlain], ['_xmpp-server._tcp', false]] as const) {
      const srv = records(service);
      if (srv.length > 0) srvFound = true;
      if (srv.length === 1 && srv[0]?.target === '.' && !b.outSrvDotFollowed) continue;
      srv.sort((x, y) => (b.outSrvHighestFirst ? y.priority - x.priority : x.priority - y.priority));
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
    this.connect(b.outIgnoreSrv ? [{ host: '127.0.0.1', port: FALLBACK_PORT, direct: false }] : b.outSrvNoRetry ? targets.slice(0, 1) : targets);
    return true;
  }

  /** RFC 6120 §3.2.1: a refused target makes way for the next one. */
  private connect(targets: OutTarget[]): void {
    const [first, ...rest] = targets;
    if (!first) return this.destroy();
    const o = this.opts;
    const sock = first.direct
      ? tls.connect({ host: first.host, port: first.port, cert: o.cert, key: o.key, ca: o.ca, servername: o.remoteDomain, ALPNProtocols: ['xmpp-server'], rejectUnauthorized: false })
      : net.connect(first.port, first.host);
    this.socket = sock;
    let connected = false;
    sock.on('data', (c: Buffer) => this.parser.write(c));
    sock.on('error', () => {
      if (!connected && rest.length > 0) return this.connect(rest);
      this.destroy();
    });
    sock.on('close', () => {
      if (connected || rest.length === 0) this.destroy();
    });
    sock.on(first.direct ? 'secureConnect' : 'connect', () => {
      connected = true;
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
    this.socket?.destroy();
  }

  private newParser(): StreamParser {
    return new StreamParser({
      onOpen: () => undefined,
      onElement: (el) => this.onElement(el),
      onClose: () => {
        if (!this.opts.behaviour.outNoCloseReply) this.raw('</stream:stream>');
        this.destroy();
      },
      onError: () => this.destroy(),
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
    this.raw(`<?xml version='1.0'?><stream:stream xmlns='${NS_SERVER}' xmlns:stream='${NS_STREAMS}' xmlns:db='${NS_DIALBACK}'${from}${to} version='${version}'${lang}>`);
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
      // a verification connection authenticates when it can (as servers do), then asks
      if (!this.authed && (v ? external : mechs !== undefined || b.outNoTls || this.skipTls)) return this.raw(`<auth xmlns='${NS_SASL}' mechanism='EXTERNAL'>=</auth>`);
      if (v) {
        this.ready = true;
        return this.raw(`<db:verify xmlns:db='${NS_DIALBACK}' from='${escapeAttr(this.opts.localDomain)}' to='${escapeAttr(this.opts.remoteDomain)}' id='${escapeAttr(v.id)}'>${v.key}</db:verify>`);
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
    if (el.name === 'failure') return this.destroy();
    if (el.name === 'verify' && el.ns === NS_DIALBACK && this.opts.verify) {
      this.opts.verify.onAnswer(el.attrs['type'] ?? '');
      this.raw('</stream:stream>');
      return this.destroy();
    }
  }

  private upgrade(): void {
    const raw = this.socket;
    if (!raw) return;
    raw.removeAllListeners('data');
    const s = tls.connect({ socket: raw, cert: this.opts.cert, key: this.opts.key, ca: this.opts.ca, servername: this.opts.remoteDomain, rejectUnauthorized: false });
    s.on('error', () => this.destroy());
    s.on('secureConnect', () => {
      this.secure = true;
      this.parser = this.newParser();
      s.on('data', (c: Buffer) => this.parser.write(c));
      this.header();
    });
    this.socket = s;
  }

  private flush(): void {
    this.ready = true;
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
    const text = b.outJabberClient ? serialize({ ...out, ns: NS_CLIENT }, { defaultNs: NS_SERVER, prefixes: { stream: NS_STREAMS } }) : serialize(out, { defaultNs: NS_SERVER, prefixes: { stream: NS_STREAMS } });
    this.raw(text);
  }
}
