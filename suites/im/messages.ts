// RFC 6121 §8.5: delivery of messages by type to bare and full JIDs, priorities, offline users.
import { defineCase } from '../../harness/cases/index.js';
import { el } from '../../harness/xml/index.js';
import { bareJid, sameJid } from '../../harness/jid/index.js';
import { errorOf } from '../steps.js';
import { arrivedBy, online, receivedAsSent, settle, twoOnline } from '../im-steps.js';

const MSG = { area: 'im' as const, role: 'server' as const, needs: { accounts: 2, serial: true } };
const isMsg = (id: string) => (e: { name: string; attrs: Record<string, string> }) => e.name === 'message' && e.attrs['id'] === id;

export const chatToBareOne = defineCase({
  ...MSG,
  id: 'rfc6121/im/chat-to-bare-jid-delivered',
  title: "a chat message to a bare JID with one available resource is delivered to it, with the bare JID kept in 'to'",
  refs: [{ rfc: 6121, section: '8.5.2.1.1', level: 'MUST' }],
  requirements: ['rfc6121-8.5.2.1.1-deliver-single-resource', 'rfc6121-8.5.2.1.1-no-to-rewrite'],
  tags: ['message', 'delivery'],
  async run(t) {
    const [a, b] = await twoOnline(t);
    const id = t.id();
    const sent = el('message', { id, type: 'chat', to: bareJid(b.jid) }, el('body', {}, 'hi'));
    a.send(sent);
    const got = await receivedAsSent(t, b, sent);
    t.check(sameJid(got.attrs['to'], bareJid(b.jid)), `to='${bareJid(b.jid)}' (not rewritten)`, `to='${got.attrs['to'] ?? ''}'`);
  },
});

export const negativePriority = defineCase({
  ...MSG,
  id: 'rfc6121/im/no-delivery-to-negative-priority',
  title: 'a message to a bare JID is never delivered to a resource with negative priority',
  refs: [{ rfc: 6121, section: '8.5.2.1.1', level: 'MUST NOT' }],
  requirements: ['rfc6121-8.5.2.1.1-no-negative-priority'],
  tags: ['message', 'delivery', 'priority'],
  async run(t) {
    const a = await online(t, 0, { resetRoster: false });
    const bNeg = await online(t, 1, { resetRoster: false, presence: -1, actor: 'b-neg' });
    const bPos = await online(t, 1, { resetRoster: false, presence: 1, actor: 'b-pos' });
    const id = t.id();
    a.send(el('message', { id, type: 'chat', to: bareJid(bPos.jid) }, el('body', {}, 'priority')));
    await bPos.waitFor(el('message', { id }));
    const atNeg = await arrivedBy(bNeg, isMsg(id));
    t.check(atNeg.length === 0, 'nothing at the priority -1 resource', 'delivered there too');
  },
});

export const highestPriority = defineCase({
  ...MSG,
  id: 'rfc6121/im/chat-to-most-available-resource',
  title: 'with resources at priority 1 and 5, a chat message to the bare JID reaches the priority-5 one',
  refs: [{ rfc: 6121, section: '8.5.2.1.1', level: 'MUST' }],
  requirements: ['rfc6121-8.5.2.1.1-most-available'],
  tags: ['message', 'delivery', 'priority'],
  async run(t) {
    // §8.5.2.1.1: the "most available" resource(s) or all non-negative ones; either way priority 5 gets it.
    const a = await online(t, 0, { resetRoster: false });
    const low = await online(t, 1, { resetRoster: false, presence: 1, actor: 'b-low' });
    const high = await online(t, 1, { resetRoster: false, presence: 5, actor: 'b-high' });
    const id = t.id();
    const sent = el('message', { id, type: 'chat', to: bareJid(high.jid) }, el('body', {}, 'to the top'));
    a.send(sent);
    await receivedAsSent(t, high, sent);
    const atLow = await arrivedBy(low, isMsg(id));
    t.note(atLow.length ? 'the server delivered to all non-negative resources' : 'the server delivered to the highest-priority resource only');
  },
});

