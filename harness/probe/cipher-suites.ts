// What a cipher suite name says about it (OpenSSL naming), and the candidates the probe offers.
import tls from 'node:tls';
import type { CipherInfo, TlsVersion } from './types.js';

/** TLS 1.3 suites (RFC 8446 §B.4); node offers them through names with the TLS_ prefix. */
export const TLS13_SUITES: readonly string[] = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_CCM_SHA256',
  'TLS_AES_128_CCM_8_SHA256',
];

/**
 * Suites node's default list (tls.getCiphers()) leaves out but a server may still accept: the weak and
 * legacy ones RFC 9325 §4.1 names, and some strong ones (CCM, CAMELLIA, ARIA). Each is only offered when
 * this OpenSSL can offer it; the rest go to `untestable`.
 */
export const EXTRA_SUITES: readonly string[] = [
  'DES-CBC3-SHA',
  'ECDHE-RSA-DES-CBC3-SHA',
  'ECDHE-ECDSA-DES-CBC3-SHA',
  'EDH-RSA-DES-CBC3-SHA',
  'NULL-SHA',
  'NULL-SHA256',
  'NULL-MD5',
  'ECDHE-RSA-NULL-SHA',
  'ECDHE-ECDSA-NULL-SHA',
  'AECDH-AES128-SHA',
  'AECDH-AES256-SHA',
  'ADH-AES128-SHA',
  'ADH-AES256-SHA',
  'ADH-AES128-GCM-SHA256',
  'ADH-AES256-GCM-SHA384',
  'AECDH-NULL-SHA',
  'RC4-SHA',
  'RC4-MD5',
  'ECDHE-RSA-RC4-SHA',
  'DES-CBC-SHA',
  'EDH-RSA-DES-CBC-SHA',
  'EXP-RC4-MD5',
  'EXP-DES-CBC-SHA',
  'EXP-EDH-RSA-DES-CBC-SHA',
  'SEED-SHA',
  'IDEA-CBC-SHA',
  'AES128-CCM',
  'AES256-CCM',
  'AES128-CCM8',
  'AES256-CCM8',
  'DHE-RSA-AES128-CCM',
  'DHE-RSA-AES256-CCM',
  'ECDHE-ECDSA-AES128-CCM',
  'ECDHE-ECDSA-AES256-CCM',
  'CAMELLIA128-SHA',
  'CAMELLIA256-SHA',
  'CAMELLIA128-SHA256',
  'CAMELLIA256-SHA256',
  'DHE-RSA-CAMELLIA128-SHA',
  'DHE-RSA-CAMELLIA256-SHA',
  'ECDHE-RSA-CAMELLIA128-SHA256',
  'ECDHE-RSA-CAMELLIA256-SHA384',
  'ARIA128-GCM-SHA256',
  'ARIA256-GCM-SHA384',
  'DHE-RSA-ARIA128-GCM-SHA256',
  'DHE-RSA-ARIA256-GCM-SHA384',
  'ECDHE-ARIA128-GCM-SHA256',
  'ECDHE-ARIA256-GCM-SHA384',
  // The rest of OpenSSL 3's `ALL:COMPLEMENTOFALL` (PSK/SRP aside) that node's list omits: found missing
  // when the lab ejabberd accepted DHE-RSA-*-CCM8 and DHE-RSA-CAMELLIA*-SHA256 and sslscan saw them.
  'DHE-RSA-AES128-CCM8',
  'DHE-RSA-AES256-CCM8',
  'ECDHE-ECDSA-AES128-CCM8',
  'ECDHE-ECDSA-AES256-CCM8',
  'DHE-RSA-CAMELLIA128-SHA256',
  'DHE-RSA-CAMELLIA256-SHA256',
  'ECDHE-ECDSA-CAMELLIA128-SHA256',
  'ECDHE-ECDSA-CAMELLIA256-SHA384',
  'ECDHE-ECDSA-ARIA128-GCM-SHA256',
  'ECDHE-ECDSA-ARIA256-GCM-SHA384',
  'DHE-DSS-AES128-SHA',
  'DHE-DSS-AES256-SHA',
  'DHE-DSS-AES128-SHA256',
  'DHE-DSS-AES256-SHA256',
  'DHE-DSS-AES128-GCM-SHA256',
  'DHE-DSS-AES256-GCM-SHA384',
  'DHE-DSS-ARIA128-GCM-SHA256',
  'DHE-DSS-ARIA256-GCM-SHA384',
  'DHE-DSS-CAMELLIA128-SHA',
  'DHE-DSS-CAMELLIA256-SHA',
  'DHE-DSS-CAMELLIA128-SHA256',
  'DHE-DSS-CAMELLIA256-SHA256',
  'ADH-AES128-SHA256',
  'ADH-AES256-SHA256',
  'ADH-CAMELLIA128-SHA',
  'ADH-CAMELLIA256-SHA',
  'ADH-CAMELLIA128-SHA256',
  'ADH-CAMELLIA256-SHA256',
];

