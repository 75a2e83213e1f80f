// Contextual rules for CONTEXTJ and CONTEXTO code points (RFC 5892 Appendix A), shared by PRECIS
// (RFC 8264 §9.6, §9.8) and IDNA2008 labels (RFC 5891 §4.2.3.3). `cps` is the whole string (or label).
import { JT_D, JT_L, JT_R, JT_T, isVirama, joiningType } from './unicode-data.js';

const RE_GREEK = /^\p{Script=Greek}$/u;
const RE_HEBREW = /^\p{Script=Hebrew}$/u;
const RE_HIRA_KATA_HAN = /^[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]$/u;

function scriptIs(re: RegExp, cp: number | undefined): boolean {
  return cp !== undefined && re.test(String.fromCodePoint(cp));
}

// RFC 5892 Appendix A.1: from the joiner outwards, skip Transparent code points; the first other one
// must join on the side facing the ZWNJ (L or D before it, R or D after it).
function joinsTowards(cps: readonly number[], from: number, step: 1 | -1, side: number): boolean {
  for (let j = from; j >= 0 && j < cps.length; j += step) {
    const jt = joiningType(cps[j] as number);
    if (jt === JT_T) continue;
    return jt === side || jt === JT_D;
  }
  return false;
}

/** Which Appendix A rule governs `cp` (for messages), or undefined if it has none. */
export function contextRuleName(cp: number): string | undefined {
  if (cp === 0x200c) return 'ZERO WIDTH NON-JOINER (RFC 5892 Appendix A.1)';
  if (cp === 0x200d) return 'ZERO WIDTH JOINER (RFC 5892 Appendix A.2)';
  if (cp === 0x00b7) return 'MIDDLE DOT (RFC 5892 Appendix A.3)';
  if (cp === 0x0375) return 'GREEK LOWER NUMERAL SIGN (RFC 5892 Appendix A.4)';
  if (cp === 0x05f3) return 'HEBREW PUNCTUATION GERESH (RFC 5892 Appendix A.5)';
  if (cp === 0x05f4) return 'HEBREW PUNCTUATION GERSHAYIM (RFC 5892 Appendix A.6)';
  if (cp === 0x30fb) return 'KATAKANA MIDDLE DOT (RFC 5892 Appendix A.7)';
  if (cp >= 0x0660 && cp <= 0x0669) return 'ARABIC-INDIC DIGITS (RFC 5892 Appendix A.8)';
  if (cp >= 0x06f0 && cp <= 0x06f9) return 'EXTENDED ARABIC-INDIC DIGITS (RFC 5892 Appendix A.9)';
  return undefined;
}

/** True when the contextual rule for cps[i] is satisfied; false when it fails or no rule exists. */
export function contextRuleHolds(cps: readonly number[], i: number): boolean {
  const cp = cps[i] as number;
  const before = cps[i - 1];
  switch (cp) {
    case 0x200c:
      // A.1: after a virama; or inside a joining context L/D T* ZWNJ T* R/D.
      if (before !== undefined && isVirama(before)) return true;
      return joinsTowards(cps, i - 1, -1, JT_L) && joinsTowards(cps, i + 1, 1, JT_R);
    case 0x200d:
      // A.2: only directly after a virama.
      return before !== undefined && isVirama(before);
    case 0x00b7:
      // A.3: only between two LATIN SMALL LETTER L (Catalan ela geminada).
      return before === 0x6c && cps[i + 1] === 0x6c;
    case 0x0375:
      // A.4: the next code point is Greek.
      return scriptIs(RE_GREEK, cps[i + 1]);
    case 0x05f3:
    case 0x05f4:
      // A.5 / A.6: the previous code point is Hebrew.
      return scriptIs(RE_HEBREW, before);
    case 0x30fb:
      // A.7: the string holds at least one Hiragana, Katakana or Han code point (U+30FB itself is Common).
      return cps.some((c) => scriptIs(RE_HIRA_KATA_HAN, c));
    default:
      // A.8 / A.9: the two sets of Arabic digits never mix.
      if (cp >= 0x0660 && cp <= 0x0669) return !cps.some((c) => c >= 0x06f0 && c <= 0x06f9);
      if (cp >= 0x06f0 && cp <= 0x06f9) return !cps.some((c) => c >= 0x0660 && c <= 0x0669);
      return false;
  }
}
