// Steps for the PEP cases (XEP-0163 on XEP-0060): the account's virtual pubsub service, publish,
// retract, delete and items requests, and clients that advertise '<node>+notify' through entity
// capabilities (XEP-0115): a <c/> in presence, and the answer to the disco#info query the server
// sends to learn what the hash stands for.
import type { CaseContext } from '../../harness/cases/index.js';
import { barrier, drain, type Session } from '../../harness/session/index.js';
import { child, children, el, text, type XmlElement } from '../../harness/xml/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { createHash, randomUUID } from 'node:crypto';
import { online, settle, subscribe } from '../im-steps.js';
import { onOpenSessionOrFresh } from '../steps.js';

export const NS_PUBSUB = 'http://jabber.org/protocol/pubsub';
export const NS_PUBSUB_EVENT = 'http://jabber.org/protocol/pubsub#event';
export const NS_PUBSUB_OWNER = 'http://jabber.org/protocol/pubsub#owner';
export const NS_PUBSUB_ERRORS = 'http://jabber.org/protocol/pubsub#errors';
export const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';
export const NS_CAPS = 'http://jabber.org/protocol/caps';
export const NS_DATA = 'jabber:x:data';
/** The namespace of the payloads the cases publish. */
export const NS_PAYLOAD = 'urn:xmpp-conformance:pep:payload';

const CAPS_NODE = 'https://xmpp-conformance.invalid/pep';
const IDENTITY = { category: 'client', type: 'pc', name: 'xmpp-conformance' };

/** The XEP-0115 §5.1 verification string of one identity and these features, SHA-1, base64. */
export function capsVer(features: readonly string[]): string {
  const s = `${IDENTITY.category}/${IDENTITY.type}//${IDENTITY.name}<${[...new Set(features)]
    .sort()
    .map((f) => `${f}<`)
    .join('')}`;
  return createHash('sha1').update(s, 'utf8').digest('base64');
}

/** The features a client interested in `nodes` advertises: disco, caps, and '<node>+notify' for each. */
export function notifyFeatures(nodes: readonly string[]): string[] {
  return [NS_DISCO_INFO, NS_CAPS, ...nodes.map((n) => `${n}+notify`)];
}

/**
 * Answers every disco#info query that reaches `s` with the identity and `features` (the node the
 * query names echoed back), as a client with those caps does (XEP-0115 §6.2); counts them.
 */
export function answerDisco(s: Session, features: readonly string[]): { queries: number } {
  const seen = { queries: 0 };
  s.stream.intercept((e) => {
    if (e.name !== 'iq' || e.attrs['type'] !== 'get') return false;
    const q = child(e, 'query', NS_DISCO_INFO);
    if (!q) return false;
    seen.queries += 1;
    const attrs: Record<string, string> = { type: 'result', id: e.attrs['id'] ?? '' };
    if (e.attrs['from'] !== undefined) attrs['to'] = e.attrs['from'];
    const qattrs: Record<string, string> = { xmlns: NS_DISCO_INFO };
    if (q.attrs['node'] !== undefined) qattrs['node'] = q.attrs['node'];
    s.send(el('iq', attrs, el('query', qattrs, el('identity', { ...IDENTITY }), ...[...new Set(features)].map((f) => el('feature', { var: f })))));
    return true;
  });
  return seen;
}

/** Available presence with a XEP-0115 <c/> for `features` (and `to` for directed presence). */
export function capsPresence(features: readonly string[], to?: string): XmlElement {
  return el('presence', to ? { to } : {}, el('c', { xmlns: NS_CAPS, hash: 'sha-1', node: CAPS_NODE, ver: capsVer(features) }));
}

/**
 * Account i online with caps asking for notifications of `nodes`: logged in, disco answered, roster
 * fetched (left as it is), caps presence sent as its initial presence, round trip done.
 *
 * A short-lived session of the same account shows the same caps first, so the server knows the
 * hash when the real session's initial presence arrives (as it knows the hash of a client it saw
 * before). Otherwise whether the last item comes depends on a race between the server's disco#info
 * query and its handling of the initial presence (ejabberd 23.01 loses it now and then).
 */
