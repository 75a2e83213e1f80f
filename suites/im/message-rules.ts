// RFC 6121 §5.2.2 and §8.5 (second batch): normal and headline messages to bare and full JIDs,
// non-chat messages to resources that are gone, messages for users with no resource, and iqs
// to a user's bare JID, which the server answers itself.
import { defineCase } from '../../harness/cases/index.js';
import type { Session } from '../../harness/session/index.js';
import { el } from '../../harness/xml/index.js';
import type { XmlElement } from '../../harness/xml/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { errorOf } from '../steps.js';
import { arrivedBy, nextMatching, online, settle, twoOnline } from '../im-steps.js';

const MSG = { area: 'im' as const, role: 'server' as const, needs: { accounts: 2, serial: true } };
const withId =
  (id: string) =>
  (e: XmlElement): boolean =>
    e.attrs['id'] === id;
const isMsg =
  (id: string) =>
  (e: XmlElement): boolean =>
    e.name === 'message' && e.attrs['id'] === id && e.attrs['type'] !== 'error';
const UNKNOWN_NS = 'urn:xmpp-conformance:unknown:0';

/** A message of `type` (undefined: no 'type' attribute, i.e. normal). */
function message(id: string, to: string, type: string | undefined, body: string): XmlElement {
  return el('message', { id, to, ...(type !== undefined ? { type } : {}) }, el('body', {}, body));
}

/** Waits for the message at `s`. */
const delivered = (s: Session, id: string, what: string): Promise<XmlElement> => nextMatching(s, what, isMsg(id));

export const normalToBareOne = defineCase({
  ...MSG,
  id: 'rfc6121/im/normal-to-bare-jid-delivered',
  title: "a message without a 'type' (normal) to a bare JID with one available resource is delivered to it",
  refs: [{ rfc: 6121, section: '8.5.2.1.1', level: 'MUST' }],
  requirements: ['rfc6121-8.5.2.1.1-normal-single-resource'],
  tags: ['message', 'delivery'],
  async run(t) {
    const [a, b] = await twoOnline(t);
    const id = t.id();
    a.send(message(id, bareJid(b.jid), undefined, 'normal'));
    await delivered(b, id, 'the normal message');
  },
});

export const normalToBareSeveral = defineCase({
  ...MSG,
  id: 'rfc6121/im/normal-to-bare-jid-most-available',
  title: 'a normal message to a bare JID with resources at priority 1 and 5 reaches the priority-5 one (or all non-negative ones)',
  refs: [{ rfc: 6121, section: '8.5.2.1.1', level: 'MUST' }],
  requirements: ['rfc6121-8.5.2.1.1-normal-multiple'],
  tags: ['message', 'delivery', 'priority'],
  async run(t) {
    const a = await online(t, 0, { resetRoster: false });
    const low = await online(t, 1, { resetRoster: false, presence: 1, actor: 'b-low' });
    const high = await online(t, 1, { resetRoster: false, presence: 5, actor: 'b-high' });
    const id = t.id();
    a.send(message(id, bareJid(high.jid), 'normal', 'most available'));
    await delivered(high, id, 'the message at the priority-5 resource');
    const atLow = await arrivedBy(low, isMsg(id));
    t.note(atLow.length ? 'the server delivered to all non-negative resources' : 'the server delivered to the most available resource only');
  },
});

export const headlineToBareOne = defineCase({
  ...MSG,
  id: 'rfc6121/im/headline-to-bare-jid-delivered',
  title: 'a headline to a bare JID whose only resource has priority 0 is delivered to it',
  refs: [
    { rfc: 6121, section: '8.5.2.1.1', level: 'MUST' },
    { rfc: 6121, section: '5.2.2', level: 'MUST' },
  ],
  requirements: ['rfc6121-8.5.2.1.1-headline-single', 'rfc6121-5.2.2-headline-bare-at-least-one'],
  tags: ['message', 'delivery', 'headline'],
  async run(t) {
    const [a, b] = await twoOnline(t);
    const id = t.id();
    a.send(message(id, bareJid(b.jid), 'headline', 'news'));
    await delivered(b, id, 'the headline');
  },
});

export const headlineToNegativeOnly = defineCase({
  ...MSG,
  id: 'rfc6121/im/headline-to-negative-priority-dropped',
  title: 'a headline to a bare JID whose only resource has negative priority is dropped silently',
  refs: [{ rfc: 6121, section: '8.5.2.1.1', level: 'MUST' }],
  requirements: ['rfc6121-8.5.2.1.1-headline-negative-ignore'],
  tags: ['message', 'delivery', 'headline', 'priority'],
  async run(t) {
    const a = await online(t, 0, { resetRoster: false });
    const b = await online(t, 1, { resetRoster: false, presence: -1 });
    const id = t.id();
    a.send(message(id, bareJid(b.jid), 'headline', 'nobody positive'));
    await settle(a);
    const atB = await arrivedBy(b, isMsg(id));
    const back = await arrivedBy(a, withId(id));
    t.check(atB.length === 0 && back.length === 0, 'dropped silently', `${atB.length} delivered to the priority -1 resource, ${back.length} answered`);
  },
});

