// RFC 6121 §3: the presence subscription state machine, driven between two test accounts.
import { defineCase } from '../../harness/cases/index.js';
import { fetchRoster, removeRosterItem, type Session } from '../../harness/session/index.js';
import { el } from '../../harness/xml/index.js';
import type { XmlElement } from '../../harness/xml/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { online, pres, pushedItem, rosterPushFor, settle, subscribe, twoOnline } from '../im-steps.js';

async function itemState(s: Session, jid: string): Promise<{ subscription: string; ask: string | undefined } | undefined> {
  const item = (await fetchRoster(s)).items.find((i) => bareJid(i.jid) === bareJid(jid));
  return item ? { subscription: item.subscription, ask: item.ask } : undefined;
}

const SUB = { area: 'im' as const, role: 'server' as const, needs: { accounts: 2, serial: true } };

/** `a` asks for `b`'s presence; resolves with the request as `b` received it. */
async function request(a: Session, b: Session): Promise<XmlElement> {
  a.send(pres('subscribe', bareJid(b.jid)));
  return b.waitFor(el('presence', { type: 'subscribe' }));
}

export const subscribeStamped = defineCase({
  ...SUB,
  id: 'rfc6121/im/subscribe-stamped-bare-jid',
  title: "a subscription request reaches the contact from the user's bare JID",
  refs: [{ rfc: 6121, section: '3.1.2', level: 'MUST' }],
  requirements: ['rfc6121-3.1.2-stamp-bare-jid', 'rfc6120-8.1.2.1-subscription-bare-from'],
  tags: ['subscription'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    const got = await request(a, b);
    t.check(got.attrs['from'] === bareJid(a.jid), `from='${bareJid(a.jid)}'`, `from='${got.attrs['from'] ?? ''}'`);
  },
});

export const subscribePushAsk = defineCase({
  ...SUB,
  id: 'rfc6121/im/subscribe-push-pending-out',
  title: "after a subscription request the user gets a push with subscription='none' and ask='subscribe'",
  refs: [{ rfc: 6121, section: '3.1.2', level: 'MUST' }],
  requirements: ['rfc6121-3.1.2-push-pending-out'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    a.send(pres('subscribe', bareJid(b.jid)));
    const item = pushedItem(await rosterPushFor(a, b.jid ?? ''));
    t.check(
      item['subscription'] === 'none' && item['ask'] === 'subscribe',
      "subscription='none' ask='subscribe'",
      `subscription='${item['subscription'] ?? ''}' ask='${item['ask'] ?? ''}'`,
    );
  },
});

export const subscribeDelivered = defineCase({
  ...SUB,
  id: 'rfc6121/im/subscribe-delivered-to-available-contact',
  title: "a subscription request is delivered to the contact's available resources",
  refs: [{ rfc: 6121, section: '3.1.3', level: 'MUST' }],
  requirements: [
    'rfc6121-3.1.3-deliver-to-available',
    'rfc6121-3.1.3-deliver-for-approval',
    'rfc6121-3.1.2-local-contact-inbound-rules',
    'rfc6121-8.5.2.1.2-subscription-rules',
  ],
  tags: ['subscription'],
  async run(t) {
    const a = await online(t, 0);
    const b1 = await online(t, 1, { actor: 'b1' });
    const b2 = await online(t, 1, { actor: 'b2', resetRoster: false });
    a.send(pres('subscribe', bareJid(b1.jid)));
    await b1.waitFor(el('presence', { type: 'subscribe' }));
    await b2.waitFor(el('presence', { type: 'subscribe' }));
  },
});

export const noItemBeforeApproval = defineCase({
  ...SUB,
  id: 'rfc6121/im/no-contact-item-before-approval',
  title: "a pending request does not add the user to the contact's roster",
  refs: [{ rfc: 6121, section: '3.1.3', level: 'MUST NOT' }],
  requirements: ['rfc6121-3.1.3-no-roster-item-before-approval'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await request(a, b);
    const st = await itemState(b, a.jid ?? '');
    t.check(st === undefined, `no item for ${bareJid(a.jid)} in the contact's roster`, `an item with subscription='${st?.subscription}'`);
  },
});

export const subscribeOffline = defineCase({
  ...SUB,
  id: 'rfc6121/im/subscribe-kept-for-offline-contact',
  title: 'a request to a contact with no available resource is delivered when the contact comes online',
  refs: [{ rfc: 6121, section: '3.1.3', level: 'MUST' }],
  requirements: ['rfc6121-3.1.3-store-request-offline'],
  tags: ['subscription', 'offline'],
  async run(t) {
    const a = await online(t, 0);
    const bQuiet = await online(t, 1, { presence: false });
    a.send(pres('subscribe', bareJid(bQuiet.jid)));
    await settle(a);
    const b = await online(t, 1, { resetRoster: false, presence: false, actor: 'b-later' });
    b.send(el('presence'));
    await b.waitFor(el('presence', { type: 'subscribe' }));
  },
});

