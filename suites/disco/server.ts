// Service discovery of the server itself (XEP-0030 §3, §4, §7): disco#info and disco#items sent to
// the server's domain by a logged-in account.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { parseJid } from '../../harness/jid/index.js';
import { children, text } from '../../harness/xml/index.js';
import { NS_DISCO_INFO, NS_DISCO_ITEMS } from './caps-hash.js';
import { conditionOf, describeAnswer, discoGet, featuresOf, identitiesOf, queryOf, resultQuery, serverInfo, XEP0030 } from './disco-steps.js';

const SERVER = { area: 'disco' as const, role: 'server' as const, needs: { accounts: 1 } };
const NS_COMMANDS = 'http://jabber.org/protocol/commands';

export const serverInfoAnswered = defineCase({
  ...SERVER,
  id: 'xep0030/disco/server-info-answered',
  title: 'a disco#info request to the server is answered, with a result or an error',
  refs: [XEP0030('3.1')],
  requirements: ['xep0030-3.1-info-result-or-error'],
  tags: ['disco', 'info'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    const answer = await t.step('send disco#info to the domain', () => discoGet(s, 'info', t.target.domain));
    t.note(`the server answered with ${describeAnswer(t, answer)}`);
  },
});

export const serverInfoQuery = defineCase({
  ...SERVER,
  id: 'xep0030/disco/server-info-query',
  title: "the server's disco#info result holds a disco#info <query/> with at least one identity and one feature",
  refs: [XEP0030('3.1')],
  requirements: ['xep0030-3.1-info-result-query'],
  tags: ['disco', 'info'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    const q = await serverInfo(t, s);
    t.check(identitiesOf(q).length > 0, 'at least one <identity/>', 'none');
    t.check(featuresOf(q).length > 0, 'at least one <feature/>', 'none');
  },
});

export const serverIdentity = defineCase({
  ...SERVER,
  id: 'xep0030/disco/server-identity',
  title: "the server names an identity with 'category' and 'type', one of them of category 'server'",
  refs: [XEP0030('3.1')],
  requirements: ['xep0030-3.1-identity-required', 'xep0030-3.1-identity-category-type'],
  tags: ['disco', 'info', 'identity'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    const ids = identitiesOf(await serverInfo(t, s));
    t.check(ids.length > 0, 'at least one <identity/>', 'none');
    for (const i of ids)
      t.check(
        !!i.attrs['category'] && !!i.attrs['type'],
        "'category' and 'type' on every <identity/>",
        `<identity ${Object.entries(i.attrs)
          .map(([k, v]) => `${k}='${v}'`)
          .join(' ')}/>`,
      );
    // the registry's category for a server is 'server' (type 'im' for an IM server)
    const server = ids.find((i) => i.attrs['category'] === 'server');
    t.check(server !== undefined, "an identity of category 'server'", ids.map((i) => `${i.attrs['category'] ?? '?'}/${i.attrs['type'] ?? '?'}`).join(', '));
    if (server?.attrs['type'] !== 'im') t.note(`the server identity's type is '${server?.attrs['type'] ?? ''}', not 'im'`);
  },
});

export const serverIdentityNames = defineCase({
  ...SERVER,
  id: 'xep0030/disco/server-identity-names-unique',
  title: 'no two identities of the server share category, type and xml:lang with different names',
  refs: [XEP0030('3.1', 'MUST NOT')],
  requirements: ['xep0030-3.1-identity-unique-name'],
  tags: ['disco', 'info', 'identity'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    const seen = new Map<string, string>();
    for (const i of identitiesOf(await serverInfo(t, s))) {
      const key = `${i.attrs['category'] ?? ''}/${i.attrs['type'] ?? ''}/${i.attrs['xml:lang'] ?? ''}`;
      const name = i.attrs['name'] ?? '';
      const before = seen.get(key);
      t.check(before === undefined || before === name, `one name for ${key}`, `'${before ?? ''}' and '${name}'`);
      seen.set(key, name);
    }
  },
});

export const serverListsInfoFeature = defineCase({
  ...SERVER,
  id: 'xep0030/disco/server-lists-disco-info',
  title: "the server lists 'http://jabber.org/protocol/disco#info' among its features",
  refs: [XEP0030('3.1')],
  requirements: ['xep0030-3.1-info-feature-listed'],
  tags: ['disco', 'info', 'features'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    t.check(featuresOf(await serverInfo(t, s)).includes(NS_DISCO_INFO), `<feature var='${NS_DISCO_INFO}'/>`, 'not listed');
  },
});

export const serverFeatureVar = defineCase({
  ...SERVER,
  id: 'xep0030/disco/server-feature-var',
  title: "every <feature/> of the server has a 'var' and no child elements",
  refs: [XEP0030('3.1')],
  requirements: ['xep0030-3.1-feature-var'],
  tags: ['disco', 'info', 'features'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    for (const f of children(await serverInfo(t, s), 'feature', NS_DISCO_INFO)) {
      t.check(!!f.attrs['var'], "'var' on every <feature/>", 'a <feature/> without it');
      t.check(children(f).length === 0, `<feature var='${f.attrs['var'] ?? ''}'/> without children`, `${children(f).length} child element(s)`);
    }
  },
});

export const serverInfoFrom = defineCase({
  ...SERVER,
  id: 'xep0030/disco/server-info-from-domain',
  title: "the server's disco#info result comes 'from' its domain",
  refs: [{ rfc: 6120, section: '8.1.2.1', level: 'MUST' }, XEP0030('3.1')],
  requirements: ['rfc6120-8.1.2.1-server-from-domain'],
  tags: ['disco', 'info', 'addressing'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    const answer = await t.step('send disco#info to the domain', () => discoGet(s, 'info', t.target.domain));
    const from = answer.attrs['from'];
    t.check(
      from !== undefined && from.toLowerCase() === t.target.domain.toLowerCase(),
      `from='${t.target.domain}'`,
      from === undefined ? "no 'from'" : `from='${from}'`,
    );
  },
});

