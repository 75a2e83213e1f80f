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
    const raw = this.socket;
    raw.removeListener('data', this.onSocketData);
    raw.removeAllListeners('close');
    raw.removeAllListeners('error');
    raw.removeAllListeners('end');
    return new Promise((resolve, reject) => {
      const secure = tls.connect({ socket: raw, ...tlsOptions(settings) });
      const timer = setTimeout(() => {
        secure.destroy();
        reject(new HarnessError('TLS', `TLS handshake did not complete within ${timeoutMs} ms`));
      }, timeoutMs);
      secure.once('error', (err) => {
        clearTimeout(timer);
        this.markClosed(`TLS failed: ${err.message}`);
        reject(new HarnessError('TLS', `TLS handshake failed: ${err.message}`));
      });
      secure.once('secureConnect', () => {
        clearTimeout(timer);
        secure.removeAllListeners('error');
        this.socket = secure;
        this.tlsSock = secure;
        this.tlsInfo = describeTls(secure);
        this.attach(secure);
        resolve(this.tlsInfo);
      });
    });
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
