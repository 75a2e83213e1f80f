// Publish options (XEP-0060 §7.1.5), as OMEMO (XEP-0384) uses them: pubsub#access_model=open for
// the device list and bundles, pubsub#max_items for bundles kept as many items. Preconditions
// configure a node they create, succeed when met, and fail with <precondition-not-met/> when not.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { X163, X60 } from './publish.js';
import { freshNode, getItems, itemsOf, NS_PUBSUB, publish, published, pubsubError, requirePep } from './steps.js';

export const optionsOpenCreated = defineCase({
  id: 'xep0060/pep/publish-options-open-access',
  title: 'a publish with pubsub#access_model=open creates an open node: an account without any subscription retrieves its item',
  area: 'pep',
  needs: { accounts: 3, serial: true },
  role: 'server',
  refs: [X60('7.1.5', 'MUST'), X163('5', 'MUST'), X60('6.5.1', 'SHOULD')],
  requirements: ['xep0060-7.1.5-autocreate-with-options', 'xep0163-5-open-access-model', 'xep0060-6.5.1-open-anyone-retrieves'],
  tags: ['pep', 'publish-options', 'access', 'omemo'],
  async run(t) {
    const owner = await t.step('log in the owner', () => t.login(0, { actor: 'owner' }));
    await requirePep(t, owner);
    const node = await freshNode(t, owner, 'open');
    await published(t, owner, node, 'for anyone', { id: 'current', options: { 'pubsub#access_model': 'open' } });
    const stranger = await t.step('log in an account with no subscription', () => t.login(2, { actor: 'stranger' }));
    const res = await t.step("the stranger asks for the node's items", () => getItems(stranger, node, bareJid(owner.jid)));
    t.check(res.attrs['type'] === 'result', 'the items (a result)', () => `an error <${t.stanzaErrorCondition(res) ?? '?'}/>`);
    const items = itemsOf(res);
    t.check(
      items.some((i) => i.id === 'current' && i.value === 'for anyone'),
      "item 'current'",
      () => JSON.stringify(items),
    );
  },
});

/** Publishes three items, the first with `max`; resolves with the items kept, or undefined when the first was refused. */
async function threeItems(t: CaseContext, max: string, slug: string): Promise<{ id: string | undefined }[] | undefined> {
  const s = await t.step('log in', () => t.login(0));
  const features = await requirePep(t, s);
  // 'max' is a value only services with the config-node-max feature take (XEP-0060 §17.3)
  if (max === 'max' && !features.has(`${NS_PUBSUB}#config-node-max`))
    t.skip("the server does not advertise pubsub#config-node-max, which pubsub#max_items='max' needs");
  const node = await freshNode(t, s, slug);
  const first = await t.step(`publish item 1 with pubsub#max_items=${max}`, () => publish(s, node, 'one', { id: '1', options: { 'pubsub#max_items': max } }));
  if (first.attrs['type'] !== 'result') return undefined;
  await published(t, s, node, 'two', { id: '2' });
  await published(t, s, node, 'three', { id: '3' });
  return itemsOf(await t.step('ask for the items', () => getItems(s, node)));
}

export const optionsMaxItems = defineCase({
  id: 'xep0060/pep/publish-options-max-items',
  title: 'a publish with pubsub#max_items=10 creates a node that keeps several items (the PEP default keeps one)',
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('7.1.5', 'MUST')],
  requirements: ['xep0060-7.1.5-autocreate-with-options'],
  tags: ['pep', 'publish-options', 'omemo'],
  async run(t) {
    const items = await threeItems(t, '10', 'max-items');
    t.check(items !== undefined, 'the publish with pubsub#max_items=10 accepted', 'refused');
    t.check((items ?? []).length === 3, 'all three items kept', () => `${(items ?? []).length}: ${JSON.stringify(items)}`);
  },
});

export const optionsMaxItemsMax = defineCase({
  id: 'xep0060/pep/publish-options-max-items-max',
  title: "a publish with pubsub#max_items='max' (what OMEMO bundles ask for) creates a node that keeps several items",
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('7.1.5', 'MUST')],
  requirements: ['xep0060-7.1.5-autocreate-with-options'],
  tags: ['pep', 'publish-options', 'omemo'],
  async run(t) {
    const items = await threeItems(t, 'max', 'max-items-max');
    t.check(items !== undefined, "the publish with pubsub#max_items='max' accepted", 'refused');
    if (items === undefined) return;
    t.check(items.length === 3, 'all three items kept', () => `${items.length}: ${JSON.stringify(items)}`);
  },
});

