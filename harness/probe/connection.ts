// One connection of the probe: TCP, the pre-TLS XMPP dialogue when STARTTLS is used, and a TLS
// handshake with exactly the parameters under test (versions, suites, groups, a session to resume),
// over the harness's own SocketTransport; a failed handshake is a result carrying the server's alert.
import net from 'node:net';
import type tls from 'node:tls';
import { HarnessError } from '../errors.js';
import { SocketTransport } from '../transport/index.js';
import { XmppStream } from '../stream/index.js';
import { el, NS_STREAMS, NS_TLS } from '../xml/index.js';
import { child, type XmlElement } from '../xml/index.js';
import type { EphemeralKey, ProbeMode } from './types.js';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export interface ProbeTarget {
  readonly endpoint: Endpoint;
  readonly mode: ProbeMode;
  readonly domain: string;
  readonly timeoutMs: number;
  /** counts TCP connections made (one per handshake attempt) */
  readonly stats?: { handshakes: number };
}

/** The TLS parameters of one handshake. Certificates are never rejected here: trust is judged apart. */
export interface HandshakeParams {
  readonly minVersion?: tls.SecureVersion;
  readonly maxVersion?: tls.SecureVersion;
  /** OpenSSL cipher list for TLS ≤ 1.2 */
  readonly ciphers?: string;
  /** TLS 1.3 suites, colon-separated (passed to node inside `ciphers`) */
  readonly ciphersuites?: string;
  readonly ecdhCurve?: string;
  readonly session?: Buffer;
  readonly ca?: string;
  /** default: ['xmpp-client'] for direct TLS (XEP-0368 §3), none for STARTTLS */
  readonly alpn?: readonly string[];
  /** wait this long after the handshake for a session ticket (TLS 1.3 sends them afterwards) */
  readonly waitForSessionMs?: number;
}

export type HandshakeFailureStage = 'tcp' | 'xmpp' | 'tls';

export interface HandshakeSuccess {
  readonly ok: true;
  readonly protocol: string;
  readonly cipher: { readonly name: string; readonly standardName: string; readonly version: string };
  readonly ephemeral?: EphemeralKey;
  readonly authorized: boolean;
  readonly authorizationError?: string;
  readonly alpn: string | null;
  readonly reused: boolean;
  readonly session?: Buffer;
  /** getPeerCertificate(true), read once (node 20 loses it on a second X509 read) */
  readonly peer?: tls.DetailedPeerCertificate;
}

export interface HandshakeFailure {
  readonly ok: false;
  readonly stage: HandshakeFailureStage;
  readonly error: string;
}

export type HandshakeResult = HandshakeSuccess | HandshakeFailure;

/**
 * The TLS handshake with exactly `params` over `transport` (after <proceed/>, or from the first byte).
 * Certificates are never rejected here: the probe judges trust and names apart.
 */
export async function upgradeForProbe(transport: SocketTransport, domain: string, params: HandshakeParams, timeoutMs: number): Promise<HandshakeResult> {
  // RFC 6066 §3: SNI carries a host name, never an IP literal.
  const sni = net.isIP(domain) ? undefined : domain;
  const ciphers = cipherString(params);
  const r = await transport.upgrade(
    {
      ...(sni !== undefined ? { servername: sni } : {}),
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      ...(params.minVersion ? { minVersion: params.minVersion } : {}),
      ...(params.maxVersion ? { maxVersion: params.maxVersion } : {}),
      ...(ciphers !== undefined ? { ciphers } : {}),
      ...(params.ecdhCurve !== undefined ? { ecdhCurve: params.ecdhCurve } : {}),
      ...(params.session !== undefined ? { session: params.session } : {}),
      ...(params.ca !== undefined ? { ca: params.ca } : {}),
      ...(params.alpn ? { ALPNProtocols: [...params.alpn] } : {}),
    },
    timeoutMs,
    { ...(params.waitForSessionMs !== undefined ? { waitForSessionMs: params.waitForSessionMs } : {}) },
  );
  if (!r.ok) return { ok: false, stage: 'tls', error: tlsErrorText(r.error, r.code) };
  return describeSession(r.socket, r.session);
}

// node has no `ciphersuites` option: names starting with TLS_ in `ciphers` become the TLS 1.3 suites.
function cipherString(params: HandshakeParams): string | undefined {
  if (params.ciphersuites === undefined) return params.ciphers;
  return params.ciphers !== undefined ? `${params.ciphersuites}:${params.ciphers}` : params.ciphersuites;
}

