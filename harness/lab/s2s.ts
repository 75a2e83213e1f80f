// What every lab server's federating side shares: a lab CA per instance, the certificate for the
// server's federating domain issued by it, the lab DNS address the server is told to ask, and the
// LabInfo.s2s / s2sRunArgs the `run` command's s2s area takes.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { adoptCa, createCa, issueCert, type CaFiles } from '../pki/index.js';
import type { Resolved } from './instance.js';
import { LOOPBACK, labDnsPort } from './ports.js';
import type { LabS2s } from './types.js';

/** The zone the lab DNS serves; every federating domain of the lab lies under it. */
export const LAB_ZONE = 'lab.test';

export interface S2sPki {
  /** The lab CA's certificate and key (PEM files). */
  readonly ca: string;
  readonly caKey: string;
  /** The federating domain's certificate (serverAuth + clientAuth) and key, issued by the lab CA. */
  readonly cert: string;
  readonly key: string;
  /** cert + key in one PEM file (what ejabberd and jabberd2 want). */
  readonly combined: string;
}

/**
 * Makes DIR/s2s-ca: a fresh CA named after the instance and a certificate for `domain` signed by
 * it. RFC 6120 §13.7.1.2: a server certificate names the domain as a DNS-ID (subjectAltName); the
 * same certificate serves both directions of a connection, hence both key usages.
 */
export async function makeS2sPki(dir: string, domain: string, shared?: { readonly certFile: string; readonly keyFile: string }): Promise<S2sPki> {
  const ca = shared
    ? copySharedCa(path.join(dir, 's2s-ca'), shared)
    : await createCa(path.join(dir, 's2s-ca'), `xmpp-conformance lab CA (${path.basename(dir)})`);
  const leaf = await issueCert(ca, { stem: 'server', name: domain, usage: 'server-client' });
  const combined = path.join(ca.dir, 'server-combined.pem');
  writeFileSync(combined, readFileSync(leaf.certFile, 'utf8') + readFileSync(leaf.keyFile, 'utf8'), { mode: 0o600 });
  return { ca: ca.certFile, caKey: ca.keyFile, cert: leaf.certFile, key: leaf.keyFile, combined };
}

/**
 * A CA given from outside (LabOptions.s2sCa), copied into DIR/s2s-ca: the server, which runs as its
 * own user, reads the copy in its state dir, and issuing keeps its openssl database there.
 */
function copySharedCa(caDir: string, shared: { readonly certFile: string; readonly keyFile: string }): CaFiles {
  mkdirSync(caDir, { recursive: true, mode: 0o700 });
  const certFile = path.join(caDir, 'ca.pem');
  const keyFile = path.join(caDir, 'ca-key.pem');
  copyFileSync(shared.certFile, certFile);
  copyFileSync(shared.keyFile, keyFile);
  return adoptCa(caDir, certFile, keyFile);
}

/** '127.0.0.1:<base+53>': the lab DNS address of the instance. */
export function labDnsAddress(r: Resolved): { readonly host: string; readonly port: number; readonly text: string } {
  const port = labDnsPort(r.portBase);
  return { host: LOOPBACK, port, text: `${LOOPBACK}:${port}` };
}

/**
 * LabInfo.s2s and LabInfo.s2sRunArgs for an instance whose federating side is up; `directTls`
 * false for a server with no XEP-0368 s2s listener (jabberd2).
 */
export function s2sInfo(r: Resolved, domain: string, accounts: readonly string[], pki: S2sPki, directTls = true): { s2s: LabS2s; s2sRunArgs: string[] } {
  const s2s: LabS2s = {
    target: `xmpp://${LOOPBACK}:${r.ports.s2s}`,
    ...(directTls ? { directTlsTarget: `xmpps://${LOOPBACK}:${r.ports.s2sDirectTls}` } : {}),
    domain,
    accounts,
    auth: r.s2sAuth,
    dns: labDnsAddress(r).text,
    ca: pki.ca,
    caKey: pki.caKey,
  };
  return { s2s, s2sRunArgs: s2sRunArgs(s2s) };
}

/** The `run` flags that point the s2s area at a lab server's federating side. */
export function s2sRunArgs(s: LabS2s): string[] {
  return [
    '--s2s-target',
    s.target,
    '--s2s-target-domain',
    s.domain,
    '--s2s-ca',
    s.ca,
    '--s2s-ca-key',
    s.caKey,
    '--lab-dns',
    s.dns,
    ...s.accounts.flatMap((a) => ['--s2s-account', a]),
    ...(s.directTlsTarget ? ['--s2s-direct-tls-target', s.directTlsTarget] : []),
  ];
}
