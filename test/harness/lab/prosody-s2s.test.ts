// The lab Prosody's federating side: s2s listeners, the lab CA, SASL EXTERNAL for a peer whose
// certificate the lab CA issued, and name lookups that go only to the lab DNS. The peer is written
// here by hand (node:net/node:tls and the project's stream parser), independent of harness/session.
import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type tls from 'node:tls';
import { LabDns, LabZone } from '../../../harness/dns/index.js';
import { labDnsPort, labDown, labUp, renderProsodyConfig, s2sRunArgs, labPorts, type LabInfo, type LabS2s } from '../../../harness/lab/index.js';
import { adoptCa, issueCert, selfSignedCert } from '../../../harness/pki/index.js';
import { child, type XmlElement } from '../../../harness/xml/index.js';
import { NS_TLS, PEER_DOMAIN, Peer, errorCondition, login, mechanisms, s2sLog } from '../../support/s2s-peer.js';
import { runLab } from '../../../harness/cli/lab.js';
import { TEST_PORT_BASES, TEST_PORT_FALLBACKS } from '../../support/ports.js';

describe('lab prosody s2s (no server)', () => {
  const s2s = { domain: 'prosody.lab.test', cert: '/s/s2s.pem', key: '/s/s2s-key.pem', ca: '/s/ca.pem', dnsPort: 16575 } as const;
  const base = {
    dir: '/s',
    ports: labPorts(16522),
    cert: '/s/c.pem',
    key: '/s/k.pem',
    domains: ['localhost'],
    runAsRoot: false,
    starttls: 'required',
    registration: true,
  } as const;

  it('without s2s the config keeps s2s off', () => {
    const cfg = renderProsodyConfig(base);
    expect(cfg)
      .to.match(/^modules_disabled = \{ "s2s" \}$/m)
      .and.not.include('unbound');
  });

  it('with s2s: dialback and bidi on, TLS required, the switch decides s2s_secure_auth, only the lab DNS is asked', () => {
    const allowed = renderProsodyConfig({ ...base, s2s: { ...s2s, auth: 'dialback-allowed' } });
    expect(allowed).to.not.include('modules_disabled');
    expect(allowed).to.include('"dialback"; "s2s_bidi";');
    expect(allowed)
      .to.match(/^s2s_require_encryption = true$/m)
      .and.match(/^s2s_secure_auth = false$/m);
    expect(allowed).to.include('resolvconf = false;').and.include('hoststxt = false;').and.include('forward = { "127.0.0.1@16575" };');
    expect(allowed).to.include('["do-not-query-localhost:"] = "no";').and.include('"lab.test. transparent"');
    expect(allowed).to.include('VirtualHost "prosody.lab.test"').and.include('cafile = "/s/ca.pem"');
    const required = renderProsodyConfig({ ...base, s2s: { ...s2s, auth: 'certs-required' } });
    expect(required).to.match(/^s2s_secure_auth = true$/m);
  });

  it('the lab DNS port is base+53, inside the layout and on no other lab port', () => {
    expect(labDnsPort(16522)).to.equal(16575);
    expect(Object.values(labPorts(16522))).to.not.include(16575);
    expect(16575).to.not.equal(16522 + 2); // ejabberd's Erlang distribution, jabberd2's router
  });

  it('s2sRunArgs names target, domain, CA, CA key, DNS, every account and the direct-TLS s2s port where there is one', () => {
    const s: LabS2s = {
      target: 'xmpp://127.0.0.1:1',
      directTlsTarget: 'xmpps://127.0.0.1:2',
      domain: 'd.lab.test',
      accounts: ['a@d.lab.test:p', 'b@d.lab.test:q'],
      auth: 'dialback-allowed',
      dns: '127.0.0.1:3',
      ca: '/c',
      caKey: '/k',
    };
    const common = [
      '--s2s-target',
      'xmpp://127.0.0.1:1',
      '--s2s-target-domain',
      'd.lab.test',
      '--s2s-ca',
      '/c',
      '--s2s-ca-key',
      '/k',
      '--lab-dns',
      '127.0.0.1:3',
      '--s2s-account',
      'a@d.lab.test:p',
      '--s2s-account',
      'b@d.lab.test:q',
    ];
    expect(s2sRunArgs(s)).to.deep.equal([...common, '--s2s-direct-tls-target', 'xmpps://127.0.0.1:2']);
    const { directTlsTarget: _none, ...noDirect } = s;
    expect(s2sRunArgs(noDirect)).to.deep.equal(common);
  });

  it('lab up refuses an unknown --s2s-auth with one line and exit 2', async () => {
    let err = '';
    const sink = (f: (s: string) => void) => new Writable({ write: (chunk: Buffer | string, _enc, cb) => (f(chunk.toString()), cb()) });
    const code = await runLab(['up', 'prosody', '--s2s-auth', 'maybe'], { stdout: sink(() => undefined), stderr: sink((s) => (err += s)) });
    expect(code).to.equal(2);
    expect(err.trim().split('\n')).to.have.length(1);
    expect(err).to.include('--s2s-auth must be certs-required or dialback-allowed');
  });
});

