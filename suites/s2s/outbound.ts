// The target as the initiating server (RFC 6120 §3.2, §4.7.1, §5.2, §8.1, §10.1): one of its
// clients sends to an address at the harness's domain; the target finds the harness through the
// lab DNS, connects, negotiates, and routes the stanza. The harness is the receiving server.
import { checkAttr, sendToDomain } from './steps.js';
import { defineCase, type CaseContext, type S2sContext, type S2sInboundPeer, type S2sInboundRecord } from '../../harness/cases/index.js';
import type { Session } from '../../harness/session/index.js';
import { el, NS_SERVER, type XmlElement } from '../../harness/xml/index.js';

interface Outbound {
  readonly s2s: S2sContext;
  readonly sender: Session;
  readonly peer: S2sInboundPeer;
  readonly record: S2sInboundRecord;
  /** the address at the harness's domain the messages go to */
  readonly to: string;
}

/** Account 0 on the target sends `count` messages to the harness's domain; the target connects. */
export async function targetConnects(t: CaseContext, count = 1): Promise<Outbound> {
  const s2s = t.s2s();
  const listener = await s2s.listen();
  const sender = await t.step('log in on the target', () => s2s.login(0));
  const to = `someone-${t.id()}@${s2s.localDomain}`;
  for (let i = 1; i <= count; i++) sender.send(el('message', { to, type: 'chat', id: `out-${i}` }, el('body', {}, `outbound ${i} of ${count}`)));
  const peer = await t.step(`wait for the target to connect to ${s2s.localDomain}`, () => listener.accept());
  const record = await t.step('negotiate as the receiving server', () => peer.negotiate());
  return { s2s, sender, peer, record, to };
}

/** The first message routed to the harness, or a failure saying how far the target came. */
async function firstStanza(t: CaseContext, o: Outbound): Promise<XmlElement> {
  if (!o.record.authenticated) {
    t.fail('the target to authenticate (SASL EXTERNAL or dialback; its certificate is valid) and route the message', `it stopped: ${describeRecord(o.record)}`);
  }
  return t.step('wait for the routed message', () => o.peer.stanza('the message the client sent'));
}

function describeRecord(r: S2sInboundRecord): string {
  if (r.unexpected) return `sent ${r.unexpected}`;
  if (!r.secured) return `no TLS${r.tlsError ? ` (${r.tlsError})` : ''}`;
  if (!r.externalOffered)
    return `EXTERNAL not offered: its certificate ${r.peerCertValid ? `names ${r.peerNames.join(', ') || 'nothing'}` : 'did not validate'}`;
  return 'neither SASL EXTERNAL nor a dialback request';
}

export const s2sInitiatorUsesSrv = defineCase({
  id: 'rfc6120/s2s/initiator-follows-srv',
  title: "the target reaches the harness's domain at the host and port its _xmpp-server._tcp SRV record names",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '3.2.1', level: 'SHOULD' }],
  requirements: ['rfc6120-3.2.1-srv-lookup', 'rfc6120-10.4-route-remote'],
  tags: ['s2s', 'dns', 'srv'],
  async run(t) {
    // the listener's port is known only through the SRV record: connecting there is the check
    const o = await targetConnects(t);
    t.check(o.record.headers.length > 0, 'a stream header on the port the SRV record names', 'none');
  },
});

export const s2sInitiatorTlsFirst = defineCase({
  id: 'rfc6120/s2s/initiator-tls-before-auth',
  title: 'the target, connecting as the initiating server, negotiates TLS before anything else',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '5.2', level: 'SHOULD' }],
  requirements: ['rfc6120-5.2-use-tls-before-sasl'],
  tags: ['s2s', 'tls'],
  async run(t) {
    const o = await targetConnects(t);
    t.check(o.record.secured, '<starttls/> and a completed TLS handshake before authentication', describeRecord(o.record));
  },
});

export const s2sInitiatorFrom = defineCase({
  id: 'rfc6120/s2s/initiator-from-after-tls',
  title: "the target's stream header after TLS carries its own domain in 'from'",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.1', level: 'MUST' }],
  requirements: ['rfc6120-4.7.1-s2s-initiator-from'],
  tags: ['s2s', 'stream-header'],
  async run(t) {
    const o = await targetConnects(t);
    const header = o.record.headers[1];
    if (!o.record.secured || !header) return t.fail('a stream header after TLS', describeRecord(o.record));
    checkAttr(t, header, 'from', o.s2s.targetDomain, { ignoreCase: true });
  },
});

