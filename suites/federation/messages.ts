// Messages between accounts on two federating lab servers (RFC 6120 §10.4 routing to a remote
// domain, RFC 6121 §8.5 delivery at the recipient's server).
import { defineFederationCase } from '../../harness/federation/index.js';
import { el, type XmlElement } from '../../harness/xml/index.js';
import { bareJid, sameBareJid, sameJid } from '../../harness/jid/index.js';
import { childText, stanzaErrorCondition } from '../../harness/xml/index.js';
import { acrossAndBack, nextMatching, pair } from './steps.js';

const chat = (to: string, id: string, body: string, ...extra: XmlElement[]): XmlElement =>
  el('message', { to, id, type: 'chat' }, el('body', {}, body), ...extra);

export const messageToBareJid = defineFederationCase({
  id: 'rfc6121/federation/message-to-bare-jid',
  title: "a chat message to a contact's bare JID on the other domain reaches the contact's resource, body and 'from' intact",
  refs: [
    { rfc: 6120, section: '10.4', level: 'SHOULD' },
    { rfc: 6121, section: '8.5.2.1.1', level: 'MUST' },
  ],
  requirements: [
    'rfc6120-10.4-route-remote',
    'rfc6121-8.5.2.1.1-deliver-single-resource',
    'rfc6120-8.1.2.1-stamp-full-jid',
    'rfc6120-10.5.3.2-message-deliver-connected',
  ],
  tags: ['message'],
  async run(t) {
    const [a, b] = await pair(t);
    const id = t.id();
    a.send(chat(bareJid(b.jid), id, `hello across ${id}`));
    const got = await t.step('wait for the message at the contact', () =>
      nextMatching(b, `message ${id}`, (e) => e.name === 'message' && e.attrs['id'] === id),
    );
    t.check(got.attrs['type'] !== 'error', 'the message delivered', 'an error bounce');
    t.check(childText(got, 'body') === `hello across ${id}`, `<body/> '${`hello across ${id}`}'`, `<body/> ${JSON.stringify(childText(got, 'body'))}`);
    t.check(sameJid(got.attrs['from'], a.jid), `from='${a.jid ?? ''}' (the sender's full JID)`, `from='${got.attrs['from'] ?? ''}'`, {
      rfc: 6120,
      section: '8.1.2.1',
      level: 'MUST',
    });
  },
});

export const messageToFullJid = defineFederationCase({
  id: 'rfc6121/federation/message-to-full-jid',
  title: 'a chat message to a full JID on the other domain reaches exactly that resource with its body and from',
  refs: [{ rfc: 6121, section: '8.5.3.1', level: 'MUST' }],
  requirements: ['rfc6121-8.5.3.1-deliver-full-jid', 'rfc6120-10.5.4-deliver-full-jid', 'rfc6120-10.4-route-remote'],
  tags: ['message'],
  async run(t) {
    const [a, b] = await pair(t);
    const id = t.id();
    a.send(chat(b.jid ?? '', id, `full ${id}`));
    const got = await t.step('wait for the message at the resource', () =>
      nextMatching(b, `message ${id}`, (e) => e.name === 'message' && e.attrs['id'] === id),
    );
    t.check(got.attrs['type'] !== 'error', 'the message delivered', 'an error bounce');
    t.check(childText(got, 'body') === `full ${id}`, `<body/> 'full ${id}'`, `<body/> ${JSON.stringify(childText(got, 'body'))}`);
    t.check(sameJid(got.attrs['from'], a.jid), `from='${a.jid ?? ''}'`, `from='${got.attrs['from'] ?? ''}'`, { rfc: 6120, section: '8.1.2.1', level: 'MUST' });
    t.check(sameJid(got.attrs['to'], b.jid), `to='${b.jid ?? ''}' kept`, `to='${got.attrs['to'] ?? ''}'`);
  },
});