describe('lab prosody s2s @integration', function () {
  this.timeout(60000);
  let portBase: number = TEST_PORT_BASES.labProsodyS2s;
  let stateRoot = '';
  let info: LabInfo;
  let s2s: LabS2s;
  let certDir = '';

  before(async function () {
    if (!existsSync('/usr/bin/prosody')) this.skip();
    stateRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-lab-s2s-'));
    certDir = mkdtempSync(path.join(os.tmpdir(), 'xc-lab-s2s-certs-'));
    info = await labUp('prosody', { stateRoot, portBase, portFallbacks: TEST_PORT_FALLBACKS });
    portBase = info.ports.c2s;
    if (!info.s2s) throw new Error('lab up prosody returned no s2s side');
    s2s = info.s2s;
  });

  after(async () => {
    if (stateRoot) {
      await labDown('prosody', { stateRoot, portBase }).catch(() => undefined);
      rmSync(stateRoot, { recursive: true, force: true });
    }
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  it('LabInfo.s2s and s2sRunArgs describe the federating side', () => {
    expect(s2s).to.include({
      target: `xmpp://127.0.0.1:${portBase + 47}`,
      directTlsTarget: `xmpps://127.0.0.1:${portBase + 48}`,
      domain: 'prosody.lab.test',
      auth: 'dialback-allowed',
      dns: `127.0.0.1:${portBase + 53}`,
    });
    expect(s2s.accounts).to.have.length(3);
    s2s.accounts.forEach((a, i) => expect(a).to.match(new RegExp(`^${['alice', 'bob', 'carol'][i]}@prosody\\.lab\\.test:[0-9a-f]{24}$`)));
    expect(info.s2sRunArgs).to.deep.equal(s2sRunArgs(s2s));
    expect(JSON.parse(readFileSync(path.join(info.dir, 'lab.json'), 'utf8'))).to.deep.equal(info);
  });

  it('the s2s certificate names prosody.lab.test and chains to the lab CA; the c2s certificate names it too', () => {
    const ca = new X509Certificate(readFileSync(s2s.ca));
    expect(ca.ca).to.equal(true);
    const c2s = new X509Certificate(readFileSync(info.ca));
    expect(c2s.checkHost('prosody.lab.test')).to.equal('prosody.lab.test');
    expect(c2s.checkHost('localhost')).to.equal('localhost');
  });

  it('answers a jabber:server stream header with a jabber:server header and required STARTTLS', async () => {
    expect(s2s.target).to.equal(`xmpp://127.0.0.1:${info.ports.s2s}`);
    const peer = await Peer.connect(info.ports.s2s);
    try {
      const { header, decl, features } = await peer.open('jabber:server', PEER_DOMAIN, 'prosody.lab.test');
      expect(header.name).to.equal('stream');
      expect(decl['']).to.equal('jabber:server');
      expect(header.attrs['from']).to.equal('prosody.lab.test');
      const starttls = child(features, 'starttls', NS_TLS);
      expect(starttls, 'STARTTLS offered').to.not.equal(undefined);
      expect(child(starttls as XmlElement, 'required'), 'STARTTLS required').to.not.equal(undefined);
    } finally {
      peer.close();
    }
  });

  /** STARTTLS on the s2s port presenting `clientCert`, then the restarted stream's features. */
  async function featuresAfterTls(clientCert: { cert: string; key: string }): Promise<{ features: XmlElement; serverAuthorized: boolean }> {
    const peer = await Peer.connect(info.ports.s2s);
    try {
      await peer.open('jabber:server', PEER_DOMAIN, 'prosody.lab.test');
      const secure = await peer.startTls({ servername: 'prosody.lab.test', ca: readFileSync(s2s.ca), cert: clientCert.cert, key: clientCert.key });
      const { features } = await peer.open('jabber:server', PEER_DOMAIN, 'prosody.lab.test');
      return { features, serverAuthorized: secure.authorized };
    } finally {
      peer.close();
    }
  }

  it('after STARTTLS with a lab-CA certificate for xc.lab.test, the restarted stream offers SASL EXTERNAL', async () => {
    const ca = adoptCa(path.join(certDir, 'ca'), s2s.ca, s2s.caKey);
    const good = await issueCert(ca, { stem: 'xc', name: PEER_DOMAIN, usage: 'server-client' });
    const { features, serverAuthorized } = await featuresAfterTls(good);
    expect(serverAuthorized, 'the server certificate verifies against LabInfo.s2s.ca for prosody.lab.test').to.equal(true);
    expect(mechanisms(features)).to.include('EXTERNAL');
  });

  it('with a self-signed certificate it offers no EXTERNAL (dialback-allowed: dialback instead)', async () => {
    const bad = await selfSignedCert(path.join(certDir, 'self'), { stem: 'xc-self', name: PEER_DOMAIN, usage: 'server-client' });
    const { features } = await featuresAfterTls(bad);
    expect(mechanisms(features)).to.not.include('EXTERNAL');
    expect(child(features, 'dialback', 'urn:xmpp:features:dialback'), 'dialback offered').to.not.equal(undefined);
  });

  it('serves s2s direct TLS (XEP-0368) with the lab-CA certificate', async () => {
    const ca = adoptCa(path.join(certDir, 'ca'), s2s.ca, s2s.caKey);
    const good = await issueCert(ca, { stem: 'xc-direct', name: PEER_DOMAIN, usage: 'server-client' });
    const peer = await Peer.connect(info.ports.s2sDirectTls, {
      servername: 'prosody.lab.test',
      ca: readFileSync(s2s.ca),
      cert: good.cert,
      key: good.key,
      ALPNProtocols: ['xmpp-server'],
    });
    try {
      expect((peer.socket as tls.TLSSocket).authorized).to.equal(true);
      const { features } = await peer.open('jabber:server', PEER_DOMAIN, 'prosody.lab.test');
      expect(mechanisms(features)).to.include('EXTERNAL');
    } finally {
      peer.close();
    }
  });

  it('with nobody serving the lab DNS, a message to a lab domain bounces quickly (no hang, no other resolver)', async () => {
    const alice = await login(info, s2s.accounts[0] ?? '');
    try {
      const t0 = Date.now();
      alice.send(`<message to='someone@nobody-home.lab.test' id='m-gone' type='chat'><body>hi</body></message>`);
      const bounce = await alice.until('the bounce', (el) => el.name === 'message' && el.attrs['id'] === 'm-gone');
      expect(errorCondition(bounce)).to.equal('remote-server-not-found');
      expect(Date.now() - t0).to.be.below(4000);
      alice.send(`<message to='someone@example.invalid' id='m-invalid' type='chat'><body>hi</body></message>`);
      const invalid = await alice.until('the bounce', (el) => el.name === 'message' && el.attrs['id'] === 'm-invalid');
      expect(errorCondition(invalid)).to.equal('remote-server-not-found');
    } finally {
      alice.close();
    }
  });

  it('with a lab DNS served on LabInfo.s2s.dns, a message to someone@xc.lab.test makes Prosody ask for _xmpp-server._tcp.xc.lab.test', async () => {
    const zone = new LabZone();
    const [host = '', port = ''] = s2s.dns.split(':');
    const dns = await LabDns.start(zone, host, Number(port));
    // libunbound keeps a forwarder that just failed (the test before) marked down for up to a
    // second (its clock has whole seconds), so the lab DNS is asked again only after that.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const alice = await login(info, s2s.accounts[0] ?? '');
    try {
      const t0 = Date.now();
      alice.send(`<message to='someone@${PEER_DOMAIN}' id='m-xc' type='chat'><body>hi</body></message>`);
      // The zone has no records for it: NXDOMAIN, and Prosody bounces the message.
      const bounce = await alice.until('the bounce', (el) => el.name === 'message' && el.attrs['id'] === 'm-xc');
      expect(errorCondition(bounce)).to.equal('remote-server-not-found');
      const asked = zone.queries(t0).map((q) => `${q.type} ${q.name}`);
      expect(asked, `lab DNS queries; Prosody's s2s log: ${s2sLog(info.dir)}`).to.include(`SRV _xmpp-server._tcp.${PEER_DOMAIN}`);
      // Nothing outside the lab zone was asked.
      expect(zone.queries(t0).filter((q) => q.rcode === 'REFUSED')).to.deep.equal([]);
    } finally {
      alice.close();
      await dns.stop();
    }
  });
});

describe('lab prosody s2s certs-required @integration', function () {
  this.timeout(60000);
  let portBase: number = TEST_PORT_BASES.labProsodyS2sCerts;
  let stateRoot = '';
  let certDir = '';
  let info: LabInfo;

  before(async function () {
    if (!existsSync('/usr/bin/prosody')) this.skip();
    stateRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-lab-s2s-certs-'));
    certDir = mkdtempSync(path.join(os.tmpdir(), 'xc-lab-s2s-certs-peer-'));
    let out = '';
    const sink = (f: (s: string) => void) => new Writable({ write: (chunk: Buffer | string, _enc, cb) => (f(chunk.toString()), cb()) });
    const code = await runLab(
      [
        'up',
        'prosody',
        '--json',
        '--s2s-auth',
        'certs-required',
        '--state',
        stateRoot,
        '--port-base',
        String(portBase),
        '--port-fallbacks',
        String(TEST_PORT_FALLBACKS),
      ],
      { stdout: sink((s) => (out += s)), stderr: sink(() => undefined) },
    );
    if (code !== 0) throw new Error(`lab up --s2s-auth certs-required exited ${code}`);
    info = JSON.parse(out) as LabInfo;
    portBase = info.ports.c2s;
  });

  after(async () => {
    if (stateRoot) {
      await labDown('prosody', { stateRoot, portBase }).catch(() => undefined);
      rmSync(stateRoot, { recursive: true, force: true });
    }
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  it('records the switch in LabInfo and renders s2s_secure_auth = true', () => {
    expect(info.s2s?.auth).to.equal('certs-required');
    expect(readFileSync(path.join(info.dir, 'prosody.cfg.lua'), 'utf8')).to.match(/^s2s_secure_auth = true$/m);
  });

  it('a peer with a self-signed certificate is refused after STARTTLS (stream error); a lab-CA one gets EXTERNAL', async () => {
    const s2s = info.s2s as LabS2s;
    const features = async (cert: { cert: string; key: string }): Promise<XmlElement> => {
      const peer = await Peer.connect(info.ports.s2s);
      try {
        await peer.open('jabber:server', PEER_DOMAIN, s2s.domain);
        await peer.startTls({ servername: s2s.domain, ca: readFileSync(s2s.ca), cert: cert.cert, key: cert.key });
        return (await peer.openAny('jabber:server', PEER_DOMAIN, s2s.domain)).first;
      } finally {
        peer.close();
      }
    };
    // RFC 6120 §13.7.2 / s2s_secure_auth: a certificate that does not chain to a trusted CA ends the
    // stream (Prosody: <not-authorized/>) instead of leaving dialback as a way in.
    const self = await features(await selfSignedCert(path.join(certDir, 'self'), { stem: 'xc-self', name: PEER_DOMAIN, usage: 'server-client' }));
    expect(self.name, JSON.stringify(self)).to.equal('error');
    expect(child(self, 'not-authorized', 'urn:ietf:params:xml:ns:xmpp-streams'), JSON.stringify(self)).to.not.equal(undefined);
    const ca = adoptCa(path.join(certDir, 'ca'), s2s.ca, s2s.caKey);
    const good = await features(await issueCert(ca, { stem: 'xc', name: PEER_DOMAIN, usage: 'server-client' }));
    expect(mechanisms(good)).to.include('EXTERNAL');
  });
});
