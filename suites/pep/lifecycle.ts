// Removing PEP data (XEP-0060 §7.2, §8.4): a retract deletes the item, a node deletion removes the
// node's items for good, and deleting a node that does not exist is <item-not-found/>.
import { defineCase } from '../../harness/cases/index.js';
import { X60 } from './publish.js';
import { deleteNode, freshNode, getItems, itemsOf, published, pubsubError, requirePep, retract } from './steps.js';

export const retractDeletes = defineCase({
  id: 'xep0060/pep/retract-deletes-item',
  title: 'a retracted item is no longer among the items of the node',
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('7.2.2', 'MUST')],
  requirements: ['xep0060-7.2.2-retract-deletes'],
  tags: ['pep', 'retract', 'items'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    await requirePep(t, s);
    const node = await freshNode(t, s, 'retract');
    await published(t, s, node, 'doomed', { id: 'doomed' });
    const res = await t.step('retract the item', () => retract(s, node, 'doomed', false));
    t.check(res.attrs['type'] === 'result', 'the retract answered with a result', () => `<${t.stanzaErrorCondition(res) ?? res.attrs['type'] ?? '?'}/>`);
    const after = await t.step('ask for the items', () => getItems(s, node));
    t.check(!itemsOf(after).some((i) => i.id === 'doomed'), "item 'doomed' gone", () => JSON.stringify(itemsOf(after)));
  },
});

export const deleteRemovesItems = defineCase({
  id: 'xep0060/pep/delete-removes-items',
  title: "a deleted node's items are gone, also from a node of the same name created again",
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('8.4', 'MUST')],
  requirements: ['xep0060-8.4-delete-removes-items'],
  tags: ['pep', 'delete', 'items'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    await requirePep(t, s);
    const node = await freshNode(t, s, 'delete-items');
    await published(t, s, node, 'old', { id: 'old' });
    const res = await t.step('delete the node', () => deleteNode(s, node));
    t.check(res.attrs['type'] === 'result', 'the deletion answered with a result', () => `<${t.stanzaErrorCondition(res) ?? res.attrs['type'] ?? '?'}/>`);
    const gone = itemsOf(await t.step('ask for the items of the deleted node', () => getItems(s, node)));
    t.check(!gone.some((i) => i.id === 'old'), "item 'old' gone with the node", () => JSON.stringify(gone));
    await published(t, s, node, 'new', { id: 'new' });
    const again = itemsOf(await t.step('ask for the items of the node created again', () => getItems(s, node)));
    t.check(!again.some((i) => i.id === 'old'), "no item 'old' in the new node", () => JSON.stringify(again));
  },
});

export const deleteUnknown = defineCase({
  id: 'xep0060/pep/delete-unknown-node',
  title: 'deleting a node that does not exist gets <item-not-found/>',
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('8.4.3.2', 'MUST')],
  requirements: ['xep0060-8.4.3.2-delete-unknown-not-found'],
  tags: ['pep', 'delete', 'errors'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    await requirePep(t, s);
    const node = await freshNode(t, s, 'delete-unknown');
    const res = await t.step('delete the node that does not exist', () => deleteNode(s, node));
    const { condition } = pubsubError(t, res);
    t.check(res.attrs['type'] === 'error' && condition === 'item-not-found', 'an error <item-not-found/>', () =>
      res.attrs['type'] === 'error' ? `<${condition ?? '?'}/>` : 'a result',
    );
  },
});
