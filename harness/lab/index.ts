// The lab: real XMPP servers on loopback in throwaway directories (CONTRACT.md `lab up|down|status`).
import { UsageError } from '../errors.js';
import { prosodyDown, prosodyStatus, prosodyUp } from './prosody.js';
import { LAB_NAMES, type LabDownResult, type LabInfo, type LabName, type LabOptions, type LabStatus } from './types.js';

export { LAB_NAMES, LabError } from './types.js';
export type { LabDownResult, LabInfo, LabName, LabOptions, LabPorts, LabStatus, StartTlsPolicy } from './types.js';
export { DEFAULT_STATE_ROOT, upstreamVersion } from './prosody.js';
export { DEFAULT_PORT_BASE, fetchStreamFeatures, labPorts, portAccepts, portFree } from './ports.js';
export { makeSelfSignedCert, subjectAltName, type LabCert } from './cert.js';
export { renderProsodyConfig, type ProsodyConfigParams } from './config.js';

/** Which servers have an implementation; the others answer with NotImplementedLabError. */
export const IMPLEMENTED_LABS: readonly LabName[] = ['prosody'];

/** A server the contract names but this version does not run yet (exit 2). */
export class NotImplementedLabError extends UsageError {
  constructor(readonly server: string) {
    super(`lab ${server}: not implemented yet (issue 6); available: ${IMPLEMENTED_LABS.join(', ')}`);
  }
}

export function isLabName(name: string): name is LabName {
  return (LAB_NAMES as readonly string[]).includes(name);
}

function check(name: string): 'prosody' {
  if (name === 'prosody') return name;
  if (isLabName(name)) throw new NotImplementedLabError(name);
  throw new UsageError(`unknown lab server '${name}'; available: ${IMPLEMENTED_LABS.join(', ')}`);
}

/** Starts the server (or returns the running one's info) once it answers a c2s stream header. */
export async function labUp(name: LabName, opts: LabOptions = {}): Promise<LabInfo> {
  check(name);
  return prosodyUp(opts);
}

/** Stops the server (SIGTERM, SIGKILL after 15 s) and removes its directory; fine when not running. */
export async function labDown(name: LabName, opts: LabOptions = {}): Promise<LabDownResult> {
  check(name);
  return prosodyDown(opts);
}

export async function labStatus(name: LabName, opts: LabOptions = {}): Promise<LabStatus> {
  check(name);
  return prosodyStatus(opts);
}