export async function notifyOnline(t: CaseContext, i: number, nodes: readonly string[], actor = 'listener'): Promise<Session> {
  // a feature of its own makes the hash new to the server on every run, so what the server does
  // on learning a hash (the warm-up's query) happens in every run, not only on a fresh server
  const features = [...notifyFeatures(nodes), `urn:xmpp-conformance:caps-nonce:${randomUUID()}`];
  const warm = await online(t, i, { presence: false, resetRoster: false, actor: `${actor}-caps` });
  answerDisco(warm, features);
  warm.send(capsPresence(features));
  await settle(warm);
  await barrier(warm);
  await warm.closeGracefully();
  const s = await online(t, i, { presence: false, resetRoster: false, actor });
  answerDisco(s, features);
  s.send(capsPresence(features));
  shownCaps.set(s, features);
  await settle(s);
  return s;
}

/** The features each notifyOnline session showed in its caps. */
const shownCaps = new WeakMap<Session, string[]>();

/** A presence update from a notifyOnline session: the same caps, with <show/> `show`. */
export function presenceUpdate(s: Session, show: string): XmlElement {
  const p = capsPresence(shownCaps.get(s) ?? []);
  return { ...p, children: [el('show', {}, show), ...p.children] };
}

/** What disco#info on the account's own bare JID shows: its identities and features. */
export async function ownInfo(s: Session): Promise<{ identities: XmlElement[]; features: Set<string> }> {
  const res = await s.iq(el('iq', { type: 'get', to: bareJid(s.jid) }, el('query', { xmlns: NS_DISCO_INFO })));
  const q = res.attrs['type'] === 'result' ? child(res, 'query', NS_DISCO_INFO) : undefined;
  return {
    identities: q ? children(q, 'identity', NS_DISCO_INFO) : [],
    features: new Set(q ? children(q, 'feature', NS_DISCO_INFO).map((f) => f.attrs['var'] ?? '') : []),
  };
}

/** Skips unless disco#info on the account's bare JID shows PEP: a pubsub/pep identity or a pubsub feature. */
export async function requirePep(t: CaseContext, s: Session): Promise<Set<string>> {
  const info = await t.step("disco#info on the account's bare JID", () => ownInfo(s));
  const pep = info.identities.some((i) => i.attrs['category'] === 'pubsub' && i.attrs['type'] === 'pep');
  const pubsub = [...info.features].some((f) => f === NS_PUBSUB || f.startsWith(`${NS_PUBSUB}#`));
  if (!pep && !pubsub)
    t.skip("the server shows no PEP for the account (no <identity category='pubsub' type='pep'/> and no pubsub feature in disco#info of its bare JID)");
  return info.features;
}

/** A node name unique to the case, deleted before it is used and after the case. */
export async function freshNode(t: CaseContext, owner: Session, slug: string): Promise<string> {
  const node = `urn:xmpp-conformance:pep:${slug}:${t.id()}`;
  await deleteNode(owner, node);
  t.cleanup(() =>
    onOpenSessionOrFresh(
      owner,
      () => t.login(0, { actor: 'cleanup-pep' }),
      (c) => deleteNode(c, node),
    ),
  );
  return node;
}

/** The payload of an item: one element the case can recognise by its text. */
export function payload(textValue: string): XmlElement {
  return el('entry', { xmlns: NS_PAYLOAD }, textValue);
}

/** A publish-options form (XEP-0060 §7.1.5) with these fields (var → value). */
export function publishOptions(fields: Readonly<Record<string, string>>): XmlElement {
  return el(
    'publish-options',
    {},
    el(
      'x',
      { xmlns: NS_DATA, type: 'submit' },
      el('field', { var: 'FORM_TYPE', type: 'hidden' }, el('value', {}, `${NS_PUBSUB}#publish-options`)),
      ...Object.entries(fields).map(([k, v]) => el('field', { var: k }, el('value', {}, v))),
    ),
  );
}

