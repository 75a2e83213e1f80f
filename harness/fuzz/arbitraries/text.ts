// Character data and attribute values that XML 1.0 and RFC 6120 §11 allow: literal characters
// (Unicode edge cases included, see chars.ts), the five predefined entities and character
// references (§11.1 keeps both), and, in text, CDATA sections (§11.1 does not restrict them).
import fc from 'fast-check';
import { TEXT_RANGES, charFrom } from './chars.js';

export interface XmlTextConstraints {
  /** Most pieces (characters, references, CDATA sections); default 12. */
  readonly maxPieces?: number;
}

const literal = charFrom(TEXT_RANGES);

/** §4.1 references, decimal and hex, BMP and astral, and whitespace as references (kept verbatim). */
const REFERENCES = ['&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#233;', '&#xE9;', '&#x1F600;', '&#128512;', '&#x9;', '&#10;', '&#xD;', '&#x10FFFF;', '&#xFEFF;', '&#x0000041;'];
const reference = fc.constantFrom(...REFERENCES);

/** A CDATA section: any characters but the terminator (§2.7), '<' and '&' included. */
const cdata = fc.array(fc.oneof(literal, fc.constantFrom('<', '&', '<x/>', '&amp;', ']]')), { maxLength: 4 }).map((parts) => {
  const body = parts.join('').replace(/\]\]>/g, ']] >');
  // a body ending in ']' gives ']]]>': legal (the section ends at the last three characters)
  return `<![CDATA[${body}]]>`;
});

/**
 * Character data. ']]>' may not appear literally in content (§2.4), so a literal '>' right after
 * ']]' is written '&gt;' (in a map after generation, so values still shrink).
 */
export function xmlText(constraints: XmlTextConstraints = {}): fc.Arbitrary<string> {
  return fc
    .array(
      fc.oneof(
        { weight: 12, arbitrary: literal.map((text) => ({ kind: 'literal' as const, text })) },
        { weight: 2, arbitrary: reference.map((text) => ({ kind: 'markup' as const, text })) },
        { weight: 1, arbitrary: cdata.map((text) => ({ kind: 'markup' as const, text })) },
      ),
      { maxLength: constraints.maxPieces ?? 12 },
    )
    .map(joinText);
}

function joinText(parts: readonly { readonly kind: 'literal' | 'markup'; readonly text: string }[]): string {
  let out = '';
  for (const p of parts) out += p.kind === 'literal' && p.text === '>' && out.endsWith(']]') ? '&gt;' : p.text;
  return out;
}

export type Quote = "'" | '"';

/**
 * The pieces of an attribute value: no raw '<' or '&' (§3.1 WFC: No < in Attribute Values).
 * Tabs, newlines and CR are allowed (§3.3.3 turns them into spaces); references to them stay
 * verbatim. Either quote may be among the pieces: renderAttrValue escapes the one in use.
 */
export function attrPieces(constraints: XmlTextConstraints = {}): fc.Arbitrary<string[]> {
  return fc.array(fc.oneof({ weight: 8, arbitrary: literal }, { weight: 1, arbitrary: reference }), { maxLength: constraints.maxPieces ?? 8 });
}

export function renderAttrValue(pieces: readonly string[], quote: Quote): string {
  const escaped = quote === "'" ? '&apos;' : '&quot;';
  return pieces.map((p) => (p === quote ? escaped : p)).join('');
}

/** An attribute value to be written between the given quotes. */
export function attrValue(quote: Quote, constraints: XmlTextConstraints = {}): fc.Arbitrary<string> {
  return attrPieces(constraints).map((pieces) => renderAttrValue(pieces, quote));
}
