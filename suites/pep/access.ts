// Access models of PEP nodes (XEP-0163 §4.1, §5; XEP-0060 §4.5, §6.5): 'presence' (the default)
// lets presence subscribers retrieve items and refuses others with <not-authorized/>, 'whitelist'
// admits the owner alone and refuses others with <not-allowed/> and <closed-node/>.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import type { Session } from '../../harness/session/index.js';
import { el, type XmlElement } from '../../harness/xml/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { online, settle, subscribe } from '../im-steps.js';
import { X163, X60 } from './publish.js';
import { freshNode, getItems, itemsOf, published, pubsubError, requirePep } from './steps.js';

/** The owner publishes to a fresh node (with `options`); then account `who` asks for its items. */
async function askAs(
  t: CaseContext,
  who: number,
  slug: string,
  relation: 'subscribed' | 'stranger',
  options?: Record<string, string>,
): Promise<{ owner: Session; node: string; res: XmlElement }> {
  const owner = await t.step('log in the owner', () => online(t, 0, { actor: 'owner' }));
  await requirePep(t, owner);
  const other = await t.step(`log in account ${who + 1} (${relation})`, () => online(t, who, { actor: relation }));
  if (relation === 'subscribed') await t.step("it subscribes to the owner's presence", () => subscribe(other, owner));
  const node = await freshNode(t, owner, slug);
  await published(t, owner, node, 'secret', { id: 'item', ...(options ? { options } : {}) });
  const res = await t.step("it asks for the node's items", () => getItems(other, node, bareJid(owner.jid)));
  return { owner, node, res };
}

const describeAnswer = (t: CaseContext, res: XmlElement): string =>
  res.attrs['type'] === 'error' ? `an error <${t.stanzaErrorCondition(res) ?? '?'}/>` : `a result with ${itemsOf(res).length} item(s)`;

export const presenceContactRetrieves = defineCase({
  id: 'xep0163/pep/presence-access-contact-retrieves',
  title: "a contact subscribed to the owner's presence retrieves the items of a node with the default access model",
  area: 'pep',
  needs: { accounts: 2, serial: true },
  role: 'server',
  refs: [X163('4.1', 'MUST')],
  requirements: ['xep0163-4.1-auto-subscribe'],
  tags: ['pep', 'access', 'items'],
  async run(t) {
    const { res } = await askAs(t, 1, 'presence-contact', 'subscribed');
    t.check(res.attrs['type'] === 'result', 'the items (a result)', () => describeAnswer(t, res));
    t.check(
      itemsOf(res).some((i) => i.id === 'item' && i.value === 'secret'),
      "the owner's item",
      () => JSON.stringify(itemsOf(res)),
    );
  },
});

export const presenceStrangerRefused = defineCase({
  id: 'xep0163/pep/presence-access-stranger-refused',
  title: 'an account without a presence subscription gets an error and no items from a node with the default access model',
  area: 'pep',
  needs: { accounts: 3, serial: true },
  role: 'server',
  refs: [X60('6.5.1', 'MUST'), X163('5', 'MUST')],
  requirements: ['xep0060-6.5.1-conform-access-model', 'xep0163-5-presence-access-default'],
  tags: ['pep', 'access', 'items'],
  async run(t) {
    const { res } = await askAs(t, 2, 'presence-stranger', 'stranger');
    t.check(res.attrs['type'] === 'error', 'an error, no items', () => describeAnswer(t, res));
    t.note(`the server answered <${t.stanzaErrorCondition(res) ?? '?'}/>`);
  },
});

export const presenceNotAuthorized = defineCase({
  id: 'xep0060/pep/presence-access-not-authorized',
  title: "the error for an account without a presence subscription asking for a 'presence' node's items is <not-authorized/>",
  area: 'pep',
  needs: { accounts: 3, serial: true },
  role: 'server',
  refs: [X60('6.5.9.6', 'MUST')],
  requirements: ['xep0060-6.5.9.6-presence-not-authorized'],
  tags: ['pep', 'access', 'errors'],
  async run(t) {
    const { res } = await askAs(t, 2, 'presence-not-authorized', 'stranger');
    const { condition, pubsub } = pubsubError(t, res);
    t.check(res.attrs['type'] === 'error' && condition === 'not-authorized', 'an error <not-authorized/>', () => describeAnswer(t, res));
    if (pubsub !== 'presence-subscription-required') t.note(`no <presence-subscription-required/> (the XEP's SHOULD); pubsub condition: ${pubsub ?? 'none'}`);
  },
});

