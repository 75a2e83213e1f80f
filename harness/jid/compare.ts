// Comparing addresses the way cases need to: by their canonical forms (RFC 7622 §3), bare or full.
// An address that is not valid has no canonical form; it is then compared by its text, the part
// before the first '/' lower-cased, so a case still reports what it saw instead of throwing.
import { parseJid } from './jid.js';

/** Canonical forms already computed (stanza predicates ask for the same few addresses again and again). */
const known = new Map<string, string | undefined>();
const KNOWN_CAP = 4096;

function canonical(jid: string): string | undefined {
  if (known.has(jid)) return known.get(jid);
  const r = parseJid(jid);
  const c = r.valid ? r.jid : undefined;
  if (known.size >= KNOWN_CAP) known.clear();
  known.set(jid, c);
  return c;
}

function textBare(jid: string): string {
  return (jid.split('/', 1)[0] ?? '').toLowerCase();
}

function resourceText(jid: string): string {
  const slash = jid.indexOf('/');
  return slash < 0 ? '' : jid.slice(slash + 1);
}

/** The bare JID of `jid` (RFC 7622 §3.2-3.3 enforced, resource dropped); '' for undefined. */
export function bareJid(jid: string | undefined): string {
  if (jid === undefined) return '';
  const c = canonical(jid);
  if (c === undefined) return textBare(jid);
  const slash = c.indexOf('/');
  return slash < 0 ? c : c.slice(0, slash);
}

/** Whether `a` and `b` have the same bare JID (whatever their resources). */
export function sameBareJid(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && bareJid(a) === bareJid(b);
}

/** Whether `a` and `b` name the same entity: the same bare JID and the same resource (or none on both). */
export function sameJid(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const ca = canonical(a);
  const cb = canonical(b);
  if (ca !== undefined && cb !== undefined) return ca === cb;
  return textBare(a) === textBare(b) && resourceText(a) === resourceText(b);
}
