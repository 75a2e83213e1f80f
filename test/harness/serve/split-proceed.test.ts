// Split writes in serve. Regression: with split writes, serve paused 1 ms after the last piece of <proceed/> before setting
// up its end of TLS, so a client that starts the handshake on that last byte had its ClientHello
// read as XML and the handshake never began (seen with slixmpp in split-tcp-reads, 1 run in 3).
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { AcceptedTransport, ClientListener, ClientPeer, makeServeCerts, type ServeCerts } from '../../../harness/serve/index.js';
import { Transcript } from '../../../harness/session/index.js';
import { el } from '../../../harness/xml/index.js';

const PROCEED = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";

describe('serve: split <proceed/> then TLS at once (split-tcp-reads regression)', function () {
  this.timeout(30_000);
  let dir: string;
  let certs: ServeCerts;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'xc-split-proceed-'));
    certs = await makeServeCerts(dir, 'localhost');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A serve peer for a raw client socket, its writes cut into `pieces`-byte TCP writes; both closed after `body`. */
  async function withPeer(pieces: number, body: (peer: ClientPeer, raw: net.Socket, accepted: net.Socket) => Promise<void>): Promise<void> {
    const listener = await ClientListener.listen('127.0.0.1', 0);
    const raw = net.connect(listener.port, '127.0.0.1');
    try {
      const sock = await listener.accept(5000, 'the test client');
      const peer = new ClientPeer(new AcceptedTransport(sock), {
        domain: 'localhost',
        timeout: 3000,
        account: { jid: 'tester@localhost', username: 'tester', password: 'x' },
        certs,
        transcript: new Transcript(),
        actor: 'client',
      });
      peer.splitWrites = pieces;
      try {
        await body(peer, raw, sock);
      } finally {
        peer.destroy();
      }
    } finally {
      raw.destroy();
      await listener.close();
    }
  }

  it('flushed() resolves before the event loop can read again after the last piece', async () => {
    // the deterministic form of the race: no macrotask (an I/O read) may run between the last
    // piece going out and flushed() resolving, since proceedTls starts TLS right after flushed()
    await withPeer(7, async (peer) => {
      let sent = 0;
      let readCouldRun = false;
      const send = peer.stream.sendRaw.bind(peer.stream);
      peer.stream.sendRaw = (d: string | Uint8Array): void => {
        send(d);
        sent += typeof d === 'string' ? Buffer.byteLength(d) : d.length;
        if (sent === Buffer.byteLength(PROCEED)) setImmediate(() => (readCouldRun = true));
      };
      peer.sendRaw(PROCEED);
      await peer.flushed();
      expect(readCouldRun, 'a macrotask ran between the last piece and flushed()').to.equal(false);
    });
  });

  for (const n of [1, 7]) {
    it(`completes the handshake when the client starts it on the last byte (${n}-byte pieces)`, async () => {
      await withPeer(n, async (peer, raw) => {
        // the client: ClientHello as soon as the whole <proceed/> is in, from inside the data handler
        const clientTls = new Promise<string>((resolve, reject) => {
          const deadline = setTimeout(() => reject(new Error('the client TLS handshake did not finish within 5000 ms')), 5000);
          deadline.unref();
          let got = '';
          const onData = (b: Buffer): void => {
            got += b.toString('utf8');
            if (!got.endsWith(PROCEED)) return;
            raw.removeListener('data', onData);
            const s = tls.connect({ socket: raw, ca: certs.ca, servername: 'localhost' }, () => {
              clearTimeout(deadline);
              resolve(s.getProtocol() ?? '');
            });
            s.on('error', reject);
          };
          raw.on('data', onData);
        });
        clientTls.catch(() => undefined); // judged below; never an unhandled rejection meanwhile
        const r = await peer.proceedTls('good');
        expect(r.ok, r.ok ? '' : r.error).to.equal(true);
        expect(await clientTls).to.match(/^TLSv1\.[23]$/);
      });
    });
  }

  it('after STARTTLS, cuts the TLS ciphertext (not the XML) into 7-byte TCP writes, handshake included', async () => {
    await withPeer(7, async (peer, raw, accepted) => {
      const sizes: number[] = [];
      let secureFrom = -1;
      const write = accepted.write.bind(accepted) as (b: Uint8Array | string) => boolean;
      (accepted as unknown as { write: (b: Uint8Array | string) => boolean }).write = (b) => {
        sizes.push(typeof b === 'string' ? Buffer.byteLength(b) : b.length);
        return write(b);
      };
      const got = new Promise<string>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error('no stanza over TLS within 5000 ms')), 5000);
        deadline.unref();
        let pre = '';
        const onData = (b: Buffer): void => {
          pre += b.toString('utf8');
          if (!pre.endsWith(PROCEED)) return;
          raw.removeListener('data', onData);
          const s = tls.connect({ socket: raw, ca: certs.ca, servername: 'localhost' });
          let text = '';
          s.on('data', (d: Buffer) => {
            text += d.toString('utf8');
            if (text.includes('</message>')) {
              clearTimeout(deadline);
              resolve(text);
            }
          });
          s.on('error', reject);
        };
        raw.on('data', onData);
      });
      got.catch(() => undefined);
      const r = await peer.proceedTls('good');
      expect(r.ok, r.ok ? '' : r.error).to.equal(true);
      secureFrom = sizes.length;
      peer.send(el('message', { id: 'm1' }, el('body', {}, 'cut me')));
      await peer.drained();
      expect(await got).to.contain('cut me');
      expect(sizes.length, 'some writes after the handshake').to.be.greaterThan(secureFrom);
      expect(Math.max(...sizes), 'every TCP write, TLS records included, at most 7 bytes').to.be.at.most(7);
      // a message of this size fits one TLS record of more than 30 bytes: it went out in several writes
      expect(sizes.length - secureFrom, 'the record cut into several writes').to.be.greaterThan(4);
    });
  });
});