export const whitelistOwnerOnly = defineCase({
  id: 'xep0060/pep/whitelist-owner-only',
  title: 'on a node published with pubsub#access_model=whitelist the owner retrieves the items and a presence subscriber gets an error',
  area: 'pep',
  needs: { accounts: 2, serial: true },
  role: 'server',
  refs: [X60('4.5', 'MUST'), X163('5', 'MUST')],
  requirements: ['xep0060-4.5-owner-on-whitelist', 'xep0163-5-whitelist-access-model'],
  tags: ['pep', 'access', 'items', 'publish-options'],
  async run(t) {
    const { owner, node, res } = await askAs(t, 1, 'whitelist', 'subscribed', { 'pubsub#access_model': 'whitelist' });
    t.check(res.attrs['type'] === 'error', 'an error for the subscriber, no items', () => describeAnswer(t, res), X163('5', 'MUST'));
    const mine = await t.step('the owner asks for the items', () => getItems(owner, node));
    t.check(
      itemsOf(mine).some((i) => i.id === 'item'),
      "the owner's item",
      () => describeAnswer(t, mine),
      X60('4.5', 'MUST'),
    );
  },
});

export const whitelistNotAllowed = defineCase({
  id: 'xep0060/pep/whitelist-not-allowed',
  title: "the error for an account not on a 'whitelist' node's list asking for its items is <not-allowed/> with <closed-node/>",
  area: 'pep',
  needs: { accounts: 2, serial: true },
  role: 'server',
  refs: [X60('6.5.9.8', 'MUST')],
  requirements: ['xep0060-6.5.9.8-whitelist-not-allowed'],
  tags: ['pep', 'access', 'errors'],
  async run(t) {
    const { res } = await askAs(t, 1, 'whitelist-not-allowed', 'subscribed', { 'pubsub#access_model': 'whitelist' });
    const { condition, pubsub } = pubsubError(t, res);
    t.check(
      res.attrs['type'] === 'error' && condition === 'not-allowed' && pubsub === 'closed-node',
      'an error <not-allowed/> with <closed-node/>',
      () => `${describeAnswer(t, res)} with <${pubsub ?? 'no pubsub condition'}/>`,
    );
  },
});

export const accessRecalculated = defineCase({
  id: 'xep0163/pep/access-recalculated-on-unsubscribe',
  title: "a contact that could read a 'presence' node gets an error once the owner cancels its presence subscription",
  area: 'pep',
  needs: { accounts: 2, serial: true },
  role: 'server',
  refs: [X163('7.1', 'MUST')],
  requirements: ['xep0163-7.1-recalculate-access'],
  tags: ['pep', 'access', 'subscription'],
  async run(t) {
    const { owner, node, res } = await askAs(t, 1, 'recalculate', 'subscribed');
    if (res.attrs['type'] !== 'result') t.skip('the subscribed contact could not read the node to begin with (xep0163/pep/presence-access-contact-retrieves)');
    const contact = await t.step('log in the contact again', () => online(t, 1, { actor: 'contact-again', resetRoster: false }));
    owner.send({ name: 'presence', ns: 'jabber:client', attrs: { to: bareJid(contact.jid), type: 'unsubscribed' }, children: [] });
    await t.step('the cancellation is processed', () => settle(owner, contact));
    const after = await t.step("the contact asks for the node's items again", () => getItems(contact, node, bareJid(owner.jid)));
    t.check(after.attrs['type'] === 'error', 'an error, no items (access lost with the subscription)', () => describeAnswer(t, after));
  },
});

export const discoItemsByAccess = defineCase({
  id: 'xep0163/pep/disco-items-by-access',
  title: "disco#items on the owner's bare JID does not show a stranger the owner's 'presence' node",
  area: 'pep',
  needs: { accounts: 3, serial: true },
  role: 'server',
  refs: [X163('6.2', 'MUST')],
  requirements: ['xep0163-6.2-disco-items-by-access'],
  tags: ['pep', 'access', 'disco'],
  async run(t) {
    const owner = await t.step('log in the owner', () => online(t, 0, { actor: 'owner' }));
    await requirePep(t, owner);
    const node = await freshNode(t, owner, 'disco-items');
    await published(t, owner, node, 'hidden', { id: 'item' });
    const mine = await t.step('the owner asks disco#items of its bare JID', () =>
      owner.iq(el('iq', { type: 'get', to: bareJid(owner.jid) }, el('query', { xmlns: NS_DISCO_ITEMS }))),
    );
    if (!nodesOf(mine).includes(node)) t.skip('disco#items of the account does not list its nodes even to the owner, so hiding them from others shows nothing');
    const stranger = await t.step('log in an account with no subscription (roster cleared)', () => online(t, 2, { actor: 'stranger' }));
    const res = await t.step("the stranger asks disco#items of the owner's bare JID", () =>
      stranger.iq(el('iq', { type: 'get', to: bareJid(owner.jid) }, el('query', { xmlns: NS_DISCO_ITEMS }))),
    );
    t.check(!nodesOf(res).includes(node), "the 'presence' node not listed", 'listed');
  },
});

const NS_DISCO_ITEMS = 'http://jabber.org/protocol/disco#items';

/** The node names of a disco#items result. */
function nodesOf(res: XmlElement): string[] {
  const q = res.attrs['type'] === 'result' ? res.children.find((c): c is XmlElement => typeof c === 'object' && c.name === 'query') : undefined;
  return (q?.children ?? []).filter((c): c is XmlElement => typeof c === 'object' && c.name === 'item').map((i) => i.attrs['node'] ?? '');
}
