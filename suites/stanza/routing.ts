// RFC 6120 §10 (server rules for stanzas) and §8.4 (extended content routed unmodified).
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import type { Session } from '../../harness/session/index.js';
import { childText, el, parseFragment, serialize, type XmlElement } from '../../harness/xml/index.js';
import { errorOf, REFUSING_CONDITIONS } from '../steps.js';
import { arrivedBy, online, receivedAsSent, twoOnline } from '../im-steps.js';

/** Sends a chat message with `payload` from a to b's full JID; resolves with what b received. */
async function relay(t: CaseContext, a: Session, b: Session, payloadXml: string): Promise<XmlElement> {
  const id = t.id();
  a.sendRaw(`<message to='${b.jid ?? ''}' id='${id}' type='chat'>${payloadXml}</message>`);
  return b.waitFor(el('message', { id }));
}

/** The element with attributes in name order: XML gives attribute order no meaning. */
function sortedAttrs(e: XmlElement): XmlElement {
  const attrs = Object.fromEntries(Object.entries(e.attrs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { ...e, attrs, children: e.children.map((c) => (typeof c === 'object' ? sortedAttrs(c) : c)) };
}

/** Canonical text of the children, for comparing what was sent with what arrived. */
function canonicalChildren(m: XmlElement, ns: string): string[] {
  return m.children.filter((c): c is XmlElement => typeof c === 'object' && c.ns === ns).map((c) => serialize(sortedAttrs(c)));
}

function unmodifiedCase(slug: string, what: string, payloadXml: string, ns: string) {
  return defineCase({
    id: `rfc6120/stanza/${slug}`,
    title: `${what} in a message is delivered unmodified`,
    area: 'stanza',
    role: 'server',
    refs: [{ rfc: 6120, section: '8.4', level: 'MUST' }],
    requirements: ['rfc6120-8.4-route-unknown-unmodified'],
    tags: ['routing', 'extended-content', 'multi-session'],
    needs: { accounts: 2 },
    async run(t) {
      const a = await online(t, 0, { resetRoster: false });
      const b = await online(t, 1, { resetRoster: false });
      const got = await relay(t, a, b, payloadXml);
      const sent = canonicalChildren(parseFragment(`<message xmlns='jabber:client'>${payloadXml}</message>`), ns);
      const received = canonicalChildren(got, ns);
      t.check(JSON.stringify(received) === JSON.stringify(sent), sent.join(''), received.join('') || 'the payload is missing');
    },
  });
}

export const unknownExtension = unmodifiedCase(
  'extended-content-unmodified',
  'an element in an unknown namespace (with attributes, nested elements, text)',
  "<x xmlns='urn:xmpp-conformance:ext:0' a='1' b='&lt;two&gt;'><y z='3'>text &amp; more</y><y/></x>",
  'urn:xmpp-conformance:ext:0',
);

export const omemoPayload = unmodifiedCase(
  'omemo-payload-unmodified',
  'an OMEMO <encrypted/> payload (XEP-0384)',
  "<encrypted xmlns='eu.siacs.conversations.axolotl'><header sid='27183'><key rid='31415'>BASE64ENCODED=</key><iv>BASE64ENCODED=</iv></header><payload>BASE64ENCODED</payload></encrypted>",
  'eu.siacs.conversations.axolotl',
);

export const openpgpPayload = unmodifiedCase(
  'openpgp-payload-unmodified',
  'an OpenPGP for XMPP <openpgp/> payload (XEP-0373)',
  "<openpgp xmlns='urn:xmpp:openpgp:0'>hQIMA2fCO7ZrAAAAAQ/+JcwUmQ3pDp3xC3Vj4XQlq1iPvFbdS5x2R2oMZ8E=</openpgp>",
  'urn:xmpp:openpgp:0',
);

export const messageNoToSelf = defineCase({
  id: 'rfc6120/stanza/message-without-to-goes-to-own-bare-jid',
  title: "a message without 'to' is treated as sent to the sender's own bare JID (and reaches its resource)",
  area: 'stanza',
  role: 'server',
  refs: [
    { rfc: 6120, section: '10.3.1', level: 'MUST' },
    { rfc: 6120, section: '10.5.3.2', level: 'SHOULD' },
  ],
  requirements: ['rfc6120-10.3.1-message-no-to-bare-jid'],
  tags: ['routing', 'message'],
  // Serial: another case's available resource of the same account could be the one chosen.
  needs: { accounts: 1, serial: true },
  async run(t) {
    const a = await online(t, 0, { resetRoster: false });
    const id = t.id();
    const sent = el('message', { id, type: 'chat' }, el('body', {}, 'note to self'));
    a.send(sent);
    // An error bounce carries the same id but is no delivery; the body must arrive as sent.
    const got = await arrivedBy(a, (e) => e.name === 'message' && e.attrs['id'] === id);
    const delivered = got.filter((e) => e.attrs['type'] !== 'error');
    t.check(delivered.length >= 1, 'the message delivered to the only available resource', got.length ? 'only an error bounce with its id' : 'nothing arrived');
    const body = childText(delivered[0] as XmlElement, 'body');
    t.check(body === 'note to self', "the <body/> as sent ('note to self')", `<body/> ${JSON.stringify(body)}`);
  },
});

export const messageToFullJid = defineCase({
  id: 'rfc6120/stanza/message-to-full-jid-delivered',
  title: 'a message to a connected full JID is delivered to exactly that resource',
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '10.5.4', level: 'MUST' }],
  requirements: ['rfc6120-10.5.4-deliver-full-jid', 'rfc6121-8.5.3.1-deliver-full-jid'],
  tags: ['routing', 'message', 'multi-session'],
  needs: { accounts: 2 },
  async run(t) {
    const a = await online(t, 0, { resetRoster: false });
    const b1 = await online(t, 1, { resetRoster: false, actor: 'b1' });
    const b2 = await online(t, 1, { resetRoster: false, actor: 'b2' });
    const id = t.id();
    const sent = el('message', { id, type: 'chat', to: b2.jid ?? '' }, el('body', {}, 'for b2 only'));
    a.send(sent);
    await receivedAsSent(t, b2, sent);
    const atB1 = await arrivedBy(b1, (e) => e.name === 'message' && e.attrs['id'] === id);
    t.check(atB1.length === 0, 'nothing at the other resource', 'the other resource got it too');
  },
});

