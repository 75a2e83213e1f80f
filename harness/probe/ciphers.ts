// Which suites the server accepts per version (one suite per handshake), whose order wins, and which
// key-exchange groups it takes (RFC 9325 §4.1–4.5).
import { handshake, type HandshakeResult, type ProbeTarget } from './connection.js';
import { classifySuite, TLS13_SUITES, tls12Candidates, tls12Only } from './cipher-suites.js';
import { mapLimited } from './limit.js';
import type { CipherInfo, GroupsResult, TlsVersion, Untestable, VersionCiphers } from './types.js';

export interface CipherScan {
  readonly ciphers: VersionCiphers[];
  readonly untestable: Untestable[];
  readonly handshakes: number;
}

function suiteParams(version: TlsVersion, suite: string): { minVersion: TlsVersion; maxVersion: TlsVersion; ciphers?: string; ciphersuites?: string } {
  return version === 'TLSv1.3'
    ? { minVersion: version, maxVersion: version, ciphersuites: suite }
    : { minVersion: version, maxVersion: version, ciphers: `${suite}:@SECLEVEL=0` };
}

// Our own OpenSSL refusing to build the ClientHello is not the server's answer.
function localRefusal(r: HandshakeResult): boolean {
  return !r.ok && /no cipher(s)? (available|match)|NO_CIPHERS_AVAILABLE|no suitable signature|ERR_INVALID_ARG/i.test(r.error);
}

export async function scanCiphers(target: ProbeTarget, versions: readonly TlsVersion[], concurrency: number): Promise<CipherScan> {
  const { offerable, notOfferable } = tls12Candidates();
  const untestable: Untestable[] = [];
  if (notOfferable.length) {
    untestable.push({
      what: `cipher suites ${notOfferable.join(', ')}`,
      reason: `OpenSSL ${process.versions.openssl} in node cannot offer them (not built in, or only in the legacy provider)`,
    });
  }
  let count = 0;
  const ciphers: VersionCiphers[] = [];
  for (const version of versions) {
    const candidates = version === 'TLSv1.3' ? [...TLS13_SUITES] : offerable.filter((n) => version === 'TLSv1.2' || !tls12Only(n));
    const results = await mapLimited(candidates, concurrency, (suite) => handshake(target, suiteParams(version, suite)));
    count += candidates.length;
    const accepted: CipherInfo[] = [];
    let locallyRefused = 0;
    results.forEach((r) => {
      if (r.ok && r.protocol === version) {
        accepted.push({ ...classifySuite(r.cipher.name, r.cipher.standardName, version), ...(r.ephemeral ? { ephemeral: r.ephemeral } : {}) });
      } else if (localRefusal(r)) {
        locallyRefused++;
      }
    });
    const pref = await serverPreference(target, version, accepted);
    count += pref.handshakes;
    ciphers.push({
      version,
      tested: candidates.length - locallyRefused,
      accepted,
      serverPreference: pref.serverPreference,
      ...(pref.evidence ? { preferenceEvidence: pref.evidence } : {}),
    });
  }
  return { ciphers, untestable, handshakes: count };
}

/**
 * Offer two accepted suites in both orders: the same answer twice means the server applies its own
 * order; each time our first choice means it follows the client.
 */
async function serverPreference(
  target: ProbeTarget,
  version: TlsVersion,
  accepted: readonly CipherInfo[],
): Promise<{ serverPreference: boolean | null; evidence?: string; handshakes: number }> {
  if (accepted.length < 2) return { serverPreference: null, evidence: 'fewer than two suites accepted', handshakes: 0 };
  // Prefer a pair that differs in strength, so an ordered server shows its preference.
  const a = accepted[0] as CipherInfo;
  const b = accepted.find((c) => c.bits !== a.bits || c.aead !== a.aead) ?? (accepted[1] as CipherInfo);
  const list = (x: string, y: string): { minVersion: TlsVersion; maxVersion: TlsVersion; ciphers?: string; ciphersuites?: string } =>
    version === 'TLSv1.3'
      ? { minVersion: version, maxVersion: version, ciphersuites: `${x}:${y}` }
      : { minVersion: version, maxVersion: version, ciphers: `${x}:${y}:@SECLEVEL=0` };
  const [ab, ba] = await Promise.all([handshake(target, list(a.name, b.name)), handshake(target, list(b.name, a.name))]);
  if (!ab?.ok || !ba?.ok) return { serverPreference: null, evidence: `order test failed: ${!ab?.ok ? ab?.error : ba?.ok ? '' : ba.error}`, handshakes: 2 };
  const evidence = `offered ${a.name}:${b.name} → ${ab.cipher.name}; offered ${b.name}:${a.name} → ${ba.cipher.name}`;
  if (ab.cipher.name === ba.cipher.name) return { serverPreference: true, evidence, handshakes: 2 };
  if (ab.cipher.name === a.name && ba.cipher.name === b.name) return { serverPreference: false, evidence, handshakes: 2 };
  return { serverPreference: null, evidence, handshakes: 2 };
}

/** Groups node can name in `ecdhCurve` (SSL_CTX_set1_groups_list); ffdhe* only count under TLS 1.3 (RFC 8446 §4.2.7). */
export const GROUP_CANDIDATES: readonly string[] = [
  'X25519',
  'X448',
  'P-256',
  'P-384',
  'P-521',
  'ffdhe2048',
  'ffdhe3072',
  'ffdhe4096',
  'ffdhe6144',
  'ffdhe8192',
];

export async function scanGroups(
  target: ProbeTarget,
  version: TlsVersion,
  concurrency: number,
  ecdheSuite?: string,
): Promise<{ groups: GroupsResult; handshakes: number }> {
  const groups = version === 'TLSv1.3' ? GROUP_CANDIDATES : GROUP_CANDIDATES.filter((g) => !g.startsWith('ffdhe'));
  const base =
    version === 'TLSv1.3'
      ? { minVersion: version, maxVersion: version }
      : { minVersion: version, maxVersion: version, ciphers: `${ecdheSuite ?? 'ECDHE'}:@SECLEVEL=0` };
  const results = await mapLimited(groups, concurrency, (g) => handshake(target, { ...base, ecdhCurve: g }));
  const accepted = groups.filter((_, i) => {
    const r = results[i];
    return r !== undefined && r.ok;
  });
  const tested = groups.filter((_, i) => {
    const r = results[i];
    return r !== undefined && (r.ok || !localRefusal(r));
  });
  return { groups: { version, tested, accepted }, handshakes: groups.length };
}
