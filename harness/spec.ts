// Citations: every case and every expectation names the RFC rule it checks.

export type Level = 'MUST' | 'MUST NOT' | 'SHOULD' | 'SHOULD NOT' | 'MAY';

/** One normative statement of an RFC: its number, section, and keyword level. */
export interface RfcRef {
  readonly rfc: number;
  readonly xep?: undefined;
  readonly section: string;
  readonly level: Level;
}

/**
 * Added: one normative statement of a XEP, with the XEP's version the statement was read from
 * (XEPs change under the same number; RFCs do not).
 */
export interface XepRef {
  readonly xep: number;
  readonly version: string;
  readonly rfc?: undefined;
  readonly section: string;
  readonly level: Level;
}

export type SpecRef = RfcRef | XepRef;

/** `--level must|should|may` selects by the strength of the keyword, negated or not. */
export type LevelFilter = 'must' | 'should' | 'may';

export function levelMatches(level: Level, filter: LevelFilter): boolean {
  if (filter === 'must') return level === 'MUST' || level === 'MUST NOT';
  if (filter === 'should') return level === 'SHOULD' || level === 'SHOULD NOT';
  return level === 'MAY';
}

/** "RFC 6120" or "XEP-0114": the cited document's name. */
export function documentName(ref: Pick<RfcRef, 'rfc'> | Pick<XepRef, 'xep'>): string {
  return 'xep' in ref && ref.xep !== undefined ? `XEP-${String(ref.xep).padStart(4, '0')}` : `RFC ${(ref as RfcRef).rfc}`;
}

/** "RFC 6120 §4.7.5 MUST" (or "XEP-0114 §3 MUST") — the form used in one-line failure messages. */
export function formatRef(ref: SpecRef): string {
  return `${documentName(ref)} §${ref.section} ${ref.level}`;
}

/** Where the cited section can be read (a XEP links its page; XEP section numbers have no anchors). */
export function rfcUrl(ref: Pick<RfcRef, 'rfc' | 'section'> | Pick<XepRef, 'xep' | 'section'>): string {
  if ('xep' in ref && ref.xep !== undefined) return `https://xmpp.org/extensions/xep-${String(ref.xep).padStart(4, '0')}.html`;
  return `https://www.rfc-editor.org/rfc/rfc${(ref as RfcRef).rfc}#section-${ref.section}`;
}

/** The pattern failure messages already carrying a citation match. */
export const CITED_RE = /\((RFC \d+|XEP-\d{4}) §/;

/** Every case belongs to one area (docs/reference.md, "Case ids, areas, levels, citations"). */
export const AREAS = ['stream', 'tls', 'sasl', 'bind', 'stanza', 'im', 'address', 'transport', 's2s', 'client', 'component', 'disco', 'pep'] as const;
export type Area = (typeof AREAS)[number];