export const messageBothWays = defineFederationCase({
  id: 'rfc6121/federation/message-reply-comes-back',
  title: "a reply from the other domain to the sender's full JID comes back over the federation",
  refs: [{ rfc: 6121, section: '8.5.3.1', level: 'MUST' }],
  // not 'rfc6121-5.2.1-reply-to-full-jid': a client rule, which the case's own client keeps
  requirements: ['rfc6121-8.5.3.1-deliver-full-jid', 'rfc6120-10.4-route-remote'],
  tags: ['message'],
  async run(t) {
    const [a, b] = await pair(t);
    const id = t.id();
    a.send(chat(bareJid(b.jid), id, 'ping?'));
    const got = await nextMatching(b, `message ${id}`, (e) => e.name === 'message' && e.attrs['id'] === id);
    const rid = `${id}-reply`;
    b.send(chat(got.attrs['from'] ?? '', rid, 'pong!'));
    const reply = await t.step('wait for the reply at the sender', () =>
      nextMatching(a, `message ${rid}`, (e) => e.name === 'message' && e.attrs['id'] === rid),
    );
    t.check(
      reply.attrs['type'] !== 'error' && childText(reply, 'body') === 'pong!',
      "the reply with <body/> 'pong!'",
      `type='${reply.attrs['type'] ?? ''}' <body/> ${JSON.stringify(childText(reply, 'body'))}`,
    );
    t.check(sameJid(reply.attrs['from'], b.jid), `from='${b.jid ?? ''}'`, `from='${reply.attrs['from'] ?? ''}'`);
  },
});

export const messagePayloadUnchanged = defineFederationCase({
  id: 'rfc6120/federation/message-payload-unchanged',
  title: 'subject, thread and an unknown extension element cross the federation unchanged',
  refs: [{ rfc: 6120, section: '8.4', level: 'MUST' }],
  requirements: ['rfc6120-8.4-route-unknown-unmodified'],
  tags: ['message'],
  async run(t) {
    const [a, b] = await pair(t);
    const id = t.id();
    const ext = el('x', { xmlns: 'urn:xmpp-conformance:federation', n: '1' }, el('item', { k: 'v' }, 'payload'));
    a.send(el('message', { to: b.jid ?? '', id, type: 'chat' }, el('subject', {}, 'subj'), el('body', {}, 'with payload'), el('thread', {}, `th-${id}`), ext));
    const got = await nextMatching(b, `message ${id}`, (e) => e.name === 'message' && e.attrs['id'] === id);
    t.check(childText(got, 'subject') === 'subj', "<subject/> 'subj'", `${JSON.stringify(childText(got, 'subject'))}`);
    t.check(childText(got, 'thread') === `th-${id}`, `<thread/> 'th-${id}'`, `${JSON.stringify(childText(got, 'thread'))}`);
    const x = got.children.find((c): c is XmlElement => typeof c === 'object' && c.name === 'x' && c.ns === 'urn:xmpp-conformance:federation');
    const item = x?.children.find((c): c is XmlElement => typeof c === 'object' && c.name === 'item');
    t.check(
      x !== undefined && x.attrs['n'] === '1' && item?.attrs['k'] === 'v' && childText(x, 'item') === 'payload',
      "the <x xmlns='urn:xmpp-conformance:federation' n='1'><item k='v'>payload</item></x> extension unchanged",
      x ? `an <x/> with n='${x.attrs['n'] ?? ''}' item ${JSON.stringify(item?.attrs ?? {})}` : 'no such extension',
    );
  },
});

