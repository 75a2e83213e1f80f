// The proven (case, requirement) pairs (vectors/proven.json): a pair is proven when a negative
// control of the case breaks that requirement and the case fails on it. The project's tests write
// the file from the control tables and check it is current; the CLI only reads it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CatalogError } from './catalog.js';

/** case id -> the requirement ids proven for it */
export type ProvenPairs = ReadonlyMap<string, ReadonlySet<string>>;

/** Where the file ships: <package>/vectors/proven.json (this file is dist/harness/coverage/). */
export const PROVEN_PATH = fileURLToPath(new URL('../../../vectors/proven.json', import.meta.url));

/** Checks the file's shape: `{ "pairs": { "<case id>": ["<requirement id>", ...] } }`. */
export function validateProven(raw: unknown, source = 'proven pairs'): ProvenPairs {
  const pairs = (raw as { pairs?: unknown } | null)?.pairs;
  if (typeof pairs !== 'object' || pairs === null || Array.isArray(pairs)) throw new CatalogError(`${source}: expected an object with a 'pairs' object`);
  const out = new Map<string, ReadonlySet<string>>();
  for (const [id, list] of Object.entries(pairs)) {
    if (!Array.isArray(list) || !list.every((q) => typeof q === 'string')) throw new CatalogError(`${source}: '${id}' must list requirement ids`);
    out.set(id, new Set(list as string[]));
  }
  return out;
}

let cached: ProvenPairs | undefined;

/** The shipped proven pairs, read once. */
export function loadProven(file = PROVEN_PATH): ProvenPairs {
  if (file === PROVEN_PATH && cached) return cached;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CatalogError(`cannot read the proven pairs ${file}: ${(e as Error).message}`);
  }
  const pairs = validateProven(raw, file);
  if (file === PROVEN_PATH) cached = pairs;
  return pairs;
}
