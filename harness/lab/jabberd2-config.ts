// The jabberd2 2.7 configuration a lab instance runs with: router, sm, c2s and s2s, rendered from
// its options. Nothing under /etc/jabberd2 is read; only 127.0.0.1 is bound.
import { InternalError } from '../errors.js';
import type { S2sAuthPolicy, StartTlsPolicy } from './types.js';

/** The federating side: the s2s component's listener, certificate and trust. */
export interface Jabberd2S2sParams {
  /** The federating domain (served by sm and c2s too). */
  readonly domain: string;
  /** STARTTLS s2s port (jabberd2 2.7's s2s has no direct-TLS listener). */
  readonly port: number;
  /** The domain's lab-CA certificate + key in one PEM file. */
  readonly combinedPem: string;
  /** The lab CA (PEM), the only trust anchor for peers' certificates. */
  readonly ca: string;
  /** Secret the dialback keys are derived from. */
  readonly dialbackSecret: string;
  readonly auth: S2sAuthPolicy;
}

export interface Jabberd2ConfigParams {
  readonly dir: string;
  readonly c2sPort: number;
  readonly directTlsPort: number;
  readonly routerPort: number;
  /** Shared secret between the router and its components (sm, c2s). */
  readonly secret: string;
  readonly starttls: StartTlsPolicy;
  readonly registration: boolean;
  /** cert + key in one PEM file. */
  readonly combinedPem: string;
  readonly domains: readonly string[];
  /** Where the package keeps its modules (authreg_sqlite.so, libstorage.so...). */
  readonly moduleDir: string;
  /** Server-to-server on; without it there is no s2s component, as before. */
  readonly s2s?: Jabberd2S2sParams;
}

