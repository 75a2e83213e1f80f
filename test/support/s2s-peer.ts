// A hand-written XMPP peer for the lab's s2s tests (node:net/node:tls and the project's stream
// parser), independent of harness/session and harness/transport, plus the small steps the tests
// share: a c2s login, SASL mechanisms of a features element, a bounce's error condition.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import type { LabInfo } from '../../harness/lab/index.js';
import { StreamParser, child, children, text, type XmlElement } from '../../harness/xml/index.js';

export const NS_STREAMS = 'http://etherx.jabber.org/streams';
export const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';
export const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind';
const NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
export const WAIT_MS = 5000;
export const PEER_DOMAIN = 'xc.lab.test';

type Event = { kind: 'open'; header: XmlElement; decl: Readonly<Record<string, string>> } | { kind: 'element'; el: XmlElement } | { kind: 'end'; why: string };

/** One XMPP stream over TCP, upgradable to TLS; every wait has a timeout, the parser has its caps. */
export class Peer {
  private events: Event[] = [];
  private wake: (() => void) | undefined;
  private parser!: StreamParser;

  private constructor(private sock: net.Socket | tls.TLSSocket) {
    this.attach();
  }

  static async connect(port: number, tlsOptions?: tls.ConnectionOptions): Promise<Peer> {
    const sock = await new Promise<net.Socket | tls.TLSSocket>((resolve, reject) => {
      const s = tlsOptions
        ? tls.connect({ host: '127.0.0.1', port, ...tlsOptions }, () => resolve(s))
        : net.connect({ host: '127.0.0.1', port }, () => resolve(s));
      s.once('error', reject);
      s.setTimeout(WAIT_MS, () => s.destroy(new Error(`connect to 127.0.0.1:${port} timed out`)));
    });
    sock.setTimeout(0);
    return new Peer(sock);
  }

  get socket(): net.Socket | tls.TLSSocket {
    return this.sock;
  }

  private push(e: Event): void {
    this.events.push(e);
    this.wake?.();
  }

  private attach(): void {
    this.newParser();
    this.sock.on('data', (d: Buffer) => this.parser.write(d));
    this.sock.on('error', (e) => this.push({ kind: 'end', why: e.message }));
    this.sock.on('close', () => this.push({ kind: 'end', why: 'connection closed' }));
  }

  private newParser(): void {
    this.parser = new StreamParser({
      onOpen: (header, decl) => this.push({ kind: 'open', header, decl }),
      onElement: (el) => this.push({ kind: 'element', el }),
      onClose: () => this.push({ kind: 'end', why: 'stream closed' }),
      onError: (err) => this.push({ kind: 'end', why: `parse error: ${err.message}` }),
    });
  }

