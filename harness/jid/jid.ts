// XMPP addresses (RFC 7622): splitting, per-part enforcement and the canonical form.
//   jid          = [ localpart "@" ] domainpart [ "/" resourcepart ]
//   localpart    = UsernameCaseMapped (RFC 8265 §3.3) minus " & ' / : < > @ (RFC 7622 §3.3.1)
//   domainpart   = IP literal / IPv4 / IDNA2008 name (RFC 7622 §3.2), see domain.ts
//   resourcepart = OpaqueString (RFC 8265 §4.2) (RFC 7622 §3.4.1)
// Each part is 1 to 1023 octets of UTF-8 after enforcement (RFC 7622 §3.1-§3.4).
import { HarnessError } from '../errors.js';
import { DomainError, enforceDomain } from './domain.js';
import { PrecisError, hex } from './precis.js';
import { opaqueString, usernameCaseMapped } from './profiles.js';

export type JidPart = 'localpart' | 'domainpart' | 'resourcepart' | 'jid';

export interface ValidJid {
  readonly valid: true;
  /** The canonical address: enforced parts joined by '@' and '/'. */
  readonly jid: string;
  readonly local?: string;
  readonly domain: string;
  readonly resource?: string;
}

export interface InvalidJid {
  readonly valid: false;
  readonly part: JidPart;
  /** One line naming the rule broken (with its RFC section). */
  readonly reason: string;
}

export type JidResult = ValidJid | InvalidJid;

const MAX_PART_OCTETS = 1023;
// A harness cap, not an RFC rule: enforcement never turns a UTF-16 code unit into less than one octet
// (width mapping and NFC composition shrink at most that far), so an input longer than this can never
// enforce to parts of at most 1023 octets each; it is refused before any work.
export const MAX_INPUT_LENGTH = 16 * 1024;

