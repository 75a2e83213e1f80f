// Character data and attribute values that XML 1.0 and RFC 6120 §11 allow: literal characters
// (Unicode edge cases included, see chars.ts), the five predefined entities and character
// references (§11.1 keeps both), and, in text, CDATA sections (§11.1 does not restrict them).
import type fc from 'fast-check';
import { TEXT_RANGES, charTwin } from './chars.js';
import * as twin from './twin.js';

export interface XmlTextConstraints {
  /** Most pieces (characters, references, CDATA sections); default 12. */
  readonly maxPieces?: number;
}

const literal = charTwin(TEXT_RANGES);

/** §4.1 references, decimal and hex, BMP and astral, and whitespace as references (kept verbatim). */
const REFERENCES = [
  '&amp;',
  '&lt;',
  '&gt;',
  '&quot;',
  '&apos;',
  '&#233;',
  '&#xE9;',
  '&#x1F600;',
  '&#128512;',
  '&#x9;',
  '&#10;',
  '&#xD;',
  '&#x10FFFF;',
  '&#xFEFF;',
  '&#x0000041;',
];
const reference = twin.constantFrom(...REFERENCES);

/** A CDATA section: any characters but the terminator (§2.7), '<' and '&' included. */
const cdata = twin.map(twin.array(twin.oneofOf(literal, twin.constantFrom('<', '&', '<x/>', '&amp;', ']]')), { maxLength: 4 }), (parts) => {
  const body = parts.join('').replace(/\]\]>/g, ']] >');
  // a body ending in ']' gives ']]]>': legal (the section ends at the last three characters)
  return `<![CDATA[${body}]]>`;
});

/**
 * Character data. ']]>' may not appear literally in content (§2.4), so a literal '>' right after
 * ']]' is written '&gt;' (in a map after generation, so values still shrink).
 */
export function xmlText(constraints: XmlTextConstraints = {}): fc.Arbitrary<string> {
  return xmlTextTwin(constraints).arb;
}

/** xmlText with its fast twin (twin.ts). */
export function xmlTextTwin(constraints: XmlTextConstraints = {}): twin.Twin<string> {
  const piece = twin.oneof<TextPiece>(
    {},
    { weight: 12, twin: twin.map(literal, (text) => ({ kind: 'literal' as const, text })) },
    { weight: 2, twin: twin.map(reference, (text) => ({ kind: 'markup' as const, text })) },
    { weight: 1, twin: twin.map(cdata, (text) => ({ kind: 'markup' as const, text })) },
  );
  const generic = twin.map(twin.array(piece, { maxLength: constraints.maxPieces ?? 12 }), joinText);
  // the same draws without the pieces' objects: 12 in 15 a character, 2 a reference, 1 CDATA
  const length = twin.arrayLength({ maxLength: constraints.maxPieces ?? 12 });
  return twin.custom(generic.arb, (r, bias) => {
    const { n, itemBias } = length(r, bias);
    let out = '';
    for (let i = 0; i < n; i++) {
      const pick = r.nextInt(0, 14);
      if (pick < 12) {
        const c = literal.draw(r, itemBias);
        out += c === '>' && out.endsWith(']]') ? '&gt;' : c;
      } else out += pick < 14 ? reference.draw(r, itemBias) : cdata.draw(r, itemBias);
    }
    return out;
  });
}

interface TextPiece {
  readonly kind: 'literal' | 'markup';
  readonly text: string;
}

function joinText(parts: readonly TextPiece[]): string {
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
  return attrPiecesTwin(constraints).arb;
}

/** attrPieces with its fast twin (twin.ts). */
export function attrPiecesTwin(constraints: XmlTextConstraints = {}): twin.Twin<string[]> {
  const generic = twin.array(twin.oneof({}, { weight: 8, twin: literal }, { weight: 1, twin: reference }), { maxLength: constraints.maxPieces ?? 8 });
  const length = twin.arrayLength({ maxLength: constraints.maxPieces ?? 8 });
  return twin.custom(generic.arb, (r, bias) => {
    const { n, itemBias } = length(r, bias);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(r.nextInt(0, 8) < 8 ? literal.draw(r, itemBias) : reference.draw(r, itemBias));
    return out;
  });
}

export function renderAttrValue(pieces: readonly string[], quote: Quote): string {
  const escaped = quote === "'" ? '&apos;' : '&quot;';
  return pieces.map((p) => (p === quote ? escaped : p)).join('');
}

/** An attribute value to be written between the given quotes. */
export function attrValue(quote: Quote, constraints: XmlTextConstraints = {}): fc.Arbitrary<string> {
  return attrValueTwin(quote, constraints).arb;
}

/** attrValue with its fast twin (twin.ts). */
export function attrValueTwin(quote: Quote, constraints: XmlTextConstraints = {}): twin.Twin<string> {
  return twin.map(attrPiecesTwin(constraints), (pieces) => renderAttrValue(pieces, quote));
}
