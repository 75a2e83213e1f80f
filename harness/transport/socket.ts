// TCP and TLS sockets (node:net, node:tls) behind the Transport interface.
import net from 'node:net';
import tls from 'node:tls';
import { HarnessError, UnreachableError } from '../errors.js';
import type { TlsInfo, TlsSettings, Transport } from './transport.js';

export interface SocketEndpoint {
  readonly host: string;
  readonly port: number;
}

function tlsOptions(settings: TlsSettings): tls.ConnectionOptions {
  // SNI must be a host name, never an IP literal (RFC 6066 §3).
  const sni = net.isIP(settings.servername) ? undefined : settings.servername;
  return {
    ...(sni !== undefined ? { servername: sni } : {}),
    ...(settings.ca !== undefined ? { ca: settings.ca } : {}),
    rejectUnauthorized: !settings.insecure,
    checkServerIdentity: (_host, cert) => tls.checkServerIdentity(settings.servername, cert),
    ...(settings.minVersion ? { minVersion: settings.minVersion } : {}),
    ...(settings.maxVersion ? { maxVersion: settings.maxVersion } : {}),
    ...(settings.ciphers ? { ciphers: settings.ciphers } : {}),
    ...(settings.alpn ? { ALPNProtocols: [...settings.alpn] } : {}),
    ...(settings.cert !== undefined && settings.key !== undefined ? { cert: settings.cert, key: settings.key } : {}),
  };
}

function describeTls(socket: tls.TLSSocket): TlsInfo {
  const err = socket.authorizationError;
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? 'unknown',
    authorized: socket.authorized,
    ...(err ? { authorizationError: String(err) } : {}),
    alpn: socket.alpnProtocol,
  };
}

export interface UpgradeOptions {
  /** after the handshake, wait up to this long for a session ticket (TLS 1.3 sends them afterwards) */
  readonly waitForSessionMs?: number;
}

/** How an upgrade ended: the TLS socket (and the last session node handed out), or why not. */
export type TlsUpgrade =
  | { readonly ok: true; readonly socket: tls.TLSSocket; readonly session?: Buffer }
  | { readonly ok: false; readonly timedOut: boolean; readonly error: string; readonly code?: string };

export class SocketTransport implements Transport {
  private socket: net.Socket;
  private tlsSock: tls.TLSSocket | undefined;
  private tlsInfo: TlsInfo | undefined;
  private dataListener: ((chunk: Buffer) => void) | undefined;
  private closeListener: ((reason: string) => void) | undefined;
  private isClosed = false;
  private closeReason = '';
  private readonly onSocketData = (chunk: Buffer): void => this.dataListener?.(chunk);

  private constructor(socket: net.Socket, tlsSocket?: tls.TLSSocket) {
    this.socket = socket;
    if (tlsSocket) {
      this.tlsSock = tlsSocket;
      this.tlsInfo = describeTls(tlsSocket);
    }
    this.attach(socket);
  }

  get secure(): boolean {
    return this.tlsSock !== undefined;
  }
  get closed(): boolean {
    return this.isClosed;
  }
  get tls(): TlsInfo | undefined {
    return this.tlsInfo;
  }
  get tlsSocket(): tls.TLSSocket | undefined {
    return this.tlsSock;
  }

