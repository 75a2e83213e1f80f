// The server certificate as sent: chain, dates, key, signature algorithm, trust, and the RFC 6125 name
// check with XMPP's identifiers (RFC 6120 §13.7.1.2): DNS-ID, SRV-ID _xmpp-client.DOMAIN, XmppAddr.
import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate } from 'node:tls';
import { parseSubjectAltName, signatureAlgorithmName, signatureAlgorithmOid } from '../util/index.js';
import type { CertificateInfo, CertificateReport, NameCheck, SanEntry, TrustResult } from './types.js';

const DAY = 86_400_000;

/**
 * The certificates node hands back from getPeerCertificate(true), leaf first, following issuer links
 * until a self-signed one or a loop. Node orders them by issuer, so this is the chain as the server sent
 * it plus, when found, the trusted root from the store that verified it.
 */
export function chainDer(peer: DetailedPeerCertificate | undefined): Buffer[] {
  const out: Buffer[] = [];
  const seen = new Set<string>();
  for (let c: DetailedPeerCertificate | undefined = peer; c && c.raw; c = c.issuerCertificate) {
    const fp = c.fingerprint256;
    if (seen.has(fp) || out.length >= 10) break;
    seen.add(fp);
    out.push(c.raw);
    if (c.issuerCertificate === c) break;
  }
  return out;
}

function commonNameOf(subject: string): string | undefined {
  const m = /(?:^|\n)CN=([^\n]*)/.exec(subject);
  return m?.[1];
}

export function describeCertificate(der: Buffer, now: Date = new Date()): CertificateInfo {
  const x = new X509Certificate(der);
  const notBefore = new Date(x.validFrom);
  const notAfter = new Date(x.validTo);
  const key = x.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const type = key.asymmetricKeyType ?? 'unknown';
  let bits = details.modulusLength;
  if (type === 'ec') bits = ({ prime256v1: 256, secp384r1: 384, secp521r1: 521 } as Record<string, number>)[details.namedCurve ?? ''];
  if (type === 'ed25519') bits = 256;
  if (type === 'ed448') bits = 456;
  const oid = signatureAlgorithmOid(der) ?? 'unknown';
  const cn = commonNameOf(x.subject);
  return {
    subject: x.subject.replace(/\n/g, ', '),
    issuer: x.issuer.replace(/\n/g, ', '),
    serialNumber: x.serialNumber,
    fingerprint256: x.fingerprint256,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    daysLeft: Math.floor((notAfter.getTime() - now.getTime()) / DAY),
    expired: now.getTime() > notAfter.getTime(),
    notYetValid: now.getTime() < notBefore.getTime(),
    selfSigned: x.subject === x.issuer && x.verify(x.publicKey),
    isCa: x.ca,
    key: { type, ...(bits !== undefined ? { bits } : {}), ...(details.namedCurve ? { curve: details.namedCurve } : {}) },
    signatureAlgorithm: { oid, name: signatureAlgorithmName(oid) },
    san: parseSubjectAltName(der),
    ...(cn !== undefined ? { commonName: cn } : {}),
  };
}

/**
 * RFC 6125 §6.4.3: a wildcard counts only as the whole left-most label and matches exactly one label.
 * Comparison is case-insensitive (§6.4.1, A-labels compared as ASCII).
 */
export function dnsNameMatches(pattern: string, domain: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const d = domain.toLowerCase().replace(/\.$/, '');
  if (p === d) return true;
  if (!p.startsWith('*.')) return false;
  const rest = p.slice(2);
  const dot = d.indexOf('.');
  return dot > 0 && d.slice(dot + 1) === rest && rest.includes('.');
}

/**
 * The XMPP name check (RFC 6120 §13.7.2.1 with RFC 6125 §6): the domain must appear as a DNS-ID, an
 * SRV-ID for _xmpp-client, or an XmppAddr. The CN-ID is consulted only when the SAN holds no
 * DNS-ID, SRV-ID or URI-ID (RFC 6125 §6.4.4), and RFC 9525 drops even that.
 */
export function checkNames(san: readonly SanEntry[], commonName: string | undefined, domain: string): NameCheck {
  const d = domain.toLowerCase();
  const dnsId = san.some((e) => e.type === 'dns' && dnsNameMatches(e.value, d));
  // RFC 6125 §6.5.1 / RFC 4985: SRV-ID is _Service.Name; the service label for c2s is _xmpp-client.
  const srvId = san.some((e) => e.type === 'srv' && e.value.toLowerCase() === `_xmpp-client.${d}`);
  const xmppAddr = san.some((e) => e.type === 'xmppAddr' && e.value.toLowerCase() === d);
  const hasPresentedIds = san.some((e) => e.type === 'dns' || e.type === 'srv' || e.type === 'uri');
  const cnMatch = !hasPresentedIds && commonName !== undefined && dnsNameMatches(commonName, d);
  const matchedBy = [dnsId ? 'DNS-ID' : '', srvId ? 'SRV-ID' : '', xmppAddr ? 'XmppAddr' : '', cnMatch ? 'CN-ID' : ''].filter(Boolean);
  return { domain: d, dnsId, srvId, xmppAddr, commonName: cnMatch, matched: matchedBy.length > 0, matchedBy };
}

export interface CertificateInputs {
  readonly peer: DetailedPeerCertificate | undefined;
  readonly domain: string;
  readonly systemStore: TrustResult;
  readonly ca?: TrustResult & { readonly file?: string };
  readonly now?: Date;
}

export function certificateReport(input: CertificateInputs): CertificateReport | undefined {
  const ders = chainDer(input.peer);
  if (ders.length === 0) return undefined;
  const chain = ders.map((d) => describeCertificate(d, input.now));
  const leaf = chain[0] as CertificateInfo;
  const names = checkNames(leaf.san, leaf.commonName, input.domain);
  const chainIssues: string[] = [];
  if (leaf.selfSigned) chainIssues.push('the leaf certificate is self-signed');
  const last = chain[chain.length - 1] as CertificateInfo;
  if (!last.selfSigned && !input.systemStore.trusted && !input.ca?.trusted)
    chainIssues.push(`the chain ends at "${last.issuer}", which is neither self-signed nor known`);
  chain.slice(1).forEach((c, i) => {
    if (c.expired) chainIssues.push(`chain certificate #${i + 1} (${c.subject}) expired on ${c.notAfter}`);
  });
  const trusted = input.ca ? input.ca.trusted || input.systemStore.trusted : input.systemStore.trusted;
  return {
    chain,
    names,
    trust: { systemStore: input.systemStore, ...(input.ca ? { ca: input.ca } : {}) },
    trusted,
    chainIssues,
  };
}
