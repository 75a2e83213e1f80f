// Findings derived from the measured facts: each has a stable id, a severity, what we saw, the rule it
// rests on, and the grade cap docs/tls-grading.md gives it. Pure: facts in, findings out.
import type { CipherInfo, Finding, Grade, ProbeFacts, Severity } from './types.js';
import type { Level } from '../spec.js';

interface Def {
  readonly severity: Severity;
  readonly ref: string;
  readonly level?: Level;
  readonly cap?: Grade;
}

/** The catalogue; docs/tls-grading.md lists the same ids, severities and caps. */
export const FINDING_DEFS = {
  'protocol-tls1.0': { severity: 'high', ref: 'RFC 8996 §2; RFC 9325 §3.1.1 (BCP 195)', level: 'MUST NOT', cap: 'B' },
  'protocol-tls1.1': { severity: 'high', ref: 'RFC 8996 §3; RFC 9325 §3.1.1 (BCP 195)', level: 'MUST NOT', cap: 'B' },
  'protocol-no-tls1.3': { severity: 'low', ref: 'RFC 9325 §3.1.1 (BCP 195)', level: 'SHOULD', cap: 'A-' },
  'protocol-no-tls1.2': { severity: 'info', ref: 'RFC 9325 §3.1.1 (BCP 195)', level: 'MUST' },
  'cipher-null': { severity: 'critical', ref: 'RFC 9325 §4.1 (BCP 195)', level: 'MUST NOT', cap: 'F' },
  'cipher-anonymous': { severity: 'critical', ref: 'RFC 9325 §4.1 (BCP 195)', level: 'MUST NOT', cap: 'F' },
  'cipher-export': { severity: 'critical', ref: 'RFC 9325 §4.1 (BCP 195)', level: 'MUST NOT', cap: 'F' },
  'cipher-des': { severity: 'critical', ref: 'RFC 9325 §4.1 (BCP 195)', level: 'MUST NOT', cap: 'F' },
  'cipher-rc4': { severity: 'high', ref: 'RFC 7465 §2; RFC 9325 §4.1 (BCP 195)', level: 'MUST NOT', cap: 'C' },
  'cipher-3des': { severity: 'medium', ref: 'RFC 9325 §4.1 (BCP 195)', level: 'SHOULD NOT', cap: 'C' },
  'cipher-no-forward-secrecy': { severity: 'medium', ref: 'RFC 9325 §4.1, §6.3 (BCP 195)', level: 'SHOULD NOT', cap: 'B' },
  'cipher-no-aead': { severity: 'medium', ref: 'RFC 9325 §4.2 (BCP 195)', level: 'SHOULD', cap: 'B' },
  'cipher-cbc': { severity: 'low', ref: 'RFC 9325 §4.2 (BCP 195)', level: 'SHOULD' },
  'cipher-no-server-preference': { severity: 'low', ref: 'RFC 9325 §4.2.1 (BCP 195)', level: 'SHOULD' },
  'kx-dh-weak': { severity: 'medium', ref: 'RFC 9325 §4.5 (BCP 195)', level: 'SHOULD', cap: 'B' },
  'kx-dh-insecure': { severity: 'critical', ref: 'RFC 9325 §4.5 (BCP 195)', level: 'MUST NOT', cap: 'F' },
  'kx-ecdh-weak': { severity: 'medium', ref: 'RFC 9325 §4.5 (BCP 195)', level: 'SHOULD', cap: 'B' },
  'cert-untrusted': { severity: 'high', ref: 'RFC 6120 §13.7.2.1; RFC 5280 §6.1', level: 'MUST', cap: 'F' },
  'cert-name-mismatch': { severity: 'high', ref: 'RFC 6120 §13.7.2.1; RFC 6125 §6.4', level: 'MUST', cap: 'F' },
  'cert-expired': { severity: 'high', ref: 'RFC 5280 §4.1.2.5, §6.1.3', level: 'MUST', cap: 'F' },
  'cert-not-yet-valid': { severity: 'high', ref: 'RFC 5280 §4.1.2.5, §6.1.3', level: 'MUST', cap: 'F' },
  'cert-weak-key': { severity: 'medium', ref: 'RFC 9325 §4.5 (BCP 195)', level: 'SHOULD', cap: 'B' },
  'cert-insecure-key': { severity: 'critical', ref: 'RFC 9325 §4.5 (BCP 195)', level: 'MUST NOT', cap: 'F' },
  'cert-sha1-signature': { severity: 'medium', ref: 'RFC 9155 §1; RFC 6194 §3', level: 'SHOULD NOT', cap: 'B' },
  'cert-md5-signature': { severity: 'critical', ref: 'RFC 9155 §1; RFC 6151 §2', level: 'MUST NOT', cap: 'F' },
  'cert-cn-only': { severity: 'low', ref: 'RFC 6125 §6.4.4; RFC 9525 §6.3', level: 'SHOULD NOT' },
  'cert-expiring-soon': { severity: 'low', ref: 'RFC 5280 §4.1.2.5' },
  'cert-chain': { severity: 'low', ref: 'RFC 8446 §4.4.2; RFC 5246 §7.4.2' },
  'starttls-optional': { severity: 'medium', ref: 'RFC 6120 §5.3.1; RFC 7590 §3.1', level: 'SHOULD', cap: 'B' },
  'starttls-required-not-announced': { severity: 'low', ref: 'RFC 6120 §5.4.1', level: 'MUST' },
  'starttls-extra-features': { severity: 'low', ref: 'RFC 6120 §5.3.1', level: 'SHOULD NOT' },
  'sasl-plain-before-tls': { severity: 'high', ref: 'RFC 4616 §6', level: 'SHOULD NOT', cap: 'C' },
  'sasl-auth-without-tls': { severity: 'high', ref: 'RFC 6120 §5.3.1, §6.5.3', level: 'MUST', cap: 'C' },
  'channel-binding-none': { severity: 'low', ref: 'RFC 5802 §6; RFC 9266 §3; XEP-0440 §4', level: 'SHOULD' },
  'channel-binding-unusable': { severity: 'low', ref: 'RFC 9266 §3; RFC 8446 §C.5; XEP-0440 §4', level: 'SHOULD' },
  'resumption-none': { severity: 'info', ref: 'RFC 9325 §3.4 (BCP 195)', level: 'MAY' },
  'alpn-not-selected': { severity: 'info', ref: 'XEP-0368 §3; RFC 7301 §3.2', level: 'SHOULD' },
} as const satisfies Record<string, Def>;

