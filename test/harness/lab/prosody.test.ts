import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import tls from 'node:tls';
import { runLab } from '../../../harness/cli/lab.js';
import { TEST_PORT_BASES, TEST_PORT_FALLBACKS } from '../../support/ports.js';
import { labDown, labPorts, labStatus, labUp, portFree, renderProsodyConfig, upstreamVersion, type LabInfo } from '../../../harness/lab/index.js';

function capture(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return Object.assign(w, { text: () => chunks.join('') });
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await runLab(args, { stdout, stderr });
  return { code, out: stdout.text(), err: stderr.text() };
}

/** A hand-made client: stream header in, everything up to </stream:features> out (5 s, 64 KiB caps). */
function rawFeatures(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let buf = '';
    const done = (err?: Error) => {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(buf);
    };
    const timer = setTimeout(() => done(new Error(`no features on ${port} within 5 s; got ${buf.slice(0, 200)}`)), 5000);
    sock.setEncoding('utf8');
    sock.on('connect', () =>
      sock.write("<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"),
    );
    sock.on('data', (d: string) => {
      buf += d;
      if (buf.includes('</stream:features>')) done();
      else if (buf.length > 65536) done(new Error('over 64 KiB without </stream:features>'));
    });
    sock.on('error', done);
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // an exited child not yet reaped has an empty command line
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8') !== '';
  } catch {
    return false;
  }
}

