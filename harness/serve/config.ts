// serve's configuration: flags → ServeOptions (strings as typed) → frozen ResolvedServeConfig.
import net from 'node:net';
import { UsageError } from '../errors.js';
import type { LevelFilter } from '../spec.js';

export interface ServeOptions {
  listen?: string;
  domain?: string;
  account?: string;
  clientCmd?: string;
  clientName?: string;
  grep?: string;
  level?: string;
  timeout?: string;
  connectTimeout?: string;
  concurrency?: string;
  reporter?: string;
  out?: string;
  seed?: string;
  baseline?: string;
  strictBaseline?: boolean;
}

export interface ResolvedServeConfig {
  readonly host: string;
  readonly port: number;
  readonly domain: string;
  readonly username: string;
  readonly password: string;
  readonly clientCmd: string | undefined;
  readonly clientName: string | undefined;
  readonly grep: RegExp | undefined;
  readonly level: LevelFilter | undefined;
  readonly timeout: number;
  /** how long a case waits for the client to connect (starting a client takes a while) */
  readonly connectTimeout: number;
  /** client cases in flight, each on a listener of its own (above 1 only with clientCmd) */
  readonly concurrency: number;
  readonly reporters: readonly string[];
  readonly outDir: string;
  readonly seed: number;
  readonly baselineFile: string | undefined;
  readonly strictBaseline: boolean;
}

/** The most client cases in flight: each starts a client process of its own. */
export const MAX_SERVE_CONCURRENCY = 16;

function int(flag: string, v: string | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} '${v}' must be a whole number from ${min} to ${max}`);
  return n;
}

/** Only loopback or an IP literal: serve never resolves names (the harness's network rule). */
export function parseListen(spec: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(spec);
  if (!m) throw new UsageError(`--listen '${spec}' must be HOST:PORT with an IP address, e.g. 127.0.0.1:20222`);
  const host = (m[1] as string).replace(/^\[(.*)\]$/, '$1');
  if (!net.isIP(host)) throw new UsageError(`--listen '${spec}': the host must be an IP address (no name lookups), e.g. 127.0.0.1`);
  return { host, port: int('--listen port', m[2], 0, 0, 65535) };
}

export function resolveServeConfig(o: ServeOptions): ResolvedServeConfig {
  if (!o.listen) throw new UsageError('serve needs --listen HOST:PORT (e.g. --listen 127.0.0.1:20222 --domain localhost)');
  if (!o.domain) throw new UsageError('serve needs --domain D, the XMPP domain the client logs in to');
  const { host, port } = parseListen(o.listen);
  const domain = o.domain.toLowerCase();
  let username = 'tester';
  let password = 'xc-' + Math.random().toString(36).slice(2, 12);
  if (o.account !== undefined) {
    const m = /^([^@:/]+)(?:@([^:]+))?:(.+)$/.exec(o.account);
    if (!m) throw new UsageError('--account must look like user[@domain]:password');
    if (m[2] !== undefined && m[2].toLowerCase() !== domain) throw new UsageError(`--account '${m[1]}@${m[2]}' is not on --domain ${domain}`);
    username = m[1] as string;
    password = m[3] as string;
  }
  let grep: RegExp | undefined;
  if (o.grep !== undefined) {
    try {
      grep = new RegExp(o.grep);
    } catch {
      throw new UsageError(`--grep '${o.grep}' is not a valid regular expression`);
    }
  }
  if (o.level !== undefined && !['must', 'should', 'may'].includes(o.level)) throw new UsageError(`--level '${o.level}' must be must, should or may`);
  if (o.clientCmd !== undefined && !o.clientCmd.trim()) throw new UsageError('--client-cmd is empty');
  const seed = int('--seed', o.seed, Math.floor(Math.random() * 2 ** 31), 0, 2 ** 32 - 1);
  const timeout = int('--timeout', o.timeout, 3000, 1, 600_000);
  const concurrency = int('--concurrency', o.concurrency, 1, 1, MAX_SERVE_CONCURRENCY);
  if (concurrency > 1 && o.clientCmd === undefined)
    throw new UsageError(`--concurrency ${concurrency} needs --client-cmd: a client started by hand connects to the one port serve announces`);
  return Object.freeze({
    host,
    port,
    domain,
    username,
    password,
    clientCmd: o.clientCmd,
    clientName: o.clientName,
    grep,
    level: o.level as LevelFilter | undefined,
    timeout,
    concurrency,
    connectTimeout: int('--connect-timeout', o.connectTimeout, o.clientCmd !== undefined ? Math.max(15_000, timeout) : 60_000, 1, 3_600_000),
    reporters: (o.reporter ?? 'console,json,junit')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
    outDir: o.out ?? 'reports',
    seed,
    baselineFile: o.baseline,
    strictBaseline: o.strictBaseline ?? false,
  });
}