export const subscribedStamped = defineCase({
  ...SUB,
  id: 'rfc6121/im/subscribed-stamped-bare-jid',
  title: "an approval reaches the user from the contact's bare JID",
  refs: [{ rfc: 6121, section: '3.1.5', level: 'MUST' }],
  requirements: ['rfc6121-3.1.5-stamp-bare-jid'],
  tags: ['subscription'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await request(a, b);
    b.send(pres('subscribed', bareJid(a.jid)));
    const got = await a.waitFor(el('presence', { type: 'subscribed' }));
    t.check(got.attrs['from'] === bareJid(b.jid), `from='${bareJid(b.jid)}'`, `from='${got.attrs['from'] ?? ''}'`);
  },
});

export const approvalPushFrom = defineCase({
  ...SUB,
  id: 'rfc6121/im/approval-push-from',
  title: "approving a request pushes the user to the contact's roster with subscription='from'",
  refs: [{ rfc: 6121, section: '3.1.5', level: 'MUST' }],
  requirements: ['rfc6121-3.1.5-push-from'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await request(a, b);
    b.send(pres('subscribed', bareJid(a.jid)));
    const item = pushedItem(await rosterPushFor(b, a.jid ?? ''));
    t.check(item['subscription'] === 'from', "subscription='from'", `subscription='${item['subscription'] ?? ''}'`);
  },
});

export const approvalPushTo = defineCase({
  ...SUB,
  id: 'rfc6121/im/approval-push-to',
  title: "an approval turns the user's pending item into subscription='to' without ask",
  refs: [{ rfc: 6121, section: '3.1.6', level: 'MUST' }],
  requirements: ['rfc6121-3.1.6-push-to'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(a, b);
    const st = await itemState(a, b.jid ?? '');
    t.check(
      st?.subscription === 'to' && st.ask === undefined,
      "subscription='to' and no ask",
      st ? `subscription='${st.subscription}' ask='${st.ask ?? ''}'` : 'no item',
    );
  },
});

export const presenceAfterApproval = defineCase({
  ...SUB,
  id: 'rfc6121/im/presence-after-approval',
  title: "after approving, the contact's current presence is sent to the new subscriber",
  refs: [{ rfc: 6121, section: '3.1.5', level: 'MUST' }],
  requirements: ['rfc6121-3.1.5-send-current-presence'],
  tags: ['subscription', 'presence'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await request(a, b);
    b.send(pres('subscribed', bareJid(a.jid)));
    const got = await a.waitFor(el('presence', { from: b.jid ?? '' }));
    t.check(got.attrs['type'] === undefined, `available presence from ${b.jid}`, `type='${got.attrs['type']}'`);
  },
});

export const unrequestedApprovalIgnored = defineCase({
  ...SUB,
  id: 'rfc6121/im/unrequested-approval-ignored',
  title: "an approval nobody asked for is ignored: no subscription appears in the user's roster",
  refs: [{ rfc: 6121, section: '3.1.6', level: 'MUST' }],
  requirements: ['rfc6121-3.1.6-ignore-unrequested'],
  tags: ['subscription', 'security'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    b.send(pres('subscribed', bareJid(a.jid)));
    await settle(b, a);
    const st = await itemState(a, b.jid ?? '');
    t.check(
      st === undefined || (st.subscription !== 'to' && st.subscription !== 'both'),
      'no subscription to the contact',
      `subscription='${st?.subscription}'`,
    );
  },
});

export const autoReply = defineCase({
  ...SUB,
  id: 'rfc6121/im/resubscribe-auto-approved',
  title: "a repeated request from an already-subscribed user is approved by the contact's server itself",
  refs: [{ rfc: 6121, section: '3.1.3', level: 'MUST' }],
  requirements: ['rfc6121-3.1.3-auto-reply-subscribed'],
  tags: ['subscription'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(a, b);
    a.send(pres('subscribe', bareJid(b.jid)));
    const got = await a.waitFor(el('presence', { type: 'subscribed' }));
    t.check(got.attrs['from'] === bareJid(b.jid), `subscribed from '${bareJid(b.jid)}'`, `from='${got.attrs['from'] ?? ''}'`);
  },
});

