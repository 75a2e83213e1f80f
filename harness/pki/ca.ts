// A small certificate authority made with the openssl CLI: the lab's CA, the certificates the lab
// servers present, and the good and bad certificates the harness presents as a server (RFC 6120
// §13.7, RFC 6125 §6). Keys and certificates are PEM files in one private directory.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../errors.js';

export interface CaFiles {
  readonly dir: string;
  /** PEM file of the CA certificate (what peers are told to trust) */
  readonly certFile: string;
  readonly keyFile: string;
}

export interface IssuedCert {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: string;
  readonly key: string;
}

/** What a certificate is good for (extendedKeyUsage); 'server' alone lacks clientAuth. */
export type KeyUsage = 'server' | 'server-client' | 'client';

export interface IssueOptions {
  /** file name stem under the CA's directory */
  readonly stem: string;
  /** CN and the first DNS-ID */
  readonly name: string;
  /** further DNS-IDs (wildcards allowed) */
  readonly altNames?: readonly string[];
  /** IP-IDs, e.g. 127.0.0.1 */
  readonly ips?: readonly string[];
  readonly usage?: KeyUsage;
  /** 'valid' (default: 10 years from yesterday) or 'expired' (January 2020) */
  readonly validity?: 'valid' | 'expired';
  /** an existing private key (PEM file) to certify instead of a new RSA key (generating one is most of the cost) */
  readonly keyFile?: string;
}

/** openssl req arguments for the certificate's key: `o.keyFile`, or a new RSA key written to `keyFile`. */
function keyArgs(o: IssueOptions, keyFile: string): string[] {
  return o.keyFile ? ['-key', o.keyFile] : ['-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile];
}

const EKU: Record<KeyUsage, string> = { server: 'serverAuth', 'server-client': 'serverAuth,clientAuth', client: 'clientAuth' };

function openssl(args: readonly string[], what: string, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', [...args], { timeout: timeoutMs }, (err, _out, stderr) => {
      if (!err) return resolve();
      const why = String(stderr).trim().split('\n').slice(-1)[0] || err.message;
      reject(new HarnessError('TLS', `openssl could not make ${what}: ${why}`));
    });
  });
}

function caConfig(dir: string): string {
  return [
    '[ca]',
    'default_ca = lab',
    '[lab]',
    `database = ${dir}/index.txt`,
    `new_certs_dir = ${dir}`,
    `serial = ${dir}/serial`,
    'default_md = sha256',
    'policy = any',
    'copy_extensions = copy',
    'unique_subject = no',
    '[any]',
    'commonName = supplied',
    '',
  ].join('\n');
}

function sanValue(o: IssueOptions): string {
  return [o.name, ...(o.altNames ?? [])]
    .map((n) => `DNS:${n}`)
    .concat((o.ips ?? []).map((ip) => `IP:${ip}`))
    .join(',');
}

/** A new CA in `dir` (ca.pem, ca-key.pem), or the one already there. */
export async function createCa(dir: string, commonName: string): Promise<CaFiles> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const f = (name: string): string => path.join(dir, name);
  const files: CaFiles = { dir, certFile: f('ca.pem'), keyFile: f('ca-key.pem') };
  if (existsSync(files.certFile) && existsSync(files.keyFile)) return files;
  writeFileSync(f('ca.cnf'), caConfig(dir));
  writeFileSync(f('index.txt'), '');
  writeFileSync(f('serial'), '1000\n');
  await openssl(
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
      files.keyFile,
      '-out',
      files.certFile,
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    'the CA',
  );
  return files;
}

/** An existing CA (given by its files) made usable for issuing in a directory of our own. */
export function adoptCa(dir: string, certFile: string, keyFile: string): CaFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const f = (name: string): string => path.join(dir, name);
  if (!existsSync(f('ca.cnf'))) {
    writeFileSync(f('ca.cnf'), caConfig(dir));
    writeFileSync(f('index.txt'), '');
    // openssl reads the serial file as hex with an even number of digits: 0x1000000.. is 7, so pad one
    const hex = ((Date.now() % 0xffffff) + 0x1000000).toString(16);
    writeFileSync(f('serial'), `${hex.length % 2 ? '0' : ''}${hex}\n`);
  }
  return { dir, certFile, keyFile };
}

/** `openssl ca` keeps its database in files: one issuance at a time per CA directory. */
const issuing = new Map<string, Promise<unknown>>();

/** A leaf certificate signed by `ca` (DNS-IDs in subjectAltName, RFC 6125 §6.4). */
export function issueCert(ca: CaFiles, o: IssueOptions): Promise<IssuedCert> {
  const before = issuing.get(ca.dir) ?? Promise.resolve();
  const next = before.catch(() => undefined).then(() => issueNow(ca, o));
  issuing.set(ca.dir, next);
  return next;
}

async function issueNow(ca: CaFiles, o: IssueOptions): Promise<IssuedCert> {
  const f = (name: string): string => path.join(ca.dir, name);
  const keyFile = o.keyFile ?? f(`${o.stem}-key.pem`);
  const certFile = f(`${o.stem}.pem`);
  const what = `the certificate '${o.stem}' for ${o.name}`;
  await openssl(
    [
      'req',
      '-new',
      ...keyArgs(o, keyFile),
      '-out',
      f(`${o.stem}.csr`),
      '-subj',
      `/CN=${o.name}`,
      '-addext',
      `subjectAltName=${sanValue(o)}`,
      '-addext',
      'keyUsage=digitalSignature,keyEncipherment',
      '-addext',
      `extendedKeyUsage=${EKU[o.usage ?? 'server-client']}`,
    ],
    what,
  );
  const dates = o.validity === 'expired' ? ['-startdate', '20200101000000Z', '-enddate', '20200201000000Z'] : ['-days', '3650'];
  await openssl(
    ['ca', '-batch', '-config', f('ca.cnf'), '-cert', ca.certFile, '-keyfile', ca.keyFile, '-in', f(`${o.stem}.csr`), '-out', certFile, '-notext', ...dates],
    what,
  );
  return { certFile, keyFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}

/** A certificate no CA signed (its own issuer), for the given name. */
export async function selfSignedCert(dir: string, o: IssueOptions): Promise<IssuedCert> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyFile = o.keyFile ?? path.join(dir, `${o.stem}-key.pem`);
  const certFile = path.join(dir, `${o.stem}.pem`);
  await openssl(
    [
      'req',
      '-x509',
      ...keyArgs(o, keyFile),
      '-sha256',
      '-days',
      '3650',
      '-out',
      certFile,
      '-subj',
      `/CN=${o.name}`,
      '-addext',
      `subjectAltName=${sanValue(o)}`,
      '-addext',
      `extendedKeyUsage=${EKU[o.usage ?? 'server-client']}`,
    ],
    `the self-signed certificate '${o.stem}'`,
  );
  return { certFile, keyFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}
