// Channel-binding data for SCRAM-*-PLUS (RFC 5802 §6) taken from a node TLS socket:
// tls-exporter (RFC 9266), tls-server-end-point (RFC 5929 §4), tls-unique (RFC 5929 §3).
import type { TLSSocket } from 'node:tls';
import { createHash } from 'node:crypto';
import { OID_RSASSA_PSS, pssHash, signatureAlgorithm, signatureHash } from '../util/index.js';
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
export function channelBindingFor(socket: TLSSocket, type: ChannelBindingType, opts?: ChannelBindingOptions): ChannelBinding | undefined {
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
        ? ((socket.getCertificate() as { raw?: Buffer } | null)?.raw ?? socket.getX509Certificate()?.raw)
        : ((socket.getPeerCertificate() as { raw?: Buffer } | undefined)?.raw ?? socket.getPeerX509Certificate()?.raw);
      if (!der) return undefined;
      const hash = endPointHash(der);
      return hash ? createHash(hash).update(der).digest() : undefined;
    }
  }
}

/**
 * RFC 5929 §4.1: hash the certificate with the hash of its signatureAlgorithm, using SHA-256 when that
 * is MD5 or SHA-1. Undefined when the algorithm has no single hash (e.g. Ed25519/Ed448) or is unknown;
 * the binding is then unavailable rather than guessed.
 */
export function endPointHash(der: Buffer): string | undefined {
  const alg = signatureAlgorithm(der);
  if (!alg) return undefined;
  const hash = alg.oid === OID_RSASSA_PSS ? pssHash(der, alg.params) : signatureHash(alg.oid);
  if (!hash) return undefined;
  return hash === 'md5' || hash === 'sha1' ? 'sha256' : hash;
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
export function bestChannelBinding(socket: TLSSocket, offered?: readonly ChannelBindingType[], opts?: ChannelBindingOptions): ChannelBinding | undefined {
  for (const type of PREFERENCE) {
    if (offered && !offered.includes(type)) continue;
    const cb = channelBindingFor(socket, type, opts);
    if (cb) return cb;
  }
  return undefined;
}
