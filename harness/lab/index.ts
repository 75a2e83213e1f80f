// The lab: real XMPP servers on loopback in throwaway directories (docs/reference.md, `lab up|down|status`).
import { UsageError } from '../errors.js';
import { ejabberdDown, ejabberdStatus, ejabberdUp } from './ejabberd.js';
import { jabberd2Down, jabberd2Status, jabberd2Up } from './jabberd2.js';
import { DEFAULT_PORT_BASES, resolveOptions } from './instance.js';
import { processesNaming } from './leftovers.js';
import { liveDirs, releaseInstance, stopLive } from './live.js';
import { stopPid } from './process.js';
import { componentPort, fallbackBases, labPorts, portFree } from './ports.js';
import { prosodyDown, prosodyStatus, prosodyUp } from './prosody.js';
import { LAB_NAMES, LabError, PortBusyError, type LabDownResult, type LabInfo, type LabName, type LabOptions, type LabStatus } from './types.js';

export { LAB_NAMES, LabError, PortBusyError, S2S_AUTH_POLICIES } from './types.js';
export type { LabComponent, LabDownResult, LabInfo, LabName, LabOptions, LabPorts, LabS2s, LabStatus, S2sAuthPolicy, StartTlsPolicy } from './types.js';
export { LAB_ZONE, s2sRunArgs } from './s2s.js';
export { componentDomain, componentRunArgs } from './component.js';
export { DEFAULT_PORT_BASES, DEFAULT_STATE_ROOT, labRunArgs, upstreamVersion } from './instance.js';
export {
  DEFAULT_EPHEMERAL_RANGE,
  DEFAULT_PORT_BASE,
  FALLBACK_BASE_FIRST,
  PORT_SPAN,
  ephemeralPortRange,
  fallbackBases,
  fetchStreamFeatures,
  componentPort,
  labDnsPort,
  labPorts,
  portAccepts,
  portFree,
  reachesEphemeral,
} from './ports.js';
export { findLabInstances, type LabInstanceSeen } from './leftovers.js';
export { labInterrupted, liveDirs, releaseInstance, stopLive, stopOnSignals } from './live.js';
export { makeSelfSignedCert, subjectAltName, type LabCert } from './cert.js';
export { renderProsodyConfig, type ExternalComponentParams, type ProsodyConfigParams, type ProsodyS2sParams } from './config.js';
export {
  JABBERD2_S2S_OPENSSL_CNF,
  ROUTER_FILTER_XML,
  jabberd2S2sEnv,
  jabberd2S2sVerifyMode,
  renderC2sXml,
  renderRouterUsersXml,
  renderRouterXml,
  renderS2sXml,
  renderSmXml,
  type Jabberd2ConfigParams,
  type Jabberd2S2sParams,
} from './jabberd2-config.js';
export { renderEjabberdYml, renderEjabberdctlCfg, renderInetrc, type EjabberdConfigParams } from './ejabberd-config.js';

/** Which servers have an implementation; the others answer with NotImplementedLabError. */
export const IMPLEMENTED_LABS: readonly LabName[] = ['prosody', 'ejabberd', 'jabberd2'];

/** A lab server name the interface knows but this version does not run yet (exit 2). */
export class NotImplementedLabError extends UsageError {
  constructor(readonly server: string) {
    super(`lab ${server}: not implemented yet; available: ${IMPLEMENTED_LABS.join(', ')}`);
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

const SERVERS: Record<
  LabName,
  | {
      up(opts: LabOptions): Promise<LabInfo>;
      down(opts: LabOptions): Promise<LabDownResult>;
      status(opts: LabOptions): Promise<LabStatus>;
    }
  | undefined
> = {
  prosody: { up: prosodyUp, down: prosodyDown, status: prosodyStatus },
  ejabberd: { up: ejabberdUp, down: ejabberdDown, status: ejabberdStatus },
  jabberd2: { up: jabberd2Up, down: jabberd2Down, status: jabberd2Status },
};

function server(name: LabName) {
  const s = SERVERS[check(name)];
  if (!s) throw new NotImplementedLabError(name);
  return s;
}

/**
 * Starts the server (or returns the running one's info) once it answers a c2s stream header.
 * With `portFallbacks`, a busy port (found before the start, or held by someone else once a start
 * failed) moves the instance to another base instead of failing.
 */
export async function labUp(name: LabName, opts: LabOptions = {}): Promise<LabInfo> {
  const s = server(name);
  const spare = fallbackBases();
  let base = opts.portBase ?? DEFAULT_PORT_BASES[name];
  for (let left = Math.max(0, opts.portFallbacks ?? 0); ; left--) {
    const attempt = { ...opts, portBase: base };
    try {
      return await s.up(attempt);
    } catch (e) {
      // A start that failed leaves nothing behind: what it spawned is stopped, its dir removed.
      const dir = resolveOptions(name, attempt).dir;
      if (liveDirs().includes(dir)) {
        await stopLive(3000, [dir]);
        if (e instanceof Error && !(e instanceof PortBusyError)) e.message += ' (the state dir was removed)';
      }
      if (left <= 0 || !(e instanceof LabError)) throw e;
      if (!(e instanceof PortBusyError) && !(await anyBusy(base))) throw e;
      const next = spare.shift();
      if (next === undefined) throw e;
      (opts.log ?? ((line: string) => process.stderr.write(line + '\n')))(`lab ${name}: ${e.message.split('\n')[0]}; trying port base ${next}`);
      base = next;
    }
  }
}

/** After a failed start (ours stopped again): does someone else hold one of the base's ports? */
async function anyBusy(base: number): Promise<boolean> {
  for (const port of new Set([...Object.values(labPorts(base)), base + 2, componentPort(base)])) if (!(await portFree(port))) return true;
  return false;
}

/** Stops the server (clean stop, SIGKILL as a last resort) and removes its directory; fine when not running. */
export async function labDown(name: LabName, opts: LabOptions = {}): Promise<LabDownResult> {
  const res = await server(name).down(opts);
  // Processes of that dir without a pid file or lab.json to find them by (an up killed half-way,
  // or a dir removed under a running server): stopped too.
  const strays = processesNaming(res.dir);
  const kills = await Promise.all(strays.map((pid) => stopPid(pid, '', 5000)));
  releaseInstance(res.dir);
  return strays.length ? { ...res, stopped: res.stopped ?? (strays[0] as number), killed: res.killed || kills.some(Boolean) } : res;
}

export async function labStatus(name: LabName, opts: LabOptions = {}): Promise<LabStatus> {
  return server(name).status(opts);
}
