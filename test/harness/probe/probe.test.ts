import { expect } from 'chai';
import net from 'node:net';
import { Writable } from 'node:stream';
import { main } from '../../../harness/cli/index.js';
import { probeTls, type TlsProbeReport } from '../../../harness/probe/index.js';
import { UnreachableError } from '../../../harness/errors.js';
import { startTlsTestServer, type TlsTestServer, type TlsTestServerOptions } from '../../support/tls-server/server.js';
import { variantCert } from '../../support/tls-server/certs.js';

const good = (): { key: string; cert: string; certFile: string } =>
  variantCert({ dns: ['localhost'], xmppAddr: ['localhost'], srv: ['_xmpp-client.localhost'] });

async function probeVariant(opts: Partial<TlsTestServerOptions>, extra: { ca?: string; scheme?: string } = {}): Promise<TlsProbeReport> {
  const cert = opts.cert && opts.key ? { key: opts.key, cert: opts.cert } : good();
  const server: TlsTestServer = await startTlsTestServer({ ...cert, ...opts } as TlsTestServerOptions);
  try {
    const scheme = extra.scheme ?? (opts.mode === 'direct-tls' ? 'xmpps' : 'xmpp');
    return await probeTls({ target: `${scheme}://127.0.0.1:${server.port}`, domain: 'localhost', ca: extra.ca ?? good().cert, timeoutMs: 3000 });
  } finally {
    await server.close();
  }
}

const ids = (r: TlsProbeReport): string[] => r.findings.map((f) => f.id);
const acceptedVersions = (r: TlsProbeReport): string[] => r.versions.filter((v) => v.accepted).map((v) => v.version);

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(c: Buffer | string, _e, cb) {
      chunks.push(c.toString());
      cb();
    },
  });
  return Object.assign(w, { text: () => chunks.join('') });
}

