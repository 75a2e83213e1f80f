// The Bidi Rule (RFC 5893 §2), used by the Username profiles (RFC 8265 §3.3.1, §3.4.1) and for the
// labels of a Bidi domain name (RFC 5893 §1.4, RFC 5891 §4.2.3.4).
import { BIDI_AL, BIDI_AN, BIDI_BN, BIDI_CS, BIDI_EN, BIDI_ES, BIDI_ET, BIDI_L, BIDI_NSM, BIDI_ON, BIDI_R, bidiClass } from './unicode-data.js';

const bit = (c: number): number => 1 << c;
const RTL_ALLOWED =
  bit(BIDI_R) | bit(BIDI_AL) | bit(BIDI_AN) | bit(BIDI_EN) | bit(BIDI_ES) | bit(BIDI_CS) | bit(BIDI_ET) | bit(BIDI_ON) | bit(BIDI_BN) | bit(BIDI_NSM);
const LTR_ALLOWED = bit(BIDI_L) | bit(BIDI_EN) | bit(BIDI_ES) | bit(BIDI_CS) | bit(BIDI_ET) | bit(BIDI_ON) | bit(BIDI_BN) | bit(BIDI_NSM);
const RTL_END = bit(BIDI_R) | bit(BIDI_AL) | bit(BIDI_EN) | bit(BIDI_AN);
const LTR_END = bit(BIDI_L) | bit(BIDI_EN);

/** RFC 5893 §1.4: a string is right-to-left when it holds a code point of Bidi class R, AL or AN. */
export function hasRtl(cps: readonly number[]): boolean {
  for (const cp of cps) {
    if (cp < 0x0590) continue;
    const c = bidiClass(cp);
    if (c === BIDI_R || c === BIDI_AL || c === BIDI_AN) return true;
  }
  return false;
}

/**
 * Checks the six conditions of the Bidi Rule (RFC 5893 §2). Returns undefined when they hold, otherwise
 * a sentence naming the first condition broken.
 */
export function bidiRuleViolation(cps: readonly number[]): string | undefined {
  if (cps.length === 0) return undefined;
  const classes = cps.map(bidiClass);
  const first = classes[0] as number;
  // Condition 1: the first code point is L (an LTR string) or R / AL (an RTL string).
  if (first !== BIDI_L && first !== BIDI_R && first !== BIDI_AL) {
    return 'the first code point must have Bidi class L, R or AL (RFC 5893 §2 condition 1)';
  }
  const rtl = first !== BIDI_L;
  const allowed = rtl ? RTL_ALLOWED : LTR_ALLOWED;
  // Conditions 2 and 5: only these classes in an RTL / LTR string.
  for (let i = 0; i < classes.length; i++) {
    if ((allowed & bit(classes[i] as number)) === 0) {
      const cp = (cps[i] as number).toString(16).toUpperCase().padStart(4, '0');
      return rtl
        ? `U+${cp} has a Bidi class not allowed in a right-to-left string (RFC 5893 §2 condition 2)`
        : `U+${cp} has a Bidi class not allowed in a left-to-right string (RFC 5893 §2 condition 5)`;
    }
  }
  // Conditions 3 and 6: the last code point other than trailing NSMs.
  let end = classes.length - 1;
  while (end > 0 && classes[end] === BIDI_NSM) end--;
  if ((bit(classes[end] as number) & (rtl ? RTL_END : LTR_END)) === 0) {
    return rtl
      ? 'a right-to-left string must end with R, AL, EN or AN, then only NSM (RFC 5893 §2 condition 3)'
      : 'a left-to-right string must end with L or EN, then only NSM (RFC 5893 §2 condition 6)';
  }
  // Condition 4: an RTL string does not mix EN and AN.
  if (rtl && classes.includes(BIDI_EN) && classes.includes(BIDI_AN)) {
    return 'a right-to-left string must not mix European (EN) and Arabic (AN) digits (RFC 5893 §2 condition 4)';
  }
  return undefined;
}
