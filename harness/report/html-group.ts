// Ordering and grouping shared by the HTML pages and the matrix: cases group under the RFC section
// of their first ref, sections sort numerically (4.7.5 before 4.10), then cases by id.
import type { SpecRef } from '../spec.js';
import { documentName, rfcUrl } from '../spec.js';

/** rfc 0 with no xep: no reference; a XEP's section has rfc 0 and its XEP number (added). */
export interface SectionKey {
  readonly rfc: number;
  readonly xep?: number;
  readonly section: string;
}

/** The section a case is filed under: its first ref (cases without refs go last, under rfc 0). */
export function primarySection(refs: readonly SpecRef[]): SectionKey {
  const first = refs[0];
  if (first?.xep !== undefined) return { rfc: 0, xep: first.xep, section: first.section };
  return first ? { rfc: first.rfc, section: first.section } : { rfc: 0, section: '' };
}

export function sectionLabel(k: SectionKey): string {
  if (k.xep !== undefined) return `${documentName({ xep: k.xep })} §${k.section}`;
  return k.rfc === 0 ? 'no RFC reference' : `RFC ${k.rfc} §${k.section}`;
}

export function sectionUrl(k: SectionKey): string | undefined {
  if (k.xep !== undefined) return rfcUrl({ xep: k.xep, section: k.section });
  return k.rfc === 0 ? undefined : rfcUrl(k);
}

export function sectionId(k: SectionKey): string {
  return k.xep !== undefined ? `xep${k.xep}#${k.section}` : `${k.rfc}#${k.section}`;
}

/** RFCs first by number, then XEPs by number, then cases without a reference. */
function documentRank(k: SectionKey): number {
  if (k.xep !== undefined) return 1_000_000 + k.xep;
  return k.rfc === 0 ? Number.MAX_SAFE_INTEGER : k.rfc;
}

/** Compares dotted section numbers part by part, numerically where both parts are numbers. */
export function compareSections(a: SectionKey, b: SectionKey): number {
  if (documentRank(a) !== documentRank(b)) return documentRank(a) - documentRank(b);
  const pa = a.section.split('.');
  const pb = b.section.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return 0;
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Groups items by primary section, sections in order and items by id within each. */
export function groupBySection<T extends { readonly id: string; readonly refs: readonly SpecRef[] }>(items: readonly T[]): { key: SectionKey; items: T[] }[] {
  const groups = new Map<string, { key: SectionKey; items: T[] }>();
  for (const it of items) {
    const key = primarySection(it.refs);
    const id = sectionId(key);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, items: [] }));
    g.items.push(it);
  }
  const out = [...groups.values()].sort((a, b) => compareSections(a.key, b.key));
  for (const g of out) g.items.sort((a, b) => compareIds(a.id, b.id));
  return out;
}
