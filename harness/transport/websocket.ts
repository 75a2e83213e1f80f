// The WebSocket binding (RFC 7395) behind the Transport interface, on undici's WebSocket client.
// The subprotocol 'xmpp' is required (§3.1): a server that does not select it is refused. TLS is
// the wss:// scheme's (there is no STARTTLS inside a WebSocket, §3.6); the certificate must name
// the XMPP domain, as for any XMPP connection (RFC 7590 §3.1), while the URL carries an IP literal.
import { Agent, WebSocket } from 'undici';
import { HarnessError, UnreachableError } from '../errors.js';
import { TransportInbox } from './inbox.js';
import type { TlsInfo, TlsSettings, Transport } from './transport.js';
import { undiciTlsConnect } from './undici-tls.js';
import { fromFrame, toFrame } from './ws-framing.js';

export interface WebSocketEndpoint {
  /** ws:// or wss:// URL, host given as an IP literal */
  readonly url: string;
  /** TLS settings for wss:// (servername = the XMPP domain) */
  readonly tls?: TlsSettings;
  /** the stream's content namespace, added to stanzas that do not declare one (§3.3.3) */
  readonly contentNs?: string;
}

/** The largest message accepted from the server; a bigger one closes the connection. */
const MAX_MESSAGE = 1 << 20;

export class WebSocketTransport implements Transport {
  private readonly inbox = new TransportInbox();

  private constructor(
    private readonly ws: WebSocket,
    private readonly agent: Agent,
    private readonly isSecure: boolean,
    private readonly contentNs: string | undefined,
  ) {
    ws.addEventListener('message', (ev) => this.onMessage(ev.data));
    ws.addEventListener('close', (ev) =>
      this.markClosed(
        ev.code === 1000 || ev.code === 1005 ? 'connection closed by peer' : `WebSocket closed (code ${ev.code}${ev.reason ? `: ${ev.reason}` : ''})`,
      ),
    );
    ws.addEventListener('error', () => this.markClosed('WebSocket error'));
  }

  /** Opens the WebSocket with subprotocol 'xmpp'; rejects with UnreachableError when it cannot. */
  static connect(endpoint: WebSocketEndpoint, timeoutMs: number): Promise<WebSocketTransport> {
    const secure = endpoint.url.startsWith('wss:');
    const agent = new Agent({ connect: undiciTlsConnect(secure, endpoint.tls) });
    return new Promise((resolve, reject) => {
      let ws: WebSocket;
      try {
        ws = new WebSocket(endpoint.url, { protocols: 'xmpp', dispatcher: agent });
      } catch (e) {
        void agent.close();
        reject(new HarnessError('USAGE', `cannot open ${endpoint.url}: ${e instanceof Error ? e.message : String(e)}`));
        return;
      }
      ws.binaryType = 'arraybuffer';
      const fail = (why: string): void => {
        clearTimeout(timer);
        try {
          ws.close();
        } catch {
          /* not open yet */
        }
        void agent.destroy();
        reject(new UnreachableError(`cannot reach ${endpoint.url}: ${why}`));
      };
      const timer = setTimeout(() => fail(`no WebSocket handshake within ${timeoutMs} ms`), timeoutMs);
      ws.addEventListener(
        'error',
        (ev) => {
          const err = (ev as unknown as { error?: unknown }).error;
          const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : '';
          // undici reports a refused upgrade (no 101, or no subprotocol 'xmpp' selected) without a reason
          fail(cause || "the WebSocket handshake failed (no 101 Switching Protocols selecting the subprotocol 'xmpp', RFC 7395 §3.1)");
        },
        { once: true },
      );
      ws.addEventListener(
        'open',
        () => {
          clearTimeout(timer);
          if (ws.protocol !== 'xmpp') {
            ws.close(1002);
            void agent.destroy();
            reject(new UnreachableError(`${endpoint.url} did not select the WebSocket subprotocol 'xmpp' (got '${ws.protocol}'; RFC 7395 §3.1)`));
            return;
          }
          resolve(new WebSocketTransport(ws, agent, secure, endpoint.contentNs));
        },
        { once: true },
      );
    });
  }

  get secure(): boolean {
    return this.isSecure;
  }
  get closed(): boolean {
    return this.inbox.closed;
  }
  /** undici does not expose the TLS session of a WebSocket: no protocol, cipher or channel binding. */
  get tls(): TlsInfo | undefined {
    return undefined;
  }
  get tlsSocket(): undefined {
    return undefined;
  }

  private onMessage(data: unknown): void {
    const text = typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer).toString('utf8');
    if (text.length > MAX_MESSAGE) {
      this.destroy();
      return;
    }
    this.inbox.deliver(fromFrame(text, this.contentNs).text);
  }

  private markClosed(reason: string): void {
    this.inbox.close(reason, () => void this.agent.close().catch(() => undefined));
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.inbox.onData(listener);
  }

  onClose(listener: (reason: string) => void): void {
    this.inbox.onClose(listener);
  }

  /** One write of the stream layer is one WebSocket message (RFC 7395 §3.3.3). */
  write(data: string | Uint8Array): void {
    if (this.inbox.closed || this.ws.readyState !== WebSocket.OPEN) return;
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
    this.ws.send(toFrame(text, this.contentNs));
  }

  startTls(): Promise<TlsInfo> {
    return Promise.reject(new HarnessError('TLS', 'STARTTLS does not exist over WebSocket (RFC 7395 §3.6): use wss://'));
  }

  end(graceMs = 300): void {
    if (this.inbox.closed) return;
    try {
      this.ws.close(1000);
    } catch {
      /* already closing */
    }
    setTimeout(() => this.destroy(), graceMs).unref();
  }

  destroy(): void {
    if (!this.inbox.closed) {
      try {
        this.ws.close(1000);
      } catch {
        /* already closing */
      }
    }
    void this.agent.destroy().catch(() => undefined);
    this.markClosed('closed by us');
  }
}
