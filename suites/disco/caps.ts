// Entity capabilities (XEP-0115): the server's own caps in its stream features checked against
// its disco#info (the verification string of §5.1, asked for at node#ver as §6.2 says), and a
// client's caps in presence passed on to its subscribers (§8.4).
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import type { Session } from '../../harness/session/index.js';
import { el, type XmlElement } from '../../harness/xml/index.js';
import { nextMatching, online, presenceFrom, settle, subscribe } from '../im-steps.js';
import { capsOf, capsVer, NS_CAPS } from './caps-hash.js';
import { conditionOf, describeAnswer, discoGet, featuresOf, queryOf, serverInfo, XEP0115 } from './disco-steps.js';

const CAPS = { area: 'disco' as const, role: 'server' as const, needs: { accounts: 1 } };

/** The server's <c/> from the stream features after authentication; skips when it lists none. */
async function serverCaps(t: CaseContext): Promise<{ s: Session; c: XmlElement }> {
  const s = await t.step('log in', () => t.login(0));
  const c = s.features ? capsOf(s.features) : undefined;
  if (!c) t.skip(`the server lists no <c xmlns='${NS_CAPS}'/> among its stream features`);
  return { s, c };
}

/** hash, node and ver, each present; fails (§4) otherwise. */
function capsAttrs(t: CaseContext, c: XmlElement): { hash: string; node: string; ver: string } {
  const { hash, node, ver } = c.attrs;
  t.check(
    !!hash && !!node && !!ver,
    "'hash', 'node' and 'ver' on <c/>",
    `<c ${Object.entries(c.attrs)
      .map(([k, v]) => `${k}='${v}'`)
      .join(' ')}/>`,
    XEP0115('4'),
  );
  return { hash: hash ?? '', node: node ?? '', ver: ver ?? '' };
}

export const capsAttributes = defineCase({
  ...CAPS,
  id: 'xep0115/disco/server-caps-attributes',
  title: "the server's caps stream feature carries 'hash', 'node' and a base64 'ver' without whitespace",
  refs: [XEP0115('4'), XEP0115('5.1')],
  requirements: ['xep0115-4-c-attributes', 'xep0115-5.1-ver-base64'],
  tags: ['caps', 'stream-features'],
  async run(t) {
    const { c } = await serverCaps(t);
    const { ver } = capsAttrs(t, c);
    t.check(/^[A-Za-z0-9+/]+={0,2}$/.test(ver) && ver.length % 4 === 0, 'base64 without whitespace in ver', JSON.stringify(ver), XEP0115('5.1'));
  },
});

/** The server's disco#info at node#ver: the answer and its <query/>. */
async function nodeQuery(t: CaseContext, s: Session, c: XmlElement): Promise<{ answer: XmlElement; query: XmlElement | undefined; node: string }> {
  const { node, ver } = capsAttrs(t, c);
  // §6.3: the request goes to the 'from' of the server's stream header
  const to = s.header?.attrs['from'] ?? t.target.domain;
  const capsNode = `${node}#${ver}`;
  const answer = await t.step(`send disco#info for node '${capsNode}' to ${to}`, () => discoGet(s, 'info', to, capsNode));
  return { answer, query: queryOf(answer, 'info'), node: capsNode };
}

export const capsNodeAnswered = defineCase({
  ...CAPS,
  id: 'xep0115/disco/server-caps-node-answered',
  title: 'the server answers disco#info for its caps node#ver with a result carrying that node',
  refs: [XEP0115('6.2'), { xep: 30, version: '2.5.0', section: '3.2', level: 'MUST' }],
  requirements: ['xep0115-6.2-node-query-answered', 'xep0030-3.2-node-mirrored'],
  tags: ['caps', 'disco', 'node'],
  async run(t) {
    const { s, c } = await serverCaps(t);
    const { answer, query, node } = await nodeQuery(t, s, c);
    t.check(conditionOf(t, answer) === undefined && query !== undefined, 'a disco#info result', describeAnswer(t, answer));
    t.check(query?.attrs['node'] === node, `node='${node}' on the result`, query?.attrs['node'] === undefined ? "no 'node'" : `node='${query.attrs['node']}'`, {
      xep: 30,
      version: '2.5.0',
      section: '3.2',
      level: 'MUST',
    });
  },
});

export const capsVerMatches = defineCase({
  ...CAPS,
  id: 'xep0115/disco/server-caps-ver-matches',
  title: "the 'ver' of the server's caps is the hash of its disco#info at node#ver, computed as XEP-0115 §5.1 says",
  refs: [XEP0115('5.1')],
  requirements: ['xep0115-5.1-ver-generation'],
  tags: ['caps', 'disco', 'hash'],
  async run(t) {
    const { s, c } = await serverCaps(t);
    const { hash, ver } = capsAttrs(t, c);
    const { answer, query } = await nodeQuery(t, s, c);
    if (!query) return t.skip(`the server answered its caps node with ${describeAnswer(t, answer)}; server-caps-node-answered checks that`);
    const mine = capsVer(query, hash);
    if (mine === undefined) return t.skip(`the hash '${hash}' is not one the harness computes`);
    t.check(mine === ver, `ver='${mine}' (the hash of the disco#info answer)`, `ver='${ver}'`);
  },
});

