// The BOSH binding (XEP-0124, XEP-0206) behind the Transport interface, on an undici Pool of at
// most two connections to the connection manager. The stream layer keeps writing headers,
// stanzas and </stream:stream>; here they become the session creation request (answered from
// its response), restart requests, stanza batches and a terminate request, and the response
// bodies' children become the stream the parser reads. One empty request is kept waiting at the
// connection manager (hold=1) so it can push. TLS is the https:// scheme's (XEP-0206 §2 leaves
// TLS to the HTTP layer); the certificate must name the XMPP domain (RFC 7590 §3.1) while the URL
// carries an IP literal.
import { Pool } from 'undici';
import { HarnessError, LimitError, UnreachableError, XmlError, oneLine } from '../errors.js';
import { STREAM_CLOSE } from '../xml/index.js';
import {
  classifyWrite,
  creationBody,
  describeTerminate,
  initialRid,
  parseBody,
  requestBody,
  restartBody,
  synthesizedHeader,
  terminateBody,
  type InboundBody,
} from './bosh-framing.js';
import { TransportInbox } from './inbox.js';
import type { TlsInfo, TlsSettings, Transport } from './transport.js';
import { undiciTlsConnect } from './undici-tls.js';

export interface BoshEndpoint {
  /** http:// or https:// URL of the connection manager, host given as an IP literal */
  readonly url: string;
  /** the XMPP domain: the session's 'to' */
  readonly domain: string;
  /** the session's xml:lang (default 'en') */
  readonly lang?: string;
  /** TLS settings for https:// (servername = the XMPP domain) */
  readonly tls?: TlsSettings;
  /** seconds we let the connection manager hold a request (default 20; it may lower it) */
  readonly wait?: number;
  /** how much longer than 'wait' a request may take before we give up on it (default 5000 ms) */
  readonly marginMs?: number;
}

/** The largest response body accepted; a bigger one ends the session with a LimitError. */
export const MAX_BOSH_BODY = 1 << 20;
/** Simultaneous requests (and pooled connections): one held at the connection manager, one to send. */
const MAX_REQUESTS = 2;
const DEFAULT_WAIT = 20;
const DEFAULT_MARGIN_MS = 5000;
/** RFC 6120 §6.4.6 <success/>, as parseBody serializes it */
const SASL_SUCCESS = /^<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'[\s/>]/;

type Outgoing =
  | { readonly kind: 'payload'; readonly text: string }
  | { readonly kind: 'restart'; readonly to: string; readonly lang: string }
  | { readonly kind: 'terminate' };

type RequestKind = 'poll' | 'data' | 'restart' | 'terminate';

/** What the connection manager told us at session creation (XEP-0124 §7.2). */
interface SessionParams {
  readonly sid: string;
  readonly wait: number;
  readonly hold: number;
  readonly requests: number;
  readonly polling: number;
  readonly inactivity: number | undefined;
}

interface HttpAnswer {
  readonly body: InboundBody;
}

export class BoshTransport implements Transport {
  private readonly inbox = new TransportInbox();
  /** inbound text held back until the stream layer has written its (first, or restarted) header */
  private readonly gated: string[] = [];
  /** the stream layer has written a header, and no SASL success has come since */
  private opened = false;
  /** the stream layer has written its first header */
  private started = false;
  private terminating = false;
  private terminateSent = false;
  private readonly queue: Outgoing[] = [];
  private readonly outstanding = new Map<number, AbortController>();
  /** answers waiting for earlier rids: XEP-0124 §9 has the client process responses in rid order */
  private readonly answered = new Map<number, { kind: RequestKind; answer: HttpAnswer }>();
  private nextRid: number;
  private nextDelivery: number;
  private pumpScheduled = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private lastRequestAt = Date.now();

  private constructor(
    private readonly pool: Pool,
    private readonly path: string,
    private readonly endpoint: BoshEndpoint,
    private readonly params: SessionParams,
    private readonly header: string,
    firstRid: number,
    creation: InboundBody,
    private readonly marginMs: number,
  ) {
    this.nextRid = firstRid + 1;
    this.nextDelivery = firstRid + 1;
    this.gated.push(...creation.children);
    this.schedulePump();
  }

