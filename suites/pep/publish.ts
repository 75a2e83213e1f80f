// PEP publishing (XEP-0163 §3, §6.1; XEP-0060 §7.1, §9): the account's service shows itself in
// disco#info, creates nodes on publish, answers publishes, names and overwrites items, keeps them
// across sessions, and refuses publishes from anyone but the owner. Every pep case runs alone
// (serial): a server may address the owner's events to its bare JID, and they would then reach
// the available resources of other cases running at the same time.
import { defineCase } from '../../harness/cases/index.js';
import type { XepRef } from '../../harness/spec.js';
import { child } from '../../harness/xml/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { freshNode, getItems, itemsOf, NS_PUBSUB, ownInfo, publish, published, pubsubError, requirePep } from './steps.js';

export const X163 = (section: string, level: XepRef['level']): XepRef => ({ xep: 163, version: '1.2.2', section, level });
export const X60 = (section: string, level: XepRef['level']): XepRef => ({ xep: 60, version: '1.30.0', section, level });

export const accountIdentity = defineCase({
  id: 'xep0163/pep/account-identity',
  title: "disco#info on the account's bare JID shows <identity category='pubsub' type='pep'/> and the pubsub#publish feature",
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X163('6.1', 'MUST'), X60('7.1.1', 'MUST')],
  requirements: ['xep0163-6.1-identity-pubsub-pep', 'xep0060-7.1.1-advertise-publish'],
  tags: ['pep', 'disco'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    const features = await requirePep(t, s);
    const info = await ownInfo(s);
    const pep = info.identities.some((i) => i.attrs['category'] === 'pubsub' && i.attrs['type'] === 'pep');
    t.check(
      pep,
      "<identity category='pubsub' type='pep'/>",
      () => info.identities.map((i) => `${i.attrs['category'] ?? ''}/${i.attrs['type'] ?? ''}`).join(', ') || 'no identity',
    );
    t.check(features.has(`${NS_PUBSUB}#publish`), `the feature ${NS_PUBSUB}#publish`, 'not advertised', X60('7.1.1', 'MUST'));
  },
});

export const pubsubOnAJid = defineCase({
  id: 'xep0060/pep/pubsub-on-a-jid-feature',
  title: "disco#info on the account's bare JID includes the pubsub#pubsub-on-a-jid feature",
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('9', 'MUST')],
  requirements: ['xep0060-9-pubsub-on-a-jid'],
  tags: ['pep', 'disco'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    const features = await requirePep(t, s);
    // the XEP's own text spells the namespace with one slash ('http:/jabber.org'); either is taken
    const ok = features.has(`${NS_PUBSUB}#pubsub-on-a-jid`) || features.has('http:/jabber.org/protocol/pubsub#pubsub-on-a-jid');
    t.check(ok, `the feature ${NS_PUBSUB}#pubsub-on-a-jid`, 'not advertised');
  },
});

export const autoCreate = defineCase({
  id: 'xep0163/pep/auto-create-on-publish',
  title: 'publishing to a node that does not exist creates it: the publish succeeds and the item is there',
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X163('3', 'MUST'), X60('7.1.2', 'MUST')],
  requirements: ['xep0163-3-auto-create', 'xep0060-7.1.2-inform-success'],
  tags: ['pep', 'publish'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    await requirePep(t, s);
    const node = await freshNode(t, s, 'auto-create');
    const res = await t.step('publish to the node that does not exist', () => publish(s, node, 'created', { id: 'one' }));
    t.check(
      res.attrs['type'] === 'result',
      'a result (the node auto-created)',
      () => `type='${res.attrs['type'] ?? ''}' <${t.stanzaErrorCondition(res) ?? '?'}/>`,
      X60('7.1.2', 'MUST'),
    );
    const items = itemsOf(await t.step('ask for the items', () => getItems(s, node)));
    t.check(
      items.some((i) => i.id === 'one' && i.value === 'created'),
      "item 'one' in the new node",
      () => JSON.stringify(items),
    );
  },
});

export const autoCreateAdvertised = defineCase({
  id: 'xep0060/pep/auto-create-advertised',
  title: 'a service that created a node on publish advertises pubsub#auto-create',
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('7.1.4', 'MUST')],
  requirements: ['xep0060-7.1.4-advertise-auto-create'],
  tags: ['pep', 'disco', 'publish'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    const features = await requirePep(t, s);
    const node = await freshNode(t, s, 'auto-create-advertised');
    const res = await t.step('publish to a node that does not exist', () => publish(s, node, 'created', { id: 'one' }));
    if (res.attrs['type'] !== 'result') t.skip('the server created no node on publish (xep0163/pep/auto-create-on-publish checks that it must)');
    t.check(features.has(`${NS_PUBSUB}#auto-create`), `the feature ${NS_PUBSUB}#auto-create`, 'not advertised');
  },
});

export const generatedItemId = defineCase({
  id: 'xep0060/pep/generated-item-id',
  title: 'an item published without an id is stored under an id the service made up',
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('7.1.1', 'MUST')],
  requirements: ['xep0060-7.1.1-generate-item-id'],
  tags: ['pep', 'publish'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    await requirePep(t, s);
    const node = await freshNode(t, s, 'generated-id');
    await published(t, s, node, 'no id given');
    const items = itemsOf(await t.step('ask for the items', () => getItems(s, node)));
    const item = items.find((i) => i.value === 'no id given');
    t.check(item !== undefined && (item.id ?? '') !== '', 'the item, with a non-empty id', () => JSON.stringify(items));
  },
});