export const headlineToFull = defineCase({
  ...MSG,
  id: 'rfc6121/im/headline-to-full-jid-delivered',
  title: 'a headline to a connected full JID is delivered to that resource',
  refs: [{ rfc: 6121, section: '5.2.2', level: 'MUST' }],
  requirements: ['rfc6121-5.2.2-headline-full-match'],
  tags: ['message', 'delivery', 'headline'],
  async run(t) {
    const [a, b] = await twoOnline(t);
    const id = t.id();
    a.send(message(id, b.jid ?? '', 'headline', 'for this resource'));
    await delivered(b, id, 'the headline');
  },
});

export const nonChatToGoneResource = defineCase({
  ...MSG,
  id: 'rfc6121/im/non-chat-to-gone-resource-not-redirected',
  title: 'normal, headline and groupchat messages to a full JID that is not connected are dropped or bounced, never given to another resource',
  refs: [
    { rfc: 6121, section: '8.5.3.2.1', level: 'MUST' },
    { rfc: 6121, section: '5.2.2', level: 'MUST' },
  ],
  requirements: ['rfc6121-8.5.3.2.1-normal-groupchat-headline-ignore-or-error', 'rfc6121-5.2.2-headline-otherwise-ignore-or-error'],
  tags: ['message', 'delivery'],
  async run(t) {
    const [a, b] = await twoOnline(t);
    const gone = `${bareJid(b.jid)}/xc-gone-${t.id()}`;
    const sent = ['normal', 'headline', 'groupchat'].map((type) => ({ type, id: t.id() }));
    for (const m of sent) a.send(message(m.id, gone, m.type, m.type));
    await settle(a);
    const atB = await arrivedBy(b, (e) => e.name === 'message' && sent.some((m) => m.id === e.attrs['id']));
    const answers = await arrivedBy(a, (e) => sent.some((m) => m.id === e.attrs['id']));
    t.check(atB.length === 0, 'none delivered to the connected resource', atB.map((e) => `${e.attrs['type'] ?? 'normal'} delivered`).join(', '));
    const bad = answers.filter((e) => e.attrs['type'] !== 'error');
    t.check(bad.length === 0, 'silence or an error', `<${bad[0]?.name} type='${bad[0]?.attrs['type'] ?? ''}'>`);
    const how = sent.map((m) => {
      const e = answers.find((x) => x.attrs['id'] === m.id);
      return `${m.type}: ${e ? `<${errorOf(t, e).condition ?? '?'}/>` : 'dropped'}`;
    });
    t.note(how.join(', '));
  },
});