export const groupchatToBare = defineCase({
  ...MSG,
  id: 'rfc6121/im/groupchat-to-bare-jid-refused',
  title: "a groupchat message to a user's bare JID is not delivered and gets an error",
  refs: [{ rfc: 6121, section: '8.5.2.1.1', level: 'MUST' }],
  requirements: ['rfc6121-8.5.2.1.1-groupchat-error'],
  tags: ['message', 'delivery', 'errors'],
  async run(t) {
    const [a, b] = await twoOnline(t);
    const id = t.id();
    a.send(el('message', { id, type: 'groupchat', to: bareJid(b.jid) }, el('body', {}, 'room?')));
    const err = await a.waitFor(el('message', { id, type: 'error' }));
    const { condition } = errorOf(t, err);
    if (condition !== 'service-unavailable') t.note(`server chose <${condition}/> (the RFC suggests <service-unavailable/>)`);
    const atB = await arrivedBy(b, isMsg(id));
    t.check(atB.length === 0, 'nothing delivered to the user', 'delivered');
  },
});

export const headlineToAll = defineCase({
  ...MSG,
  id: 'rfc6121/im/headline-to-all-non-negative',
  title: 'a headline to a bare JID reaches every non-negative resource',
  refs: [{ rfc: 6121, section: '8.5.2.1.1', level: 'MUST' }],
  requirements: ['rfc6121-8.5.2.1.1-headline-all'],
  tags: ['message', 'delivery'],
  async run(t) {
    const a = await online(t, 0, { resetRoster: false });
    const b1 = await online(t, 1, { resetRoster: false, presence: 1, actor: 'b1' });
    const b2 = await online(t, 1, { resetRoster: false, presence: 3, actor: 'b2' });
    const id = t.id();
    const sent = el('message', { id, type: 'headline', to: bareJid(b1.jid) }, el('body', {}, 'news'));
    a.send(sent);
    await receivedAsSent(t, b1, sent);
    await receivedAsSent(t, b2, sent);
  },
});

export const errorMessageIgnored = defineCase({
  ...MSG,
  id: 'rfc6121/im/error-message-to-bare-jid-ignored',
  title: 'a message of type error to a bare JID is silently dropped',
  refs: [{ rfc: 6121, section: '8.5.2.1.1', level: 'MUST' }],
  requirements: ['rfc6121-8.5.2.1.1-error-ignored'],
  tags: ['message', 'delivery'],
  async run(t) {
    const [a, b] = await twoOnline(t);
    const id = t.id();
    a.sendRaw(
      `<message id='${id}' type='error' to='${bareJid(b.jid)}'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`,
    );
    await settle(a);
    const atB = await arrivedBy(b, isMsg(id));
    const back = await arrivedBy(a, isMsg(id));
    t.check(atB.length === 0 && back.length === 0, 'neither delivered nor answered', `${atB.length} delivered, ${back.length} answered`);
  },
});

export const offlineMessage = defineCase({
  ...MSG,
  id: 'rfc6121/im/chat-to-offline-user',
  title: 'a chat message to a user with no resource online is stored and delivered later, or refused with an error',
  refs: [{ rfc: 6121, section: '8.5.2.2.1', level: 'SHOULD' }],
  requirements: ['rfc6121-8.5.2.2.1-offline-or-error', 'rfc6120-10.5.3.2-message-offline-or-error'],
  tags: ['message', 'offline'],
  async run(t) {
    const a = await online(t, 0, { resetRoster: false });
    const bJid = t.account(1).jid;
    const id = t.id();
    a.send(el('message', { id, type: 'chat', to: bJid }, el('body', {}, 'while you were out')));
    const back = await arrivedBy(a, isMsg(id));
    if (back.length > 0) {
      const { condition } = errorOf(t, back[0] as never);
      t.check(back[0]?.attrs['type'] === 'error', 'an error (no offline storage)', `type='${back[0]?.attrs['type']}'`);
      t.note(`no offline storage: <${condition}/>`);
      return;
    }
    const b = await online(t, 1, { resetRoster: false, presence: false });
    b.send(el('presence'));
    await b.waitFor(el('message', { id }));
    t.note('stored offline and delivered on login');
  },
});