// RFC 7622 §3.3.1: code points the localpart forbids on top of the UsernameCaseMapped profile.
const LOCAL_FORBIDDEN = /["&'/:<>@]/;
const RE_ASCII = /^[\x00-\x7f]*$/;

function octets(s: string): number {
  return RE_ASCII.test(s) ? s.length : Buffer.byteLength(s, 'utf8');
}

class PartError extends HarnessError {
  override readonly name = 'PartError';
  constructor(
    readonly part: JidPart,
    message: string,
  ) {
    super('JID', message);
  }
}

function checkLength(part: JidPart, value: string, section: string): void {
  const n = octets(value);
  if (n > MAX_PART_OCTETS) throw new PartError(part, `the ${part} is ${n} octets after enforcement, more than ${MAX_PART_OCTETS} (${section})`);
}

function forbiddenInLocal(s: string, stage: string): void {
  const m = LOCAL_FORBIDDEN.exec(s);
  if (m) {
    const cp = m[0].codePointAt(0) as number;
    throw new PartError('localpart', `${hex(cp)} '${m[0]}' ${stage} is not allowed in a localpart (RFC 7622 §3.3.1)`);
  }
}

/** RFC 7622 §3.3: enforces a localpart; throws on failure. */
export function enforceLocalpart(s: string): string {
  if (s.length === 0) throw new PartError('localpart', 'the localpart is empty (RFC 7622 §3.3.1)');
  forbiddenInLocal(s, 'in the input');
  let out: string;
  try {
    out = usernameCaseMapped.enforce(s);
  } catch (e) {
    if (e instanceof PrecisError) throw new PartError('localpart', `${e.message} (RFC 7622 §3.3.1)`);
    throw e;
  }
  forbiddenInLocal(out, 'after enforcement');
  checkLength('localpart', out, 'RFC 7622 §3.3.1');
  return out;
}

/** RFC 7622 §3.4: enforces a resourcepart; throws on failure. */
export function enforceResourcepart(s: string): string {
  if (s.length === 0) throw new PartError('resourcepart', 'the resourcepart is empty (RFC 7622 §3.4.1)');
  let out: string;
  try {
    out = opaqueString.enforce(s);
  } catch (e) {
    if (e instanceof PrecisError) throw new PartError('resourcepart', `${e.message} (RFC 7622 §3.4.1)`);
    throw e;
  }
  checkLength('resourcepart', out, 'RFC 7622 §3.4.1');
  return out;
}

function enforceDomainpart(s: string): string {
  try {
    const d = enforceDomain(s).domain;
    checkLength('domainpart', d, 'RFC 7622 §3.2.1');
    return d;
  } catch (e) {
    if (e instanceof DomainError) throw new PartError('domainpart', e.message);
    throw e;
  }
}

// ASCII fast path. An address whose parts are plain ASCII that enforcement leaves alone apart from
// lowercasing (the ASCII cases of the profiles in profiles.ts and of the domain in domain.ts) is
// accepted by one scan over its code units, with no mapping, table or exception; anything else (any
// non-ASCII code unit, a control, a space in a localpart, an IP address, an A-label or a reserved
// "--", an empty or overlong part or label) goes to the general path, which gives the verdict and the
// reason. The scan only ever accepts what the general path accepts, with the same canonical form
// (test/harness/jid/fast-path.test.ts compares the two on generated addresses).
//
// Where the scan found the parts: module state, not an object, so accepting allocates nothing.
let fastAt = -1; // index of the '@' ending the localpart, or -1
let fastDomainEnd = 0; // end of the domainpart without its one trailing dot
let fastSlash = -1; // index of the first '/', or -1

const MAX_FAST_NAME = 253; // RFC 1034 §3.1 in dotted form (domain.ts: MAX_NAME)

// One regular expression (compiled to machine code by the engine, fast from the first address):
//   localpart    1-1023 of printable ASCII minus " & ' / : < > @ (IdentifierClass ASCII7, RFC 7622 §3.3.1)
//   domainpart   LDH labels of 1-63 characters, no hyphen first or last, no "--" in positions 3-4
//                (so no A-label), the last label not all digits (IPv4 or invalid), one trailing dot
//   resourcepart 1-1023 of printable ASCII and space (OpaqueString leaves them as they are)
// The name's length (253) is checked apart.
const LABEL = '(?![A-Za-z0-9-]{2}--)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const RE_FAST = new RegExp(`^(?:[!#-%(-.0-9;=?A-~]{1,1023}@)?(?:${LABEL}\\.)*(?![0-9]+\\.?(?:/|$))${LABEL}\\.?(?:/[ -~]{1,1023})?$`);

/** The fast scan: true when `s` is an address the ASCII fast path accepts (parts found in fastAt etc.). */
function scanAscii(s: string): boolean {
  if (!RE_FAST.test(s)) return false;
  fastSlash = s.indexOf('/');
  const at = s.indexOf('@');
  fastAt = fastSlash >= 0 && at > fastSlash ? -1 : at;
  const end = fastSlash < 0 ? s.length : fastSlash;
  fastDomainEnd = s.charCodeAt(end - 1) === 0x2e ? end - 1 : end;
  return fastDomainEnd - fastAt - 1 <= MAX_FAST_NAME;
}

// No uppercase letter before the first '/' (or the end): the localpart and domainpart are already lowercase.
const RE_LOWER_HEAD = /^[^A-Z/]*(?:\/|$)/;

/** The canonical form of the address the last successful scanAscii(s) accepted. */
function fastCanonical(s: string): string {
  const headEnd = fastSlash < 0 ? s.length : fastSlash;
  if (fastDomainEnd === headEnd && RE_LOWER_HEAD.test(s)) return s; // nothing to change: no allocation
  // The resourcepart keeps its case.
  const head = s.slice(0, fastDomainEnd).toLowerCase();
  return fastSlash < 0 ? head : head + s.slice(fastSlash);
}

/**
 * The canonical form of `input` when the ASCII fast path accepts it, else undefined (the address may
 * still be valid: ask parseJid). For callers that need only the canonical form (the `jid` command).
 */
export function fastCanonicalJid(input: string): string | undefined {
  return scanAscii(input) ? fastCanonical(input) : undefined;
}

function fastResult(s: string): ValidJid {
  const jid = fastCanonical(s);
  const lowered = s.slice(0, fastDomainEnd).toLowerCase();
  const domain = lowered.slice(fastAt + 1);
  const resource = fastSlash < 0 ? undefined : s.slice(fastSlash + 1);
  if (fastAt < 0) return resource === undefined ? { valid: true, jid, domain } : { valid: true, jid, domain, resource };
  const local = lowered.slice(0, fastAt);
  return resource === undefined ? { valid: true, jid, local, domain } : { valid: true, jid, local, domain, resource };
}

/**
 * Parses and enforces an XMPP address (RFC 7622 §3). The separators are found before any mapping
 * (RFC 7622 §3.1): the resourcepart is everything after the first '/', the localpart everything before
 * the first '@' that precedes it. Parts are checked in order localpart, domainpart, resourcepart.
 */
export function parseJid(input: string): JidResult {
  if (scanAscii(input)) return fastResult(input);
  return parseJidGeneral(input);
}

// The verdicts on parts the general path has judged, per kind of part: real address lists repeat
// their domainparts (and often localparts and resourceparts), and a repeated part then costs one
// lookup instead of mapping, normalization and table checks. Bounded: parts up to 256 code units,
// at most 4096 per kind (the map starts over when full).
type PartVerdict = string | PartError;
const PART_CACHE_ENTRIES = 4096;
const PART_CACHE_LENGTH = 256;

class PartCache {
  private readonly verdicts = new Map<string, PartVerdict>();

  constructor(private readonly enforce: (raw: string) => string) {}

  verdict(raw: string): PartVerdict {
    let v = this.verdicts.get(raw);
    if (v !== undefined) return v;
    try {
      v = this.enforce(raw);
    } catch (e) {
      if (!(e instanceof PartError)) throw e;
      v = e;
    }
    if (raw.length <= PART_CACHE_LENGTH) {
      if (this.verdicts.size >= PART_CACHE_ENTRIES) this.verdicts.clear();
      this.verdicts.set(raw, v);
    }
    return v;
  }
}

const localCache = new PartCache(enforceLocalpart);
const domainCache = new PartCache(enforceDomainpart);
const resourceCache = new PartCache(enforceResourcepart);

function refused(e: PartError): InvalidJid {
  return { valid: false, part: e.part, reason: e.message };
}

/** parseJid without the ASCII fast path (exported for the test that compares the two). */
export function parseJidGeneral(input: string): JidResult {
  if (input.length > MAX_INPUT_LENGTH) {
    return {
      valid: false,
      part: 'jid',
      reason: `the address is ${input.length} UTF-16 code units, more than the harness cap of ${MAX_INPUT_LENGTH} (no valid JID of 3 × 1023 octets is that long, RFC 7622 §3.1)`,
    };
  }
  const slash = input.indexOf('/');
  const head = slash < 0 ? input : input.slice(0, slash);
  const at = head.indexOf('@');
  let local: string | undefined;
  if (at >= 0) {
    const v = localCache.verdict(head.slice(0, at));
    if (v instanceof PartError) return refused(v);
    local = v;
  }
  const domain = domainCache.verdict(at < 0 ? head : head.slice(at + 1));
  if (domain instanceof PartError) return refused(domain);
  let resource: string | undefined;
  if (slash >= 0) {
    const v = resourceCache.verdict(input.slice(slash + 1));
    if (v instanceof PartError) return refused(v);
    resource = v;
  }
  const jid = (local === undefined ? '' : `${local}@`) + domain + (resource === undefined ? '' : `/${resource}`);
  if (local === undefined) return resource === undefined ? { valid: true, jid, domain } : { valid: true, jid, domain, resource };
  return resource === undefined ? { valid: true, jid, local, domain } : { valid: true, jid, local, domain, resource };
}

/** Joins already-enforced parts (no checks). */
export function formatJid(parts: { local?: string | undefined; domain: string; resource?: string | undefined }): string {
  return (parts.local ? `${parts.local}@` : '') + parts.domain + (parts.resource !== undefined ? `/${parts.resource}` : '');
}

/** RFC 7622 §3: two addresses are equal when both are valid and their canonical forms are identical. */
export function jidEquals(a: string, b: string): boolean {
  const x = parseJid(a);
  const y = parseJid(b);
  return x.valid && y.valid && x.jid === y.jid;
}
