// Public API of harness/coverage: the requirement catalog and what the cases cover of it.
export { loadCatalog, validateCatalog, unknownRequirementIds, CatalogError, CATALOG_PATH } from './catalog.js';
export type { Requirement } from './catalog.js';
export { computeCoverage, renderCoverage } from './coverage.js';
export type { Coverage, Tally } from './coverage.js';
export { loadProven, validateProven, PROVEN_PATH } from './proven.js';
export type { ProvenPairs } from './proven.js';