export const s2sInitiatorJabberServer = defineCase({
  id: 'rfc6120/s2s/initiator-sends-jabber-server',
  title: "what the target routes to the harness's domain is in 'jabber:server'",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.8.3', level: 'MUST NOT' }],
  requirements: ['rfc6120-4.8.3-s2s-no-jabber-client'],
  tags: ['s2s', 'namespace'],
  async run(t) {
    const m = await firstStanza(t, await targetConnects(t));
    t.check(m.ns === NS_SERVER, `the message in '${NS_SERVER}'`, `'${m.ns}'`);
  },
});

export const s2sInitiatorTo = defineCase({
  id: 'rfc6120/s2s/initiator-stanza-has-to',
  title: "a stanza the target routes to the harness carries the recipient's address in 'to'",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '8.1.1.2', level: 'MUST' }],
  requirements: ['rfc6120-8.1.1.2-s2s-to-required'],
  tags: ['s2s', 'addressing'],
  async run(t) {
    const o = await targetConnects(t);
    const m = await firstStanza(t, o);
    checkAttr(t, m, 'to', o.to);
  },
});

export const s2sInitiatorFromStamp = defineCase({
  id: 'rfc6120/s2s/initiator-stanza-has-from',
  title: "a stanza the target routes to the harness carries the sender's full JID in 'from'",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '8.1.2.2', level: 'MUST' }],
  requirements: ['rfc6120-8.1.2.2-s2s-from-required'],
  tags: ['s2s', 'addressing'],
  async run(t) {
    const o = await targetConnects(t);
    const m = await firstStanza(t, o);
    checkAttr(t, m, 'from', o.sender.jid ?? '');
  },
});

export const s2sInitiatorOrder = defineCase({
  id: 'rfc6120/s2s/initiator-keeps-order',
  title: "ten messages a client sends to the harness's domain arrive in the order sent",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '10.1', level: 'MUST' }],
  requirements: ['rfc6120-10.1-in-order-remote-routing'],
  tags: ['s2s', 'order'],
  async run(t) {
    const n = 10;
    const o = await targetConnects(t, n);
    const order: string[] = [(await firstStanza(t, o)).attrs['id'] ?? '?'];
    await t.step('receive the other messages', async () => {
      while (order.length < n) order.push((await o.peer.stanza(`message ${order.length + 1} of ${n}`)).attrs['id'] ?? '?');
    });
    const expected = Array.from({ length: n }, (_, i) => `out-${i + 1}`);
    t.check(order.join(' ') === expected.join(' '), expected.join(' '), order.join(' '));
  },
});

export const s2sInitiatorOneStream = defineCase({
  id: 'rfc6120/s2s/initiator-reuses-stream',
  title: "a second message to the harness's domain goes over the stream the first one opened, not a new one",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [
    { rfc: 6120, section: '10.1', level: 'MUST' },
    { rfc: 6120, section: '10.4.1', level: 'SHOULD' },
  ],
  requirements: ['rfc6120-10.1-single-s2s-stream', 'rfc6120-10.4.1-use-existing-stream'],
  tags: ['s2s', 'order'],
  async run(t) {
    const o = await targetConnects(t);
    await firstStanza(t, o);
    o.sender.send(el('message', { to: o.to, type: 'chat', id: 'out-again' }, el('body', {}, 'the second message')));
    const again = await t.step('wait for the second message on the same stream', () => o.peer.stanza('the second message'));
    t.check(again.attrs['id'] === 'out-again', "the second message ('out-again') on the first stream", `<${again.name} id='${again.attrs['id'] ?? ''}'>`);
  },
});

export const s2sRemoteServerNotFound = defineCase({
  id: 'rfc6120/s2s/unresolvable-domain-error',
  title: 'a message to a domain that has no DNS records comes back to the sender as <remote-server-not-found/>',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '10.4.3', level: 'MUST' }],
  requirements: ['rfc6120-10.4.3-remote-server-not-found'],
  tags: ['s2s', 'dns', 'stanza-error'],
  async run(t) {
    const s2s = t.s2s();
    // a name under the lab zone that the lab DNS answers NXDOMAIN for
    await s2s.listen();
    const sender = await t.step('log in on the target', () => s2s.login(0));
    const to = `someone@nowhere-${t.id()}.${s2s.localDomain}`;
    sender.send(el('message', { to, type: 'chat', id: 'lost' }, el('body', {}, 'to nowhere')));
    const back = await t.step('wait for the error', () => sender.waitFor(el('message', { id: 'lost' }), { within: t.timeout * 3 }));
    t.check(back.attrs['type'] === 'error', "a message of type 'error'", `type='${back.attrs['type'] ?? ''}'`);
    const condition = t.stanzaErrorCondition(back);
    t.check(condition === 'remote-server-not-found', '<remote-server-not-found/>', `<${condition ?? 'none'}/>`);
  },
});

