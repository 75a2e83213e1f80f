// The XMPP domainpart (RFC 7622 §3.2): an IP literal, an IPv4 address, or an internationalized domain
// name per IDNA2008 (RFC 5890-5893) made of NR-LDH labels, U-labels and A-labels. Enforcement maps the
// string first (RFC 7622 §3.2.2 via RFC 5895: lowercase, width, NFC, ideographic full stops), converts
// A-labels to U-labels (RFC 7622 §3.2.1) and checks every label (RFC 5891 §4.2.3, §5.4).
import { HarnessError } from '../errors.js';
import { bidiRuleViolation, hasRtl } from './bidi.js';
import { contextRuleHolds, contextRuleName } from './context.js';
import { hex } from './precis.js';
import { PunycodeError, punycodeDecode, punycodeEncode } from './punycode.js';
import {
  CONTEXTJ,
  CONTEXTO,
  DIS_EXCEPTION,
  DIS_IGNORABLE,
  DIS_IGNORABLE_BLOCK,
  DIS_OLD_HANGUL_JAMO,
  DIS_SURROGATE,
  DIS_UNSTABLE,
  PVALID,
  UNASSIGNED,
  idnaTable,
  widthMapping,
} from './unicode-data.js';

export type DomainRule =
  | 'empty'
  | 'ip-literal'
  | 'ipv4'
  | 'label-empty'
  | 'label-length'
  | 'length'
  | 'ldh'
  | 'hyphen'
  | 'a-label'
  | 'leading-mark'
  | 'code-point'
  | 'contextj'
  | 'contexto'
  | 'bidi';

/** A domainpart that IDNA2008 / RFC 7622 §3.2 refuses. */
export class DomainError extends HarnessError {
  override readonly name = 'DomainError';
  constructor(
    readonly rule: DomainRule,
    message: string,
  ) {
    super('USAGE', message);
  }
}

export interface Domain {
  /** The canonical domainpart: U-labels, lowercase (RFC 7622 §3.2.1); IP literals as given, hex lowercased. */
  readonly domain: string;
  /** The same name with every U-label as an A-label (what DNS sees); equal to `domain` for IPs. */
  readonly ascii: string;
  readonly kind: 'dns' | 'ipv4' | 'ipv6' | 'ipvfuture';
}

// RFC 3986 §3.2.2: dec-octet has no leading zeros.
const DEC_OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const RE_IPV4 = new RegExp(`^${DEC_OCTET}(?:\\.${DEC_OCTET}){3}$`);
const RE_H16 = /^[0-9A-Fa-f]{1,4}$/;
// RFC 3986 §3.2.2: IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
const RE_IPVFUTURE = /^[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$/;
const RE_LDH_ASCII = /^[A-Za-z0-9.-]+$/;
const RE_ASCII = /^[\x00-\x7f]*$/;
const RE_LEADING_MARK = /^\p{M}/u;
const RE_WIDE = /[\u3000\uff01-\uffee]/;
const RE_DOTS = /[\u3002\uff0e\uff61]/g;
const MAX_LABEL = 63;
// RFC 1034 §3.1: 255 octets on the wire = 253 characters in dotted form without the root dot.
const MAX_NAME = 253;

const fail = (rule: DomainRule, msg: string): never => {
  throw new DomainError(rule, msg);
};

/** RFC 3986 §3.2.2 IPv6address (eight h16 groups, "::" once, an IPv4 tail as the last 32 bits). */
export function isIpv6(s: string): boolean {
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return false;
  const parts = (str: string): string[] | undefined => (str === '' ? [] : str.split(':'));
  const head = dbl >= 0 ? parts(s.slice(0, dbl)) : parts(s);
  const tail = dbl >= 0 ? parts(s.slice(dbl + 2)) : [];
  if (!head || !tail) return false;
  const groups = [...head, ...tail];
  // The IPv4 form may only be the last 32 bits: the final group of the string.
  const lastIsEnd = dbl < 0 || tail.length > 0;
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as string;
    if (RE_H16.test(g)) count++;
    else if (lastIsEnd && i === groups.length - 1 && RE_IPV4.test(g)) count += 2;
    else return false;
  }
  return dbl >= 0 ? count <= 7 : count === 8;
}

