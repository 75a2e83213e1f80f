// RFC 6120 §4.8.3, §8.1.5, §8.4, §10.1 and §10.4.3 across the boundary: a stanza from the
// harness's domain reaches an account on the target as it was sent (re-scoped to jabber:client,
// language and payload untouched, in order), and what the target answers comes back on the
// stream in 'jabber:server' with both addresses (XEP-0288 bidi carries it back).
import { defineCase, type CaseContext, type S2sContext } from '../../harness/cases/index.js';
import { child, describe, el, NS_CLIENT, NS_PING, NS_SERVER, text, type XmlElement } from '../../harness/xml/index.js';
import { checkAttr, remoteMessage, remoteSender } from './steps.js';

const PAYLOAD_NS = 'urn:xmpp-conformance:s2s-payload';
const UNKNOWN_NS = 'urn:xmpp-conformance:unknown-query';

interface Delivered {
  readonly sent: XmlElement;
  readonly got: XmlElement;
  readonly sender: string;
}

/** Account 0 logged in on the target; one message from the harness's domain to its full JID, as received. */
async function deliverOne(t: CaseContext, extraAttrs: Record<string, string> = {}, ...extra: XmlElement[]): Promise<Delivered> {
  const s2s = t.s2s();
  const rcpt = await t.step('log in on the target', () => s2s.login(0));
  const link = await t.step('authenticate as the remote server', () => s2s.authenticated());
  const sender = remoteSender(s2s, t);
  const marker = `delivery ${t.id()}`;
  const sent = remoteMessage({ from: sender, to: rcpt.jid ?? '', id: t.id(), ...extraAttrs }, marker, ...extra);
  link.send(sent);
  const got = await t.step('wait for the message at the recipient', () => rcpt.waitFor(el('message', { from: sender })));
  return { sent, got, sender };
}

export const s2sDeliveredRescoped = defineCase({
  id: 'rfc6120/s2s/delivered-in-jabber-client',
  title: "a message from a remote server reaches the local client re-scoped to 'jabber:client', its 'from' as sent",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.8.3', level: 'MUST NOT' }],
  requirements: ['rfc6120-4.8.3-content-namespace'],
  tags: ['s2s', 'delivery', 'namespace'],
  async run(t) {
    const { got, sender } = await deliverOne(t);
    t.check(got.ns === NS_CLIENT, `the message in '${NS_CLIENT}' on the client's stream`, `'${got.ns}'`);
    t.check(got.attrs['from'] === sender, `from='${sender}' as the remote server sent it`, `from='${got.attrs['from'] ?? ''}'`);
  },
});

export const s2sDeliveredLang = defineCase({
  id: 'rfc6120/s2s/delivered-lang-unchanged',
  title: "the 'xml:lang' of a message from a remote server reaches the local client unchanged",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '8.1.5', level: 'MUST NOT' }],
  requirements: ['rfc6120-8.1.5-no-lang-modification'],
  tags: ['s2s', 'delivery', 'xml-lang'],
  async run(t) {
    const { got } = await deliverOne(t, { 'xml:lang': 'de-CH' });
    t.check(
      got.attrs['xml:lang'] === 'de-CH',
      "xml:lang='de-CH' as sent",
      got.attrs['xml:lang'] === undefined ? 'no xml:lang' : `xml:lang='${got.attrs['xml:lang']}'`,
    );
  },
});

export const s2sDeliveredPayload = defineCase({
  id: 'rfc6120/s2s/delivered-payload-unchanged',
  title: 'the body and an unknown extension of a message from a remote server reach the local client unchanged',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '8.4', level: 'MUST' }],
  requirements: ['rfc6120-8.4-route-unknown-unmodified'],
  tags: ['s2s', 'delivery', 'payload'],
  async run(t) {
    const ext = el('token', { xmlns: PAYLOAD_NS, kind: 'opaque' }, el('part', { n: '1' }, 'alpha'), el('part', { n: '2' }, 'beta'));
    const { sent, got } = await deliverOne(t, {}, ext);
    const sentBody = text(child(sent, 'body') ?? sent);
    const gotBody = child(got, 'body');
    t.check(gotBody !== undefined && text(gotBody) === sentBody, `<body>${sentBody}</body>`, gotBody ? `<body>${text(gotBody)}</body>` : 'no <body/>');
    const gotExt = child(got, 'token', PAYLOAD_NS);
    t.check(gotExt !== undefined && describe(gotExt) === describe(ext), describe(ext), gotExt ? describe(gotExt) : `no <token xmlns='${PAYLOAD_NS}'/>`);
  },
});

