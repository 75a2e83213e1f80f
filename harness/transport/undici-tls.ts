// TLS for undici dispatchers (WebSocket's Agent, BOSH's Pool): the URL carries an IP literal, yet
// SNI and the certificate check use the XMPP domain, as for any XMPP connection (RFC 7590 §3.1).
import tls from 'node:tls';
import type { TlsSettings } from './transport.js';

/** The TLS part of undici's `connect` options. */
export interface UndiciTlsOptions {
  readonly ca?: string;
  readonly rejectUnauthorized?: boolean;
  readonly servername?: string;
  readonly checkServerIdentity?: (host: string, cert: tls.PeerCertificate) => Error | undefined;
}

/** undici `connect` options: empty for a plain connection or without settings. */
export function undiciTlsConnect(secure: boolean, settings: TlsSettings | undefined): UndiciTlsOptions {
  if (!secure || !settings) return {};
  return {
    ...(settings.ca !== undefined ? { ca: settings.ca } : {}),
    rejectUnauthorized: !settings.insecure,
    servername: settings.servername,
    checkServerIdentity: (_host: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(settings.servername, cert),
  };
}
