export { withTimeout, sleep } from './deadline.js';
export { seededRandom, hashString, IdSource } from './ids.js';
export { readTlv, childrenOf, decodeOid, content, type Tlv } from './der.js';
export {
  OID_SAN,
  OID_XMPP_ADDR,
  OID_DNS_SRV,
  OID_RSASSA_PSS,
  signatureAlgorithm,
  signatureAlgorithmOid,
  signatureAlgorithmName,
  signatureHash,
  pssHash,
  extensionValue,
  parseSubjectAltName,
  type SanEntry,
  type SignatureAlgorithmId,
} from './x509.js';
export { watchParent, PARENT_POLL_MS, type ParentWatch } from './parent.js';
