// Public API of the jid module: XMPP addresses (RFC 7622) and the PRECIS profiles (RFC 8264-8266).
export {
  parseJid,
  parseJidGeneral,
  fastCanonicalJid,
  formatJid,
  jidEquals,
  enforceLocalpart,
  enforceResourcepart,
  MAX_INPUT_LENGTH,
  type JidPart,
  type JidResult,
  type ValidJid,
  type InvalidJid,
} from './jid.js';
export { bareJid, sameBareJid, sameJid } from './compare.js';
export { enforceDomain, isIpv6, DomainError, type Domain, type DomainRule } from './domain.js';
export { profiles, usernameCaseMapped, usernameCasePreserved, opaqueString, nickname, type PrecisProfile, type ProfileName } from './profiles.js';
export { PrecisError, checkStringClass, derivedProperty, type PrecisRule, type StringClass, type DerivedProperty } from './precis.js';
export { bidiRuleViolation, hasRtl } from './bidi.js';
export { punycodeDecode, punycodeEncode, PunycodeError } from './punycode.js';
export { prepareOpaqueString } from './opaque-string.js';
export { UNICODE_DATA_VERSION, warmUp } from './unicode-data.js';
