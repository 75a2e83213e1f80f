// The server end of one client connection (a socket our listener accepted) behind the core's
// Transport interface, so the core XmppStream, parser and transcript tap work unchanged. TLS here
// is the receiving side of STARTTLS (RFC 6120 §5.4.3): we present a certificate, the client checks it.
import type net from 'node:net';
import tls from 'node:tls';
import { HarnessError } from '../errors.js';
import type { TlsInfo, TlsSettings, Transport } from '../transport/index.js';

/** How a server-side handshake ended: the TLS socket, or why not (node's words). */
export type AcceptTls = { readonly ok: true; readonly socket: tls.TLSSocket } | { readonly ok: false; readonly error: string };

export class AcceptedTransport implements Transport {
  private socket: net.Socket;
  private tlsSock: tls.TLSSocket | undefined;
  private dataListener: ((chunk: Buffer) => void) | undefined;
  private closeListener: ((reason: string) => void) | undefined;
  private isClosed = false;
  private closeReason = '';
  private readonly onSocketData = (chunk: Buffer): void => this.dataListener?.(chunk);

  constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    this.attach(socket);
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
   * RFC 6120 §5.4.3.3: after our <proceed/> the client starts the handshake on the same TCP
   * connection; we answer it with `options` (certificate and key). Never rejects: a failed or
   * abandoned handshake is the result, so a case can judge that the client refused our certificate.
   */
  acceptTls(options: tls.TlsOptions, timeoutMs: number): Promise<AcceptTls> {
    if (this.tlsSock) return Promise.resolve({ ok: false, error: 'TLS is already established on this stream' });
    const raw = this.socket;
    raw.removeListener('data', this.onSocketData);
    raw.removeAllListeners('close');
    raw.removeAllListeners('error');
    raw.removeAllListeners('end');
    return new Promise<AcceptTls>((resolve) => {
      const secure = new tls.TLSSocket(raw, { ...options, isServer: true });
      let settled = false;
      const finish = (r: AcceptTls): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!r.ok) this.markClosed(`TLS failed: ${r.error}`);
        resolve(r);
      };
      const timer = setTimeout(() => {
        secure.destroy();
        finish({ ok: false, error: `no TLS handshake within ${timeoutMs} ms` });
      }, timeoutMs);
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
    this.markClosed('closed by us');
  }
}
