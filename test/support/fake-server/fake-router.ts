// What the fake server does with stanzas from an authenticated, bound client: RFC 6120 §8 and
// §10 (addressing, 'from' stamping, iq semantics, errors, local delivery) and the parts of
// RFC 6121 the IM cases drive (roster, subscriptions, presence broadcast, message delivery).
// Faithful by default; Behaviour knobs break one rule each.
import { child, children, type XmlElement, type XmlNode } from '../../../harness/xml/element.js';
import { NS_CLIENT, NS_PING, NS_ROSTER, NS_STANZA_ERRORS, NS_VERSION } from '../../../harness/xml/ns.js';
import type { FakeConnection } from './fake-connection.js';
import type { FakeServer } from './fake-server.js';

export interface RosterEntry {
  subscription: 'none' | 'to' | 'from' | 'both';
  ask?: 'subscribe';
  /** a subscription request from the contact awaits the user's answer (RFC 6121 §3.1.3) */
  pendingIn?: boolean;
  name?: string;
  groups: string[];
}

const bare = (jid: string): string => jid.split('/')[0] ?? jid;
const localOf = (jid: string): string | undefined => (jid.includes('@') ? jid.split('@')[0] : undefined);
const domainOf = (jid: string): string => (bare(jid).split('@').pop() ?? '').toLowerCase();

export interface JidRules {
  acceptExcludedLocalChars?: boolean;
  acceptLocalSpaces?: boolean;
  acceptControlLocal?: boolean;
  acceptLongParts?: boolean;
  acceptEmptyResource?: boolean;
  asciiOnlyResources?: boolean;
}

/** Splits per RFC 7622 §3.1-3.2: resource after the first '/', localpart before the first '@' ahead of it. */
function split(jid: string, r: { splitAtLastSlash?: boolean; atInResourceSplits?: boolean } = {}): { local: string | undefined; domain: string; resource: string | undefined } {
  const slash = r.splitAtLastSlash ? jid.lastIndexOf('/') : jid.indexOf('/');
  const b = slash === -1 ? jid : jid.slice(0, slash);
  const at = r.atInResourceSplits && jid.lastIndexOf('@') > b.length ? -2 : b.indexOf('@');
  if (at === -2) {
    const last = jid.lastIndexOf('@');
    return { local: jid.slice(0, last), domain: jid.slice(last + 1), resource: undefined };
  }
  return { local: at === -1 ? undefined : b.slice(0, at), domain: at === -1 ? b : b.slice(at + 1), resource: slash === -1 ? undefined : jid.slice(slash + 1) };
}

