// Invalid pieces of an XMPP stream, one RFC 6120 §11 (or XML 1.0 / Namespaces in XML) rule
// broken by each, with the rule named. §11.1 forbids comments, processing instructions, internal
// or external DTD subsets, internal or external entity references and references to entities
// other than the five predefined ones; §11.3 requires namespace well-formedness; §11.6 requires
// UTF-8 and reads U+FEFF as a zero width no-break space wherever it is (so one before the root is
// character data outside it). XML 1.0 §2.2 limits the characters, §2.3 the names, §3 the tags.
import fc from 'fast-check';
import * as twin from './twin.js';
import { BAD_UTF8, FORBIDDEN_CHAR_REFS, FORBIDDEN_CODE_POINTS, SURROGATE_HALVES, hex } from './chars.js';
import { xmlNameTwin } from './xml-name.js';

/** The rule a violation breaks, as a short stable id (tests and regression vectors key on it). */
export type ViolationRule =
  | 'comment'
  | 'processing-instruction'
  | 'misplaced-xml-declaration'
  | 'dtd'
  | 'internal-entity'
  | 'external-entity'
  | 'undefined-entity'
  | 'unbalanced-tags'
  | 'duplicate-attribute'
  | 'undeclared-prefix'
  | 'forbidden-character'
  | 'forbidden-character-reference'
  | 'bad-utf8'
  | 'surrogate-half'
  | 'leading-bom'
  | 'bad-markup';

export interface Violation {
  readonly rule: ViolationRule;
  /** What is wrong, citing the rule. */
  readonly reason: string;
  /** Where it goes: between stanzas (default), in the prolog before the root, or first of all. */
  readonly where: 'content' | 'prolog' | 'start';
  /** The piece as a JS string (for string-only rules: the lone surrogate is in here). */
  readonly text: string;
  /** Raw bytes that are not UTF-8 (bad-utf8 only); else the piece is `text` encoded. */
  readonly bytes?: readonly number[];
  /** True when no UTF-8 byte stream can carry it (a lone surrogate): only string targets get it. */
  readonly stringOnly?: boolean;
}

export interface RestrictedXmlConstraints {
  /** Only violations that can be written into a live stream as text (no bad bytes, no lone surrogates, nothing before the header). */
  readonly wireSafe?: boolean;
}

const v = (rule: ViolationRule, text: string, reason: string, where: Violation['where'] = 'content'): Violation => ({ rule, text, reason, where });
const word = xmlNameTwin({ ascii: true, maxLength: 4 });
/** The five predefined entities (XML 1.0 §4.6) are defined: renamed away (a map, no filter). */
const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const undefinedEntity = twin.map(word, (w) => (PREDEFINED.has(w) ? `${w}x` : w));

const content: twin.Twin<Violation>[] = [
  twin.map(word, (w) => v('comment', `<!--${w}-->`, 'a comment between stanzas (RFC 6120 §11.1)')),
  twin.map(word, (w) => v('comment', `<message><body>${w}<!--${w}--></body></message>`, 'a comment inside a stanza (RFC 6120 §11.1)')),
  twin.map(word, (w) => v('processing-instruction', `<?${w} data?>`, 'a processing instruction (RFC 6120 §11.1)')),
  twin.map(word, (w) => v('processing-instruction', `<message><?${w}?></message>`, 'a processing instruction inside a stanza (RFC 6120 §11.1)')),
  twin.constant(v('misplaced-xml-declaration', "<?xml version='1.0'?>", 'an XML declaration after the stream header (XML 1.0 §2.8; RFC 6120 §11.1)')),
  twin.map(undefinedEntity, (w) =>
    v(
      'undefined-entity',
      `<message><body>a&${w};b</body></message>`,
      `a reference to the undefined entity '${w}' (RFC 6120 §11.1; XML 1.0 WFC: Entity Declared)`,
    ),
  ),
  twin.map(undefinedEntity, (w) =>
    v('undefined-entity', `<message id='&${w};'/>`, `a reference to the undefined entity '${w}' in an attribute (RFC 6120 §11.1)`),
  ),
  twin.map(word, (w) =>
    v('unbalanced-tags', `<message><${w}></message>`, 'an element left open inside a stanza (XML 1.0 WFC: Element Type Match; RFC 6120 §11.3)'),
  ),
  twin.map(word, (w) => v('unbalanced-tags', `<message></${w}>`, 'an end tag that does not match its start tag (XML 1.0 WFC: Element Type Match)')),
  twin.constant(v('unbalanced-tags', '</message>', 'an end tag without its start tag (XML 1.0 §3; RFC 6120 §11.3)')),
  twin.map(word, (w) => v('duplicate-attribute', `<message ${w}='1' ${w}='2'/>`, 'a duplicate attribute (XML 1.0 WFC: Unique Att Spec)')),
  twin.map(word, (w) =>
    v(
      'duplicate-attribute',
      `<message xmlns:a='urn:x' xmlns:b='urn:x' a:${w}='1' b:${w}='2'/>`,
      'two attributes with the same expanded name (Namespaces in XML 1.0 §6.3)',
    ),
  ),
  twin.map(word, (w) =>
    v('undeclared-prefix', `<${w}:message/>`, `the undeclared element prefix '${w}' (Namespaces in XML 1.0 NSC: Prefix Declared; RFC 6120 §11.3)`),
  ),
  twin.map(word, (w) =>
    v('undeclared-prefix', `<message ${w}:id='1'/>`, `the undeclared attribute prefix '${w}' (Namespaces in XML 1.0 NSC: Prefix Declared)`),
  ),
  twin.map(twin.constantFrom(...FORBIDDEN_CODE_POINTS), (cp) =>
    v('forbidden-character', `<message><body>x${String.fromCodePoint(cp)}y</body></message>`, `${hex(cp)}, a character XML 1.0 §2.2 forbids`),
  ),
  twin.map(twin.constantFrom(...FORBIDDEN_CODE_POINTS), (cp) =>
    v('forbidden-character', `<message id='x${String.fromCodePoint(cp)}'/>`, `${hex(cp)} in an attribute value, a character XML 1.0 §2.2 forbids`),
  ),
  twin.map(twin.constantFrom(...FORBIDDEN_CHAR_REFS), (r) =>
    v('forbidden-character-reference', `<message><body>${r}</body></message>`, `${r} refers to a character XML 1.0 forbids (WFC: Legal Character)`),
  ),
];

