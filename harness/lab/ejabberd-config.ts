// The ejabberd 23.01 configuration a lab instance runs with (ejabberd.yml, ejabberdctl.cfg, inetrc),
// rendered from its options. Nothing under /etc/ejabberd is read; only 127.0.0.1 is bound.
import type { ExternalComponentParams } from './config.js';
import type { LabPorts, S2sAuthPolicy, StartTlsPolicy } from './types.js';

/** The federating side of an ejabberd lab instance. */
export interface EjabberdS2sParams {
  /** The federating host; its certificate is picked by name from certfiles. */
  readonly domain: string;
  /** The lab-CA-issued certificate and key for `domain` in one PEM file. */
  readonly combinedPem: string;
  /** The lab CA: peers' certificates must chain to it. */
  readonly ca: string;
  readonly auth: S2sAuthPolicy;
}

export interface EjabberdConfigParams {
  readonly dir: string;
  readonly ports: LabPorts;
  /** Erlang distribution port (no epmd). */
  readonly distPort: number;
  readonly starttls: StartTlsPolicy;
  readonly registration: boolean;
  /** cert + key in one PEM file. */
  readonly combinedPem: string;
  readonly domains: readonly string[];
  readonly nodeName: string;
  /** Server-to-server on; without it there is no s2s listener, as before. */
  readonly s2s?: EjabberdS2sParams;
  /** Added: an external component (XEP-0114) accepted on its own listener. */
  readonly component?: ExternalComponentParams;
}

/** An ejabberd_service listener: the component's domain and its secret (XEP-0114 handshake). */
function renderComponentListener(c: ExternalComponentParams): string {
  return `  -
    # XEP-0114 external component
    port: ${c.port}
    ip: "127.0.0.1"
    module: ejabberd_service
    hosts:
      ${yamlString(c.domain)}:
        password: ${yamlString(c.secret)}
`;
}

/** A YAML double-quoted scalar (JSON strings are valid YAML). */
function yamlString(s: string): string {
  return JSON.stringify(s);
}

export function renderEjabberdYml(p: EjabberdConfigParams): string {
  return `# ejabberd lab instance, rendered by xmpp-conformance (harness/lab/ejabberd-config.ts). Do not edit:
# the file is written again on every 'lab up'.
hosts:
${p.domains.map((d) => `  - ${yamlString(d)}`).join('\n')}

loglevel: info
log_rotate_count: 0
hide_sensitive_log_data: true

certfiles:
  - ${yamlString(p.combinedPem)}${p.s2s ? `\n  - ${yamlString(p.s2s.combinedPem)}` : ''}

define_macro:
  'TLS_CIPHERS': "HIGH:!aNULL:!eNULL:!3DES:@STRENGTH"
  'TLS_OPTIONS':
    - "no_sslv3"
    - "no_tlsv1"
    - "no_tlsv1_1"
    - "cipher_server_preference"
    - "no_compression"

c2s_ciphers: 'TLS_CIPHERS'
c2s_protocol_options: 'TLS_OPTIONS'

listen:
  -
    port: ${p.ports.c2s}
    ip: "127.0.0.1"
    module: ejabberd_c2s
    max_stanza_size: 262144
    shaper: c2s_shaper
    access: c2s
    starttls: true
    starttls_required: ${p.starttls === 'required'}
    protocol_options: 'TLS_OPTIONS'
  -
    # XEP-0368 direct TLS
    port: ${p.ports.directTls}
    ip: "127.0.0.1"
    module: ejabberd_c2s
    max_stanza_size: 262144
    shaper: c2s_shaper
    access: c2s
    tls: true
    protocol_options: 'TLS_OPTIONS'
  -
    # plain HTTP: BOSH /bosh, WebSocket /ws
    port: ${p.ports.http}
    ip: "127.0.0.1"
    module: ejabberd_http
    request_handlers:
      /bosh: mod_bosh
      /ws: ejabberd_http_ws
  -
    port: ${p.ports.https}
    ip: "127.0.0.1"
    module: ejabberd_http
    tls: true
    protocol_options: 'TLS_OPTIONS'
    request_handlers:
      /bosh: mod_bosh
      /ws: ejabberd_http_ws
${p.component ? renderComponentListener(p.component) : ''}${p.s2s ? renderS2s(p) : NO_S2S}
# The default is 600 s between in-band registrations from one IP; a suite registers many from 127.0.0.1.
registration_timeout: infinity
auth_method: internal
# plain storage lets ejabberd offer PLAIN and SCRAM-SHA-1/256/512 (and -PLUS) for every account.
auth_password_format: plain
disable_sasl_mechanisms:
  - "digest-md5"
  - "X-OAUTH2"

acl:
  local:
    user_regexp: ""
  loopback:
    ip:
      - 127.0.0.0/8
      - ::1/128

access_rules:
  local:
    allow: local
  c2s:
    allow: all
  register:
    allow: all
  nobody:
    deny: all

shaper_rules:
  max_user_sessions: 100
  max_user_offline_messages: 100
  # loopback test traffic must not be throttled
  c2s_shaper: none

modules:
  mod_bosh: {}
  mod_caps: {}
  mod_carboncopy: {}
  mod_client_state: {}
  mod_disco: {}
  mod_last: {}
  mod_time: {}
  mod_offline:
    access_max_user_messages: max_user_offline_messages
  mod_ping: {}
  mod_privacy: {}
  mod_private: {}
  # XEP-0163 PEP (the pep plugin of mod_pubsub); the service host is only local (no s2s name)
  mod_pubsub:
    access_createnode: local
    plugins:
      - flat
      - pep
  mod_blocking: {}
  mod_register:
    ip_access: all
    access: ${p.registration ? 'register' : 'nobody'}
  mod_roster:
    versioning: true
  mod_stream_mgmt:
    resend_on_timeout: if_offline
  mod_vcard: {}
  mod_version:
    show_os: false${p.s2s && p.s2s.auth === 'dialback-allowed' ? '\n  # XEP-0220 dialback, for peers whose certificate does not verify\n  mod_s2s_dialback: {}' : ''}
`;
}

