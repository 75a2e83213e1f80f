// The lab: real XMPP servers on loopback in throwaway directories (CONTRACT.md `lab up|down|status`).
import { UsageError } from '../errors.js';
import { ejabberdDown, ejabberdStatus, ejabberdUp } from './ejabberd.js';
import { jabberd2Down, jabberd2Status, jabberd2Up } from './jabberd2.js';
import { prosodyDown, prosodyStatus, prosodyUp } from './prosody.js';
import { LAB_NAMES, type LabDownResult, type LabInfo, type LabName, type LabOptions, type LabStatus } from './types.js';

export { LAB_NAMES, LabError } from './types.js';
export type { LabDownResult, LabInfo, LabName, LabOptions, LabPorts, LabStatus, StartTlsPolicy } from './types.js';
export { DEFAULT_PORT_BASES, DEFAULT_STATE_ROOT, upstreamVersion } from './instance.js';
export { DEFAULT_PORT_BASE, fetchStreamFeatures, labPorts, portAccepts, portFree } from './ports.js';
export { makeSelfSignedCert, subjectAltName, type LabCert } from './cert.js';
export { renderProsodyConfig, type ProsodyConfigParams } from './config.js';
export { ROUTER_FILTER_XML, renderC2sXml, renderRouterUsersXml, renderRouterXml, renderSmXml, type Jabberd2ConfigParams } from './jabberd2-config.js';
export { renderEjabberdYml, renderEjabberdctlCfg, renderInetrc, type EjabberdConfigParams } from './ejabberd-config.js';

/** Which servers have an implementation; the others answer with NotImplementedLabError. */
export const IMPLEMENTED_LABS: readonly LabName[] = ['prosody', 'ejabberd', 'jabberd2'];

/** A server the contract names but this version does not run yet (exit 2). */
export class NotImplementedLabError extends UsageError {
  constructor(readonly server: string) {
    super(`lab ${server}: not implemented yet (issue 6); available: ${IMPLEMENTED_LABS.join(', ')}`);
  }
}

export function isLabName(name: string): name is LabName {
  return (LAB_NAMES as readonly string[]).includes(name);
}

function check(name: string): LabName {
  if ((IMPLEMENTED_LABS as readonly string[]).includes(name)) return name as LabName;
  if (isLabName(name)) throw new NotImplementedLabError(name);
  throw new UsageError(`unknown lab server '${name}'; available: ${IMPLEMENTED_LABS.join(', ')}`);
}

const SERVERS: Record<LabName, {
  up(opts: LabOptions): Promise<LabInfo>;
  down(opts: LabOptions): Promise<LabDownResult>;
  status(opts: LabOptions): Promise<LabStatus>;
} | undefined> = {
  prosody: { up: prosodyUp, down: prosodyDown, status: prosodyStatus },
  ejabberd: { up: ejabberdUp, down: ejabberdDown, status: ejabberdStatus },
  jabberd2: { up: jabberd2Up, down: jabberd2Down, status: jabberd2Status },
};

function server(name: LabName) {
  const s = SERVERS[check(name)];
  if (!s) throw new NotImplementedLabError(name);
  return s;
}

/** Starts the server (or returns the running one's info) once it answers a c2s stream header. */
export async function labUp(name: LabName, opts: LabOptions = {}): Promise<LabInfo> {
  return server(name).up(opts);
}

/** Stops the server (clean stop, SIGKILL as a last resort) and removes its directory; fine when not running. */
export async function labDown(name: LabName, opts: LabOptions = {}): Promise<LabDownResult> {
  return server(name).down(opts);
}

export async function labStatus(name: LabName, opts: LabOptions = {}): Promise<LabStatus> {
  return server(name).status(opts);
}