/** Violations below the character layer: raw bytes or UTF-16 units a text stream cannot carry. */
const encoding: twin.Twin<Violation>[] = [
  twin.map(twin.constantFrom(...BAD_UTF8), ({ bytes, what }) => ({
    ...v(
      'bad-utf8',
      '<message><body>a\uFFFDb</body></message>',
      `bytes ${bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')}: ${what}, not UTF-8 (RFC 6120 §11.6; RFC 3629)`,
    ),
    bytes,
  })),
  twin.map(twin.constantFrom(...SURROGATE_HALVES), (h) => ({
    ...v(
      'surrogate-half',
      `<message><body>a${h}b</body></message>`,
      `a lone surrogate half ${hex(h.charCodeAt(0))}, not a Unicode scalar value (XML 1.0 §2.2)`,
    ),
    stringOnly: true,
  })),
];

const markup: twin.Twin<Violation>[] = [
  twin.constant(v('bad-markup', "<message id='a<b'/>", "a raw '<' in an attribute value (XML 1.0 WFC: No < in Attribute Values)")),
  twin.constant(v('bad-markup', '<message><body>a & b</body></message>', "a bare '&' in character data (XML 1.0 §2.4)")),
  twin.constant(v('bad-markup', '<message><body>a]]>b</body></message>', "']]>' in character data (XML 1.0 §2.4)")),
  twin.map(twin.constantFrom('1abc', '-x', '.y'), (n) => v('bad-markup', `<${n}/>`, `'${n}' is not an XML name (XML 1.0 §2.3)`)),
  twin.constant(v('bad-markup', "<message id='x'y'/>", 'text after a closed attribute value (XML 1.0 §3.1)')),
  twin.constant(v('bad-markup', '<message id=x/>', 'an unquoted attribute value (XML 1.0 §3.1)')),
];

const prolog: twin.Twin<Violation>[] = [
  twin.constant(v('dtd', '<!DOCTYPE stream:stream>', 'a document type declaration (RFC 6120 §11.1)', 'prolog')),
  twin.map(word, (w) =>
    v('internal-entity', `<!DOCTYPE stream:stream [<!ENTITY ${w} '${w}'>]>`, `an internal entity declaration of '${w}' (RFC 6120 §11.1)`, 'prolog'),
  ),
  twin.constant(v('external-entity', "<!DOCTYPE stream:stream SYSTEM 'http://127.0.0.1:9/x.dtd'>", 'an external DTD subset (RFC 6120 §11.1)', 'prolog')),
  twin.map(word, (w) =>
    v(
      'external-entity',
      `<!DOCTYPE stream:stream [<!ENTITY ${w} SYSTEM 'file:///etc/passwd'>]>`,
      `an external entity declaration of '${w}' (RFC 6120 §11.1)`,
      'prolog',
    ),
  ),
  twin.constant(v('comment', '<!--x-->', 'a comment before the stream header (RFC 6120 §11.1)', 'prolog')),
];

const start: twin.Twin<Violation>[] = [
  twin.constant(
    v(
      'leading-bom',
      '\uFEFF',
      'U+FEFF before the stream header: RFC 6120 §11.6 reads it as a zero width no-break space even there, i.e. character data before the root (XML 1.0 §2.1), and forbids sending a BOM',
      'start',
    ),
  ),
];

export interface ViolationConstraints extends RestrictedXmlConstraints {
  /** Only these rules; default all. */
  readonly rules?: readonly ViolationRule[];
}

const ALL = [...content, ...encoding, ...markup, ...prolog, ...start];
const WIRE_SAFE = new Set([...content, ...markup]);

/** Each entry's rule is fixed: read once from one sample (deterministic, seed 0). */
const RULE_OF = new Map(ALL.map((a) => [a, fc.sample(a.arb, { numRuns: 1, seed: 0 })[0]?.rule] as const));

/** Every rule some violation breaks, in a stable order. */
export const VIOLATION_RULES: readonly ViolationRule[] = [...new Set(ALL.map((a) => RULE_OF.get(a)).filter((r): r is ViolationRule => r !== undefined))];

/** A violation; `wireSafe`: only those a live stream can carry as text between stanzas; `rules`: only these. */
export function violation(constraints: ViolationConstraints = {}): fc.Arbitrary<Violation> {
  return violationTwin(constraints).arb;
}

/** violation with its fast twin (twin.ts). */
export function violationTwin(constraints: ViolationConstraints = {}): twin.Twin<Violation> {
  const rules = constraints.rules ? new Set(constraints.rules) : undefined;
  const picked = ALL.filter((a) => (!constraints.wireSafe || WIRE_SAFE.has(a)) && (!rules || rules.has(RULE_OF.get(a) as ViolationRule)));
  if (picked.length === 0) throw new RangeError(`no violation matches ${JSON.stringify(constraints)}`);
  return twin.oneofOf(...picked);
}
