export { defineCase, registerCases, CaseDefinitionError, type CaseDefinition } from './define.js';
export type { CaseContext, ConnectOptions } from './context.js';
export { AREAS, type Area, type Role, type CaseMeta, type CaseNeeds } from './meta.js';
