// The fake server's PEP service (XEP-0163 on XEP-0060) for the pep controls: every account a
// pubsub service with auto-created nodes, publish options, items, retract and delete, access
// models, and notifications filtered by the '+notify' features it learns from caps (it asks the
// resource with disco#info). Faithful unless Behaviour.pepFault names the one rule to break.
import { createHash } from 'node:crypto';
import { child, children, type XmlElement, type XmlNode } from '../../../harness/xml/element.js';
import { NS_CLIENT, NS_STANZA_ERRORS } from '../../../harness/xml/ns.js';
import type { FakeConnection } from './fake-connection.js';
import type { FakeRouter } from './fake-router.js';
import type { FakeServer } from './fake-server.js';

/** One PEP rule broken (see PEP_FAULTS in behaviour.ts for what each does). */
export type PepFault =
  | 'no-identity'
  | 'no-publish-feature'
  | 'no-pubsub-on-a-jid'
  | 'no-auto-create'
  | 'no-auto-create-feature'
  | 'publish-silent'
  | 'no-generated-id'
  | 'result-without-id'
  | 'republish-adds'
  | 'forget-on-logout'
  | 'owner-items-forbidden'
  | 'foreign-publish-allowed'
  | 'items-unknown-empty'
  | 'ignore-access-option'
  | 'open-refuses-strangers'
  | 'ignore-max-items-option'
  | 'precondition-ignored'
  | 'precondition-met-refused'
  | 'unknown-option-ignored'
  | 'no-publish-options-feature'
  | 'owner-not-notified'
  | 'notify-from-full'
  | 'contacts-not-notified'
  | 'notify-to-bare'
  | 'ignore-notify-filter'
  | 'no-last-item-on-presence'
  | 'resend-on-update'
  | 'no-last-item-on-subscription'
  | 'no-retract-notify'
  | 'retract-keeps-item'
  | 'no-delete-notify'
  | 'delete-refused'
  | 'delete-keeps-items'
  | 'delete-unknown-ok'
  | 'presence-items-to-anyone'
  | 'presence-forbidden'
  | 'contact-items-refused'
  | 'whitelist-as-presence'
  | 'whitelist-owner-refused'
  | 'whitelist-forbidden'
  | 'notify-strangers'
  | 'no-sharer-notify'
  | 'access-cached'
  | 'disco-items-all';

const NS_PUBSUB = 'http://jabber.org/protocol/pubsub';
const NS_OWNER = `${NS_PUBSUB}#owner`;
const NS_EVENT = `${NS_PUBSUB}#event`;
const NS_ERRORS = `${NS_PUBSUB}#errors`;
const NS_DISCO = 'http://jabber.org/protocol/disco#info';
const NS_DISCO_ITEMS = 'http://jabber.org/protocol/disco#items';
const NS_CAPS = 'http://jabber.org/protocol/caps';
const NS_DATA = 'jabber:x:data';
const KNOWN_OPTIONS = new Set(['pubsub#access_model', 'pubsub#max_items']);

interface Node {
  access: string;
  max: number;
  items: { id: string; item: XmlElement }[];
}

const bare = (jid: string): string => (jid.split('/')[0] ?? jid).toLowerCase();
const e = (name: string, ns: string, attrs: Record<string, string> = {}, ...kids: XmlNode[]): XmlElement => ({ name, ns, attrs, children: kids });

export class FakePep {
  /** `${owner}|${node}` → node */
  private readonly nodes = new Map<string, Node>();
  /** caps ver → the nodes its features ask notifications for */
  private readonly verNotify = new Map<string, Set<string>>();
  /** full JID → the nodes it asked notifications for */
  private readonly interests = new Map<string, Set<string>>();
  /** disco queries sent: id → the full JID asked and the ver */
  private readonly queries = new Map<string, { jid: string; ver: string }>();
  /** `${owner}|${node}|${full}` the last item went to (sent once per presence session) */
  private readonly lastSent = new Set<string>();
  /** items of nodes published by a session that ended (the 'forget-on-logout' fault drops them) */
  private readonly publishedBy = new Map<FakeConnection, string[]>();
  private counter = 0;
  /** `${owner}|${node}|${bare}` once admitted ('access-cached' keeps admitting them) */
  private readonly admitted = new Set<string>();

  constructor(
    private readonly server: FakeServer,
    private readonly router: FakeRouter,
  ) {}

