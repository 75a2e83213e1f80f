// The lab DNS: an authoritative server for the lab zone on a loopback address, over UDP and TCP
// (RFC 1035 §4.2; TCP messages carry a two-byte length). Wire format by dns-packet. It answers
// from a LabZone and forwards nothing: a name outside the zone gets REFUSED.
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import { HarnessError } from '../errors.js';
import { LabZone, type Answer, type Rcode } from './zone.js';

const RCODE: Record<Rcode, number> = { NOERROR: 0, NXDOMAIN: 3, REFUSED: 5 };
const FORMERR = 1;
/** A DNS message over TCP is at most 65535 bytes; a client sends one or a few. */
const TCP_BUFFER_CAP = 64 * 1024;
const TCP_IDLE_MS = 5_000;
const MAX_TCP_CONNECTIONS = 64;
/** One second: records stay put during a run (see harness/s2s/inbound.ts), and a change is seen soon. */
const TTL = 1;

export interface LabDnsAddress {
  readonly host: string;
  readonly port: number;
}

function toWire(a: Answer): dnsPacket.Answer {
  if (a.type === 'SRV') return { type: 'SRV', name: a.name, ttl: TTL, class: 'IN', data: { ...a.data } };
  return { type: a.type, name: a.name, ttl: TTL, class: 'IN', data: a.data };
}

/** The answer to one query message; undefined when the message is not a query at all. */
export function answerQuery(zone: LabZone, message: Buffer): Buffer | undefined {
  let query: dnsPacket.DecodedPacket;
  try {
    query = dnsPacket.decode(message);
  } catch {
    if (message.length < 2) return undefined;
    // Unparseable: FORMERR with the id echoed, as RFC 1035 §4.1.1 allows.
    return dnsPacket.encode({ type: 'response', id: message.readUInt16BE(0), flags: FORMERR, questions: [], answers: [] });
  }
  if (query.type !== 'query') return undefined;
  const q = query.questions?.[0];
  if (!q || (query.questions?.length ?? 0) !== 1) {
    return dnsPacket.encode({ type: 'response', id: query.id ?? 0, flags: FORMERR, questions: query.questions ?? [], answers: [] });
  }
  const found = zone.lookup(q.name, q.type);
  const rd = (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
  const aa = found.rcode === 'REFUSED' ? 0 : dnsPacket.AUTHORITATIVE_ANSWER;
  return dnsPacket.encode({
    type: 'response',
    id: query.id ?? 0,
    flags: rd | aa | RCODE[found.rcode],
    questions: [q],
    answers: found.answers.map(toWire),
  });
}

export class LabDns {
  private constructor(
    readonly zone: LabZone,
    private readonly udp: dgram.Socket,
    private readonly tcp: net.Server,
    readonly address: LabDnsAddress,
  ) {}

  /** Binds UDP and TCP on host:port (port 0: one the kernel picks, the same for both). */
  static async start(zone: LabZone, host = '127.0.0.1', port = 0): Promise<LabDns> {
    if (!net.isIP(host)) throw new HarnessError('USAGE', `the lab DNS listens on an IP address, not '${host}'`);
    const udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', (e) => reject(new HarnessError('USAGE', `the lab DNS cannot listen on udp ${host}:${port}: ${e.message}`)));
      udp.bind(port, host, () => resolve());
    });
    const bound = udp.address().port;
    udp.on('message', (msg, rinfo) => {
      const reply = answerQuery(zone, msg);
      if (reply) udp.send(reply, rinfo.port, rinfo.address);
    });
    udp.on('error', () => undefined);
    const tcp = net.createServer({ pauseOnConnect: false }, (sock) => serveTcp(zone, sock));
    tcp.maxConnections = MAX_TCP_CONNECTIONS;
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', (e) => reject(new HarnessError('USAGE', `the lab DNS cannot listen on tcp ${host}:${bound}: ${e.message}`)));
        tcp.listen(bound, host, () => resolve());
      });
    } catch (e) {
      udp.close();
      throw e;
    }
    return new LabDns(zone, udp, tcp, { host, port: bound });
  }

  async stop(): Promise<void> {
    await Promise.all([new Promise<void>((resolve) => this.udp.close(() => resolve())), new Promise<void>((resolve) => this.tcp.close(() => resolve()))]);
  }
}

function serveTcp(zone: LabZone, sock: net.Socket): void {
  let buf = Buffer.alloc(0);
  sock.setTimeout(TCP_IDLE_MS, () => sock.destroy());
  sock.on('error', () => undefined);
  sock.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    if (buf.length > TCP_BUFFER_CAP) return void sock.destroy();
    while (buf.length >= 2) {
      const len = buf.readUInt16BE(0);
      if (buf.length < 2 + len) break;
      const reply = answerQuery(zone, buf.subarray(2, 2 + len));
      buf = buf.subarray(2 + len);
      if (!reply) return void sock.destroy();
      const framed = Buffer.alloc(2 + reply.length);
      framed.writeUInt16BE(reply.length, 0);
      reply.copy(framed, 2);
      sock.write(framed);
    }
  });
}
