// RFC 6121 §3: more of the subscription state machine — ordering of stanza and push, stored
// requests, unexpected cancellations, and requests addressed to full JIDs.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { barrier, fetchRoster, setRosterItem, type Session } from '../../harness/session/index.js';
import { el } from '../../harness/xml/index.js';
import type { XmlElement } from '../../harness/xml/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { arrivedBy, firstOf, online, pres, presenceOf, pushedItem, pushFor, rosterPushFor, settle, subscribe, twoOnline } from '../im-steps.js';

const SUB = { area: 'im' as const, role: 'server' as const, needs: { accounts: 2, serial: true } };

/** Account 1 logged in without presence (its roster cleared of the suite's contacts): it is offline for presence. */
async function offlineContact(t: CaseContext): Promise<Session> {
  return online(t, 1, { presence: false, actor: 'b-quiet' });
}

export const notAutoApproved = defineCase({
  ...SUB,
  id: 'rfc6121/im/subscribe-not-auto-approved',
  title: 'a request the contact has not answered stays pending: no approval reaches the user',
  refs: [{ rfc: 6121, section: '3.1.3', level: 'MUST NOT' }],
  requirements: ['rfc6121-3.1.3-no-auto-approve'],
  tags: ['subscription', 'security'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    a.send(pres('subscribe', bareJid(b.jid)));
    await b.waitFor(el('presence', { type: 'subscribe' }));
    await barrier(b);
    const approvals = await arrivedBy(a, presenceOf(b.jid ?? '', 'subscribed'));
    t.check(approvals.length === 0, 'no approval before the contact answers', `'subscribed' from ${approvals[0]?.attrs['from']}`);
    const item = (await fetchRoster(a)).items.find((i) => bareJid(i.jid) === bareJid(b.jid));
    t.check(
      item?.subscription === 'none' && item.ask === 'subscribe',
      "the contact still at subscription='none' ask='subscribe'",
      item ? `subscription='${item.subscription}' ask='${item.ask ?? ''}'` : 'no item',
    );
  },
});

export const approvalToAllResources = defineCase({
  ...SUB,
  id: 'rfc6121/im/approval-to-all-user-resources',
  title: "an approval and the contact's presence after it reach every available resource of the user",
  refs: [{ rfc: 6121, section: '3.1.6', level: 'MUST' }],
  requirements: ['rfc6121-3.1.6-deliver-approval', 'rfc6121-3.1.6-deliver-contact-presence'],
  tags: ['subscription', 'multi-session'],
  async run(t) {
    const a1 = await online(t, 0, { actor: 'a1' });
    const a2 = await online(t, 0, { actor: 'a2', resetRoster: false });
    const b = await online(t, 1);
    a1.send(pres('subscribe', bareJid(b.jid)));
    await b.waitFor(el('presence', { type: 'subscribe' }));
    b.send(pres('subscribed', bareJid(a1.jid)));
    for (const a of [a1, a2]) {
      await a.waitFor(el('presence', { type: 'subscribed', from: bareJid(b.jid) }));
      await a.waitFor(el('presence', { from: b.jid ?? '' }));
    }
  },
});

/** Fails unless the stanza (index 0) reaches `s` before the roster push for `jid` (index 1). */
async function stanzaBeforePush(t: CaseContext, s: Session, stanza: (e: XmlElement) => boolean, jid: string, what: string): Promise<void> {
  const [which] = await firstOf(s, `${what} or the roster push it causes`, [stanza, pushFor(jid)]);
  t.check(which === 0, `${what} first, then the roster push`, 'the roster push first');
}

export const approvalBeforePush = defineCase({
  ...SUB,
  id: 'rfc6121/im/approval-before-push',
  title: "the contact's approval reaches the user before the roster push it causes",
  refs: [{ rfc: 6121, section: '3.1.6', level: 'MUST' }],
  requirements: ['rfc6121-3.1.6-approval-before-push'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    a.send(pres('subscribe', bareJid(b.jid)));
    await rosterPushFor(a, b.jid ?? '');
    await b.waitFor(el('presence', { type: 'subscribe' }));
    b.send(pres('subscribed', bareJid(a.jid)));
    await stanzaBeforePush(t, a, presenceOf(b.jid ?? '', 'subscribed'), b.jid ?? '', "'subscribed'");
  },
});

