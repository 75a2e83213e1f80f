// RFC 8265 §4.2: the OpaqueString profile of the PRECIS FreeformClass (RFC 8264), used for passwords
// before SASL (RFC 6120 §6.4 via RFC 7677 §4 / RFC 8265 §4.2, superseding SASLprep for XMPP).
//
// Scope of this file (a later issue implements the full PRECIS framework in precis.ts):
//   covered  - additional mapping of non-ASCII spaces (Zs) to U+0020 (RFC 8265 §4.2.1 / §4.2.2),
//            - NFC (RFC 8265 §4.2.2), no width mapping, no case mapping, no directionality rule,
//            - the FreeformClass derivation of RFC 8264 §8 in its order: Exceptions (RFC 5892 §2.6),
//              Unassigned, ASCII7, JoinControl, OldHangulJamo, PrecisIgnorableProperties
//              (Default_Ignorable_Code_Point, noncharacters), Controls, HasCompat, LetterDigits,
//              OtherLetterDigits, Spaces, Symbols, Punctuation; anything else (Zl, Zp, Cf, Co, Cs)
//              is disallowed,
//            - CONTEXTO rules of RFC 5892 Appendix A.3-A.9 (middle dot, keraia, geresh/gershayim,
//              katakana middle dot, Arabic-Indic digit mixing),
//            - the empty-string rule (RFC 8265 §4.2.2).
//   partial  - CONTEXTJ (RFC 5892 Appendix A.1/A.2): ZWJ and ZWNJ are accepted only directly after a
//              virama (fixed table below); the ZWNJ Joining_Type alternative is not implemented (JS has
//              no Joining_Type property), so such strings are rejected: stricter than the RFC.
//   Unicode version: whatever the running engine's ICU provides (PRECIS is version-agile, RFC 8264 §1).
import { HarnessError } from '../errors.js';

export type PrecisRule =
  | 'empty'
  | 'unassigned'
  | 'surrogate'
  | 'controls'
  | 'ignorable'
  | 'old-hangul-jamo'
  | 'exceptions'
  | 'contextj'
  | 'contexto'
  | 'disallowed';

/** A string the PRECIS profile refuses: `rule` names the category, `codePoint` the offender. */
export class PrecisError extends HarnessError {
  override readonly name = 'PrecisError';
  constructor(
    readonly rule: PrecisRule,
    message: string,
    readonly codePoint?: number,
    readonly index?: number,
  ) {
    // The HarnessErrorCode union has no PRECIS code yet; a bad password is the user's input, so USAGE.
    super('USAGE', message);
  }
}

// RFC 5892 §2.6: code points with fixed derived values regardless of their properties.
const EXCEPTION_PVALID = new Set([0x00df, 0x03c2, 0x06fd, 0x06fe, 0x0f0b, 0x3007]);
const EXCEPTION_DISALLOWED = new Set([0x0640, 0x07fa, 0x302e, 0x302f, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303b]);
const EXCEPTION_CONTEXTO = new Set([
  0x00b7, 0x0375, 0x05f3, 0x05f4, 0x30fb,
  0x0660, 0x0661, 0x0662, 0x0663, 0x0664, 0x0665, 0x0666, 0x0667, 0x0668, 0x0669,
  0x06f0, 0x06f1, 0x06f2, 0x06f3, 0x06f4, 0x06f5, 0x06f6, 0x06f7, 0x06f8, 0x06f9,
]);

// Code points with Canonical_Combining_Class = Virama (9); JS regexes cannot query ccc.
const VIRAMAS = new Set([
  0x094d, 0x09cd, 0x0a4d, 0x0acd, 0x0b4d, 0x0bcd, 0x0c4d, 0x0ccd, 0x0d3b, 0x0d3c, 0x0d4d, 0x0dca,
  0x0e3a, 0x0eba, 0x0f84, 0x1039, 0x103a, 0x1714, 0x1715, 0x1734, 0x17d2, 0x1a60, 0x1b44, 0x1baa,
  0x1bab, 0x1bf2, 0x1bf3, 0x2d7f, 0xa806, 0xa82c, 0xa8c4, 0xa953, 0xa9c0, 0xaaf6, 0xabed, 0x10a3f,
  0x11046, 0x11070, 0x1107f, 0x110b9, 0x11133, 0x11134, 0x111c0, 0x11235, 0x112ea, 0x1134d, 0x11442,
  0x114c2, 0x115bf, 0x1163f, 0x116b6, 0x1172b, 0x11839, 0x1193d, 0x1193e, 0x119e0, 0x11a34, 0x11a47,
  0x11a99, 0x11c3f, 0x11d44, 0x11d45, 0x11d97, 0x11f41, 0x11f42,
]);

