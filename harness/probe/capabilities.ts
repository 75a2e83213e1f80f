// What node's OpenSSL on this machine can test at all, found by handshaking with itself on loopback
// (anonymous ECDH suites, so no certificate is needed). Cached for the process.
import tls from 'node:tls';
import type { TlsVersion, Untestable } from './types.js';

export interface LocalCapabilities {
  readonly versions: Readonly<Record<TlsVersion, boolean>>;
  readonly untestable: readonly Untestable[];
}

let cached: Promise<LocalCapabilities> | undefined;

/** The protocol versions this node can speak as a client (self-test: bounded to 3 s per version). */
export function localCapabilities(): Promise<LocalCapabilities> {
  cached ??= detect();
  return cached;
}

async function selfHandshake(version: tls.SecureVersion): Promise<boolean> {
  if (version === 'TLSv1.3') return true; // node 20's OpenSSL 3 always has it; the default handshake
  const opts = { ciphers: 'aNULL:@SECLEVEL=0', minVersion: version, maxVersion: version } as const;
  let server: tls.Server;
  try {
    // The server side never destroys first: that would drop its last handshake flight (TLS 1.2 Finished).
    server = tls.createServer(opts, (s) => s.on('error', () => undefined));
  } catch {
    return false;
  }
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const addr = server.address();
    if (!addr || typeof addr === 'string') return false;
    return await new Promise<boolean>((resolve) => {
      const c = tls.connect({ host: '127.0.0.1', port: addr.port, rejectUnauthorized: false, ...opts });
      const timer = setTimeout(() => {
        c.destroy();
        resolve(false);
      }, 3000);
      c.once('secureConnect', () => {
        clearTimeout(timer);
        const ok = c.getProtocol() === version;
        c.destroy();
        resolve(ok);
      });
      c.once('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
  } catch {
    return false;
  } finally {
    server.close();
    server.unref();
  }
}

async function detect(): Promise<LocalCapabilities> {
  const ssl = `node ${process.versions.node} with OpenSSL ${process.versions.openssl}`;
  const versions = {
    'TLSv1.3': await selfHandshake('TLSv1.3'),
    'TLSv1.2': await selfHandshake('TLSv1.2'),
    'TLSv1.1': await selfHandshake('TLSv1.1'),
    TLSv1: await selfHandshake('TLSv1'),
  };
  const untestable: Untestable[] = [
    { what: 'SSLv2, SSLv3', reason: `${ssl} cannot speak them (node accepts no minVersion below TLSv1; OpenSSL 3 is built without SSLv3)` },
    { what: 'TLS compression (CRIME), insecure renegotiation, heartbeat', reason: 'node:tls exposes no way to offer or observe these' },
    {
      what: 'extended master secret (RFC 7627)',
      reason: 'node:tls does not report whether it was negotiated; tls-exporter on TLS 1.2 depends on it (RFC 9266 §3)',
    },
    { what: 'certificate revocation (OCSP, CRL)', reason: 'not checked; stapled OCSP responses are not requested' },
  ];
  for (const v of ['TLSv1.1', 'TLSv1'] as const) {
    if (!versions[v]) untestable.push({ what: v, reason: `${ssl} could not complete a ${v} handshake with itself (even at @SECLEVEL=0)` });
  }
  return { versions, untestable };
}
