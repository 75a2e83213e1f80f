// A throwaway self-signed certificate for the fake peers, made once per test process with the
// openssl CLI (the lab uses the same tool), cached under the OS temp dir.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestCert {
  readonly key: string;
  readonly cert: string;
  readonly certFile: string;
}

const cache = new Map<string, TestCert>();

/** A self-signed RSA certificate whose SAN names `names` (DNS) and 127.0.0.1. */
export function testCert(names: readonly string[] = ['localhost']): TestCert {
  const tag = names.join('_').replace(/[^a-z0-9_.-]/gi, '');
  const hit = cache.get(tag);
  if (hit) return hit;
  const dir = path.join(os.tmpdir(), `xmpp-conformance-test-certs-${process.pid}`, tag);
  mkdirSync(dir, { recursive: true });
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  if (!existsSync(certFile)) {
    const san = [...names.map((n) => `DNS:${n}`), 'IP:127.0.0.1'].join(',');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
      '-keyout', keyFile, '-out', certFile, '-subj', `/CN=${names[0] ?? 'localhost'}`,
      '-addext', `subjectAltName=${san}`,
    ], { stdio: 'ignore' });
  }
  const out = { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
  cache.set(tag, out);
  return out;
}
