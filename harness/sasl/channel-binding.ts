// Channel-binding data for SCRAM-*-PLUS (RFC 5802 §6) taken from a node TLS socket:
// tls-exporter (RFC 9266), tls-server-end-point (RFC 5929 §4), tls-unique (RFC 5929 §3).
import type { TLSSocket } from 'node:tls';
import { createHash } from 'node:crypto';
import type { ChannelBinding, ChannelBindingType } from './mechanism.js';

export interface ChannelBindingOptions {
  /**
   * Which end of the connection `socket` is. Default: node's own flag for sockets a tls.Server
   * accepted, else client. tls-unique and tls-server-end-point differ by side.
   */
  isServer?: boolean;
}

function sideOf(socket: TLSSocket, opts: ChannelBindingOptions | undefined): boolean {
  if (opts?.isServer !== undefined) return opts.isServer;
  // Node marks accepted sockets internally; there is no public accessor.
  return (socket as unknown as { _tlsOptions?: { isServer?: boolean } })._tlsOptions?.isServer === true;
}

/** The channel-binding data of `type` for this socket, or undefined when the TLS session cannot supply it. */
export function channelBindingFor(
  socket: TLSSocket,
  type: ChannelBindingType,
  opts?: ChannelBindingOptions,
): ChannelBinding | undefined {
  const protocol = socket.getProtocol();
  if (!protocol || protocol === 'unknown') return undefined;
  try {
    const data = compute(socket, type, protocol, sideOf(socket, opts));
    return data ? { type, data } : undefined;
  } catch {
    return undefined;
  }
}

function compute(socket: TLSSocket, type: ChannelBindingType, protocol: string, isServer: boolean): Buffer | undefined {
  switch (type) {
    case 'tls-exporter':
      // RFC 9266 §2: 32 bytes from the exporter with label EXPORTER-Channel-Binding and *no* context.
      // Node passes "no context" when the third argument is omitted; an empty Buffer would be a
      // zero-length context, which gives different bytes under TLS 1.2 (RFC 5705 §4). Checked on node 20.
      // @types/node declares the context as required, hence the cast to the two-argument form.
      return (socket.exportKeyingMaterial as (length: number, label: string) => Buffer).call(socket, 32, 'EXPORTER-Channel-Binding');
    case 'tls-unique': {
      // RFC 5929 §3: defined for TLS ≤ 1.2 only (RFC 8446 §C.5: nothing for 1.3).
      if (!/^TLSv1(\.[12])?$/.test(protocol)) return undefined;
      // The first Finished of the latest handshake: the client's on a full handshake, the server's on
      // an abbreviated (resumed) one.
      const ownIsFirst = socket.isSessionReused() ? isServer : !isServer;
      return (ownIsFirst ? socket.getFinished() : socket.getPeerFinished()) ?? undefined;
    }
    case 'tls-server-end-point': {
      // Node 20 pitfall: on a client socket, getPeerX509Certificate() works once and afterwards both it and
      // getPeerCertificate() lose the certificate; getPeerCertificate() alone can be called repeatedly.
      // So read it that way first and only fall back to the X509 accessor.
      const der = isServer
        ? (socket.getCertificate() as { raw?: Buffer } | null)?.raw ?? socket.getX509Certificate()?.raw
        : (socket.getPeerCertificate() as { raw?: Buffer } | undefined)?.raw ?? socket.getPeerX509Certificate()?.raw;
      if (!der) return undefined;
      const hash = endPointHash(der);
      return hash ? createHash(hash).update(der).digest() : undefined;
    }
  }
}

// Signature algorithm OIDs → the hash they use.
const SIG_HASH: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.4': 'md5', // md5WithRSAEncryption
  '1.2.840.113549.1.1.5': 'sha1', // sha1WithRSAEncryption
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1', // ecdsa-with-SHA1
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.10040.4.3': 'sha1', // dsa-with-sha1
  '2.16.840.1.101.3.4.3.1': 'sha224', // dsa-with-sha224
  '2.16.840.1.101.3.4.3.2': 'sha256', // dsa-with-sha256
};
const HASH_OID: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const RSASSA_PSS = '1.2.840.113549.1.1.10';