/** XML character data / attribute value escaping for the paths and names we put into the configs. */
function x(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

function routerLink(p: Jabberd2ConfigParams): string {
  return `  <router>
    <ip>127.0.0.1</ip>
    <port>${p.routerPort}</port>
    <user>jabberd</user>
    <pass>${x(p.secret)}</pass>
    <retry><init>10</init><lost>10</lost><sleep>1</sleep></retry>
  </router>`;
}

function log(p: Jabberd2ConfigParams, name: string): string {
  return `  <log type='file'>
    <ident>jabberd/${name}</ident>
    <file>${x(`${p.dir}/log/${name}.log`)}</file>
  </log>`;
}

const HEADER = '<!-- jabberd2 lab instance, rendered by xmpp-conformance (harness/lab/jabberd2-config.ts); rewritten on every lab up. -->';

/** The router: the hub sm and c2s connect to, on 127.0.0.1 only; not for clients. */
export function renderRouterXml(p: Jabberd2ConfigParams): string {
  return `${HEADER}
<router>
  <id>router</id>
  <pidfile>${x(`${p.dir}/run/router.pid`)}</pidfile>
${log(p, 'router')}
  <local>
    <ip>127.0.0.1</ip>
    <port>${p.routerPort}</port>
    <users>${x(`${p.dir}/etc/router-users.xml`)}</users>
    <secret>${x(p.secret)}</secret>
  </local>
  <check><interval>60</interval><keepalive>0</keepalive></check>
  <io>
    <max_fds>1024</max_fds>
    <limits><bytes>0</bytes><connects>0</connects></limits>
    <access><order>allow,deny</order></access>
  </io>
  <aliases/>
  <aci>
    <acl type='all'><user>jabberd</user></acl>
    <filter>${x(`${p.dir}/etc/router-filter.xml`)}</filter>
  </aci>
</router>
`;
}

export function renderRouterUsersXml(p: Jabberd2ConfigParams): string {
  return `<users>\n  <user>\n    <name>jabberd</name>\n    <secret>${x(p.secret)}</secret>\n  </user>\n</users>\n`;
}

export const ROUTER_FILTER_XML = '<filter>\n</filter>\n';

/** The session manager: rosters, presence, offline storage, in the same sqlite file as the accounts. */
export function renderSmXml(p: Jabberd2ConfigParams): string {
  const chain = (id: string, modules: readonly string[]) => `    <chain id='${id}'>${modules.map((m) => `<module>${m}</module>`).join('')}</chain>`;
  return `${HEADER}
<sm>
  <id>sm</id>
  <pidfile>${x(`${p.dir}/run/sm.pid`)}</pidfile>
${routerLink(p)}
${log(p, 'sm')}
  <local>
${[...p.domains, ...(p.s2s ? [p.s2s.domain] : [])].map((d) => `    <id>${x(d)}</id>`).join('\n')}
  </local>
  <storage>
    <path>${x(p.moduleDir)}</path>
    <driver>sqlite</driver>
    <limits/>
    <sqlite>
      <dbname>${x(`${p.dir}/db/sqlite.db`)}</dbname>
      <sql>PRAGMA synchronous = NORMAL;</sql>
      <busy-timeout>10000</busy-timeout>
    </sqlite>
  </storage>
  <aci/>
  <modules>
    <path>${x(p.moduleDir)}</path>
${chain('sess-start', ['status'])}
${chain('sess-end', ['status', 'iq-last'])}
${chain('in-sess', ['validate', 'status', 'privacy', 'roster', 'vacation', 'iq-vcard', 'iq-ping', 'iq-private', 'disco', 'amp', 'offline', 'announce', 'presence', 'deliver'])}
${chain('out-sess', [])}
${chain('in-router', ['session', 'validate', 'presence', 'privacy'])}
${chain('out-router', ['privacy'])}
${chain('pkt-sm', ['iq-last', 'iq-ping', 'iq-time', 'iq-version', 'amp', 'disco', 'announce', 'help', 'echo', 'status', 'presence'])}
${chain('pkt-user', ['roster', 'presence', 'disco', 'iq-vcard', 'amp', 'deliver', 'vacation', 'offline', 'iq-last'])}
${chain('pkt-router', ['session', 'disco'])}
${chain('user-load', ['active', 'roster', 'privacy', 'vacation'])}
${chain('user-unload', [])}
${chain('user-create', ['active'])}
${chain('user-delete', ['active', 'announce', 'offline', 'privacy', 'roster', 'vacation', 'status', 'iq-last', 'iq-private', 'iq-vcard'])}
${chain('disco-extend', ['iq-version', 'help'])}
  </modules>
  <discovery>
    <identity><category>server</category><type>im</type><name>jabberd2 lab</name></identity>
    <agents/>
    <items/>
  </discovery>
  <user>
    <!-- accounts are rows in the authreg table; sm makes the rest on first login -->
    <auto-create/>
    <template><active-cache-ttl>60</active-cache-ttl></template>
  </user>
  <amp/>
  <offline/>
  <roster/>
  <status/>
</sm>
`;
}

/**
 * The client connector. STARTTLS per the policy; direct TLS on its own port; WebSocket is an HTTP
 * upgrade on either port. Passwords are stored in plain text so GNU SASL can do SCRAM and
 * DIGEST-MD5. The -PLUS mechanisms stay out: jabberd2 2.7 advertises them when listed but never
 * hands GNU SASL the channel-binding data, so every attempt fails.
 */
export function renderC2sXml(p: Jabberd2ConfigParams): string {
  const attrs = [p.starttls === 'required' ? "require-starttls='mu'" : '', p.registration ? "register-enable='mu'" : "password-change='mu'"]
    .filter(Boolean)
    .join(' ');
  const preTls = p.starttls === 'optional' ? '<scram-sha-1/><scram-sha-256/><digest-md5/>' : '';
  return `${HEADER}
<c2s>
  <id>c2s</id>
  <pidfile>${x(`${p.dir}/run/c2s.pid`)}</pidfile>
${routerLink(p)}
${log(p, 'c2s')}
  <local>
${p.domains.map((d) => `    <id pemfile='${x(p.combinedPem)}' ${attrs}>${x(d)}</id>`).join('\n')}${
    p.s2s ? `\n    <id pemfile='${x(p.s2s.combinedPem)}' ${attrs}>${x(p.s2s.domain)}</id>` : ''
  }
    <ip>127.0.0.1</ip>
    <port>${p.c2sPort}</port>
    <ssl-port>${p.directTlsPort}</ssl-port>
    <pemfile>${x(p.combinedPem)}</pemfile>
  </local>
  <io>
    <max_fds>1024</max_fds>
    <limits><bytes>0</bytes><stanzas>0</stanzas><connects>0</connects><stanzasize>65535</stanzasize></limits>
    <websocket/>
    <access><order>allow,deny</order></access>
    <check><interval>0</interval><idle>0</idle><keepalive>0</keepalive></check>
  </io>
  <stats/>
  <pbx/>
  <stream_redirect/>
  <authreg>
    <path>${x(p.moduleDir)}</path>
    <module>sqlite</module>
    <mechanisms>
      <traditional/>
      <sasl>${preTls}</sasl>
    </mechanisms>
    <ssl-mechanisms>
      <traditional><plain/></traditional>
      <sasl><plain/><scram-sha-1/><scram-sha-256/><digest-md5/></sasl>
    </ssl-mechanisms>
    <sqlite>
      <dbname>${x(`${p.dir}/db/sqlite.db`)}</dbname>
      <sql>PRAGMA synchronous = NORMAL;</sql>
      <busy-timeout>10000</busy-timeout>
      <password_type><plaintext/></password_type>
    </sqlite>
  </authreg>
</c2s>
`;
}

/**
 * OpenSSL verify mode for the s2s component: 'certs-required' asks every peer for a certificate
 * and ends the handshake when it does not chain to the lab CA (SSL_VERIFY_PEER |
 * FAIL_IF_NO_PEER_CERT | CLIENT_ONCE = 7); 'dialback-allowed' asks for none, so a peer without a
 * usable certificate still gets TLS and then authenticates by dialback.
 */
export function jabberd2S2sVerifyMode(auth: S2sAuthPolicy): number {
  return auth === 'certs-required' ? 7 : 0;
}

/**
 * The s2s component: STARTTLS on its one port (required), the domain's lab-CA certificate, the lab
 * CA as the only trust anchor, dialback (XEP-0220, the only way jabberd2 2.7 authenticates a peer
 * server). Lookups go to the lab DNS through the environment (see jabberd2S2sEnv), not this file.
 */
export function renderS2sXml(p: Jabberd2ConfigParams): string {
  const s = p.s2s;
  if (!s) throw new InternalError('renderS2sXml: the instance has no s2s side');
  const verify = jabberd2S2sVerifyMode(s.auth);
  return `${HEADER}
<s2s>
  <id>s2s</id>
  <pidfile>${x(`${p.dir}/run/s2s.pid`)}</pidfile>
${routerLink(p)}
${log(p, 's2s')}
  <local>
    <id pemfile='${x(s.combinedPem)}' cachain='${x(s.ca)}' verify-mode='${verify}'>${x(s.domain)}</id>
    <ip>127.0.0.1</ip>
    <port>${s.port}</port>
    <secret>${x(s.dialbackSecret)}</secret>
    <pemfile>${x(s.combinedPem)}</pemfile>
    <cachain>${x(s.ca)}</cachain>
    <verify-mode>${verify}</verify-mode>
  </local>
  <io>
    <max_fds>1024</max_fds>
    <limits><stanzasize>65535</stanzasize></limits>
  </io>
  <check>
    <interval>1</interval>
    <queue>10</queue>
    <retry>10</retry>
    <idle>0</idle>
    <keepalive>0</keepalive>
    <dnscache>1</dnscache>
  </check>
  <stats/>
  <lookup>
    <srv>xmpp-server</srv>
    <min-ttl>0</min-ttl>
    <max-ttl>1</max-ttl>
    <etc-hosts-ttl>1</etc-hosts-ttl>
    <!-- without bad-host memory a refused connection is retried at once, thousands of times a second -->
    <bad-host-timeout>2</bad-host-timeout>
  </lookup>
  <security>
    <require_tls/>
  </security>
</s2s>
`;
}

/**
 * The environment that points the s2s component's resolver (udns 0.4) at the lab DNS only. udns
 * reads /etc/resolv.conf at start-up unless NSCACHEIP names the servers (it then adds none from
 * the file), and takes the port from RES_OPTIONS' 'port:' option, which applies to every server it
 * asks. LOCALDOMAIN set to one lab name replaces any search list resolv.conf has, so a search
 * suffix never leaves the lab zone either.
 */
export function jabberd2S2sEnv(dnsHost: string, dnsPort: number, opensslConf: string): Record<string, string> {
  // one try of one second: with nobody serving the lab DNS, a lookup fails fast (a stanza bounces in time)
  return { NSCACHEIP: dnsHost, RES_OPTIONS: `port:${dnsPort} timeout:1 attempts:1`, LOCALDOMAIN: 'lab.test', OPENSSL_CONF: opensslConf };
}

/**
 * OpenSSL configuration for the s2s process only (OPENSSL_CONF): TLS 1.2 at most. jabberd2 2.7's
 * s2s, as the TLS client of an outgoing connection, drops the connection when the peer's TLS 1.3
 * session tickets arrive after the handshake (it never sends dialback), so with TLS 1.3 it cannot
 * federate with an OpenSSL or Node peer that issues tickets. The cap covers both directions (one
 * system default); c2s keeps TLS 1.3.
 */
export const JABBERD2_S2S_OPENSSL_CNF = `# jabberd2 lab s2s: rendered by xmpp-conformance (harness/lab/jabberd2-config.ts)
openssl_conf = openssl_init

[openssl_init]
ssl_conf = ssl_sect

[ssl_sect]
system_default = system_default_sect

[system_default_sect]
MaxProtocol = TLSv1.2
`;