  private async next(what: string): Promise<Event> {
    const until = Date.now() + WAIT_MS;
    while (this.events.length === 0) {
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${WAIT_MS} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return this.events.shift() as Event;
  }

  /** Sends a stream header (a fresh parser for the answer) and returns the answer's header and features. */
  async open(
    ns: 'jabber:server' | 'jabber:client',
    from: string | undefined,
    to: string,
  ): Promise<{ header: XmlElement; decl: Readonly<Record<string, string>>; features: XmlElement }> {
    const { header, decl, first } = await this.openAny(ns, from, to);
    if (first.name !== 'features' || first.ns !== NS_STREAMS) throw new Error(`expected <stream:features>, got <${first.name} xmlns='${first.ns}'>`);
    return { header, decl, features: first };
  }

  /** Like open, but returns whatever element follows the header (features, or a stream error). */
  async openAny(
    ns: 'jabber:server' | 'jabber:client',
    from: string | undefined,
    to: string,
  ): Promise<{ header: XmlElement; decl: Readonly<Record<string, string>>; first: XmlElement }> {
    this.newParser();
    const fromAttr = from ? ` from='${from}'` : '';
    this.sock.write(`<?xml version='1.0'?><stream:stream xmlns='${ns}' xmlns:stream='${NS_STREAMS}'${fromAttr} to='${to}' version='1.0'>`);
    const open = await this.next('stream header');
    if (open.kind !== 'open') throw new Error(`expected a stream header, got ${open.kind === 'end' ? open.why : `<${open.el.name}>`}`);
    return { header: open.header, decl: open.decl, first: await this.element('stream features') };
  }

  async element(what: string): Promise<XmlElement> {
    const e = await this.next(what);
    if (e.kind === 'element') return e.el;
    throw new Error(`expected ${what}, got ${e.kind === 'end' ? e.why : 'a stream header'}`);
  }

  /** The next element matching `pred`, skipping others (presence, carbons...). */
  async until(what: string, pred: (el: XmlElement) => boolean): Promise<XmlElement> {
    for (;;) {
      const el = await this.element(what);
      if (pred(el)) return el;
    }
  }

  send(xml: string): void {
    this.sock.write(xml);
  }

  /** RFC 6120 §5.4.3.3: <starttls/>, <proceed/>, then the TLS handshake on the same connection. */
  async startTls(options: tls.ConnectionOptions): Promise<tls.TLSSocket> {
    this.send(`<starttls xmlns='${NS_TLS}'/>`);
    const proceed = await this.element('<proceed/>');
    if (proceed.name !== 'proceed') throw new Error(`STARTTLS answered with <${proceed.name}/>`);
    this.sock.removeAllListeners('data');
    this.sock.removeAllListeners('close');
    this.sock.removeAllListeners('error');
    const plain = this.sock;
    const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const s = tls.connect({ socket: plain, ...options }, () => resolve(s));
      s.once('error', reject);
      s.setTimeout(WAIT_MS, () => s.destroy(new Error('TLS handshake timed out')));
    });
    secure.setTimeout(0);
    this.sock = secure;
    this.events = [];
    this.attach();
    return secure;
  }

  close(): void {
    if (this.sock.writable) this.sock.end('</stream:stream>');
    this.sock.destroy();
  }
}

export function mechanisms(features: XmlElement): string[] {
  const m = child(features, 'mechanisms', NS_SASL);
  return m ? children(m, 'mechanism').map(text) : [];
}

/** c2s: STARTTLS (checked against the lab's c2s certificate), SASL PLAIN, bind. */
/** `ca`: the certificate the c2s side must verify against (default: the lab's c2s certificate). */
export async function login(info: LabInfo, account: string, ca = info.ca): Promise<Peer> {
  const at = account.indexOf(':');
  const jid = account.slice(0, at);
  const [local = '', domain = ''] = jid.split('@');
  const peer = await Peer.connect(info.ports.c2s);
  await peer.open('jabber:client', undefined, domain);
  await peer.startTls({ servername: domain, ca: readFileSync(ca) });
  await peer.open('jabber:client', undefined, domain);
  peer.send(`<auth xmlns='${NS_SASL}' mechanism='PLAIN'>${Buffer.from(`\0${local}\0${account.slice(at + 1)}`).toString('base64')}</auth>`);
  const outcome = await peer.element('SASL outcome');
  if (outcome.name !== 'success') throw new Error(`login as ${jid} failed: <${outcome.name}>`);
  await peer.open('jabber:client', undefined, domain);
  peer.send(`<iq type='set' id='b1'><bind xmlns='${NS_BIND}'><resource>s2s-test</resource></bind></iq>`);
  const bound = await peer.until('bind result', (el) => el.name === 'iq' && el.attrs['id'] === 'b1');
  if (bound.attrs['type'] !== 'result') throw new Error(`bind as ${jid} failed`);
  return peer;
}

/** The stanza error condition of a bounced message, or undefined when it is not an error. */
export function errorCondition(el: XmlElement): string | undefined {
  if (el.attrs['type'] !== 'error') return undefined;
  const err = child(el, 'error');
  const cond = err?.children.find((c): c is XmlElement => typeof c === 'object' && c.ns === NS_STANZAS);
  return cond?.name ?? 'error without condition';
}

/** The last lines of a server log in `dir` about outgoing s2s and DNS, for failure messages. */
export function s2sLog(dir: string, file = 'debug.log'): string {
  try {
    return readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => /s2s|unbound|adns|resolv|dns/i.test(l))
      .slice(-15)
      .join(' | ');
  } catch {
    return `(no ${file})`;
  }
}
