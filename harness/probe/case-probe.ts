// The parts of the probe that conformance cases reuse (suites/tls/): versions, suites and the
// certificate of one c2s endpoint, each measured on demand with the probe's own handshakes (trust is
// never enforced there, so a bad certificate is something a case can judge, not a connection error).
import { certificateReport } from './certificate.js';
import { scanCiphers } from './ciphers.js';
import { handshake, type ProbeTarget } from './connection.js';
import { TLS_VERSIONS, type CertificateReport, type TlsVersion, type Untestable, type VersionCiphers, type VersionResult } from './types.js';
import { TLS13_SUITES } from './cipher-suites.js';
import { scanVersions, versionParams } from './versions.js';

/** Where a case points the probe: the run's target (xmpp:// STARTTLS or xmpps:// direct TLS). */
export interface CaseProbeTarget {
  readonly scheme: string;
  readonly host: string;
  readonly port: number;
  readonly domain: string;
  /** PEM of the run's --ca, for the trust verdict */
  readonly ca?: string;
  readonly timeoutMs: number;
}

const CONCURRENCY = 4;

function probeTarget(t: CaseProbeTarget): ProbeTarget {
  return {
    endpoint: { host: t.host, port: t.port },
    mode: t.scheme === 'xmpps' ? 'direct-tls' : 'starttls',
    domain: t.domain,
    timeoutMs: t.timeoutMs,
    stats: { handshakes: 0 },
  };
}

/** One handshake per protocol version; `accepted: null` where this node cannot test it. */
export async function probeVersionsFor(t: CaseProbeTarget): Promise<readonly VersionResult[]> {
  return (await scanVersions(probeTarget(t), CONCURRENCY)).results;
}

/** What one handshake offering a range of versions negotiated. */
export type NegotiatedVersion = { readonly ok: true; readonly protocol: string } | { readonly ok: false; readonly error: string };

/**
 * One handshake offering every version from `min` to `max` (with every suite of each, old ones at
 * OpenSSL security level 0), so the server's own choice among them shows.
 */
export async function negotiateVersionFor(t: CaseProbeTarget, min: TlsVersion, max: TlsVersion): Promise<NegotiatedVersion> {
  const hs = await handshake(probeTarget(t), {
    minVersion: min,
    maxVersion: max,
    ciphers: 'ALL:@SECLEVEL=0',
    ...(max === 'TLSv1.3' ? { ciphersuites: TLS13_SUITES.join(':') } : {}),
  });
  return hs.ok ? { ok: true, protocol: hs.protocol } : { ok: false, error: `${hs.stage}: ${hs.error}` };
}

export interface CaseCipherScan {
  readonly versions: readonly VersionResult[];
  readonly ciphers: readonly VersionCiphers[];
  readonly untestable: readonly Untestable[];
}

/** Every suite this node can offer, one handshake each, for every version the server accepts. */
export async function probeCiphersFor(t: CaseProbeTarget): Promise<CaseCipherScan> {
  const target = probeTarget(t);
  const vs = await scanVersions(target, CONCURRENCY);
  const accepted = TLS_VERSIONS.filter((v) => vs.results.some((r) => r.version === v && r.accepted === true));
  const cs = await scanCiphers(target, accepted, CONCURRENCY);
  return { versions: vs.results, ciphers: cs.ciphers, untestable: cs.untestable };
}

/**
 * The certificate as the server presents it on the best version it accepts, with the RFC 6125 name
 * check for XMPP and trust against node's store and the run's --ca. Undefined when no handshake worked.
 */
export async function probeCertificateFor(t: CaseProbeTarget, now?: Date): Promise<CertificateReport | undefined> {
  const target = probeTarget(t);
  for (const v of TLS_VERSIONS.slice(0, 2) as TlsVersion[]) {
    const hs = await handshake(target, { ...versionParams(v), ...(t.ca !== undefined ? { ca: t.ca } : {}) });
    if (!hs.ok) continue;
    const store = hs.authorized;
    return certificateReport({
      peer: hs.peer,
      domain: t.domain,
      // With --ca the handshake's own verdict is the CA's; node's store alone is not consulted here.
      systemStore: t.ca === undefined ? { trusted: store, ...(hs.authorizationError ? { error: hs.authorizationError } : {}) } : { trusted: false },
      ...(t.ca !== undefined ? { ca: { trusted: store, ...(hs.authorizationError ? { error: hs.authorizationError } : {}) } } : {}),
      ...(now ? { now } : {}),
    });
  }
  return undefined;
}