describe('lab (no server)', () => {
  it('drops epoch and Debian revision from the package version', () => {
    expect(upstreamVersion('0.12.3-1')).to.equal('0.12.3');
    expect(upstreamVersion('0.12.3-1+deb12u1')).to.equal('0.12.3');
    expect(upstreamVersion('1:23.01-1')).to.equal('23.01');
    expect(upstreamVersion('0.12.3')).to.equal('0.12.3');
  });

  it('lays ports out as the recipe does', () => {
    expect(labPorts(15222)).to.deep.equal({ c2s: 15222, directTls: 15223, s2s: 15269, s2sDirectTls: 15270, http: 15280, https: 15281 });
  });

  it('renders the STARTTLS and registration switches and binds loopback only', () => {
    const base = { dir: '/s', ports: labPorts(16222), cert: '/s/c.pem', key: '/s/k.pem', domains: ['localhost'], runAsRoot: false };
    const req = renderProsodyConfig({ ...base, starttls: 'required', registration: true });
    expect(req)
      .to.match(/^c2s_require_encryption = true$/m)
      .and.match(/^allow_registration = true$/m);
    expect(req)
      .to.match(/^interfaces = \{ "127\.0\.0\.1" \}$/m)
      .and.match(/^c2s_ports = \{ 16222 \}$/m);
    expect(req).to.include('authentication = "internal_plain"').and.include('VirtualHost "localhost"');
    const opt = renderProsodyConfig({ ...base, starttls: 'optional', registration: false });
    expect(opt)
      .to.match(/^c2s_require_encryption = false$/m)
      .and.match(/^allow_registration = false$/m);
  });

  it('refuses bad arguments with one line and exit 2', async () => {
    for (const args of [
      [],
      ['up'],
      ['start', 'prosody'],
      ['up', 'nope'],
      ['up', 'prosody', '--starttls', 'maybe'],
      ['up', 'prosody', '--registration', 'yes'],
      ['up', 'prosody', '--port-base', '80'],
      ['up', 'prosody', '--bogus'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.err.trim().split('\n'), args.join(' ')).to.have.length(1);
    }
  });

  it('status of an empty state root: not running, exit 3; down there is fine', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'xc-lab-empty-'));
    try {
      const st = await cli(['status', 'prosody', '--json', '--state', root, '--port-base', String(TEST_PORT_BASES.labProsodyEmpty)]);
      expect(st.code).to.equal(3);
      expect(JSON.parse(st.out)).to.include({ server: 'prosody', running: false });
      const down = await cli(['down', 'prosody', '--state', root, '--port-base', String(TEST_PORT_BASES.labProsodyEmpty)]);
      expect(down.code).to.equal(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('lab prosody @integration', function () {
  this.timeout(60000);
  // The bases the instances got (TEST_PORT_BASES unless busy: then a fallback).
  let portBase: number = TEST_PORT_BASES.labProsody;
  let optionalBase: number = TEST_PORT_BASES.labProsodyOptional;
  let stateRoot = '';
  let info: LabInfo;

  before(async function () {
    if (!existsSync('/usr/bin/prosody')) this.skip();
    stateRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-lab-'));
    const t0 = Date.now();
    info = await labUp('prosody', { stateRoot, portBase, portFallbacks: TEST_PORT_FALLBACKS });
    portBase = info.ports.c2s;
    console.log(`      (lab up: ${Date.now() - t0} ms, stream features after ${info.readyMs} ms)`);
  });

  after(async () => {
    if (!stateRoot) return;
    await labDown('prosody', { stateRoot, portBase }).catch(() => undefined);
    await labDown('prosody', { stateRoot, portBase: optionalBase }).catch(() => undefined);
    rmSync(stateRoot, { recursive: true, force: true });
  });

  it('returns the lab object of the first interface plus the added fields', () => {
    expect(info).to.include({
      server: 'prosody',
      target: `xmpp://127.0.0.1:${portBase}`,
      directTlsTarget: `xmpps://127.0.0.1:${portBase + 1}`,
      domain: 'localhost',
      starttls: 'required',
      registration: true,
      websocket: `ws://127.0.0.1:${portBase + 58}/xmpp-websocket`,
      bosh: `http://127.0.0.1:${portBase + 58}/http-bind`,
    });
    expect(info.version).to.match(/^\d+\.\d+(\.\d+)?$/);
    expect(info.accounts).to.have.length(3);
    info.accounts.forEach((a, i) => expect(a).to.match(new RegExp(`^${['alice', 'bob', 'carol'][i]}@localhost:[0-9a-f]{24}$`)));
    expect(info.dir.startsWith(stateRoot + path.sep)).to.equal(true);
    expect(pidAlive(info.pid)).to.equal(true);
    expect(JSON.parse(readFileSync(path.join(info.dir, 'lab.json'), 'utf8'))).to.deep.equal(info);
  });

  it('made a fresh self-signed certificate for localhost and 127.0.0.1', () => {
    const cert = new X509Certificate(readFileSync(info.ca));
    expect(cert.checkHost('localhost')).to.equal('localhost');
    expect(cert.checkIP('127.0.0.1')).to.equal('127.0.0.1');
    expect(cert.issuer).to.equal(cert.subject);
    expect(cert.verify(cert.publicKey)).to.equal(true);
  });

  it('answers a raw stream header with features that require STARTTLS', async () => {
    const features = await rawFeatures(portBase);
    expect(features).to.match(/<starttls xmlns=['"]urn:ietf:params:xml:ns:xmpp-tls['"]>\s*<required\/>\s*<\/starttls>/);
  });

  it('serves direct TLS with the lab certificate', async () => {
    const authorized = await new Promise<boolean>((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port: portBase + 1, servername: 'localhost', ca: readFileSync(info.ca) }, () => {
        resolve(s.authorized);
        s.destroy();
      });
      s.setTimeout(5000, () => {
        s.destroy();
        reject(new Error('direct TLS handshake timed out'));
      });
      s.on('error', reject);
    });
    expect(authorized).to.equal(true);
  });

  it('the accounts log in (SASL PLAIN over direct TLS; a wrong password is refused)', async () => {
    const login = (account: string, wrong = false) =>
      new Promise<string>((resolve, reject) => {
        const at = account.indexOf(':');
        const [user, pass] = [account.slice(0, at).split('@')[0] ?? '', account.slice(at + 1) + (wrong ? 'x' : '')];
        const s = tls.connect({ host: '127.0.0.1', port: portBase + 1, servername: 'localhost', ca: readFileSync(info.ca) });
        let buf = '';
        let sent = false;
        const timer = setTimeout(() => {
          s.destroy();
          reject(new Error(`no SASL outcome within 5 s: ${buf.slice(-200)}`));
        }, 5000);
        s.setEncoding('utf8');
        s.on('secureConnect', () =>
          s.write("<?xml version='1.0'?><stream:stream to='localhost' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"),
        );
        s.on('data', (d: string) => {
          buf += d;
          if (!sent && buf.includes('</stream:features>')) {
            sent = true;
            const payload = Buffer.from(`\0${user}\0${pass}`).toString('base64');
            s.write(`<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${payload}</auth>`);
          }
          const m = /<(success|failure)\b/.exec(buf);
          if (m) {
            clearTimeout(timer);
            s.destroy();
            resolve(m[1] ?? '');
          }
        });
        s.on('error', reject);
      });
    for (const a of info.accounts) expect(await login(a), a.split(':')[0]).to.equal('success');
    expect(await login(info.accounts[0] ?? '', true)).to.equal('failure');
  });

  it('status says running, in the API and on the CLI', async () => {
    const st = await labStatus('prosody', { stateRoot, portBase });
    expect(st.running).to.equal(true);
    expect(st.info?.pid).to.equal(info.pid);
    const r = await cli(['status', 'prosody', '--json', '--state', stateRoot, '--port-base', String(portBase)]);
    expect(r.code).to.equal(0);
    expect(JSON.parse(r.out)).to.include({ running: true, pid: info.pid, target: info.target });
  });

  it('a second up returns the running instance', async () => {
    const again = await labUp('prosody', { stateRoot, portBase });
    expect(again.pid).to.equal(info.pid);
    expect(again.accounts).to.deep.equal(info.accounts);
  });

  it('runs a second instance next to it: STARTTLS optional, no registration (CLI --json, one line)', async () => {
    const r = await cli([
      'up',
      'prosody',
      '--json',
      '--state',
      stateRoot,
      '--port-base',
      String(optionalBase),
      '--port-fallbacks',
      String(TEST_PORT_FALLBACKS),
      '--starttls',
      'optional',
      '--registration',
      'off',
    ]);
    expect(r.code, r.err).to.equal(0);
    const lines = r.out.split('\n').filter(Boolean);
    expect(lines).to.have.length(1);
    const other = JSON.parse(lines[0] ?? '') as LabInfo;
    optionalBase = other.ports.c2s;
    expect(other).to.include({ target: `xmpp://127.0.0.1:${optionalBase}`, starttls: 'optional', registration: false });
    expect(other.pid).to.not.equal(info.pid);
    const features = await rawFeatures(optionalBase);
    expect(features).to.match(/<starttls xmlns=['"]urn:ietf:params:xml:ns:xmpp-tls['"]/);
    expect(features).to.not.include('<required/>');
    expect(features).to.not.include('iq-register');
    const down = await cli(['down', 'prosody', '--state', stateRoot, '--port-base', String(optionalBase)]);
    expect(down.code).to.equal(0);
    expect(pidAlive(other.pid)).to.equal(false);
  });

  it('down stops it, removes the directory and frees the port; a second down is fine', async () => {
    const t0 = Date.now();
    const res = await labDown('prosody', { stateRoot, portBase });
    console.log(`      (lab down: ${Date.now() - t0} ms)`);
    expect(res).to.include({ stopped: info.pid, removed: true, killed: false });
    expect(existsSync(info.dir)).to.equal(false);
    expect(pidAlive(info.pid)).to.equal(false);
    expect(await portFree(portBase)).to.equal(true);
    const refused = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port: portBase });
      s.on('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.on('error', () => resolve(true));
    });
    expect(refused).to.equal(true);
    const again = await cli(['down', 'prosody', '--state', stateRoot, '--port-base', String(portBase)]);
    expect(again.code).to.equal(0);
    const st = await labStatus('prosody', { stateRoot, portBase });
    expect(st.running).to.equal(false);
  });
});
