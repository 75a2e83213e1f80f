// The certificates serve presents, made once per run with the openssl CLI in a private directory:
// a CA the client is told to trust (XC_CA_FILE), a good server certificate for the domain, and the
// bad ones the certificate cases present (RFC 6125 §6, RFC 6120 §13.7.2): another name, a
// self-signed one the CA never signed, and one whose validity ended in 2020.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../errors.js';

export type CertKind = 'good' | 'wrong-name' | 'untrusted' | 'expired';

export interface ServeCert {
  readonly cert: string;
  readonly key: string;
}

export interface ServeCerts {
  /** PEM file of the CA the client under test should trust */
  readonly caFile: string;
  readonly ca: string;
  readonly byKind: Readonly<Record<CertKind, ServeCert>>;
}

/** The name the wrong-name certificate carries: reserved, never a real domain (RFC 2606 §2). */
export const WRONG_NAME = 'wrong-name.invalid';

function openssl(args: readonly string[], timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', [...args], { timeout: timeoutMs }, (err, _out, stderr) => {
      if (!err) return resolve();
      const why = String(stderr).trim().split('\n').slice(-1)[0] || err.message;
      reject(new HarnessError('TLS', `openssl could not make the serve certificates: ${why}`));
    });
  });
}

function caConfig(dir: string): string {
  return [
    '[ca]', 'default_ca = serve', '[serve]', `database = ${dir}/index.txt`, `new_certs_dir = ${dir}`,
    `serial = ${dir}/serial`, 'default_md = sha256', 'policy = any', 'copy_extensions = copy', 'unique_subject = no',
    '[any]', 'commonName = supplied', '',
  ].join('\n');
}

/** Writes the CA and the four server certificates under `dir` (DNS-IDs only, RFC 6125 §6.4). */
export async function makeServeCerts(dir: string, domain: string): Promise<ServeCerts> {
  mkdirSync(dir, { recursive: true });
  const f = (name: string): string => path.join(dir, name);
  writeFileSync(f('ca.cnf'), caConfig(dir));
  writeFileSync(f('index.txt'), '');
  writeFileSync(f('serial'), '1000\n');
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '30', '-keyout', f('ca-key.pem'), '-out', f('ca.pem'),
    '-subj', '/CN=xmpp-conformance serve CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  const leaf = async (kind: CertKind, name: string, dates: readonly string[]): Promise<void> => {
    const san = `subjectAltName=DNS:${name}`;
    await openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${kind}-key.pem`), '-out', f(`${kind}.csr`), '-subj', `/CN=${name}`,
      '-addext', san, '-addext', 'extendedKeyUsage=serverAuth']);
    await openssl(['ca', '-batch', '-config', f('ca.cnf'), '-cert', f('ca.pem'), '-keyfile', f('ca-key.pem'), '-in', f(`${kind}.csr`),
      '-out', f(`${kind}.pem`), '-notext', ...dates]);
  };
  await leaf('good', domain, ['-days', '30']);
  await leaf('wrong-name', WRONG_NAME, ['-days', '30']);
  await leaf('expired', domain, ['-startdate', '20200101000000Z', '-enddate', '20200201000000Z']);
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '30', '-keyout', f('untrusted-key.pem'), '-out', f('untrusted.pem'),
    '-subj', `/CN=${domain}`, '-addext', `subjectAltName=DNS:${domain}`]);
  const load = (kind: CertKind): ServeCert => ({ cert: readFileSync(f(`${kind}.pem`), 'utf8'), key: readFileSync(f(`${kind}-key.pem`), 'utf8') });
  return {
    caFile: f('ca.pem'),
    ca: readFileSync(f('ca.pem'), 'utf8'),
    byKind: { good: load('good'), 'wrong-name': load('wrong-name'), untrusted: load('untrusted'), expired: load('expired') },
  };
}