  /**
   * Sends the session creation request and waits (up to `timeoutMs`) for its answer. Rejects with
   * UnreachableError when the connection manager cannot be reached, answers with an HTTP error,
   * refuses the session, or sends something that is not a BOSH session creation response.
   */
  static async connect(endpoint: BoshEndpoint, timeoutMs: number): Promise<BoshTransport> {
    let url: URL;
    try {
      url = new URL(endpoint.url);
    } catch {
      throw new HarnessError('USAGE', `cannot open ${endpoint.url}: not a URL`);
    }
    const secure = url.protocol === 'https:';
    const pool = new Pool(url.origin, {
      connections: MAX_REQUESTS,
      connect: undiciTlsConnect(secure, endpoint.tls),
    });
    const path = `${url.pathname || '/'}${url.search}`;
    const rid = initialRid();
    const wait = endpoint.wait ?? DEFAULT_WAIT;
    const lang = endpoint.lang ?? 'en';
    let body: InboundBody;
    try {
      body = (await post(pool, path, creationBody({ rid, to: endpoint.domain, lang, wait, hold: 1 }), timeoutMs, 'the session creation request')).body;
    } catch (e) {
      void pool.destroy().catch(() => undefined);
      throw new UnreachableError(`cannot reach ${endpoint.url}: ${reasonOf(e, timeoutMs, 'the session creation request')}`);
    }
    const sid = body.attrs['sid'];
    if (body.terminate || sid === undefined) {
      void pool.destroy().catch(() => undefined);
      const why = body.terminate ? describeTerminate(body.condition) : "a <body/> without 'sid': not a session creation response (XEP-0124 §7.2)";
      throw new UnreachableError(`cannot open a BOSH session at ${endpoint.url}: ${why}`);
    }
    const params: SessionParams = {
      sid,
      wait: positive(body.attrs['wait']) ?? wait,
      hold: nonNegative(body.attrs['hold']) ?? 1,
      requests: Math.min(MAX_REQUESTS, positive(body.attrs['requests']) ?? MAX_REQUESTS),
      polling: nonNegative(body.attrs['polling']) ?? 0,
      inactivity: positive(body.attrs['inactivity']),
    };
    return new BoshTransport(pool, path, endpoint, params, synthesizedHeader(body, endpoint.domain), rid, body, endpoint.marginMs ?? DEFAULT_MARGIN_MS);
  }

  get secure(): boolean {
    return this.endpoint.url.startsWith('https:');
  }
  get closed(): boolean {
    return this.inbox.closed;
  }
  /** undici does not expose the TLS sessions under its pool: no protocol, cipher or channel binding. */
  get tls(): TlsInfo | undefined {
    return undefined;
  }
  get tlsSocket(): undefined {
    return undefined;
  }
  /** The session id the connection manager assigned (XEP-0124 §7.2). */
  get sid(): string {
    return this.params.sid;
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.inbox.onData(listener);
  }

  onClose(listener: (reason: string) => void): void {
    this.inbox.onClose(listener);
  }

