// The lab ejabberd's federating side: s2s listeners with the lab CA's certificate, SASL EXTERNAL
// for a peer whose certificate the lab CA issued, and s2s lookups that go only to the lab DNS.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type tls from 'node:tls';
import { LabDns, LabZone } from '../../../harness/dns/index.js';
import { labDown, labPorts, labUp, renderEjabberdYml, renderInetrc, s2sRunArgs, type LabInfo, type LabS2s } from '../../../harness/lab/index.js';
import { adoptCa, issueCert, selfSignedCert } from '../../../harness/pki/index.js';
import { child, type XmlElement } from '../../../harness/xml/index.js';
import { NS_SASL, NS_TLS, PEER_DOMAIN, Peer, errorCondition, login, mechanisms, s2sLog } from '../../support/s2s-peer.js';
import { TEST_PORT_BASES, TEST_PORT_FALLBACKS } from '../../support/ports.js';

describe('lab ejabberd s2s (no server)', () => {
  const base = {
    dir: '/s',
    ports: labPorts(26422),
    distPort: 26424,
    starttls: 'required',
    registration: true,
    combinedPem: '/s/c.pem',
    domains: ['localhost'],
    nodeName: 'n@localhost',
  } as const;

  it('with s2s: listeners on both s2s ports, STARTTLS required, the lab CA, dialback only when allowed', () => {
    const allowed = renderEjabberdYml({ ...base, s2s: { domain: 'ejabberd.lab.test', combinedPem: '/s/s2s.pem', ca: '/s/ca.pem', auth: 'dialback-allowed' } });
    expect(allowed).to.include('module: ejabberd_s2s_in').and.include('port: 26469').and.include('port: 26470');
    expect(allowed).to.include('s2s_use_starttls: required').and.include('s2s_cafile: "/s/ca.pem"').and.include('- "/s/s2s.pem"');
    expect(allowed).to.include('mod_s2s_dialback: {}');
    const required = renderEjabberdYml({ ...base, s2s: { domain: 'ejabberd.lab.test', combinedPem: '/s/s2s.pem', ca: '/s/ca.pem', auth: 'certs-required' } });
    expect(required).to.not.include('mod_s2s_dialback');
  });

  it('the Erlang resolver asks only 127.0.0.1 on the lab DNS port, never resolv.conf', () => {
    const rc = renderInetrc(['localhost'], 26475);
    expect(rc).to.include('{nameserver, {127,0,0,1}, 26475}.').and.include('{resolv_conf, ""}.');
    expect(rc.match(/nameserver/g)).to.have.length(1);
  });
});

