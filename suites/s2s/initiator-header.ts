// The target's stream headers as the initiating server (RFC 6120 §4.7.3): an initial stream
// header carries no 'id'; the stream id is the receiving server's to give. Every header the
// target opens towards the harness counts: before TLS, after TLS and after SASL.
import { defineCase } from '../../harness/cases/index.js';
import { describe } from '../../harness/xml/index.js';
import { targetConnects } from './outbound.js';

export const s2sInitiatorNoId = defineCase({
  id: 'rfc6120/s2s/initiator-header-no-id',
  title: "the target's initial stream headers to the harness carry no 'id'",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.3', level: 'MUST NOT' }],
  requirements: ['rfc6120-4.7.3-initiator-no-id'],
  tags: ['s2s', 'stream-header'],
  async run(t) {
    const o = await targetConnects(t);
    t.check(o.record.headers.length > 0, 'a stream header from the target', 'none');
    o.record.headers.forEach((h, i) => {
      const id = h.attrs['id'];
      t.check(
        id === undefined,
        `no 'id' on the target's initial header ${i + 1} of ${o.record.headers.length}`,
        () => `id=${JSON.stringify(id)} on ${describe(h).slice(0, 120)}`,
      );
    });
  },
});
