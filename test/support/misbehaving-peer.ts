// Raw peers that break the stream right after its header, each in one way: the server that answers
// the header and then sends no features, resets the connection, redirects at once with
// <see-other-host/>, sends a first element over the harness's size cap, or nests deeper than its
// depth cap; and the client that does the same to `serve`. Loopback only, port from the kernel.
import net from 'node:net';

export const MISBEHAVIOURS = ['no-features', 'reset', 'see-other-host', 'oversize', 'too-deep'] as const;
export type Misbehaviour = (typeof MISBEHAVIOURS)[number];

const NS_STREAMS = 'http://etherx.jabber.org/streams';
/** more than the stream parser's maxElementBytes (1 MiB) */
const OVERSIZE_BYTES = 1_100_000;
/** more than the stream parser's maxDepth (64) */
const TOO_DEEP = 100;

function header(ns: 'jabber:client', extra: string): string {
  return `<?xml version='1.0'?><stream:stream xmlns='${ns}' xmlns:stream='${NS_STREAMS}' version='1.0'${extra}>`;
}

/** What the peer writes after its header, or 'reset' / nothing. */
function misbehave(socket: net.Socket, how: Misbehaviour, firstElement: string): void {
  switch (how) {
    case 'no-features':
      return;
    case 'reset':
      socket.resetAndDestroy();
      return;
    case 'see-other-host':
      socket.end(`<stream:error><see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>127.0.0.1:1</see-other-host></stream:error></stream:stream>`);
      return;
    case 'oversize':
      socket.write(`<${firstElement}><x xmlns='urn:example:big'>${'a'.repeat(OVERSIZE_BYTES)}</x></${firstElement}>`);
      return;
    case 'too-deep':
      socket.write(`<${firstElement}>${'<a>'.repeat(TOO_DEEP)}`);
      return;
  }
}

export interface MisbehavingServer {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** A server that answers the client's first bytes with a stream header, then misbehaves `how`. */
export async function misbehavingServer(how: Misbehaviour, domain = 'localhost'): Promise<MisbehavingServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => {
      socket.write(header('jabber:client', ` from='${domain}' id='misbehaving-${how}'`));
      misbehave(socket, how, 'stream:features');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `xmpp://127.0.0.1:${port}`,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A client that connects to `port`, sends its stream header, then misbehaves `how`; resolves when the server closes (or after `limitMs`). */
export function misbehavingClient(port: number, how: Misbehaviour, domain: string, limitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const timer = setTimeout(() => socket.destroy(), limitMs);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    // read (and drop) what the server sends: a socket nobody reads never sees the server's close,
    // and would sit out `limitMs` after the server has gone
    socket.resume();
    socket.on('connect', () => {
      socket.write(header('jabber:client', ` to='${domain}'`));
      // see-other-host is the server's to send; the client's nearest equivalent is closing at once
      if (how === 'see-other-host') {
        socket.end('</stream:stream>');
        return;
      }
      misbehave(socket, how, 'iq');
    });
  });
}
