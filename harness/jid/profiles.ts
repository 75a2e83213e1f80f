// PRECIS profiles: UsernameCaseMapped and UsernameCasePreserved (RFC 8265 §3.3, §3.4), OpaqueString
// (RFC 8265 §4.2) and Nickname (RFC 8266 §2). Each offers preparation, enforcement and comparison.
//
// Enforcement here = preparation (the string-class check on the input; for usernames after width
// mapping, RFC 8265 §3.3.2) + the profile's rules in the order of RFC 8264 §7 (width, additional, case,
// normalization, directionality) repeated until stable (at most three re-applications, RFC 8264 §7),
// + the behavioural rules of the class on the output (RFC 8264 §7 last step) + the non-empty rule.
import { bidiRuleViolation, hasRtl } from './bidi.js';
import { PrecisError, checkStringClass, type StringClass } from './precis.js';
import { widthMapping } from './unicode-data.js';

export type ProfileName = 'UsernameCaseMapped' | 'UsernameCasePreserved' | 'OpaqueString' | 'Nickname';

export interface PrecisProfile {
  readonly name: ProfileName;
  readonly stringClass: StringClass;
  /** Preparation: throws PrecisError unless the (width-mapped, for usernames) input fits the string class. */
  prepare(input: string): string;
  /** Enforcement: the canonical form, or PrecisError naming the rule. */
  enforce(input: string): string;
  /** The form compared octet for octet (equal to `enforce` except for Nickname, which adds case mapping). */
  comparisonKey(input: string): string;
  /** Comparison: true iff both strings are valid and their comparison keys are identical. */
  compare(a: string, b: string): boolean;
}

const RE_WIDE = /[\u3000\uff01-\uffee]/;
const RE_NON_ASCII_SPACE = /(?!\u0020)\p{Zs}/gu;
const RE_ASCII = /^[\x20-\x7e]*$/;

// RFC 8265 §3.3.1 width mapping: fullwidth / halfwidth code points to their decomposition mapping.
function mapWidth(s: string): string {
  if (!RE_WIDE.test(s)) return s;
  const m = widthMapping();
  let out = '';
  for (const ch of s) out += m.get(ch.codePointAt(0) as number) ?? ch;
  return out;
}

// RFC 8265 §4.2.2 / RFC 8266 §2.1: non-ASCII spaces (gc Zs) become U+0020.
function mapSpaces(s: string): string {
  return RE_ASCII.test(s) ? s : s.replace(RE_NON_ASCII_SPACE, ' ');
}

// RFC 8266 §2.1 additional mapping: spaces to U+0020, trim, collapse interior runs of spaces.
function mapNicknameSpaces(s: string): string {
  return mapSpaces(s)
    .replace(/^ +| +$/g, '')
    .replace(/ {2,}/g, ' ');
}

function lower(s: string): string {
  // RFC 8265 §3.3.1 / RFC 8266 §2.1: Unicode toLowerCase() (full mappings, Final_Sigma context included).
  return s.toLowerCase();
}

function nfc(s: string): string {
  return RE_ASCII.test(s) ? s : s.normalize('NFC');
}

function nfkc(s: string): string {
  return RE_ASCII.test(s) ? s : s.normalize('NFKC');
}

interface Spec {
  readonly name: ProfileName;
  readonly cls: StringClass;
  readonly section: string;
  /** Preparation mapping before the class check (usernames: width mapping). */
  readonly prepMap: (s: string) => string;
  /** Enforcement rules 1-4 of RFC 8264 §7 (directionality is a check, applied after). */
  readonly rules: (s: string) => string;
  /** Comparison rules (Nickname differs: adds case mapping). */
  readonly compareRules: (s: string) => string;
  readonly bidi: boolean;
  /** ASCII fast path: the enforced form of a printable-ASCII string, or undefined when invalid. */
  readonly ascii?: (s: string) => string | undefined;
}

const MAX_REAPPLY = 3;

function stabilize(spec: Spec, rules: (s: string) => string, prepared: string): string {
  let out = rules(prepared);
  // RFC 8264 §7: re-apply the rules until the output is stable; give up after three more rounds.
  for (let round = 0; round < MAX_REAPPLY; round++) {
    const next = rules(out);
    if (next === out) return out;
    out = next;
  }
  throw new PrecisError('unstable', `${spec.name}: the rules did not reach a stable result after ${MAX_REAPPLY} re-applications (RFC 8264 §7)`);
}

