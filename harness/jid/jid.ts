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
  constructor(readonly part: JidPart, message: string) {
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

/**
 * Parses and enforces an XMPP address (RFC 7622 §3). The separators are found before any mapping
 * (RFC 7622 §3.1): the resourcepart is everything after the first '/', the localpart everything before
 * the first '@' that precedes it. Parts are checked in order localpart, domainpart, resourcepart.
 */
export function parseJid(input: string): JidResult {
  if (input.length > MAX_INPUT_LENGTH) {
    return { valid: false, part: 'jid', reason: `the address is ${input.length} UTF-16 code units, more than the harness cap of ${MAX_INPUT_LENGTH} (no valid JID of 3 × 1023 octets is that long, RFC 7622 §3.1)` };
  }
  const slash = input.indexOf('/');
  const head = slash < 0 ? input : input.slice(0, slash);
  const at = head.indexOf('@');
  const rawLocal = at < 0 ? undefined : head.slice(0, at);
  const rawDomain = at < 0 ? head : head.slice(at + 1);
  const rawResource = slash < 0 ? undefined : input.slice(slash + 1);
  try {
    const local = rawLocal === undefined ? undefined : enforceLocalpart(rawLocal);
    const domain = enforceDomainpart(rawDomain);
    const resource = rawResource === undefined ? undefined : enforceResourcepart(rawResource);
    const jid = (local === undefined ? '' : `${local}@`) + domain + (resource === undefined ? '' : `/${resource}`);
    return {
      valid: true,
      jid,
      ...(local === undefined ? {} : { local }),
      domain,
      ...(resource === undefined ? {} : { resource }),
    };
  } catch (e) {
    if (e instanceof PartError) return { valid: false, part: e.part, reason: e.message };
    throw e;
  }
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
