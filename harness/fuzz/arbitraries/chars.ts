// Character classes the arbitraries draw from. Each class is a list of code-point ranges, so a
// generated character shrinks towards the first (plain ASCII) range.
//
// XML 1.0 (fifth edition) §2.2 allows these characters anywhere in a document:
//   Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
// Everything else (C0 controls but tab/LF/CR, the surrogate block, U+FFFE, U+FFFF) is forbidden,
// raw or as a character reference. §2.3 defines names:
//   NameStartChar ::= ":" | [A-Z] | "_" | [a-z] | [#xC0-#xD6] | [#xD8-#xF6] | [#xF8-#x2FF]
//                   | [#x370-#x37D] | [#x37F-#x1FFF] | [#x200C-#x200D] | [#x2070-#x218F]
//                   | [#x2C00-#x2FEF] | [#x3001-#xD7FF] | [#xF900-#xFDCF] | [#xFDF0-#xFFFD]
//                   | [#x10000-#xEFFFF]
//   NameChar      ::= NameStartChar | "-" | "." | [0-9] | #xB7 | [#x0300-#x036F] | [#x203F-#x2040]
// Namespaces in XML 1.0 removes ':' from names (NCName), which is why no class below has it.
import type fc from 'fast-check';
import * as twin from './twin.js';

export type Range = readonly [number, number];

/** One character from weighted ranges; shrinks towards the first range's first code point. */
export function charFrom(ranges: readonly (readonly [weight: number, range: Range])[]): fc.Arbitrary<string> {
  return charTwin(ranges).arb;
}

/** charFrom with its fast twin (twin.ts). */
export function charTwin(ranges: readonly (readonly [weight: number, range: Range])[]): twin.Twin<string> {
  const { arb } = twin.oneof({}, ...ranges.map(([weight, [lo, hi]]) => ({ weight, twin: twin.map(twin.integer(lo, hi), (cp) => String.fromCodePoint(cp)) })));
  // the oneof's draw spelled out (text is mostly characters): it never recurses, so its depth stays 0
  const lo = ranges.map(([, [l]]) => l);
  const hi = ranges.map(([, [, h]]) => h);
  const upTo: number[] = [];
  let total = 0;
  for (const [w] of ranges) upTo.push((total += w));
  return {
    arb,
    draw(r, bias) {
      const selected = r.nextInt(0, total - 1);
      let i = 0;
      while (selected >= (upTo[i] ?? Infinity)) i++;
      return String.fromCodePoint(twin.drawInteger(r, lo[i] ?? 0, hi[i] ?? 0, bias));
    },
  };
}

/** NameStartChar without ':', weighted towards ASCII but reaching every class, astral included. */
export const NAME_START_RANGES: readonly (readonly [number, Range])[] = [
  [12, [0x61, 0x7a]], // a-z
  [3, [0x41, 0x5a]], // A-Z
  [1, [0x5f, 0x5f]], // _
  [1, [0xc0, 0xd6]], // Latin-1 letters
  [1, [0x370, 0x37d]], // Greek
  [1, [0x37f, 0x1fff]],
  [1, [0x200c, 0x200d]], // ZWNJ, ZWJ: invisible, yet name characters
  [1, [0x3001, 0xd7ff]], // CJK and Hangul
  [1, [0xfdf0, 0xfffd]], // includes U+FEFF, which is a name character in XML 1.0 5th edition
  [1, [0x10000, 0xeffff]], // astral
];

/** NameChar additions: digits, '-', '.', the middle dot, combining marks, undertie. */
export const NAME_MORE_RANGES: readonly (readonly [number, Range])[] = [
  [4, [0x30, 0x39]],
  [1, [0x2d, 0x2e]],
  [1, [0xb7, 0xb7]],
  [1, [0x300, 0x36f]], // combining diacritical marks
  [1, [0x203f, 0x2040]],
];

/**
 * Characters that stand for themselves in character data and attribute values: everything but
 * '<' and '&' (and the quote in use, which the caller removes). Unicode edge cases are weighted
 * in: astral characters, combining marks, RTL letters and marks, ZWJ, U+FEFF inside text,
 * U+FFFD, the last BMP and astral code points, NEL and LINE SEPARATOR, CR (normalized by XML).
 */
