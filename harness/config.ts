// Run configuration: flags → RunOptions (all optional, strings as typed) → frozen ResolvedConfig.
// Only cli/ builds these from argv; everything below receives a ResolvedConfig explicitly.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { UsageError } from './errors.js';
import { AREAS, type Area, type LevelFilter } from './spec.js';
import { parseLevelSuites, type LevelSuite } from './levels/index.js';

export type Scheme = 'xmpp' | 'xmpps' | 'ws' | 'wss' | 'http' | 'https';

export interface ResolvedTarget {
  readonly url: string;
  readonly scheme: Scheme;
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly domain: string;
  readonly ca?: string;
  readonly caFile?: string;
  readonly insecure: boolean;
}

export interface Account {
  readonly jid: string;
  readonly local: string;
  readonly domain: string;
  readonly password: string;
}

export interface Shard {
  readonly index: number;
  readonly total: number;
}

export interface ResolvedConfig {
  readonly target: ResolvedTarget;
  readonly accounts: readonly Account[];
  readonly register: boolean;
  readonly areas: readonly Area[] | undefined;
  readonly grep: RegExp | undefined;
  readonly level: LevelFilter | undefined;
  readonly shard: Shard | undefined;
  readonly concurrency: number;
  readonly timeout: number;
  readonly reporters: readonly string[];
  readonly outDir: string;
  readonly seed: number;
  /** known-deviation baseline file, and what to do with skips, fixes and repeats */
  readonly baselineFile: string | undefined;
  readonly writeBaselineFile: string | undefined;
  readonly strictBaseline: boolean;
  readonly failOnSkip: boolean;
  readonly repeat: number;
  /** --retries: how many more times a failed or errored case not listed in the baseline runs before its failure counts (added) */
  readonly retries: number;
  /** --max-time: seconds after which the run ends with its reports, the rest not run (added) */
  readonly maxTime?: number;
  /** The server-to-server side of the run (the --s2s-* flags), when given (added). */
  readonly s2s?: S2sConfig;
  /** The external component the run connects as (the --component-* flags), when given (added). */
  readonly component?: ComponentConfig;
  /** --level-suite: the XEP-0479 levels the run selects cases for and assesses (added); absent: every case, the default levels assessed */
  readonly levelSuites?: readonly LevelSuite[];
}

/** Where the harness connects as an external component (XEP-0114 'jabber:component:accept'). */
export interface ComponentConfig {
  /** the target's component port (plain TCP) */
  readonly host: string;
  readonly port: number;
  /** the component's domain: the stream header's 'to' */
  readonly domain: string;
  /** the shared secret of the handshake */
  readonly secret: string;
}

/** Where the harness, as a remote server, connects, and what it presents (RFC 6120 §4, §5, §6, §13.7). */
export interface S2sConfig {
  /** the target's s2s port; its domain is the target's federating domain */
  readonly target: ResolvedTarget;
  /** the target's XEP-0368 direct-TLS s2s port (--s2s-direct-tls-target), when it has one (added) */
  readonly directTarget?: ResolvedTarget;
  /** the domain the harness speaks for (default xc.lab.test) */
  readonly localDomain: string;
  /** a CA the target trusts: the harness issues its own good and bad certificates from it */
  readonly ca?: { readonly certFile: string; readonly keyFile: string };
  /** a ready certificate (and key) for localDomain that the target trusts */
  readonly cert?: { readonly certFile: string; readonly keyFile: string };
  /** c2s accounts on the target's federating domain, logged in through --target's host and port */
  readonly accounts: readonly Account[];
  /** where the harness serves the lab DNS for the run (the target asks it) */
  readonly labDns?: { readonly host: string; readonly port: number };
}

export interface RunOptions {
  target?: string;
  domain?: string;
  account?: string[];
  register?: boolean;
  ca?: string;
  tlsInsecure?: boolean;
  area?: string;
  grep?: string;
  level?: string;
  shard?: string;
  concurrency?: string;
  timeout?: string;
  reporter?: string;
  out?: string;
  seed?: string;
  baseline?: string;
  writeBaseline?: string;
  strictBaseline?: boolean;
  failOnSkip?: boolean;
  repeat?: string;
  retries?: string;
  maxTime?: string;
  s2sTarget?: string;
  s2sTargetDomain?: string;
  s2sDomain?: string;
  s2sCa?: string;
  s2sCaKey?: string;
  s2sCert?: string;
  s2sKey?: string;
  s2sAccount?: string[];
  /** xmpps://HOST:PORT of the target's XEP-0368 direct-TLS s2s port (added) */
  s2sDirectTlsTarget?: string;
  labDns?: string;
  /** the s2s cases act as a remote server towards the target: off loopback only with this */
  iOwnThisTarget?: boolean;
  componentTarget?: string;
  componentDomain?: string;
  componentSecret?: string;
  /** --level-suite names (repeatable, or a comma list) (added) */
  levelSuite?: string[];
}

