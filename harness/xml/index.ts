// Public API of harness/xml: the element model, namespaces, parser, serializer, builders, descriptions.
export { isElement, child, children, text, childText } from './element.js';
export { stanzaErrorCondition } from './stanza-error.js';
export type { XmlElement, XmlNode } from './element.js';
export * from './ns.js';
export { StreamParser, parseFragment, DEFAULT_STREAM_PARSER_LIMITS } from './stream-parser.js';
export type { StreamParserLimits, StreamParserEvents, ParseFragmentOptions, XmlErrorCondition } from './stream-parser.js';
export { serialize, escapeText, escapeAttr, streamOpen, streamContext, STREAM_CLOSE } from './serialize.js';
export type { SerializeContext, StreamOpenOptions } from './serialize.js';
export { ANY, ABSENT, x, el, xmlTemplate, renderTemplate } from './build.js';
export type { XmlTemplate } from './build.js';
export { describe, describeShort } from './describe.js';
