// PEP notifications (XEP-0163 §4, XEP-0060 §7.2, §8.4, §9): who receives an event when the owner
// publishes, retracts or deletes, filtered by the '+notify' features of the receiver's caps, and
// the last published item on a receiver's initial presence and on a new presence subscription.
// A receiver's interest is known once its caps presence brought the node's last item
// (interestKnown); absence is checked after a round trip.
import { defineCase } from '../../harness/cases/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { online, settle, subscribe } from '../im-steps.js';
import { X163, X60 } from './publish.js';
import {
  answerDisco,
  capsPresence,
  deleteNode,
  expectNoNotification,
  expectNotification,
  freshNode,
  interestKnown,
  messageWithin,
  mutualContacts,
  notifies,
  notifiesItem,
  notificationsBy,
  notifyFeatures,
  notifyOnline,
  presenceUpdate,
  published,
  requirePep,
  retract,
} from './steps.js';

export const ownerNotified = defineCase({
  id: 'xep0163/pep/owner-resources-notified',
  title: "the owner's other resource that asked for the node's notifications receives the event, from the owner's bare JID",
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('9.1.1', 'MUST'), X163('4.3.1', 'MUST')],
  requirements: ['xep0060-9.1.1-owner-subscribed', 'xep0163-4.3.1-from-bare-jid'],
  tags: ['pep', 'notify'],
  async run(t) {
    const pub = await t.step('log in the publishing resource', () => t.login(0, { actor: 'publisher' }));
    await requirePep(t, pub);
    const node = await freshNode(t, pub, 'owner-notified');
    await published(t, pub, node, 'first', { id: 'first' });
    const other = await t.step("the owner's second resource online, asking for the node's notifications", () => notifyOnline(t, 0, [node], 'second'));
    await interestKnown(t, other, node, 'first', pub);
    await published(t, pub, node, 'second', { id: 'second' });
    const got = await expectNotification(t, other, "the event for item 'second'", notifiesItem(node, 'second'));
    const owner = bareJid(pub.jid);
    t.check(got.attrs['from'] === owner, `from='${owner}' (the owner's bare JID)`, `from='${got.attrs['from'] ?? ''}'`, X163('4.3.1', 'MUST'));
  },
});

export const contactNotified = defineCase({
  id: 'xep0163/pep/contact-notified',
  title: "a contact with a mutual subscription whose caps ask for the node receives the event at its full JID, from the owner's bare JID",
  area: 'pep',
  needs: { accounts: 2, serial: true },
  role: 'server',
  refs: [X163('4.3.3', 'MUST'), X163('4.3.2', 'MUST'), X163('4.3.1', 'MUST')],
  requirements: ['xep0163-4.3.3-notify-on-publish', 'xep0163-4.3.2-notify-interested-resources', 'xep0163-4.3.1-from-bare-jid'],
  tags: ['pep', 'notify', 'caps'],
  async run(t) {
    const [owner] = await mutualContacts(t);
    const node = await freshNode(t, owner, 'contact-notified');
    await published(t, owner, node, 'first', { id: 'first' });
    const listener = await t.step("the contact online with caps asking for the node's notifications", () => notifyOnline(t, 1, [node], 'listener'));
    await interestKnown(t, listener, node, 'first', owner);
    await published(t, owner, node, 'second', { id: 'second' });
    const first = await expectNotification(t, listener, "the event for item 'second'", notifiesItem(node, 'second'));
    const all = [first, ...(await notificationsBy(listener, notifiesItem(node, 'second')))];
    const full = all.find((m) => m.attrs['to'] === listener.jid);
    t.check(
      full !== undefined,
      `an event to='${listener.jid ?? ''}' (the resource's full JID)`,
      () => all.map((m) => `to='${m.attrs['to'] ?? ''}'`).join(', '),
      X163('4.3.2', 'MUST'),
    );
    if (all.length > 1) t.note(`${all.length} events for the one publish reached the resource (to ${all.map((m) => `'${m.attrs['to'] ?? ''}'`).join(', ')})`);
    for (const m of all) t.check(m.attrs['from'] === bareJid(owner.jid), "from the owner's bare JID", `from='${m.attrs['from'] ?? ''}'`, X163('4.3.1', 'MUST'));
  },
});

