// XEP-0368 direct TLS between servers, in both directions. The harness as the initiating server
// opens TLS at once on the target's direct-TLS s2s port (ALPN 'xmpp-server', SNI the target's
// domain) and checks the stream over it: no STARTTLS offered on a stream that has TLS already
// (RFC 6120 §5.4.3.3; XEP-0368 §3: STARTTLS is never used over direct TLS) and SASL EXTERNAL with
// a valid certificate (RFC 7590 §3.4). Both cite XEP-0368 §3 (STARTTLS never over direct TLS;
// certificates validated as for STARTTLS): accepting direct TLS is what XEP-0479's Direct TLS line
// asks of a server. The third case (the target connecting out over direct TLS) is beyond that line. The target as the initiating server is pointed at the
// harness by an _xmpps-server._tcp record only, and must come with TLS from the first byte.
import { defineCase } from '../../harness/cases/index.js';
import { TimeoutError } from '../../harness/errors.js';
import { offersMechanism } from '../../harness/s2s/index.js';
import { offersStarttls } from '../../harness/session/index.js';
import { describe, el, NS_SASL } from '../../harness/xml/index.js';
import { sleep } from '../../harness/util/index.js';
import { sendUntilLookedUp } from './steps.js';

/** after the target's bounce, how long a connection already on its way may still take to arrive */
const GAVE_UP_GRACE_MS = 1000;

export const s2sDirectTlsNoStarttls = defineCase({
  id: 'rfc6120/s2s/direct-tls-no-starttls',
  title: "on the target's XEP-0368 direct-TLS s2s port, the stream features offer no STARTTLS (TLS is already there)",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [
    { rfc: 6120, section: '5.4.3.3', level: 'MUST NOT' },
    { xep: 368, version: '1.1.0', section: '3', level: 'MUST NOT' },
  ],
  requirements: ['rfc6120-5.4.3.3-no-starttls-again'],
  tags: ['s2s', 'tls', 'direct-tls'],
  async run(t) {
    const s = await t.step('open a stream over direct TLS (ALPN xmpp-server)', () => t.s2s().opened({ direct: true }));
    t.check(s.features !== undefined && !offersStarttls(s.features), 'stream features without <starttls/> on a stream over direct TLS', () =>
      describe(s.features ?? el('none')),
    );
  },
});

export const s2sDirectTlsExternal = defineCase({
  id: 'rfc7590/s2s/direct-tls-external',
  title: "over the target's XEP-0368 direct-TLS s2s port, a certificate for the harness's domain from a trusted CA authenticates it with SASL EXTERNAL",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [
    { rfc: 7590, section: '3.4', level: 'SHOULD' },
    { rfc: 6120, section: '6.3.8', level: 'MUST' },
    { xep: 368, version: '1.1.0', section: '3', level: 'MUST' },
  ],
  requirements: ['rfc7590-3.4-servers-authenticate-servers'],
  tags: ['s2s', 'sasl', 'certificate', 'direct-tls'],
  async run(t) {
    const s2s = t.s2s();
    const s = await t.step('open a stream over direct TLS with a valid certificate', () => s2s.opened({ direct: true, cert: 'valid' }));
    t.check(offersMechanism(s.features, 'EXTERNAL'), `SASL EXTERNAL offered to ${s2s.localDomain}, whose certificate the target's CA issued`, () =>
      describe(s.features ?? el('none')),
    );
    const answer = await s2s.external(s);
    t.check(answer.name === 'success' && answer.ns === NS_SASL, '<success/> to SASL EXTERNAL', describe(answer));
  },
});

export const s2sInitiatorDirectTls = defineCase({
  id: 'rfc6120/s2s/initiator-direct-tls-by-xmpps-srv',
  title: "the target, finding the harness's domain only through an _xmpps-server._tcp record (XEP-0368), opens TLS from the first byte there",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '5.2', level: 'SHOULD' }],
  requirements: ['rfc6120-5.2-use-tls-before-sasl'],
  tags: ['s2s', 'tls', 'dns', 'srv', 'direct-tls'],
  async run(t) {
    const s2s = t.s2s();
    const listener = await s2s.listen({ srv: 'direct-tls' });
    const { bounce } = await sendUntilLookedUp(t, s2s, listener, 'xmpps');
    const asked = (): string =>
      listener.lookups().some((q) => q.type === 'SRV' && q.name.startsWith('_xmpps-server._tcp.'))
        ? 'it asked for the record'
        : 'it never asked for _xmpps-server._tcp';
    // The target's own bounce of the message says it gave up on the domain: no need to wait out
    // the deadline for a connection (a short grace lets a connection already on its way land).
    const gaveUp = bounce.then((m) => (m ? sleep(GAVE_UP_GRACE_MS).then(() => m) : new Promise<never>(() => undefined)));
    const accepting = listener.accept();
    accepting.catch(() => undefined);
    const first = await t
      .step('wait for the target at the _xmpps-server record', () => Promise.race([accepting.then((p) => ({ peer: p })), gaveUp.then((m) => ({ bounced: m }))]))
      .catch((e: unknown) => {
        if (!(e instanceof TimeoutError)) throw e;
        return t.skip(
          `the target did not connect to the port only an _xmpps-server._tcp record names (${asked()}): it does not open XEP-0368 direct TLS to other servers`,
        );
      });
    if (!('peer' in first)) {
      const condition = t.stanzaErrorCondition(first.bounced) ?? 'error';
      return t.skip(
        `the target bounced the message (<${condition}/>) without connecting to the port only an _xmpps-server._tcp record names (${asked()}): it does not open XEP-0368 direct TLS to other servers`,
      );
    }
    const peer = first.peer;
    const record = await t.step('negotiate as the receiving server over direct TLS', () => peer.negotiate());
    const alpn = record.alpnOffered ? `ALPN ${record.alpnOffered.join(', ') || '(empty)'}` : 'no ALPN';
    t.note(`${alpn}; SNI ${record.sni ?? '(none)'}`);
    t.check(record.secured, 'a TLS handshake as the first thing on the connection', `no TLS (${record.tlsError ?? record.unexpected ?? 'nothing'})`);
  },
});