/** The harness's own domain on server-to-server streams unless --s2s-domain says otherwise. */
export const DEFAULT_S2S_DOMAIN = 'xc.lab.test';
/**
 * Cases in flight by default. Cases that change shared state stay apart whatever the number
 * (harness/runner/lanes.ts), so a parallel run gives the statuses of --concurrency 1.
 */
export const DEFAULT_CONCURRENCY = 8;

const DEFAULT_PORTS: Record<Scheme, number> = { xmpp: 5222, xmpps: 5223, ws: 80, wss: 443, http: 80, https: 443 };

export function parseTarget(url: string, domain?: string, tls: { ca?: string; caFile?: string; insecure?: boolean } = {}): ResolvedTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`--target '${url}' is not a URL; expected e.g. xmpp://127.0.0.1:5222`);
  }
  const scheme = u.protocol.replace(/:$/, '') as Scheme;
  if (!(scheme in DEFAULT_PORTS)) {
    throw new UsageError(`--target '${url}': unsupported scheme '${scheme}:'; use xmpp, xmpps, ws, wss, http or https`);
  }
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new UsageError(`--target '${url}' has no host`);
  const port = u.port ? Number(u.port) : DEFAULT_PORTS[scheme];
  const d = domain ?? host;
  if (!domain && net.isIP(host)) {
    throw new UsageError(`--target '${url}' is an IP address; give the XMPP domain with --domain`);
  }
  return {
    url,
    scheme,
    host,
    port,
    path: u.pathname,
    domain: d.toLowerCase(),
    ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
    ...(tls.caFile !== undefined ? { caFile: tls.caFile } : {}),
    insecure: tls.insecure ?? false,
  };
}

/** `local@domain:password` — the password may itself contain ':'. */
export function parseAccount(spec: string): Account {
  const at = spec.indexOf('@');
  const colon = spec.indexOf(':', at + 1);
  if (at <= 0 || colon === -1) throw new UsageError(`--account '${redactAccount(spec)}' must look like user@domain:password`);
  const local = spec.slice(0, at);
  const domain = spec.slice(at + 1, colon);
  const password = spec.slice(colon + 1);
  if (!domain || !password) throw new UsageError(`--account '${redactAccount(spec)}' must look like user@domain:password`);
  return { jid: `${local}@${domain}`, local, domain, password };
}

function redactAccount(spec: string): string {
  const colon = spec.indexOf(':', Math.max(0, spec.indexOf('@')));
  return colon === -1 ? spec : `${spec.slice(0, colon)}:***`;
}

export function parseShard(spec: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || total < 1 || index < 1 || index > total) {
    throw new UsageError(`--shard '${spec}' must be I/N with 1 <= I <= N, e.g. 2/4`);
  }
  return { index, total };
}

/** --max-time accepts up to a week, in seconds. */
export const MAX_TIME_LIMIT_S = 7 * 24 * 3600;