export const noUnrequested = defineCase({
  id: 'xep0163/pep/no-notify-without-plus-notify',
  title: 'a contact whose caps ask for another node but not this one receives no event for this one',
  area: 'pep',
  needs: { accounts: 2, serial: true },
  role: 'server',
  refs: [X60('9.2', 'MUST NOT')],
  requirements: ['xep0060-9.2-no-unrequested-notify'],
  tags: ['pep', 'notify', 'caps'],
  async run(t) {
    const [owner] = await mutualContacts(t);
    const unwanted = await freshNode(t, owner, 'unwanted');
    const wanted = await freshNode(t, owner, 'wanted');
    await published(t, owner, unwanted, 'u1', { id: 'u1' });
    await published(t, owner, wanted, 'w1', { id: 'w1' });
    const listener = await t.step('the contact online with caps asking for the other node only', () => notifyOnline(t, 1, [wanted], 'listener'));
    await interestKnown(t, listener, wanted, 'w1', owner);
    await published(t, owner, unwanted, 'u2', { id: 'u2' });
    await published(t, owner, wanted, 'w2', { id: 'w2' });
    // the event of the node asked for shows the server has sent what it sends for both publishes
    await expectNotification(t, listener, "the event for item 'w2' of the node asked for", notifiesItem(wanted, 'w2'));
    await expectNoNotification(t, listener, 'event for the node not asked for', notifies(unwanted));
  },
});

export const lastItemOnLogin = defineCase({
  id: 'xep0163/pep/last-item-on-login',
  title: "a contact coming online with caps asking for the node receives the node's last published item",
  area: 'pep',
  needs: { accounts: 2, serial: true },
  role: 'server',
  refs: [X163('4.3.3', 'MUST')],
  requirements: ['xep0163-4.3.3-last-item-on-initial-presence'],
  tags: ['pep', 'notify', 'last-item'],
  async run(t) {
    const [owner] = await mutualContacts(t);
    const node = await freshNode(t, owner, 'last-on-login');
    await published(t, owner, node, 'older', { id: 'older' });
    await published(t, owner, node, 'last', { id: 'last' });
    const listener = await t.step('the contact online with caps asking for the node', () => notifyOnline(t, 1, [node], 'listener'));
    await expectNotification(t, listener, "the event with the last item 'last'", notifiesItem(node, 'last'));
  },
});

export const noResendOnUpdate = defineCase({
  id: 'xep0163/pep/no-resend-on-presence-update',
  title: 'a presence update from a resource already online does not bring the last item again',
  area: 'pep',
  needs: { accounts: 2, serial: true },
  role: 'server',
  refs: [X163('4.3.3', 'MUST NOT')],
  requirements: ['xep0163-4.3.3-no-resend-on-presence-update'],
  tags: ['pep', 'notify', 'last-item'],
  async run(t) {
    const [owner] = await mutualContacts(t);
    const node = await freshNode(t, owner, 'no-resend');
    await published(t, owner, node, 'last', { id: 'last' });
    const listener = await t.step('the contact online with caps asking for the node', () => notifyOnline(t, 1, [node], 'listener'));
    const came = await messageWithin(listener, notifiesItem(node, 'last'), t.timeout);
    if (!came) t.skip('the server sent no last item on initial presence (xep0163/pep/last-item-on-login), so a resend cannot be told apart');
    // every event the initial presence brought (a server may send one to the bare JID as well)
    const initial = await notificationsBy(listener, notifiesItem(node, 'last'));
    if (initial.length > 0) t.note(`the initial presence brought ${initial.length + 1} events with the last item`);
    listener.send(presenceUpdate(listener, 'away'));
    await settle(listener, owner);
    await expectNoNotification(t, listener, 'second event with the last item', notifiesItem(node, 'last'));
  },
});

