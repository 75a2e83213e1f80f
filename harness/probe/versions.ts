// Which protocol versions the server accepts: one handshake per version, offering everything we have
// for it (RFC 9325 §3.1.1 says which of them a server may accept).
import type { HandshakeParams, HandshakeResult, ProbeTarget } from './connection.js';
import { handshake } from './connection.js';
import { localCapabilities } from './capabilities.js';
import { mapLimited } from './limit.js';
import { TLS13_SUITES } from './cipher-suites.js';
import { TLS_VERSIONS, type TlsVersion, type VersionResult } from './types.js';

/**
 * The parameters that offer every suite of `version` we can: TLS 1.3 all five suites; older versions
 * OpenSSL's ALL list at security level 0 (TLS 1.0/1.1 need SHA-1 signatures, which level 1 forbids).
 */
export function versionParams(version: TlsVersion): HandshakeParams {
  if (version === 'TLSv1.3') return { minVersion: version, maxVersion: version, ciphersuites: TLS13_SUITES.join(':') };
  return { minVersion: version, maxVersion: version, ciphers: 'ALL:@SECLEVEL=0' };
}

export interface VersionScan {
  readonly results: VersionResult[];
  /** the successful handshakes by version (for the certificate and the default group) */
  readonly handshakes: Partial<Record<TlsVersion, HandshakeResult>>;
  /** every attempt failed before TLS (TCP or the XMPP dialogue): the first such error */
  readonly unreachable?: string;
}

export async function scanVersions(target: ProbeTarget, concurrency: number): Promise<VersionScan> {
  const caps = await localCapabilities();
  const testable = TLS_VERSIONS.filter((v) => caps.versions[v]);
  const attempts = await mapLimited(testable, concurrency, (v) => handshake(target, versionParams(v)));
  const handshakes: Partial<Record<TlsVersion, HandshakeResult>> = {};
  const results: VersionResult[] = [];
  let unreachable: string | undefined;
  let reachedTls = false;
  for (const v of TLS_VERSIONS) {
    const i = testable.indexOf(v);
    const r = i === -1 ? undefined : attempts[i];
    if (!r) {
      results.push({ version: v, accepted: null });
      continue;
    }
    handshakes[v] = r;
    if (r.ok) {
      reachedTls = true;
      results.push({ version: v, accepted: true, cipher: r.cipher.name, ...(r.ephemeral ? { ephemeral: r.ephemeral } : {}) });
    } else {
      if (r.stage === 'tls') reachedTls = true;
      else unreachable ??= r.error;
      results.push({ version: v, accepted: r.stage === 'tls' ? false : null, error: r.error });
    }
  }
  return { results, handshakes, ...(!reachedTls && unreachable ? { unreachable } : {}) };
}
