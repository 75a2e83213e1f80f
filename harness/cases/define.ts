// Declaring a case: metadata checked once, when the suite loads.
import { AREAS, type CaseMeta } from './meta.js';
import type { CaseContext } from './context.js';
import type { Level } from '../spec.js';
import { HarnessError } from '../errors.js';

export interface CaseDefinition extends CaseMeta {
  run(t: CaseContext): Promise<void>;
}

/** A case declared with bad metadata: the suite does not load (the CLI says so in one line, exit 4). */
export class CaseDefinitionError extends HarnessError {
  override readonly name = 'CaseDefinitionError';
  constructor(message: string) {
    super('DEFINITION', message);
  }
}

const ID_RE = /^(rfc\d+|xep\d{4})\/[a-z0-9-]+\/[a-z0-9][a-z0-9-]*$/;
const LEVELS: readonly Level[] = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'];
const REQ_RE = /^(rfc\d+|xep\d{4})-[0-9.]+-[a-z0-9-]+$/;
const TAG_RE = /^[a-z0-9][a-z0-9-]*$/;

/** Validates on the spot and returns the definition unchanged (frozen). */
export function defineCase(def: CaseDefinition): CaseDefinition {
  const where = `case '${def.id}'`;
  if (!ID_RE.test(def.id)) throw new CaseDefinitionError(`${where}: id must look like rfc6120/<area>/<slug>`);
  if (!(AREAS as readonly string[]).includes(def.area)) throw new CaseDefinitionError(`${where}: unknown area '${def.area}'`);
  if (def.id.split('/')[1] !== def.area) throw new CaseDefinitionError(`${where}: id's area segment must be '${def.area}'`);
  if (!def.title.trim()) throw new CaseDefinitionError(`${where}: empty title`);
  if (def.refs.length === 0) throw new CaseDefinitionError(`${where}: at least one RFC ref is required`);
  for (const r of def.refs) {
    const doc = r.xep !== undefined ? Number.isInteger(r.xep) && typeof r.version === 'string' && /^\d+(\.\d+)*$/.test(r.version) : Number.isInteger(r.rfc);
    if (!doc || !/^\d+(\.\d+)*$/.test(r.section) || !LEVELS.includes(r.level)) {
      throw new CaseDefinitionError(`${where}: malformed ref ${JSON.stringify(r)}`);
    }
  }
  if (def.requirements.length === 0) throw new CaseDefinitionError(`${where}: list at least one requirement id`);
  for (const q of def.requirements) {
    if (!REQ_RE.test(q)) throw new CaseDefinitionError(`${where}: requirement id '${q}' must look like rfc6120-4.7.5-slug`);
  }
  const tags = new Set<string>();
  for (const tag of def.tags) {
    if (!TAG_RE.test(tag)) throw new CaseDefinitionError(`${where}: tag '${tag}' must be lowercase words joined by '-'`);
    if (tags.has(tag)) throw new CaseDefinitionError(`${where}: duplicate tag '${tag}'`);
    tags.add(tag);
  }
  return Object.freeze(def);
}

/** The registry: unique ids, sorted by id (plans and shards depend on a stable order). */
export function registerCases(defs: readonly CaseDefinition[]): readonly CaseDefinition[] {
  const seen = new Set<string>();
  for (const d of defs) {
    if (seen.has(d.id)) throw new CaseDefinitionError(`case '${d.id}' is declared twice`);
    seen.add(d.id);
  }
  return Object.freeze([...defs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
}