export const lastItemOnSubscription = defineCase({
  id: 'xep0163/pep/last-item-on-new-subscription',
  title: "an online contact with caps asking for the node that gains a mutual presence subscription receives the node's last item",
  area: 'pep',
  needs: { accounts: 2, serial: true },
  role: 'server',
  refs: [X163('4.3.4', 'MUST')],
  requirements: ['xep0163-4.3.4-last-item-to-new-subscriber'],
  tags: ['pep', 'notify', 'last-item', 'subscription'],
  async run(t) {
    const owner = await t.step('log in the owner', () => online(t, 0, { actor: 'owner' }));
    await requirePep(t, owner);
    const node = await freshNode(t, owner, 'last-on-subscription');
    await published(t, owner, node, 'last', { id: 'last' });
    // no subscription yet: the contact's caps presence reaches nobody at the owner's
    const contact = await t.step('the contact online with caps asking for the node', () => online(t, 1, { actor: 'contact', presence: false }));
    const features = notifyFeatures([node]);
    answerDisco(contact, features);
    contact.send(capsPresence(features));
    await settle(contact);
    await t.step('a mutual presence subscription between them', () => subscribe(contact, owner, true));
    await expectNotification(t, contact, "the event with the last item 'last'", notifiesItem(node, 'last'));
  },
});

export const retractNotify = defineCase({
  id: 'xep0060/pep/retract-notify',
  title: "a retract with notify='true' sends the interested contact a <retract/> naming the item",
  area: 'pep',
  needs: { accounts: 2, serial: true },
  role: 'server',
  refs: [X60('7.2.2.1', 'MUST')],
  requirements: ['xep0060-7.2.2.1-retract-notify'],
  tags: ['pep', 'notify', 'retract'],
  async run(t) {
    const [owner] = await mutualContacts(t);
    const node = await freshNode(t, owner, 'retract-notify');
    await published(t, owner, node, 'doomed', { id: 'doomed' });
    const listener = await t.step('the contact online with caps asking for the node', () => notifyOnline(t, 1, [node], 'listener'));
    await interestKnown(t, listener, node, 'doomed', owner);
    const res = await t.step("retract the item with notify='true'", () => retract(owner, node, 'doomed', true));
    t.check(res.attrs['type'] === 'result', 'the retract answered with a result', () => `<${t.stanzaErrorCondition(res) ?? res.attrs['type'] ?? '?'}/>`);
    await expectNotification(
      t,
      listener,
      "<retract id='doomed'/> in an event",
      notifies(node, (n) => n.retracts.includes('doomed')),
    );
  },
});

export const deleteNotify = defineCase({
  id: 'xep0060/pep/delete-notify',
  title: "deleting a node is answered with a result and sends the interested contact <delete node='...'/>",
  area: 'pep',
  needs: { accounts: 2, serial: true },
  role: 'server',
  refs: [X60('8.4.2', 'MUST'), X163('5', 'MUST')],
  requirements: ['xep0060-8.4.2-delete-result', 'xep0060-8.4.2-delete-notify', 'xep0163-5-node-deletion'],
  tags: ['pep', 'notify', 'delete'],
  async run(t) {
    const [owner] = await mutualContacts(t);
    const node = await freshNode(t, owner, 'delete-notify');
    await published(t, owner, node, 'item', { id: 'item' });
    const listener = await t.step('the contact online with caps asking for the node', () => notifyOnline(t, 1, [node], 'listener'));
    await interestKnown(t, listener, node, 'item', owner);
    const res = await t.step('delete the node', () => deleteNode(owner, node));
    t.check(res.attrs['type'] === 'result', 'the deletion answered with a result', () => `<${t.stanzaErrorCondition(res) ?? res.attrs['type'] ?? '?'}/>`);
    await expectNotification(
      t,
      listener,
      `<delete node='${node}'/> in an event`,
      notifies(node, (n) => n.deleted),
    );
  },
});

