// The byte pipe under an XMPP stream. TCP (with an in-place STARTTLS upgrade) and direct TLS
// share one implementation (socket.ts); WebSocket (websocket.ts, RFC 7395) and BOSH (bosh.ts,
// XEP-0124 with XEP-0206) implement the same interface, translating their framing to and from the
// byte stream the stream layer reads and writes.
import type { TLSSocket } from 'node:tls';

export interface TlsSettings {
  /** the XMPP domain: SNI and the name the certificate must carry (RFC 6125, RFC 7590 §3.1) */
  readonly servername: string;
  /** PEM of the CA(s) to trust instead of the system store */
  readonly ca?: string;
  /** accept any certificate (the handshake still happens and is reported) */
  readonly insecure?: boolean;
  readonly minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  readonly maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  /** OpenSSL cipher string (e.g. to lower the security level when probing old protocol versions) */
  readonly ciphers?: string;
  /** XEP-0368 direct TLS announces ALPN 'xmpp-client' */
  readonly alpn?: readonly string[];
  /**
   * PEM certificate (chain) and key the harness presents as a TLS client: a server-to-server
   * stream authenticates the initiating server by it (RFC 6120 §13.7, SASL EXTERNAL).
   */
  readonly cert?: string;
  readonly key?: string;
}

export interface TlsInfo {
  readonly protocol: string | null;
  readonly cipher: string;
  readonly authorized: boolean;
  readonly authorizationError?: string;
  readonly alpn?: string | false | null;
}

export interface Transport {
  readonly secure: boolean;
  readonly closed: boolean;
  readonly tls: TlsInfo | undefined;
  /** the TLS socket once secure: channel binding and certificate inspection need it */
  readonly tlsSocket: TLSSocket | undefined;
  write(data: string | Uint8Array): void;
  /** one listener each; set once by the stream layer */
  onData(listener: (chunk: Buffer) => void): void;
  onClose(listener: (reason: string) => void): void;
  /** RFC 6120 §5.4.3.3: after <proceed/>, the TLS handshake runs over the same TCP connection */
  startTls(settings: TlsSettings, timeoutMs: number): Promise<TlsInfo>;
  /** half-close our side, then destroy after `graceMs` if the peer does not close */
  end(graceMs?: number): void;
  /**
   * Resolves once everything written so far has left this process (handed to the kernel), the
   * connection has closed, or `capMs` has passed. A transport without a local write queue omits it.
   */
  flushed?(capMs: number): Promise<void>;
  destroy(): void;
}
