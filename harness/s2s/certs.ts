// The certificates the harness presents as a remote server: one good one for its domain and one
// per way of being wrong (RFC 6120 §13.7.1.2, §13.7.2; RFC 6125 §6). Made on first use, once per
// run, in a private temporary directory that is removed when the process exits.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { S2sConfig } from '../config.js';
import type { S2sCertKind } from '../cases/index.js';
import { adoptCa, issueCert, selfSignedCert, type CaFiles, type IssuedCert } from '../pki/index.js';

export interface ClientCert {
  readonly cert: string;
  readonly key: string;
}

/** Why a certificate kind cannot be made with what the run was given, or undefined when it can. */
export function certUnavailable(config: S2sConfig, kind: S2sCertKind): string | undefined {
  if (kind === 'none' || kind === 'self-signed' || kind === 'valid') return undefined;
  return config.ca ? undefined : `a '${kind}' certificate must come from a CA the target trusts; give --s2s-ca and --s2s-ca-key`;
}

/** A name no configuration serves: the 'wrong-name' certificate is issued for it. */
export function wrongNameFor(localDomain: string): string {
  return `impostor.${localDomain}`;
}

/**
 * One private key per certificate kind, shared by the s2s lanes' certificates of that kind (each
 * lane's certificates name its own domain; generating RSA keys was most of what a lane's first
 * cases waited for). Within a lane every kind keeps a key of its own, as before.
 */
export class S2sKeyPool {
  private readonly keys = new Map<S2sCertKind, Promise<string>>();

  /** `make` with the kind's key when there is one (else it makes one, which the pool keeps). */
  use(kind: S2sCertKind, make: (keyFile: string | undefined) => Promise<IssuedCert>): Promise<IssuedCert> {
    const have = this.keys.get(kind);
    if (have) return have.then((k) => make(k));
    const made = make(undefined);
    const key = made.then((c) => c.keyFile);
    this.keys.set(kind, key);
    // a failed openssl run is not kept: the next lane makes its own
    key.catch(() => this.keys.delete(kind));
    return made;
  }
}

export class S2sCertificates {
  private dir: string | undefined;
  private ca: CaFiles | undefined;
  private readonly made = new Map<S2sCertKind, Promise<ClientCert | undefined>>();

  constructor(
    private readonly config: S2sConfig,
    /** keys shared with the other lanes' certificates (default: none shared) */
    private readonly keys = new S2sKeyPool(),
  ) {}

  /** The certificate and key for `kind` ('none': undefined). Call certUnavailable first. */
  get(kind: S2sCertKind): Promise<ClientCert | undefined> {
    let p = this.made.get(kind);
    if (!p) {
      p = this.make(kind);
      this.made.set(kind, p);
      // a failed openssl run is not cached: the next case tries again
      p.catch(() => this.made.delete(kind));
    }
    return p;
  }

  private workDir(): string {
    if (!this.dir) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'xc-s2s-certs-'));
      this.dir = dir;
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
    return this.dir;
  }

  private issuer(): CaFiles {
    const ca = this.config.ca;
    if (!ca) throw new Error(certUnavailable(this.config, 'expired'));
    this.ca ??= adoptCa(path.join(this.workDir(), 'ca'), ca.certFile, ca.keyFile);
    return this.ca;
  }

  private async make(kind: S2sCertKind): Promise<ClientCert | undefined> {
    const name = this.config.localDomain;
    const read = (c: { cert: string; key: string }): ClientCert => ({ cert: c.cert, key: c.key });
    switch (kind) {
      case 'none':
        return undefined;
      case 'valid':
        if (this.config.cert) return { cert: readFileSync(this.config.cert.certFile, 'utf8'), key: readFileSync(this.config.cert.keyFile, 'utf8') };
        // and every name below it: cases that need a domain of their own take one there
        return read(
          await this.keys.use(kind, (keyFile) =>
            issueCert(this.issuer(), { stem: 'valid', name, altNames: [`*.${name}`], usage: 'server-client', ...(keyFile ? { keyFile } : {}) }),
          ),
        );
      case 'self-signed':
        return read(
          await this.keys.use(kind, (keyFile) =>
            selfSignedCert(path.join(this.workDir(), 'self'), { stem: 'self-signed', name, usage: 'server-client', ...(keyFile ? { keyFile } : {}) }),
          ),
        );
      case 'expired':
        return read(
          await this.keys.use(kind, (keyFile) =>
            issueCert(this.issuer(), { stem: 'expired', name, usage: 'server-client', validity: 'expired', ...(keyFile ? { keyFile } : {}) }),
          ),
        );
      case 'wrong-name':
        return read(
          await this.keys.use(kind, (keyFile) =>
            issueCert(this.issuer(), { stem: 'wrong-name', name: wrongNameFor(name), usage: 'server-client', ...(keyFile ? { keyFile } : {}) }),
          ),
        );
      case 'server-only':
        return read(
          await this.keys.use(kind, (keyFile) => issueCert(this.issuer(), { stem: 'server-only', name, usage: 'server', ...(keyFile ? { keyFile } : {}) })),
        );
    }
  }
}
