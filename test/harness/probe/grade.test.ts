import { expect } from 'chai';
import { classifySuite, deriveFindings, FINDING_DEFS, gradeFacts, type CipherInfo, type Grade, type ProbeFacts } from '../../../harness/probe/index.js';
import { clone, goodLeaf, perfectFacts } from './facts.js';

// The tests mutate a deep copy of readonly facts; a loose type keeps each mutation one line.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

function graded(mutate: (f: Loose) => void): { grade: Grade; ignoringTrust: Grade; ids: string[] } {
  const f: Loose = clone(perfectFacts());
  mutate(f);
  const findings = deriveFindings(f as ProbeFacts);
  const g = gradeFacts(f as ProbeFacts, findings);
  return { grade: g.grade, ignoringTrust: g.ignoringTrust, ids: findings.map((x) => x.id) };
}

function addSuite(f: Loose, name: string, ephemeral?: CipherInfo['ephemeral']): void {
  const v12 = (f.ciphers as ProbeFacts['ciphers']).find((c) => c.version === 'TLSv1.2');
  (v12?.accepted as CipherInfo[]).push({ ...classifySuite(name, name, 'TLSv1.2'), ...(ephemeral ? { ephemeral } : {}) });
}

describe('probe/grade', () => {
  it('a flawless server gets A+', () => {
    const r = graded(() => undefined);
    expect(r.ids).to.deep.equal([]);
    expect(r.grade).to.equal('A+');
  });

  it('every finding in the catalogue has a ref and a severity; caps are grades', () => {
    for (const [id, d] of Object.entries(FINDING_DEFS)) {
      expect(d.ref, id).to.match(/^(RFC|XEP)/);
      if ('cap' in d) expect(['A-', 'B', 'C', 'D', 'E', 'F']).to.include(d.cap);
    }
  });

  const caps: [string, Grade, (f: Loose) => void][] = [
    ['protocol-tls1.0', 'B', (f) => void ((f.versions[3] as { accepted: boolean }).accepted = true)],
    ['protocol-tls1.1', 'B', (f) => void ((f.versions[2] as { accepted: boolean }).accepted = true)],
    [
      'protocol-no-tls1.3',
      'A-',
      (f) => {
        (f.versions[0] as { accepted: boolean }).accepted = false;
        f.ciphers.shift();
      },
    ],
    ['cipher-null', 'F', (f) => addSuite(f, 'NULL-SHA256')],
    ['cipher-anonymous', 'F', (f) => addSuite(f, 'AECDH-AES128-SHA', { type: 'ECDH', name: 'X25519', size: 253 })],
    ['cipher-export', 'F', (f) => addSuite(f, 'EXP-RC4-MD5')],
    ['cipher-des', 'F', (f) => addSuite(f, 'DES-CBC-SHA')],
    ['cipher-rc4', 'C', (f) => addSuite(f, 'RC4-SHA')],
    ['cipher-3des', 'C', (f) => addSuite(f, 'ECDHE-RSA-DES-CBC3-SHA')],
    ['cipher-no-forward-secrecy', 'B', (f) => addSuite(f, 'AES128-GCM-SHA256')],
    [
      'cipher-no-aead',
      'B',
      (f) => {
        f.versions[0] = { version: 'TLSv1.3', accepted: false };
        f.ciphers = [{ version: 'TLSv1.2', tested: 60, accepted: [classifySuite('ECDHE-RSA-AES128-SHA', 'x', 'TLSv1.2')], serverPreference: null }];
      },
    ],
    ['kx-dh-weak', 'B', (f) => addSuite(f, 'DHE-RSA-AES128-GCM-SHA256', { type: 'DH', size: 1024 })],
    ['kx-dh-insecure', 'F', (f) => addSuite(f, 'DHE-RSA-AES128-GCM-SHA256', { type: 'DH', size: 512 })],
    ['kx-ecdh-weak', 'B', (f) => addSuite(f, 'ECDHE-RSA-AES128-GCM-SHA256', { type: 'ECDH', name: 'secp192r1', size: 192 })],
    [
      'cert-untrusted',
      'F',
      (f) => {
        f.certificate!.trusted = false;
        f.certificate!.trust.systemStore = { trusted: false, error: 'DEPTH_ZERO_SELF_SIGNED_CERT' };
      },
    ],
    [
      'cert-name-mismatch',
      'F',
      (f) => {
        f.certificate!.names.matched = false;
        f.certificate!.names.dnsId = false;
        f.certificate!.names.matchedBy = [];
      },
    ],
    ['cert-expired', 'F', (f) => void (f.certificate!.chain[0] = goodLeaf({ expired: true, daysLeft: -3 }))],
    ['cert-not-yet-valid', 'F', (f) => void (f.certificate!.chain[0] = goodLeaf({ notYetValid: true }))],
    ['cert-weak-key', 'B', (f) => void (f.certificate!.chain[0] = goodLeaf({ key: { type: 'rsa', bits: 1024 } }))],
    ['cert-insecure-key', 'F', (f) => void (f.certificate!.chain[0] = goodLeaf({ key: { type: 'rsa', bits: 512 } }))],
    [
      'cert-sha1-signature',
      'B',
      (f) => void (f.certificate!.chain[0] = goodLeaf({ signatureAlgorithm: { oid: '1.2.840.113549.1.1.5', name: 'sha1WithRSAEncryption' } })),
    ],
    [
      'cert-md5-signature',
      'F',
      (f) => void (f.certificate!.chain[0] = goodLeaf({ signatureAlgorithm: { oid: '1.2.840.113549.1.1.4', name: 'md5WithRSAEncryption' } })),
    ],
    [
      'starttls-optional',
      'B',
      (f) => {
        f.starttls.required = false;
        f.starttls.featuresBeforeTls = ['starttls', 'mechanisms'];
        f.starttls.mechanismsBeforeTls = ['SCRAM-SHA-1'];
        f.starttls.authWithoutTls = { mechanism: 'SCRAM-SHA-1', outcome: 'challenge', detail: '<challenge/>' };
      },
    ],
    ['sasl-plain-before-tls', 'C', (f) => void (f.starttls.mechanismsBeforeTls = ['PLAIN'])],
    [
      'sasl-auth-without-tls',
      'C',
      (f) => void (f.starttls.authWithoutTls = { mechanism: 'PLAIN', outcome: 'sasl-failure', detail: '<failure><not-authorized/></failure>' }),
    ],
  ];

  for (const [id, cap, mutate] of caps) {
    it(`${id} caps the grade at ${cap}`, () => {
      const r = graded(mutate);
      expect(r.ids).to.include(id);
      expect(r.grade).to.equal(cap);
    });
  }

  it('trust caps leave ignoringTrust at the grade the rest earns', () => {
    const r = graded((f) => {
      f.certificate!.trusted = false;
      (f.versions[3] as { accepted: boolean }).accepted = true;
    });
    expect(r.grade).to.equal('F');
    expect(r.ignoringTrust).to.equal('B');
  });

  it('a low finding (no channel binding) keeps A but not A+', () => {
    const r = graded((f) => {
      f.channelBinding!.plusMechanisms = [];
      f.starttls.mechanismsAfterTls = ['SCRAM-SHA-256'];
    });
    expect(r.ids).to.deep.equal(['channel-binding-none']);
    expect(r.grade).to.equal('A');
  });

  it('the weighted score alone can give less than A (40-bit ciphers only)', () => {
    const r = graded((f) => {
      f.versions[0] = { version: 'TLSv1.3', accepted: false };
      f.ciphers = [{ version: 'TLSv1.2', tested: 60, accepted: [classifySuite('EXP-DES-CBC-SHA', 'x', 'TLSv1.2')], serverPreference: null }];
    });
    expect(r.grade).to.equal('F');
  });

  it('required STARTTLS refusing <auth/> with a stream error is no finding; not announcing <required/> is', () => {
    const ok = graded((f) => void (f.starttls.authWithoutTls = { mechanism: 'PLAIN', outcome: 'stream-error', detail: '<policy-violation/>' }));
    expect(ok.ids).to.deep.equal([]);
    const quiet = graded((f) => {
      f.starttls.required = false;
      f.starttls.featuresBeforeTls = ['starttls', 'register'];
    });
    expect(quiet.ids).to.deep.equal(['starttls-required-not-announced']);
    expect(quiet.grade).to.equal('A');
  });
});