export const unsubscribePush = defineCase({
  ...SUB,
  id: 'rfc6121/im/unsubscribe-push-user',
  title: "unsubscribing pushes the contact to the user's roster with subscription='none'",
  refs: [{ rfc: 6121, section: '3.3.2', level: 'MUST' }],
  requirements: ['rfc6121-3.3.2-push-after-unsubscribe'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(a, b);
    a.send(pres('unsubscribe', bareJid(b.jid)));
    const item = pushedItem(await rosterPushFor(a, b.jid ?? ''));
    t.check(item['subscription'] === 'none', "subscription='none'", `subscription='${item['subscription'] ?? ''}'`);
  },
});

export const unsubscribeContactSide = defineCase({
  ...SUB,
  id: 'rfc6121/im/unsubscribe-contact-side',
  title: "an unsubscribe reaches the contact and its roster item drops from 'from' to 'none'",
  refs: [{ rfc: 6121, section: '3.3.3', level: 'MUST' }],
  requirements: ['rfc6121-3.3.3-inbound-unsubscribe', 'rfc6121-3.3.2-stamp-bare-jid', 'rfc6121-3.3.2-local-contact-inbound-rules'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(a, b);
    a.send(pres('unsubscribe', bareJid(b.jid)));
    const got = await b.waitFor(el('presence', { type: 'unsubscribe' }));
    t.check(got.attrs['from'] === bareJid(a.jid), `from='${bareJid(a.jid)}'`, `from='${got.attrs['from'] ?? ''}'`);
    const item = pushedItem(await rosterPushFor(b, a.jid ?? ''));
    t.check(item['subscription'] === 'none', "subscription='none' on the contact's side", `subscription='${item['subscription'] ?? ''}'`);
  },
});

export const cancelSubscription = defineCase({
  ...SUB,
  id: 'rfc6121/im/unsubscribed-cancels-subscription',
  title: "when the contact cancels, the user gets unavailable presence, then 'unsubscribed', and a push to 'none'",
  refs: [
    { rfc: 6121, section: '3.2.2', level: 'MUST' },
    { rfc: 6121, section: '3.2.3', level: 'MUST' },
  ],
  requirements: ['rfc6121-3.2.2-unavailable-then-unsubscribed', 'rfc6121-3.2.3-inbound-cancellation', 'rfc6121-3.2.3-deliver-unavailable'],
  tags: ['subscription', 'roster', 'presence'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(a, b);
    b.send(pres('unsubscribed', bareJid(a.jid)));
    const unavailable = await a.waitFor(el('presence', { from: b.jid ?? '', type: 'unavailable' }));
    t.check(!!unavailable, 'unavailable presence from the contact', 'none');
    await a.waitFor(el('presence', { type: 'unsubscribed' }));
    const item = pushedItem(await rosterPushFor(a, b.jid ?? ''));
    t.check(item['subscription'] === 'none', "subscription='none'", `subscription='${item['subscription'] ?? ''}'`);
  },
});

export const removeCancelsBoth = defineCase({
  ...SUB,
  id: 'rfc6121/im/remove-cancels-mutual-subscription',
  title: 'removing a contact with a mutual subscription sends it both unsubscribe and unsubscribed',
  refs: [{ rfc: 6121, section: '2.5.2', level: 'MUST' }],
  requirements: ['rfc6121-2.5.2-remove-cancels-subscriptions', 'rfc6121-2.5.2-remove-sends-unsubscribe', 'rfc6121-2.5.2-remove-sends-unsubscribed'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(a, b, true);
    await removeRosterItem(a, bareJid(b.jid));
    await b.waitFor(el('presence', { type: 'unsubscribe' }));
    await b.waitFor(el('presence', { type: 'unsubscribed' }));
  },
});

export const mutualBoth = defineCase({
  ...SUB,
  id: 'rfc6121/im/mutual-subscription-both',
  title: "after subscriptions both ways, each roster shows the other with subscription='both'",
  refs: [{ rfc: 6121, section: '3.1.6', level: 'MUST' }],
  requirements: ['rfc6121-3.1.6-push-to'],
  tags: ['subscription', 'roster'],
  async run(t) {
    const [a, b] = await twoOnline(t, { resetRoster: true });
    await subscribe(a, b, true);
    const sa = await itemState(a, b.jid ?? '');
    const sb = await itemState(b, a.jid ?? '');
    t.check(
      sa?.subscription === 'both' && sb?.subscription === 'both',
      "subscription='both' on both sides",
      `user: '${sa?.subscription}', contact: '${sb?.subscription}'`,
    );
  },
});

export * from './subscription-states.js';
export * from './preapproval.js';
