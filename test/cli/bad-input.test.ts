// Bad input gets one line and the right exit code — never a stack trace or a hang.
import { expect } from 'chai';
import net from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeServer } from '../support/fake-server/fake-server.js';
import { cli, expectOneLine } from '../support/cli-process.js';
import { testCert } from '../support/certs.js';
import dgram from 'node:dgram';

/** A port on 127.0.0.1 with nothing listening. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('command line: bad input', function () {
  this.timeout(60_000);

  it('a bad URL exits 2 with one line', async () => {
    const r = await cli(['run', '--target', 'not a url']);
    expect(r.code).to.equal(2);
    expectOneLine(r.stderr);
    expect(r.stderr).to.match(/not a URL/);
  });

  it('an unknown flag exits 2 with one line', async () => {
    const r = await cli(['run', '--target', 'xmpp://127.0.0.1', '--domain', 'localhost', '--bogus']);
    expect(r.code).to.equal(2);
    expectOneLine(r.stderr);
  });

  it('serve --concurrency above 1 without --client-cmd exits 2 with one line, before listening', async () => {
    const r = await cli(['serve', '--listen', '127.0.0.1:0', '--domain', 'localhost', '--concurrency', '2']);
    expect(r.code).to.equal(2);
    expectOneLine(r.stderr);
    expect(r.stderr).to.match(/--concurrency 2 needs --client-cmd/);
  });

  it('an unknown command exits 2', async () => {
    const r = await cli(['frobnicate']);
    expect(r.code).to.equal(2);
    expectOneLine(r.stderr);
  });

  it('an unreachable target exits 3 within a few seconds', async () => {
    const port = await closedPort();
    const out = mkdtempSync(path.join(os.tmpdir(), 'xc-unreach-'));
    const r = await cli(['run', '--target', `xmpp://127.0.0.1:${port}`, '--domain', 'localhost', '--out', out]);
    expect(r.code).to.equal(3);
    expectOneLine(r.stderr);
    expect(r.stderr).to.match(/cannot reach 127\.0\.0\.1/);
    // node's start-up is most of it; a loaded machine needs the slack
    expect(r.ms).to.be.below(15_000);
  });

  it('a --lab-dns address that is busy exits 2 with one line (a configuration error, not failed cases)', async () => {
    const busy = dgram.createSocket('udp4');
    await new Promise<void>((r) => busy.bind(0, '127.0.0.1', () => r()));
    const cert = testCert(['xc.lab.test']);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'xc-dns-busy-'));
    const keyFile = path.join(dir, 'key.pem');
    writeFileSync(keyFile, cert.key);
    try {
      const r = await cli([
        'run',
        '--target',
        `xmpp://127.0.0.1:${await closedPort()}`,
        '--domain',
        'localhost',
        '--s2s-target',
        `xmpp://127.0.0.1:${await closedPort()}`,
        '--s2s-cert',
        cert.certFile,
        '--s2s-key',
        keyFile,
        '--lab-dns',
        `127.0.0.1:${busy.address().port}`,
        '--out',
        dir,
      ]);
      expect(r.code, r.stderr).to.equal(2);
      expectOneLine(r.stderr);
      expect(r.stderr).to.match(/the lab DNS cannot listen on udp 127\.0\.0\.1:\d+: bind EADDRINUSE/);
    } finally {
      busy.close();
    }
  });

  it('a peer that goes silent after its header fails the case at its deadline, then the run stops with exit 3 and its reports', async () => {
    // Answers the stream header, then never sends features.
    const server = await FakeServer.start({ behaviour: { noFeatures: true } });
    const out = mkdtempSync(path.join(os.tmpdir(), 'xc-silent-'));
    try {
      const r = await cli([
        'run',
        '--target',
        server.url,
        '--domain',
        'localhost',
        '--ca',
        server.cert.certFile,
        '--out',
        out,
        '--timeout',
        '300',
        // one case at a time: the second is reached only after the first timed out
        '--concurrency',
        '1',
        '--grep',
        'stream/(header-from|features-after-header)$',
        '--reporter',
        'json',
      ]);
      expect(r.code, r.stderr).to.equal(3);
      expectOneLine(r.stderr);
      expect(r.stderr).to.match(/the target stopped answering: after rfc6120\/stream\/features-after-header timed out/);
      const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as {
        results: { id: string; status: string; message?: string }[];
        incomplete?: { stage: string };
      };
      const byId = Object.fromEntries(report.results.map((x) => [x.id, x]));
      expect(byId['rfc6120/stream/features-after-header']?.status).to.equal('failed');
      expect(byId['rfc6120/stream/features-after-header']?.message).to.match(/within 300 ms/);
      // the plan runs in id order: header-from came after the silence was noticed
      expect(byId['rfc6120/stream/header-from']?.message).to.match(/^not run: the target stopped answering/);
      expect(report.incomplete?.stage).to.equal('target-silent');
    } finally {
      await server.stop();
    }
  });
});