export const fullJidGone = defineCase({
  ...MSG,
  id: 'rfc6121/im/chat-to-gone-resource',
  title: "a chat message to a full JID that is not connected goes to the account's available resource",
  refs: [{ rfc: 6121, section: '8.5.3.2.1', level: 'MUST' }],
  requirements: ['rfc6121-8.5.3.2.1-chat-as-bare'],
  tags: ['message', 'delivery'],
  async run(t) {
    const [a, b] = await twoOnline(t);
    const id = t.id();
    const sent = el('message', { id, type: 'chat', to: `${bareJid(b.jid)}/xc-gone-${t.id()}` }, el('body', {}, 'anyone'));
    a.send(sent);
    await receivedAsSent(t, b, sent);
  },
});

export const iqToGoneResource = defineCase({
  ...MSG,
  id: 'rfc6121/im/iq-to-gone-resource',
  title: 'an iq to a full JID that is not connected gets <service-unavailable/>',
  refs: [{ rfc: 6121, section: '8.5.3.2.3', level: 'MUST' }],
  requirements: ['rfc6121-8.5.3.2.3-iq-service-unavailable'],
  tags: ['iq', 'delivery', 'errors'],
  async run(t) {
    const a = await online(t, 0, { resetRoster: false });
    // A payload no one understands: answered for the bare JID (RFC 6120 §10.5.4, §10.5.3.2) it also
    // gets <service-unavailable/> (§8.4), so the two RFCs ask the same here (a ping could be
    // answered with a result on the account's behalf).
    const res = await a.iq(el('iq', { type: 'get', to: `${t.account(1).jid}/xc-gone-${t.id()}` }, el('query', { xmlns: 'urn:xmpp-conformance:unknown:0' })));
    t.check(
      res.attrs['type'] === 'error' && errorOf(t, res).condition === 'service-unavailable',
      '<service-unavailable/>',
      `type='${res.attrs['type']}' <${errorOf(t, res).condition ?? ''}/>`,
    );
  },
});

export const iqToStranger = defineCase({
  ...MSG,
  id: 'rfc6121/im/iq-to-stranger-not-delivered',
  title: 'an iq to the full JID of a user who shares no presence with the sender gets <service-unavailable/>',
  refs: [{ rfc: 6121, section: '8.5.3.1', level: 'SHOULD NOT' }],
  requirements: ['rfc6121-8.5.3.1-iq-no-presence-sharing'],
  tags: ['iq', 'privacy'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    const id = t.id();
    a.send(el('iq', { id, type: 'get', to: b.jid ?? '' }, el('query', { xmlns: 'urn:xmpp-conformance:unknown:0' })));
    const delivered = await arrivedBy(b, (e) => e.name === 'iq' && e.attrs['id'] === id);
    t.check(delivered.length === 0, 'the iq not delivered', 'delivered to the stranger');
    const res = await a.waitFor(el('iq', { id }));
    t.check(errorOf(t, res).condition === 'service-unavailable', '<service-unavailable/>', `<${errorOf(t, res).condition ?? res.attrs['type']}/>`);
  },
});

export const presenceToGoneResource = defineCase({
  ...MSG,
  id: 'rfc6121/im/presence-to-gone-resource-ignored',
  title: 'available presence directed to a full JID that is not connected is dropped',
  refs: [{ rfc: 6121, section: '8.5.3.2.2', level: 'MUST' }],
  requirements: ['rfc6121-8.5.3.2.2-presence-ignored'],
  tags: ['presence', 'delivery'],
  async run(t) {
    const [a, b] = await twoOnline(t);
    const id = t.id();
    a.send(el('presence', { id, to: `${bareJid(b.jid)}/xc-gone-${t.id()}` }));
    await settle(a);
    const atB = await arrivedBy(b, (e) => e.name === 'presence' && e.attrs['id'] === id);
    const back = await arrivedBy(a, (e) => e.attrs['id'] === id);
    t.check(atB.length === 0 && back.length === 0, 'dropped silently', `${atB.length} delivered, ${back.length} answered`);
  },
});
export * from './message-rules.js';