function run(spec: Spec, input: string, rules: (s: string) => string): string {
  const who = `${spec.name} (${spec.section})`;
  const prepared = spec.prepMap(input);
  checkStringClass(prepared, spec.cls, who);
  const out = stabilize(spec, rules, prepared);
  if (spec.bidi) {
    const cps = Array.from(out, (c) => c.codePointAt(0) as number);
    if (hasRtl(cps)) {
      const why = bidiRuleViolation(cps);
      if (why !== undefined) throw new PrecisError('bidi', `${who}: the string holds right-to-left code points and breaks the Bidi Rule: ${why}`);
    }
  }
  checkStringClass(out, spec.cls, who);
  if (out.length === 0) throw new PrecisError('empty', `${who}: the string is empty after enforcement`);
  return out;
}

function makeProfile(spec: Spec): PrecisProfile {
  const enforce = (input: string): string => {
    if (spec.ascii && RE_ASCII.test(input)) {
      const fast = spec.ascii(input);
      if (fast !== undefined) return fast;
    }
    return run(spec, input, spec.rules);
  };
  const comparisonKey = spec.compareRules === spec.rules ? enforce : (input: string): string => run(spec, input, spec.compareRules);
  return {
    name: spec.name,
    stringClass: spec.cls,
    prepare(input) {
      const prepared = spec.prepMap(input);
      checkStringClass(prepared, spec.cls, `${spec.name} (${spec.section})`);
      return prepared;
    },
    enforce,
    comparisonKey,
    compare(a, b) {
      try {
        return comparisonKey(a) === comparisonKey(b);
      } catch (e) {
        if (e instanceof PrecisError) return false;
        throw e;
      }
    },
  };
}

const RE_ID_ASCII = /^[\x21-\x7e]+$/;
const RE_FREE_ASCII = /^[\x20-\x7e]+$/;
const identity = (s: string): string => s;

const usernameCaseMappedRules = (s: string): string => nfc(lower(mapWidth(s)));
const usernameCasePreservedRules = (s: string): string => nfc(mapWidth(s));
const opaqueRules = (s: string): string => nfc(mapSpaces(s));
const nicknameRules = (s: string): string => nfkc(mapNicknameSpaces(s));
const nicknameCompareRules = (s: string): string => nfkc(lower(mapNicknameSpaces(s)));

/** RFC 8265 §3.3: IdentifierClass, width mapping, toLowerCase, NFC, Bidi Rule. */
export const usernameCaseMapped: PrecisProfile = makeProfile({
  name: 'UsernameCaseMapped',
  cls: 'IdentifierClass',
  section: 'RFC 8265 §3.3',
  prepMap: mapWidth,
  rules: usernameCaseMappedRules,
  compareRules: usernameCaseMappedRules,
  bidi: true,
  ascii: (s) => (RE_ID_ASCII.test(s) ? s.toLowerCase() : undefined),
});

/** RFC 8265 §3.4: as UsernameCaseMapped without case mapping. */
export const usernameCasePreserved: PrecisProfile = makeProfile({
  name: 'UsernameCasePreserved',
  cls: 'IdentifierClass',
  section: 'RFC 8265 §3.4',
  prepMap: mapWidth,
  rules: usernameCasePreservedRules,
  compareRules: usernameCasePreservedRules,
  bidi: true,
  ascii: (s) => (RE_ID_ASCII.test(s) ? s : undefined),
});

/** RFC 8265 §4.2: FreeformClass, non-ASCII spaces to U+0020, NFC; no width or case mapping, no Bidi Rule. */
export const opaqueString: PrecisProfile = makeProfile({
  name: 'OpaqueString',
  cls: 'FreeformClass',
  section: 'RFC 8265 §4.2',
  prepMap: identity,
  rules: opaqueRules,
  compareRules: opaqueRules,
  bidi: false,
  ascii: (s) => (RE_FREE_ASCII.test(s) ? s : undefined),
});

/**
 * RFC 8266 §2: FreeformClass; enforcement maps spaces (to U+0020, trimmed, runs collapsed) then NFKC;
 * comparison also applies toLowerCase (between the two, §2.4).
 */
export const nickname: PrecisProfile = makeProfile({
  name: 'Nickname',
  cls: 'FreeformClass',
  section: 'RFC 8266 §2',
  prepMap: identity,
  rules: nicknameRules,
  compareRules: nicknameCompareRules,
  bidi: false,
});

export const profiles: Readonly<Record<ProfileName, PrecisProfile>> = {
  UsernameCaseMapped: usernameCaseMapped,
  UsernameCasePreserved: usernameCasePreserved,
  OpaqueString: opaqueString,
  Nickname: nickname,
};
