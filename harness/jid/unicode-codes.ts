// The values stored in the per-code-point tables of unicode-data.ts: PRECIS / IDNA2008 derived-property
// reasons (RFC 8264 §8, RFC 5892 §3), Bidi classes (RFC 5893 §2) and Joining_Type (RFC 5892 Appendix A.1).
/** U+0000..U+10FFFF: the length of every per-code-point table. */
export const SIZE = 0x110000;

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

// RFC 8264 §9.17 HasCompat (NFKC(cp) differs from cp) takes a normalization per code point; over the
// whole range that is most of the PRECIS table's cost, so it is decided on first use. A cell whose value
// a later rule than HasCompat does not fix carries this bit over the value below HasCompat's.
export const HAS_COMPAT_PENDING = 0x80;