export const serverItemsAnswered = defineCase({
  ...SERVER,
  id: 'xep0030/disco/server-items-answered',
  title: 'a disco#items request to the server is answered, a result carrying a disco#items <query/>',
  refs: [XEP0030('4.1')],
  requirements: ['xep0030-4.1-items-result-or-error'],
  tags: ['disco', 'items'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    const answer = await t.step('send disco#items to the domain', () => discoGet(s, 'items', t.target.domain));
    const q = resultQuery(t, answer, 'items', 'the server');
    t.note(`${children(q, 'item', NS_DISCO_ITEMS).length} item(s)`);
  },
});

/** The server's items; skips when it lists none (nothing to check). */
async function serverItems(t: CaseContext) {
  const s = await t.step('log in', () => t.login(0));
  const answer = await t.step('send disco#items to the domain', () => discoGet(s, 'items', t.target.domain));
  const items = children(resultQuery(t, answer, 'items', 'the server'), 'item', NS_DISCO_ITEMS);
  if (items.length === 0) t.skip('the server lists no items, so there is no <item/> to check');
  return items;
}

export const serverItemsJid = defineCase({
  ...SERVER,
  id: 'xep0030/disco/server-items-jid',
  title: "every <item/> the server lists has a 'jid' that is a valid JID",
  refs: [XEP0030('4.1')],
  requirements: ['xep0030-4.1-item-jid'],
  tags: ['disco', 'items'],
  async run(t) {
    for (const item of await serverItems(t)) {
      const jid = item.attrs['jid'];
      t.check(jid !== undefined, "'jid' on every <item/>", `an <item/> without it${item.attrs['name'] ? ` (name '${item.attrs['name']}')` : ''}`);
      const parsed = parseJid(jid ?? '');
      t.check(parsed.valid, `a valid JID in jid='${jid ?? ''}'`, parsed.valid ? '' : parsed.reason);
    }
  },
});

export const serverItemsNoText = defineCase({
  ...SERVER,
  id: 'xep0030/disco/server-items-no-text',
  title: 'no <item/> the server lists contains character data',
  refs: [XEP0030('4.1', 'MUST NOT')],
  requirements: ['xep0030-4.1-item-no-text'],
  tags: ['disco', 'items'],
  async run(t) {
    for (const item of await serverItems(t))
      t.check(text(item).trim() === '', `<item jid='${item.attrs['jid'] ?? ''}'/> without text`, JSON.stringify(text(item)));
  },
});

export const serverItemsNode = defineCase({
  ...SERVER,
  id: 'xep0030/disco/server-items-node-not-empty',
  title: "no <item/> the server lists carries an empty 'node'",
  refs: [XEP0030('4.2', 'MUST NOT')],
  requirements: ['xep0030-4.2-node-not-null'],
  tags: ['disco', 'items', 'node'],
  async run(t) {
    for (const item of await serverItems(t))
      t.check(item.attrs['node'] !== '', `<item jid='${item.attrs['jid'] ?? ''}'/> with a non-empty 'node' or none`, "node=''");
  },
});

export const serverNodeEchoed = defineCase({
  ...SERVER,
  id: 'xep0030/disco/server-info-node-echoed',
  title: "a disco#info result for a node of the server (its ad-hoc commands node) carries the same 'node'",
  refs: [XEP0030('3.2')],
  requirements: ['xep0030-3.2-node-mirrored'],
  tags: ['disco', 'info', 'node'],
  async run(t) {
    const s = await t.step('log in', () => t.login(0));
    // a node the server is known to have: the one of ad-hoc commands (XEP-0050), when it lists them
    if (!featuresOf(await serverInfo(t, s)).includes(NS_COMMANDS))
      t.skip(`the server does not list '${NS_COMMANDS}', so it names no node the case could ask about`);
    const answer = await t.step('send disco#info for the commands node', () => discoGet(s, 'info', t.target.domain, NS_COMMANDS));
    const c = conditionOf(t, answer);
    if (c !== undefined) t.skip(`the server answered the commands node with <${c}/>`);
    const node = queryOf(answer, 'info')?.attrs['node'];
    t.check(node === NS_COMMANDS, `node='${NS_COMMANDS}' on the result's <query/>`, node === undefined ? "no 'node'" : `node='${node}'`);
  },
});

/** The answer to a request for a node the server cannot have must be an error. */
function unknownNodeCase(kind: 'info' | 'items') {
  return defineCase({
    ...SERVER,
    id: `xep0030/disco/server-unknown-node-${kind}`,
    title: `a disco#${kind} request for a node the server does not have gets <item-not-found/> (or <service-unavailable/>)`,
    refs: [XEP0030('7', 'SHOULD')],
    requirements: ['xep0030-7-unknown-node-error'],
    tags: ['disco', kind, 'node', 'errors'],
    async run(t) {
      const s = await t.step('log in', () => t.login(0));
      const node = `xc-no-such-node-${t.id()}`;
      const answer = await t.step(`send disco#${kind} for a made-up node`, () => discoGet(s, kind, t.target.domain, node));
      const c = conditionOf(t, answer);
      t.check(c === 'item-not-found' || c === 'service-unavailable', 'an error <item-not-found/> or <service-unavailable/>', describeAnswer(t, answer));
      if (c === 'service-unavailable') t.note('the server chose <service-unavailable/>');
    },
  });
}

export const serverUnknownNodeInfo = unknownNodeCase('info');
export const serverUnknownNodeItems = unknownNodeCase('items');
