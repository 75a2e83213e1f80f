// Citations: every case and every expectation names the RFC rule it checks.

export type Level = 'MUST' | 'MUST NOT' | 'SHOULD' | 'SHOULD NOT' | 'MAY';

/** One normative statement: RFC number, section, and its keyword level. */
export interface SpecRef {
  readonly rfc: number;
  readonly section: string;
  readonly level: Level;
}

/** `--level must|should|may` selects by the strength of the keyword, negated or not. */
export type LevelFilter = 'must' | 'should' | 'may';

export function levelMatches(level: Level, filter: LevelFilter): boolean {
  if (filter === 'must') return level === 'MUST' || level === 'MUST NOT';
  if (filter === 'should') return level === 'SHOULD' || level === 'SHOULD NOT';
  return level === 'MAY';
}

/** "RFC 6120 §4.7.5 MUST" — the form used in one-line failure messages. */
export function formatRef(ref: SpecRef): string {
  return `RFC ${ref.rfc} §${ref.section} ${ref.level}`;
}

export function rfcUrl(ref: Pick<SpecRef, 'rfc' | 'section'>): string {
  return `https://www.rfc-editor.org/rfc/rfc${ref.rfc}#section-${ref.section}`;
}

/** Every case belongs to one area (docs/reference.md, "Case ids, areas, levels, citations"). */
export const AREAS = ['stream', 'tls', 'sasl', 'bind', 'stanza', 'im', 'address', 'transport', 's2s', 'client'] as const;
export type Area = (typeof AREAS)[number];