export type FindingId = keyof typeof FINDING_DEFS;

/** The ids whose caps concern the certificate's trust, name and dates (the SSL Labs "T/M" family). */
export const TRUST_FINDINGS: readonly FindingId[] = ['cert-untrusted', 'cert-name-mismatch', 'cert-expired', 'cert-not-yet-valid'];

export function finding(id: FindingId, message: string, evidence: string): Finding {
  const d: Def = FINDING_DEFS[id];
  return { id, severity: d.severity, message, evidence, ref: d.ref, ...(d.level ? { level: d.level } : {}), ...(d.cap ? { cap: d.cap } : {}) };
}

const names = (cs: readonly CipherInfo[]): string => cs.map((c) => `${c.name} (${c.version})`).join(', ');

function cipherFindings(facts: ProbeFacts): Finding[] {
  const out: Finding[] = [];
  const all = facts.ciphers.flatMap((v) => v.accepted);
  const having = (w: string): CipherInfo[] => all.filter((c) => c.weak.includes(w));
  const rules: [FindingId, string, string][] = [
    ['cipher-null', 'NULL', 'suites without encryption are accepted'],
    ['cipher-anonymous', 'anonymous', 'anonymous (unauthenticated) key exchange is accepted'],
    ['cipher-export', 'EXPORT', 'export-grade suites are accepted'],
    ['cipher-des', 'DES', 'single-DES (56-bit) suites are accepted'],
    ['cipher-rc4', 'RC4', 'RC4 suites are accepted'],
    ['cipher-3des', '3DES', '3DES suites (64-bit blocks, SWEET32) are accepted'],
  ];
  for (const [id, weak, msg] of rules) {
    const hit = having(weak);
    if (hit.length) out.push(finding(id, msg, names(hit)));
  }
  const noFs = all.filter((c) => !c.forwardSecrecy);
  if (noFs.length) out.push(finding('cipher-no-forward-secrecy', 'suites without forward secrecy (static key exchange) are accepted', names(noFs)));
  const legacy = facts.ciphers.filter((v) => v.version !== 'TLSv1.3');
  const hasAead = all.some((c) => c.aead);
  if (all.length && !hasAead) out.push(finding('cipher-no-aead', 'no AEAD suite is accepted', `accepted: ${names(all)}`));
  const cbc = legacy.flatMap((v) => v.accepted).filter((c) => c.weak.includes('CBC'));
  if (cbc.length && hasAead) out.push(finding('cipher-cbc', 'CBC-mode suites are accepted besides AEAD ones', names(cbc)));
  for (const v of facts.ciphers) {
    const mixed = v.accepted.some((c) => c.weak.length > 0 || !c.forwardSecrecy || c.bits < 128);
    if (v.serverPreference === false && mixed) {
      out.push(
        finding(
          'cipher-no-server-preference',
          `${v.version}: the server follows the client's order although it accepts weaker suites`,
          v.preferenceEvidence ?? '',
        ),
      );
    }
  }
  // RFC 9325 §4.5: DH groups of at least 2048 bits; ECDH curves of at least 224 bits.
  const dh = all.filter((c) => c.ephemeral?.type === 'DH');
  const dhMin = Math.min(...dh.map((c) => c.ephemeral?.size ?? Infinity));
  if (dh.length && dhMin < 1024) out.push(finding('kx-dh-insecure', `DHE uses a ${dhMin}-bit group`, names(dh.filter((c) => (c.ephemeral?.size ?? 0) < 1024))));
  else if (dh.length && dhMin < 2048)
    out.push(finding('kx-dh-weak', `DHE uses a ${dhMin}-bit group (under 2048)`, names(dh.filter((c) => (c.ephemeral?.size ?? 0) < 2048))));
  const ec = [...all.map((c) => c.ephemeral), ...facts.versions.map((v) => v.ephemeral)].filter((e) => e?.type === 'ECDH');
  const smallEc = ec.filter((e) => (e?.size ?? 999) < 224);
  if (smallEc.length)
    out.push(finding('kx-ecdh-weak', 'ECDHE uses a curve under 224 bits', smallEc.map((e) => `${e?.name ?? '?'} (${e?.size} bits)`).join(', ')));
  return out;
}