function tlsErrorText(message: string, code: string | undefined): string {
  const msg = message
    .replace(/^[0-9A-F]+:error:[0-9A-F]+:/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  return code && !msg.includes(code) ? `${code}: ${msg}` : msg;
}

function describeSession(s: tls.TLSSocket, session: Buffer | undefined): HandshakeSuccess {
  const c = s.getCipher();
  const eph = s.getEphemeralKeyInfo();
  const ephemeral: EphemeralKey | undefined =
    eph && typeof eph === 'object' && 'type' in eph && eph.type
      ? { type: String(eph.type), ...(typeof eph.name === 'string' ? { name: eph.name } : {}), size: Number(eph.size ?? 0) }
      : undefined;
  const peer = s.getPeerCertificate(true);
  const err = s.authorizationError;
  return {
    ok: true,
    protocol: s.getProtocol() ?? 'unknown',
    cipher: { name: c.name, standardName: c.standardName ?? c.name, version: c.version },
    ...(ephemeral ? { ephemeral } : {}),
    authorized: s.authorized,
    ...(err ? { authorizationError: String(err) } : {}),
    alpn: typeof s.alpnProtocol === 'string' ? s.alpnProtocol : null,
    reused: s.isSessionReused(),
    ...(session ? { session } : {}),
    ...(peer && Object.keys(peer).length > 0 ? { peer } : {}),
  };
}

/** A stream header and features read over a probe transport (RFC 6120 §4.7, §4.3.2). */
export async function openStream(stream: XmppStream, domain: string, timeoutMs: number): Promise<XmlElement> {
  stream.sendOpen({ to: domain, version: '1.0', 'xml:lang': 'en' });
  const head = await stream.take(timeoutMs, 'the stream header');
  if (head.kind !== 'open') throw new HarnessError('EXPECTATION', `expected a stream header; got ${eventText(head)}`);
  const f = await stream.take(timeoutMs, 'stream features');
  if (f.kind !== 'element' || f.el.name !== 'features' || f.el.ns !== NS_STREAMS) {
    throw new HarnessError('EXPECTATION', `expected <stream:features/>; got ${eventText(f)}`);
  }
  return f.el;
}

export function eventText(ev: Awaited<ReturnType<XmppStream['take']>>): string {
  switch (ev.kind) {
    case 'element':
      return `<${ev.el.prefix ? ev.el.prefix + ':' : ''}${ev.el.name}/>`;
    case 'open':
      return 'a stream header';
    case 'close':
      return '</stream:stream>';
    case 'xml-error':
      return `malformed XML (${ev.error.message})`;
    case 'eof':
      return `connection closed (${ev.reason})`;
  }
}

/** RFC 6120 §5.4.2: <starttls/> answered by <proceed/>; resolves once the TLS handshake may begin. */
export async function negotiateStarttls(stream: XmppStream, domain: string, timeoutMs: number): Promise<XmlElement> {
  const features = await openStream(stream, domain, timeoutMs);
  if (!child(features, 'starttls', NS_TLS)) throw new HarnessError('TLS', 'the server does not offer STARTTLS (RFC 6120 §5.4.1)');
  stream.send(el('starttls', { xmlns: NS_TLS }));
  const ans = await stream.take(timeoutMs, '<proceed/>');
  if (ans.kind !== 'element' || ans.el.name !== 'proceed' || ans.el.ns !== NS_TLS) {
    throw new HarnessError('TLS', `expected <proceed/> to <starttls/>; got ${eventText(ans)}`);
  }
  return features;
}

export interface OpenConnection {
  readonly transport: SocketTransport;
  readonly stream: XmppStream;
  readonly result: HandshakeResult;
  /** the features before TLS (STARTTLS only) */
  readonly featuresBeforeTls?: XmlElement;
}

/** TCP, STARTTLS dialogue when needed, TLS handshake. The caller closes `transport` when ok. */
export async function connectAndHandshake(target: ProbeTarget, params: HandshakeParams): Promise<OpenConnection | HandshakeFailure> {
  let transport: SocketTransport;
  try {
    transport = await SocketTransport.connectTcp(target.endpoint, target.timeoutMs);
    if (target.stats) target.stats.handshakes++;
  } catch (e) {
    return { ok: false, stage: 'tcp', error: e instanceof Error ? e.message : String(e) };
  }
  const stream = new XmppStream(transport);
  let featuresBeforeTls: XmlElement | undefined;
  if (target.mode === 'starttls') {
    try {
      featuresBeforeTls = await negotiateStarttls(stream, target.domain, target.timeoutMs);
    } catch (e) {
      transport.destroy();
      return { ok: false, stage: 'xmpp', error: e instanceof Error ? e.message : String(e) };
    }
  }
  const alpn = params.alpn ?? (target.mode === 'direct-tls' ? ['xmpp-client'] : undefined);
  const result = await upgradeForProbe(transport, target.domain, { ...params, ...(alpn ? { alpn } : {}) }, target.timeoutMs);
  if (!result.ok) {
    transport.destroy();
    return result;
  }
  return { transport, stream, result, ...(featuresBeforeTls ? { featuresBeforeTls } : {}) };
}

/** One handshake, then close: the unit the version and cipher scans are made of. */
export async function handshake(target: ProbeTarget, params: HandshakeParams): Promise<HandshakeResult> {
  const c = await connectAndHandshake(target, params);
  if (!('transport' in c)) return c;
  c.transport.destroy();
  return c.result;
}
