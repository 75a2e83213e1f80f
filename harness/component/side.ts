// What a case gets from t.component(): the harness as an external component (XEP-0114 §3) on the
// target's component port: the 'jabber:component:accept' stream with 'to' = the component's
// domain, the handshake (lowercase hex SHA-1 of the stream id and the secret), and the target's
// answer to it.
import { createHash } from 'node:crypto';
import type { ComponentContext } from '../cases/index.js';
import type { ComponentConfig, ResolvedTarget } from '../config.js';
import { ExpectationError } from '../errors.js';
import { isStreamError, streamErrorCondition, type Session, type SessionOptions } from '../session/index.js';
import { sleep } from '../util/index.js';
import { describe, el, type XmlElement } from '../xml/index.js';

export const NS_COMPONENT_ACCEPT = 'jabber:component:accept';

/** XEP-0114 §3: SHA-1 over the stream id followed by the secret (UTF-8), as lowercase hex. */
export function handshakeDigest(streamId: string, secret: string): string {
  return createHash('sha1')
    .update(streamId + secret, 'utf8')
    .digest('hex');
}

export interface ComponentSideDeps {
  readonly config: ComponentConfig;
  /** opens a session the case tracks (transcript, cleanup, abort) */
  open(opts: Omit<SessionOptions, 'timeout' | 'transcript'>): Promise<Session>;
  /** adds to the case's result message */
  note(message: string): void;
}

export class ComponentSide implements ComponentContext {
  private actors = 0;

  constructor(private readonly deps: ComponentSideDeps) {}

  get domain(): string {
    return this.deps.config.domain;
  }

  get secret(): string {
    return this.deps.config.secret;
  }

  connect(actor?: string): Promise<Session> {
    const c = this.deps.config;
    const target: ResolvedTarget = {
      url: `xmpp://${c.host}:${c.port}`,
      scheme: 'xmpp',
      host: c.host,
      port: c.port,
      path: '',
      domain: c.domain,
      insecure: false,
    };
    return this.deps.open({ target, actor: actor ?? `component${++this.actors}`, ns: NS_COMPONENT_ACCEPT });
  }

  /** XEP-0114 §3: the header has 'to' (the component's name) and no version; the answer must carry an id. */
  async opened(actor?: string): Promise<Session> {
    const s = await this.connect(actor);
    await s.open({ to: this.domain, version: undefined, 'xml:lang': undefined });
    return s;
  }

  streamId(s: Session): string {
    const id = s.header?.attrs['id'];
    if (!id)
      throw new ExpectationError("the server's stream header with an 'id' (XEP-0114 §3: the handshake hashes it)", s.header ? describe(s.header) : 'no header');
    return id;
  }

  sendHandshake(s: Session, secret: string = this.secret): void {
    s.send(el('handshake', {}, handshakeDigest(this.streamId(s), secret)));
  }

  async authenticated(actor?: string): Promise<Session> {
    const first = await this.tryHandshake(actor);
    if (first.answer.name === 'handshake' && first.answer.children.length === 0) return first.s;
    // Connecting is setup here: a server that still holds the previous case's component (it ended
    // a moment ago) answers <conflict/>; one more try after a pause, and the result says so.
    if (!isStreamError(first.answer) || streamErrorCondition(first.answer) !== 'conflict') throw notAccepted(first.answer);
    first.s.destroy();
    this.deps.note('setup: the server still held the component (<conflict/>); connected again after 500 ms');
    await sleep(500);
    const again = await this.tryHandshake(actor ? `${actor}-retry` : undefined);
    if (again.answer.name === 'handshake' && again.answer.children.length === 0) return again.s;
    throw notAccepted(again.answer);
  }

  private async tryHandshake(actor?: string): Promise<{ s: Session; answer: XmlElement }> {
    const s = await this.opened(actor);
    this.sendHandshake(s);
    return { s, answer: await s.next({ what: 'the answer to the handshake' }) };
  }
}

function notAccepted(answer: XmlElement): ExpectationError {
  return new ExpectationError('an empty <handshake/> (XEP-0114 §3: the secret is right)', describe(answer));
}