export const s2sInOrder = defineCase({
  id: 'rfc6120/s2s/delivered-in-order',
  title: 'ten messages from a remote server on one stream reach the local client in the order sent',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '10.1', level: 'MUST' }],
  requirements: ['rfc6120-10.1-in-order-s2s-delivery'],
  tags: ['s2s', 'delivery', 'order'],
  async run(t) {
    const s2s = t.s2s();
    const rcpt = await t.step('log in on the target', () => s2s.login(0));
    const link = await t.step('authenticate as the remote server', () => s2s.authenticated());
    const sender = remoteSender(s2s, t);
    const n = 10;
    for (let i = 1; i <= n; i++) link.send(remoteMessage({ from: sender, to: rcpt.jid ?? '', id: `order-${i}` }, `message ${i} of ${n}`));
    const order: string[] = [];
    await t.step('receive the ten messages', async () => {
      while (order.length < n) order.push((await rcpt.waitFor(el('message', { from: sender }))).attrs['id'] ?? '?');
    });
    const expected = Array.from({ length: n }, (_, i) => `order-${i + 1}`);
    t.check(order.join(' ') === expected.join(' '), expected.join(' '), order.join(' '));
  },
});

/**
 * Sends an iq from the harness's domain and resolves with the target's answer: on the same stream
 * when the target offers XEP-0288 bidi, on the target's stream to the harness that dialback
 * opened, else on the connection the target opens to the harness's domain (found through the lab
 * DNS). Skips when no way back exists.
 */
async function iqAcross(t: CaseContext, to: (s2s: S2sContext) => string, payload: XmlElement): Promise<{ answer: XmlElement; from: string; to: string }> {
  const s2s = t.s2s();
  const link = await t.step('authenticate as the remote server', () => s2s.authenticated());
  const from = remoteSender(s2s, t);
  const id = t.id();
  const target = to(s2s);
  const request = el('iq', { type: 'get', id, from, to: target }, payload);
  if (s2s.isBidi(link)) {
    link.send(request);
    const answer = await t.step(`wait for the answer to the iq to ${target}`, () => link.waitFor(el('iq', { id })));
    return { answer, from, to: target };
  }
  // the target's stream to the harness that dialback brought about carries the answer
  const back = s2s.returnRoute(link);
  if (back) {
    link.send(request);
    const answer = await t.step(`wait for the answer to the iq to ${target}`, () => back.stanza(`the answer to iq ${id}`));
    return { answer, from, to: target };
  }
  // no bidi: the answer comes over the target's own connection to the harness's domain
  const listener = await s2s.listen();
  link.send(request);
  const peer = await t.step(`wait for the target to connect to ${s2s.localDomain} with the answer`, () => listener.accept());
  const record = await t.step('negotiate as the receiving server', () => peer.negotiate());
  if (!record.authenticated)
    t.fail(
      `the target to authenticate its connection to ${s2s.localDomain} and send the answer`,
      record.unexpected ?? (record.secured ? 'neither SASL EXTERNAL nor a dialback request' : `no TLS ${record.tlsError ?? ''}`),
    );
  const answer = await t.step(`wait for the answer to the iq to ${target}`, () => peer.stanza(`the answer to iq ${id}`));
  return { answer, from, to: target };
}

export const s2sRemoteDeliveryError = defineCase({
  id: 'rfc6120/s2s/error-for-unknown-recipient',
  title: 'an iq from a remote server to an account that does not exist comes back as an error to the remote sender',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '10.4.3', level: 'MUST' }],
  requirements: ['rfc6120-10.4.3-remote-delivery-error'],
  tags: ['s2s', 'stanza-error'],
  async run(t) {
    // a payload nothing answers on anyone's behalf (some servers answer a ping to any bare JID)
    const { answer, from } = await iqAcross(t, (s2s) => `nobody-${t.id()}@${s2s.targetDomain}`, el('query', { xmlns: UNKNOWN_NS }));
    t.check(answer.attrs['type'] === 'error', "an iq of type 'error'", describe(answer));
    t.check(answer.attrs['to'] === from, `to='${from}' (the remote sender)`, `to='${answer.attrs['to'] ?? ''}'`);
    t.note(`condition <${t.stanzaErrorCondition(answer) ?? 'none'}/>`);
  },
});

export const s2sRepliesJabberServer = defineCase({
  id: 'rfc6120/s2s/answers-in-jabber-server',
  title: "the target's answer on a server-to-server stream is in 'jabber:server', never 'jabber:client'",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.8.3', level: 'MUST NOT' }],
  requirements: ['rfc6120-4.8.3-s2s-no-jabber-client'],
  tags: ['s2s', 'namespace'],
  async run(t) {
    const { answer } = await iqAcross(t, (s2s) => s2s.targetDomain, el('ping', { xmlns: NS_PING }));
    t.check(answer.ns === NS_SERVER, `the answer in '${NS_SERVER}'`, `'${answer.ns}'`);
  },
});

export const s2sRepliesAddressed = defineCase({
  id: 'rfc6120/s2s/answers-carry-to-and-from',
  title: "the target's answer on a server-to-server stream carries both 'to' and 'from'",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '4.8.3', level: 'MUST' }],
  requirements: ['rfc6120-4.8.3-s2s-to-from-required'],
  tags: ['s2s', 'addressing'],
  async run(t) {
    const { answer, from, to } = await iqAcross(t, (s2s) => s2s.targetDomain, el('ping', { xmlns: NS_PING }));
    checkAttr(t, answer, 'to', from);
    checkAttr(t, answer, 'from', to);
  },
});