  write(data: string | Uint8Array): void {
    if (this.inbox.closed || this.terminating) return;
    const w = classifyWrite(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
    switch (w.kind) {
      case 'header':
        // The first header was answered by the creation response; a later one is a restart
        // (XEP-0206 §5), whose new features may come back in the answer to any request, so the
        // new stream starts now, from our side, as it would over TCP.
        if (this.started) this.queue.push({ kind: 'restart', to: w.to ?? this.endpoint.domain, lang: w.lang ?? this.endpoint.lang ?? 'en' });
        this.started = true;
        this.opened = true;
        this.inbox.deliver(this.header);
        for (const t of this.gated.splice(0)) this.inbox.deliver(t);
        break;
      case 'close':
        this.queue.push({ kind: 'terminate' });
        this.terminating = true;
        break;
      case 'payload':
        this.queue.push({ kind: 'payload', text: w.text });
        break;
      case 'nothing':
        return;
    }
    this.schedulePump();
  }

  startTls(): Promise<TlsInfo> {
    return Promise.reject(new HarnessError('TLS', 'STARTTLS does not exist over BOSH (XEP-0206 §2 leaves TLS to HTTP): use https://'));
  }

  /** Ends the session (a terminate request unless one went out), then drops it after `graceMs`. */
  end(graceMs = 300): void {
    if (this.inbox.closed) return;
    if (!this.terminating) {
      this.terminating = true;
      this.queue.push({ kind: 'terminate' });
      this.schedulePump();
    }
    setTimeout(() => this.destroy(), graceMs).unref();
  }

  destroy(): void {
    this.markClosed('closed by us');
  }

  /**
   * Requests go out one turn of the event loop after whatever prompted them: writes of one turn go
   * together in one <body/>, and what the stream layer writes in reaction to an answer goes
   * instead of the empty request that would otherwise replace it. Two requests sent back to back
   * on two connections can reach the connection manager in either order; ejabberd 23.01 was seen
   * to answer neither of an empty request and an <auth/> sent together (8 logins in 40).
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /**
   * Sends what can go now. XEP-0124 §11: never more than 'requests' requests at the connection
   * manager; an empty one only when fewer than 'hold' are waiting there, so it always has one to
   * answer with pushed data. With hold='0' (polling) empty requests are spaced by 'polling'.
   */
  private pump(): void {
    while (!this.inbox.closed && this.outstanding.size < this.params.requests) {
      const next = this.queue[0];
      if (next === undefined) {
        if (this.terminating) return;
        if (this.outstanding.size >= this.params.hold) {
          if (this.params.hold === 0 && this.outstanding.size === 0) this.schedulePoll();
          return;
        }
        this.send('poll', (rid) => requestBody(rid, this.params.sid, []));
        continue;
      }
      if (next.kind === 'restart') {
        this.queue.shift();
        this.send('restart', (rid) => restartBody(rid, this.params.sid, next.to, next.lang));
        continue;
      }
      // A run of payloads, up to a restart; a terminate right after them carries them.
      const payloads: string[] = [];
      while (this.queue[0]?.kind === 'payload') payloads.push((this.queue.shift() as { text: string }).text);
      if (this.queue[0]?.kind === 'terminate') {
        this.queue.shift();
        this.queue.length = 0;
        this.terminateSent = true;
        this.send('terminate', (rid) => terminateBody(rid, this.params.sid, payloads));
        return;
      }
      this.send('data', (rid) => requestBody(rid, this.params.sid, payloads));
    }
  }

  private schedulePoll(): void {
    if (this.pollTimer) return;
    // Polling mode: no sooner than 'polling' seconds after the last request, and before 'inactivity' runs out.
    const spacing = Math.max(this.params.polling * 1000, 200);
    const limit = this.params.inactivity !== undefined ? Math.max(this.params.inactivity * 1000 - 1000, 200) : spacing;
    const delay = Math.max(0, Math.min(spacing, limit) - (Date.now() - this.lastRequestAt));
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      if (this.inbox.closed || this.outstanding.size) return;
      this.send('poll', (rid) => requestBody(rid, this.params.sid, []));
    }, delay);
    this.pollTimer.unref();
  }

  private send(kind: RequestKind, build: (rid: number) => string): void {
    const rid = this.nextRid++;
    const ac = new AbortController();
    this.outstanding.set(rid, ac);
    this.lastRequestAt = Date.now();
    const timeoutMs = this.params.wait * 1000 + this.marginMs;
    const what = `the request with rid ${rid}`;
    post(this.pool, this.path, build(rid), timeoutMs, what, ac).then(
      (answer) => {
        this.outstanding.delete(rid);
        if (this.inbox.closed) return;
        this.answered.set(rid, { kind, answer });
        this.deliver();
        this.schedulePump();
      },
      (e: unknown) => {
        this.outstanding.delete(rid);
        if (this.inbox.closed) return;
        this.markClosed(`BOSH: ${reasonOf(e, timeoutMs, what)}`);
      },
    );
  }

  /** Hands answers to the stream in rid order. */
  private deliver(): void {
    for (let a = this.answered.get(this.nextDelivery); a && !this.inbox.closed; a = this.answered.get(this.nextDelivery)) {
      this.answered.delete(this.nextDelivery);
      this.nextDelivery += 1;
      const { kind, answer } = a;
      for (const t of answer.body.children) {
        this.inbound(t);
        // After SASL success what follows belongs to the restarted stream: it waits for our new header.
        if (SASL_SUCCESS.test(t)) this.opened = false;
      }
      if (answer.body.terminate || kind === 'terminate') {
        this.inbound(STREAM_CLOSE);
        // After our terminate, whatever ends the session is the answer to it.
        this.markClosed(this.terminateSent ? 'BOSH session terminated' : describeTerminate(answer.body.condition));
      }
    }
  }

  private inbound(text: string): void {
    if (this.opened) this.inbox.deliver(text);
    else this.gated.push(text);
  }

  private markClosed(reason: string): void {
    this.inbox.close(reason, () => {
      clearTimeout(this.pollTimer);
      for (const ac of this.outstanding.values()) ac.abort();
      this.outstanding.clear();
      void this.pool.destroy().catch(() => undefined);
    });
  }
}

