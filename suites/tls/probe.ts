// TLS cases measured with the probe of `xmpp-conformance tls` (harness/probe): what versions, suites and
// certificate the server offers any client, beyond the one session the other cases negotiate.
// RFC 7590 §1 makes the TLS best current practice (BCP 195, now RFC 9325) binding for XMPP.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import {
  offerLegacySuites,
  probeCertificateFor,
  probeCiphersFor,
  probeVersionsFor,
  type CaseProbeTarget,
  type CertificateReport,
  type CipherInfo,
  type LegacySuiteClass,
  type TlsVersion,
} from '../../harness/probe/index.js';

/** The run's target as the probe takes it. */
export function probeTarget(t: CaseContext): CaseProbeTarget {
  return {
    scheme: t.target.scheme,
    host: t.target.host,
    port: t.target.port,
    domain: t.target.domain,
    ...(t.target.ca !== undefined ? { ca: t.target.ca } : {}),
    timeoutMs: t.timeout,
  };
}

const label = (v: TlsVersion): string => v.replace('TLSv', 'TLS ').replace(/ 1$/, ' 1.0');

function versionCase(version: 'TLSv1.2' | 'TLSv1.3', level: 'MUST' | 'SHOULD', requirements: string[]) {
  const slug = version === 'TLSv1.2' ? '1-2' : '1-3';
  return defineCase({
    id: `rfc9325/tls/supports-tls-${slug}`,
    title: `a client offering only ${label(version)} completes the handshake`,
    area: 'tls',
    role: 'server',
    refs: [
      { rfc: 9325, section: '3.1.1', level },
      { rfc: 7590, section: '1', level: 'MUST' },
    ],
    requirements,
    tags: ['tls-version', 'probe'],
    async run(t) {
      const results = await t.step(`one handshake per TLS version`, () => probeVersionsFor(probeTarget(t)));
      const r = results.find((x) => x.version === version);
      if (!r || r.accepted === null) return t.skip(`this Node.js/OpenSSL cannot offer ${label(version)}${r?.error ? ` (${r.error})` : ''}`);
      const seen =
        results
          .filter((x) => x.accepted)
          .map((x) => label(x.version))
          .join(', ') || 'none';
      t.check(r.accepted, `a ${label(version)} handshake`, `refused (${r.error ?? 'no reason given'}); accepted: ${seen}`);
      t.note(`accepted: ${seen}`);
    },
  });
}

// RFC 9325 §3.1.1: TLS 1.2 MUST be supported (for interoperability), TLS 1.3 SHOULD be.
export const supportsTls12 = versionCase('TLSv1.2', 'MUST', ['rfc9325-3.1.1-support-tls-1-2', 'rfc7525-3.1.1-prefer-tls12']);
export const supportsTls13 = versionCase('TLSv1.3', 'SHOULD', ['rfc9325-3.1.1-support-tls-1-3']);

const names = (cs: readonly CipherInfo[]): string => cs.map((c) => `${c.name} (${label(c.version)})`).join(', ');

/** One hand-written ClientHello offering only the `cls` suites: the server must not choose one. */
async function legacyRefused(t: CaseContext, cls: LegacySuiteClass, what: string): Promise<void> {
  const r = await t.step(`a ClientHello offering only ${what} suites`, () => offerLegacySuites(probeTarget(t), cls));
  t.check(r.accepted === undefined, `no ${what} suite chosen`, r.answer);
}

export const noWeakSuites = defineCase({
  id: 'rfc9325/tls/no-weak-cipher-suites',
  title: 'no suite with NULL encryption, RC4, under 112 bits (EXPORT, DES) or anonymous key exchange is accepted',
  area: 'tls',
  role: 'server',
  refs: [
    { rfc: 9325, section: '4.1', level: 'MUST NOT' },
    { rfc: 7465, section: '2', level: 'MUST NOT' },
    { rfc: 6120, section: '5.4.3.1', level: 'MUST' },
  ],
  requirements: ['rfc9325-4.1-no-null-suites', 'rfc9325-4.1-no-rc4-suites', 'rfc9325-4.1-no-suites-under-112-bits', 'rfc6120-5.4.3.1-present-certificate'],
  tags: ['cipher', 'probe'],
  async run(t) {
    const scan = await t.step('one handshake per cipher suite', () => probeCiphersFor(probeTarget(t)));
    const all = scan.ciphers.flatMap((v) => v.accepted);
    if (all.length === 0) return t.skip('no TLS version this node can test was accepted');
    // RFC 9325 §4.1: never NULL encryption, never RC4 (also RFC 7465 §2), never under 112 bits of
    // security (EXPORT and single DES). An anonymous suite leaves the server without the certificate
    // RFC 6120 §5.4.3.1 has it present.
    const bad = all.filter((c) => c.anonymous || c.weak.some((w) => ['NULL', 'RC4', 'EXPORT', 'DES'].includes(w)) || c.bits < 112);
    const untested = scan.untestable.map((u) => u.what).join('; ');
    t.check(bad.length === 0, 'no NULL, RC4, EXPORT, DES or anonymous suite accepted', () => `accepted: ${names(bad)}`);
    // Node's OpenSSL cannot offer RC4, EXPORT or single DES, so those are offered in hand-written hellos
    await legacyRefused(t, 'rc4', 'RC4 (RFC 7465 §2)');
    await legacyRefused(t, 'under-112', 'EXPORT or single-DES (under 112 bits)');
    t.note(`${all.length} suites accepted, none weak${untested ? `; not offerable from this node: ${untested}` : ''}`);
  },
});