export const resultNamesId = defineCase({
  id: 'xep0060/pep/result-names-generated-id',
  title: 'the result of a publish without an id names the id the service gave the item',
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('7.1.2', 'SHOULD')],
  requirements: ['xep0060-7.1.2-result-item-id'],
  tags: ['pep', 'publish'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    await requirePep(t, s);
    const node = await freshNode(t, s, 'result-id');
    const res = await published(t, s, node, 'no id given');
    const item = child(child(child(res, 'pubsub', NS_PUBSUB) ?? res, 'publish', NS_PUBSUB) ?? res, 'item', NS_PUBSUB);
    const id = item?.attrs['id'] ?? '';
    t.check(id !== '', '<pubsub><publish><item id=.../></publish></pubsub> in the result', 'no item id in the result');
    const items = itemsOf(await t.step('ask for the items', () => getItems(s, node)));
    t.check(
      items.some((i) => i.id === id),
      `the stored item under id '${id}'`,
      () => JSON.stringify(items),
    );
  },
});

export const republishOverwrites = defineCase({
  id: 'xep0060/pep/republish-overwrites',
  title: 'publishing again with an id the node holds replaces that item instead of adding one or failing',
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('7.1.2', 'MUST')],
  requirements: ['xep0060-7.1.2-overwrite-same-id'],
  tags: ['pep', 'publish'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    await requirePep(t, s);
    const node = await freshNode(t, s, 'overwrite');
    // room for several items, so keeping the newest item alone cannot pass for overwriting
    const first = await t.step('publish item x with pubsub#max_items=10', () => publish(s, node, 'first', { id: 'x', options: { 'pubsub#max_items': '10' } }));
    if (first.attrs['type'] !== 'result') {
      t.note('pubsub#max_items=10 was refused; published without options');
      await published(t, s, node, 'first', { id: 'x' });
    }
    await published(t, s, node, 'other', { id: 'y' });
    await published(t, s, node, 'second', { id: 'x' });
    const items = itemsOf(await t.step('ask for the items', () => getItems(s, node)));
    const xs = items.filter((i) => i.id === 'x');
    t.check(xs.length === 1 && xs[0]?.value === 'second', "one item 'x', with the second payload", () => JSON.stringify(items));
    if (!items.some((i) => i.id === 'y')) t.note("item 'y' is gone (the node keeps fewer items)");
  },
});

export const itemsPersist = defineCase({
  id: 'xep0163/pep/items-persist-across-logins',
  title: 'an item published in one session is returned to the owner in a later session',
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('6.5.1', 'MUST'), X60('7.1.2', 'SHOULD')],
  requirements: ['xep0060-6.5.1-owner-retrieves', 'xep0060-7.1.2-store-item'],
  tags: ['pep', 'items'],
  async run(t) {
    const first = await t.step('log in', () => t.login(0, { actor: 'first' }));
    await requirePep(t, first);
    const node = await freshNode(t, first, 'persist');
    await published(t, first, node, 'kept', { id: 'kept' });
    await t.step('end the first session', () => first.closeGracefully());
    const later = await t.step('log in again', () => t.login(0, { actor: 'later' }));
    const res = await t.step('ask for the items', () => getItems(later, node));
    t.check(
      res.attrs['type'] === 'result',
      'the items (a result)',
      () => `<${t.stanzaErrorCondition(res) ?? res.attrs['type'] ?? '?'}/>`,
      X60('6.5.1', 'MUST'),
    );
    const items = itemsOf(res);
    t.check(
      items.some((i) => i.id === 'kept' && i.value === 'kept'),
      "item 'kept' as published",
      () => JSON.stringify(items),
      X60('7.1.2', 'SHOULD'),
    );
  },
});

export const foreignPublish = defineCase({
  id: 'xep0060/pep/foreign-publish-refused',
  title: "a publish to another account's PEP service is refused with <forbidden/> and changes nothing",
  area: 'pep',
  needs: { accounts: 2, serial: true },
  role: 'server',
  refs: [X60('7.1.3.1', 'MUST')],
  requirements: ['xep0060-7.1.3.1-forbidden-publish'],
  tags: ['pep', 'publish', 'access'],
  async run(t) {
    const owner = await t.step('log in the owner', () => t.login(0, { actor: 'owner' }));
    await requirePep(t, owner);
    const node = await freshNode(t, owner, 'foreign');
    await published(t, owner, node, 'mine', { id: 'mine' });
    const other = await t.step('log in another account', () => t.login(1, { actor: 'other' }));
    const res = await t.step("publish to the owner's node", () => publish(other, node, 'intruder', { id: 'mine', to: bareJid(owner.jid) }));
    const { condition } = pubsubError(t, res);
    t.check(res.attrs['type'] === 'error' && condition === 'forbidden', 'an error <forbidden/>', () =>
      res.attrs['type'] === 'error' ? `<${condition ?? '?'}/>` : 'a result',
    );
    const items = itemsOf(await t.step('the owner asks for its items', () => getItems(owner, node)));
    t.check(items.length === 1 && items[0]?.value === 'mine', "the owner's item unchanged", () => JSON.stringify(items));
  },
});

export const itemsUnknownNode = defineCase({
  id: 'xep0060/pep/items-unknown-node',
  title: 'asking for the items of a node that does not exist gets <item-not-found/>',
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('6.5.9.11', 'SHOULD')],
  requirements: ['xep0060-6.5.9.11-items-node-not-found'],
  tags: ['pep', 'items', 'errors'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    await requirePep(t, s);
    const node = await freshNode(t, s, 'no-such-node');
    const res = await t.step('ask for the items of the node that does not exist', () => getItems(s, node));
    const { condition } = pubsubError(t, res);
    t.check(res.attrs['type'] === 'error' && condition === 'item-not-found', 'an error <item-not-found/>', () =>
      res.attrs['type'] === 'error' ? `<${condition ?? '?'}/>` : `a result with ${itemsOf(res).length} item(s)`,
    );
  },
});
