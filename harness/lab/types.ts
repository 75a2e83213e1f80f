// The shapes the `lab` command hands out (docs/reference.md, "lab up --json") and the lab's own error.
import { HarnessError } from '../errors.js';

/** The lab's servers. */
export type LabName = 'prosody' | 'ejabberd' | 'jabberd2';

export const LAB_NAMES: readonly LabName[] = ['prosody', 'ejabberd', 'jabberd2'];

export type StartTlsPolicy = 'required' | 'optional';

/**
 * How the server authenticates peer servers: 'certs-required' accepts only a certificate that
 * chains to the lab CA and names the peer (SASL EXTERNAL); 'dialback-allowed' also takes XEP-0220
 * dialback when the certificate does not do.
 */
export type S2sAuthPolicy = 'certs-required' | 'dialback-allowed';

export const S2S_AUTH_POLICIES: readonly S2sAuthPolicy[] = ['certs-required', 'dialback-allowed'];

export interface LabOptions {
  /** Parent of the per-instance state dir; default /tmp/xmpp-conformance-lab. */
  readonly stateRoot?: string;
  /** c2s STARTTLS policy; default 'required'. */
  readonly starttls?: StartTlsPolicy;
  /** XEP-0077 in-band registration; default true. */
  readonly registration?: boolean;
  /** Server-to-server authentication of peers; default 'dialback-allowed'. */
  readonly s2sAuth?: S2sAuthPolicy;
  /** c2s port; the others are offsets from it (see labPorts); default: the server's (DEFAULT_PORT_BASES: Prosody 15222, ejabberd 25222, jabberd2 30222). */
  readonly portBase?: number;
  /**
   * `up` only: when a port of `portBase` is busy, how many other bases to try (random ones from
   * the fallback band below the ephemeral range, see ports.ts); default 0, a busy port fails.
   * The instance's `ports.c2s` then says which base it got (`down` and `status` need it).
   */
  readonly portFallbacks?: number;
  /** Bounded wait for `<stream:features>` after launch, ms; default 20000. */
  readonly readyTimeoutMs?: number;
  /** Where progress notes go (package installs); default: process stderr. */
  readonly log?: (line: string) => void;
  /**
   * Added: a CA (PEM files) the instance uses for its federating side instead of making its own:
   * its s2s certificate is issued by it and peers' certificates must chain to it. Lab servers
   * started with the same CA authenticate each other (SASL EXTERNAL); see harness/federation.
   */
  readonly s2sCa?: { readonly certFile: string; readonly keyFile: string };
}

export interface LabPorts {
  readonly c2s: number;
  readonly directTls: number;
  readonly s2s: number;
  readonly s2sDirectTls: number;
  readonly http: number;
  readonly https: number;
}

/** The first interface's object, plus added fields (docs/reference.md: fields are added, never renamed). */
export interface LabInfo {
  readonly server: LabName;
  readonly version: string;
  readonly target: string;
  readonly domain: string;
  /** `JID:PASSWORD`, three of them (alice, bob, carol). */
  readonly accounts: readonly string[];
  /** The self-signed server certificate, usable as the only trusted CA. */
  readonly ca: string;
  readonly pid: number;
  readonly dir: string;
  readonly directTlsTarget: string;
  readonly starttls: StartTlsPolicy;
  readonly registration: boolean;
  readonly websocket: string;
  readonly bosh: string;
  readonly secureWebsocket: string;
  readonly secureBosh: string;
  readonly ports: LabPorts;
  readonly startedAt: string;
  /** Milliseconds from launch to the first `<stream:features>` on the c2s port. */
  readonly readyMs: number;
  /** Every process of the instance by role, for servers made of several (jabberd2: router, sm, c2s). */
  readonly pids?: Readonly<Record<string, number>>;
  /** Ports the server binds besides c2s/TLS/HTTP (ejabberd: Erlang distribution; jabberd2: router). */
  readonly internalPorts?: Readonly<Record<string, number>>;
  /** What the server does not offer in this lab (no BOSH, no WebSocket over plain TCP...). */
  readonly notes?: readonly string[];
  /** The server's federating side; absent for servers whose s2s the lab does not run yet. */
  readonly s2s?: LabS2s;
  /** The extra `run` flags the s2s area needs against this lab server. */
  readonly s2sRunArgs?: readonly string[];
  /** Added: the external component (XEP-0114) the server accepts; absent where the lab runs none. */
  readonly component?: LabComponent;
  /** Added: the extra `run` flags the component area needs against this lab server. */
  readonly componentRunArgs?: readonly string[];
  /**
   * Added: every `run` flag the whole suite needs against this instance (target, domain, CA,
   * accounts, --register where registration is on, s2sRunArgs, componentRunArgs): what `npm start`
   * passes. Absent from a lab.json written before this field existed.
   */
  readonly runArgs?: readonly string[];
}

/** A lab server's external component (LabInfo.component, XEP-0114 'jabber:component:accept'). */
export interface LabComponent {
  /** xmpp://127.0.0.1:<component port> (plain TCP; the component protocol has no TLS of its own) */
  readonly target: string;
  /** the component's domain, e.g. 'component.localhost' */
  readonly domain: string;
  /** the shared secret of the handshake */
  readonly secret: string;
}

/** A lab server's server-to-server side (LabInfo.s2s). */
export interface LabS2s {
  /** xmpp://127.0.0.1:<s2s port> (STARTTLS) */
  readonly target: string;
  /** xmpps://127.0.0.1:<s2s direct TLS port> (XEP-0368); absent where the server has none (jabberd2) */
  readonly directTlsTarget?: string;
  /** The federating domain, e.g. 'prosody.lab.test'. */
  readonly domain: string;
  /** `JID:PASSWORD` on the federating domain (alice, bob, carol); they log in through the c2s port. */
  readonly accounts: readonly string[];
  readonly auth: S2sAuthPolicy;
  /** '127.0.0.1:<port>': the only DNS server the lab server asks (nobody serves it unless a run does). */
  readonly dns: string;
  /** The lab CA certificate (PEM file) the server trusts for s2s and that issued its s2s certificate. */
  readonly ca: string;
  /** The lab CA's private key, so the harness can issue certificates the server trusts. */
  readonly caKey: string;
}

export interface LabStatus {
  readonly server: LabName;
  readonly running: boolean;
  readonly dir: string;
  readonly ports: LabPorts;
  /** What the last `up` wrote to `<dir>/lab.json`, when there is one. */
  readonly info?: LabInfo;
}

export interface LabDownResult {
  readonly server: LabName;
  readonly dir: string;
  /** The pid that was stopped, when one was running. */
  readonly stopped?: number;
  /** True when SIGTERM was not enough. */
  readonly killed: boolean;
  readonly removed: boolean;
}

/** The server could not be started or stopped (exit 1); the message names the log to read. */
export class LabError extends HarnessError {
  override readonly name = 'LabError';
  constructor(message: string) {
    super('LAB', message);
  }
}

/** A port the lab needs is held by someone else (exit 1; `up` with portFallbacks moves on). */
export class PortBusyError extends LabError {
  constructor(
    readonly port: number,
    message: string,
  ) {
    super(message);
  }
}