function ipLiteral(d: string): Domain {
  // RFC 7622 §3.2 / RFC 3986 §3.2.2: IP-literal = "[" ( IPv6address / IPvFuture ) "]".
  if (!d.endsWith(']')) fail('ip-literal', `domainpart '${d}' starts with '[' but is not a bracketed IP literal (RFC 7622 §3.2, RFC 3986 §3.2.2)`);
  const inner = d.slice(1, -1);
  if (isIpv6(inner)) {
    const norm = `[${inner.toLowerCase()}]`;
    return { domain: norm, ascii: norm, kind: 'ipv6' };
  }
  if (RE_IPVFUTURE.test(inner)) return { domain: d, ascii: d, kind: 'ipvfuture' };
  return fail('ip-literal', `'${inner}' is neither an IPv6 address nor IPvFuture (RFC 7622 §3.2, RFC 3986 §3.2.2)`);
}

// RFC 5891 §4.2.3.1 / RFC 5890 §2.3.1: no hyphen first or last; "--" in positions 3-4 only for A-labels.
function checkHyphens(label: string, isALabel: boolean): void {
  if (label.startsWith('-') || label.endsWith('-')) fail('hyphen', `label '${label}' begins or ends with a hyphen (RFC 5891 §4.2.3.1)`);
  if (!isALabel && label.length >= 4 && label[2] === '-' && label[3] === '-') {
    fail('hyphen', `label '${label}' has "--" in the third and fourth positions, reserved for A-labels (RFC 5891 §4.2.3.1, RFC 5890 §2.3.1)`);
  }
}

const IDNA_WHY: Readonly<Record<number, string>> = {
  [UNASSIGNED]: 'is unassigned in Unicode 17.0 (RFC 5892 §2.10)',
  [DIS_EXCEPTION]: 'is DISALLOWED by the exceptions list (RFC 5892 §2.6)',
  [DIS_UNSTABLE]: 'changes under NFKC case folding (Unstable, RFC 5892 §2.2)',
  [DIS_IGNORABLE]: 'is a default-ignorable, white-space or noncharacter code point (RFC 5892 §2.3)',
  [DIS_IGNORABLE_BLOCK]: 'is in an ignorable block (RFC 5892 §2.4)',
  [DIS_OLD_HANGUL_JAMO]: 'is a conjoining Hangul jamo (RFC 5892 §2.9)',
  [DIS_SURROGATE]: 'is a lone surrogate',
};

// RFC 5891 §4.2.3-§4.2.4 / §5.4: a U-label (NFC already checked by the caller).
function checkULabel(label: string, cps: readonly number[]): void {
  checkHyphens(label, false);
  if (RE_LEADING_MARK.test(label)) fail('leading-mark', `label '${label}' begins with a combining mark (RFC 5891 §4.2.3.2)`);
  const table = idnaTable();
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i] as number;
    const code = table[cp] as number;
    if (code === PVALID) continue;
    if (code === CONTEXTJ || code === CONTEXTO) {
      if (contextRuleHolds(cps, i)) continue;
      fail(
        code === CONTEXTJ ? 'contextj' : 'contexto',
        `${hex(cp)} in label '${label}' breaks its contextual rule, ${contextRuleName(cp) ?? 'RFC 5892 Appendix A'} (RFC 5891 §4.2.3.3)`,
      );
    }
    fail(
      'code-point',
      `${hex(cp)} in label '${label}' ${IDNA_WHY[code] ?? 'is DISALLOWED in IDNA2008 (not a letter or digit, RFC 5892 §2.1)'} (RFC 5891 §4.2.2)`,
    );
  }
}

interface Label {
  readonly u: string;
  readonly a: string;
  readonly cps: readonly number[];
}

function processLabel(label: string): Label {
  if (label.length === 0) return fail('label-empty', 'the domainpart has an empty label (RFC 1034 §3.1, RFC 7622 §3.2)');
  if (RE_ASCII.test(label)) {
    if (label.startsWith('xn--')) return aLabel(label);
    // RFC 5890 §2.3.1: an NR-LDH label is letters, digits and hyphens (the mapping made it lowercase).
    if (!/^[a-z0-9-]+$/.test(label)) {
      const bad = [...label].find((c) => !/[a-z0-9-]/.test(c)) as string;
      fail(
        'ldh',
        `label '${label}' holds ${hex(bad.codePointAt(0) as number)}; ASCII labels may hold only letters, digits and hyphens (RFC 5890 §2.3.1, RFC 7622 §3.2.1)`,
      );
    }
    checkHyphens(label, false);
    if (label.length > MAX_LABEL) fail('label-length', `label '${label.slice(0, 20)}…' is ${label.length} octets, more than ${MAX_LABEL} (RFC 1034 §3.1)`);
    return { u: label, a: label, cps: [] };
  }
  const cps = Array.from(label, (c) => c.codePointAt(0) as number);
  checkULabel(label, cps);
  let a: string;
  try {
    a = 'xn--' + punycodeEncode(cps);
  } catch (e) {
    if (e instanceof PunycodeError) return fail('a-label', `label '${label}' cannot be encoded: ${e.message}`);
    throw e;
  }
  if (a.length > MAX_LABEL)
    fail('label-length', `label '${label}' is ${a.length} octets as an A-label, more than ${MAX_LABEL} (RFC 5890 §2.3.2.1, RFC 1034 §3.1)`);
  return { u: label, a, cps };
}