  private get fault() {
    return this.server.behaviour.pepFault;
  }

  private available(account: string): FakeConnection[] {
    return [...this.server.bound.values()].filter((c) => c.boundJid !== undefined && bare(c.boundJid) === bare(account) && c.presence !== undefined);
  }

  private subscription(owner: string, contact: string): string {
    return this.router.roster(owner).get(bare(contact))?.subscription ?? 'none';
  }

  /** Whether `jid` (full or bare) may retrieve items of `node` and receive its notifications. */
  private allowed(owner: string, node: Node, jid: string, forNotify: boolean): boolean {
    const mark = `${owner}|${[...this.nodes.entries()].find(([, n]) => n === node)?.[0] ?? ''}|${bare(jid)}`;
    if (this.fault === 'access-cached' && this.admitted.has(mark)) return true;
    const ok = this.admits(owner, node, jid, forNotify);
    if (ok) this.admitted.add(mark);
    return ok;
  }

  private admits(owner: string, node: Node, jid: string, forNotify: boolean): boolean {
    if (bare(jid) === owner) return !(node.access === 'whitelist' && this.fault === 'whitelist-owner-refused');
    const sub = this.subscription(owner, jid);
    const subscribed = sub === 'from' || sub === 'both';
    if (node.access === 'open') {
      if (!forNotify) return this.fault !== 'open-refuses-strangers';
      return subscribed || this.sharer(owner, jid);
    }
    if (node.access === 'whitelist') return this.fault === 'whitelist-as-presence' && subscribed;
    if (forNotify && this.fault === 'notify-strangers') return true;
    if (!forNotify && this.fault === 'presence-items-to-anyone') return true;
    if (!forNotify && this.fault === 'contact-items-refused') return false;
    return subscribed;
  }

  /** Whether `jid` sent `owner` directed presence (the presence sharer of XEP-0060 §9.1.3). */
  private sharer(owner: string, jid: string): boolean {
    if (this.fault === 'no-sharer-notify') return false;
    const c = this.server.bound.get(jid);
    return c !== undefined && [...c.directedTo].some((d) => bare(d) === owner);
  }

  // ── iq ──

