// Addresses on the fake server (RFC 7622): splitting a JID into its parts, whether the fake takes
// it as valid, and the canonical form it routes on. Knobs (behaviour/address.ts) loosen one rule each.

export const bare = (jid: string): string => jid.split('/')[0] ?? jid;
export const localOf = (jid: string): string | undefined => (jid.includes('@') ? jid.split('@')[0] : undefined);
export const domainOf = (jid: string): string => (bare(jid).split('@').pop() ?? '').toLowerCase();

export interface JidRules {
  acceptExcludedLocalChars?: boolean;
  acceptLocalSpaces?: boolean;
  acceptControlLocal?: boolean;
  acceptLongParts?: boolean;
  acceptEmptyResource?: boolean;
  asciiOnlyResources?: boolean;
}

/** Splits per RFC 7622 §3.1-3.2: resource after the first '/', localpart before the first '@' ahead of it. */
export function split(
  jid: string,
  r: { splitAtLastSlash?: boolean; atInResourceSplits?: boolean } = {},
): { local: string | undefined; domain: string; resource: string | undefined } {
  const slash = r.splitAtLastSlash ? jid.lastIndexOf('/') : jid.indexOf('/');
  const b = slash === -1 ? jid : jid.slice(0, slash);
  const at = r.atInResourceSplits && jid.lastIndexOf('@') > b.length ? -2 : b.indexOf('@');
  if (at === -2) {
    const last = jid.lastIndexOf('@');
    return { local: jid.slice(0, last), domain: jid.slice(last + 1), resource: undefined };
  }
  return { local: at === -1 ? undefined : b.slice(0, at), domain: at === -1 ? b : b.slice(at + 1), resource: slash === -1 ? undefined : jid.slice(slash + 1) };
}

/** RFC 7622 well enough for the fake: non-empty parts, no excluded or control characters, ≤ 1023 octets each. */
export function validJid(jid: string, rules: JidRules = {}): boolean {
  const { local, domain, resource } = split(jid);
  const tooLong = (p: string): boolean => !rules.acceptLongParts && Buffer.byteLength(p) > 1023;
  if (resource !== undefined && ((resource.length === 0 && !rules.acceptEmptyResource) || tooLong(resource))) return false;
  if (resource !== undefined && rules.asciiOnlyResources && /[^\x20-\x7e]/.test(resource)) return false;
  if (local !== undefined) {
    if (local.length === 0 || tooLong(local)) return false;
    if (!rules.acceptExcludedLocalChars && /["&'/:<>@]/.test(local)) return false;
    if (!rules.acceptLocalSpaces && /\s/u.test(local)) return false;
    if (!rules.acceptControlLocal && /\p{Cc}/u.test(local)) return false;
  }
  if (domain.length === 0 || tooLong(domain) || /[\s@/]/.test(domain)) return false;
  return true;
}

export interface CanonRules {
  noLocalCaseFold?: boolean;
  noLocalWidthMap?: boolean;
  noDomainCaseFold?: boolean;
  noDomainWidthMap?: boolean;
  keepTrailingDot?: boolean;
  noResourceNfcRouting?: boolean;
  resourcesLowercased?: boolean;
  stripResourceSpaces?: boolean;
  splitAtLastSlash?: boolean;
  atInResourceSplits?: boolean;
}

/** A width mapping close enough for the fake: fullwidth and halfwidth forms to their NFKC equivalents. */
const widthMap = (s: string): string => s.replace(/[\uFF01-\uFFEF]/g, (c) => c.normalize('NFKC'));

/** Preparation and enforcement of each part (RFC 7622 §3.2-3.4), approximated for the fake. */
export function canonicalJid(jid: string, r: CanonRules = {}): string {
  const { local, domain, resource } = split(jid, r);
  let d = r.noDomainWidthMap ? domain : widthMap(domain.replace(/[\u3002\uFF0E\uFF61]/g, '.'));
  if (!r.noDomainCaseFold) d = d.toLowerCase();
  if (!r.keepTrailingDot && d.endsWith('.')) d = d.slice(0, -1);
  let l = local;
  if (l !== undefined) {
    if (!r.noLocalWidthMap) l = widthMap(l);
    if (!r.noLocalCaseFold) l = l.toLowerCase();
    l = l.normalize('NFC');
  }
  let res = resource === undefined ? undefined : r.noResourceNfcRouting ? resource : resource.normalize('NFC');
  if (res !== undefined && r.resourcesLowercased) res = res.toLowerCase();
  if (res !== undefined && r.stripResourceSpaces) res = res.replace(/ /g, '');
  return `${l !== undefined ? `${l}@` : ''}${d}${res !== undefined ? `/${res}` : ''}`;
}