export const messageToNonexistent = defineCase({
  id: 'rfc6120/stanza/message-to-nonexistent-user',
  title: 'a message to a user that does not exist is ignored or answered with <service-unavailable/>',
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '10.5.3.1', level: 'MUST' }],
  requirements: ['rfc6120-10.5.3.1-message-no-such-user', 'rfc6121-8.5.1-message-ignore-or-error'],
  tags: ['routing', 'message', 'errors', 'privacy'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    const id = t.id();
    a.send(el('message', { id, type: 'chat', to: `xc-nobody-${t.id()}@${t.target.domain}` }, el('body', {}, 'anyone?')));
    const back = await arrivedBy(a, (e) => e.attrs['id'] === id);
    if (back.length === 0) return t.note('server ignored it silently');
    const { condition } = errorOf(t, back[0] as XmlElement);
    t.check(
      back[0]?.attrs['type'] === 'error' && condition === 'service-unavailable',
      '<service-unavailable/> (or silence)',
      `type='${back[0]?.attrs['type'] ?? ''}' <${condition ?? 'no condition'}/>`,
    );
    t.note('server answered <service-unavailable/>');
  },
});

export const presenceToNonexistent = defineCase({
  id: 'rfc6120/stanza/presence-to-nonexistent-user',
  title: 'directed presence to a user that does not exist is ignored (no error, no leak)',
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '10.5.3.1', level: 'SHOULD' }],
  requirements: ['rfc6120-10.5.3.1-presence-no-such-user', 'rfc6121-8.5.1-presence-ignored'],
  tags: ['routing', 'presence', 'privacy'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await online(t, 0, { resetRoster: false });
    const id = t.id();
    a.send(el('presence', { id, to: `xc-nobody-${t.id()}@${t.target.domain}` }));
    const back = await arrivedBy(a, (e) => e.attrs['id'] === id);
    t.check(back.length === 0, 'nothing back', `<${back[0]?.name} type='${back[0]?.attrs['type'] ?? ''}'>`);
  },
});

export const iqJidMalformed = defineCase({
  id: 'rfc6120/stanza/to-malformed-jid',
  title: "an iq whose 'to' is not a valid JID ('@' and an empty localpart) is refused as malformed (<jid-malformed/> or <bad-request/>)",
  area: 'stanza',
  role: 'server',
  refs: [
    { rfc: 6120, section: '8.3.1', level: 'MUST' },
    { rfc: 7622, section: '3.3', level: 'MUST NOT' },
  ],
  requirements: ['rfc6120-8.3.1-iq-error-required', 'rfc7622-3.3-localpart-nonempty'],
  tags: ['routing', 'errors', 'address'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    const res = await a.iq(el('iq', { type: 'get', to: `@${t.target.domain}` }, el('query', { xmlns: 'urn:xmpp-conformance:unknown:0' })));
    t.check(res.attrs['type'] === 'error', "an iq of type 'error'", `type='${res.attrs['type'] ?? ''}'`);
    const { condition } = errorOf(t, res);
    // RFC 6120 §8.3.3.8 names <jid-malformed/> for this, but no rule requires that one condition:
    // <bad-request/> or <not-acceptable/> refuse the address too (see suites/address/invalid.ts).
    t.check(REFUSING_CONDITIONS.includes(condition ?? ''), '<jid-malformed/> (or <bad-request/>, <not-acceptable/>)', `<${condition ?? 'no condition'}/>`);
    if (condition !== 'jid-malformed') t.note(`refused with <${condition}/> (RFC 6120 §8.3.3.8 names <jid-malformed/>)`);
  },
});

