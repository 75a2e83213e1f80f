import { expect } from 'chai';
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import { LabDns, LabZone } from '../../../harness/dns/index.js';

type Decoded = dnsPacket.DecodedPacket & { rcode?: string };

function udpQuery(port: number, name: string, type: dnsPacket.RecordType): Promise<Decoded> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    const timer = setTimeout(() => {
      sock.close();
      reject(new Error('no DNS answer within 2000 ms'));
    }, 2000);
    sock.on('message', (msg) => {
      clearTimeout(timer);
      sock.close();
      resolve(dnsPacket.decode(msg));
    });
    sock.send(dnsPacket.encode({ type: 'query', id: 4242, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] }), port, '127.0.0.1');
  });
}

function tcpQuery(port: number, name: string, type: dnsPacket.RecordType): Promise<dnsPacket.Packet> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('no DNS answer within 2000 ms'));
    }, 2000);
    sock.on('data', (c) => {
      buf = Buffer.concat([buf, c]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        clearTimeout(timer);
        sock.destroy();
        resolve(dnsPacket.streamDecode(buf));
      }
    });
    sock.on('error', reject);
    sock.write(dnsPacket.streamEncode({ type: 'query', id: 7, questions: [{ type, name }] }));
  });
}

describe('lab DNS (harness/dns)', () => {
  let dns: LabDns;
  const zone = new LabZone('lab.test');
  before(async () => {
    zone.setAddresses('xc.lab.test', ['127.0.0.1', '::1']);
    zone.setSrv('_xmpp-server._tcp', 'xc.lab.test', [{ priority: 10, weight: 5, port: 15269, target: 'xc.lab.test' }]);
    dns = await LabDns.start(zone, '127.0.0.1', 0);
  });
  after(() => dns.stop());

  it('answers A, AAAA and SRV for lab names over UDP, authoritatively', async () => {
    const a = await udpQuery(dns.address.port, 'xc.lab.test', 'A');
    expect(a.id).to.equal(4242);
    expect(a.rcode).to.equal('NOERROR');
    expect(a.flag_aa).to.equal(true);
    expect(a.answers?.map((x) => (x as { data: unknown }).data)).to.deep.equal(['127.0.0.1']);
    const aaaa = await udpQuery(dns.address.port, 'XC.Lab.Test', 'AAAA');
    expect(aaaa.answers?.map((x) => (x as { data: unknown }).data)).to.deep.equal(['::1']);
    const srv = await udpQuery(dns.address.port, '_xmpp-server._tcp.xc.lab.test', 'SRV');
    expect(srv.answers?.[0]).to.include({ type: 'SRV', name: '_xmpp-server._tcp.xc.lab.test' });
    expect((srv.answers?.[0] as { data: unknown }).data).to.deep.include({ port: 15269, target: 'xc.lab.test', priority: 10, weight: 5 });
  });

  it('answers over TCP with the two-byte length framing', async () => {
    const srv = await tcpQuery(dns.address.port, '_xmpp-server._tcp.xc.lab.test', 'SRV');
    expect(srv.answers).to.have.length(1);
  });

  it('refuses every name outside the lab zone and forwards nothing', async () => {
    const r = await udpQuery(dns.address.port, 'example.com', 'A');
    expect(r.rcode).to.equal('REFUSED');
    expect(r.answers).to.have.length(0);
    const tricky = await udpQuery(dns.address.port, 'evil-lab.test', 'A');
    expect(tricky.rcode).to.equal('REFUSED');
    const notLocal = await udpQuery(dns.address.port, 'localhost.example.com', 'A');
    expect(notLocal.rcode).to.equal('REFUSED');
  });

  it("answers 'localhost' with the loopback addresses itself (RFC 6761 §6.3)", async () => {
    const a = await udpQuery(dns.address.port, 'localhost', 'A');
    expect(a.rcode).to.equal('NOERROR');
    expect(a.answers?.map((x) => (x as { data: unknown }).data)).to.deep.equal(['127.0.0.1']);
    const aaaa = await udpQuery(dns.address.port, 'localhost', 'AAAA');
    expect(aaaa.answers?.map((x) => (x as { data: unknown }).data)).to.deep.equal(['::1']);
  });

  it('says NXDOMAIN for a lab name without records, and records each question', async () => {
    const since = Date.now();
    const r = await udpQuery(dns.address.port, 'nobody.lab.test', 'A');
    expect(r.rcode).to.equal('NXDOMAIN');
    expect(zone.queries(since).map((q) => `${q.type} ${q.name} ${q.rcode}`)).to.include('A nobody.lab.test NXDOMAIN');
  });

  it('takes new records at once, and a "." SRV target as RFC 2782 writes it', async () => {
    const snap = zone.snapshot();
    zone.setSrv('_xmpp-server._tcp', 'gone.lab.test', [{ priority: 0, weight: 0, port: 0, target: '.' }]);
    const srv = await udpQuery(dns.address.port, '_xmpp-server._tcp.gone.lab.test', 'SRV');
    expect((srv.answers?.[0] as { data: { target: string } }).data.target).to.equal('.');
    zone.restore(snap);
    const after = await udpQuery(dns.address.port, '_xmpp-server._tcp.gone.lab.test', 'SRV');
    expect(after.rcode).to.equal('NXDOMAIN');
  });

  it('refuses to hold records outside its zone', () => {
    expect(() => zone.setAddresses('example.com', ['127.0.0.1'])).to.throw(/only names under lab.test/);
  });
});
