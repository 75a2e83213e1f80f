// The Prosody configuration a lab instance runs with, rendered from its options.
// Nothing under /etc/prosody is read; only 127.0.0.1 is bound.
import type { LabPorts, StartTlsPolicy } from './types.js';

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

modules_enabled = {
	"roster"; "saslauth"; "tls"; "disco";
	"carbons"; "pep"; "private"; "blocklist"; "vcard4"; "vcard_legacy";
	"version"; "uptime"; "time"; "ping"; "register"; "admin_adhoc";
	"bosh"; "websocket"; "smacks"; "csi_simple"; "mam";
	"posix";
}
-- No server-to-server: a stanza to another domain must not make the lab server look up names
-- (the suite sends some to '.invalid' domains), so s2s stays off.
modules_disabled = { "s2s" }

-- internal_plain keeps the passwords, so PLAIN and both SCRAM-SHA-1 and SCRAM-SHA-256 are offered.
authentication = "internal_plain"
c2s_require_encryption = ${p.starttls === 'required'}
s2s_require_encryption = false
s2s_secure_auth = false
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
`;
}
