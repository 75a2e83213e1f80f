// RFC 6121 §2: roster get, set, push, update, delete, and the errors of a roster set.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { fetchRoster, removeRosterItem, setRosterItem, type Session } from '../../harness/session/index.js';
import { el } from '../../harness/xml/index.js';
import { child, children, type XmlElement } from '../../harness/xml/index.js';
import { NS_ROSTER } from '../../harness/xml/index.js';
import { bareJid, sameJid } from '../../harness/jid/index.js';
import { errorOf } from '../steps.js';
import { online, pushedItem, rosterPushFor } from '../im-steps.js';

export * from './roster-versioning.js';

/** A made-up contact no server knows, cleaned up by the roster reset (prefix 'xc-'). */
const contact = (t: CaseContext): string => `xc-contact-${t.id()}@${t.target.domain}`;

const ROSTER = { area: 'im' as const, role: 'server' as const, needs: { accounts: 1, serial: true } };

/** Account 0 online without presence (so only roster traffic arrives), and a fresh contact JID. */
async function withContact(t: CaseContext): Promise<{ s: Session; jid: string }> {
  return { s: await online(t, 0, { presence: false }), jid: contact(t) };
}

export async function rosterSetRaw(s: Session, itemsXml: string): Promise<XmlElement> {
  const id = s.nextId();
  s.sendRaw(`<iq type='set' id='${id}'><query xmlns='${NS_ROSTER}'>${itemsXml}</query></iq>`);
  return s.waitFor(el('iq', { id }));
}

function expectCondition(t: CaseContext, res: XmlElement, condition: string): void {
  t.check(res.attrs['type'] === 'error', "an iq of type 'error'", `type='${res.attrs['type'] ?? ''}'`);
  const got = errorOf(t, res).condition;
  t.check(got === condition, `<${condition}/>`, `<${got ?? 'no condition'}/>`);
}

export const rosterGet = defineCase({
  id: 'rfc6121/im/roster-get-result',
  title: "a roster get is answered with a result carrying <query xmlns='jabber:iq:roster'/>",
  ...ROSTER,
  refs: [{ rfc: 6121, section: '2.1.4', level: 'MUST' }],
  requirements: [
    'rfc6121-2.1.4-roster-result',
    'rfc6120-10.3-no-to-handle-directly',
    'rfc6120-10.3.3-iq-no-to-on-behalf',
    'rfc6120-10.3.3-known-namespace-handle',
  ],
  tags: ['roster'],
  async run(t) {
    const s = await t.login(0);
    const res = await s.iq(el('iq', { type: 'get' }, el('query', { xmlns: NS_ROSTER })));
    t.check(res.attrs['type'] === 'result', 'a roster result', `type='${res.attrs['type'] ?? ''}'`);
    // §2.6.3 lets a versioning server answer an empty result, but only to a get that carried 'ver'.
    t.check(child(res, 'query', NS_ROSTER) !== undefined, "<query xmlns='jabber:iq:roster'/> in the result", 'an empty result');
  },
});

export const rosterSetResultAndPush = defineCase({
  id: 'rfc6121/im/roster-set-result-and-push',
  title: 'adding a roster item gets a result and a roster push to the resource that added it',
  ...ROSTER,
  refs: [{ rfc: 6121, section: '2.3.2', level: 'MUST' }],
  requirements: ['rfc6121-2.3.2-add-result', 'rfc6121-2.3.2-add-push'],
  tags: ['roster'],
  async run(t) {
    const { s, jid } = await withContact(t);
    const res = await setRosterItem(s, jid, { name: 'Contact' });
    t.check(res.attrs['type'] === 'result', 'a result to the roster set', `type='${res.attrs['type'] ?? ''}'`);
    const push = await rosterPushFor(s, jid);
    t.check(
      pushedItem(push)['subscription'] === 'none',
      "the pushed item with subscription='none'",
      `subscription='${pushedItem(push)['subscription'] ?? ''}'`,
    );
  },
});

