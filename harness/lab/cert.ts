// A fresh self-signed server certificate per lab instance, made with the openssl CLI.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LabError } from './types.js';
import { runCommand, which } from './process.js';

export interface LabCert {
  readonly cert: string;
  readonly key: string;
  /** cert + key in one file (what ejabberd and jabberd2 want). */
  readonly combined: string;
}

/** The subjectAltName value: every name as DNS, plus IP 127.0.0.1. */
export function subjectAltName(names: readonly string[]): string {
  return [...names.map((n) => `DNS:${n}`), 'IP:127.0.0.1'].join(',');
}

/**
 * Writes DIR/cert.pem, DIR/key.pem, DIR/combined.pem: RSA-2048, SHA-256, 10 years, CN = names[0],
 * SAN = every name + 127.0.0.1, usable both as the server certificate and as the only trusted CA.
 */
export async function makeSelfSignedCert(dir: string, names: readonly string[]): Promise<LabCert> {
  const cn = names[0];
  if (cn === undefined) throw new LabError('makeSelfSignedCert: at least one name is needed');
  const openssl = which('openssl') ?? which('/usr/bin/openssl');
  if (!openssl) throw new LabError('openssl not found on PATH: apt-get install openssl');
  mkdirSync(dir, { recursive: true });
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const combined = path.join(dir, 'combined.pem');
  const r = await runCommand(
    openssl,
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '3650',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      `/CN=${cn}`,
      '-addext',
      `subjectAltName=${subjectAltName(names)}`,
      '-addext',
      'keyUsage=digitalSignature,keyEncipherment',
      '-addext',
      'extendedKeyUsage=serverAuth,clientAuth',
    ],
    { timeoutMs: 30_000, labHelper: true },
  );
  if (r.code !== 0) {
    const why = r.spawnError ?? r.stderr.trim().split('\n').slice(-1)[0] ?? `exit ${r.code}`;
    throw new LabError(`openssl could not make the lab certificate in ${dir}: ${why}`);
  }
  writeFileSync(combined, readFileSync(cert, 'utf8') + readFileSync(key, 'utf8'));
  for (const f of [cert, key, combined]) chmodSync(f, 0o640);
  return { cert, key, combined };
}