export const messagesInOrder = defineFederationCase({
  id: 'rfc6120/federation/messages-in-order',
  title: 'five messages to a remote contact, to bare and full JID alternately, arrive in the order sent',
  refs: [{ rfc: 6120, section: '10.1', level: 'MUST' }],
  // not 'rfc6120-10.1-single-s2s-stream': how many streams the servers open is not seen from the clients
  requirements: ['rfc6120-10.1-in-order-remote-routing', 'rfc6120-10.1-in-order-s2s-delivery'],
  tags: ['message', 'order'],
  async run(t) {
    const [a, b] = await pair(t);
    const base = t.id();
    const ids = [1, 2, 3, 4, 5].map((n) => `${base}-${n}`);
    ids.forEach((id, n) => a.send(chat(n % 2 ? (b.jid ?? '') : bareJid(b.jid), id, `number ${n + 1}`)));
    const seen: string[] = [];
    for (let n = 0; n < ids.length; n++) {
      const got = await nextMatching(b, `message ${n + 1} of 5`, (e) => e.name === 'message' && ids.includes(e.attrs['id'] ?? ''));
      seen.push(got.attrs['id'] ?? '');
    }
    t.check(
      seen.join(',') === ids.join(','),
      `the order sent (${ids.map((i) => i.split('-').pop()).join(',')})`,
      `the order ${seen.map((i) => i.split('-').pop()).join(',')}`,
    );
  },
});

export const messageToUnknownUser = defineFederationCase({
  id: 'rfc6121/federation/message-to-unknown-user',
  title: 'a message to an account that does not exist on the other domain is dropped or bounced with <service-unavailable/>',
  refs: [
    { rfc: 6121, section: '8.5.1', level: 'MUST' },
    { rfc: 6120, section: '10.4.3', level: 'MUST' },
  ],
  // not 'rfc6120-10.4.3-remote-delivery-error': the case lets the message be dropped silently
  requirements: ['rfc6121-8.5.1-message-ignore-or-error', 'rfc6120-10.5.3.1-message-no-such-user'],
  tags: ['message', 'error'],
  async run(t) {
    const [a] = await pair(t, { presence: false });
    const id = t.id();
    const nobody = `xc-nobody-${id}@${t.b.domain}`;
    a.send(chat(nobody, id, 'anyone there?'));
    // a bounce, if there is one, comes back before the answer to a ping sent after the message
    await acrossAndBack(a, t.b.domain);
    const bounce = a.takeReceived((e) => e.name === 'message' && e.attrs['id'] === id);
    if (!bounce) {
      t.note(`${t.b.server} dropped the message silently (allowed)`);
      return;
    }
    const cond = stanzaErrorCondition(bounce);
    t.check(bounce.attrs['type'] === 'error', "type='error' on the bounce", `type='${bounce.attrs['type'] ?? ''}'`);
    t.check(cond === 'service-unavailable', '<service-unavailable/>', cond ? `<${cond}/>` : 'no defined condition');
    t.check(sameBareJid(bounce.attrs['from'], nobody), `from='${nobody}' on the bounce`, `from='${bounce.attrs['from'] ?? ''}'`, {
      rfc: 6120,
      section: '8.3.1',
      level: 'MUST',
    });
    t.note(`${t.b.server} bounced the message with <service-unavailable/>`);
  },
});

export const messageToUnknownDomain = defineFederationCase({
  id: 'rfc6120/federation/message-to-unresolvable-domain',
  title: 'a message to a domain under the lab zone that has no records comes back as <remote-server-not-found/>',
  refs: [{ rfc: 6120, section: '10.4.3', level: 'MUST' }],
  requirements: ['rfc6120-10.4.3-remote-error', 'rfc6120-10.4.3-remote-server-not-found'],
  tags: ['message', 'error'],
  async run(t) {
    const [a] = await pair(t, { presence: false });
    const id = t.id();
    // a name the lab DNS answers NXDOMAIN for: nothing leaves the machine
    const to = `someone@xc-missing-${id}.lab.test`;
    a.send(chat(to, id, 'anyone?'));
    const bounce = await t.step('wait for the bounce', () =>
      nextMatching(a, `an error for message ${id}`, (e) => e.name === 'message' && e.attrs['id'] === id),
    );
    const cond = stanzaErrorCondition(bounce);
    t.check(bounce.attrs['type'] === 'error', "type='error'", `type='${bounce.attrs['type'] ?? ''}'`);
    t.check(cond === 'remote-server-not-found', '<remote-server-not-found/>', cond ? `<${cond}/>` : 'no defined condition');
  },
});
