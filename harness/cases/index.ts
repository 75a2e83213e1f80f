export { defineCase, registerCases, CaseDefinitionError, type CaseDefinition } from './define.js';
export type {
  CaseContext,
  ComponentContext,
  ConnectOptions,
  S2sAuthOptions,
  S2sCertKind,
  S2sConnectOptions,
  S2sContext,
  S2sInboundPeer,
  S2sInboundRecord,
  S2sListener,
  S2sSrvPlan,
  S2sSrvPlanAdded,
  S2sDnsLookup,
} from './context.js';
export { AREAS, type Area, type Role, type CaseMeta, type CaseNeeds, type SharedState } from './meta.js';