describe('lab ejabberd s2s @integration', function () {
  this.timeout(90000);
  let portBase: number = TEST_PORT_BASES.labEjabberdS2s;
  let stateRoot = '';
  let certDir = '';
  let info: LabInfo;
  let s2s: LabS2s;

  before(async function () {
    if (!existsSync('/usr/sbin/ejabberdctl') || process.getuid?.() !== 0) this.skip();
    stateRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-lab-ej-s2s-'));
    certDir = mkdtempSync(path.join(os.tmpdir(), 'xc-lab-ej-s2s-certs-'));
    info = await labUp('ejabberd', { stateRoot, portBase, portFallbacks: TEST_PORT_FALLBACKS });
    portBase = info.ports.c2s;
    if (!info.s2s) throw new Error('lab up ejabberd returned no s2s side');
    s2s = info.s2s;
  });

  after(async () => {
    if (stateRoot) {
      await labDown('ejabberd', { stateRoot, portBase }).catch(() => undefined);
      rmSync(stateRoot, { recursive: true, force: true });
    }
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  it('LabInfo.s2s and s2sRunArgs describe the federating side', () => {
    expect(s2s).to.include({
      target: `xmpp://127.0.0.1:${portBase + 47}`,
      directTlsTarget: `xmpps://127.0.0.1:${portBase + 48}`,
      domain: 'ejabberd.lab.test',
      auth: 'dialback-allowed',
      dns: `127.0.0.1:${portBase + 53}`,
    });
    s2s.accounts.forEach((a, i) => expect(a).to.match(new RegExp(`^${['alice', 'bob', 'carol'][i]}@ejabberd\\.lab\\.test:[0-9a-f]{24}$`)));
    expect(info.s2sRunArgs).to.deep.equal(s2sRunArgs(s2s));
  });

  /** STARTTLS on the s2s port presenting `cert`, the restarted stream's features, then SASL EXTERNAL's outcome. */
  async function externalAfterTls(cert: { cert: string; key: string }): Promise<{ features: XmlElement; outcome: string; authorized: boolean }> {
    const peer = await Peer.connect(info.ports.s2s);
    try {
      const { decl, features: plain } = await peer.open('jabber:server', PEER_DOMAIN, s2s.domain);
      expect(decl['']).to.equal('jabber:server');
      const starttls = child(plain, 'starttls', NS_TLS);
      expect(starttls, 'STARTTLS offered').to.not.equal(undefined);
      expect(child(starttls as XmlElement, 'required'), 'STARTTLS required').to.not.equal(undefined);
      const secure: tls.TLSSocket = await peer.startTls({ servername: s2s.domain, ca: readFileSync(s2s.ca), cert: cert.cert, key: cert.key });
      const { features } = await peer.open('jabber:server', PEER_DOMAIN, s2s.domain);
      if (!mechanisms(features).includes('EXTERNAL')) return { features, outcome: 'not offered', authorized: secure.authorized };
      // RFC 6120 §6.4.2 (s2s): the initiating server authenticates as its domain with EXTERNAL.
      peer.send(`<auth xmlns='${NS_SASL}' mechanism='EXTERNAL'>${Buffer.from(PEER_DOMAIN).toString('base64')}</auth>`);
      const outcome = await peer.element('SASL outcome');
      return { features, outcome: outcome.name, authorized: secure.authorized };
    } finally {
      peer.close();
    }
  }

  it('jabber:server header, required STARTTLS; then SASL EXTERNAL succeeds for a lab-CA certificate for xc.lab.test', async () => {
    const ca = adoptCa(path.join(certDir, 'ca'), s2s.ca, s2s.caKey);
    const good = await issueCert(ca, { stem: 'xc', name: PEER_DOMAIN, usage: 'server-client' });
    const { features, outcome, authorized } = await externalAfterTls(good);
    expect(authorized, 'the server certificate verifies against LabInfo.s2s.ca').to.equal(true);
    expect(outcome, JSON.stringify(features)).to.equal('success');
  });

  it('SASL EXTERNAL fails for a self-signed certificate (ejabberd offers it, then checks the certificate)', async () => {
    const bad = await selfSignedCert(path.join(certDir, 'self'), { stem: 'xc-self', name: PEER_DOMAIN, usage: 'server-client' });
    const { outcome } = await externalAfterTls(bad);
    expect(outcome).to.not.equal('success');
  });

  it('with a lab DNS served on LabInfo.s2s.dns, a message to someone@xc.lab.test makes ejabberd ask for _xmpp-server._tcp.xc.lab.test', async () => {
    const zone = new LabZone();
    const [host = '', port = ''] = s2s.dns.split(':');
    const dns = await LabDns.start(zone, host, Number(port));
    const alice = await login(info, s2s.accounts[0] ?? '', s2s.ca);
    try {
      const t0 = Date.now();
      alice.send(`<message to='someone@${PEER_DOMAIN}' id='m-xc' type='chat'><body>hi</body></message>`);
      const bounce = await alice.until('the bounce', (el) => el.name === 'message' && el.attrs['id'] === 'm-xc');
      expect(errorCondition(bounce)).to.equal('remote-server-not-found');
      const asked = zone.queries(t0).map((q) => `${q.type} ${q.name}`);
      expect(asked, `lab DNS queries; ejabberd's log: ${s2sLog(info.dir, 'log/ejabberd.log')}`).to.include(`SRV _xmpp-server._tcp.${PEER_DOMAIN}`);
      expect(zone.queries(t0).filter((q) => q.rcode === 'REFUSED')).to.deep.equal([]);
    } finally {
      alice.close();
      await dns.stop();
    }
  });
});