  /** A pubsub request to `owner`'s service; true when handled. */
  iq(conn: FakeConnection, s: XmlElement, owner: string): boolean {
    const ps = child(s, 'pubsub', NS_PUBSUB) ?? child(s, 'pubsub', NS_OWNER);
    if (!ps) return false;
    const op = ps.children.find((c): c is XmlElement => typeof c === 'object' && c.name !== 'publish-options');
    const me = conn.boundJid as string;
    const isOwner = bare(me) === owner;
    const nodeName = op?.attrs['node'] ?? '';
    const key = `${owner}|${nodeName}`;
    const node = this.nodes.get(key);
    const type = s.attrs['type'];
    if (op?.name === 'publish' && ps.ns === NS_PUBSUB && type === 'set') {
      if (!isOwner && this.fault !== 'foreign-publish-allowed') return this.error(conn, s, 'forbidden', 'auth');
      const options = this.options(ps);
      if (options === 'unknown') return this.error(conn, s, 'bad-request', 'modify');
      if (node && options) {
        const met =
          (options['pubsub#access_model'] === undefined || options['pubsub#access_model'] === node.access) &&
          (options['pubsub#max_items'] === undefined ||
            Number(options['pubsub#max_items']) === node.max ||
            (options['pubsub#max_items'] === 'max' && node.max === 256));
        if (this.fault === 'precondition-met-refused' || (!met && this.fault !== 'precondition-ignored'))
          return this.error(conn, s, 'conflict', 'cancel', 'precondition-not-met');
      }
      if (!node && this.fault === 'no-auto-create') return this.error(conn, s, 'item-not-found', 'cancel');
      const n: Node = node ?? { access: 'presence', max: 1, items: [] };
      if (!node) {
        if (options?.['pubsub#access_model'] && this.fault !== 'ignore-access-option') n.access = options['pubsub#access_model'];
        const max = options?.['pubsub#max_items'];
        if (max !== undefined && this.fault !== 'ignore-max-items-option') n.max = max === 'max' ? 256 : Number(max) || 1;
        this.nodes.set(key, n);
      }
      const given = child(op, 'item', NS_PUBSUB);
      const id = given?.attrs['id'] ?? (this.fault === 'no-generated-id' ? '' : `gen-${++this.counter}`);
      const item = e('item', NS_EVENT, id ? { id } : {}, ...(given?.children ?? []));
      if (this.fault !== 'republish-adds') n.items = n.items.filter((i) => i.id !== id);
      n.items.push({ id, item });
      while (n.items.length > n.max) n.items.shift();
      const list = this.publishedBy.get(conn) ?? [];
      list.push(key);
      this.publishedBy.set(conn, list);
      if (this.fault !== 'publish-silent') {
        const withId = given?.attrs['id'] === undefined && this.fault !== 'result-without-id' && id !== '';
        this.result(conn, s, e('pubsub', NS_PUBSUB, {}, e('publish', NS_PUBSUB, { node: nodeName }, ...(withId ? [e('item', NS_PUBSUB, { id })] : []))));
      }
      this.notify(owner, nodeName, n, e('items', NS_EVENT, { node: nodeName }, item), me);
      return true;
    }
    if (op?.name === 'items' && type === 'get') {
      if (!node) {
        if (this.fault === 'items-unknown-empty') return this.result(conn, s, e('pubsub', NS_PUBSUB, {}, e('items', NS_PUBSUB, { node: nodeName })));
        return this.error(conn, s, 'item-not-found', 'cancel');
      }
      if (isOwner && this.fault === 'owner-items-forbidden') return this.error(conn, s, 'forbidden', 'auth');
      if (!this.allowed(owner, node, me, false)) {
        if (node.access === 'whitelist')
          return this.fault === 'whitelist-forbidden' ? this.error(conn, s, 'forbidden', 'auth') : this.error(conn, s, 'not-allowed', 'cancel', 'closed-node');
        return this.fault === 'presence-forbidden'
          ? this.error(conn, s, 'forbidden', 'auth')
          : this.error(conn, s, 'not-authorized', 'auth', 'presence-subscription-required');
      }
      const items = node.items.map((i) => ({ ...i.item, ns: NS_PUBSUB }));
      return this.result(conn, s, e('pubsub', NS_PUBSUB, {}, e('items', NS_PUBSUB, { node: nodeName }, ...items)));
    }
    if (op?.name === 'retract' && type === 'set') {
      if (!isOwner) return this.error(conn, s, 'forbidden', 'auth');
      if (!node) return this.error(conn, s, 'item-not-found', 'cancel');
      const id = child(op, 'item', NS_PUBSUB)?.attrs['id'] ?? '';
      if (this.fault !== 'retract-keeps-item') node.items = node.items.filter((i) => i.id !== id);
      this.result(conn, s);
      const notify = op.attrs['notify'] === 'true' || op.attrs['notify'] === '1';
      if (notify && this.fault !== 'no-retract-notify')
        this.notify(owner, nodeName, node, e('items', NS_EVENT, { node: nodeName }, e('retract', NS_EVENT, { id })), me);
      return true;
    }
    if (op?.name === 'delete' && ps.ns === NS_OWNER && type === 'set') {
      if (!isOwner || this.fault === 'delete-refused') return this.error(conn, s, 'forbidden', 'auth');
      if (!node) return this.fault === 'delete-unknown-ok' ? this.result(conn, s) : this.error(conn, s, 'item-not-found', 'cancel');
      if (this.fault === 'delete-keeps-items') node.access = 'presence';
      else this.nodes.delete(key);
      this.result(conn, s);
      if (this.fault !== 'no-delete-notify') this.notify(owner, nodeName, node, e('delete', NS_EVENT, { node: nodeName }), me);
      return true;
    }
    this.error(conn, s, 'feature-not-implemented', 'cancel');
    return true;
  }

  /** The publish-options fields (undefined: none; 'unknown': a field the service does not know). */
  private options(ps: XmlElement): Record<string, string> | 'unknown' | undefined {
    const x = child(child(ps, 'publish-options', NS_PUBSUB) ?? ps, 'x', NS_DATA);
    if (!x) return undefined;
    const out: Record<string, string> = {};
    for (const f of children(x, 'field', NS_DATA)) {
      const v = f.attrs['var'] ?? '';
      if (v === 'FORM_TYPE') continue;
      if (!KNOWN_OPTIONS.has(v)) {
        if (this.fault === 'unknown-option-ignored') continue;
        return 'unknown';
      }
      const value = child(f, 'value', NS_DATA);
      out[v] = (value?.children ?? []).filter((c): c is string => typeof c === 'string').join('');
    }
    return out;
  }