export const s2sInitiatorHeaderTo = defineCase({
  id: 'rfc6120/s2s/initiator-header-to',
  title: "the target's stream header to the harness names the harness's domain in 'to'",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.2', level: 'MUST' }],
  requirements: ['rfc6120-4.7.2-initiator-to'],
  tags: ['s2s', 'stream-header'],
  async run(t) {
    const o = await targetConnects(t);
    checkAttr(t, o.record.headers[0], 'to', o.s2s.localDomain, { ignoreCase: true });
  },
});

export const s2sInitiatorVersion = defineCase({
  id: 'rfc6120/s2s/initiator-header-version',
  title: "the target's stream header to the harness announces version='1.0'",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.5', level: 'MUST' }],
  requirements: ['rfc6120-4.7.5-initiator-highest-version'],
  tags: ['s2s', 'stream-header'],
  async run(t) {
    const o = await targetConnects(t);
    checkAttr(t, o.record.headers[0], 'version', '1.0');
  },
});

export const s2sInitiatorLang = defineCase({
  id: 'rfc6120/s2s/initiator-header-xml-lang',
  title: "the target's stream header to the harness carries 'xml:lang'",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.4', level: 'SHOULD' }],
  requirements: ['rfc6120-4.7.4-initiator-xml-lang'],
  tags: ['s2s', 'stream-header'],
  async run(t) {
    const o = await targetConnects(t);
    const lang = o.record.headers[0]?.attrs['xml:lang'];
    t.check(lang !== undefined && lang !== '', "an 'xml:lang'", "no 'xml:lang'");
  },
});

export const s2sInitiatorCloseReply = defineCase({
  id: 'rfc6120/s2s/initiator-close-reply',
  title: 'the target answers the harness closing the stream the target opened with its own closing tag',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.4', level: 'MUST' }],
  requirements: ['rfc6120-4.4-close-reply'],
  tags: ['s2s', 'close'],
  async run(t) {
    const o = await targetConnects(t);
    await firstStanza(t, o);
    const how = await t.step('close the stream', () => o.peer.closeStream());
    t.check(how === 'close-tag', '</stream:stream> from the target', 'the connection closed without it');
  },
});

export const s2sSrvPriority = defineCase({
  id: 'rfc6120/s2s/srv-lowest-priority-first',
  title: "of two SRV records for the harness's domain, the target connects first to the one with the lower priority value",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '3.2.1', level: 'SHOULD' }],
  requirements: ['rfc6120-3.2.1-srv-priority-order'],
  tags: ['s2s', 'dns', 'srv'],
  async run(t) {
    const s2s = t.s2s();
    const listener = await s2s.listen({ srv: 'two-priorities' });
    await sendToDomain(t, s2s, listener.domain);
    const which = await t.step('wait for the first connection', () => listener.firstConnection());
    t.check(which === 'preferred', 'the connection at the priority-0 record', 'it went to the priority-10 record first');
  },
});

export const s2sSrvNextTarget = defineCase({
  id: 'rfc6120/s2s/srv-next-target-after-refusal',
  title: 'when the preferred SRV target refuses the connection, the target tries the next record and reaches the harness there',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '3.2.1', level: 'SHOULD' }],
  requirements: ['rfc6120-3.2.1-srv-try-next'],
  tags: ['s2s', 'dns', 'srv'],
  async run(t) {
    const s2s = t.s2s();
    const listener = await s2s.listen({ srv: 'refused-first' });
    await sendToDomain(t, s2s, listener.domain);
    const peer = await t.step('wait for the target at the second record', () => listener.accept());
    const record = await t.step('negotiate as the receiving server', () => peer.negotiate());
    t.check(record.headers.length > 0, 'a stream header at the second record', 'none');
  },
});