export const capsFeatureListed = defineCase({
  ...CAPS,
  id: 'xep0115/disco/server-caps-feature-listed',
  title: "a server that advertises caps lists 'http://jabber.org/protocol/caps' in its disco#info",
  refs: [XEP0115('7')],
  requirements: ['xep0115-7-caps-feature'],
  tags: ['caps', 'disco', 'features'],
  async run(t) {
    const { s } = await serverCaps(t);
    t.check(featuresOf(await serverInfo(t, s)).includes(NS_CAPS), `<feature var='${NS_CAPS}'/>`, 'not listed');
  },
});

export const capsHeaderFrom = defineCase({
  ...CAPS,
  id: 'xep0115/disco/server-caps-header-from',
  title: "a server that advertises caps as a stream feature puts 'from' on its response stream header",
  refs: [XEP0115('6.3')],
  requirements: ['xep0115-6.3-header-from'],
  tags: ['caps', 'stream-features'],
  async run(t) {
    const { s } = await serverCaps(t);
    const from = s.header?.attrs['from'];
    t.check(!!from, "a 'from' on the stream header", "no 'from'");
  },
});

/** A caps annotation as a client would send it. */
const clientCaps = (ver: string): XmlElement => el('c', { xmlns: NS_CAPS, hash: 'sha-1', node: 'https://xmpp-conformance.invalid/caps', ver });
const VER_A = 'QgayPKawpkPSDYmwT/WM94uAlu0=';
const VER_B = 'q07IKJEyjvHSyhy//CH0CxmKi8w=';

/**
 * Account 1 subscribed to account 0; resolves with a fresh resource of account 0 that has sent no
 * presence yet (its first presence is an initial one) and the subscriber, online with presence.
 */
async function watched(t: CaseContext): Promise<[Session, Session]> {
  const owner = await t.step('log in the user', () => online(t, 0, { resetRoster: true }));
  const watcher = await t.step('log in the subscriber', () => online(t, 1, { resetRoster: true }));
  await t.step('subscribe the subscriber to the user', () => subscribe(watcher, owner));
  const user = await t.step('log in another resource of the user, no presence yet', () => t.login(0, { actor: 'caps' }));
  await settle(watcher);
  return [user, watcher];
}

/** The next available presence from the user's resource at the watcher; its <c/>, if any. */
async function capsSeen(t: CaseContext, watcher: Session, user: Session, what: string): Promise<XmlElement | undefined> {
  const p = await t.step(`wait for ${what}`, () => nextMatching(watcher, what, presenceFrom(user.jid ?? '')));
  return capsOf(p);
}

export const capsFirstDelivered = defineCase({
  ...CAPS,
  id: 'xep0115/disco/client-caps-first-delivered',
  title: "a client's caps in its initial presence reach a subscriber unchanged",
  needs: { accounts: 2, serial: true },
  refs: [XEP0115('8.4')],
  requirements: ['xep0115-8.4-first-notification-annotated'],
  tags: ['caps', 'presence'],
  async run(t) {
    const [user, watcher] = await watched(t);
    user.send(el('presence', {}, clientCaps(VER_A)));
    const c = await capsSeen(t, watcher, user, "the user's initial presence");
    t.check(c !== undefined, 'the <c/> in the presence', 'no <c/>');
    t.check(
      c?.attrs['ver'] === VER_A && c.attrs['hash'] === 'sha-1' && c.attrs['node'] === clientCaps(VER_A).attrs['node'],
      'hash, node and ver as sent',
      JSON.stringify(c?.attrs),
    );
  },
});

export const capsChangeDelivered = defineCase({
  ...CAPS,
  id: 'xep0115/disco/client-caps-change-delivered',
  title: "a change of a client's caps (a new 'ver') in later presence reaches a subscriber",
  needs: { accounts: 2, serial: true },
  refs: [XEP0115('8.4')],
  requirements: ['xep0115-8.4-changes-delivered'],
  tags: ['caps', 'presence'],
  async run(t) {
    const [user, watcher] = await watched(t);
    user.send(el('presence', {}, clientCaps(VER_A)));
    await capsSeen(t, watcher, user, "the user's initial presence");
    await settle(user);
    user.send(el('presence', {}, el('status', {}, 'new features'), clientCaps(VER_B)));
    const c = await capsSeen(t, watcher, user, "the user's presence with the new caps");
    t.check(c?.attrs['ver'] === VER_B, `ver='${VER_B}' in the update`, c ? `ver='${c.attrs['ver'] ?? ''}'` : 'no <c/>');
  },
});