export const noStaticKeyExchange = defineCase({
  id: 'rfc9325/tls/no-static-key-exchange',
  title: 'no TLS 1.2 suite with static RSA or static DH key exchange (no forward secrecy) is accepted',
  area: 'tls',
  role: 'server',
  refs: [{ rfc: 9325, section: '4.1', level: 'SHOULD NOT' }],
  requirements: ['rfc9325-4.1-no-static-rsa', 'rfc9325-4.1-no-static-dh'],
  tags: ['cipher', 'probe'],
  async run(t) {
    const scan = await t.step('one handshake per cipher suite', () => probeCiphersFor(probeTarget(t)));
    const legacy = scan.ciphers.filter((v) => v.version !== 'TLSv1.3').flatMap((v) => v.accepted);
    if (legacy.length === 0) return t.skip('the server accepts no TLS version below 1.3, where every suite is forward-secret');
    // RFC 9325 §4.1: key transport with the server's RSA key, and DH with a fixed (certificate) key,
    // leave past sessions readable by whoever later gets that key.
    const stat = legacy.filter((c) => !c.forwardSecrecy);
    t.check(stat.length === 0, 'only ECDHE/DHE key exchange below TLS 1.3', () => `${stat.length} static suites accepted: ${names(stat)}`);
    // OpenSSL 3 has no static (EC)DH suite to offer, so they go in a hand-written hello
    await legacyRefused(t, 'static-dh', 'static DH or ECDH');
  },
});

async function certificateOf(t: CaseContext): Promise<CertificateReport> {
  const report = await t.step('read the certificate', () => probeCertificateFor(probeTarget(t)));
  if (!report || !report.chain[0]) return t.fail('a server certificate on a TLS 1.2 or 1.3 handshake', 'no handshake presented one');
  return report;
}

export const certificateWithinValidity = defineCase({
  id: 'rfc5280/tls/certificate-within-validity',
  title: "the server's certificate is within its validity period (notBefore ≤ now ≤ notAfter)",
  area: 'tls',
  role: 'server',
  refs: [
    { rfc: 5280, section: '6.1.3', level: 'MUST' },
    { rfc: 6120, section: '13.7.2', level: 'MUST' },
  ],
  requirements: ['rfc5280-6.1.3-validity-period'],
  tags: ['certificate', 'probe'],
  async run(t) {
    const leaf = (await certificateOf(t)).chain[0];
    if (!leaf) return;
    // RFC 5280 §6.1.3 (a)(2): path validation fails when the current time is outside the validity
    // period, so every client following RFC 6120 §13.7.2 rejects this certificate.
    const span = `valid ${leaf.notBefore} to ${leaf.notAfter}`;
    t.check(!leaf.expired, 'a certificate that has not expired', `expired: ${span}`);
    t.check(!leaf.notYetValid, 'a certificate already valid', `not yet valid: ${span}`);
    t.note(`${leaf.daysLeft} days left`);
  },
});

export const certificateKeySize = defineCase({
  id: 'rfc9325/tls/certificate-key-size',
  title: "the server's RSA (or DSA) certificate key has at least 2048 bits",
  area: 'tls',
  role: 'server',
  refs: [{ rfc: 9325, section: '4.5', level: 'MUST' }],
  requirements: ['rfc9325-4.5-rsa-2048'],
  tags: ['certificate', 'probe'],
  async run(t) {
    const leaf = (await certificateOf(t)).chain[0];
    if (!leaf) return;
    const k = leaf.key;
    // RFC 9325 §4.5: servers authenticating with RSA use a modulus of 2048 bits or more. EC keys are
    // judged by their curve (224 bits and up is only RECOMMENDED there), so they are noted, not failed.
    if (k.type !== 'rsa' && k.type !== 'rsa-pss' && k.type !== 'dsa') {
      t.note(`${k.type} key${k.curve ? ` on ${k.curve}` : ''}${k.bits ? ` (${k.bits} bits)` : ''}: not an RSA key`);
      return;
    }
    t.check((k.bits ?? 0) >= 2048, 'an RSA key of at least 2048 bits', `${k.type} ${k.bits ?? '?'} bits`);
    t.note(`${k.type} ${k.bits ?? '?'} bits`);
  },
});

/**
 * RFC 6120 §13.7.1.2 with RFC 6125 §6: the certificate names the XMPP domain by one of the identifier
 * types XMPP uses: a DNS-ID, an SRV-ID for `_xmpp-client.DOMAIN` (RFC 4985), or an XmppAddr
 * (id-on-xmppAddr). The CN counts only when the SAN has no DNS-ID, SRV-ID or URI-ID (RFC 6125 §6.4.4).
 */
export async function certificateNamesDomain(t: CaseContext): Promise<void> {
  const report = await certificateOf(t);
  const n = report.names;
  const leaf = report.chain[0];
  const san = (leaf?.san ?? []).map((e) => ('value' in e ? `${e.type}:${e.value}` : e.type)).join(', ') || '(no subjectAltName)';
  t.check(
    n.matched,
    `a certificate naming '${t.target.domain}' as DNS-ID, SRV-ID _xmpp-client.${t.target.domain} or XmppAddr`,
    `SAN: ${san}; CN: ${leaf?.commonName ?? '(none)'}`,
  );
  t.note(`matched by ${n.matchedBy.join(', ')}`);
}
