// subjectAltName read from the certificate's DER (RFC 5280 §4.2.1.6), including the otherNames XMPP
// uses: id-on-xmppAddr (RFC 6120 §13.7.1.4) and id-on-dnsSRV (RFC 4985 §2).
import { childrenOf, content, decodeOid, readTlv, type Tlv } from './der.js';
import type { SanEntry } from './types.js';

export const OID_SAN = '2.5.29.17';
export const OID_XMPP_ADDR = '1.3.6.1.5.5.7.8.5';
export const OID_DNS_SRV = '1.3.6.1.5.5.7.8.7';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** TBSCertificate (RFC 5280 §4.1): the extensions sit in the [3] EXPLICIT field. */
function extensions(der: Uint8Array): Tlv[] {
  const cert = readTlv(der, 0);
  if (!cert || cert.tag !== 0x30) return [];
  const tbs = readTlv(der, cert.start, cert.end);
  if (!tbs || tbs.tag !== 0x30) return [];
  const ext = childrenOf(der, tbs).find((t) => t.tag === 0xa3);
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

/** Every GeneralName in the SAN extension, in order; [] when there is none. */
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

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }: the algorithm's OID. */
export function signatureAlgorithmOid(der: Uint8Array): string | undefined {
  const cert = readTlv(der, 0);
  if (!cert || cert.tag !== 0x30) return undefined;
  const [, alg] = childrenOf(der, cert);
  if (!alg || alg.tag !== 0x30) return undefined;
  const oid = readTlv(der, alg.start, alg.end);
  return oid && oid.tag === 0x06 ? decodeOid(content(der, oid)) : undefined;
}

const SIG_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.2.840.10040.4.3': 'dsa-with-sha1',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-sha256',
};

export function signatureAlgorithmName(oid: string): string {
  return SIG_NAMES[oid] ?? oid;
}
