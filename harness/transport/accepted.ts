// The server end of one connection (a socket our listener accepted: a client's, or a remote server's) behind the core's
// Transport interface, so the core XmppStream, parser and transcript tap work unchanged. TLS here
// is the receiving side of STARTTLS (RFC 6120 §5.4.3): we present a certificate, the client checks it.
import type net from 'node:net';
import tls from 'node:tls';
import { HarnessError } from '../errors.js';
import type { TlsInfo, TlsSettings, Transport } from './transport.js';
import { SegmentingDuplex } from './segmenter.js';

/** How a server-side handshake ended: the TLS socket, or why not (node's words). */
export type AcceptTls = { readonly ok: true; readonly socket: tls.TLSSocket } | { readonly ok: false; readonly error: string };

export class AcceptedTransport implements Transport {
  private socket: net.Socket;
  private readonly raw: net.Socket;
  private segmenter: SegmentingDuplex | undefined;
  private tlsSock: tls.TLSSocket | undefined;
  private dataListener: ((chunk: Buffer) => void) | undefined;
  private closeListener: ((reason: string) => void) | undefined;
  private isClosed = false;
  private closeReason = '';
  private readonly onSocketData = (chunk: Buffer): void => this.dataListener?.(chunk);

  /**
   * `tlsFirst`: the peer starts with a TLS handshake (XEP-0368 direct TLS), so nothing reads the
   * socket until acceptTls does (a ClientHello that came early must not reach the XML parser).
   */
  constructor(socket: net.Socket, opts: { readonly tlsFirst?: boolean } = {}) {
    this.socket = socket;
    this.raw = socket;
    socket.setNoDelay(true);
    if (!opts.tlsFirst) this.attach(socket);
  }

  get secure(): boolean {
    return this.tlsSock !== undefined;
  }
  get closed(): boolean {
    return this.isClosed;
  }
  get tls(): TlsInfo | undefined {
    const s = this.tlsSock;
    return s ? { protocol: s.getProtocol(), cipher: s.getCipher()?.name ?? 'unknown', authorized: s.authorized } : undefined;
  }
  get tlsSocket(): tls.TLSSocket | undefined {
    return this.tlsSock;
  }

  private attach(socket: net.Socket): void {
    socket.on('data', this.onSocketData);
    socket.on('error', (err) => this.markClosed(`socket error: ${err.message}`));
    socket.on('close', () => this.markClosed('connection closed by the client'));
    socket.on('end', () => socket.end());
  }

  private markClosed(reason: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closeReason = reason;
    this.closeListener?.(reason);
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListener = listener;
  }

  onClose(listener: (reason: string) => void): void {
    this.closeListener = listener;
    if (this.isClosed) listener(this.closeReason);
  }

  write(data: string | Uint8Array): void {
    if (this.isClosed || this.socket.destroyed) return;
    this.socket.write(data);
  }

  /** The initiating side of TLS is the client's; this end only accepts (see acceptTls). */
  startTls(_settings: TlsSettings, _timeoutMs: number): Promise<TlsInfo> {
    return Promise.reject(new HarnessError('TLS', 'the serve transport is the receiving side of STARTTLS; use acceptTls'));
  }

  /**
   * Resolves once our writes have reached the TCP socket: at once, unless TLS ciphertext is being
   * cut into segments (acceptTls with `segment`); then when the last piece is out, or after `capMs`.
   */
  async drained(capMs: number): Promise<void> {
    const seg = this.segmenter;
    if (!seg) return;
    // the TLS layer hands its records to the segmenter a moment after our write
    await new Promise((r) => setImmediate(r));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([seg.idle(), new Promise((r) => (timer = setTimeout(r, capMs)))]);
    clearTimeout(timer);
  }

  /**
   * RFC 6120 §5.4.3.3: after our <proceed/> the client starts the handshake on the same TCP
   * connection; we answer it with `options` (certificate and key). Never rejects: a failed or
   * abandoned handshake is the result, so a case can judge that the client refused our certificate.
   * With `segment`, every TLS record we send reaches the socket cut into writes of that many bytes
   * (handshake included), as a network may deliver it; the deadline then counts from our last piece.
   * `onSecure` runs once the handshake is done and before any data read over TLS is passed on
   * (data can come in the same read as the handshake's end: a parser restart must come first).
   */
  acceptTls(options: tls.TlsOptions, timeoutMs: number, segment = 0, onSecure?: () => void): Promise<AcceptTls> {
    if (this.tlsSock) return Promise.resolve({ ok: false, error: 'TLS is already established on this stream' });
    const raw = this.socket;
    raw.removeListener('data', this.onSocketData);
    raw.removeAllListeners('close');
    raw.removeAllListeners('error');
    raw.removeAllListeners('end');
    return new Promise<AcceptTls>((resolve) => {
      const seg = segment > 0 ? new SegmentingDuplex(raw, segment) : undefined;
      this.segmenter = seg;
      const secure = new tls.TLSSocket(seg ?? raw, { ...options, isServer: true });
      let settled = false;
      const finish = (r: AcceptTls): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!r.ok) this.markClosed(`TLS failed: ${r.error}`);
        resolve(r);
      };
      const expire = (): void => {
        // segmented: waiting while our own pieces trickle out is not the client's delay
        const quietFor = seg ? Date.now() - seg.lastWriteAt : timeoutMs;
        if (seg && (seg.busy || quietFor < timeoutMs)) {
          timer = setTimeout(expire, seg.busy ? timeoutMs : timeoutMs - quietFor);
          return;
        }
        secure.destroy();
        finish({ ok: false, error: `no TLS handshake within ${timeoutMs} ms${seg ? ' of our last segment' : ''}` });
      };
      let timer = setTimeout(expire, timeoutMs);
      secure.once('error', (err) => {
        secure.destroy();
        finish({ ok: false, error: err.message });
      });
      secure.once('close', () => finish({ ok: false, error: 'the client closed the connection during the TLS handshake' }));
      secure.once('secure', () => {
        secure.removeAllListeners('error');
        secure.removeAllListeners('close');
        this.socket = secure;
        this.tlsSock = secure;
        onSecure?.();
        this.attach(secure);
        finish({ ok: true, socket: secure });
      });
    });
  }

  end(graceMs = 300): void {
    if (this.socket.destroyed) return;
    this.socket.end();
    const timer = setTimeout(() => this.socket.destroy(), graceMs);
    timer.unref();
  }

  destroy(): void {
    this.socket.destroy();
    this.raw.destroy();
    this.markClosed('closed by us');
  }
}