export const pushToAllInterested = defineCase({
  id: 'rfc6121/im/roster-push-to-all-interested',
  title: 'a roster change is pushed to every resource that requested the roster, not only the one that made it',
  ...ROSTER,
  refs: [{ rfc: 6121, section: '2.3.2', level: 'MUST' }],
  requirements: ['rfc6121-2.3.2-add-push', 'rfc6121-2.2-push-to-interested'],
  tags: ['roster', 'multi-session'],
  async run(t) {
    const s1 = await online(t, 0, { presence: false, actor: 'r1' });
    const s2 = await online(t, 0, { presence: false, actor: 'r2' });
    const jid = contact(t);
    await setRosterItem(s1, jid);
    await rosterPushFor(s2, jid);
  },
});

export const pushOneItem = defineCase({
  id: 'rfc6121/im/roster-push-one-item',
  title: 'a roster push carries exactly one item',
  ...ROSTER,
  refs: [{ rfc: 6121, section: '2.1.6', level: 'MUST' }],
  requirements: ['rfc6121-2.1.6-push-one-item'],
  tags: ['roster'],
  async run(t) {
    const { s, jid } = await withContact(t);
    await setRosterItem(s, jid);
    const push = await rosterPushFor(s, jid);
    const n = children(child(push, 'query', NS_ROSTER) as XmlElement, 'item', NS_ROSTER).length;
    t.check(n === 1, 'one <item/>', `${n} items`);
  },
});

export const pushFrom = defineCase({
  id: 'rfc6121/im/roster-push-from-account',
  title: "a roster push has no 'from' or the account's bare JID (clients must drop any other)",
  ...ROSTER,
  refs: [{ rfc: 6121, section: '2.1.6', level: 'MUST' }],
  requirements: ['rfc6121-2.1.6-push-from'],
  tags: ['roster', 'security'],
  async run(t) {
    const { s, jid } = await withContact(t);
    await setRosterItem(s, jid);
    const push = await rosterPushFor(s, jid);
    const from = push.attrs['from'];
    const me = bareJid(s.jid);
    t.check(from === undefined || sameJid(from, me), `no 'from' or from='${me}'`, `from='${from ?? ''}'`);
  },
});

export const itemStored = defineCase({
  id: 'rfc6121/im/roster-item-stored',
  title: 'an added item comes back in the next roster get with its name and group',
  ...ROSTER,
  refs: [{ rfc: 6121, section: '2.3.2', level: 'MUST' }],
  requirements: ['rfc6121-2.3.2-create-item'],
  tags: ['roster'],
  async run(t) {
    const { s, jid } = await withContact(t);
    await setRosterItem(s, jid, { name: 'Nurse', groups: ['Servants'] });
    const item = (await fetchRoster(s)).items.find((i) => bareJid(i.jid) === jid);
    if (!item) return t.fail(`<item jid='${jid}'/> in the roster`, 'no such item');
    t.check(
      item.name === 'Nurse' && item.groups.length === 1 && item.groups[0] === 'Servants',
      "name='Nurse' in group 'Servants'",
      `name='${item.name ?? ''}' groups=[${item.groups.join(', ')}]`,
    );
  },
});

export const itemUpdated = defineCase({
  id: 'rfc6121/im/roster-item-updated',
  title: 'a second roster set for the same JID updates the item (new name pushed and stored)',
  ...ROSTER,
  refs: [{ rfc: 6121, section: '2.4.2', level: 'MUST' }],
  requirements: ['rfc6121-2.4.2-update-item'],
  tags: ['roster'],
  async run(t) {
    const { s, jid } = await withContact(t);
    await setRosterItem(s, jid, { name: 'Old' });
    await rosterPushFor(s, jid);
    await setRosterItem(s, jid, { name: 'New' });
    const push = await rosterPushFor(s, jid);
    t.check(pushedItem(push)['name'] === 'New', "the push with name='New'", `name='${pushedItem(push)['name'] ?? ''}'`);
    const item = (await fetchRoster(s)).items.find((i) => bareJid(i.jid) === jid);
    t.check(item?.name === 'New', "name='New' in the roster", `name='${item?.name ?? ''}'`);
  },
});

