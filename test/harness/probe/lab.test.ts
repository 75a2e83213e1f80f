// @integration: the probe against the three real lab servers (STARTTLS on c2s and XEP-0368 direct TLS),
// each compared with sslscan's view of the same port: protocol versions and cipher suites must agree.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { labDown, labUp, type LabInfo, type LabName } from '../../../harness/lab/index.js';
import { probeTls, type TlsProbeReport } from '../../../harness/probe/index.js';
import { TEST_PORT_BASES, TEST_PORT_FALLBACKS } from '../../support/ports.js';

// Port bases of this test's own lab instances (base..base+59 each), apart from the suite's.
// A state root of this run's own: a fixed one would be shared with a run in another checkout, which
// would find this run's lab "already running" at the same base and take it down under it.
let stateRoot = '';
const PORT_BASES: Record<LabName, number> = {
  prosody: TEST_PORT_BASES.probeProsody,
  ejabberd: TEST_PORT_BASES.probeEjabberd,
  jabberd2: TEST_PORT_BASES.probeJabberd2,
};

export interface SslscanView {
  readonly protocols: Record<string, boolean>;
  readonly ciphers: Record<string, string[]>;
  readonly groups: Record<string, string[]>;
}

/** sslscan's XML, reduced to enabled protocols, accepted ciphers and groups per version. */
export function parseSslscanXml(xml: string): SslscanView {
  const attrs = (tag: string): Record<string, string>[] =>
    [...xml.matchAll(new RegExp(`<${tag}\\s([^>]*)/>`, 'g'))].map((m) =>
      Object.fromEntries([...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
    );
  const protocols: Record<string, boolean> = {};
  for (const p of attrs('protocol')) protocols[`${p['type'] === 'ssl' ? 'SSLv' : 'TLSv'}${p['version']}`] = p['enabled'] === '1';
  const ciphers: Record<string, string[]> = {};
  for (const c of attrs('cipher')) (ciphers[c['sslversion'] ?? '?'] ??= []).push(c['cipher'] ?? '');
  const groups: Record<string, string[]> = {};
  for (const g of attrs('group')) (groups[g['sslversion'] ?? '?'] ??= []).push(g['name'] ?? '');
  return { protocols, ciphers, groups };
}

// sslscan says TLSv1.0, node says TLSv1.
const versionName = (v: string): string => (v === 'TLSv1.0' ? 'TLSv1' : v);
// sslscan's group labels → the names node takes in ecdhCurve.
const GROUP_NAMES: Record<string, string> = { x25519: 'X25519', x448: 'X448', secp256r1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
const groupName = (label: string): string => GROUP_NAMES[label.split(' ')[0] ?? ''] ?? label;

/**
 * sslscan 2.0.7 (Debian 12) has no --xmpphost: it puts the host it connects to into the stream's `to`.
 * `localhost` (from /etc/hosts, never DNS, forced to IPv4) gives the lab domain; an IP literal makes
 * the servers answer <host-unknown/>. Direct TLS needs no XMPP at all. Resolves undefined without sslscan.
 */
function sslscan(port: number, starttls: boolean): Promise<string | undefined> {
  const args = ['--no-colour', '--ipv4', ...(starttls ? ['--starttls-xmpp'] : []), '--xml=-', `localhost:${port}`];
  return new Promise((resolve, reject) => {
    execFile('sslscan', args, { timeout: 90_000, maxBuffer: 4 << 20 }, (err, stdout) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return resolve(undefined);
      if (err) return reject(new Error(`sslscan failed: ${err.message}`));
      resolve(stdout);
    });
  });
}

/** testssl.sh's JSON (`--jsonfile`), reduced to the same view (it lists no groups with -p -E). */
export function parseTestsslJson(json: string): SslscanView {
  const items = JSON.parse(json) as { id?: string; finding?: string }[];
  const protocols: Record<string, boolean> = {};
  const NAMES: Record<string, string> = { SSLv2: 'SSLv2', SSLv3: 'SSLv3', TLS1: 'TLSv1.0', TLS1_1: 'TLSv1.1', TLS1_2: 'TLSv1.2', TLS1_3: 'TLSv1.3' };
  const ciphers: Record<string, string[]> = {};
  for (const it of items) {
    const name = NAMES[it.id ?? ''];
    if (name) protocols[name] = /^offered/.test(it.finding ?? '');
    // "TLS 1.2   xc030   ECDHE-RSA-AES256-GCM-SHA384   ECDH 253 ..." : version, hex code, OpenSSL name
    const m = /^cipher-tls1_([0-3])_x/.exec(it.id ?? '');
    const words = (it.finding ?? '').trim().split(/\s+/);
    if (m && words[3]) (ciphers[`TLSv1.${m[1]}`] ??= []).push(words[3]);
  }
  return { protocols, ciphers, groups: {} };
}

/** testssl.sh on a STARTTLS port, with --xmpphost for the stream's `to`; undefined when not installed. */
function testssl(port: number, domain: string): Promise<string | undefined> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xct-testssl-'));
  const file = path.join(dir, 'out.json');
  const args = [
    '--quiet',
    '--warnings',
    'off',
    '--color',
    '0',
    '-p',
    '-E',
    '--starttls',
    'xmpp',
    '--xmpphost',
    domain,
    '--jsonfile',
    file,
    `127.0.0.1:${port}`,
  ];
  return new Promise((resolve, reject) => {
    execFile('testssl', args, { timeout: 180_000, maxBuffer: 8 << 20 }, (err) => {
      try {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return resolve(undefined);
        // testssl's exit code counts its own findings; only a missing JSON file is a failure here.
        resolve(readFileSync(file, 'utf8'));
      } catch (e) {
        reject(new Error(`testssl wrote no JSON (${err?.message ?? String(e)})`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** Versions, TLS 1.2/1.3 suites and TLS 1.3 groups must be the same sets in both views. */
function expectAgreement(report: TlsProbeReport, s: SslscanView): void {
  // Versions where both could test. sslscan also tries SSLv2/v3, which node cannot (listed in
  // report.untestable); every lab server refuses them.
  for (const v of report.versions) {
    if (v.accepted === null) continue;
    const theirs = Object.entries(s.protocols).find(([k]) => versionName(k) === v.version)?.[1];
    expect(theirs, `${v.version}: sslscan ${theirs}, probe ${v.accepted}`).to.equal(v.accepted);
  }
  expect(s.protocols['SSLv2']).to.equal(false);
  expect(s.protocols['SSLv3']).to.equal(false);
  // Suites: both use OpenSSL names (TLS 1.3: IANA names in both). Neither offers what its OpenSSL 3
  // lacks (RC4, 3DES, single DES, EXPORT: in the probe's `untestable`); we skip PSK/SRP suites,
  // which need a pre-shared secret, and no lab server is set up for them.
  for (const version of ['TLSv1.2', 'TLSv1.3']) {
    const ours = (report.ciphers.find((c) => c.version === version)?.accepted ?? []).map((c) => c.name).sort();
    const theirs = (s.ciphers[version] ?? []).slice().sort();
    expect(
      theirs.filter((n) => !ours.includes(n)),
      `${version}: only sslscan`,
    ).to.deep.equal([]);
    expect(
      ours.filter((n) => !theirs.includes(n)),
      `${version}: only the probe`,
    ).to.deep.equal([]);
  }
  if (report.groups?.version === 'TLSv1.3' && s.groups['TLSv1.3']) {
    expect((s.groups['TLSv1.3'] ?? []).map(groupName).sort()).to.deep.equal([...report.groups.accepted].sort());
  }
}

const accepted = (r: TlsProbeReport): string[] => r.versions.filter((v) => v.accepted).map((v) => v.version);
const capIds = (r: TlsProbeReport): string[] => r.grade.cappedBy.map((c) => c.id);

interface ServerExpectations {
  /** the findings that carry a cap, on STARTTLS with --ca */
  readonly caps: readonly string[];
  readonly grade: readonly string[];
  readonly starttls: (r: TlsProbeReport) => void;
}

const EXPECT: Record<LabName, ServerExpectations> = {
  // Prosody 0.12 with LuaSec's defaults: ECDHE-AEAD only on TLS 1.2; no -PLUS on TLS 1.3 (tls-unique only).
  prosody: {
    caps: [],
    grade: ['A', 'A+'],
    starttls: (r) => {
      const v12 = r.ciphers.find((c) => c.version === 'TLSv1.2');
      expect(v12?.accepted).to.have.length(3);
      for (const c of v12?.accepted ?? []) expect(c).to.include({ kx: 'ECDHE', aead: true, forwardSecrecy: true });
      expect(r.starttls.featuresBeforeTls).to.deep.equal(['starttls(required)']);
    },
  },
  // ejabberd 23.01 as the lab configures it (no cipher list): OpenSSL's defaults, static RSA included.
  ejabberd: {
    caps: ['cipher-no-forward-secrecy'],
    grade: ['B'],
    starttls: (r) => {
      expect(r.starttls.featuresBeforeTls).to.deep.equal(['starttls(required)']);
      expect(r.starttls.authWithoutTls?.detail).to.equal('<failure><encryption-required/></failure>');
      expect(r.channelBinding?.plusMechanisms).to.include('SCRAM-SHA-256-PLUS');
      expect(r.ciphers.find((c) => c.version === 'TLSv1.2')?.serverPreference).to.equal(true);
    },
  },
  // jabberd2 2.7: OpenSSL defaults with the client's order; <auth/> before TLS is dropped in silence.
  jabberd2: {
    caps: ['cipher-no-forward-secrecy'],
    grade: ['B'],
    starttls: (r) => {
      expect(r.starttls.featuresBeforeTls?.[0]).to.equal('starttls(required)');
      expect(r.findings.map((f) => f.id)).to.include.members(['starttls-extra-features', 'cipher-no-server-preference', 'channel-binding-none']);
      expect(r.starttls.authWithoutTls?.outcome).to.equal('timeout');
    },
  },
};

describe('probe: the lab servers @integration', function () {
  before(() => {
    stateRoot = mkdtempSync(path.join(os.tmpdir(), 'xct-tls-helper-'));
  });
  after(() => {
    if (stateRoot) rmSync(stateRoot, { recursive: true, force: true });
  });

  for (const name of ['prosody', 'ejabberd', 'jabberd2'] as const) {
    describe(`probe: lab ${name} @integration`, function () {
      this.timeout(240_000);
      const opts = { portBase: PORT_BASES[name], portFallbacks: TEST_PORT_FALLBACKS, log: () => undefined };
      let lab: LabInfo;
      let starttls: TlsProbeReport;
      let direct: TlsProbeReport;

      before(async function () {
        lab = await labUp(name, { ...opts, stateRoot });
        const ca = readFileSync(lab.ca, 'utf8');
        starttls = await probeTls({ target: `xmpp://127.0.0.1:${new URL(lab.target).port}`, domain: lab.domain, ca, caFile: lab.ca, timeoutMs: 3000 });
        direct = await probeTls({ target: `xmpps://127.0.0.1:${new URL(lab.directTlsTarget).port}`, domain: lab.domain, timeoutMs: 3000 });
      });
      after(async () => {
        if (lab) await labDown(name, { ...opts, stateRoot, portBase: lab.ports.c2s });
      });

      it(`STARTTLS: TLS 1.3 + 1.2, required, nothing to authenticate with before TLS, trusted by --ca, graded ${EXPECT[name].grade.join('/')}`, () => {
        expect(accepted(starttls)).to.deep.equal(['TLSv1.3', 'TLSv1.2']);
        expect(starttls.starttls).to.include({ offered: true, required: true });
        expect(starttls.starttls.mechanismsBeforeTls).to.deep.equal([]);
        expect(starttls.certificate?.trust.ca?.trusted).to.equal(true);
        expect(starttls.certificate?.names.matchedBy).to.deep.equal(['DNS-ID']);
        expect(capIds(starttls)).to.deep.equal([...EXPECT[name].caps]);
        expect(EXPECT[name].grade).to.include(starttls.grade.grade);
        EXPECT[name].starttls(starttls);
      });

      it('direct TLS without --ca: F for the self-signed certificate, the STARTTLS grade ignoring trust', () => {
        expect(direct.mode).to.equal('direct-tls');
        expect(accepted(direct)).to.deep.equal(accepted(starttls));
        expect(direct.grade.grade).to.equal('F');
        expect(capIds(direct)).to.deep.equal(['cert-untrusted', ...EXPECT[name].caps]);
        expect(direct.grade.ignoringTrust).to.equal(starttls.grade.grade);
      });

      it('agrees with sslscan on STARTTLS: protocol versions, TLS 1.2/1.3 suites, TLS 1.3 groups', async function () {
        const xml = await sslscan(Number(new URL(lab.target).port), true);
        if (xml === undefined) return this.skip(); // sslscan is not installed (Debian: apt-get install sslscan)
        expectAgreement(starttls, parseSslscanXml(xml));
      });

      it('agrees with testssl.sh on STARTTLS: protocol versions and TLS 1.2/1.3 suites', async function () {
        this.timeout(200_000);
        const json = await testssl(Number(new URL(lab.target).port), lab.domain);
        if (json === undefined) return this.skip(); // testssl.sh is not installed (Debian: apt-get install testssl.sh)
        expectAgreement(starttls, parseTestsslJson(json));
      });

      it('agrees with sslscan on direct TLS', async function () {
        const xml = await sslscan(Number(new URL(lab.directTlsTarget).port), false);
        if (xml === undefined) return this.skip();
        expectAgreement(direct, parseSslscanXml(xml));
      });
    });
  }
});
