// The Prosody configuration a lab instance runs with, rendered from its options.
// Nothing under /etc/prosody is read; only 127.0.0.1 is bound.
import { LAB_ZONE } from './s2s.js';
import type { LabPorts, S2sAuthPolicy, StartTlsPolicy } from './types.js';

/** The federating side of a Prosody lab instance. */
export interface ProsodyS2sParams {
  /** The federating VirtualHost (its s2s presents `cert`). */
  readonly domain: string;
  /** CA-issued certificate and key for `domain`; `ca` is what peers' certificates must chain to. */
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
  readonly auth: S2sAuthPolicy;
  /** The only DNS server Prosody asks: 127.0.0.1 on this port. */
  readonly dnsPort: number;
}

export interface ProsodyConfigParams {
  readonly dir: string;
  readonly ports: LabPorts;
  readonly starttls: StartTlsPolicy;
  readonly registration: boolean;
  /** Needed only when the server itself runs as root (no privilege drop possible). */
  readonly runAsRoot: boolean;
  readonly cert: string;
  readonly key: string;
  readonly domains: readonly string[];
  /** Server-to-server on; without it s2s stays off, as before. */
  readonly s2s?: ProsodyS2sParams;
  /** Added: an external component (XEP-0114) accepted on this port with this secret. */
  readonly component?: ExternalComponentParams;
}

/** An external component a lab server accepts (XEP-0114 'jabber:component:accept'). */
export interface ExternalComponentParams {
  readonly port: number;
  readonly domain: string;
  readonly secret: string;
}

/** A Lua string literal (the state dir may hold anything a path can). */
export function luaString(s: string): string {
  return JSON.stringify(s);
}

export function renderProsodyConfig(p: ProsodyConfigParams): string {
  const f = (name: string) => luaString(`${p.dir}/${name}`);
  return `-- Prosody lab instance, rendered by xmpp-conformance (harness/lab/config.ts). Do not edit:
-- the file is written again on every 'lab up'.
pidfile = ${f('prosody.pid')}
data_path = ${f('data')}
log = {
	{ levels = { min = "info" }, to = "file", filename = ${f('prosody.log')} };
	{ levels = { min = "debug" }, to = "file", filename = ${f('debug.log')} };
}
run_as_root = ${p.runAsRoot}

interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { ${p.ports.c2s} }
c2s_direct_tls_ports = { ${p.ports.directTls} }   -- XEP-0368 direct TLS
s2s_ports = { ${p.ports.s2s} }
s2s_direct_tls_ports = { ${p.ports.s2sDirectTls} }
http_ports = { ${p.ports.http} }                  -- BOSH /http-bind, WebSocket /xmpp-websocket
https_ports = { ${p.ports.https} }                -- the same over TLS
${p.component ? `component_ports = { ${p.component.port} }          -- XEP-0114 external components\ncomponent_interfaces = { "127.0.0.1" }\n` : ''}
modules_enabled = {
	"roster"; "saslauth"; "tls"; "disco";
	"carbons"; "pep"; "private"; "blocklist"; "vcard4"; "vcard_legacy";
	"version"; "uptime"; "time"; "ping"; "register"; "admin_adhoc";
	"bosh"; "websocket"; "smacks"; "csi_simple"; "mam";
	"posix";${p.s2s ? '\n\t"dialback"; "s2s_bidi";' : ''}
}
${p.s2s ? renderProsodyS2s(p.s2s) : NO_S2S}

-- internal_plain keeps the passwords, so PLAIN and both SCRAM-SHA-1 and SCRAM-SHA-256 are offered.
authentication = "internal_plain"
c2s_require_encryption = ${p.starttls === 'required'}
allow_unencrypted_plain_auth = false
allow_registration = ${p.registration}
-- mod_register_limits exempts 127.0.0.1 and ::1 by default: a suite may register as often as it likes.

-- Plain-HTTP BOSH and WebSocket count as secure on loopback, so SASL is offered there too.
consider_bosh_secure = true
consider_websocket_secure = true
http_default_host = "localhost"

ssl = {
	certificate = ${luaString(p.cert)};
	key = ${luaString(p.key)};
	protocol = "tlsv1_2+";
}

storage = "internal"
archive_expires_after = "1d"

${p.domains.map((d) => `VirtualHost ${luaString(d)}`).join('\n')}
${p.s2s ? renderProsodyS2sHost(p.s2s) : ''}${p.component ? renderProsodyComponent(p.component) : ''}`;
}

