// What the harness reads from an X.509 certificate's DER itself (RFC 5280 §4.1), where node's
// X509Certificate gives no structured answer: the signature algorithm (with its parameters) and the
// subjectAltName, including the otherNames XMPP uses: id-on-xmppAddr (RFC 6120 §13.7.1.4) and
// id-on-dnsSRV (RFC 4985 §2). Used by the TLS probe and by SASL channel binding (RFC 5929 §4.1).
import { childrenOf, content, decodeOid, readTlv, type Tlv } from './der.js';

export const OID_SAN = '2.5.29.17';
export const OID_XMPP_ADDR = '1.3.6.1.5.5.7.8.5';
export const OID_DNS_SRV = '1.3.6.1.5.5.7.8.7';
export const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';

export type SanEntry =
  | { readonly type: 'dns'; readonly value: string }
  | { readonly type: 'ip'; readonly value: string }
  | { readonly type: 'uri'; readonly value: string }
  | { readonly type: 'email'; readonly value: string }
  | { readonly type: 'xmppAddr'; readonly value: string }
  | { readonly type: 'srv'; readonly value: string }
  | { readonly type: 'otherName'; readonly oid: string; readonly value: string }
  | { readonly type: 'other'; readonly tag: number };

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signature }. */
function topLevel(der: Uint8Array): { cert: Tlv; tbs: Tlv; alg: Tlv } | undefined {
  const cert = readTlv(der, 0);
  if (!cert || cert.tag !== 0x30) return undefined;
  const [tbs, alg] = childrenOf(der, cert);
  if (!tbs || tbs.tag !== 0x30 || !alg || alg.tag !== 0x30) return undefined;
  return { cert, tbs, alg };
}

export interface SignatureAlgorithmId {
  readonly oid: string;
  /** the AlgorithmIdentifier's parameters, when present (RSASSA-PSS names its hash there) */
  readonly params?: Tlv;
}

/** The certificate's outer signatureAlgorithm (RFC 5280 §4.1.1.2). */
export function signatureAlgorithm(der: Uint8Array): SignatureAlgorithmId | undefined {
  const top = topLevel(der);
  if (!top) return undefined;
  const [oid, params] = childrenOf(der, top.alg);
  if (!oid || oid.tag !== 0x06) return undefined;
  return { oid: decodeOid(content(der, oid)), ...(params ? { params } : {}) };
}

export function signatureAlgorithmOid(der: Uint8Array): string | undefined {
  return signatureAlgorithm(der)?.oid;
}

/** Signature algorithms by OID: a name for reports, and the one hash they use (none for EdDSA, PSS). */
const SIGNATURES: Readonly<Record<string, { readonly name: string; readonly hash?: string }>> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  [OID_RSASSA_PSS]: { name: 'RSASSA-PSS' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.3.101.112': { name: 'Ed25519' },
  '1.3.101.113': { name: 'Ed448' },
  '1.2.840.10040.4.3': { name: 'dsa-with-sha1', hash: 'sha1' },
  '2.16.840.1.101.3.4.3.1': { name: 'dsa-with-sha224', hash: 'sha224' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa-with-sha256', hash: 'sha256' },
};

export function signatureAlgorithmName(oid: string): string {
  return SIGNATURES[oid]?.name ?? oid;
}

/** The hash a signature algorithm uses, by OID; undefined for EdDSA, RSASSA-PSS (see pssHash) and unknown ones. */
export function signatureHash(oid: string): string | undefined {
  return SIGNATURES[oid]?.hash;
}

const HASH_OIDS: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** RFC 4055 §3.1: RSASSA-PSS-params begins with [0] hashAlgorithm, SHA-1 when absent. */
export function pssHash(der: Uint8Array, params: Tlv | undefined): string | undefined {
  if (!params || params.tag !== 0x30) return 'sha1';
  const first = readTlv(der, params.start, params.end);
  if (!first || first.tag !== 0xa0) return 'sha1';
  const algId = readTlv(der, first.start, first.end);
  const oid = algId && algId.tag === 0x30 ? readTlv(der, algId.start, algId.end) : undefined;
  if (!oid || oid.tag !== 0x06) return undefined;
  return HASH_OIDS[decodeOid(content(der, oid))];
}

/** TBSCertificate (RFC 5280 §4.1): the extensions sit in the [3] EXPLICIT field. */
function extensions(der: Uint8Array): Tlv[] {
  const top = topLevel(der);
  if (!top) return [];
  const ext = childrenOf(der, top.tbs).find((t) => t.tag === 0xa3);
  if (!ext) return [];
  const seq = readTlv(der, ext.start, ext.end);
  return seq && seq.tag === 0x30 ? childrenOf(der, seq) : [];
}

/** The DER of an extension's value (the OCTET STRING's content), by OID. */
export function extensionValue(der: Uint8Array, oid: string): Tlv | undefined {
  for (const e of extensions(der)) {
    const parts = childrenOf(der, e);
    const id = parts[0];
    if (!id || id.tag !== 0x06 || decodeOid(content(der, id)) !== oid) continue;
    const octets = parts[parts.length - 1];
    if (!octets || octets.tag !== 0x04) return undefined;
    return readTlv(der, octets.start, octets.end);
  }
  return undefined;
}

function ipText(b: Uint8Array): string {
  if (b.length === 4) return [...b].join('.');
  if (b.length === 16) {
    const words: string[] = [];
    for (let i = 0; i < 16; i += 2) words.push((((b[i] as number) << 8) | (b[i + 1] as number)).toString(16));
    return words.join(':');
  }
  return Buffer.from(b).toString('hex');
}

/** OtherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT ANY } (tagged [0] IMPLICIT in GeneralName). */
function otherName(der: Uint8Array, t: Tlv): SanEntry {
  const [id, wrapped] = childrenOf(der, t);
  if (!id || id.tag !== 0x06) return { type: 'other', tag: t.tag };
  const oid = decodeOid(content(der, id));
  const inner = wrapped && wrapped.tag === 0xa0 ? readTlv(der, wrapped.start, wrapped.end) : undefined;
  const value = inner ? utf8.decode(content(der, inner)) : '';
  if (oid === OID_XMPP_ADDR) return { type: 'xmppAddr', value };
  if (oid === OID_DNS_SRV) return { type: 'srv', value };
  return { type: 'otherName', oid, value };
}

/** Every GeneralName in the SAN extension (RFC 5280 §4.2.1.6), in order; [] when there is none. */
export function parseSubjectAltName(der: Uint8Array): SanEntry[] {
  const names = extensionValue(der, OID_SAN);
  if (!names || names.tag !== 0x30) return [];
  return childrenOf(der, names).map((t): SanEntry => {
    const text = (): string => utf8.decode(content(der, t));
    switch (t.tag) {
      case 0xa0:
        return otherName(der, t);
      case 0x81:
        return { type: 'email', value: text() };
      case 0x82:
        return { type: 'dns', value: text() };
      case 0x86:
        return { type: 'uri', value: text() };
      case 0x87:
        return { type: 'ip', value: ipText(content(der, t)) };
      default:
        return { type: 'other', tag: t.tag };
    }
  });
}
