// Public API of harness/federation: lab servers federating with each other, and the runner of the
// cases that check what crosses between their domains.
export { defineFederationCase, type FederationCase, type FederationContext, type FederationSide } from './case.js';
export { pairKey, runFederationCase, runFederationPair, warmUpFederation, type FederationEndpoint, type RunPairOptions } from './run.js';
export { endpointOf, federationLabUp, federationZone, type FederationLab, type FederationLabOptions } from './lab.js';
export { FEDERATION_REPORT_SCHEMA, pairAsReport, readFederationPairs, type FederationPairReport } from './report.js';