function certificateFindings(facts: ProbeFacts): Finding[] {
  const cert = facts.certificate;
  if (!cert) return [];
  const out: Finding[] = [];
  const leaf = cert.chain[0];
  if (!leaf) return out;
  if (!cert.trusted) {
    const why = cert.trust.ca
      ? `--ca: ${cert.trust.ca.error ?? 'not trusted'}; system store: ${cert.trust.systemStore.error ?? 'not trusted'}`
      : `system store: ${cert.trust.systemStore.error ?? 'not trusted'}`;
    out.push(finding('cert-untrusted', 'the certificate chain does not verify against the trusted CAs', `${why}; issuer "${leaf.issuer}"`));
  }
  if (!cert.names.matched) {
    const ids = leaf.san.map((e) => ('value' in e ? `${e.type}:${e.value}` : `${e.type}`)).join(', ') || '(no subjectAltName)';
    out.push(
      finding(
        'cert-name-mismatch',
        `the certificate does not name ${cert.names.domain} (DNS-ID, SRV-ID _xmpp-client, or XmppAddr)`,
        `SAN: ${ids}; CN: ${leaf.commonName ?? '(none)'}`,
      ),
    );
  } else if (cert.names.matchedBy.length === 1 && cert.names.commonName) {
    out.push(
      finding(
        'cert-cn-only',
        'the domain is matched only by the subject CN, which RFC 9525 no longer accepts',
        `CN=${leaf.commonName ?? ''}, no DNS-ID in the SAN`,
      ),
    );
  }
  if (leaf.expired) out.push(finding('cert-expired', 'the certificate has expired', `notAfter ${leaf.notAfter}`));
  if (leaf.notYetValid) out.push(finding('cert-not-yet-valid', 'the certificate is not valid yet', `notBefore ${leaf.notBefore}`));
  if (!leaf.expired && leaf.daysLeft < 14)
    out.push(finding('cert-expiring-soon', `the certificate expires in ${leaf.daysLeft} days`, `notAfter ${leaf.notAfter}`));
  const bits = leaf.key.bits ?? 0;
  const rsaLike = leaf.key.type === 'rsa' || leaf.key.type === 'rsa-pss' || leaf.key.type === 'dsa';
  const keyText = `${leaf.key.type} ${bits} bits${leaf.key.curve ? ` (${leaf.key.curve})` : ''}`;
  if ((rsaLike && bits < 1024) || (leaf.key.type === 'ec' && bits < 160))
    out.push(finding('cert-insecure-key', 'the certificate key is far too small', keyText));
  else if ((rsaLike && bits < 2048) || (leaf.key.type === 'ec' && bits < 224))
    out.push(finding('cert-weak-key', 'the certificate key is under 2048 bits (RSA/DSA) or 224 bits (EC)', keyText));
  // A self-signed leaf's own signature carries no trust, so its hash does not matter.
  if (!leaf.selfSigned) {
    const sig = leaf.signatureAlgorithm.name.toLowerCase();
    if (sig.includes('md5')) out.push(finding('cert-md5-signature', 'the certificate is signed with MD5', leaf.signatureAlgorithm.name));
    else if (sig.includes('sha1')) out.push(finding('cert-sha1-signature', 'the certificate is signed with SHA-1', leaf.signatureAlgorithm.name));
  }
  const chainProblems = cert.chainIssues.filter((i) => !i.includes('self-signed'));
  if (chainProblems.length) out.push(finding('cert-chain', 'the chain the server sends has problems', chainProblems.join('; ')));
  return out;
}