export const preconditionNotMet = defineCase({
  id: 'xep0060/pep/precondition-not-met',
  title: "a publish asking for pubsub#access_model=open on an existing 'presence' node fails with <conflict/> and <precondition-not-met/>, publishing nothing",
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('7.1.5', 'MUST')],
  requirements: ['xep0060-7.1.5-precondition-not-met'],
  tags: ['pep', 'publish-options', 'errors', 'omemo'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    await requirePep(t, s);
    const node = await freshNode(t, s, 'precondition');
    await published(t, s, node, 'default', { id: 'a' });
    const res = await t.step('publish with pubsub#access_model=open', () =>
      publish(s, node, 'opened', { id: 'b', options: { 'pubsub#access_model': 'open' } }),
    );
    const { condition, pubsub } = pubsubError(t, res);
    t.check(res.attrs['type'] === 'error', 'an error', 'a result (the precondition ignored, or the node reconfigured)');
    t.check(
      condition === 'conflict' && pubsub === 'precondition-not-met',
      '<conflict/> with <precondition-not-met/>',
      `<${condition ?? '?'}/> with <${pubsub ?? 'no pubsub condition'}/>`,
    );
    const items = itemsOf(await t.step('ask for the items', () => getItems(s, node)));
    t.check(!items.some((i) => i.id === 'b'), "item 'b' not published", () => JSON.stringify(items));
  },
});

export const preconditionMet = defineCase({
  id: 'xep0060/pep/precondition-met',
  title: 'a publish whose pubsub#access_model precondition matches the node succeeds',
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('7.1.5', 'MUST')],
  requirements: ['xep0060-7.1.5-precondition-met'],
  tags: ['pep', 'publish-options', 'omemo'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    await requirePep(t, s);
    const node = await freshNode(t, s, 'precondition-met');
    await published(t, s, node, 'one', { id: 'current', options: { 'pubsub#access_model': 'open' } });
    const res = await t.step('publish again with the same precondition', () =>
      publish(s, node, 'two', { id: 'current', options: { 'pubsub#access_model': 'open' } }),
    );
    t.check(
      res.attrs['type'] === 'result',
      'a result',
      () => `an error <${t.stanzaErrorCondition(res) ?? '?'}/> with <${pubsubError(t, res).pubsub ?? 'no pubsub condition'}/>`,
    );
    const items = itemsOf(await t.step('ask for the items', () => getItems(s, node)));
    t.check(
      items.some((i) => i.id === 'current' && i.value === 'two'),
      "item 'current' with the second payload",
      () => JSON.stringify(items),
    );
  },
});

export const unknownOption = defineCase({
  id: 'xep0060/pep/publish-options-unknown-field',
  title: 'a publish whose publish-options name a field the service does not know is rejected',
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('7.1.5', 'MUST')],
  requirements: ['xep0060-7.1.5-reject-unknown-field'],
  tags: ['pep', 'publish-options', 'errors'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    await requirePep(t, s);
    const node = await freshNode(t, s, 'unknown-option');
    const res = await t.step('publish with an unknown publish-options field', () =>
      publish(s, node, 'unknown', { id: 'u', options: { 'pubsub#xmpp-conformance-unknown': 'anything' } }),
    );
    t.check(res.attrs['type'] === 'error', 'an error', 'a result (the unknown field ignored)');
    t.note(`the server answered <${t.stanzaErrorCondition(res) ?? 'no condition'}/>`);
    const items = itemsOf(await t.step('ask for the items', () => getItems(s, node)));
    t.check(!items.some((i) => i.id === 'u'), "item 'u' not published", () => JSON.stringify(items));
  },
});

export const optionsAdvertised = defineCase({
  id: 'xep0060/pep/publish-options-advertised',
  title: 'a service that took publish options advertises pubsub#publish-options',
  area: 'pep',
  needs: { accounts: 1, serial: true },
  role: 'server',
  refs: [X60('7.1.5', 'MUST')],
  requirements: ['xep0060-7.1.5-advertise-publish-options'],
  tags: ['pep', 'publish-options', 'disco'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    const features = await requirePep(t, s);
    const node = await freshNode(t, s, 'options-advertised');
    const res = await t.step('publish with pubsub#access_model=open', () =>
      publish(s, node, 'open', { id: 'current', options: { 'pubsub#access_model': 'open' } }),
    );
    if (res.attrs['type'] !== 'result') t.skip('the server refused the publish options (xep0060/pep/publish-options-open-access checks them)');
    t.check(features.has(`${NS_PUBSUB}#publish-options`), `the feature ${NS_PUBSUB}#publish-options`, 'not advertised');
  },
});
