// Loopback port checks and a tiny raw XMPP probe used to tell when a lab server is ready.
// Everything here talks to 127.0.0.1 only.
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { sleep } from '../util/index.js';
import type { LabPorts } from './types.js';

export const LOOPBACK = '127.0.0.1';
export const DEFAULT_PORT_BASE = 15222;
/** The highest port a lab instance uses is base+59 (https). */
export const PORT_SPAN = 59;
/** Linux's default range of ports the kernel hands out for outgoing connections and listen(0). */
export const DEFAULT_EPHEMERAL_RANGE: readonly [number, number] = [32768, 60999];
const EPHEMERAL_RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range';
/**
 * Where a lab goes when a port of the base it was given is busy: bases 31022, 31122, ... up to
 * the kernel's ephemeral range, a band no default and no test file uses.
 */
export const FALLBACK_BASE_FIRST = 31022;
const FALLBACK_STEP = 100;

/**
 * The kernel's ephemeral port range (read from procfs; Linux's default where it cannot be read).
 * A fixed port inside it can be taken at any moment by some outgoing connection.
 */
export function ephemeralPortRange(file = EPHEMERAL_RANGE_FILE): readonly [number, number] {
  try {
    const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(readFileSync(file, 'utf8'));
    if (m) {
      const lo = Number(m[1]);
      const hi = Number(m[2]);
      if (lo >= 1 && lo <= hi && hi <= 65535) return [lo, hi];
    }
  } catch {
    // not Linux, or no procfs
  }
  return DEFAULT_EPHEMERAL_RANGE;
}

/** True when base..base+span overlaps the ephemeral range. */
export function reachesEphemeral(base: number, span = PORT_SPAN, range = ephemeralPortRange()): boolean {
  return base <= range[1] && base + span >= range[0];
}

/** The fallback bases below the ephemeral range, in random order (two runs rarely pick the same). */
export function fallbackBases(range = ephemeralPortRange()): number[] {
  const bases: number[] = [];
  for (let b = FALLBACK_BASE_FIRST; b + PORT_SPAN < Math.min(range[0], 65536); b += FALLBACK_STEP) bases.push(b);
  for (let i = bases.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [bases[i], bases[j]] = [bases[j] as number, bases[i] as number];
  }
  return bases;
}

/** The recipe's layout: c2s=base, direct TLS=base+1, s2s=base+47 (+48 TLS), http=base+58, https=base+59. */
export function labPorts(base: number): LabPorts {
  return { c2s: base, directTls: base + 1, s2s: base + 47, s2sDirectTls: base + 48, http: base + 58, https: base + 59 };
}

/**
 * The port of the lab DNS a lab server is told to ask (base+53, UDP and TCP). The server does not
 * bind it: a run serves the lab zone there (harness/dns) while it needs the server to resolve
 * names; otherwise nobody answers and every lookup fails fast. It is not in LabPorts because those
 * are the ports the server itself binds (checked free before a start).
 */
/** Added: the port a lab server accepts its external component on (XEP-0114): base+25. */
export function componentPort(base: number): number {
  return base + 25;
}

export function labDnsPort(base: number): number {
  return base + 53;
}

/** True when nothing holds 127.0.0.1:port (we can bind it ourselves for a moment). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ host: LOOPBACK, port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** True when something accepts a TCP connection on 127.0.0.1:port within `timeoutMs`. */
export function portAccepts(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: LOOPBACK, port });
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.once('connect', () => finish(true));
    sock.once('error', () => finish(false));
  });
}

const FEATURES_CAP = 64 * 1024;

/**
 * Opens a c2s stream to 127.0.0.1:port for `domain` and resolves with the text of the
 * `<stream:features>` element, or rejects (refused, stream error, closed, over the cap, timeout).
 * RFC 6120 §4.3.2: after the response stream header the receiving entity sends its features.
 */
export function fetchStreamFeatures(port: number, domain: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: LOOPBACK, port });
    let buf = '';
    let settled = false;
    const finish = (err: Error | undefined, value?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // A polite close so the server does not log an error for every probe.
      if (sock.writable) sock.end('</stream:stream>');
      sock.destroy();
      if (err) reject(err);
      else resolve(value ?? '');
    };
    const timer = setTimeout(() => finish(new Error(`no <stream:features> from 127.0.0.1:${port} within ${timeoutMs} ms`)), timeoutMs);
    sock.setEncoding('utf8');
    sock.once('connect', () => {
      sock.write(
        `<?xml version='1.0'?><stream:stream to='${domain}' xmlns='jabber:client' ` + `xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`,
      );
    });
    sock.on('data', (chunk: string) => {
      buf += chunk;
      const start = buf.indexOf('<stream:features');
      if (start >= 0) {
        const selfClosed = /^<stream:features[^>]*\/>/.exec(buf.slice(start));
        if (selfClosed) return finish(undefined, selfClosed[0]);
        const end = buf.indexOf('</stream:features>', start);
        if (end >= 0) return finish(undefined, buf.slice(start, end + '</stream:features>'.length));
      }
      const errAt = buf.indexOf('<stream:error');
      if (errAt >= 0) return finish(new Error(`stream error from 127.0.0.1:${port}: ${buf.slice(errAt, errAt + 300)}`));
      if (buf.length > FEATURES_CAP) finish(new Error(`more than ${FEATURES_CAP} bytes from 127.0.0.1:${port} without <stream:features>`));
    });
    sock.once('error', (err) => finish(err));
    sock.once('close', () => finish(new Error(`127.0.0.1:${port} closed the connection before <stream:features>`)));
  });
}

/**
 * Polls until a c2s stream header on 127.0.0.1:port gets `<stream:features>`, up to `timeoutMs`;
 * stops early when `gaveUp()` says the server process is gone. Resolves with the features, or with
 * undefined and the last reason.
 */
export async function waitForStreamFeatures(
  port: number,
  domain: string,
  timeoutMs: number,
  gaveUp: () => boolean,
): Promise<{ features?: string; reason: string }> {
  const until = Date.now() + timeoutMs;
  let reason = 'not tried';
  while (Date.now() < until) {
    if (gaveUp()) return { reason: 'the server process exited' };
    try {
      const features = await fetchStreamFeatures(port, domain, Math.max(100, Math.min(2000, until - Date.now())));
      return { features, reason: 'ok' };
    } catch (e) {
      reason = e instanceof Error ? e.message : String(e);
    }
    await sleep(50);
  }
  return { reason: `timed out after ${timeoutMs} ms (${reason})` };
}