const NO_S2S = `
# No s2s listener. Outgoing s2s keeps ejabberd's defaults, but its resolver (inetrc) asks a name
# server on 127.0.0.1 port 9 where nothing answers, so a stanza to another domain (the suite sends
# some to '.invalid' domains) fails fast without any query leaving the machine.`;

/**
 * RFC 6120 §5.3.1: TLS on every s2s stream; peers' certificates are checked against the lab CA
 * (SASL EXTERNAL when one verifies and names the peer). Without mod_s2s_dialback
 * ('certs-required') a certificate is the only way in. DNS goes only to the lab DNS (inetrc).
 */
function renderS2s(p: EjabberdConfigParams): string {
  return `  -
    port: ${p.ports.s2s}
    ip: "127.0.0.1"
    module: ejabberd_s2s_in
    max_stanza_size: 524288
  -
    # XEP-0368 s2s direct TLS
    port: ${p.ports.s2sDirectTls}
    ip: "127.0.0.1"
    module: ejabberd_s2s_in
    tls: true
    max_stanza_size: 524288

s2s_use_starttls: required
s2s_cafile: ${yamlString(p.s2s?.ca ?? '')}
s2s_protocol_options: 'TLS_OPTIONS'
s2s_access: all
# the s2s cases point the harness's domain at a new listener per case: a failed connection must not
# make ejabberd bounce that domain's stanzas for minutes (the default backs off up to 300 s)
s2s_max_retry_delay: 1
# a peer that accepts the connection and then says nothing is given up on (and the stanzas bounced,
# RFC 6120 §10.4.3) after 10 s instead of the default 30 s, so the s2s area can wait for it; the
# option holds for client streams too, so it stays well above the c2s cases' 5 s waits (at 5 s it
# closed a client stream that a restricted-XML case was waiting on, and the case passed by it)
negotiation_timeout: 10`;
}

/** ejabberdctl's settings: the node pinned to 127.0.0.1 without epmd, pid and config in the state dir. */
export function renderEjabberdctlCfg(p: EjabberdConfigParams): string {
  return `# ejabberdctl settings for one lab node, rendered by xmpp-conformance.
ERLANG_NODE=${p.nodeName}
ERL_DIST_PORT=${p.distPort}
INET_DIST_INTERFACE=127.0.0.1
ERL_EPMD_ADDRESS=127.0.0.1
ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0"
EJABBERD_PID_PATH=${p.dir}/ejabberd.pid
EJABBERD_CONFIG_PATH=${p.dir}/etc/ejabberd.yml
CONTRIB_MODULES_PATH=${p.dir}/contrib
EJABBERD_BYPASS_WARNINGS=true
`;
}

/**
 * Erlang's resolver configuration: host names from the hosts file and our own domains only; DNS
 * (inet_res, which s2s uses for SRV, A and AAAA records) ignores /etc/resolv.conf and asks only
 * 127.0.0.1 on `dnsPort`: the lab DNS when a run serves it; without one (port 9, or nobody
 * serving) every lookup fails at once and nothing leaves the machine.
 */
export function renderInetrc(domains: readonly string[], dnsPort = 9): string {
  return [
    // atoms, not strings (strings are not understood, and the system resolver takes over); 'dns' too:
    // the host an SRV record names is looked up through inet, and the only nameserver is ours
    '{lookup,[file,dns]}.',
    `{host,{127,0,0,1}, [${domains.map((d) => JSON.stringify(d)).join(',')}]}.`,
    '{resolv_conf, ""}.',
    '{hosts_file, "/etc/hosts"}.',
    `{nameserver, {127,0,0,1}, ${dnsPort}}.`,
    '{timeout, 500}.',
    '{retry, 1}.',
    '',
  ].join('\n');
}
