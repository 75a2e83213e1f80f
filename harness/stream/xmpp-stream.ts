// An XMPP stream over a transport (RFC 6120 §4): the parser's events queued as an inbox that
// callers take from with a deadline, plus sending, restarts and the transcript tap.
import { StringDecoder } from 'node:string_decoder';
import { ClosedError, LimitError, TimeoutError, type XmlError } from '../errors.js';
import type { Transport } from '../transport/index.js';
import { StreamParser, serialize, streamOpen, type StreamParserLimits } from '../xml/index.js';
import type { XmlElement } from '../xml/index.js';
import { NS_CLIENT, NS_STREAMS } from '../xml/index.js';

export type StreamEvent =
  | { readonly kind: 'open'; readonly header: XmlElement; readonly declarations: Readonly<Record<string, string>> }
  | { readonly kind: 'element'; readonly el: XmlElement }
  | { readonly kind: 'close' }
  | { readonly kind: 'xml-error'; readonly error: XmlError }
  | { readonly kind: 'eof'; readonly reason: string };

export interface StreamTap {
  push(chunk: string): void;
  flush(): void;
}

export interface XmppStreamOptions {
  readonly tapIn?: StreamTap;
  readonly tapOut?: StreamTap;
  readonly limits?: StreamParserLimits;
  /** at most this many unread events are kept (a flood from the peer is an error, not a leak) */
  readonly maxInbox?: number;
  readonly ns?: string;
  /** sees every event as the parser produces it, before any caller takes it (passive checks) */
  readonly onEvent?: (ev: StreamEvent) => void;
}

/** How many raw bytes of each stream (since the last restart) are kept for header checks. */
const HEAD_CAP = 1024;

export class XmppStream {
  private headChunks: Buffer[] = [];
  private headBytes = 0;

  /**
   * The first bytes the peer sent on the current stream (up to 1 KiB, reset at each restart), as
   * received: for checks the parser cannot see, such as a byte order mark or the XML declaration.
   */
  get rawHead(): Buffer {
    return Buffer.concat(this.headChunks);
  }

  private readonly inbox: StreamEvent[] = [];
  /** handlers that take an element before it is queued (true: handled, not queued) */
  private readonly interceptors: ((el: XmlElement) => boolean)[] = [];
  private waiter: (() => void) | undefined;
  private readonly parser: StreamParser;
  private readonly decoder = new StringDecoder('utf8');
  private eofSeen = false;
  private overflow = false;
  readonly ns: string;

  constructor(
    readonly transport: Transport,
    private readonly opts: XmppStreamOptions = {},
  ) {
    this.ns = opts.ns ?? NS_CLIENT;
    this.parser = new StreamParser(
      {
        onOpen: (header, declarations) => this.push({ kind: 'open', header, declarations }),
        onElement: (el) => this.push({ kind: 'element', el }),
        onClose: () => this.push({ kind: 'close' }),
        onError: (error) => this.push({ kind: 'xml-error', error }),
      },
      opts.limits,
    );
    transport.onData((chunk) => {
      if (this.headBytes < HEAD_CAP) {
        const take = chunk.subarray(0, HEAD_CAP - this.headBytes);
        this.headChunks.push(Buffer.from(take));
        this.headBytes += take.length;
      }
      opts.tapIn?.push(this.decoder.write(chunk));
      this.parser.write(chunk);
    });
    transport.onClose((reason) => {
      opts.tapIn?.push(this.decoder.end());
      opts.tapIn?.flush();
      opts.tapOut?.flush();
      this.parser.end();
      this.eofSeen = true;
      this.push({ kind: 'eof', reason });
    });
  }

  get closed(): boolean {
    return this.eofSeen;
  }

  private push(ev: StreamEvent): void {
    this.opts.onEvent?.(ev);
    if (ev.kind === 'element' && this.interceptors.some((f) => f(ev.el))) return;
    if (this.inbox.length >= (this.opts.maxInbox ?? 10_000)) {
      if (!this.overflow) {
        this.overflow = true;
        this.transport.destroy();
      }
      return;
    }
    this.inbox.push(ev);
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** Bytes exactly as given (deliberately broken input included). */
  sendRaw(data: string | Uint8Array): void {
    this.opts.tapOut?.push(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
    this.transport.write(data);
  }

  send(el: XmlElement): void {
    this.sendRaw(serialize(el, { defaultNs: this.ns, prefixes: { stream: NS_STREAMS } }));
  }

  /** Our stream header (RFC 6120 §4.7). */
  sendOpen(attrs: Readonly<Record<string, string>>): void {
    this.sendRaw(streamOpen(attrs, { ns: this.ns }));
  }

  /** RFC 6120 §4.3.3 / §5.4.3.3 / §6.4.6: after TLS or SASL success both sides start a new stream. */
  restart(): void {
    this.headChunks = [];
    this.headBytes = 0;
    this.parser.reset();
  }

  /**
   * Added: `fn` sees every element as it arrives; one it returns true for is handled there and never
   * queued (e.g. answering the server's own queries to the client, such as disco#info for caps).
   */
  intercept(fn: (el: XmlElement) => boolean): void {
    this.interceptors.push(fn);
  }

  /** Unread events, oldest first (for scanning without consuming). */
  pending(): readonly StreamEvent[] {
    return this.inbox;
  }

  /** Removes and returns the first queued event satisfying `pred`, without waiting. */
  takeIf(pred: (ev: StreamEvent) => boolean): StreamEvent | undefined {
    const i = this.inbox.findIndex(pred);
    if (i === -1) return undefined;
    return this.inbox.splice(i, 1)[0];
  }

  /**
   * Waits (up to `ms`) for the first event satisfying `pred` (default: any), removing it.
   * An 'eof' event is returned to any predicate once nothing else can arrive.
   */
  async take(ms: number, what: string, pred: (ev: StreamEvent) => boolean = () => true): Promise<StreamEvent> {
    if (this.overflow) throw new LimitError('the peer sent more than 10000 unread events; connection dropped');
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.takeIf(pred);
      if (hit) return hit;
      const eof = this.inbox.find((e) => e.kind === 'eof');
      if (eof) return eof;
      const left = deadline - Date.now();
      if (left <= 0) throw new TimeoutError(`${what}: nothing within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.waiter = undefined;
          resolve();
        }, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Fails with ClosedError when the connection is gone and nothing is left to read. */
  assertOpen(what: string): void {
    if (this.eofSeen && this.inbox.length === 0) throw new ClosedError(`${what}: the connection is closed`);
  }

  close(graceMs = 300): void {
    if (!this.transport.closed) this.transport.end(graceMs);
  }

  destroy(): void {
    this.transport.destroy();
  }
}