export const TEXT_RANGES: readonly (readonly [number, Range])[] = [
  [20, [0x61, 0x7a]],
  [4, [0x20, 0x25]], // space ! " # $ %  (no '&', 0x26)
  [4, [0x27, 0x3b]], // ' ( ) * + , - . / 0-9 : ;  (no '<', 0x3c)
  [3, [0x3d, 0x7e]], // = > ? @ A-Z [ \ ] ^ _ ` a-z { | } ~
  [1, [0x09, 0x0a]], // tab, LF
  [1, [0x0d, 0x0d]], // CR: XML turns CR and CRLF into LF (§2.11), however the input is cut
  [1, [0x7f, 0x9f]], // DEL and C1 controls: allowed in XML 1.0 (discouraged), NEL among them
  [1, [0xa0, 0x2ff]],
  [1, [0x300, 0x36f]], // a combining mark, possibly with nothing before it to combine with
  [1, [0x590, 0x5ff]], // Hebrew (RTL)
  [1, [0x200b, 0x200f]], // ZWSP, ZWNJ, ZWJ, LRM, RLM
  [1, [0x2028, 0x2029]],
  [1, [0xd7f0, 0xd7ff]], // the last code points before the surrogate block
  [1, [0xe000, 0xe0ff]], // private use
  [1, [0xfeff, 0xfeff]], // U+FEFF inside text is a ZWNBSP, not a byte order mark (RFC 6120 §11.6)
  [1, [0xfff0, 0xfffd]],
  [2, [0x1f300, 0x1f64f]], // emoji (astral: a surrogate pair in UTF-16, four bytes in UTF-8)
  [1, [0x20000, 0x2a6df]], // CJK extension B
  [1, [0x10fff0, 0x10ffff]], // the top of the code space (noncharacters, yet XML Chars)
];

/** Characters XML 1.0 §2.2 forbids anywhere, raw or as a reference. */
export const FORBIDDEN_CODE_POINTS: readonly number[] = [0x0, 0x1, 0x8, 0xb, 0xc, 0xe, 0x1f, 0xfffe, 0xffff];

/** Character references to forbidden characters: also out of range or in the surrogate block. */
export const FORBIDDEN_CHAR_REFS: readonly string[] = [
  '&#0;',
  '&#x1;',
  '&#x8;',
  '&#xB;',
  '&#x1F;',
  '&#xD800;',
  '&#xDFFF;',
  '&#xFFFE;',
  '&#xFFFF;',
  '&#x110000;',
  '&#1114112;',
];

/** Unpaired UTF-16 code units: not Unicode scalar values, so no UTF-8 encodes them. */
export const SURROGATE_HALVES: readonly string[] = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];

/** Byte sequences that are not UTF-8 (RFC 3629 §3, §4), each with what is wrong with it. */
export const BAD_UTF8: readonly { readonly bytes: readonly number[]; readonly what: string }[] = [
  { bytes: [0xff], what: 'byte FF never occurs in UTF-8' },
  { bytes: [0xfe], what: 'byte FE never occurs in UTF-8' },
  { bytes: [0x80], what: 'a continuation byte without a lead byte' },
  { bytes: [0xc3, 0x28], what: 'a two-byte lead followed by ASCII' },
  { bytes: [0xe2, 0x82], what: 'a three-byte sequence cut short' },
  { bytes: [0xc0, 0x80], what: 'an overlong NUL' },
  { bytes: [0xe0, 0x80, 0xaf], what: "an overlong '/'" },
  { bytes: [0xed, 0xa0, 0x80], what: 'a UTF-16 surrogate encoded as UTF-8' },
  { bytes: [0xf4, 0x90, 0x80, 0x80], what: 'a code point above U+10FFFF' },
  { bytes: [0xf8, 0x88, 0x80, 0x80, 0x80], what: 'a five-byte sequence' },
];

export function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}