  /** disco#items on an account's bare JID: the nodes the asker may retrieve (XEP-0163 §6.2). */
  /**
   * What PEP adds to the disco answers for `owner`'s bare JID (the disco module answers them):
   * the pubsub/pep identity and the features, and the nodes `requester` may see as items.
   */
  discoExtras(owner: string, requester: string): { info: XmlElement[]; items: XmlElement[] } {
    const f = this.fault;
    const features = [
      NS_PUBSUB,
      ...['publish', 'auto-create', 'publish-options', 'pubsub-on-a-jid', 'retrieve-items', 'delete-items', 'delete-nodes', 'config-node-max']
        .filter(
          (x) =>
            !(
              (x === 'publish' && f === 'no-publish-feature') ||
              (x === 'auto-create' && f === 'no-auto-create-feature') ||
              (x === 'publish-options' && f === 'no-publish-options-feature') ||
              (x === 'pubsub-on-a-jid' && f === 'no-pubsub-on-a-jid')
            ),
        )
        .map((x) => `${NS_PUBSUB}#${x}`),
    ];
    const identity = f === 'no-identity' ? [] : [e('identity', NS_DISCO, { category: 'pubsub', type: 'pep' })];
    const items = [...this.nodes.entries()]
      .filter(([key, n]) => key.startsWith(`${owner}|`) && (this.fault === 'disco-items-all' || this.allowed(owner, n, requester, false)))
      .map(([key]) => e('item', NS_DISCO_ITEMS, { jid: owner, node: key.slice(owner.length + 1) }));
    return { info: [...identity, ...features.map((v) => e('feature', NS_DISCO, { var: v }))], items };
  }

  // ── caps and presence ──

  /** Available presence from `conn` (broadcast, or directed to `to`): learns its caps, asking once per ver. */
  presence(conn: FakeConnection, p: XmlElement, initial: boolean): void {
    const c = child(p, 'c', NS_CAPS);
    const full = conn.boundJid as string;
    if (!c) return;
    const ver = c.attrs['ver'] ?? '';
    const known = this.verNotify.get(ver);
    if (known) {
      const had = this.interests.has(full);
      this.interests.set(full, known);
      if (!had || initial || this.fault === 'resend-on-update') this.sendLastItems(full, this.fault === 'resend-on-update');
      return;
    }
    if ([...this.queries.values()].some((q) => q.jid === full && q.ver === ver)) return;
    const id = `pep-disco-${++this.counter}`;
    this.queries.set(id, { jid: full, ver });
    conn.send(e('iq', NS_CLIENT, { type: 'get', id, from: bare(full), to: full }, e('query', NS_DISCO, { node: `${c.attrs['node'] ?? ''}#${ver}` })));
  }

  /** An iq result or error from a client; true when it answers one of the service's disco queries. */
  answer(conn: FakeConnection, s: XmlElement): boolean {
    const q = this.queries.get(s.attrs['id'] ?? '');
    if (!q || q.jid !== conn.boundJid) return false;
    this.queries.delete(s.attrs['id'] ?? '');
    const query = child(s, 'query', NS_DISCO);
    if (s.attrs['type'] !== 'result' || !query) return true;
    const features = children(query, 'feature', NS_DISCO).map((f) => f.attrs['var'] ?? '');
    const ids = children(query, 'identity', NS_DISCO)
      .map((i) => `${i.attrs['category'] ?? ''}/${i.attrs['type'] ?? ''}/${i.attrs['xml:lang'] ?? ''}/${i.attrs['name'] ?? ''}<`)
      .sort();
    const ver = createHash('sha1')
      .update(
        ids.join('') +
          [...new Set(features)]
            .sort()
            .map((f) => `${f}<`)
            .join(''),
        'utf8',
      )
      .digest('base64');
    // XEP-0115 §5.4: a hash that does not match the answer is not cached
    if (ver !== q.ver) return true;
    const notify = new Set(features.filter((f) => f.endsWith('+notify')).map((f) => f.slice(0, -'+notify'.length)));
    this.verNotify.set(ver, notify);
    this.interests.set(q.jid, notify);
    this.sendLastItems(q.jid, false);
    return true;
  }