export interface PublishOptions {
  /** the ItemID; undefined publishes an item without one */
  readonly id?: string;
  /** publish-options preconditions */
  readonly options?: Readonly<Record<string, string>>;
  /** publish to this account's service instead of the sender's own (no 'to' otherwise) */
  readonly to?: string;
}

/** Publishes one item with `value` as payload text; resolves with the server's answer. */
export async function publish(s: Session, node: string, value: string, opts: PublishOptions = {}): Promise<XmlElement> {
  const item = el('item', opts.id !== undefined ? { id: opts.id } : {}, payload(value));
  const body = el('pubsub', { xmlns: NS_PUBSUB }, el('publish', { node }, item), ...(opts.options ? [publishOptions(opts.options)] : []));
  return s.iq(el('iq', { type: 'set', ...(opts.to ? { to: opts.to } : {}) }, body));
}

/** Publishes and fails the case unless the answer is a result. */
export async function published(t: CaseContext, s: Session, node: string, value: string, opts: PublishOptions = {}): Promise<XmlElement> {
  const res = await t.step(`publish item ${opts.id ?? '(no id)'} to ${node}`, () => publish(s, node, value, opts));
  t.check(
    res.attrs['type'] === 'result',
    'the publish answered with a result',
    () => `type='${res.attrs['type'] ?? ''}' <${t.stanzaErrorCondition(res) ?? '?'}/>`,
  );
  return res;
}

/** Asks `owner`'s service (its bare JID; undefined: the sender's own) for the items of `node`. */
export async function getItems(s: Session, node: string, owner?: string): Promise<XmlElement> {
  return s.iq(el('iq', { type: 'get', ...(owner ? { to: owner } : {}) }, el('pubsub', { xmlns: NS_PUBSUB }, el('items', { node }))));
}

/** The items of an items result (id and payload text), in document order; [] for anything else. */
export function itemsOf(res: XmlElement): { id: string | undefined; value: string }[] {
  const ps = res.attrs['type'] === 'result' ? child(res, 'pubsub', NS_PUBSUB) : undefined;
  const items = ps ? child(ps, 'items', NS_PUBSUB) : undefined;
  if (!items) return [];
  return children(items, 'item', NS_PUBSUB).map((i) => ({ id: i.attrs['id'], value: payloadText(i) }));
}

/** The text of the payload element of an item (ours: <entry/> in NS_PAYLOAD). */
function payloadText(item: XmlElement): string {
  const p = item.children.find((c): c is XmlElement => typeof c === 'object');
  return p ? text(p) : '';
}

/** Retracts item `id`; `notify` sets notify='true'. */
export async function retract(s: Session, node: string, id: string, notify: boolean): Promise<XmlElement> {
  return s.iq(
    el('iq', { type: 'set' }, el('pubsub', { xmlns: NS_PUBSUB }, el('retract', { node, ...(notify ? { notify: 'true' } : {}) }, el('item', { id })))),
  );
}

/** Deletes `node` (XEP-0060 §8.4); resolves with the answer. */
export async function deleteNode(s: Session, node: string): Promise<XmlElement> {
  return s.iq(el('iq', { type: 'set' }, el('pubsub', { xmlns: NS_PUBSUB_OWNER }, el('delete', { node }))));
}

/** The <event/> of a pubsub notification message, if it is one. */
export function eventOf(m: XmlElement): XmlElement | undefined {
  return m.name === 'message' ? child(m, 'event', NS_PUBSUB_EVENT) : undefined;
}

/** What a notification about `node` says: published item ids and values, retracted ids, or deleted. */
export function notificationOf(
  m: XmlElement,
  node: string,
): { items: { id: string | undefined; value: string }[]; retracts: string[]; deleted: boolean } | undefined {
  const ev = eventOf(m);
  if (!ev) return undefined;
  const del = children(ev, 'delete', NS_PUBSUB_EVENT).some((d) => d.attrs['node'] === node);
  const items = children(ev, 'items', NS_PUBSUB_EVENT).find((i) => i.attrs['node'] === node);
  if (!items && !del) return undefined;
  return {
    items: items ? children(items, 'item', NS_PUBSUB_EVENT).map((i) => ({ id: i.attrs['id'], value: payloadText(i) })) : [],
    retracts: items ? children(items, 'retract', NS_PUBSUB_EVENT).map((r) => r.attrs['id'] ?? '') : [],
    deleted: del,
  };
}