export const errorToGoneResource = defineCase({
  ...MSG,
  id: 'rfc6121/im/error-to-gone-resource-dropped',
  title: "a message of type 'error' to a full JID that is not connected is dropped silently",
  refs: [{ rfc: 6121, section: '8.5.3.2.1', level: 'MUST' }],
  requirements: ['rfc6121-8.5.3.2.1-error-ignored'],
  tags: ['message', 'delivery', 'errors'],
  async run(t) {
    const [a, b] = await twoOnline(t);
    const id = t.id();
    a.send(
      el(
        'message',
        { id, type: 'error', to: `${bareJid(b.jid)}/xc-gone-${t.id()}` },
        el('error', { type: 'cancel' }, el('service-unavailable', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' })),
      ),
    );
    await settle(a);
    const atB = await arrivedBy(b, withId(id));
    const back = await arrivedBy(a, withId(id));
    t.check(atB.length === 0 && back.length === 0, 'dropped silently', `${atB.length} delivered, ${back.length} answered`);
  },
});

/** Account 1 has no session at all: nothing to log out; the case just never logs it in before sending. */
export const groupchatToOffline = defineCase({
  ...MSG,
  id: 'rfc6121/im/groupchat-to-offline-user-bounced',
  title: 'a groupchat message to a user with no resources is bounced with an error and not stored',
  refs: [{ rfc: 6121, section: '8.5.2.2.1', level: 'MUST' }],
  requirements: ['rfc6121-8.5.2.2.1-groupchat-error'],
  tags: ['message', 'offline', 'errors'],
  async run(t) {
    const a = await online(t, 0, { resetRoster: false });
    const id = t.id();
    a.send(message(id, t.account(1).jid, 'groupchat', 'room?'));
    const err = await nextMatching(a, 'an error for the groupchat message', (e) => e.name === 'message' && e.attrs['id'] === id && e.attrs['type'] === 'error');
    const { condition } = errorOf(t, err);
    if (condition !== 'service-unavailable') t.note(`server chose <${condition ?? 'none'}/> (the RFC prefers <service-unavailable/>)`);
    const b = await online(t, 1, { resetRoster: false });
    const stored = await arrivedBy(b, isMsg(id));
    t.check(stored.length === 0, 'not stored for the user', 'delivered when the user came online');
  },
});

export const headlineToOffline = defineCase({
  ...MSG,
  id: 'rfc6121/im/headline-to-offline-user-not-stored',
  title: 'headline and error messages to a user with no resources are dropped silently, not stored for later',
  refs: [{ rfc: 6121, section: '8.5.2.2.1', level: 'MUST' }],
  requirements: ['rfc6121-8.5.2.2.1-headline-error-ignored'],
  tags: ['message', 'offline', 'headline'],
  async run(t) {
    const a = await online(t, 0, { resetRoster: false });
    const to = t.account(1).jid;
    const hid = t.id();
    const eid = t.id();
    a.send(message(hid, to, 'headline', 'old news'));
    a.send(
      el(
        'message',
        { id: eid, type: 'error', to },
        el('error', { type: 'cancel' }, el('service-unavailable', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' })),
      ),
    );
    const back = await arrivedBy(a, (e) => e.attrs['id'] === hid || e.attrs['id'] === eid);
    t.check(
      back.length === 0,
      'no answer (dropped silently)',
      back.map((e) => `<${e.name} type='${e.attrs['type'] ?? ''}' id='${e.attrs['id'] ?? ''}'>`).join(', '),
    );
    const b = await online(t, 1, { resetRoster: false });
    const stored = await arrivedBy(b, (e) => e.name === 'message' && (e.attrs['id'] === hid || e.attrs['id'] === eid));
    t.check(stored.length === 0, 'nothing stored for the user', stored.map((e) => `${e.attrs['type'] ?? ''} delivered on login`).join(', '));
  },
});

// ── iq to a user's bare JID (RFC 6121 §8.5.2.1.3, §8.5.2.2.3) ──

function unknownIq(id: string, to: string): XmlElement {
  return el('iq', { id, type: 'get', to }, el('query', { xmlns: UNKNOWN_NS }));
}

export const iqToBareAnswered = defineCase({
  ...MSG,
  id: 'rfc6121/im/iq-to-bare-jid-answered-by-server',
  title: "an iq in an unknown namespace to another user's bare JID is answered by the server with <service-unavailable/> and not passed on",
  refs: [
    { rfc: 6121, section: '8.5.2.1.3', level: 'MUST' },
    { rfc: 6121, section: '8.5.2.1.3', level: 'MUST NOT' },
  ],
  requirements: ['rfc6121-8.5.2.1.3-iq-server-replies', 'rfc6121-8.5.2.1.3-iq-not-delivered', 'rfc6121-8.5.2.1.3-iq-service-unavailable'],
  tags: ['iq', 'delivery', 'errors'],
  async run(t) {
    const [a, b] = await twoOnline(t);
    const id = t.id();
    a.send(unknownIq(id, bareJid(b.jid)));
    await settle(a);
    const passed = await arrivedBy(b, (e) => e.name === 'iq' && e.attrs['id'] === id);
    t.check(passed.length === 0, "the iq not delivered to the user's resources", `delivered to ${b.jid ?? ''}`);
    const res = await nextMatching(a, 'the answer to the iq', (e) => e.name === 'iq' && e.attrs['id'] === id);
    const { condition } = errorOf(t, res);
    t.check(
      res.attrs['type'] === 'error' && condition === 'service-unavailable',
      '<service-unavailable/>',
      `type='${res.attrs['type'] ?? ''}' <${condition ?? ''}/>`,
    );
  },
});

export const iqToOfflineBare = defineCase({
  ...MSG,
  id: 'rfc6121/im/iq-to-offline-bare-jid-answered',
  title: 'an iq in an unknown namespace to the bare JID of a user with no resources is answered with <service-unavailable/>',
  refs: [{ rfc: 6121, section: '8.5.2.2.3', level: 'MUST' }],
  requirements: ['rfc6121-8.5.2.2.3-iq-server-replies', 'rfc6121-8.5.2.2.3-iq-service-unavailable'],
  tags: ['iq', 'offline', 'errors'],
  async run(t) {
    const a = await online(t, 0, { resetRoster: false });
    const id = t.id();
    a.send(unknownIq(id, t.account(1).jid));
    const res = await nextMatching(a, 'the answer to the iq', (e) => e.name === 'iq' && e.attrs['id'] === id);
    const { condition } = errorOf(t, res);
    t.check(
      res.attrs['type'] === 'error' && condition === 'service-unavailable',
      '<service-unavailable/>',
      `type='${res.attrs['type'] ?? ''}' <${condition ?? ''}/>`,
    );
  },
});