// RFC 5891 §5.3-§5.4: an A-label must decode to a valid U-label that encodes back to the same A-label.
function aLabel(label: string): Label {
  if (label.length > MAX_LABEL) fail('label-length', `A-label '${label.slice(0, 20)}…' is ${label.length} octets, more than ${MAX_LABEL} (RFC 1034 §3.1)`);
  let cps: number[];
  try {
    cps = punycodeDecode(label.slice(4));
  } catch (e) {
    if (e instanceof PunycodeError) return fail('a-label', `'${label}' is not a valid A-label: ${e.message} (RFC 5891 §5.4)`);
    throw e;
  }
  const u = String.fromCodePoint(...cps);
  if (RE_ASCII.test(u)) fail('a-label', `'${label}' decodes to an all-ASCII string, so it is not an A-label (RFC 5890 §2.3.2.1)`);
  if (u.normalize('NFC') !== u) fail('a-label', `'${label}' decodes to a string not in NFC (RFC 5891 §5.4, RFC 5890 §2.3.2.1)`);
  try {
    checkULabel(u, cps);
  } catch (e) {
    if (e instanceof DomainError) throw new DomainError('a-label', `A-label '${label}' decodes to an invalid U-label: ${e.message}`);
    throw e;
  }
  if ('xn--' + punycodeEncode(cps) !== label) fail('a-label', `'${label}' does not round-trip through Punycode (RFC 5891 §5.4)`);
  return { u, a: label, cps };
}

// RFC 5895 §2 (the mapping RFC 7622 §3.2.2 asks for): lowercase, width mapping, NFC, and the three
// ideographic full stops become '.'.
function mapDomain(s: string): string {
  let out = s.toLowerCase();
  if (RE_WIDE.test(out)) {
    const m = widthMapping();
    let w = '';
    for (const ch of out) w += m.get(ch.codePointAt(0) as number) ?? ch;
    out = w;
  }
  return out.normalize('NFC').replace(RE_DOTS, '.');
}

/** Enforces a domainpart (RFC 7622 §3.2); throws DomainError naming the rule. */
export function enforceDomain(input: string): Domain {
  if (input.length === 0) fail('empty', 'the domainpart is empty (RFC 7622 §3.2)');
  // RFC 7622 §3.2: one trailing label separator is removed before anything else.
  const d = input.endsWith('.') ? input.slice(0, -1) : input;
  if (d.length === 0) fail('empty', 'the domainpart is empty once its trailing dot is removed (RFC 7622 §3.2)');
  if (d.startsWith('[')) return ipLiteral(d);
  const mapped = RE_LDH_ASCII.test(d) ? d.toLowerCase() : mapDomain(d);
  const parts = mapped.split('.');
  // RFC 3986 §3.2.2 / RFC 3696 §2: a name whose last label is all digits can only be an IPv4 address.
  if (/^[0-9]+$/.test(parts[parts.length - 1] as string)) {
    if (RE_IPV4.test(mapped)) return { domain: mapped, ascii: mapped, kind: 'ipv4' };
    fail('ipv4', `'${mapped}' ends in an all-numeric label but is not a valid IPv4 address (RFC 3986 §3.2.2, RFC 3696 §2)`);
  }
  const labels = parts.map(processLabel);
  // RFC 5893 §1.4, §2: in a Bidi domain name (one holding an R, AL or AN code point) every label obeys the Bidi Rule.
  if (labels.some((l) => l.cps.length > 0 && hasRtl(l.cps))) {
    for (const l of labels) {
      const cps = l.cps.length > 0 ? l.cps : Array.from(l.u, (c) => c.codePointAt(0) as number);
      const why = bidiRuleViolation(cps);
      if (why !== undefined) fail('bidi', `label '${l.u}' of a domain name with right-to-left labels breaks the Bidi Rule: ${why}`);
    }
  }
  const ascii = labels.map((l) => l.a).join('.');
  if (ascii.length > MAX_NAME)
    fail('length', `the domain name is ${ascii.length} octets in A-label form, more than ${MAX_NAME} (RFC 1034 §3.1, RFC 7622 §3.2)`);
  return { domain: labels.map((l) => l.u).join('.'), ascii, kind: 'dns' };
}