/**
 * RFC 5929 §4.1: hash the certificate with the hash of its signatureAlgorithm, using SHA-256 when that
 * is MD5 or SHA-1. Undefined when the algorithm has no single hash (e.g. Ed25519/Ed448) or is unknown;
 * the binding is then unavailable rather than guessed.
 */
export function endPointHash(der: Buffer): string | undefined {
  const alg = signatureAlgorithm(der);
  if (!alg) return undefined;
  let hash: string | undefined = SIG_HASH[alg.oid];
  if (alg.oid === RSASSA_PSS) hash = pssHash(der, alg.params);
  if (!hash) return undefined;
  return hash === 'md5' || hash === 'sha1' ? 'sha256' : hash;
}

interface Tlv {
  tag: number;
  start: number; // first content byte
  end: number; // one past the last content byte
}

// Minimal DER reader (X.690 §8.1): one tag byte, definite lengths only.
function readTlv(buf: Buffer, at: number, limit: number): Tlv | undefined {
  if (at + 2 > limit) return undefined;
  const tag = buf[at] as number;
  let len = buf[at + 1] as number;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[start + i] as number);
    start += n;
  }
  const end = start + len;
  return end <= limit ? { tag, start, end } : undefined;
}

function decodeOid(b: Buffer): string {
  const parts: number[] = [];
  let v = 0;
  for (const byte of b) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signature }. */
function signatureAlgorithm(der: Buffer): { oid: string; params: Tlv | undefined } | undefined {
  const cert = readTlv(der, 0, der.length);
  if (!cert || cert.tag !== 0x30) return undefined;
  const tbs = readTlv(der, cert.start, cert.end);
  if (!tbs) return undefined;
  const alg = readTlv(der, tbs.end, cert.end);
  if (!alg || alg.tag !== 0x30) return undefined;
  const oid = readTlv(der, alg.start, alg.end);
  if (!oid || oid.tag !== 0x06) return undefined;
  const params = oid.end < alg.end ? readTlv(der, oid.end, alg.end) : undefined;
  return { oid: decodeOid(der.subarray(oid.start, oid.end)), params };
}

// RFC 4055 §3.1: RSASSA-PSS-params begins with [0] hashAlgorithm, defaulting to SHA-1.
function pssHash(der: Buffer, params: Tlv | undefined): string | undefined {
  if (!params || params.tag !== 0x30) return 'sha1';
  const first = readTlv(der, params.start, params.end);
  if (!first || first.tag !== 0xa0) return 'sha1';
  const algId = readTlv(der, first.start, first.end);
  const oid = algId && algId.tag === 0x30 ? readTlv(der, algId.start, algId.end) : undefined;
  if (!oid || oid.tag !== 0x06) return undefined;
  return HASH_OID[decodeOid(der.subarray(oid.start, oid.end))];
}

const PREFERENCE: readonly ChannelBindingType[] = ['tls-exporter', 'tls-server-end-point', 'tls-unique'];

/**
 * The binding to use: tls-exporter whenever the socket can export keying material (TLS 1.3, and
 * TLS 1.2 too), then tls-server-end-point, then tls-unique (TLS ≤ 1.2).
 *
 * Choice: tls-exporter is the XMPP default for TLS 1.3 (RFC 9266 §3, XEP-0440). On TLS 1.2 RFC 9266 §3
 * allows it only with the extended master secret (RFC 7627); node exposes no way to check that, but
 * OpenSSL negotiates it by default, so we still prefer tls-exporter and accept the residual risk in a
 * test harness. Pass `offered` (e.g. from XEP-0440 <sasl-channel-binding/>) to pick only a type the
 * server said it supports.
 */
export function bestChannelBinding(
  socket: TLSSocket,
  offered?: readonly ChannelBindingType[],
  opts?: ChannelBindingOptions,
): ChannelBinding | undefined {
  for (const type of PREFERENCE) {
    if (offered && !offered.includes(type)) continue;
    const cb = channelBindingFor(socket, type, opts);
    if (cb) return cb;
  }
  return undefined;
}
