// The suites, loaded when a command needs them rather than when the command line module loads: a
// case declared with bad metadata (a CaseDefinitionError, thrown as its module loads) then fails
// inside the command, where it becomes one line and exit 4, not a stack trace before main runs.
import type { CaseDefinition } from '../cases/index.js';
import type { FederationCase } from '../federation/index.js';
import type { ClientCaseDefinition } from '../serve/index.js';

/** Every server and client case (suites/index.ts); `run` keeps the server ones. */
export async function loadServerCases(): Promise<readonly CaseDefinition[]> {
  return (await import('../../suites/index.js')).allCases;
}

/** The client cases `serve` runs. */
export async function loadClientCases(): Promise<readonly ClientCaseDefinition[]> {
  return (await import('../../suites/client/index.js')).clientCases;
}

/** The cross-domain cases of `npm run federation`. */
export async function loadFederationCases(): Promise<readonly FederationCase[]> {
  return (await import('../../suites/federation/index.js')).federationCases;
}