export const unsubscribedBeforePush = defineCase({
  ...SUB,
  id: 'rfc6121/im/unsubscribed-before-push',
  title: "a cancellation ('unsubscribed') reaches the user before the roster push it causes",
  refs: [{ rfc: 6121, section: '3.2.3', level: 'MUST' }],
  requirements: ['rfc6121-3.2.3-deliver-before-push'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(a, b);
    b.send(pres('unsubscribed', bareJid(a.jid)));
    await stanzaBeforePush(t, a, presenceOf(b.jid ?? '', 'unsubscribed'), b.jid ?? '', "'unsubscribed'");
  },
});

export const unsubscribeBeforePush = defineCase({
  ...SUB,
  id: 'rfc6121/im/unsubscribe-before-push',
  title: "an 'unsubscribe' reaches the contact before the roster push it causes there",
  refs: [{ rfc: 6121, section: '3.3.3', level: 'MUST' }],
  requirements: ['rfc6121-3.3.3-deliver-before-push'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(a, b);
    a.send(pres('unsubscribe', bareJid(b.jid)));
    await stanzaBeforePush(t, b, presenceOf(a.jid ?? '', 'unsubscribe'), a.jid ?? '', "'unsubscribe'");
  },
});

export const cancelPushesContact = defineCase({
  ...SUB,
  id: 'rfc6121/im/cancel-pushes-contact',
  title: "cancelling a subscription pushes the user to the contact's own roster with subscription='none'",
  refs: [{ rfc: 6121, section: '3.2.2', level: 'MUST' }],
  requirements: ['rfc6121-3.2.2-push-contact'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(a, b);
    b.send(pres('unsubscribed', bareJid(a.jid)));
    const item = pushedItem(await rosterPushFor(b, a.jid ?? ''));
    t.check(item['subscription'] === 'none', "subscription='none'", `subscription='${item['subscription'] ?? ''}'`);
  },
});

export const unsubscribedStamped = defineCase({
  ...SUB,
  id: 'rfc6121/im/unsubscribed-stamped-bare-jid',
  title: "a cancellation reaches the user from the contact's bare JID",
  refs: [
    { rfc: 6121, section: '3.2.2', level: 'MUST' },
    { rfc: 6121, section: '3', level: 'MUST' },
  ],
  requirements: ['rfc6121-3.2.2-route-unsubscribed-bare', 'rfc6121-3-stamp-bare-jid'],
  tags: ['subscription'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(a, b);
    b.send(pres('unsubscribed', bareJid(a.jid)));
    const got = await a.waitFor(el('presence', { type: 'unsubscribed' }));
    t.check(got.attrs['from'] === bareJid(b.jid), `from='${bareJid(b.jid)}'`, `from='${got.attrs['from'] ?? ''}'`);
  },
});

export const unexpectedUnsubscribed = defineCase({
  ...SUB,
  id: 'rfc6121/im/unexpected-unsubscribed-ignored',
  title: "an 'unsubscribed' for a subscription the user does not have is dropped: no stanza, no unavailable presence, no push",
  refs: [
    { rfc: 6121, section: '3.2.3', level: 'MUST' },
    { rfc: 6121, section: '3.2.2', level: 'MUST NOT' },
  ],
  // Not listed: rfc6121-3.2.3-ignore-unexpected (one of the three unexpected states is exercised).
  requirements: ['rfc6121-3.2.3-check-subscribed', 'rfc6121-3.2.2-no-unavailable-without-subscription'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await setRosterItem(a, bareJid(b.jid));
    await rosterPushFor(a, b.jid ?? '');
    b.send(pres('unsubscribed', bareJid(a.jid)));
    await barrier(b);
    const got = await arrivedBy(a, (e) => presenceOf(b.jid ?? '', 'unsubscribed')(e) || presenceOf(b.jid ?? '', 'unavailable')(e) || pushFor(b.jid ?? '')(e));
    t.check(got.length === 0, 'nothing at the user', got.map((e) => `<${e.name} type='${e.attrs['type'] ?? ''}'>`).join(', '));
  },
});