/** A predicate: a notification about `node` that `pred` accepts. */
export const notifies =
  (node: string, pred: (n: NonNullable<ReturnType<typeof notificationOf>>) => boolean = () => true) =>
  (m: XmlElement): boolean => {
    const n = notificationOf(m, node);
    return n !== undefined && pred(n);
  };

/** A predicate: a notification publishing item `id` of `node`. */
export const notifiesItem = (node: string, id: string) => notifies(node, (n) => n.items.some((i) => i.id === id));

/** The next message satisfying `pred` within `within` ms (others stay queued); undefined when none came. */
export async function messageWithin(s: Session, pred: (m: XmlElement) => boolean, within: number): Promise<XmlElement | undefined> {
  return s.nextWhere('a pubsub notification', (e) => e.name === 'message' && pred(e), { within }).catch(() => undefined);
}

/** Fails the case unless a notification satisfying `pred` reaches `s` within the step timeout. */
export async function expectNotification(t: CaseContext, s: Session, what: string, pred: (m: XmlElement) => boolean): Promise<XmlElement> {
  const got = await t.step(`wait for ${what}`, () => messageWithin(s, pred, t.timeout));
  if (!got) t.fail(what, 'nothing within the step timeout');
  return got;
}

/** The messages satisfying `pred` that arrived by the end of a round trip (taken from the queue). */
export async function notificationsBy(s: Session, pred: (m: XmlElement) => boolean): Promise<XmlElement[]> {
  await barrier(s);
  return drain(s, (e) => e.name === 'message' && pred(e));
}

/** Fails the case when a notification satisfying `pred` reached `s` by the end of a round trip. */
export async function expectNoNotification(t: CaseContext, s: Session, what: string, pred: (m: XmlElement) => boolean): Promise<void> {
  await t.step('a round trip, so everything sent before has arrived', () => barrier(s));
  const got = s.takeReceived((e) => e.name === 'message' && pred(e));
  t.check(got === undefined, `no ${what}`, () => `${what} arrived`);
}

/**
 * `listener` waits for the last item `id` of `node` that its caps presence should bring (XEP-0163
 * §4.3.4): once it came, the server knows the listener's interest. When it does not come, that is
 * noted and a round trip on each session stands in for it. Resolves with whether it came.
 */
export async function interestKnown(t: CaseContext, listener: Session, node: string, id: string, ...others: Session[]): Promise<boolean> {
  const got = await t.step('wait for the last item the caps presence brings', () => messageWithin(listener, notifiesItem(node, id), t.timeout));
  if (!got) t.note('the last published item did not come on presence; a round trip stood in for it');
  await settle(listener, ...others);
  return got !== undefined;
}

/** The defined condition of a stanza error and the pubsub-specific condition, if any. */
export function pubsubError(t: CaseContext, res: XmlElement): { condition: string | undefined; pubsub: string | undefined } {
  const e = child(res, 'error');
  const ps = e?.children.find((c): c is XmlElement => typeof c === 'object' && c.ns === NS_PUBSUB_ERRORS);
  return { condition: t.stanzaErrorCondition(res), pubsub: ps?.name };
}

/**
 * Accounts `a` (the owner) and `b` online with plain presence, the suite's contacts cleared from
 * both rosters (and again after the case), then a mutual presence subscription between them.
 */
export async function mutualContacts(t: CaseContext, a = 0, b = 1): Promise<[Session, Session]> {
  const owner = await t.step('log in the owner', () => online(t, a, { actor: 'owner' }));
  await requirePep(t, owner);
  const contact = await t.step('log in the contact', () => online(t, b, { actor: 'contact' }));
  await t.step('a mutual presence subscription between them', () => subscribe(contact, owner, true));
  return [owner, contact];
}