  /** Plain TCP; STARTTLS may follow. */
  static connectTcp(endpoint: SocketEndpoint, timeoutMs: number): Promise<SocketTransport> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: endpoint.host, port: endpoint.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new UnreachableError(`cannot reach ${endpoint.host}:${endpoint.port}: no TCP connection within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new UnreachableError(`cannot reach ${endpoint.host}:${endpoint.port}: ${err.message}`));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        resolve(new SocketTransport(socket));
      });
    });
  }

  /** Direct TLS (XEP-0368): TLS from the first byte, ALPN xmpp-client. */
  static connectTls(endpoint: SocketEndpoint, settings: TlsSettings, timeoutMs: number): Promise<SocketTransport> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ host: endpoint.host, port: endpoint.port, ...tlsOptions(settings) });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new UnreachableError(`cannot reach ${endpoint.host}:${endpoint.port}: no TLS session within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(new UnreachableError(`TLS with ${endpoint.host}:${endpoint.port} failed: ${err.message}`));
      });
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        resolve(new SocketTransport(socket, socket));
      });
    });
  }

  private attach(socket: net.Socket): void {
    socket.on('data', this.onSocketData);
    socket.on('error', (err) => this.markClosed(`socket error: ${err.message}`));
    socket.on('close', () => this.markClosed('connection closed by peer'));
    socket.on('end', () => {
      // The peer half-closed; we close too (XMPP has no use for a half-open stream).
      socket.end();
    });
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

  startTls(settings: TlsSettings, timeoutMs: number): Promise<TlsInfo> {
    if (this.tlsSock) return Promise.reject(new HarnessError('TLS', 'TLS is already established on this stream'));
    return this.upgrade(tlsOptions(settings), timeoutMs).then((r) => {
      if (r.ok) return this.tlsInfo as TlsInfo;
      this.markClosed(`TLS failed: ${r.error}`);
      throw new HarnessError('TLS', r.timedOut ? `TLS handshake did not complete within ${timeoutMs} ms` : `TLS handshake failed: ${r.error}`);
    });
  }

  /**
   * The TLS handshake over this connection with any node:tls options (RFC 6120 §5.4.3.3: after
   * <proceed/>, or from the first byte for direct TLS). Never rejects: a failure is the result, with
   * node's error text, so a prober sees the server's alert. On success the transport carries on over TLS.
   */
  upgrade(options: tls.ConnectionOptions, timeoutMs: number, upgradeOpts: UpgradeOptions = {}): Promise<TlsUpgrade> {
    if (this.tlsSock) return Promise.resolve({ ok: false, timedOut: false, error: 'TLS is already established on this stream' });
    const raw = this.socket;
    raw.removeListener('data', this.onSocketData);
    raw.removeAllListeners('close');
    raw.removeAllListeners('error');
    raw.removeAllListeners('end');
    let lastSession: Buffer | undefined;
    return new Promise<TlsUpgrade>((resolve) => {
      const secure = tls.connect({ ...options, socket: raw });
      secure.on('session', (s: Buffer) => {
        lastSession = s;
      });
      let settled = false;
      const finish = (r: TlsUpgrade): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const timer = setTimeout(() => {
        secure.destroy();
        finish({ ok: false, timedOut: true, error: `no TLS handshake within ${timeoutMs} ms` });
      }, timeoutMs);
      secure.once('error', (err: Error & { code?: string }) => {
        secure.destroy();
        finish({ ok: false, timedOut: false, error: err.message, ...(err.code ? { code: err.code } : {}) });
      });
      secure.once('close', () => finish({ ok: false, timedOut: false, error: 'connection closed during the TLS handshake' }));
      secure.once('secureConnect', () => {
        secure.removeAllListeners('error');
        secure.removeAllListeners('close');
        this.socket = secure;
        this.tlsSock = secure;
        this.tlsInfo = describeTls(secure);
        this.attach(secure);
        const done = (): void => finish({ ok: true, socket: secure, ...(lastSession ? { session: lastSession } : {}) });
        // TLS 1.3 hands out tickets after the handshake; a caller that wants one may wait a moment.
        const wait = upgradeOpts.waitForSessionMs ?? 0;
        if (wait <= 0 || lastSession) return done();
        const t = setTimeout(done, wait);
        secure.once('session', () => {
          clearTimeout(t);
          setImmediate(done);
        });
      });
    });
  }

  async flushed(capMs: number): Promise<void> {
    const until = Date.now() + capMs;
    // the socket's own queue (Node buffers what the kernel has not taken yet); polled, since
    // 'drain' fires only after a write that went over the high-water mark
    while (!this.socket.destroyed && this.socket.writableLength > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  }

  end(graceMs = 500): void {
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