/** RFC 7622 well enough for the fake: non-empty parts, no excluded or control characters, ≤ 1023 octets each. */
export function validJid(jid: string, rules: JidRules = {}): boolean {
  const { local, domain, resource } = split(jid);
  const tooLong = (p: string): boolean => !rules.acceptLongParts && Buffer.byteLength(p) > 1023;
  if (resource !== undefined && ((resource.length === 0 && !rules.acceptEmptyResource) || tooLong(resource))) return false;
  if (resource !== undefined && rules.asciiOnlyResources && /[^\x20-\x7e]/.test(resource)) return false;
  if (local !== undefined) {
    if (local.length === 0 || tooLong(local)) return false;
    if (!rules.acceptExcludedLocalChars && /["&'/:<>@]/.test(local)) return false;
    if (!rules.acceptLocalSpaces && /\s/u.test(local)) return false;
    if (!rules.acceptControlLocal && /\p{Cc}/u.test(local)) return false;
  }
  if (domain.length === 0 || tooLong(domain) || /[\s@/]/.test(domain)) return false;
  return true;
}

export interface CanonRules {
  noLocalCaseFold?: boolean;
  noLocalWidthMap?: boolean;
  noDomainCaseFold?: boolean;
  noDomainWidthMap?: boolean;
  keepTrailingDot?: boolean;
  noResourceNfcRouting?: boolean;
  resourcesLowercased?: boolean;
  stripResourceSpaces?: boolean;
  splitAtLastSlash?: boolean;
  atInResourceSplits?: boolean;
}

/** A width mapping close enough for the fake: fullwidth and halfwidth forms to their NFKC equivalents. */
const widthMap = (s: string): string => s.replace(/[\uFF01-\uFFEF]/g, (c) => c.normalize('NFKC'));

/** Preparation and enforcement of each part (RFC 7622 §3.2-3.4), approximated for the fake. */
export function canonicalJid(jid: string, r: CanonRules = {}): string {
  const { local, domain, resource } = split(jid, r);
  let d = r.noDomainWidthMap ? domain : widthMap(domain.replace(/[\u3002\uFF0E\uFF61]/g, '.'));
  if (!r.noDomainCaseFold) d = d.toLowerCase();
  if (!r.keepTrailingDot && d.endsWith('.')) d = d.slice(0, -1);
  let l = local;
  if (l !== undefined) {
    if (!r.noLocalWidthMap) l = widthMap(l);
    if (!r.noLocalCaseFold) l = l.toLowerCase();
    l = l.normalize('NFC');
  }
  let res = resource === undefined ? undefined : r.noResourceNfcRouting ? resource : resource.normalize('NFC');
  if (res !== undefined && r.resourcesLowercased) res = res.toLowerCase();
  if (res !== undefined && r.stripResourceSpaces) res = res.replace(/ /g, '');
  return `${l !== undefined ? `${l}@` : ''}${d}${res !== undefined ? `/${res}` : ''}`;
}

function elem(name: string, attrs: Record<string, string> = {}, ...kids: XmlNode[]): XmlElement {
  return { name, ns: NS_CLIENT, attrs, children: kids };
}

export class FakeRouter {
  /** bare JID of the account → contact bare JID → entry */
  readonly rosters = new Map<string, Map<string, RosterEntry>>();
  /** messages stored for accounts with no available resource (RFC 6121 §8.5.2.2.1) */
  readonly offline = new Map<string, XmlElement[]>();
  /** subscription requests to deliver when the contact next becomes available */
  readonly pendingSubscribes = new Map<string, XmlElement[]>();

  constructor(readonly server: FakeServer) {}

  get b() {
    return this.server.behaviour;
  }

  /** Whether the bare part names a local account; case-folding each part unless a knob forbids it. */
  private accountExists(jid: string): boolean {
    const { local, domain } = split(bare(jid));
    if (local === undefined) return false;
    const l = this.b.noLocalCaseFold ? local : local.toLowerCase();
    const d = this.b.noDomainCaseFold ? domain : domain.toLowerCase();
    return d === this.server.domain && l in this.server.accounts;
  }

  /** The connection bound to exactly this full JID (resourceparts compare case-sensitively, RFC 7622 §3.4). */
  private boundTo(full: string): FakeConnection | undefined {
    const exact = this.server.bound.get(full);
    if (exact || !this.b.resourceCaseInsensitive) return exact;
    return [...this.server.bound.entries()].find(([k]) => k.toLowerCase() === full.toLowerCase())?.[1];
  }

  roster(account: string): Map<string, RosterEntry> {
    const key = bare(account).toLowerCase();
    let r = this.rosters.get(key);
    if (!r) this.rosters.set(key, (r = new Map()));
    return r;
  }

  /** Connected, bound sessions of an account. */
  private resources(account: string): FakeConnection[] {
    const key = bare(account).toLowerCase();
    return [...this.server.bound.values()].filter((c) => c.boundJid !== undefined && bare(c.boundJid).toLowerCase() === key);
  }

  /** Resources with a presence session (sent initial presence, not yet unavailable). */
  private available(account: string): FakeConnection[] {
    return this.resources(account).filter((c) => c.presence !== undefined);
  }

  // ── errors (RFC 6120 §8.3) ──

  error(to: FakeConnection, stanza: XmlElement, condition: string, type: string): void {
    if (stanza.attrs['type'] === 'error' && !this.b.errorForError) return; // §8.3.1: never answer an error with an error
    const attrs: Record<string, string> = { type: 'error' };
    if (stanza.attrs['id'] !== undefined && !this.b.errorWithoutId) attrs['id'] = stanza.attrs['id'];
    const from = stanza.attrs['to'];
    if (from !== undefined && validJid(from)) attrs['from'] = from;
    if (to.boundJid) attrs['to'] = to.boundJid;
    const kids: XmlNode[] = this.b.errorWithoutCondition ? [] : [{ name: condition, ns: NS_STANZA_ERRORS, attrs: {}, children: [] }];
    const errEl = elem('error', this.b.errorWithoutType ? {} : { type }, ...kids);
    const original = stanza.children.filter((c): c is XmlElement => typeof c === 'object' && c.name !== 'error');
    to.send(elem(stanza.name, attrs, ...original, errEl));
  }

  private result(to: FakeConnection, iq: XmlElement, payload?: XmlElement, from?: string): void {
    const attrs: Record<string, string> = { type: 'result' };
    if (!this.b.iqResultWithoutId) attrs['id'] = iq.attrs['id'] ?? '';
    if (from !== undefined && !this.b.serverReplyNoFrom) attrs['from'] = from;
    if (this.b.replyToBareJid && to.boundJid) attrs['to'] = bare(to.boundJid);
    to.send(elem('iq', attrs, ...(payload ? [payload] : [])));
  }

  // ── entry point ──

  route(conn: FakeConnection, stanza: XmlElement): void {
    const me = conn.boundJid;
    if (!me) return;
    // RFC 6120 §8.1.2.1: the server stamps the sender's full JID, whatever the client wrote.
    const claimed = stanza.attrs['from'];
    const from = this.b.trustClientFrom && claimed !== undefined ? claimed : me;
    const attrs: Record<string, string> = { ...stanza.attrs, from };
    if (this.b.noFromStamp) delete attrs['from'];
    // RFC 6120 §8.1.5: the stream's language is added when the stanza has none; a given one is kept.
    if (attrs['xml:lang'] === undefined && conn.streamLang !== undefined && !this.b.noLangAdded) attrs['xml:lang'] = conn.streamLang;
    if (this.b.stripXmlLang) delete attrs['xml:lang'];
    const kids = this.b.stripUnknownPayload ? stanza.children.filter((c) => typeof c !== 'object' || c.ns === NS_CLIENT) : stanza.children;
    const s: XmlElement = { ...stanza, attrs, children: kids };
    const rawTo = stanza.attrs['to'];
    const subscription = stanza.name === 'presence' && /^(un)?subscribe(d)?$/.test(stanza.attrs['type'] ?? '');
    const skipCheck = subscription && this.b.subscribeInvalidCreatesItem;
    if (rawTo !== undefined && !skipCheck && !validJid(rawTo, this.b)) return this.error(conn, stanza, this.b.malformedJidCondition, 'modify');
    // RFC 7622 §3: the server prepares and enforces the address before it routes on it.
    if (rawTo !== undefined) attrs['to'] = this.b.rewriteToBare ? bare(canonicalJid(rawTo, this.b)) : canonicalJid(rawTo, this.b);
    // A broken splitter (knobs) can read another domain out of the same address: route it there.
    if (rawTo !== undefined && split(rawTo, this.b).domain !== split(rawTo).domain) return this.error(conn, stanza, this.b.remoteCondition, 'cancel');
    if (s.name === 'iq') return this.iq(conn, s, stanza);
    if (s.name === 'message') return this.message(conn, s, stanza);
    if (s.name === 'presence') return this.presence(conn, s);
  }

  // ── iq (RFC 6120 §8.2.3, §10.3.3, §10.5) ──

  private iq(conn: FakeConnection, s: XmlElement, original: XmlElement): void {
    const type = s.attrs['type'];
    const kids = s.children.filter((c): c is XmlElement => typeof c === 'object');
    if (type === 'result' || type === 'error') {
      const to = s.attrs['to'];
      if (to !== undefined) this.deliverToFull(to, s);
      else if (this.b.answerUnsolicited) this.error(conn, { ...original, attrs: { ...original.attrs, type: 'get' } }, 'bad-request', 'modify');
      return;
    }
    if (type !== 'get' && type !== 'set' && !this.b.acceptIqBadType) return this.error(conn, original, 'bad-request', 'modify');
    if (s.attrs['id'] === undefined && !this.b.acceptIqWithoutId) return this.error(conn, original, 'bad-request', 'modify');
    if (kids.length !== 1 && !this.b.acceptIqChildCount) return this.error(conn, original, 'bad-request', 'modify');
    const to = s.attrs['to'];
    const me = conn.boundJid as string;
    if (to === undefined || to.toLowerCase() === bare(me).toLowerCase()) return this.serverIq(conn, s, original, to === undefined ? undefined : bare(me));
    if (to.toLowerCase() === this.server.domain) return this.serverIq(conn, s, original, this.server.domain);
    if (this.b.ignoreDomainResource && !to.includes('@') && to.includes('/')) return;
    if (domainOf(to) !== this.server.domain) return this.error(conn, original, this.b.remoteCondition, 'cancel');
    if (!this.accountExists(to)) {
      if (this.b.answerForNonexistentUser) return this.result(conn, s, undefined, to);
      return this.error(conn, original, 'service-unavailable', 'cancel');
    }
    if (!to.includes('/')) return this.error(conn, original, 'service-unavailable', 'cancel');
    const target = this.boundTo(to);
    if (!target) {
      if (this.b.dropIqToGoneResource) return;
      return this.error(conn, original, 'service-unavailable', 'cancel');
    }
    // RFC 6121 §8.5.3.1: only if the recipient shares presence with the sender.
    const sender = bare(me).toLowerCase();
    const e = this.entry(bare(to), sender);
    const shares = (e && (e.subscription === 'from' || e.subscription === 'both')) || target.directedTo.has(me) || target.directedTo.has(sender) || bare(to).toLowerCase() === sender;
    if (!shares && !this.b.iqToStrangerDelivered) return this.error(conn, original, 'service-unavailable', 'cancel');
    target.send(s);
  }

  /** An iq the server answers itself, for the account (to = undefined or the bare JID) or the domain. */
  private serverIq(conn: FakeConnection, s: XmlElement, original: XmlElement, from: string | undefined): void {
    const payload = s.children.find((c): c is XmlElement => typeof c === 'object');
    if (!payload) return this.b.acceptIqChildCount ? this.result(conn, s, undefined, from) : this.error(conn, original, 'bad-request', 'modify');
    if (payload.ns === NS_ROSTER && payload.name === 'query' && from !== this.server.domain) return this.rosterIq(conn, s, original);
    if (payload.ns === NS_PING && payload.name === 'ping') return this.result(conn, s, undefined, from);
    if (payload.ns === NS_VERSION && payload.name === 'query' && s.attrs['type'] === 'get') {
      return this.result(conn, s, { name: 'query', ns: NS_VERSION, attrs: {}, children: [
        { name: 'name', ns: NS_VERSION, attrs: {}, children: ['fake-server'] },
        { name: 'version', ns: NS_VERSION, attrs: {}, children: ['1.0'] },
      ] }, from);
    }
    // RFC 6120 §10.3.3 / §8.4: an unknown payload namespace gets <service-unavailable/>.
    if (this.b.unknownIqAnswer === 'result') return this.result(conn, s, undefined, from);
    if (this.b.unknownIqAnswer === 'silence') return;
    this.error(conn, original, 'service-unavailable', 'cancel');
  }

  // ── roster (RFC 6121 §2) ──

  private itemXml(jid: string, e: RosterEntry | undefined, removed = false): XmlElement {
    const attrs: Record<string, string> = { jid, subscription: removed ? 'remove' : e?.subscription ?? 'none' };
    if (!removed && e?.ask) attrs['ask'] = e.ask;
    if (!removed && e?.name !== undefined) attrs['name'] = e.name;
    const groups = removed ? [] : (e?.groups ?? []).map((g) => ({ name: 'group', ns: NS_ROSTER, attrs: {}, children: [g] }) as XmlElement);
    return { name: 'item', ns: NS_ROSTER, attrs, children: groups };
  }

  /** RFC 6121 §2.1.6: a push to every interested resource of the account. */
  private push(account: string, jid: string, removed = false): void {
    if (this.b.noRosterPush) return;
    const e = this.roster(account).get(jid);
    const targets = this.resources(account).filter((c) => c.interested);
    const list = this.b.pushOnlyToRequester ? targets.slice(0, 1) : targets;
    for (const c of list) {
      const attrs: Record<string, string> = { type: 'set', id: `push-${Math.random().toString(36).slice(2, 10)}`, to: c.boundJid ?? '' };
      if (this.b.pushFromDomain) attrs['from'] = this.server.domain;
      const item = this.itemXml(jid, e, removed);
      if (this.b.noAskInPush) delete (item.attrs as Record<string, string>)['ask'];
      c.send(elem('iq', attrs, { name: 'query', ns: NS_ROSTER, attrs: {}, children: this.b.pushTwoItems ? [item, item] : [item] }));
    }
  }

  private rosterIq(conn: FakeConnection, s: XmlElement, original: XmlElement): void {
    const me = bare(conn.boundJid as string).toLowerCase();
    const query = child(s, 'query', NS_ROSTER) as XmlElement;
    if (s.attrs['type'] === 'get') {
      conn.interested = true;
      const items = [...this.roster(me).entries()].map(([jid, e]) => this.itemXml(jid, e));
      if (this.b.rosterResultNoQuery) return this.result(conn, s);
      return this.result(conn, s, { name: 'query', ns: NS_ROSTER, attrs: {}, children: items }, this.b.rosterResultFromDomain ? this.server.domain : undefined);
    }
    const items = children(query, 'item', NS_ROSTER);
    // RFC 6121 §2.3.3: a roster set carries exactly one item.
    if (items.length !== 1 && !this.b.acceptMultiItemRosterSet) return this.error(conn, original, 'bad-request', 'modify');
    const item = items[0] as XmlElement;
    const jid = (item.attrs['jid'] ?? '').toLowerCase();
    if (!this.b.acceptInvalidRosterJid && !validJid(item.attrs['jid'] ?? '')) return this.error(conn, original, 'jid-malformed', 'modify');
    const sub = item.attrs['subscription'];
    if (sub === 'remove') {
      const entry = this.roster(me).get(jid);
      if (!entry) return this.b.removeMissingOk ? this.result(conn, s) : this.error(conn, original, 'item-not-found', 'cancel');
      this.result(conn, s);
      if (!this.b.removeKeepsItem) this.roster(me).delete(jid);
      this.push(me, jid, !this.b.removePushNotRemove);
      if (this.b.removeNoCancel) return;
      // RFC 6121 §2.5.2: removing a contact also cancels the subscriptions both ways.
      if (entry.subscription === 'to' || entry.subscription === 'both' || entry.ask) this.inboundUnsubscribe(me, jid, true);
      if (entry.subscription === 'from' || entry.subscription === 'both') this.inboundUnsubscribed(me, jid, true);
      return;
    }
    const groups = children(item, 'group', NS_ROSTER).map((g) => g.children.filter((c): c is string => typeof c === 'string').join(''));
    // RFC 6121 §2.3.3: duplicate groups are a <bad-request/>, an empty group is <not-acceptable/>.
    if (new Set(groups).size !== groups.length && !this.b.acceptDuplicateGroups) return this.error(conn, original, 'bad-request', 'modify');
    if (groups.some((g) => g.length === 0) && !this.b.acceptEmptyGroup) return this.error(conn, original, 'not-acceptable', 'modify');
    if (this.b.rosterSetNoResult) return;
    const entry = this.roster(me).get(jid) ?? { subscription: 'none' as const, groups: [] };
    if (!this.b.rosterIgnoresUpdate || !this.roster(me).has(jid)) {
      if (item.attrs['name'] !== undefined) entry.name = item.attrs['name'];
      else delete entry.name;
      entry.groups = this.b.rosterForgetsGroups ? [] : groups;
    }
    // RFC 6121 §2.1.5: a 'subscription' other than 'remove' in a roster set is ignored.
    if (sub !== undefined && this.b.applySubscriptionInSet) entry.subscription = sub as RosterEntry['subscription'];
    this.roster(me).set(jid, entry);
    this.result(conn, s);
    this.push(me, jid);
  }

  // ── subscriptions (RFC 6121 §3) ──

  private entry(account: string, contact: string): RosterEntry | undefined {
    return this.roster(account).get(bare(contact).toLowerCase());
  }

  private ensure(account: string, contact: string): RosterEntry {
    const r = this.roster(account);
    const key = bare(contact).toLowerCase();
    let e = r.get(key);
    if (!e) r.set(key, (e = { subscription: 'none', groups: [] }));
    return e;
  }

  /** Delivers presence to every available resource of an account (or stores subscription requests). */
  private toAvailable(account: string, p: XmlElement): void {
    for (const c of this.available(account)) c.send({ ...p, attrs: { ...p.attrs, to: c.boundJid ?? '' } });
  }

  private subscriptionPresence(conn: FakeConnection, s: XmlElement, type: string): void {
    const user = bare(conn.boundJid as string).toLowerCase();
    const contact = bare(s.attrs['to'] ?? '').toLowerCase();
    if (!contact) return;
    const stamped: XmlElement = { ...s, attrs: { ...s.attrs, from: this.b.subscriptionFromFullJid ? (conn.boundJid as string) : user, to: contact } };
    if (type === 'subscribe') {
      const e = this.ensure(user, contact);
      if (e.subscription !== 'to' && e.subscription !== 'both' && !e.ask) {
        e.ask = 'subscribe';
        this.push(user, contact);
      }
      if (this.accountExists(contact)) this.inboundSubscribe(user, contact, stamped);
    } else if (type === 'subscribed') {
      const key = `${user}|${contact}`;
      if (!this.entry(user, contact)?.pendingIn && !this.pendingIn.has(key)) {
        // RFC 6121 §3.1.6: an approval nobody asked for is ignored (the broken server grants it).
        if (this.b.acceptUnrequestedSubscribed && this.accountExists(contact)) {
          const other = this.ensure(contact, user);
          other.subscription = other.subscription === 'from' ? 'both' : 'to';
          this.push(contact, user);
        }
        return;
      }
      this.pendingIn.delete(key);
      const e = this.ensure(user, contact);
      delete e.pendingIn;
      e.subscription = e.subscription === 'to' && !this.b.noBothState ? 'both' : 'from';
      if (!this.b.approvalNoPush) this.push(user, contact);
      if (this.accountExists(contact)) {
        this.inboundSubscribed(user, contact, stamped);
        // §3.1.5: the contact's current presence goes to the new subscriber.
        if (!this.b.noPresenceAfterApproval) for (const c of this.available(user)) this.deliverPresenceTo(contact, c.presence as XmlElement, c.boundJid as string);
      }
    } else if (type === 'unsubscribe') {
      const e = this.entry(user, contact);
      if (e && (e.subscription === 'to' || e.subscription === 'both' || e.ask)) {
        e.subscription = e.subscription === 'both' ? 'from' : e.subscription === 'to' ? 'none' : e.subscription;
        delete e.ask;
        if (!this.b.unsubscribeNoPush) this.push(user, contact);
      }
      if (this.accountExists(contact)) this.inboundUnsubscribe(user, contact, false, stamped);
    } else if (type === 'unsubscribed') {
      const e = this.entry(user, contact);
      this.pendingIn.delete(`${user}|${contact}`);
      if (e && (e.subscription === 'from' || e.subscription === 'both' || e.pendingIn)) {
        e.subscription = e.subscription === 'both' ? 'to' : e.subscription === 'from' ? 'none' : e.subscription;
        delete e.pendingIn;
        this.push(user, contact);
      }
      if (this.accountExists(contact)) this.inboundUnsubscribed(user, contact, false, stamped);
    }
  }

  /** RFC 6121 §3.1.3: a subscription request arrives for `contact` from `user`. */
  private inboundSubscribe(user: string, contact: string, p: XmlElement): void {
    const e = this.entry(contact, user);
    if (e && (e.subscription === 'from' || e.subscription === 'both')) {
      // Already approved: the contact's server answers on its behalf (§3.1.3).
      if (!this.b.noAutoReply) this.autoReplySubscribed(contact, user);
      return;
    }
    if (e) e.pendingIn = true;
    else if (this.b.addItemOnInboundSubscribe) this.ensure(contact, user).pendingIn = true;
    else this.pendingIn.add(`${contact}|${user}`);
    if (this.available(contact).length === 0) {
      const q = this.pendingSubscribes.get(contact) ?? [];
      q.push(p);
      this.pendingSubscribes.set(contact, q);
      return;
    }
    if (this.b.subscribeToOneResource) {
      const first = this.available(contact)[0];
      first?.send({ ...p, attrs: { ...p.attrs, to: first.boundJid ?? '' } });
      return;
    }
    this.toAvailable(contact, p);
  }

  /** The contact's server approves again on the contact's behalf: 'subscribed' to the user's resources. */
  private autoReplySubscribed(contact: string, user: string): void {
    this.toAvailable(user, { name: 'presence', ns: NS_CLIENT, attrs: { type: 'subscribed', from: contact }, children: [] });
  }

  private reorderCount = 0;

  /** Requests from users not (yet) in the contact's roster. */
  private readonly pendingIn = new Set<string>();

  private inboundSubscribed(contact: string, user: string, p: XmlElement): void {
    const e = this.entry(user, contact);
    if (!e?.ask) return; // RFC 6121 §3.1.6: not requested, ignored
    if (this.b.inboundApprovalIgnored) return;
    delete e.ask;
    e.subscription = e.subscription === 'from' && !this.b.noBothState ? 'both' : 'to';
    this.push(user, contact);
    this.toAvailable(user, p.attrs['from'] !== undefined ? p : { ...p, attrs: { ...p.attrs, from: contact } });
  }

  /** RFC 6121 §3.3.3: `user` no longer wants `contact`'s presence (from the contact's side). */
  private inboundUnsubscribe(user: string, contact: string, viaRemove: boolean, p?: XmlElement): void {
    const e = this.entry(contact, user);
    const had = e && (e.subscription === 'from' || e.subscription === 'both' || e.pendingIn);
    if (e && had) {
      e.subscription = e.subscription === 'both' ? 'to' : e.subscription === 'from' ? 'none' : e.subscription;
      delete e.pendingIn;
      this.push(contact, user);
    }
    this.pendingIn.delete(`${contact}|${user}`);
    if ((had || viaRemove) && !this.b.dropInboundUnsubscribe) {
      this.toAvailable(contact, p ?? { name: 'presence', ns: NS_CLIENT, attrs: { type: 'unsubscribe', from: user }, children: [] });
      for (const c of this.available(contact)) this.deliverPresenceTo(user, { name: 'presence', ns: NS_CLIENT, attrs: { type: 'unavailable' }, children: [] }, c.boundJid as string);
    }
  }

  /** RFC 6121 §3.2.3: `contact` cancelled `user`'s subscription (seen from the user's side). */
  private inboundUnsubscribed(contact: string, user: string, viaRemove: boolean, p?: XmlElement): void {
    const e = this.entry(user, contact);
    const had = e && (e.subscription === 'to' || e.subscription === 'both' || e.ask);
    if (e && had) {
      e.subscription = e.subscription === 'both' ? 'from' : e.subscription === 'to' ? 'none' : e.subscription;
      delete e.ask;
      this.push(user, contact);
    }
    if (had || viaRemove) {
      // RFC 6121 §3.2.2: unavailable presence from the contact's resources first, then 'unsubscribed'.
      if (!this.b.noUnavailableOnCancel) {
        for (const c of this.available(contact)) this.deliverPresenceTo(user, { name: 'presence', ns: NS_CLIENT, attrs: { type: 'unavailable' }, children: [] }, c.boundJid as string);
      }
      this.toAvailable(user, p ?? { name: 'presence', ns: NS_CLIENT, attrs: { type: 'unsubscribed', from: contact }, children: [] });
    }
  }

  // ── presence (RFC 6121 §4) ──

  private deliverPresenceTo(account: string, p: XmlElement, from: string): void {
    for (const c of this.available(account)) c.send({ ...p, attrs: { ...p.attrs, from, to: c.boundJid ?? '' } });
  }

  /** Who receives `user`'s broadcasts: contacts with 'from' or 'both' (§4.2.2). */
  private subscribers(user: string): string[] {
    return [...this.roster(user).entries()].filter(([, e]) => e.subscription === 'from' || e.subscription === 'both').map(([j]) => j);
  }

  private presence(conn: FakeConnection, s: XmlElement): void {
    const type = s.attrs['type'];
    const me = conn.boundJid as string;
    const user = bare(me).toLowerCase();
    if (type === 'subscribe' || type === 'subscribed' || type === 'unsubscribe' || type === 'unsubscribed') return this.subscriptionPresence(conn, s, type);
    if (type === 'probe') return; // clients do not probe (RFC 6121 §4.3)
    const to = s.attrs['to'];
    if (to !== undefined) {
      // Directed presence (§4.6.3): delivered, and remembered so unavailable follows it.
      if (this.accountExists(to)) {
        if (to.includes('/')) {
          const target = this.boundTo(to);
          if (target) target.send(s);
          else if (this.b.presenceToGoneBounced) this.error(conn, s, 'service-unavailable', 'cancel');
        } else {
          this.deliverPresenceTo(to, s, me);
        }
        if (type === 'unavailable') conn.directedTo.delete(to);
        else conn.directedTo.add(to);
      } else if (this.b.bouncePresenceToNonexistent) {
        this.error(conn, s, 'service-unavailable', 'cancel');
      }
      return;
    }
    const broadcast = this.b.stripPresenceChildren ? { ...s, children: [] } : s;
    if (type === 'unavailable') {
      conn.presence = undefined;
      if (!this.b.noUnavailableBroadcast) for (const contact of this.subscribers(user)) this.deliverPresenceTo(contact, broadcast, me);
      if (!this.b.noDirectedUnavailable) for (const d of conn.directedTo) this.sendPresenceTo(d, broadcast, me);
      conn.directedTo.clear();
      for (const c of this.available(user)) if (c !== conn) c.send({ ...s, attrs: { ...s.attrs, to: c.boundJid ?? '' } });
      return;
    }
    if (type !== undefined && type !== 'error') return;
    const initial = conn.presence === undefined;
    conn.presence = s;
    const pr = child(s, 'priority');
    conn.priority = pr ? Number(pr.children.join('')) || 0 : 0;
    // §4.2.2 / §4.4.2: to subscribers, and to the user's own available resources (this one included).
    const audience = this.b.broadcastToAll ? [...this.rosters.keys(), ...Object.keys(this.server.accounts).map((a) => `${a}@${this.server.domain}`)].filter((a, k, all) => a !== user && all.indexOf(a) === k) : this.subscribers(user);
    if (!this.b.noBroadcastToSubscribers) for (const contact of audience) this.deliverPresenceTo(contact, broadcast, me);
    if (!this.b.noOwnPresenceBroadcast) for (const c of this.available(user)) c.send({ ...s, attrs: { ...s.attrs, to: c.boundJid ?? '' } });
    if (initial) {
      // §4.2.2: probe contacts the user is subscribed to, i.e. send their current presence.
      if (!this.b.noProbeOnLogin) {
        for (const [contact, e] of this.roster(user)) {
          if (e.subscription !== 'to' && e.subscription !== 'both') continue;
          for (const c of this.available(contact)) conn.send({ ...(c.presence as XmlElement), attrs: { ...(c.presence as XmlElement).attrs, from: c.boundJid ?? '', to: me } });
        }
      }
      if (!this.b.dropOfflineSubscribe) for (const p of this.pendingSubscribes.get(user) ?? []) conn.send(p);
      this.pendingSubscribes.delete(user);
      for (const m of this.offline.get(user) ?? []) conn.send(m);
      this.offline.delete(user);
    }
  }

  /** Presence to a full JID (that resource) or a bare JID (its available resources). */
  private sendPresenceTo(to: string, p: XmlElement, from: string): void {
    if (to.includes('/')) this.boundTo(to)?.send({ ...p, attrs: { ...p.attrs, from, to } });
    else this.deliverPresenceTo(to, p, from);
  }

  /** Called when a session ends without unavailable presence: the server broadcasts it (§4.5.2). */
  disconnected(conn: FakeConnection): void {
    if (!conn.boundJid || conn.presence === undefined) return;
    conn.presence = undefined;
    if (this.b.noUnavailableOnDisconnect) return;
    const me = conn.boundJid;
    const p: XmlElement = { name: 'presence', ns: NS_CLIENT, attrs: { type: 'unavailable' }, children: [] };
    for (const contact of this.subscribers(bare(me).toLowerCase())) this.deliverPresenceTo(contact, p, me);
    for (const d of conn.directedTo) this.sendPresenceTo(d, p, me);
  }

  // ── messages (RFC 6121 §8.5, RFC 6120 §10) ──

  private deliverToFull(to: string, s: XmlElement): boolean {
    const target = this.boundTo(to);
    if (!target) return false;
    target.send(s);
    return true;
  }

  private message(conn: FakeConnection, s: XmlElement, original: XmlElement): void {
    const type = s.attrs['type'] ?? 'normal';
    const me = conn.boundJid as string;
    // RFC 6120 §10.3.1: no 'to' means the sender's own bare JID.
    if (s.attrs['to'] === undefined && this.b.dropMessageWithoutTo) return;
    const to = s.attrs['to'] ?? bare(me);
    if (domainOf(to) !== this.server.domain) return this.error(conn, original, this.b.remoteCondition, 'cancel');
    if (!localOf(bare(to))) return; // to the server itself: nothing to do for a plain message
    if (!this.accountExists(to)) {
      if (type === 'error' && !this.b.errorForError) return;
      return this.error(conn, original, this.b.nonexistentUserCondition, 'cancel');
    }
    if (to.includes('/') && this.boundTo(to) !== undefined) {
      if (this.b.fullJidToAllResources) {
        for (const c of this.resources(to)) c.send(s);
        return;
      }
      const target = this.boundTo(to) as FakeConnection;
      // The broken variant holds back every other message a little, so they overtake each other.
      if (this.b.reorderMessages && this.reorderCount++ % 2 === 0) setTimeout(() => target.send(s), 30);
      else target.send(s);
      return;
    }
    if (to.includes('/') && this.b.dropToGoneFullJid) return;
    // RFC 6121 §8.5.3.2.1: to a full JID that matches no resource, only normal and chat fall back to the bare JID.
    if (to.includes('/') && type !== 'normal' && type !== 'chat') return;
    if (type === 'error' && !this.b.errorMessageDelivered) return;
    const account = bare(to).toLowerCase();
    const nonNegative = this.available(account).filter((c) => (c.priority ?? 0) >= 0);
    // The broken variant rewrites the bare 'to' into the chosen full JID (§8.5.2.1.1 forbids it).
    const deliver = (c: FakeConnection): void => c.send(this.b.rewriteBareToFull ? { ...s, attrs: { ...s.attrs, to: c.boundJid ?? '' } } : s);
    if (type === 'groupchat' && !this.b.groupchatDelivered) return this.error(conn, original, 'service-unavailable', 'cancel');
    if (type === 'headline') {
      for (const c of this.b.headlineToOne ? nonNegative.slice(0, 1) : nonNegative) deliver(c);
      return;
    }
    if (nonNegative.length === 0) {
      if (this.b.offlineDropped) return;
      if (this.b.noOfflineStorage) return this.error(conn, original, 'service-unavailable', 'cancel');
      const q = this.offline.get(account) ?? [];
      if (q.length < 100) q.push(s);
      this.offline.set(account, q);
      return;
    }
    if (this.b.deliverToNegativePriority) {
      for (const c of this.available(account)) deliver(c);
      return;
    }
    // §8.5.2.1.1: to the "most available" resource(s): here, those of the highest priority.
    const pick = this.b.deliverToLowestPriority ? Math.min(...nonNegative.map((c) => c.priority ?? 0)) : Math.max(...nonNegative.map((c) => c.priority ?? 0));
    for (const c of nonNegative.filter((c) => (c.priority ?? 0) === pick)) deliver(c);
  }
}