export const itemRemoved = defineCase({
  id: 'rfc6121/im/roster-remove',
  title: "removing an item gets a result, a push with subscription='remove', and the item is gone",
  ...ROSTER,
  refs: [{ rfc: 6121, section: '2.5.2', level: 'MUST' }],
  requirements: ['rfc6121-2.5.2-remove-push', 'rfc6121-2.5.2-remove-item', 'rfc6121-2.5.2-remove-result'],
  tags: ['roster'],
  async run(t) {
    const { s, jid } = await withContact(t);
    await setRosterItem(s, jid);
    await rosterPushFor(s, jid);
    const res = await removeRosterItem(s, jid);
    t.check(res.attrs['type'] === 'result', 'a result to the removal', `type='${res.attrs['type'] ?? ''}'`);
    const push = await rosterPushFor(s, jid);
    t.check(pushedItem(push)['subscription'] === 'remove', "a push with subscription='remove'", `subscription='${pushedItem(push)['subscription'] ?? ''}'`);
    const still = (await fetchRoster(s)).items.some((i) => bareJid(i.jid) === jid);
    t.check(!still, 'the item gone from the roster', 'still there');
  },
});

export const removeUnknown = defineCase({
  id: 'rfc6121/im/roster-remove-unknown-item',
  title: 'removing an item that is not in the roster gets <item-not-found/>',
  ...ROSTER,
  refs: [{ rfc: 6121, section: '2.5.3', level: 'MUST' }],
  requirements: ['rfc6121-2.5.3-remove-item-not-found'],
  tags: ['roster', 'errors'],
  async run(t) {
    const s = await online(t, 0, { presence: false });
    expectCondition(t, await removeRosterItem(s, contact(t)), 'item-not-found');
  },
});

export const setTwoItems = defineCase({
  id: 'rfc6121/im/roster-set-two-items',
  title: 'a roster set with two items gets <bad-request/>',
  ...ROSTER,
  refs: [{ rfc: 6121, section: '2.3.3', level: 'MUST' }],
  requirements: ['rfc6121-2.3.3-bad-request-multiple-items'],
  tags: ['roster', 'errors'],
  async run(t) {
    const s = await online(t, 0, { presence: false });
    expectCondition(t, await rosterSetRaw(s, `<item jid='${contact(t)}'/><item jid='${contact(t)}'/>`), 'bad-request');
  },
});

export const duplicateGroups = defineCase({
  id: 'rfc6121/im/roster-set-duplicate-groups',
  title: 'a roster set naming the same group twice gets <bad-request/>',
  ...ROSTER,
  refs: [{ rfc: 6121, section: '2.3.3', level: 'MUST' }],
  requirements: ['rfc6121-2.3.3-bad-request-duplicate-groups'],
  tags: ['roster', 'errors'],
  async run(t) {
    const s = await online(t, 0, { presence: false });
    expectCondition(t, await rosterSetRaw(s, `<item jid='${contact(t)}'><group>Friends</group><group>Friends</group></item>`), 'bad-request');
  },
});

export const emptyGroup = defineCase({
  id: 'rfc6121/im/roster-set-empty-group',
  title: 'a roster set with an empty <group/> gets <not-acceptable/>',
  ...ROSTER,
  refs: [{ rfc: 6121, section: '2.3.3', level: 'MUST' }],
  requirements: ['rfc6121-2.3.3-not-acceptable-empty-group'],
  tags: ['roster', 'errors'],
  async run(t) {
    const s = await online(t, 0, { presence: false });
    expectCondition(t, await rosterSetRaw(s, `<item jid='${contact(t)}'><group></group></item>`), 'not-acceptable');
  },
});

