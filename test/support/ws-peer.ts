// A minimal RFC 6455 server for the WebSocket transport's tests: the upgrade (with or without the
// 'xmpp' subprotocol), unmasking of the client's text frames, and unmasked text frames back.
// Small messages only (under 64 KiB); enough to script a peer, not a general server.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface WsPeer {
  readonly url: string;
  /** text messages received from the client, in order */
  readonly received: string[];
  /** sends one text message to the connected client */
  send(text: string): void;
  /** resolves when `n` messages have arrived (or rejects after `ms`) */
  waitFor(n: number, ms?: number): Promise<string[]>;
  close(): Promise<void>;
}

function frame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const head = payload.length < 126 ? Buffer.from([0x81, payload.length]) : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, payload]);
}

/** Splits complete client frames off `buf`; returns the text messages and the rest. */
function unframe(buf: Buffer): { messages: string[]; rest: Buffer; closed: boolean } {
  const messages: string[] = [];
  let closed = false;
  let off = 0;
  while (buf.length - off >= 6) {
    const op = (buf[off] as number) & 0x0f;
    let len = (buf[off + 1] as number) & 0x7f;
    let p = off + 2;
    if (len === 126) {
      if (buf.length - off < 8) break;
      len = buf.readUInt16BE(p);
      p += 2;
    }
    if (buf.length < p + 4 + len) break;
    const mask = buf.subarray(p, p + 4);
    const data = Buffer.from(buf.subarray(p + 4, p + 4 + len));
    for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) ^ (mask[i % 4] as number);
    if (op === 1) messages.push(data.toString('utf8'));
    if (op === 8) closed = true;
    off = p + 4 + len;
  }
  return { messages, rest: buf.subarray(off), closed };
}

export async function startWsPeer(opts: { protocol?: string | null } = {}): Promise<WsPeer> {
  const received: string[] = [];
  let socket: Duplex | undefined;
  let wake: (() => void) | undefined;
  const server = http.createServer((_req, res) => res.writeHead(426).end());
  server.on('upgrade', (req, sock: Duplex) => {
    const key = String(req.headers['sec-websocket-key'] ?? '');
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    const protocol = opts.protocol === undefined ? 'xmpp' : opts.protocol;
    sock.write(
      [
        'HTTP/1.1 101 Switching Protocols',
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Accept: ${accept}`,
        ...(protocol ? [`Sec-WebSocket-Protocol: ${protocol}`] : []),
        '',
        '',
      ].join('\r\n'),
    );
    socket = sock;
    let pending: Buffer = Buffer.alloc(0);
    sock.on('data', (chunk: Buffer) => {
      const r = unframe(Buffer.concat([pending, chunk]));
      pending = r.rest;
      received.push(...r.messages);
      if (r.closed) sock.end(Buffer.from([0x88, 0x02, 0x03, 0xe8]));
      wake?.();
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/xmpp-websocket`,
    received,
    send: (text) => socket?.write(frame(text)),
    async waitFor(n, ms = 3000) {
      const until = Date.now() + ms;
      while (received.length < n) {
        if (Date.now() > until) throw new Error(`ws peer: ${received.length} of ${n} messages within ${ms} ms: ${JSON.stringify(received)}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      return received.slice(0, n);
    },
    close: () =>
      new Promise<void>((resolve) => {
        socket?.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
