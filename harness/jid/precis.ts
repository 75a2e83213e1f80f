// The PRECIS framework (RFC 8264): derived property of a code point (§8), the two string classes
// (§4.2 IdentifierClass, §4.3 FreeformClass) and their behavioural check, with the contextual rules
// of RFC 5892 Appendix A. Profiles (RFC 8265, RFC 8266) are in profiles.ts.
import { HarnessError } from '../errors.js';
import { contextRuleHolds, contextRuleName } from './context.js';
import {
  CONTEXTJ,
  CONTEXTO,
  DIS_CONTROL,
  DIS_EXCEPTION,
  DIS_IGNORABLE,
  DIS_OLD_HANGUL_JAMO,
  DIS_SURROGATE,
  FREE_HAS_COMPAT,
  FREE_OTHER_LETTER_DIGITS,
  FREE_PUNCTUATION,
  FREE_SPACES,
  FREE_SYMBOLS,
  PVALID,
  UNASSIGNED,
  precisCode,
} from './unicode-data.js';

export type StringClass = 'IdentifierClass' | 'FreeformClass';

/** RFC 8264 §8 derived property values (ID_DIS and FREE_PVAL depend on the class, see `derivedProperty`). */
export type DerivedProperty = 'PVALID' | 'ID_DIS' | 'FREE_PVAL' | 'CONTEXTJ' | 'CONTEXTO' | 'DISALLOWED' | 'UNASSIGNED';

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
  | 'disallowed'
  | 'has-compat'
  | 'other-letter-digits'
  | 'spaces'
  | 'symbols'
  | 'punctuation'
  | 'bidi'
  | 'unstable'
  | 'xmpp-localpart';

/** A string a PRECIS profile refuses: `rule` names the category, `codePoint` / `index` the offender. */
export class PrecisError extends HarnessError {
  override readonly name = 'PrecisError';
  constructor(
    readonly rule: PrecisRule,
    message: string,
    readonly codePoint?: number,
    readonly index?: number,
  ) {
    // The HarnessErrorCode union has no PRECIS code; a refused string is the user's input, so USAGE.
    super('USAGE', message);
  }
}

export function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

interface Verdict {
  readonly rule: PrecisRule;
  readonly what: string;
  readonly section: string;
}

// Why a table code is refused (for FREE_* codes: refused only in the IdentifierClass, RFC 8264 §4.2.3).
const VERDICTS: Readonly<Record<number, Verdict>> = {
  [FREE_HAS_COMPAT]: {
    rule: 'has-compat',
    what: 'has a compatibility decomposition (HasCompat), not allowed in the IdentifierClass',
    section: 'RFC 8264 §9.17, §4.2.3',
  },
  [FREE_OTHER_LETTER_DIGITS]: {
    rule: 'other-letter-digits',
    what: 'is a titlecase letter, letter number, other number or enclosing mark (OtherLetterDigits), not allowed in the IdentifierClass',
    section: 'RFC 8264 §9.18, §4.2.3',
  },
  [FREE_SPACES]: { rule: 'spaces', what: 'is a space, not allowed in the IdentifierClass', section: 'RFC 8264 §9.14, §4.2.3' },
  [FREE_SYMBOLS]: { rule: 'symbols', what: 'is a symbol, not allowed in the IdentifierClass', section: 'RFC 8264 §9.15, §4.2.3' },
  [FREE_PUNCTUATION]: { rule: 'punctuation', what: 'is punctuation outside ASCII, not allowed in the IdentifierClass', section: 'RFC 8264 §9.16, §4.2.3' },
  [DIS_EXCEPTION]: { rule: 'exceptions', what: 'is DISALLOWED by the exceptions list', section: 'RFC 8264 §9.6, RFC 5892 §2.6' },
  [UNASSIGNED]: { rule: 'unassigned', what: 'is unassigned in Unicode 17.0', section: 'RFC 8264 §9.10' },
  [DIS_OLD_HANGUL_JAMO]: { rule: 'old-hangul-jamo', what: 'is a conjoining (old) Hangul jamo', section: 'RFC 8264 §9.9' },
  [DIS_IGNORABLE]: { rule: 'ignorable', what: 'is a default-ignorable code point or a noncharacter', section: 'RFC 8264 §9.13' },
  [DIS_CONTROL]: { rule: 'controls', what: 'is a control character', section: 'RFC 8264 §9.12' },
  [DIS_SURROGATE]: { rule: 'surrogate', what: 'is a lone surrogate (not a Unicode scalar value)', section: 'RFC 8264 §8' },
};
const OTHER: Verdict = { rule: 'disallowed', what: 'is in no allowed category (separator, format or private-use character)', section: 'RFC 8264 §8' };

/** RFC 8264 §8: the derived property of `cp` in a string class. */
export function derivedProperty(cp: number, cls: StringClass): DerivedProperty {
  const code = cp < 0x80 ? (cp >= 0x21 && cp <= 0x7e ? PVALID : cp === 0x20 ? FREE_SPACES : DIS_CONTROL) : precisCode(cp);
  if (code === PVALID) return 'PVALID';
  if (code >= FREE_HAS_COMPAT && code <= FREE_PUNCTUATION) return cls === 'FreeformClass' ? 'FREE_PVAL' : 'ID_DIS';
  if (code === CONTEXTJ) return 'CONTEXTJ';
  if (code === CONTEXTO) return 'CONTEXTO';
  if (code === UNASSIGNED) return 'UNASSIGNED';
  return 'DISALLOWED';
}

const RE_ASCII_PRINTABLE = /^[\x21-\x7e]*$/;

/**
 * The behavioural rules of a string class (RFC 8264 §4.2, §4.3, §7 last step): every code point must be
 * valid in the class, or CONTEXTJ / CONTEXTO with its contextual rule satisfied. Throws PrecisError.
 * `who` names the profile for the message (e.g. 'UsernameCaseMapped (RFC 8265 §3.3.2)').
 */
export function checkStringClass(s: string, cls: StringClass, who: string): void {
  if (RE_ASCII_PRINTABLE.test(s)) return; // ASCII7: always PVALID (RFC 8264 §9.11)
  let cps: number[] | undefined;
  let index = 0;
  for (let i = 0; i < s.length; index++) {
    const cp = s.codePointAt(i) as number;
    i += cp > 0xffff ? 2 : 1;
    const code = cp < 0x80 ? (cp >= 0x21 && cp <= 0x7e ? PVALID : cp === 0x20 ? FREE_SPACES : DIS_CONTROL) : precisCode(cp);
    if (code === PVALID) continue;
    if (code >= FREE_HAS_COMPAT && code <= FREE_PUNCTUATION && cls === 'FreeformClass') continue;
    if (code === CONTEXTJ || code === CONTEXTO) {
      cps ??= Array.from(s, (c) => c.codePointAt(0) as number);
      if (contextRuleHolds(cps, index)) continue;
      const rule = code === CONTEXTJ ? 'contextj' : 'contexto';
      const section = code === CONTEXTJ ? 'RFC 8264 §9.8' : 'RFC 8264 §9.6';
      throw new PrecisError(
        rule,
        `${who}: ${hex(cp)} at code point ${index} breaks its contextual rule, ${contextRuleName(cp) ?? 'RFC 5892 Appendix A'} (${section})`,
        cp,
        index,
      );
    }
    const v = VERDICTS[code] ?? OTHER;
    throw new PrecisError(v.rule, `${who}: ${hex(cp)} at code point ${index} ${v.what} (${v.section}; ${cls})`, cp, index);
  }
}
