// The fake server's component port (XEP-0114 'jabber:component:accept'): one external component
// authenticates with the handshake (SHA-1 of the stream id and the shared secret), then its
// stanzas reach the fake's c2s sessions and stanzas for its domain reach it. Faithful by default;
// each ComponentBehaviour knob breaks exactly one rule.
import type net from 'node:net';
import { handshakeDigest, NS_COMPONENT_ACCEPT } from '../../../harness/component/index.js';
import { StreamParser, escapeAttr, serialize } from '../../../harness/xml/index.js';
import type { XmlElement, XmlNode } from '../../../harness/xml/element.js';
import { NS_CLIENT, NS_STANZA_ERRORS, NS_STREAM_ERRORS, NS_STREAMS } from '../../../harness/xml/ns.js';
import type { FakeServer } from './fake-server.js';
import { rescope } from './fake-s2s-out.js';

export interface ComponentBehaviour {
  /** answers the component's header without an 'id' */
  readonly omitStreamId: boolean;
  /** answers a right handshake with a <handshake/> that has text in it */
  readonly handshakeWithText: boolean;
  /** takes a handshake computed with any secret */
  readonly acceptWrongSecret: boolean;
  /** the stream error for a wrong handshake, instead of <not-authorized/> */
  readonly badHandshakeCondition: string;
  /** routes stanzas the component sends before its handshake */
  readonly routeBeforeHandshake: boolean;
  /** hands the component a client's stanza without the 'from' the server stamps (as the client wrote it: none) */
  readonly unstampedToComponent: boolean;
  /** drops messages from the component to clients */
  readonly dropFromComponent: boolean;
  /** passes on stanzas whose 'from' is outside the component's domain */
  readonly acceptForeignFrom: boolean;
  /** answers an iq to an account that does not exist with an empty result */
  readonly resultForUnknownUser: boolean;
}

export const FAITHFUL_COMPONENT: ComponentBehaviour = {
  omitStreamId: false,
  handshakeWithText: false,
  acceptWrongSecret: false,
  badHandshakeCondition: 'not-authorized',
  routeBeforeHandshake: false,
  unstampedToComponent: false,
  dropFromComponent: false,
  acceptForeignFrom: false,
  resultForUnknownUser: false,
};

export interface FakeComponentOptions {
  /** the component's domain (the header's 'to') */
  readonly domain: string;
  readonly secret: string;
  readonly behaviour?: Partial<ComponentBehaviour>;
}

const elem = (name: string, ns: string, attrs: Record<string, string>, ...children: XmlNode[]): XmlElement => ({ name, ns, attrs, children });
const domainOf = (jid: string): string => (jid.split('/')[0] ?? '').split('@').pop()?.toLowerCase() ?? '';
const bareOf = (jid: string): string => (jid.split('/')[0] ?? '').toLowerCase();

export class FakeComponentConnection {
  private readonly parser: StreamParser;
  private streamId: string | undefined;
  private authenticated = false;
  private closed = false;
  readonly b: ComponentBehaviour;