const RE_UNASSIGNED = /^\p{Cn}$/u;
const RE_NONCHAR = /^\p{Noncharacter_Code_Point}$/u;
const RE_IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;
const RE_CONTROL = /^\p{Cc}$/u;
const RE_SURROGATE = /^\p{Cs}$/u;
const RE_LETTER_DIGITS = /^[\p{Ll}\p{Lu}\p{Lo}\p{Nd}\p{Lm}\p{Mn}\p{Mc}]$/u;
const RE_OTHER_LETTER_DIGITS = /^[\p{Lt}\p{Nl}\p{No}\p{Me}]$/u;
const RE_SPACES = /^\p{Zs}$/u;
const RE_SYMBOLS = /^[\p{Sm}\p{Sc}\p{Sk}\p{So}]$/u;
const RE_PUNCTUATION = /^\p{P}$/u;
const RE_NON_ASCII_SPACE = /(?!\u0020)\p{Zs}/gu;
const RE_GREEK = /^\p{Script=Greek}$/u;
const RE_HEBREW = /^\p{Script=Hebrew}$/u;
const RE_HIRA_KATA_HAN = /^[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]$/u;

function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

// RFC 5892 §2.9 (Old Hangul Jamo): Hangul_Syllable_Type L, V or T.
function isOldHangulJamo(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0xa960 && cp <= 0xa97f) || (cp >= 0xd7b0 && cp <= 0xd7ff);
}

function fail(rule: PrecisRule, what: string, section: string, cp: number, index: number): never {
  throw new PrecisError(
    rule,
    `OpaqueString: ${hex(cp)} at code point ${index} ${what} (${section}; RFC 8265 §4.2)`,
    cp,
    index,
  );
}

function checkContextJ(cps: readonly number[], i: number): void {
  const cp = cps[i] as number;
  const before = i > 0 ? cps[i - 1] : undefined;
  // RFC 5892 Appendix A.1/A.2: a joiner is allowed after a virama (ZWNJ's joining-type rule: see header).
  if (before === undefined || !VIRAMAS.has(before)) {
    fail('contextj', 'is a join control not preceded by a virama', 'RFC 8264 §9.4, RFC 5892 Appendix A.1-A.2', cp, i);
  }
}

function checkContextO(cps: readonly number[], i: number): void {
  const cp = cps[i] as number;
  const ch = (n: number | undefined): string => (n === undefined ? '' : String.fromCodePoint(n));
  const ok = ((): boolean => {
    // RFC 5892 Appendix A.3: MIDDLE DOT only between two 'l'.
    if (cp === 0x00b7) return cps[i - 1] === 0x6c && cps[i + 1] === 0x6c;
    // Appendix A.4: KERAIA must be followed by a Greek character.
    if (cp === 0x0375) return RE_GREEK.test(ch(cps[i + 1]));
    // Appendix A.5/A.6: GERESH and GERSHAYIM must follow a Hebrew character.
    if (cp === 0x05f3 || cp === 0x05f4) return RE_HEBREW.test(ch(cps[i - 1]));
    // Appendix A.7: KATAKANA MIDDLE DOT needs some Hiragana, Katakana or Han elsewhere in the string.
    if (cp === 0x30fb) return cps.some((c, j) => j !== i && c !== 0x30fb && RE_HIRA_KATA_HAN.test(ch(c)));
    // Appendix A.8/A.9: Arabic-Indic and Extended Arabic-Indic digits must not be mixed.
    if (cp >= 0x0660 && cp <= 0x0669) return !cps.some((c) => c >= 0x06f0 && c <= 0x06f9);
    if (cp >= 0x06f0 && cp <= 0x06f9) return !cps.some((c) => c >= 0x0660 && c <= 0x0669);
    return false;
  })();
  if (!ok) fail('contexto', 'breaks its contextual rule', 'RFC 8264 §9.2, RFC 5892 Appendix A.3-A.9', cp, i);
}