function starttlsFindings(facts: ProbeFacts): Finding[] {
  const st = facts.starttls;
  const out: Finding[] = [];
  const auth = st.authWithoutTls;
  const refused =
    auth !== undefined &&
    (auth.outcome === 'stream-error' || auth.outcome === 'closed' || (auth.outcome === 'sasl-failure' && auth.detail.includes('encryption-required')));
  if (st.mode === 'starttls' && st.offered) {
    const mandatory = st.required === true;
    if (!mandatory && !refused) {
      out.push(
        finding(
          'starttls-optional',
          'STARTTLS is optional: a client may carry on without TLS',
          `features before TLS: ${(st.featuresBeforeTls ?? []).join(', ')}; <auth/> without TLS → ${auth ? `${auth.outcome} ${auth.detail}` : 'not tried'}`,
        ),
      );
    }
    if (!mandatory && refused) {
      out.push(
        finding(
          'starttls-required-not-announced',
          'the server refuses to go on without TLS but does not put <required/> in <starttls/>',
          `<auth/> without TLS → ${auth?.outcome} ${auth?.detail}`,
        ),
      );
    }
    const extra = (st.featuresBeforeTls ?? []).filter((f) => !f.startsWith('starttls'));
    if (mandatory && extra.length)
      out.push(finding('starttls-extra-features', 'other features are offered before TLS although TLS is mandatory', extra.join(', ')));
    if (
      mandatory &&
      auth &&
      !refused &&
      auth.outcome !== 'not-attempted' &&
      auth.outcome !== 'timeout' &&
      !(auth.outcome === 'sasl-failure' && /invalid-mechanism|malformed-request|aborted/.test(auth.detail))
    ) {
      out.push(
        finding(
          'sasl-auth-without-tls',
          'with TLS mandatory, the server still processed <auth/> sent before STARTTLS',
          `<auth mechanism='${auth.mechanism}'/> → ${auth.outcome} ${auth.detail}`,
        ),
      );
    }
  }
  const plain = (st.mechanismsBeforeTls ?? []).filter((m) => m === 'PLAIN' || m === 'LOGIN');
  if (plain.length)
    out.push(
      finding(
        'sasl-plain-before-tls',
        `${plain.join(' and ')} offered on the unencrypted stream`,
        `mechanisms before TLS: ${(st.mechanismsBeforeTls ?? []).join(' ')}`,
      ),
    );
  if (st.mode === 'direct-tls' && st.alpn !== 'xmpp-client')
    out.push(finding('alpn-not-selected', "the server did not select ALPN 'xmpp-client'", `selected: ${st.alpn ?? 'none'}`));
  return out;
}