  constructor(
    private readonly server: FakeServer,
    private readonly socket: net.Socket,
    private readonly opts: FakeComponentOptions,
  ) {
    this.b = { ...FAITHFUL_COMPONENT, ...opts.behaviour };
    this.parser = new StreamParser({
      onOpen: (h) => this.onHeader(h),
      onElement: (el) => this.onElement(el),
      onClose: () => this.end(),
      onError: (e) => this.streamError(e.condition),
    });
    socket.on('data', (chunk: Buffer) => {
      if (!this.closed) this.parser.write(chunk);
    });
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.server.componentGone(this));
  }

  get domain(): string {
    return this.opts.domain;
  }

  private write(data: string): void {
    if (!this.closed && !this.socket.destroyed) this.socket.write(data);
  }

  /** A stanza for the component, in its stream's namespace. */
  deliver(e: XmlElement, stampedFrom: string): void {
    const attrs = { ...e.attrs };
    if (this.b.unstampedToComponent) delete attrs['from'];
    else attrs['from'] = stampedFrom;
    const out = rescope({ ...e, attrs }, [NS_CLIENT], NS_COMPONENT_ACCEPT);
    this.write(serialize(out, { defaultNs: NS_COMPONENT_ACCEPT, prefixes: { stream: NS_STREAMS } }));
  }

  get ready(): boolean {
    return this.authenticated && !this.closed;
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private end(): void {
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
    const to = (h.attrs['to'] ?? '').toLowerCase();
    this.streamId = this.server.nextStreamId();
    const id = this.b.omitStreamId ? '' : ` id='${escapeAttr(this.streamId)}'`;
    this.write(`<?xml version='1.0'?><stream:stream xmlns='${NS_COMPONENT_ACCEPT}' xmlns:stream='${NS_STREAMS}' from='${escapeAttr(to)}'${id}>`);
    if (to !== this.opts.domain) this.streamError('host-unknown');
  }

  private onElement(e: XmlElement): void {
    if (this.closed) return;
    if (e.name === 'handshake' && !this.authenticated) {
      const want = handshakeDigest(this.streamId ?? '', this.opts.secret);
      const got = e.children
        .filter((c): c is string => typeof c === 'string')
        .join('')
        .trim()
        .toLowerCase();
      if (got !== want && !this.b.acceptWrongSecret) return this.streamError(this.b.badHandshakeCondition);
      this.authenticated = true;
      this.server.componentReady(this);
      this.write(this.b.handshakeWithText ? '<handshake>ok</handshake>' : '<handshake/>');
      return;
    }
    if (!this.authenticated && !this.b.routeBeforeHandshake) return this.streamError('not-authorized');
    if (e.name !== 'message' && e.name !== 'presence' && e.name !== 'iq') return this.streamError('unsupported-stanza-type');
    this.route(e);
  }

  /** XEP-0114 §3: 'from' at the component's domain; then to the fake's own accounts. */
  private route(e: XmlElement): void {
    const from = e.attrs['from'] ?? '';
    const to = e.attrs['to'] ?? '';
    if (domainOf(from) !== this.opts.domain && !this.b.acceptForeignFrom) return this.streamError('invalid-from');
    if (!this.server.serves(domainOf(to))) return this.bounce(e, 'remote-server-not-found');
    const out = rescope(e, [NS_COMPONENT_ACCEPT], NS_CLIENT);
    const exists = Object.keys(this.server.accounts).some((u) => `${u}@${this.server.domain}`.toLowerCase() === bareOf(to));
    const type = e.attrs['type'] ?? '';
    if (!exists) {
      if (e.name === 'iq' && (type === 'get' || type === 'set')) {
        if (this.b.resultForUnknownUser) return this.reply(elem('iq', NS_COMPONENT_ACCEPT, { type: 'result', id: e.attrs['id'] ?? '', from: to, to: from }));
        return this.bounce(e, 'service-unavailable');
      }
      return e.name === 'message' && type !== 'error' ? this.bounce(e, 'service-unavailable') : undefined;
    }
    if (e.name === 'message' && this.b.dropFromComponent) return;
    const targets = to.includes('/')
      ? [this.server.bound.get(to)].filter((c) => c !== undefined)
      : [...this.server.bound.values()].filter((c) => c.boundJid !== undefined && bareOf(c.boundJid) === bareOf(to));
    if (targets.length === 0) return e.name === 'presence' || type === 'error' ? undefined : this.bounce(e, 'service-unavailable');
    for (const c of e.name === 'message' || e.name === 'presence' ? targets : targets.slice(0, 1)) c.send(out);
  }

  private reply(e: XmlElement): void {
    this.write(serialize(e, { defaultNs: NS_COMPONENT_ACCEPT, prefixes: { stream: NS_STREAMS } }));
  }

  /** RFC 6120 §8.3: the stanza back to the component with an error of this condition. */
  private bounce(e: XmlElement, condition: string): void {
    if (e.attrs['type'] === 'error') return;
    const attrs: Record<string, string> = { type: 'error' };
    if (e.attrs['id'] !== undefined) attrs['id'] = e.attrs['id'];
    if (e.attrs['to'] !== undefined) attrs['from'] = e.attrs['to'];
    if (e.attrs['from'] !== undefined) attrs['to'] = e.attrs['from'];
    const kept = e.children.filter((c): c is XmlElement => typeof c === 'object' && c.name !== 'error');
    this.reply(
      elem(e.name, NS_COMPONENT_ACCEPT, attrs, ...kept, elem('error', NS_COMPONENT_ACCEPT, { type: 'cancel' }, elem(condition, NS_STANZA_ERRORS, {}))),
    );
  }
}