/** Checks one code point against the FreeformClass derivation (RFC 8264 §8), in its order. */
function checkFreeform(cps: readonly number[], i: number): void {
  const cp = cps[i] as number;
  const ch = String.fromCodePoint(cp);
  // 1. Exceptions (RFC 8264 §9.2, RFC 5892 §2.6).
  if (EXCEPTION_PVALID.has(cp)) return;
  if (EXCEPTION_DISALLOWED.has(cp)) fail('exceptions', 'is disallowed by the exceptions list', 'RFC 8264 §9.2, RFC 5892 §2.6', cp, i);
  if (EXCEPTION_CONTEXTO.has(cp)) return checkContextO(cps, i);
  // 2. BackwardCompatible (RFC 8264 §9.3) is empty today.
  // 3. Unassigned (RFC 8264 §9.6): Cn that is not a noncharacter.
  if (RE_UNASSIGNED.test(ch) && !RE_NONCHAR.test(ch)) fail('unassigned', 'is unassigned', 'RFC 8264 §9.6', cp, i);
  // 4. ASCII7 (RFC 8264 §9.7): printable ASCII is valid.
  if (cp >= 0x21 && cp <= 0x7e) return;
  // 5. JoinControl (RFC 8264 §9.4): ZWNJ / ZWJ are CONTEXTJ.
  if (cp === 0x200c || cp === 0x200d) return checkContextJ(cps, i);
  // 6. OldHangulJamo (RFC 8264 §9.5).
  if (isOldHangulJamo(cp)) fail('old-hangul-jamo', 'is an old Hangul jamo', 'RFC 8264 §9.5', cp, i);
  // 7. PrecisIgnorableProperties (RFC 8264 §9.9): default-ignorable code points and noncharacters.
  if (RE_IGNORABLE.test(ch) || RE_NONCHAR.test(ch)) {
    fail('ignorable', 'is a default-ignorable code point or noncharacter', 'RFC 8264 §9.9', cp, i);
  }
  // 8. Controls (RFC 8264 §9.8).
  if (RE_CONTROL.test(ch)) fail('controls', 'is a control character', 'RFC 8264 §9.8', cp, i);
  if (RE_SURROGATE.test(ch)) fail('surrogate', 'is a lone surrogate', 'RFC 8264 §8, §9.6', cp, i);
  // 9-14. HasCompat, LetterDigits, OtherLetterDigits, Spaces, Symbols, Punctuation: all valid in
  // FreeformClass (RFC 8264 §9.13, §9.1, §9.14, §9.10, §9.11, §9.12).
  if (ch.normalize('NFKC') !== ch) return;
  if (RE_LETTER_DIGITS.test(ch) || RE_OTHER_LETTER_DIGITS.test(ch)) return;
  if (RE_SPACES.test(ch) || RE_SYMBOLS.test(ch) || RE_PUNCTUATION.test(ch)) return;
  // Anything else (line/paragraph separators, format characters, private use) is disallowed.
  fail('disallowed', 'is not allowed in the FreeformClass', 'RFC 8264 §8', cp, i);
}

/**
 * Prepares and enforces a password with the OpaqueString profile (RFC 8265 §4.2).
 * Returns the enforced string; throws PrecisError naming the rule that refused it.
 */
export function prepareOpaqueString(s: string): string {
  // RFC 8265 §4.2.2 step 1: map every non-ASCII space to ASCII space (no width or case mapping).
  // Step 2: normalization form C.
  const mapped = s.replace(RE_NON_ASCII_SPACE, ' ').normalize('NFC');
  // Then the FreeformClass behavioural rules on the result.
  const cps = Array.from(mapped, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < cps.length; i++) checkFreeform(cps, i);
  // RFC 8265 §4.2.2: the result must not be empty.
  if (cps.length === 0) {
    throw new PrecisError('empty', 'OpaqueString: the string is empty after preparation (RFC 8265 §4.2.2)');
  }
  return mapped;
}