export const subscriptionIgnored = defineCase({
  id: 'rfc6121/im/roster-set-subscription-ignored',
  title: "a roster set with subscription='both' does not grant a subscription (the attribute is ignored)",
  ...ROSTER,
  refs: [{ rfc: 6121, section: '2.1.5', level: 'MUST' }],
  requirements: ['rfc6121-2.1.5-ignore-subscription'],
  tags: ['roster', 'security'],
  async run(t) {
    const { s, jid } = await withContact(t);
    const res = await rosterSetRaw(s, `<item jid='${jid}' subscription='both'/>`);
    t.check(res.attrs['type'] === 'result', 'the set accepted with the attribute ignored', `an error <${errorOf(t, res).condition ?? '?'}/>`);
    const item = (await fetchRoster(s)).items.find((i) => bareJid(i.jid) === jid);
    t.check(item?.subscription === 'none', "subscription='none' in the roster", `subscription='${item?.subscription ?? '(no item)'}'`);
  },
});

export const emptyRoster = defineCase({
  id: 'rfc6121/im/roster-empty-result',
  title: 'a roster with no contacts is returned as a result with an empty <query/>, not an error',
  ...ROSTER,
  refs: [{ rfc: 6121, section: '2.1.4', level: 'MUST' }],
  requirements: ['rfc6121-2.1.4-empty-roster-empty-query'],
  tags: ['roster'],
  async run(t) {
    const s = await online(t, 0, { presence: false });
    const res = await s.iq(el('iq', { type: 'get' }, el('query', { xmlns: NS_ROSTER })));
    const q = child(res, 'query', NS_ROSTER);
    if (res.attrs['type'] === 'result' && q && children(q, 'item', NS_ROSTER).length > 0)
      t.skip('the account has contacts the suite did not create, so an empty roster cannot be arranged');
    t.check(res.attrs['type'] === 'result', 'a roster result', `type='${res.attrs['type'] ?? ''}' <${errorOf(t, res).condition ?? ''}/>`);
    t.check(q !== undefined, "an empty <query xmlns='jabber:iq:roster'/>", 'a result without <query/>');
  },
});

export const updateReplaces = defineCase({
  id: 'rfc6121/im/roster-update-replaces-item',
  title: 'an update carrying no name and no group leaves the item with neither (the set replaces the whole item)',
  ...ROSTER,
  refs: [
    { rfc: 6121, section: '2.4.1', level: 'MUST' },
    { rfc: 6121, section: '2.4.2', level: 'MUST' },
  ],
  requirements: ['rfc6121-2.4.1-atomic-update', 'rfc6121-2.4.2-update-result'],
  tags: ['roster'],
  async run(t) {
    const { s, jid } = await withContact(t);
    await setRosterItem(s, jid, { name: 'Tybalt', groups: ['Capulets'] });
    await rosterPushFor(s, jid);
    const res = await setRosterItem(s, jid);
    t.check(res.attrs['type'] === 'result', 'a result to the update', `type='${res.attrs['type'] ?? ''}'`);
    await rosterPushFor(s, jid);
    const item = (await fetchRoster(s)).items.find((i) => bareJid(i.jid) === jid);
    t.check(
      item !== undefined && item.name === undefined && item.groups.length === 0,
      'the item with no name and no group',
      item ? `name='${item.name ?? ''}' groups=[${item.groups.join(', ')}]` : 'no item',
    );
  },
});