function otherFindings(facts: ProbeFacts): Finding[] {
  const out: Finding[] = [];
  const acc = (v: string): boolean | null | undefined => facts.versions.find((r) => r.version === v)?.accepted;
  if (acc('TLSv1') === true) out.push(finding('protocol-tls1.0', 'TLS 1.0 is accepted', 'a handshake pinned to TLSv1 succeeded'));
  if (acc('TLSv1.1') === true) out.push(finding('protocol-tls1.1', 'TLS 1.1 is accepted', 'a handshake pinned to TLSv1.1 succeeded'));
  if (acc('TLSv1.3') === false)
    out.push(finding('protocol-no-tls1.3', 'TLS 1.3 is not accepted', facts.versions.find((r) => r.version === 'TLSv1.3')?.error ?? 'refused'));
  if (acc('TLSv1.2') === false && acc('TLSv1.3') === true)
    out.push(finding('protocol-no-tls1.2', 'TLS 1.2 is not accepted (TLS 1.3 only): older clients cannot connect', 'a handshake pinned to TLSv1.2 failed'));
  const cb = facts.channelBinding;
  if (cb) {
    if (cb.plusMechanisms.length === 0) {
      out.push(
        finding(
          'channel-binding-none',
          'no SCRAM-*-PLUS mechanism is offered after TLS, so SASL is not bound to the TLS channel',
          `mechanisms after TLS: ${facts.starttls.mechanismsAfterTls.join(' ') || '(none)'}`,
        ),
      );
    } else if (cb.advertisedTypes && !cb.advertisedTypes.some((t) => cb.computable[t])) {
      out.push(
        finding(
          'channel-binding-unusable',
          `the advertised channel-binding types cannot be used on this ${cb.protocol ?? ''} session`,
          `XEP-0440 types: ${cb.advertisedTypes.join(' ')}`,
        ),
      );
    }
  }
  if (facts.resumption.length && facts.resumption.every((r) => !r.resumed)) {
    out.push(
      finding(
        'resumption-none',
        'TLS session resumption did not happen',
        facts.resumption.map((r) => `${r.version}: ${r.ticketOrIdIssued ? 'ticket/id issued, not resumed' : 'no ticket or id'}`).join('; '),
      ),
    );
  }
  return out;
}

const ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** All findings, most severe first. */
export function deriveFindings(facts: ProbeFacts): Finding[] {
  const all = [
    ...otherFindings(facts).filter((f) => f.id.startsWith('protocol')),
    ...cipherFindings(facts),
    ...certificateFindings(facts),
    ...starttlsFindings(facts),
    ...otherFindings(facts).filter((f) => !f.id.startsWith('protocol')),
  ];
  return all.sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
}