function positiveInt(flag: string, value: string | undefined, dflt: number, max: number): number {
  if (value === undefined) return dflt;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} '${value}' must be a whole number from 1 to ${max}`);
  return n;
}

/** --retries: 0 (the default) to MAX_RETRIES. */
export const MAX_RETRIES = 5;
function retriesOf(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_RETRIES)
    throw new UsageError(`--retries '${value}' must be a whole number from 0 to ${MAX_RETRIES}`);
  return n;
}

export function resolveConfig(o: RunOptions): ResolvedConfig {
  if (!o.target) throw new UsageError('run needs --target URL (e.g. xmpp://127.0.0.1:5222 --domain localhost)');
  const ca = o.ca !== undefined ? readablePem('--ca', o.ca, 'CERTIFICATE') : undefined;
  const target = parseTarget(o.target, o.domain, {
    ...(ca !== undefined ? { ca } : {}),
    ...(o.ca !== undefined ? { caFile: o.ca } : {}),
    insecure: o.tlsInsecure ?? false,
  });
  const accounts = (o.account ?? []).map(parseAccount);
  let areas: Area[] | undefined;
  if (o.area !== undefined) {
    areas = o.area
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean) as Area[];
    for (const a of areas) {
      if (!(AREAS as readonly string[]).includes(a)) throw new UsageError(`--area '${a}' is not an area; one of ${AREAS.join(', ')}`);
    }
  }
  let grep: RegExp | undefined;
  if (o.grep !== undefined) {
    try {
      grep = new RegExp(o.grep);
    } catch {
      throw new UsageError(`--grep '${o.grep}' is not a valid regular expression`);
    }
  }
  if (o.level !== undefined && !['must', 'should', 'may'].includes(o.level)) {
    throw new UsageError(`--level '${o.level}' must be must, should or may`);
  }
  const seed = o.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(o.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new UsageError(`--seed '${o.seed}' must be a whole number from 0 to 4294967295`);
  return Object.freeze({
    target,
    accounts,
    register: o.register ?? false,
    areas,
    grep,
    level: o.level as LevelFilter | undefined,
    shard: o.shard !== undefined ? parseShard(o.shard) : undefined,
    concurrency: positiveInt('--concurrency', o.concurrency, DEFAULT_CONCURRENCY, 64),
    timeout: positiveInt('--timeout', o.timeout, 5000, 600_000),
    reporters: (o.reporter ?? 'console,json,junit')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
    outDir: o.out ?? 'reports',
    seed,
    baselineFile: o.baseline,
    writeBaselineFile: o.writeBaseline,
    strictBaseline: o.strictBaseline ?? false,
    failOnSkip: o.failOnSkip ?? false,
    repeat: positiveInt('--repeat', o.repeat, 1, 20),
    retries: retriesOf(o.retries),
    ...(o.maxTime !== undefined ? { maxTime: positiveInt('--max-time', o.maxTime, 1, MAX_TIME_LIMIT_S) } : {}),
    ...(o.s2sTarget !== undefined ? { s2s: resolveS2s(o, target) } : {}),
    ...(o.levelSuite !== undefined ? { levelSuites: Object.freeze(parseLevelSuites(o.levelSuite)) } : {}),
    ...(o.componentTarget !== undefined || o.componentDomain !== undefined || o.componentSecret !== undefined ? { component: resolveComponent(o) } : {}),
  });
}

function readablePem(flag: string, file: string, kind: 'CERTIFICATE' | 'PRIVATE KEY'): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${flag} '${file}': cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  // a certificate's block is exactly CERTIFICATE; keys come as PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY
  const begins = kind === 'CERTIFICATE' ? /-----BEGIN CERTIFICATE-----/ : /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
  if (!begins.test(text)) throw new UsageError(`${flag} '${file}' holds no PEM ${kind.toLowerCase()}`);
  return text;
}

/** 127.0.0.0/8 and ::1 only, as IP literals (a name is never taken for loopback). */
export function isLoopbackLiteral(host: string): boolean {
  if (net.isIPv4(host)) return host.startsWith('127.');
  if (net.isIPv6(host)) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** The --s2s-* flags; --s2s-target is given. */
function resolveS2s(o: RunOptions, c2s: ResolvedTarget): S2sConfig {
  const pair = (a: string | undefined, b: string | undefined, names: string): { certFile: string; keyFile: string } | undefined => {
    if (a === undefined && b === undefined) return undefined;
    if (a === undefined || b === undefined) throw new UsageError(`${names} go together: give both`);
    return { certFile: a, keyFile: b };
  };
  const ca = pair(o.s2sCa, o.s2sCaKey, '--s2s-ca and --s2s-ca-key');
  const cert = pair(o.s2sCert, o.s2sKey, '--s2s-cert and --s2s-key');
  if (!ca && !cert)
    throw new UsageError(
      '--s2s-target needs a certificate the target trusts: --s2s-ca FILE --s2s-ca-key FILE (a CA it trusts) or --s2s-cert FILE --s2s-key FILE',
    );
  // read once: the CA also checks the target's own certificate on s2s (below)
  const caText = ca ? readablePem('--s2s-ca', ca.certFile, 'CERTIFICATE') : c2s.ca;
  if (ca) readablePem('--s2s-ca-key', ca.keyFile, 'PRIVATE KEY');
  if (cert) {
    readablePem('--s2s-cert', cert.certFile, 'CERTIFICATE');
    readablePem('--s2s-key', cert.keyFile, 'PRIVATE KEY');
  }
  const url = o.s2sTarget as string;
  if (!/^xmpps?:\/\//.test(url))
    throw new UsageError(`--s2s-target '${url}' must be an xmpp:// (STARTTLS) or xmpps:// (direct TLS) URL of the target's server-to-server port`);
  // the target's certificate on s2s is checked against the CA the lab made, else the --ca or system store
  const caFile = ca ? ca.certFile : c2s.caFile;
  const tlsFor = {
    ...(caText !== undefined ? { ca: caText } : {}),
    ...(caFile !== undefined ? { caFile } : {}),
    insecure: c2s.insecure,
  };
  const target = parseTarget(url, o.s2sTargetDomain ?? c2s.domain, tlsFor);
  let directTarget: ResolvedTarget | undefined;
  if (o.s2sDirectTlsTarget !== undefined) {
    if (!/^xmpps:\/\//.test(o.s2sDirectTlsTarget))
      throw new UsageError(
        `--s2s-direct-tls-target '${o.s2sDirectTlsTarget}' must be an xmpps:// URL of the target's XEP-0368 direct-TLS server-to-server port`,
      );
    directTarget = parseTarget(o.s2sDirectTlsTarget, target.domain, tlsFor);
  }
  for (const [flag, t] of [
    ['--s2s-target', target],
    ['--s2s-direct-tls-target', directTarget],
  ] as const) {
    if (t && !isLoopbackLiteral(t.host) && o.iOwnThisTarget !== true) {
      throw new UsageError(
        `${flag} ${t.host} is not a loopback address; the s2s cases pose as another server (bad certificates, forged addresses), so pass --i-own-this-target if the server is yours`,
      );
    }
  }
  const localDomain = (o.s2sDomain ?? DEFAULT_S2S_DOMAIN).toLowerCase();
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(localDomain))
    throw new UsageError(`--s2s-domain '${o.s2sDomain}' is not a domain name`);
  if (localDomain === target.domain) throw new UsageError(`--s2s-domain '${localDomain}' is the target's own domain; the harness needs a domain of its own`);
  const accounts = (o.s2sAccount ?? []).map(parseAccount);
  for (const a of accounts)
    if (a.domain.toLowerCase() !== target.domain) throw new UsageError(`--s2s-account '${a.jid}' is not on the target's federating domain '${target.domain}'`);
  let labDns: S2sConfig['labDns'];
  if (o.labDns !== undefined) {
    const m = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(o.labDns);
    const port = m ? Number(m[2]) : NaN;
    if (!m || !net.isIP(m[1] as string) || port < 1 || port > 65535) throw new UsageError(`--lab-dns '${o.labDns}' must be IPv4:PORT, e.g. 127.0.0.1:15275`);
    labDns = { host: m[1] as string, port };
  }
  return {
    target,
    ...(directTarget ? { directTarget } : {}),
    localDomain,
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    accounts,
    ...(labDns ? { labDns } : {}),
  };
}

/** The --component-* flags: all three go together. */
function resolveComponent(o: RunOptions): ComponentConfig {
  if (o.componentTarget === undefined || o.componentDomain === undefined || o.componentSecret === undefined) {
    throw new UsageError('--component-target, --component-domain and --component-secret go together: give all three');
  }
  const m = /^xmpp:\/\/([^/:]+|\[[^\]]+\]):(\d{1,5})\/?$/.exec(o.componentTarget);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) throw new UsageError(`--component-target '${o.componentTarget}' must be xmpp://HOST:PORT, the target's component port`);
  const host = (m[1] as string).replace(/^\[(.*)\]$/, '$1');
  if (!isLoopbackLiteral(host) && o.iOwnThisTarget !== true) {
    throw new UsageError(
      `--component-target ${host} is not a loopback address; the component cases send stanzas with forged addresses, so pass --i-own-this-target if the server is yours`,
    );
  }
  const domain = o.componentDomain.toLowerCase();
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain))
    throw new UsageError(`--component-domain '${o.componentDomain}' is not a domain name`);
  if (!o.componentSecret) throw new UsageError('--component-secret is empty');
  return { host, port, domain, secret: o.componentSecret };
}