/** The external component's host: Prosody routes its domain to whoever completes the handshake. */
function renderProsodyComponent(c: ExternalComponentParams): string {
  return `
Component ${luaString(c.domain)}
	component_secret = ${luaString(c.secret)}
`;
}

const NO_S2S = `-- No server-to-server: a stanza to another domain must not make the lab server look up names
-- (the suite sends some to '.invalid' domains), so s2s stays off.
modules_disabled = { "s2s" }
s2s_require_encryption = false
s2s_secure_auth = false`;

/** The TLS settings of the federating host's s2s side: the CA-issued certificate, the lab CA trusted. */
function s2sSsl(s: ProsodyS2sParams): string {
  return `{ certificate = ${luaString(s.cert)}; key = ${luaString(s.key)}; cafile = ${luaString(s.ca)}; protocol = "tlsv1_2+"; }`;
}

/**
 * Global s2s settings. RFC 6120 §5.3.1 / §13.7.1.2: TLS is required on every s2s stream; with
 * 'certs-required' a peer must authenticate with a certificate (SASL EXTERNAL, no dialback).
 * DNS: libunbound (lua-unbound) asks only the lab DNS on loopback, never resolv.conf or
 * /etc/hosts. Its built-in local zones answer '.test' and '.invalid' names with NXDOMAIN without
 * asking anyone; the lab zone is made transparent so its names go to the lab DNS. Two tries of
 * at most 1 s each: a lookup fails within about 2 s when nobody serves the lab DNS (cases that
 * wait for the bounce of a stanza to an unknown domain have 5 s), and a lab DNS that answers late
 * (the run's own process busy on a loaded machine) still gets its answer through instead of
 * Prosody bouncing stanzas with <remote-server-not-found/> for nothing (300 ms was too short
 * there); forgetting a forwarder's failures at
 * once lets the lab DNS be used as soon as a run starts serving it.
 */
function renderProsodyS2s(s: ProsodyS2sParams): string {
  return `-- Server-to-server: only the lab's federating domain ${s.domain} has a certificate peers can check.
s2s_require_encryption = true
s2s_secure_auth = ${s.auth === 'certs-required'}
-- a peer that accepts the connection and then says nothing is given up on (and the stanzas
-- bounced, RFC 6120 §10.4.3) after 5 s instead of the default 90 s, so the s2s area can wait for it
s2s_timeout = 5
-- s2s direct TLS (XEP-0368) without SNI presents the federating domain's certificate.
s2s_direct_tls_ssl = ${s2sSsl(s)}
unbound = {
	resolvconf = false;
	hoststxt = false;
	forward = { ${luaString(`127.0.0.1@${s.dnsPort}`)} };
	options = {
		["do-not-query-localhost:"] = "no";
		["local-zone:"] = ${luaString(`${LAB_ZONE}. transparent`)};
		["infra-cache-max-rtt:"] = "1000";
		["outbound-msg-retry:"] = "1";
		["infra-host-ttl:"] = "0";
		-- the s2s cases change records between cases: nothing is kept past its (zero) TTL, and a
		-- missing name is not remembered either
		["cache-max-ttl:"] = "1";
		["cache-max-negative-ttl:"] = "1";
	};
}`;
}

/** The federating VirtualHost: its s2s (STARTTLS and direct TLS) uses the lab CA's certificate. */
function renderProsodyS2sHost(s: ProsodyS2sParams): string {
  return `VirtualHost ${luaString(s.domain)}
	s2s_ssl = ${s2sSsl(s)}
	s2s_direct_tls_ssl = ${s2sSsl(s)}
`;
}
