// fast-check arbitraries for XMPP streams, used as a namespace (`arb.stanza()`).
// Valid values are valid by construction; invalid ones come from their own arbitraries and each
// carries the rule it breaks. Built with map over small pieces, so failures shrink well.
export {
  charFrom,
  FORBIDDEN_CODE_POINTS,
  FORBIDDEN_CHAR_REFS,
  SURROGATE_HALVES,
  BAD_UTF8,
  TEXT_RANGES,
  NAME_START_RANGES,
  NAME_MORE_RANGES,
  hex,
  type Range,
} from './chars.js';
export { cuts, splits, pairSplits, utf8Splits, cutBytes, cutString, type ChunkedConstraints } from './chunked.js';
export { xmlName, type XmlNameConstraints } from './xml-name.js';
export { xmlText, attrValue, attrPieces, renderAttrValue, type XmlTextConstraints, type Quote } from './text.js';
export { element, serializeElement, serializeAttr, type GenElement, type GenAttr, type ElementConstraints } from './element.js';
export { stanza, stanzaData, serializeStanza, type GenStanza, type StanzaConstraints } from './stanza.js';
export { streamHeader, streamHeaderData, STREAM_CLOSE, NS_STREAMS, type GenHeader, type StreamHeaderConstraints } from './stream-header.js';
export { violation, VIOLATION_RULES, type Violation, type ViolationRule, type RestrictedXmlConstraints, type ViolationConstraints } from './restricted-xml.js';
export { validStream, invalidStream, type FuzzInput, type Expectation, type StreamConstraints } from './stream.js';
export { validStreamTwin, invalidStreamTwin } from './stream.js';
export type { Twin } from './twin.js';
