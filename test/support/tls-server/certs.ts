// Certificates for the TLS test server's variants, made with the openssl CLI (tests only) and cached
// per process in a temp dir of its own, removed when the process exits: names (DNS-IDs), XMPP
// otherNames, expired dates. (A dir named after the pid was reused by a later process that got the
// same pid, which then served a certificate made for other names: 281 controls failed in one run.)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface VariantCertOptions {
  /** DNS-IDs; the first is also the CN */
  readonly dns?: readonly string[];
  /** id-on-xmppAddr values (RFC 6120 §13.7.1.4) */
  readonly xmppAddr?: readonly string[];
  /** id-on-dnsSRV values, e.g. _xmpp-client.localhost (RFC 4985) */
  readonly srv?: readonly string[];
  /** iPAddress entries */
  readonly ip?: readonly string[];
  readonly cn?: string;
  /** valid only in January 2020 */
  readonly expired?: boolean;
  /** 'rsa:1024' etc.; default rsa:2048 */
  readonly key?: string;
}

export interface VariantCert {
  readonly key: string;
  readonly cert: string;
  readonly certFile: string;
  readonly der: Buffer;
}

const cache = new Map<string, VariantCert>();
let root: string | undefined;

/** This process's certificate dir, made on first use and removed at exit. */
function certRoot(): string {
  if (root === undefined) {
    const made = mkdtempSync(path.join(os.tmpdir(), 'xct-probe-certs-'));
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    root = made;
  }
  return root;
}

export function variantCert(opts: VariantCertOptions = {}): VariantCert {
  const tag = JSON.stringify(opts);
  const hit = cache.get(tag);
  if (hit) return hit;
  const dir = path.join(certRoot(), String(cache.size));
  mkdirSync(dir);
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  const san = [
    ...(opts.dns ?? []).map((n) => `DNS:${n}`),
    ...(opts.xmppAddr ?? []).map((n) => `otherName:1.3.6.1.5.5.7.8.5;UTF8:${n}`),
    ...(opts.srv ?? []).map((n) => `otherName:1.3.6.1.5.5.7.8.7;IA5:${n}`),
    ...(opts.ip ?? []).map((n) => `IP:${n}`),
  ].join(',');
  const cn = opts.cn ?? opts.dns?.[0] ?? 'localhost';
  const sanArgs = san ? ['-addext', `subjectAltName=${san}`] : [];
  if (!opts.expired) {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        opts.key ?? 'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '2',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-subj',
        `/CN=${cn}`,
        ...sanArgs,
      ],
      { stdio: 'ignore' },
    );
  } else {
    // `openssl req` cannot back-date; `openssl ca -selfsign` takes explicit dates.
    writeFileSync(
      path.join(dir, 'ca.cnf'),
      [
        '[ca]',
        'default_ca = x',
        '[x]',
        `database = ${dir}/index.txt`,
        `new_certs_dir = ${dir}`,
        `serial = ${dir}/serial`,
        'default_md = sha256',
        'policy = p',
        'copy_extensions = copy',
        'unique_subject = no',
        '[p]',
        'commonName = supplied',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'index.txt'), '');
    writeFileSync(path.join(dir, 'serial'), '01\n');
    const csr = path.join(dir, 'req.csr');
    execFileSync('openssl', ['req', '-new', '-newkey', opts.key ?? 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', csr, '-subj', `/CN=${cn}`, ...sanArgs], {
      stdio: 'ignore',
    });
    execFileSync(
      'openssl',
      [
        'ca',
        '-batch',
        '-config',
        path.join(dir, 'ca.cnf'),
        '-selfsign',
        '-keyfile',
        keyFile,
        '-in',
        csr,
        '-out',
        certFile,
        '-startdate',
        '20200101000000Z',
        '-enddate',
        '20200201000000Z',
        '-notext',
      ],
      { stdio: 'ignore' },
    );
  }
  const cert = readFileSync(certFile, 'utf8');
  const b64 = cert.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const out = { key: readFileSync(keyFile, 'utf8'), cert, certFile, der: Buffer.from(b64, 'base64') };
  cache.set(tag, out);
  return out;
}
