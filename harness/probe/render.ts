// The human-readable report of `xmpp-conformance tls` (the JSON is the report object itself).
import type { TlsProbeReport } from './types.js';

const yesNo = (b: boolean | null | undefined): string => (b === null || b === undefined ? 'untested' : b ? 'yes' : 'no');

export function renderReport(r: TlsProbeReport): string {
  const out: string[] = [];
  const g = r.grade;
  out.push(`TLS report for ${r.target} (domain ${r.domain}, ${r.mode})`);
  out.push(
    `grade ${g.grade}  (score ${g.score}: protocol ${g.scores.protocol}, key exchange ${g.scores.keyExchange}, cipher ${g.scores.cipher}` +
      (g.ignoringTrust !== g.grade ? `; ${g.ignoringTrust} if the certificate were trusted` : '') +
      ')',
  );
  if (g.cappedBy.length) out.push(`  capped by: ${g.cappedBy.map((c) => `${c.id} (${c.cap})`).join(', ')}`);
  if (g.plusReasons?.length) out.push(`  not A+: ${g.plusReasons.join('; ')}`);
  out.push('');
  out.push('protocols:');
  for (const v of r.versions)
    out.push(
      `  ${v.version.padEnd(8)} ${v.accepted === null ? 'untestable here' : v.accepted ? `accepted${v.ephemeral ? `  (${v.ephemeral.name ?? v.ephemeral.type} ${v.ephemeral.size})` : ''}` : 'refused'}`,
    );
  out.push('cipher suites:');
  for (const v of r.ciphers) {
    const pref = v.serverPreference === null ? 'n/a' : v.serverPreference ? 'server' : 'client';
    out.push(`  ${v.version}: ${v.accepted.length} of ${v.tested} tested accepted; order: ${pref}`);
    for (const c of v.accepted) {
      const eph = c.ephemeral ? ` ${c.ephemeral.name ?? c.ephemeral.type} ${c.ephemeral.size}` : '';
      out.push(
        `    ${c.name.padEnd(32)} ${String(c.bits).padStart(3)} bits  ${c.forwardSecrecy ? 'FS' : 'no-FS'}${c.aead ? ' AEAD' : ''}${eph}${c.weak.length ? `  [${c.weak.join(', ')}]` : ''}`,
      );
    }
  }
  if (r.groups) out.push(`groups (${r.groups.version}): ${r.groups.accepted.join(', ') || '(none)'} of ${r.groups.tested.join(', ')}`);
  const cert = r.certificate;
  if (cert) {
    const leaf = cert.chain[0];
    out.push('certificate:');
    if (leaf) {
      out.push(`  subject ${leaf.subject}; issuer ${leaf.issuer}`);
      out.push(
        `  valid ${leaf.notBefore.slice(0, 10)} → ${leaf.notAfter.slice(0, 10)} (${leaf.expired ? 'EXPIRED' : leaf.notYetValid ? 'NOT YET VALID' : `${leaf.daysLeft} days left`}); key ${leaf.key.type} ${leaf.key.bits ?? '?'}${leaf.key.curve ? ` ${leaf.key.curve}` : ''}; signature ${leaf.signatureAlgorithm.name}`,
      );
      out.push(`  SAN: ${leaf.san.map((e) => ('value' in e ? `${e.type}:${e.value}` : e.type)).join(', ') || '(none)'}`);
    }
    out.push(`  name ${cert.names.domain}: ${cert.names.matched ? `matched by ${cert.names.matchedBy.join(', ')}` : 'NOT matched'}`);
    const ca = cert.trust.ca ? `; --ca: ${cert.trust.ca.trusted ? 'trusted' : `not trusted (${cert.trust.ca.error ?? ''})`}` : '';
    out.push(
      `  chain of ${cert.chain.length}; system store: ${cert.trust.systemStore.trusted ? 'trusted' : `not trusted (${cert.trust.systemStore.error ?? ''})`}${ca}`,
    );
  }
  const st = r.starttls;
  out.push(st.mode === 'starttls' ? 'STARTTLS:' : 'direct TLS:');
  if (st.mode === 'starttls') {
    out.push(`  offered ${yesNo(st.offered)}, required ${yesNo(st.required)}; before TLS: ${(st.featuresBeforeTls ?? []).join(', ') || '(none)'}`);
    out.push(`  mechanisms before TLS: ${(st.mechanismsBeforeTls ?? []).join(' ') || '(none)'}`);
    if (st.authWithoutTls)
      out.push(`  <auth mechanism='${st.authWithoutTls.mechanism}'/> without TLS → ${st.authWithoutTls.outcome}: ${st.authWithoutTls.detail}`);
  } else {
    out.push(`  ALPN selected: ${st.alpn ?? 'none'}`);
  }
  out.push(`  mechanisms after TLS: ${st.mechanismsAfterTls.join(' ') || '(none)'}${st.error ? `  (${st.error})` : ''}`);
  if (r.channelBinding) {
    const cb = r.channelBinding;
    out.push(
      `channel binding: ${cb.plusMechanisms.join(' ') || 'no -PLUS mechanism'}; XEP-0440: ${cb.advertisedTypes ? cb.advertisedTypes.join(' ') || '(empty)' : 'not advertised'}; on ${cb.protocol ?? '?'} we can compute ${Object.entries(
        cb.computable,
      )
        .filter(([, v]) => v)
        .map(([k]) => k)
        .join(', ')}`,
    );
  }
  out.push(
    `resumption: ${r.resumption.map((x) => `${x.version} ${x.resumed ? 'resumed' : x.ticketOrIdIssued ? 'not resumed' : 'no ticket'}`).join(', ') || 'not tested'}`,
  );
  out.push('');
  out.push(`findings (${r.findings.length}):`);
  for (const f of r.findings) out.push(`  [${f.severity}] ${f.id}: ${f.message}${f.cap ? ` (caps at ${f.cap})` : ''}\n      ${f.evidence}  — ${f.ref}`);
  out.push('untestable here:');
  for (const u of r.untestable) out.push(`  ${u.what}: ${u.reason}`);
  out.push(`${r.handshakes} connections in ${r.durationMs} ms`);
  return out.join('\n') + '\n';
}
