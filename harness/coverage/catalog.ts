// The requirement catalog (vectors/requirements.json): every normative statement of the RFCs the
// suite targets, with whether a black-box harness can observe it. Cases cite its ids.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HarnessError } from '../errors.js';
import type { Level } from '../spec.js';

export interface Requirement {
  /** `rfc<N>-<section>-<slug>` (or `xep<NNNN>-<section>-<slug>`), stable */
  readonly id: string;
  /** the RFC's number; absent on a XEP's requirement (added) */
  readonly rfc?: number;
  /** added: the XEP's number and the version its statement was read from, instead of 'rfc' */
  readonly xep?: number;
  readonly version?: string;
  readonly section: string;
  readonly level: Level;
  readonly role: 'server' | 'client' | 'both';
  readonly area: string;
  /** one sentence, in the project's own words */
  readonly summary: string;
  readonly testable: boolean;
  readonly untestableReason?: string;
}

const ID_RE = /^(rfc\d+|xep\d{4})-[0-9.]+-[a-z0-9-]+$/;
const LEVELS = new Set(['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY']);
const ROLES = new Set(['server', 'client', 'both']);

export class CatalogError extends HarnessError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** Where the catalog ships: <package>/vectors/requirements.json (this file is dist/harness/coverage/). */
export const CATALOG_PATH = fileURLToPath(new URL('../../../vectors/requirements.json', import.meta.url));

/** Checks every entry's shape and that ids are unique; throws naming the first bad entry. */
export function validateCatalog(raw: unknown, source = 'requirements catalog'): Requirement[] {
  if (!Array.isArray(raw)) throw new CatalogError(`${source}: expected a JSON array of requirements`);
  const seen = new Set<string>();
  return raw.map((r: unknown, i): Requirement => {
    const e = r as Partial<Requirement>;
    const where = `${source} entry ${i} (${String(e?.id)})`;
    if (typeof e?.id !== 'string' || !ID_RE.test(e.id)) throw new CatalogError(`${where}: id must look like rfc6120-4.7.5-slug`);
    if (seen.has(e.id)) throw new CatalogError(`${where}: duplicate id`);
    seen.add(e.id);
    if (e.xep !== undefined) {
      if (!Number.isInteger(e.xep) || !e.id.startsWith(`xep${String(e.xep).padStart(4, '0')}-`))
        throw new CatalogError(`${where}: 'xep' must be the number in the id`);
      if (typeof e.version !== 'string' || !/^\d+(\.\d+)*$/.test(e.version))
        throw new CatalogError(`${where}: a XEP's requirement needs the XEP 'version' it was read from`);
    } else if (!Number.isInteger(e.rfc) || !e.id.startsWith(`rfc${e.rfc}-`)) throw new CatalogError(`${where}: 'rfc' must be the number in the id`);
    if (typeof e.section !== 'string' || !/^\d+(\.\d+)*$/.test(e.section)) throw new CatalogError(`${where}: bad 'section'`);
    if (!LEVELS.has(e.level as string)) throw new CatalogError(`${where}: bad 'level' ${JSON.stringify(e.level)}`);
    if (!ROLES.has(e.role as string)) throw new CatalogError(`${where}: bad 'role' ${JSON.stringify(e.role)}`);
    if (typeof e.area !== 'string' || !e.area) throw new CatalogError(`${where}: missing 'area'`);
    if (typeof e.summary !== 'string' || !e.summary.trim()) throw new CatalogError(`${where}: missing 'summary'`);
    if (typeof e.testable !== 'boolean') throw new CatalogError(`${where}: 'testable' must be true or false`);
    if (!e.testable && (typeof e.untestableReason !== 'string' || !e.untestableReason.trim()))
      throw new CatalogError(`${where}: an untestable requirement needs 'untestableReason'`);
    return e as Requirement;
  });
}

let cached: Requirement[] | undefined;

/** The shipped catalog, read once. */
export function loadCatalog(file = CATALOG_PATH): Requirement[] {
  if (file === CATALOG_PATH && cached) return cached;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CatalogError(`cannot read the requirements catalog ${file}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CatalogError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  const list = validateCatalog(raw, file);
  if (file === CATALOG_PATH) cached = list;
  return list;
}

/** The key a requirement's document is counted under: '6120' for an RFC, 'xep0114' for a XEP. */
export function documentKey(r: Pick<Requirement, 'rfc' | 'xep'>): string {
  return r.xep !== undefined ? `xep${String(r.xep).padStart(4, '0')}` : String(r.rfc);
}

/** Every requirement id the cases cite must be in the catalog (loading fails loudly otherwise). */
export function unknownRequirementIds(cases: readonly { id: string; requirements: readonly string[] }[], catalog: readonly Requirement[]): string[] {
  const known = new Set(catalog.map((r) => r.id));
  const out: string[] = [];
  for (const c of cases) for (const q of c.requirements) if (!known.has(q)) out.push(`${c.id} → ${q}`);
  return out;
}