/** One POST of a <body/>, bounded in time and size; resolves with the parsed answer. */
async function post(pool: Pool, path: string, body: string, timeoutMs: number, what: string, ac = new AbortController()): Promise<HttpAnswer> {
  const timer = setTimeout(() => ac.abort(new TimeoutAbort()), timeoutMs);
  try {
    const res = await pool.request({
      path,
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body,
      signal: ac.signal,
      headersTimeout: timeoutMs + 1000,
      bodyTimeout: timeoutMs + 1000,
    });
    if (res.statusCode !== 200) {
      res.body.resume();
      throw new HarnessError('CLOSED', httpStatusReason(res.statusCode));
    }
    const declared = Number(res.headers['content-length'] ?? NaN);
    if (declared > MAX_BOSH_BODY) {
      res.body.destroy();
      throw new LimitError(`the answer to ${what} is ${declared} bytes, over the ${MAX_BOSH_BODY}-byte cap`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_BOSH_BODY) {
        res.body.destroy();
        throw new LimitError(`the answer to ${what} is over the ${MAX_BOSH_BODY}-byte cap`);
      }
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      return { body: parseBody(text, MAX_BOSH_BODY) };
    } catch (e) {
      if (e instanceof XmlError) throw new HarnessError('XML', `the answer to ${what} is not a BOSH <body/>: ${oneLine(e)}`);
      throw e;
    }
  } finally {
    clearTimeout(timer);
  }
}

class TimeoutAbort extends HarnessError {
  override readonly name = 'TimeoutAbort';
  constructor() {
    super('TIMEOUT', 'the request ran past its deadline');
  }
}

/** One line for why a request failed. */
function reasonOf(e: unknown, timeoutMs: number, what: string): string {
  if (e instanceof TimeoutAbort || (e instanceof Error && (e.cause instanceof TimeoutAbort || /HeadersTimeout|BodyTimeout/.test(e.name)))) {
    return `no answer to ${what} within ${timeoutMs} ms`;
  }
  if (e instanceof HarnessError) return e.message;
  if (e instanceof Error && e.name === 'AbortError') return `${what} was aborted`;
  const text = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
  const hint = /certificate|self.signed|unable to verify|altnames/i.test(text) ? '; pass --ca FILE or --tls-insecure' : '';
  return `${oneLine(text)}${hint}`;
}

/** XEP-0124 §17.4 (legacy HTTP error codes) and the usual meanings of the rest. */
function httpStatusReason(status: number): string {
  const why: Record<number, string> = {
    400: 'bad request',
    403: 'forbidden (policy violation)',
    404: 'not found (no BOSH connection manager at this path, or an unknown session)',
  };
  return `HTTP ${status}${why[status] ? ` ${why[status]}` : ''}`;
}

function positive(v: string | undefined): number | undefined {
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function nonNegative(v: string | undefined): number | undefined {
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