describe('probe against the TLS test server', function () {
  this.timeout(60_000);

  it('a modern STARTTLS-required server: TLS 1.3 + 1.2, AEAD/FS only, trusted by --ca, all three XMPP name forms', async () => {
    const r = await probeVariant({
      ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384',
      honorCipherOrder: true,
      mechanismsAfterTls: ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256'],
      channelBindingTypes: ['tls-exporter'],
    });
    expect(acceptedVersions(r)).to.deep.equal(['TLSv1.3', 'TLSv1.2']);
    const v12 = r.ciphers.find((c) => c.version === 'TLSv1.2');
    expect(v12?.accepted.map((c) => c.name).sort()).to.deep.equal(['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384']);
    expect(v12?.serverPreference).to.equal(true);
    expect(r.certificate?.names.matchedBy).to.deep.equal(['DNS-ID', 'SRV-ID', 'XmppAddr']);
    expect(r.certificate?.trust.ca?.trusted).to.equal(true);
    expect(r.certificate?.trust.systemStore.trusted).to.equal(false);
    expect(r.starttls).to.include({ offered: true, required: true });
    expect(r.starttls.authWithoutTls?.outcome).to.equal('sasl-failure');
    expect(r.channelBinding?.plusMechanisms).to.deep.equal(['SCRAM-SHA-256-PLUS']);
    expect(r.channelBinding?.advertisedTypes).to.deep.equal(['tls-exporter']);
    expect(r.findings.filter((f) => f.cap)).to.deep.equal([]);
    expect(['A', 'A+']).to.include(r.grade.grade);
    for (const f of r.findings) expect(Object.keys(f)).to.include.members(['id', 'severity', 'message', 'evidence', 'ref']);
  });

  it('TLS 1.2 only: no TLS 1.3 caps at A-', async () => {
    const r = await probeVariant({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' });
    expect(acceptedVersions(r)).to.deep.equal(['TLSv1.2']);
    expect(ids(r)).to.include('protocol-no-tls1.3');
    expect(r.grade.grade).to.equal('A-');
  });

  it('a weak-ish suite (static RSA, CBC): no forward secrecy, no AEAD, grade B', async () => {
    const r = await probeVariant({ maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA' });
    const v12 = r.ciphers.find((c) => c.version === 'TLSv1.2');
    expect(v12?.accepted.map((c) => c.name)).to.deep.equal(['AES128-SHA']);
    expect(v12?.accepted[0]).to.include({ forwardSecrecy: false, aead: false, kx: 'RSA', iana: 'TLS_RSA_WITH_AES_128_CBC_SHA' });
    expect(ids(r)).to.include.members(['cipher-no-forward-secrecy', 'cipher-no-aead']);
    expect(r.grade.grade).to.equal('B');
  });

  it('TLS 1.0 and 1.1 accepted (tested at @SECLEVEL=0) cap at B', async () => {
    const r = await probeVariant({ minVersion: 'TLSv1', maxVersion: 'TLSv1.3', ciphers: 'ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0' });
    expect(acceptedVersions(r)).to.deep.equal(['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1']);
    expect(r.ciphers.find((c) => c.version === 'TLSv1')?.accepted.map((c) => c.name)).to.deep.equal(['ECDHE-RSA-AES128-SHA']);
    expect(ids(r)).to.include.members(['protocol-tls1.0', 'protocol-tls1.1']);
    expect(r.grade.grade).to.equal('B');
  });

  it('an expired certificate: F, with the rest shown as ignoringTrust', async () => {
    const c = variantCert({ dns: ['localhost'], expired: true });
    const r = await probeVariant({ key: c.key, cert: c.cert }, { ca: c.cert });
    expect(r.certificate?.chain[0]?.expired).to.equal(true);
    expect(ids(r)).to.include('cert-expired');
    expect(r.grade.grade).to.equal('F');
    // node's default server list includes static-RSA CBC suites, so without the trust cap it is a B
    expect(r.grade.ignoringTrust).to.equal('B');
  });

  it('a certificate for another name: name mismatch, F', async () => {
    const c = variantCert({ dns: ['other.example'] });
    const r = await probeVariant({ key: c.key, cert: c.cert }, { ca: c.cert });
    expect(r.certificate?.names.matched).to.equal(false);
    expect(r.certificate?.trusted).to.equal(true);
    expect(ids(r)).to.include('cert-name-mismatch');
    expect(r.grade.grade).to.equal('F');
  });

  it('STARTTLS optional with PLAIN before TLS and SASL going on in the clear', async () => {
    const r = await probeVariant({ starttls: 'optional', mechanismsBeforeTls: ['PLAIN', 'SCRAM-SHA-1'], authBeforeTls: 'challenge' });
    expect(r.starttls).to.include({ offered: true, required: false });
    expect(r.starttls.mechanismsBeforeTls).to.deep.equal(['PLAIN', 'SCRAM-SHA-1']);
    expect(r.starttls.authWithoutTls).to.include({ mechanism: 'SCRAM-SHA-1', outcome: 'challenge' });
    expect(ids(r)).to.include.members(['starttls-optional', 'sasl-plain-before-tls']);
    expect(r.grade.grade).to.equal('C');
  });

  it('STARTTLS required but <auth/> processed anyway is a finding', async () => {
    const r = await probeVariant({ authBeforeTls: 'challenge' });
    expect(ids(r)).to.include('sasl-auth-without-tls');
  });

  it('direct TLS (xmpps://) with ALPN xmpp-client', async () => {
    const r = await probeVariant({ mode: 'direct-tls', alpn: ['xmpp-client'] });
    expect(r.mode).to.equal('direct-tls');
    expect(r.starttls.alpn).to.equal('xmpp-client');
    expect(ids(r)).not.to.include('alpn-not-selected');
    expect(r.starttls.mechanismsAfterTls).to.deep.equal(['SCRAM-SHA-256', 'PLAIN']);
  });

  it('a closed port is unreachable', async () => {
    const srv = net.createServer();
    await new Promise<void>((res) => srv.listen(0, '127.0.0.1', () => res()));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((res) => srv.close(() => res()));
    let err: unknown;
    try {
      await probeTls({ target: `xmpp://127.0.0.1:${port}`, domain: 'localhost', timeoutMs: 2000 });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(UnreachableError);
  });
});

describe('tls command', function () {
  this.timeout(60_000);
  let server: TlsTestServer;
  before(async () => {
    server = await startTlsTestServer({ ...good(), ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' });
  });
  after(async () => server.close());

  const run = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
    const stdout = sink();
    const stderr = sink();
    // through main, where a command's errors become exit codes
    const code = await main(['tls', ...args], { stdout, stderr, env: {} });
    return { code, out: stdout.text(), err: stderr.text() };
  };

  it('--json prints one object with the documented fields and exits 0', async () => {
    const r = await run(['--target', `xmpp://127.0.0.1:${server.port}`, '--domain', 'localhost', '--ca', good().certFile, '--json']);
    expect(r.code).to.equal(0);
    const lines = r.out.trim().split('\n');
    expect(lines).to.have.length(1);
    const j = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(j).to.include.keys(
      'target',
      'domain',
      'versions',
      'ciphers',
      'certificate',
      'starttls',
      'channelBinding',
      'resumption',
      'findings',
      'grade',
      'untestable',
    );
  });

  it('human output is a compact report', async () => {
    const r = await run(['--target', `xmpp://127.0.0.1:${server.port}`, '--domain', 'localhost', '--quiet']);
    expect(r.code).to.equal(0);
    expect(r.out)
      .to.match(/^TLS report for/)
      .and.match(/grade F/)
      .and.include('cert-untrusted');
  });

  it('usage errors exit 2 with one line', async () => {
    for (const args of [
      [],
      ['--target', 'xmpp://127.0.0.1:5222'],
      ['--target', 'ws://localhost/x'],
      ['--bogus'],
      ['--target', 'xmpp://127.0.0.1:1', '--domain', 'x', '--ca', '/nonexistent/ca.pem'],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.err.trim().split('\n'), args.join(' ')).to.have.length(1);
    }
  });

  it('an unreachable target exits 3', async () => {
    const r = await run(['--target', 'xmpp://127.0.0.1:1', '--domain', 'localhost', '--timeout', '2000']);
    expect(r.code).to.equal(3);
  });
});