export const remoteDomainError = defineCase({
  id: 'rfc6120/stanza/remote-domain-unreachable',
  title: 'an iq to a domain that cannot be reached gets <remote-server-not-found/> or <remote-server-timeout/>',
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '10.4.3', level: 'MUST' }],
  requirements: ['rfc6120-10.4.3-remote-error', 'rfc6120-10.4.3-remote-server-not-found'],
  tags: ['routing', 'errors', 's2s'],
  needs: { accounts: 1 },
  async run(t) {
    // '.invalid' never resolves (RFC 6761 §6.4): libunbound answers it itself and the lab DNS refuses it.
    const a = await t.login(0);
    const res = await a.iq(el('iq', { type: 'get', to: `xc-someone@xc-remote-${t.id()}.invalid` }, el('query', { xmlns: 'urn:xmpp-conformance:unknown:0' })));
    t.check(res.attrs['type'] === 'error', "an iq of type 'error'", `type='${res.attrs['type'] ?? ''}'`);
    const { condition } = errorOf(t, res);
    // §10.4 makes inter-domain routing a matter of local policy; a server that refuses it outright
    // never attempts the routing whose failure §10.4.3 describes.
    if (['not-allowed', 'service-unavailable', 'feature-not-implemented'].includes(condition ?? '')) {
      t.skip(`the server does not route to other domains (answered <${condition}/>), so §10.4.3 is not exercised`);
    }
    const ok = ['remote-server-not-found', 'remote-server-timeout'];
    t.check(ok.includes(condition ?? ''), ok.map((c) => `<${c}/>`).join(' or '), `<${condition ?? 'no condition'}/>`);
  },
});

export const inOrder = defineCase({
  id: 'rfc6120/stanza/in-order-delivery',
  title: 'messages from one client to another arrive in the order sent, and iq answers come back in the order asked',
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '10.1', level: 'MUST' }],
  requirements: ['rfc6120-10.1-in-order', 'rfc6120-10.1-in-order-local-delivery'],
  tags: ['routing', 'message'],
  needs: { accounts: 2 },
  async run(t) {
    const [a, b] = await twoOnline(t);
    const ids = Array.from({ length: 6 }, () => t.id());
    for (const id of ids) a.send(el('message', { id, type: 'chat', to: b.jid ?? '' }, el('body', {}, id)));
    const got: string[] = [];
    while (got.length < ids.length) {
      const m = await b.nextWhere(`message ${got.length + 1} of ${ids.length}`, (e) => e.name === 'message' && ids.includes(e.attrs['id'] ?? ''));
      got.push(m.attrs['id'] ?? '');
    }
    t.check(got.join() === ids.join(), `messages in the order sent (${ids.join(', ')})`, got.join(', '));
    const pings = Array.from({ length: 6 }, () => t.id());
    for (const id of pings) a.send(el('iq', { id, type: 'get', to: t.target.domain }, el('ping', { xmlns: 'urn:xmpp:ping' })));
    const answers: string[] = [];
    while (answers.length < pings.length) {
      const answer = await a.nextWhere(`ping answer ${answers.length + 1} of ${pings.length}`, (e) => e.name === 'iq' && pings.includes(e.attrs['id'] ?? ''));
      answers.push(answer.attrs['id'] ?? '');
    }
    t.check(answers.join() === pings.join(), 'iq answers in the order asked', answers.join(', '));
  },
});

export const domainResource = defineCase({
  id: 'rfc6120/stanza/iq-to-domain-resource',
  title: "an iq to the server's domain with a resource ('domain/resource') is handled or answered with an error",
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '10.5.2', level: 'MUST' }],
  requirements: ['rfc6120-10.5.2-domain-resource-handle-or-error'],
  tags: ['routing', 'iq'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    const res = await a.iq(el('iq', { type: 'get', to: `${t.target.domain}/xc-${t.id()}` }, el('query', { xmlns: 'urn:xmpp-conformance:unknown:0' })));
    t.note(`answered with type='${res.attrs['type'] ?? ''}'${res.attrs['type'] === 'error' ? ` <${errorOf(t, res).condition ?? '?'}/>` : ''}`);
  },
});
