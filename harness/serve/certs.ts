// The certificates serve presents, made once per run in a private directory (harness/pki): a CA
// the client is told to trust (XC_CA_FILE), a good server certificate for the domain, and the
// bad ones the certificate cases present (RFC 6125 §6, RFC 6120 §13.7.2): another name, a
// self-signed one the CA never signed, and one whose validity ended in 2020.
import { createCa, issueCert, selfSignedCert, type IssuedCert } from '../pki/index.js';
import { readFileSync } from 'node:fs';

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

/** Writes the CA and the four server certificates under `dir` (DNS-IDs only, RFC 6125 §6.4). */
export async function makeServeCerts(dir: string, domain: string): Promise<ServeCerts> {
  const ca = await createCa(dir, 'xmpp-conformance serve CA');
  const pick = (c: IssuedCert): ServeCert => ({ cert: c.cert, key: c.key });
  const good = await issueCert(ca, { stem: 'good', name: domain, usage: 'server' });
  const wrongName = await issueCert(ca, { stem: 'wrong-name', name: WRONG_NAME, usage: 'server' });
  const expired = await issueCert(ca, { stem: 'expired', name: domain, usage: 'server', validity: 'expired' });
  const untrusted = await selfSignedCert(dir, { stem: 'untrusted', name: domain, usage: 'server' });
  return {
    caFile: ca.certFile,
    ca: readFileSync(ca.certFile, 'utf8'),
    byKind: { good: pick(good), 'wrong-name': pick(wrongName), untrusted: pick(untrusted), expired: pick(expired) },
  };
}
