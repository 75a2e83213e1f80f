// Hand-made probe facts for the pure grading tests: a flawless server, then one defect per test.
import { classifySuite } from '../../../harness/probe/index.js';
import type { CertificateInfo, ProbeFacts } from '../../../harness/probe/index.js';

export function goodLeaf(over: Partial<CertificateInfo> = {}): CertificateInfo {
  return {
    subject: 'CN=example.org',
    issuer: 'CN=Some CA',
    serialNumber: '01',
    fingerprint256: 'AA',
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    daysLeft: 200,
    expired: false,
    notYetValid: false,
    selfSigned: false,
    isCa: false,
    key: { type: 'ec', bits: 256, curve: 'prime256v1' },
    signatureAlgorithm: { oid: '1.2.840.10045.4.3.2', name: 'ecdsa-with-SHA256' },
    san: [{ type: 'dns', value: 'example.org' }],
    commonName: 'example.org',
    ...over,
  };
}

const x25519 = { type: 'ECDH', name: 'X25519', size: 253 } as const;

/** TLS 1.3 + 1.2 with ECDHE-AEAD only, a trusted matching certificate, STARTTLS required, SCRAM-PLUS. */
export function perfectFacts(): ProbeFacts {
  const s13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384'].map((n) => ({ ...classifySuite(n, n, 'TLSv1.3'), ephemeral: x25519 }));
  const s12 = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384'].map((n) => ({ ...classifySuite(n, n, 'TLSv1.2'), ephemeral: x25519 }));
  return {
    target: 'xmpp://127.0.0.1:5222',
    domain: 'example.org',
    mode: 'starttls',
    versions: [
      { version: 'TLSv1.3', accepted: true, ephemeral: x25519 },
      { version: 'TLSv1.2', accepted: true, ephemeral: x25519 },
      { version: 'TLSv1.1', accepted: false },
      { version: 'TLSv1', accepted: false },
    ],
    ciphers: [
      { version: 'TLSv1.3', tested: 5, accepted: s13, serverPreference: true },
      { version: 'TLSv1.2', tested: 60, accepted: s12, serverPreference: true },
    ],
    certificate: {
      chain: [goodLeaf()],
      names: { domain: 'example.org', dnsId: true, srvId: false, xmppAddr: false, commonName: false, matched: true, matchedBy: ['DNS-ID'] },
      trust: { systemStore: { trusted: true } },
      trusted: true,
      chainIssues: [],
    },
    starttls: {
      mode: 'starttls',
      offered: true,
      required: true,
      featuresBeforeTls: ['starttls(required)'],
      mechanismsBeforeTls: [],
      featuresAfterTls: ['mechanisms'],
      mechanismsAfterTls: ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256'],
      authWithoutTls: { mechanism: 'PLAIN', outcome: 'sasl-failure', detail: '<failure><encryption-required/></failure>' },
    },
    channelBinding: {
      plusMechanisms: ['SCRAM-SHA-256-PLUS'],
      advertisedTypes: ['tls-exporter'],
      protocol: 'TLSv1.3',
      computable: { 'tls-exporter': true, 'tls-server-end-point': true, 'tls-unique': false },
    },
    resumption: [{ version: 'TLSv1.3', ticketOrIdIssued: true, resumed: true }],
    untestable: [],
  };
}

/** A structured copy to mutate. */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