export const strangerNotNotified = defineCase({
  id: 'xep0060/pep/stranger-not-notified',
  title: "an account without a presence subscription that sent the owner directed presence with caps gets no event from a 'presence' node",
  area: 'pep',
  needs: { accounts: 3, serial: true },
  role: 'server',
  refs: [X60('9.1.2', 'MUST NOT')],
  requirements: ['xep0060-9.1.2-no-notify-without-access'],
  tags: ['pep', 'notify', 'access'],
  async run(t) {
    const owner = await t.step('log in the owner', () => online(t, 0, { actor: 'owner' }));
    await requirePep(t, owner);
    const node = await freshNode(t, owner, 'stranger');
    await published(t, owner, node, 'first', { id: 'first' });
    const stranger = await t.step('log in an account with no subscription (roster cleared)', () => online(t, 2, { actor: 'stranger' }));
    const features = notifyFeatures([node]);
    answerDisco(stranger, features);
    stranger.send(capsPresence(features, bareJid(owner.jid)));
    const mine = await t.step("the owner's second resource online, asking for the node", () => notifyOnline(t, 0, [node], 'second'));
    await interestKnown(t, mine, node, 'first', stranger, owner);
    await published(t, owner, node, 'second', { id: 'second' });
    await expectNotification(t, mine, "the owner's own event for item 'second'", notifiesItem(node, 'second'));
    await expectNoNotification(t, stranger, 'event for the presence node', notifies(node));
  },
});

export const openNodeSharer = defineCase({
  id: 'xep0060/pep/open-node-presence-sharer',
  title: 'an account without a subscription that sent the owner directed presence with caps receives the events of an open node',
  area: 'pep',
  needs: { accounts: 3, serial: true },
  role: 'server',
  refs: [X60('9.1.3', 'SHOULD')],
  requirements: ['xep0060-9.1.3-presence-sharer-open-node'],
  tags: ['pep', 'notify', 'access', 'omemo'],
  async run(t) {
    const owner = await t.step('log in the owner', () => online(t, 0, { actor: 'owner' }));
    await requirePep(t, owner);
    const node = await freshNode(t, owner, 'open-sharer');
    await published(t, owner, node, 'first', { id: 'first', options: { 'pubsub#access_model': 'open' } });
    const sharer = await t.step('log in an account with no subscription (roster cleared)', () => online(t, 2, { actor: 'sharer' }));
    const features = notifyFeatures([node]);
    answerDisco(sharer, features);
    sharer.send(capsPresence(features, bareJid(owner.jid)));
    await interestKnown(t, sharer, node, 'first', owner);
    await published(t, owner, node, 'second', { id: 'second' });
    await expectNotification(t, sharer, "the event for item 'second'", notifiesItem(node, 'second'));
  },
});

export const onlyInterestedResources = defineCase({
  id: 'xep0163/pep/only-interested-resources',
  title: "of a contact's two resources, the one whose caps do not ask for the node receives no event for it",
  area: 'pep',
  needs: { accounts: 2, serial: true },
  role: 'server',
  refs: [X163('4.3.2', 'MUST'), X60('9.2', 'MUST NOT')],
  requirements: ['xep0163-4.3.2-notify-interested-resources', 'xep0060-9.2-no-unrequested-notify'],
  tags: ['pep', 'notify', 'caps'],
  async run(t) {
    // the contact's first resource sent presence without caps: it asked for nothing
    const [owner, plain] = await mutualContacts(t);
    const node = await freshNode(t, owner, 'interested-resource');
    await published(t, owner, node, 'first', { id: 'first' });
    const listener = await t.step("the contact's second resource online with caps asking for the node", () => notifyOnline(t, 1, [node], 'listener'));
    await interestKnown(t, listener, node, 'first', owner, plain);
    await notificationsBy(plain, notifies(node));
    await published(t, owner, node, 'second', { id: 'second' });
    await expectNotification(t, listener, "the event for item 'second' at the interested resource", notifiesItem(node, 'second'));
    await expectNoNotification(t, plain, "event for item 'second' at the resource that did not ask for it", notifiesItem(node, 'second'));
  },
});