/** Whether this node/OpenSSL can put `name` into a ClientHello at all. */
export function canOffer(name: string): boolean {
  try {
    tls.createSecureContext({ ciphers: `${name}:@SECLEVEL=0`, minVersion: 'TLSv1', maxVersion: 'TLSv1.2' });
    return true;
  } catch {
    return false;
  }
}

// PSK and SRP suites need a shared secret or password set up in advance; a certificate-based XMPP
// server never negotiates them with an unknown client, and OpenSSL will not offer them without one.
function needsPreSharedSecret(name: string): boolean {
  return /(^|-)(PSK|SRP)(-|$)/.test(name);
}

/**
 * The TLS ≤ 1.2 candidates: node's own list (tls.getCiphers(), OpenSSL names upper-cased) plus
 * EXTRA_SUITES, minus what OpenSSL here cannot offer (returned apart).
 */
export function tls12Candidates(): { offerable: string[]; notOfferable: string[] } {
  const fromNode = tls
    .getCiphers()
    .map((n) => n.toUpperCase())
    .filter((n) => !n.startsWith('TLS_') && !needsPreSharedSecret(n));
  const all = [...new Set([...fromNode, ...EXTRA_SUITES])];
  const offerable: string[] = [];
  const notOfferable: string[] = [];
  for (const n of all) (canOffer(n) ? offerable : notOfferable).push(n);
  return { offerable, notOfferable };
}

/** Suites that exist only from TLS 1.2 on (AEAD and SHA-2 MACs, RFC 5246 §A.5 and later RFCs). */
export function tls12Only(name: string): boolean {
  return /GCM|CHACHA20|CCM|SHA256|SHA384/.test(name);
}

export function classifySuite(name: string, iana: string, version: TlsVersion): Omit<CipherInfo, 'ephemeral'> {
  const weak: string[] = [];
  if (name.startsWith('TLS_')) {
    const bits = /AES_128/.test(name) ? 128 : 256;
    if (/CCM_8/.test(name)) weak.push('CCM8');
    return { name, iana, version, kx: 'TLS1.3', bits, forwardSecrecy: true, aead: true, anonymous: false, weak };
  }
  let kx = 'RSA';
  if (/^ECDHE-/.test(name)) kx = 'ECDHE';
  else if (/^(DHE|EDH)-/.test(name) || /^EXP-EDH-/.test(name)) kx = 'DHE';
  else if (/^AECDH-/.test(name)) kx = 'anon-ECDH';
  else if (/^ADH-/.test(name)) kx = 'anon-DH';
  else if (/^ECDH-/.test(name)) kx = 'ECDH';
  else if (/^DH-/.test(name)) kx = 'DH';
  const anonymous = kx.startsWith('anon');
  const forwardSecrecy = kx === 'ECDHE' || kx === 'DHE' || anonymous;
  const aead = /GCM|CHACHA20|CCM/.test(name);
  let bits = 128;
  if (/NULL/.test(name)) bits = 0;
  else if (/^EXP/.test(name)) bits = 40;
  else if (/DES-CBC3/.test(name)) bits = 112;
  else if (/DES-CBC/.test(name)) bits = 56;
  else if (/AES256|AES-256|CAMELLIA256|ARIA256|CHACHA20/.test(name)) bits = 256;
  if (/NULL/.test(name)) weak.push('NULL');
  if (/^EXP/.test(name)) weak.push('EXPORT');
  if (/RC4/.test(name)) weak.push('RC4');
  if (/DES-CBC3/.test(name)) weak.push('3DES');
  else if (/DES-CBC/.test(name)) weak.push('DES');
  if (/MD5$/.test(name)) weak.push('MD5');
  if (anonymous) weak.push('anonymous');
  if (!aead && !/RC4|NULL/.test(name)) weak.push('CBC');
  return { name, iana, version, kx, bits, forwardSecrecy, aead, anonymous, weak };
}