  /** The resource left (unavailable or disconnected): its interests and last-item marks go. */
  gone(conn: FakeConnection): void {
    const full = conn.boundJid;
    if (!full) return;
    this.interests.delete(full);
    for (const k of [...this.lastSent]) if (k.endsWith(`|${full}`)) this.lastSent.delete(k);
    if (this.fault === 'forget-on-logout') for (const key of this.publishedBy.get(conn) ?? []) this.nodes.get(key)?.items.splice(0);
    this.publishedBy.delete(conn);
  }

  /** A presence subscription between `a` and `b` changed: last items to the newly entitled resources. */
  relationChanged(a: string, b: string): void {
    if (this.fault === 'no-last-item-on-subscription') return;
    for (const c of [...this.available(a), ...this.available(b)]) if (c.boundJid) this.sendLastItems(c.boundJid, false);
  }

  /** Sends `full` the last item of every node it asked for and may see, once per presence session. */
  private sendLastItems(full: string, again: boolean): void {
    if (this.fault === 'no-last-item-on-presence') return;
    const wanted = this.interests.get(full);
    if (!wanted) return;
    for (const [key, node] of this.nodes) {
      const [owner = '', name = ''] = key.split('|');
      const mark = `${key}|${full}`;
      if (!wanted.has(name) || (this.lastSent.has(mark) && !again) || !this.allowed(owner, node, full, true) || !this.mutualOrOwn(owner, full, node)) continue;
      const last = node.items[node.items.length - 1];
      if (!last) continue;
      this.lastSent.add(mark);
      this.send(owner, full, e('items', NS_EVENT, { node: name }, last.item), undefined);
    }
  }

  /** XEP-0060 §9.2: caps-based delivery to a contact needs presence both ways; the owner and sharers of open nodes always. */
  private mutualOrOwn(owner: string, full: string, node: Node): boolean {
    if (bare(full) === owner || this.fault === 'notify-strangers') return true;
    if (node.access === 'open' && this.sharer(owner, full)) return true;
    return this.subscription(owner, full) === 'both';
  }

  // ── notifications ──

  private notify(owner: string, name: string, node: Node, payload: XmlElement, publisher: string): void {
    const targets = new Set<string>();
    for (const c of this.server.bound.values()) {
      const full = c.boundJid;
      if (!full || c.presence === undefined) continue;
      const own = bare(full) === owner;
      if (own && this.fault === 'owner-not-notified') continue;
      if (!own && this.fault === 'contacts-not-notified') continue;
      const asked = this.interests.get(full)?.has(name) ?? false;
      const filterOff = this.fault === 'ignore-notify-filter' && !own && this.subscription(owner, full) === 'both';
      if (!asked && !filterOff) continue;
      if (!this.allowed(owner, node, full, true) || !this.mutualOrOwn(owner, full, node)) continue;
      targets.add(!own && this.fault === 'notify-to-bare' ? bare(full) : full);
    }
    for (const t of targets) this.send(owner, t, payload, publisher);
  }

  private send(owner: string, to: string, payload: XmlElement, publisher: string | undefined): void {
    const from = this.fault === 'notify-from-full' && publisher ? publisher : owner;
    const m = e('message', NS_CLIENT, { from, to, type: 'headline', id: `pep-${++this.counter}` }, e('event', NS_EVENT, {}, payload));
    if (to.includes('/')) this.server.bound.get(to)?.send(m);
    else for (const c of this.available(to)) c.send(m);
  }

  private result(conn: FakeConnection, s: XmlElement, payload?: XmlElement, from?: string): true {
    const attrs: Record<string, string> = { type: 'result', id: s.attrs['id'] ?? '', to: conn.boundJid ?? '' };
    if (from !== undefined) attrs['from'] = from;
    else if (s.attrs['to'] !== undefined) attrs['from'] = s.attrs['to'];
    conn.send(e('iq', NS_CLIENT, attrs, ...(payload ? [payload] : [])));
    return true;
  }

  private error(conn: FakeConnection, s: XmlElement, condition: string, type: string, pubsub?: string): true {
    const attrs: Record<string, string> = { type: 'error', id: s.attrs['id'] ?? '', to: conn.boundJid ?? '' };
    if (s.attrs['to'] !== undefined) attrs['from'] = s.attrs['to'];
    const err = e('error', NS_CLIENT, { type }, e(condition, NS_STANZA_ERRORS), ...(pubsub ? [e(pubsub, NS_ERRORS)] : []));
    conn.send(e('iq', NS_CLIENT, attrs, err));
    return true;
  }
}