export const updateErrors = defineCase({
  id: 'rfc6121/im/roster-update-duplicate-groups',
  title: 'updating an existing item with the same group named twice gets <bad-request/>, as an add would',
  ...ROSTER,
  refs: [{ rfc: 6121, section: '2.4.3', level: 'MUST' }],
  requirements: ['rfc6121-2.4.3-update-bad-request'],
  tags: ['roster', 'errors'],
  async run(t) {
    const { s, jid } = await withContact(t);
    await setRosterItem(s, jid, { name: 'Paris' });
    await rosterPushFor(s, jid);
    expectCondition(t, await rosterSetRaw(s, `<item jid='${jid}'><group>Friends</group><group>Friends</group></item>`), 'bad-request');
  },
});

const OTHER = { area: 'im' as const, role: 'server' as const, needs: { accounts: 2, serial: true } };

export const otherRosterUntouchable = defineCase({
  ...OTHER,
  id: 'rfc6121/im/roster-of-other-account-refused',
  title: "a roster get or set addressed to another account's bare JID is refused, and that roster stays as it was",
  refs: [{ rfc: 6121, section: '2', level: 'MUST' }],
  requirements: ['rfc6121-2-restrict-roster-access'],
  tags: ['roster', 'security'],
  async run(t) {
    const a = await online(t, 0, { presence: false });
    const b = await online(t, 1, { presence: false });
    const other = bareJid(b.jid);
    const get = await a.iq(el('iq', { type: 'get', to: other }, el('query', { xmlns: NS_ROSTER })));
    t.check(get.attrs['type'] === 'error', "an error to the get of someone else's roster", `type='${get.attrs['type'] ?? ''}'`);
    const jid = contact(t);
    const set = await a.iq(el('iq', { type: 'set', to: other }, el('query', { xmlns: NS_ROSTER }, el('item', { jid }))));
    t.check(set.attrs['type'] === 'error', "an error to the set of someone else's roster", `type='${set.attrs['type'] ?? ''}'`);
    const stored = (await fetchRoster(b)).items.some((i) => bareJid(i.jid) === jid);
    t.check(!stored, "no new item in the other account's roster", 'the item was added');
  },
});

export const otherRosterForbidden = defineCase({
  ...OTHER,
  id: 'rfc6121/im/roster-set-other-account-forbidden',
  title: "a roster set addressed to another account's bare JID gets <forbidden/>",
  refs: [
    { rfc: 6121, section: '2.3.3', level: 'MUST' },
    { rfc: 6121, section: '2.1.5', level: 'MUST' },
  ],
  requirements: ['rfc6121-2.3.3-forbidden-unauthorized', 'rfc6121-2.1.5-verify-authorized'],
  tags: ['roster', 'security', 'errors'],
  async run(t) {
    const a = await online(t, 0, { presence: false });
    const res = await a.iq(el('iq', { type: 'set', to: t.account(1).jid }, el('query', { xmlns: NS_ROSTER }, el('item', { jid: contact(t) }))));
    expectCondition(t, res, 'forbidden');
  },
});

export const pushOrder = defineCase({
  id: 'rfc6121/im/roster-pushes-in-order',
  title: 'two quick updates of one item are pushed in the order they were made',
  ...ROSTER,
  refs: [{ rfc: 6121, section: '2.6.3', level: 'MUST' }],
  requirements: ['rfc6121-2.6.3-push-order'],
  tags: ['roster'],
  async run(t) {
    const { s, jid } = await withContact(t);
    const [id1, id2] = [s.nextId(), s.nextId()];
    s.sendRaw(`<iq type='set' id='${id1}'><query xmlns='${NS_ROSTER}'><item jid='${jid}' name='One'/></query></iq>`);
    s.sendRaw(`<iq type='set' id='${id2}'><query xmlns='${NS_ROSTER}'><item jid='${jid}' name='Two'/></query></iq>`);
    const first = pushedItem(await rosterPushFor(s, jid))['name'];
    const second = pushedItem(await rosterPushFor(s, jid))['name'];
    t.check(first === 'One' && second === 'Two', "the push with name='One', then name='Two'", `'${first ?? ''}', then '${second ?? ''}'`);
  },
});