export const unexpectedUnsubscribe = defineCase({
  ...SUB,
  id: 'rfc6121/im/unexpected-unsubscribe-ignored',
  title: "an 'unsubscribe' from a user who is not subscribed is dropped: the contact gets no stanza and no push",
  refs: [{ rfc: 6121, section: '3.3.3', level: 'MUST' }],
  // Not listed: rfc6121-3.3.3-ignore-unexpected (one of the three unexpected states is exercised).
  requirements: ['rfc6121-3.3.3-check-from'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await setRosterItem(b, bareJid(a.jid));
    await rosterPushFor(b, a.jid ?? '');
    a.send(pres('unsubscribe', bareJid(b.jid)));
    await barrier(a);
    const got = await arrivedBy(b, (e) => presenceOf(a.jid ?? '', 'unsubscribe')(e) || pushFor(a.jid ?? '')(e));
    t.check(got.length === 0, 'nothing at the contact', got.map((e) => `<${e.name} type='${e.attrs['type'] ?? ''}'>`).join(', '));
  },
});

export const unsubscribeUnavailable = defineCase({
  ...SUB,
  id: 'rfc6121/im/unsubscribe-sends-unavailable',
  title: "after the user unsubscribes, the contact's server sends it unavailable presence from the contact's resources",
  refs: [{ rfc: 6121, section: '3.3.3', level: 'MUST' }],
  requirements: ['rfc6121-3.3.3-send-unavailable'],
  tags: ['subscription', 'presence'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(a, b);
    a.send(pres('unsubscribe', bareJid(b.jid)));
    await a.waitFor(el('presence', { from: b.jid ?? '', type: 'unavailable' }));
  },
});

export const unsubscribeErasesRequest = defineCase({
  ...SUB,
  id: 'rfc6121/im/unsubscribe-erases-stored-request',
  title: 'a request withdrawn before the offline contact saw it is not delivered when the contact comes online',
  refs: [{ rfc: 6121, section: '3.3.3', level: 'MUST' }],
  requirements: ['rfc6121-3.3.3-drop-pending-request'],
  tags: ['subscription', 'offline'],
  async run(t) {
    const a = await online(t, 0);
    const quiet = await offlineContact(t);
    a.send(pres('subscribe', bareJid(quiet.jid)));
    await settle(a);
    a.send(pres('unsubscribe', bareJid(quiet.jid)));
    await settle(a);
    const b = await online(t, 1, { resetRoster: false, presence: false, actor: 'b-later' });
    b.send(el('presence'));
    const got = await arrivedBy(b, presenceOf(a.jid ?? '', 'subscribe'));
    t.check(got.length === 0, 'no subscription request', "the withdrawn 'subscribe'");
  },
});

export const requestRedelivered = defineCase({
  ...SUB,
  id: 'rfc6121/im/unanswered-request-redelivered',
  title: 'a request the contact left unanswered is delivered again when the contact next becomes available',
  refs: [{ rfc: 6121, section: '3.1.3', level: 'MUST' }],
  requirements: ['rfc6121-3.1.3-redeliver-until-answered'],
  tags: ['subscription', 'offline'],
  async run(t) {
    const a = await online(t, 0);
    const quiet = await offlineContact(t);
    a.send(pres('subscribe', bareJid(quiet.jid)));
    await settle(a);
    const b1 = await online(t, 1, { resetRoster: false, presence: false, actor: 'b1' });
    b1.send(el('presence'));
    await b1.waitFor(el('presence', { type: 'subscribe' }));
    b1.send(el('presence', { type: 'unavailable' }));
    await settle(b1);
    b1.destroy();
    const b2 = await online(t, 1, { resetRoster: false, presence: false, actor: 'b2' });
    b2.send(el('presence'));
    await b2.waitFor(el('presence', { type: 'subscribe', from: bareJid(a.jid) }));
  },
});

