// The federation lab: two lab servers started from one CA (each trusts the certificates the other
// presents, so they authenticate each other with SASL EXTERNAL, RFC 6120 §6.3.8 / RFC 7590 §3.4),
// and one lab zone naming both federating domains (SRV, RFC 6120 §3.2.1) served on both servers'
// lab DNS addresses for as long as the federation runs.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseAccount, parseTarget } from '../config.js';
import { LabDns, LabZone } from '../dns/index.js';
import { DEFAULT_STATE_ROOT, LabError, LAB_ZONE, labDown, labUp, type LabInfo, type LabName, type S2sAuthPolicy } from '../lab/index.js';
import { createCa, type CaFiles } from '../pki/index.js';
import type { FederationEndpoint } from './run.js';

export interface FederationLabOptions {
  /** the servers to start (two of them) */
  readonly servers: readonly LabName[];
  /** one port base per server, in the same order */
  readonly portBases: readonly number[];
  /** parent of the state dirs (the labs' and the shared CA's) */
  readonly stateRoot?: string;
  /** how the servers authenticate each other; default 'certs-required' (EXTERNAL only, no dialback) */
  readonly s2sAuth?: S2sAuthPolicy;
  readonly log?: (line: string) => void;
}

export interface FederationLab {
  readonly infos: readonly LabInfo[];
  readonly endpoints: readonly FederationEndpoint[];
  readonly zone: LabZone;
  readonly ca: CaFiles;
  /** stops the DNS servers, takes every lab down, removes the CA; never throws (problems are returned) */
  down(): Promise<string[]>;
}

/** A lab server's federating side as the runner needs it. */
export function endpointOf(info: LabInfo): FederationEndpoint {
  const s2s = info.s2s;
  if (!s2s) throw new LabError(`lab ${info.server} runs no server-to-server side`);
  // c2s logins on the federating domain: Prosody presents its self-signed certificate (which names
  // that domain), ejabberd the lab-CA one; both are trusted
  const ca = [info.ca, s2s.ca].map((f) => readFileSync(f, 'utf8')).join('\n');
  return {
    server: info.server,
    version: info.version,
    domain: s2s.domain,
    c2s: parseTarget(info.target, s2s.domain, { ca, insecure: false }),
    accounts: s2s.accounts.map(parseAccount),
  };
}

/** The records both servers need: each federating domain's s2s port by SRV, the target 'localhost'. */
export function federationZone(infos: readonly LabInfo[]): LabZone {
  const zone = new LabZone(LAB_ZONE);
  for (const info of infos) {
    if (!info.s2s) continue;
    // ejabberd looks the SRV target up through the system's resolver: 'localhost' is the one name
    // that stays on this machine there
    zone.setSrv('_xmpp-server._tcp', info.s2s.domain, [{ priority: 0, weight: 0, port: info.ports.s2s, target: 'localhost' }]);
    zone.setAddresses(info.s2s.domain, ['127.0.0.1']);
  }
  return zone;
}

export async function federationLabUp(o: FederationLabOptions): Promise<FederationLab> {
  if (o.servers.length !== 2 || o.portBases.length !== 2) throw new LabError('a federation lab has two servers, each with its own port base');
  if (o.servers[0] === o.servers[1]) throw new LabError('a federation lab needs two different servers (their federating domains are fixed per server)');
  const log = o.log ?? ((line: string) => void process.stderr.write(line + '\n'));
  const stateRoot = o.stateRoot;
  // next to the labs' own state dirs, never in the working directory
  const caDir = path.join(path.resolve(stateRoot ?? DEFAULT_STATE_ROOT), `federation-ca-${o.portBases[0]}`);
  rmSync(caDir, { recursive: true, force: true });
  const ca = await createCa(caDir, 'xmpp-conformance federation CA');
  const infos: LabInfo[] = [];
  const dns: LabDns[] = [];
  const down = async (): Promise<string[]> => {
    const problems: string[] = [];
    await Promise.all(dns.splice(0).map((d) => d.stop().catch((e: unknown) => void problems.push(`lab DNS: ${String(e)}`))));
    for (const [i, server] of o.servers.entries()) {
      await labDown(server, { portBase: o.portBases[i] as number, ...(stateRoot ? { stateRoot } : {}) }).catch((e: unknown) => {
        problems.push(`lab down ${server}: ${e instanceof Error ? e.message : String(e)}`);
      });
    }
    rmSync(caDir, { recursive: true, force: true });
    return problems;
  };
  try {
    for (const [i, server] of o.servers.entries()) {
      log(`federation: starting ${server} (port base ${o.portBases[i]}) with the shared CA`);
      infos.push(
        await labUp(server, {
          portBase: o.portBases[i] as number,
          s2sAuth: o.s2sAuth ?? 'certs-required',
          s2sCa: { certFile: ca.certFile, keyFile: ca.keyFile },
          log,
          ...(stateRoot ? { stateRoot } : {}),
        }),
      );
    }
    const zone = federationZone(infos);
    for (const info of infos) {
      const m = /^(.+):(\d+)$/.exec(info.s2s?.dns ?? '');
      if (!m) throw new LabError(`lab ${info.server} names no lab DNS address`);
      dns.push(await LabDns.start(zone, m[1] as string, Number(m[2])));
    }
    return { infos, endpoints: infos.map(endpointOf), zone, ca, down };
  } catch (e) {
    await down();
    throw e;
  }
}
