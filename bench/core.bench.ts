// The core's hot paths: the stream parser on stanza traffic (cut into TCP-sized chunks), the
// serializer, and a full SCRAM-SHA-256 exchange (client and server side, 4096 iterations).
import { createClientMechanism, createServerMechanism } from '../harness/sasl/index.js';
import { StreamParser, el, serialize, streamOpen } from '../harness/xml/index.js';
import type { Benchmark } from './types.js';

const STANZAS = 20_000;

function traffic(): Buffer {
  const parts = [streamOpen({ from: 'localhost', id: 'bench', version: '1.0' }, { ns: 'jabber:client' })];
  for (let i = 0; i < STANZAS; i++) {
    parts.push(
      i % 2 === 0
        ? `<message from='alice@localhost/a' to='bob@localhost' id='m${i}' type='chat'><body>hello &amp; welcome, café ${i}</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>`
        : `<presence from='carol@localhost/c${i}'><show>away</show><status>lunch ☕</status><priority>5</priority></presence>`,
    );
  }
  return Buffer.from(parts.join(''));
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

export const coreBenchmark: Benchmark = {
  name: 'core: stream parser, serializer, SCRAM',
  async run(print) {
    const bytes = traffic();
    for (const chunk of [1460, 16_384]) {
      let n = 0;
      const { ms } = timed(() => {
        const p = new StreamParser({
          onOpen: () => undefined,
          onElement: () => void n++,
          onClose: () => undefined,
          onError: (e) => {
            throw e;
          },
        });
        for (let i = 0; i < bytes.length; i += chunk) p.write(bytes.subarray(i, i + chunk));
      });
      print(
        `parser, ${chunk}-byte chunks: ${(bytes.length / 1048576 / (ms / 1000)).toFixed(1)} MiB/s, ${Math.round(n / (ms / 1000))} stanzas/s (${n} stanzas, ${(bytes.length / 1048576).toFixed(1)} MiB)`,
      );
    }
    const msg = el('message', { to: 'bob@localhost', type: 'chat', id: 'x' }, el('body', {}, 'hello <world> & "friends"'));
    const { ms: sms } = timed(() => {
      for (let i = 0; i < STANZAS; i++) serialize(msg);
    });
    print(`serializer: ${Math.round(STANZAS / (sms / 1000))} stanzas/s`);
    const rounds = 20;
    const { ms: scram } = timed(() => {
      for (let i = 0; i < rounds; i++) {
        const server = createServerMechanism('SCRAM-SHA-256', { lookup: () => ({ password: 'secret' }), iterations: 4096 });
        const client = createClientMechanism('SCRAM-SHA-256', { username: 'alice', password: 'secret' });
        const first = server.step(client.initialResponse());
        if (first.kind !== 'challenge') throw new Error('bench: SCRAM server refused the first message');
        const last = server.step(client.challenge(first.data));
        if (last.kind !== 'success') throw new Error('bench: SCRAM server refused the proof');
        client.success(last.data);
      }
    });
    print(`SCRAM-SHA-256 (4096 iterations), client + server: ${(rounds / (scram / 1000)).toFixed(1)} exchanges/s`);
  },
};