export const storedOnce = defineCase({
  ...SUB,
  id: 'rfc6121/im/repeated-offline-requests-delivered-once',
  title: 'two requests from one user to an offline contact are delivered as one',
  refs: [{ rfc: 6121, section: '3.1.3', level: 'MUST NOT' }],
  requirements: ['rfc6121-3.1.3-deliver-only-one'],
  tags: ['subscription', 'offline'],
  async run(t) {
    const a = await online(t, 0);
    const quiet = await offlineContact(t);
    a.send(pres('subscribe', bareJid(quiet.jid)));
    a.send(pres('subscribe', bareJid(quiet.jid)));
    await settle(a);
    const b = await online(t, 1, { resetRoster: false, presence: false, actor: 'b-later' });
    b.send(el('presence'));
    await b.waitFor(el('presence', { type: 'subscribe', from: bareJid(a.jid) }));
    const more = await arrivedBy(b, presenceOf(a.jid ?? '', 'subscribe'));
    t.check(more.length === 0, 'one request', `${1 + more.length} requests`);
  },
});

export const rosterSetKeepsAsk = defineCase({
  ...SUB,
  id: 'rfc6121/im/roster-set-keeps-pending-request',
  title: "naming a contact after requesting its presence keeps the request pending (ask='subscribe')",
  refs: [{ rfc: 6121, section: '3.1.1', level: 'MUST' }],
  requirements: ['rfc6121-3.1.1-server-either-order'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    a.send(pres('subscribe', bareJid(b.jid)));
    await rosterPushFor(a, b.jid ?? '');
    await setRosterItem(a, bareJid(b.jid), { name: 'Juliet' });
    const item = pushedItem(await rosterPushFor(a, b.jid ?? ''));
    t.check(
      item['name'] === 'Juliet' && item['ask'] === 'subscribe',
      "name='Juliet' with ask='subscribe'",
      `name='${item['name'] ?? ''}' ask='${item['ask'] ?? ''}'`,
    );
  },
});

export const subscribeToFullJid = defineCase({
  ...SUB,
  id: 'rfc6121/im/subscribe-to-full-jid',
  title: "a request addressed to the contact's full JID is handled as a subscription request to the bare JID",
  refs: [{ rfc: 6121, section: '8.5.3.1', level: 'MUST' }],
  requirements: ['rfc6121-8.5.3.1-subscribe-to-full-jid'],
  tags: ['subscription', 'delivery'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    a.send(pres('subscribe', b.jid ?? ''));
    const item = pushedItem(await rosterPushFor(a, b.jid ?? ''));
    t.check(item['ask'] === 'subscribe', "a push for the contact's bare JID with ask='subscribe'", `ask='${item['ask'] ?? ''}'`);
    const got = await b.waitFor(el('presence', { type: 'subscribe' }));
    t.check(got.attrs['from'] === bareJid(a.jid), `from='${bareJid(a.jid)}'`, `from='${got.attrs['from'] ?? ''}'`);
  },
});

export const subscribeToGoneResource = defineCase({
  ...SUB,
  id: 'rfc6121/im/subscribe-to-gone-resource',
  title: 'a request addressed to a full JID with no such resource still reaches the contact as a subscription request',
  refs: [{ rfc: 6121, section: '8.5.3.2.2', level: 'MUST' }],
  requirements: ['rfc6121-8.5.3.2.2-subscribe-inbound-rules'],
  tags: ['subscription', 'delivery'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    a.send(pres('subscribe', `${bareJid(b.jid)}/xc-gone-${t.id()}`));
    await b.waitFor(el('presence', { type: 'subscribe', from: bareJid(a.jid) }));
  },
});

export const subscriptionToNobody = defineCase({
  ...SUB,
  needs: { accounts: 1, serial: true },
  id: 'rfc6121/im/subscribe-to-nonexistent-user-ignored',
  title: 'a subscription request to an account that does not exist is dropped without an error',
  refs: [{ rfc: 6121, section: '8.5.1', level: 'MUST' }],
  requirements: ['rfc6121-8.5.1-subscription-ignored'],
  tags: ['subscription', 'privacy'],
  async run(t) {
    const a = await online(t, 0);
    const nobody = `xc-nobody-${t.id()}@${t.target.domain}`;
    a.send(pres('subscribe', nobody));
    const back = await arrivedBy(a, (e) => e.name === 'presence' && e.attrs['type'] === 'error');
    t.check(back.length === 0, 'no error', `<presence type='error' from='${back[0]?.attrs['from'] ?? ''}'>`);
  },
});
