// What the fake server does with stanzas from an authenticated, bound client: RFC 6120 §8 and
// §10 (addressing, 'from' stamping, iq semantics, errors, local delivery) and the parts of
// RFC 6121 the IM cases drive (roster, subscriptions, presence broadcast, message delivery).
// Faithful by default; Behaviour knobs break one rule each.
import { child, children, type XmlElement, type XmlNode } from '../../../harness/xml/element.js';
import { NS_CLIENT, NS_PING, NS_ROSTER, NS_STANZA_ERRORS, NS_VERSION } from '../../../harness/xml/ns.js';
import type { FakeConnection } from './fake-connection.js';
import { FakeDisco, type DiscoHost } from './fake-disco.js';
import type { FakeServer } from './fake-server.js';
import { FakePep } from './fake-pep.js';

export interface RosterEntry {
  subscription: 'none' | 'to' | 'from' | 'both';
  ask?: 'subscribe';
  /** a subscription request from the contact awaits the user's answer (RFC 6121 §3.1.3) */
  pendingIn?: boolean;
  /** the user pre-approved a subscription request from the contact (RFC 6121 §3.4) */
  approved?: boolean;
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

  /** added: every account's PEP service (XEP-0163) */
  readonly pep: FakePep;

  constructor(readonly server: FakeServer) {
    this.pep = new FakePep(server, this);
  }

  get b() {
    return this.server.behaviour;
  }

  /** Service discovery and caps (fake-disco.ts), with the behaviour of the moment. */
  private get disco(): FakeDisco {
    return new FakeDisco(this.b);
  }

  /** What the disco module needs to answer `original` on `conn`. */
  private discoHost(conn: FakeConnection, s: XmlElement, original: XmlElement): DiscoHost {
    return {
      domain: this.server.domain,
      result: (payload, from) => this.result(conn, s, payload, from),
      error: (condition, type) => this.error(conn, original, condition, type),
      availableResources: (account) => this.available(account).map((c) => c.boundJid ?? ''),
      sharesPresenceWith: (account, requester) => {
        if (bare(account).toLowerCase() === bare(requester).toLowerCase()) return true;
        const e = this.entry(account, requester);
        return e !== undefined && (e.subscription === 'from' || e.subscription === 'both');
      },
      // '' for the asker's own account and the asker itself
      accountExtras: (account, requester) => this.pep.discoExtras(bare(account || (conn.boundJid ?? '')).toLowerCase(), requester || (conn.boundJid ?? '')),
    };
  }

  /** Whether the bare part names a local account; case-folding each part unless a knob forbids it. */
  private accountExists(jid: string): boolean {
    const { local, domain } = split(bare(jid));
    if (local === undefined) return false;
    const l = this.b.noLocalCaseFold ? local : local.toLowerCase();
    const d = this.b.noDomainCaseFold ? domain : domain.toLowerCase();
    // exactly one of its domains: `d` is case-folded above unless a knob forbids it
    return this.server.domains.includes(d) && l in this.server.accounts;
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
    if (condition === '') return; // a knob that drops instead of answering
    const attrs: Record<string, string> = { type: 'error' };
    if (stanza.attrs['id'] !== undefined && !this.b.errorWithoutId) attrs['id'] = stanza.attrs['id'];
    const from = stanza.attrs['to'];
    if (from !== undefined && validJid(from)) attrs['from'] = from;
    if (to.boundJid) attrs['to'] = to.boundJid;
    const f = this.b.stanzaErrorFault;
    const kids: XmlNode[] = this.b.errorWithoutCondition ? [] : [{ name: condition, ns: NS_STANZA_ERRORS, attrs: {}, children: [] }];
    if (f === 'text-wrong-ns') kids.push(elem('text', {}, condition));
    if (f === 'app-condition-in-stanzas-ns') kids.push({ name: 'fake-application-condition', ns: NS_STANZA_ERRORS, attrs: {}, children: [] });
    const errEl = elem('error', this.b.errorWithoutType ? {} : { type }, ...kids);
    const original = stanza.children.filter((c): c is XmlElement => typeof c === 'object' && c.name !== 'error');
    to.send(elem(f === 'wrong-kind' ? 'iq' : stanza.name, attrs, ...original, ...(f === 'no-error-child' ? [] : [errEl])));
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
    const from = this.b.trustClientFrom && claimed !== undefined ? claimed : this.b.stampOtherResource ? `${bare(me)}/not-the-bound-resource` : me;
    const attrs: Record<string, string> = { ...stanza.attrs, from };
    if (this.b.noFromStamp) delete attrs['from'];
    // RFC 6120 §8.1.5: the stream's language is added when the stanza has none; a given one is kept.
    if (attrs['xml:lang'] === undefined && conn.streamLang !== undefined && !this.b.noLangAdded) attrs['xml:lang'] = conn.streamLang;
    if (this.b.stripXmlLang) delete attrs['xml:lang'];
    let kids = this.b.stripUnknownPayload ? stanza.children.filter((c) => typeof c !== 'object' || c.ns === NS_CLIENT) : stanza.children;
    if (this.b.alterMessageBody && stanza.name === 'message') {
      kids = kids.map((c) => (typeof c === 'object' && c.name === 'body' ? { ...c, children: [...c.children, ' (edited)'] } : c));
    }
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
    if (s.name === 'presence' && !this.b.ignorePresence) return this.presence(conn, s);
  }

  // ── iq (RFC 6120 §8.2.3, §10.3.3, §10.5) ──

  private iq(conn: FakeConnection, s: XmlElement, original: XmlElement): void {
    const type = s.attrs['type'];
    const kids = s.children.filter((c): c is XmlElement => typeof c === 'object');
    if (type === 'result' || type === 'error') {
      if (this.pep.answer(conn, s)) return;
      const to = s.attrs['to'];
      if (to !== undefined && this.b.iqRoutingFault !== 'drop-responses') this.deliverToFull(to, s);
      else if (this.b.answerUnsolicited) this.error(conn, { ...original, attrs: { ...original.attrs, type: 'get' } }, 'bad-request', 'modify');
      return;
    }
    if (type !== 'get' && type !== 'set' && !this.b.acceptIqBadType) return this.error(conn, original, 'bad-request', 'modify');
    if (s.attrs['id'] === undefined && !this.b.acceptIqWithoutId) return this.error(conn, original, 'bad-request', 'modify');
    if (kids.length !== 1 && this.b.ignoreIqChildCount) return;
    if (kids.length !== 1 && !this.b.acceptIqChildCount) return this.error(conn, original, 'bad-request', 'modify');
    const to = s.attrs['to'];
    const me = conn.boundJid as string;
    if (to === undefined && this.b.ignoreIqWithoutTo) return;
    if (to !== undefined && to.toLowerCase() === bare(me).toLowerCase() && this.b.ownBareIqDelivered) return conn.send(s);
    if (to === undefined || to.toLowerCase() === bare(me).toLowerCase()) return this.serverIq(conn, s, original, to === undefined ? undefined : bare(me));
    if (this.server.serves(to) && this.b.ignoreDomainStanzas) return;
    if (this.server.serves(to)) return this.serverIq(conn, s, original, to.toLowerCase());
    if (this.b.ignoreDomainResource && !to.includes('@') && to.includes('/')) return;
    if (this.server.routeComponent(s, me)) return;
    if (!this.server.serves(domainOf(to))) return this.error(conn, original, this.b.remoteCondition, 'cancel');
    if (!this.accountExists(to)) {
      const payload = s.children.find((c): c is XmlElement => typeof c === 'object');
      if (!to.includes('/') && this.disco.nonexistentIq(this.discoHost(conn, s, original), s, payload, to)) return;
      if (this.b.answerForNonexistentUser) return this.result(conn, s, undefined, to);
      return this.error(conn, original, this.b.nonexistentIqCondition, 'cancel');
    }
    if (!to.includes('/')) return this.iqToOtherBare(conn, s, original, to);
    const target = this.boundTo(to);
    if (!target) {
      if (this.b.dropIqToGoneResource) return;
      return this.error(conn, original, this.b.iqToGoneCondition, 'cancel');
    }
    // RFC 6121 §8.5.3.1: only if the recipient shares presence with the sender.
    const sender = bare(me).toLowerCase();
    const e = this.entry(bare(to), sender);
    const shares = (e && (e.subscription === 'from' || e.subscription === 'both')) || target.directedTo.has(me) || target.directedTo.has(sender) || bare(to).toLowerCase() === sender;
    if (!shares && !this.b.iqToStrangerDelivered) return this.error(conn, original, 'service-unavailable', 'cancel');
    if (this.b.iqRoutingFault !== 'drop-requests') target.send(s);
  }

  /** RFC 6121 §8.5.2.1.3 / §8.5.2.2.3: an iq to another account's bare JID is answered by the server, never delivered. */
  private iqToOtherBare(conn: FakeConnection, s: XmlElement, original: XmlElement, to: string): void {
    const payload = s.children.find((c): c is XmlElement => typeof c === 'object');
    if (this.pep.iq(conn, s, bare(to).toLowerCase())) return;
    if (this.disco.otherBareIq(this.discoHost(conn, s, original), s, payload, to, conn.boundJid ?? '')) return;
    if (payload?.ns === NS_ROSTER && payload.name === 'query') {
      // §2.1.5 / §2.3.3: only the account itself may read or change its roster.
      if (this.b.rosterOtherAccessible) {
        const other = bare(to).toLowerCase();
        if (s.attrs['type'] === 'get') return this.result(conn, s, { name: 'query', ns: NS_ROSTER, attrs: {}, children: [...this.roster(other).entries()].map(([j, e]) => this.itemXml(j, e)) });
        const item = child(payload, 'item', NS_ROSTER);
        const jid = (item?.attrs['jid'] ?? '').toLowerCase();
        if (jid) this.roster(other).set(jid, { subscription: 'none', groups: [], ...(item?.attrs['name'] !== undefined ? { name: item.attrs['name'] } : {}) });
        return this.result(conn, s);
      }
      return this.error(conn, original, this.b.rosterOtherNotForbidden ? 'service-unavailable' : 'forbidden', this.b.rosterOtherNotForbidden ? 'cancel' : 'auth');
    }
    if (this.b.iqToBareDelivered) {
      const first = this.available(to)[0] ?? this.resources(to)[0];
      if (first) return first.send(s);
    }
    // the broken variant answers, and passes a copy to the account's first resource as well
    if (this.b.iqToBareCopied) this.resources(to)[0]?.send(s);
    if (this.b.iqToOfflineBareSilent && this.available(to).length === 0) return;
    this.error(conn, original, this.b.bareIqCondition, 'cancel');
  }

  /** An iq the server answers itself, for the account (to = undefined or the bare JID) or the domain. */
  private serverIq(conn: FakeConnection, s: XmlElement, original: XmlElement, from: string | undefined): void {
    const payload = s.children.find((c): c is XmlElement => typeof c === 'object');
    if (!payload) return this.b.acceptIqChildCount ? this.result(conn, s, undefined, from) : this.error(conn, original, 'bad-request', 'modify');
    if (payload.ns === NS_ROSTER && payload.name === 'query' && !this.server.serves(from ?? '')) return this.rosterIq(conn, s, original);
    if (this.disco.serverIq(this.discoHost(conn, s, original), s, payload, from)) return;
    if (payload.ns === NS_PING && payload.name === 'ping') return this.result(conn, s, undefined, from);
    // XEP-0163: the account's own PEP service (its disco answers come through the disco module's accountExtras)
    const own = bare(conn.boundJid as string).toLowerCase();
    if (!this.server.serves(from ?? '') && this.pep.iq(conn, s, own)) return;
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
    if (!removed && e?.approved) attrs['approved'] = 'true';
    if (!removed && e?.name !== undefined) attrs['name'] = e.name;
    const groups = removed ? [] : (e?.groups ?? []).map((g) => ({ name: 'group', ns: NS_ROSTER, attrs: {}, children: [g] }) as XmlElement);
    return { name: 'item', ns: NS_ROSTER, attrs, children: groups };
  }

  /** Roster versions per account (RFC 6121 §2.6): bumped on every change, with the JIDs changed. */
  private readonly versions = new Map<string, { ver: number; log: { ver: number; jid: string }[] }>();
  /** Sessions that asked for the roster with a 'ver', so their pushes carry one (§2.6.3). */
  private readonly versioned = new WeakSet<FakeConnection>();
  private pushCount = 0;

  private versionOf(account: string): { ver: number; log: { ver: number; jid: string }[] } {
    const key = bare(account).toLowerCase();
    let v = this.versions.get(key);
    if (!v) this.versions.set(key, (v = { ver: 0, log: [] }));
    return v;
  }

  /** RFC 6121 §2.1.6: a push to every interested resource of the account. */
  private push(account: string, jid: string, removed = false): void {
    if (this.b.noRosterPush) return;
    const v = this.versionOf(account);
    v.ver += 1;
    v.log.push({ ver: v.ver, jid });
    if (v.log.length > 500) v.log.shift();
    const e = this.roster(account).get(jid);
    const targets = this.resources(account).filter((c) => c.interested);
    const list = this.b.pushOnlyToRequester ? targets.slice(0, 1) : targets;
    for (const c of list) this.sendPush(c, jid, e, removed, v.ver);
  }

  private sendPush(c: FakeConnection, jid: string, e: RosterEntry | undefined, removed: boolean, ver: number): void {
    const attrs: Record<string, string> = { type: 'set', id: `push-${Math.random().toString(36).slice(2, 10)}`, to: c.boundJid ?? '' };
    if (this.b.pushFromDomain) attrs['from'] = this.server.domain;
    const item = this.itemXml(jid, e, removed);
    if (this.b.noAskInPush) delete (item.attrs as Record<string, string>)['ask'];
    // §2.6.3: with versioning in use, each push carries the roster version it creates.
    const qattrs: Record<string, string> = this.versioned.has(c) && !this.b.pushWithoutVer ? { ver: this.b.pushVerRepeated ? '1' : String(ver) } : {};
    const stanza = elem('iq', attrs, { name: 'query', ns: NS_ROSTER, attrs: qattrs, children: this.b.pushTwoItems ? [item, item] : [item] });
    // The broken variant holds back every other push, so they overtake each other (§2.6.3 wants them in order).
    if (this.b.pushesReordered && this.pushCount++ % 2 === 0) setTimeout(() => c.send(stanza), 30);
    else c.send(stanza);
  }

  private rosterIq(conn: FakeConnection, s: XmlElement, original: XmlElement): void {
    const me = bare(conn.boundJid as string).toLowerCase();
    const query = child(s, 'query', NS_ROSTER) as XmlElement;
    if (s.attrs['type'] === 'get') {
      conn.interested = true;
      const items = [...this.roster(me).entries()].map(([jid, e]) => this.itemXml(jid, e));
      if (this.b.rosterResultNoQuery) return this.result(conn, s);
      // RFC 6121 §2.1.4: an empty roster is an empty <query/>, not an error.
      if (items.length === 0 && this.b.emptyRosterError) return this.error(conn, original, 'item-not-found', 'cancel');
      const asked = this.disco.rosterVerIgnored ? undefined : query.attrs['ver'];
      if (asked !== undefined) {
        // §2.6.3: a known older version gets an empty result and one push per item changed since.
        this.versioned.add(conn);
        const v = this.versionOf(me);
        const n = /^\d+$/.test(asked) ? Number(asked) : NaN;
        const known = n <= v.ver && (n === v.ver || (v.log[0]?.ver ?? Infinity) <= n + 1);
        if (known) {
          this.result(conn, s);
          if (this.b.interimNoPush) return;
          const changed = new Map<string, number>();
          for (const entry of v.log) if (entry.ver > n) changed.set(entry.jid, entry.ver);
          for (const [jid, ver] of changed) this.sendPush(conn, jid, this.roster(me).get(jid), !this.roster(me).has(jid), ver);
          return;
        }
        // The broken variant answers with a version that never changes.
        const attrs: Record<string, string> = { ver: this.b.verResultStale ? '0' : String(v.ver) };
        return this.result(conn, s, { name: 'query', ns: NS_ROSTER, attrs, children: items });
      }
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
      const omit = this.b.removeOmits;
      if ((entry.subscription === 'to' || entry.subscription === 'both' || entry.ask) && omit !== 'unsubscribe') this.inboundUnsubscribe(me, jid, true);
      if ((entry.subscription === 'from' || entry.subscription === 'both') && omit !== 'unsubscribed') this.inboundUnsubscribed(me, jid, true);
      return;
    }
    const groups = children(item, 'group', NS_ROSTER).map((g) => g.children.filter((c): c is string => typeof c === 'string').join(''));
    // RFC 6121 §2.3.3: duplicate groups are a <bad-request/>, an empty group is <not-acceptable/>.
    const dupOk = this.b.acceptDuplicateGroups || (this.b.acceptDuplicateGroupsOnUpdate && this.roster(me).has(jid));
    if (new Set(groups).size !== groups.length && !dupOk) return this.error(conn, original, 'bad-request', 'modify');
    if (groups.some((g) => g.length === 0) && !this.b.acceptEmptyGroup) return this.error(conn, original, 'not-acceptable', 'modify');
    if (this.b.rosterSetNoResult) return;
    const existed = this.roster(me).has(jid);
    const entry = this.roster(me).get(jid) ?? { subscription: 'none' as const, groups: [] };
    if (!this.b.rosterIgnoresUpdate || !existed) {
      // RFC 6121 §2.4.1: an update replaces the item; what the set leaves out is gone (the broken variant merges).
      const merge = this.b.rosterUpdateMerges && existed;
      if (item.attrs['name'] !== undefined) entry.name = item.attrs['name'];
      else if (!merge) delete entry.name;
      if (!merge || groups.length > 0) entry.groups = this.b.rosterForgetsGroups ? [] : groups;
    }
    // §3.1.1: a roster set does not disturb a pending outbound request (the broken variant clears it).
    if (this.b.rosterSetClearsAsk) delete entry.ask;
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
    const rawTo = s.attrs['to'] ?? '';
    const contact = bare(rawTo).toLowerCase();
    if (!contact) return;
    // RFC 6121 §8.5.3.1 / §8.5.3.2.2: a request to a full JID is processed as one to the bare JID.
    if (type === 'subscribe' && rawTo.includes('/')) {
      const target = this.boundTo(rawTo);
      if (target && this.b.subscribeToFullRaw) return void target.send({ ...s, attrs: { ...s.attrs, from: conn.boundJid as string } });
      if (!target && this.b.dropSubscribeToGoneResource) return;
    }
    const stamped: XmlElement = { ...s, attrs: { ...s.attrs, from: this.b.subscriptionFromFullJid ? (conn.boundJid as string) : user, to: contact } };
    // RFC 6121 §8.5.1: subscription presence to an account that does not exist is dropped (the broken variant bounces it).
    if (this.b.bounceSubscriptionToNonexistent && this.server.serves(domainOf(contact)) && !this.accountExists(contact)) this.error(conn, s, 'service-unavailable', 'cancel');
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
          return;
        }
        // §3.4.2: with no request pending, an approval is a pre-approval (or dropped when one exists).
        if (!this.b.noPreapproval) this.preapprove(user, contact, stamped);
        return;
      }
      this.approve(user, contact, stamped);
    } else if (type === 'unsubscribe') {
      const e = this.entry(user, contact);
      if (e && (e.subscription === 'to' || e.subscription === 'both' || e.ask)) {
        e.subscription = e.subscription === 'both' ? 'from' : e.subscription === 'to' ? 'none' : e.subscription;
        delete e.ask;
        if (!this.b.unsubscribeNoPush) this.push(user, contact);
      }
      // §3.3.3: a request still waiting for the contact is erased with it.
      if (!this.b.keepRequestAfterUnsubscribe) this.dropStored(contact, user);
      if (this.accountExists(contact)) this.inboundUnsubscribe(user, contact, false, stamped);
    } else if (type === 'unsubscribed') {
      const e = this.entry(user, contact);
      const pending = e?.pendingIn || this.pendingIn.has(`${user}|${contact}`);
      this.pendingIn.delete(`${user}|${contact}`);
      this.dropStored(user, contact);
      if (e?.approved && !pending && e.subscription !== 'from' && e.subscription !== 'both') {
        // §3.2.2: an 'unsubscribed' that only withdraws a pre-approval clears it and goes nowhere.
        if (!this.b.keepPreapprovalOnUnsubscribed) {
          delete e.approved;
          this.push(user, contact);
        }
        if (this.b.preapprovalCancelRouted && this.accountExists(contact)) this.toAvailable(contact, stamped);
        return;
      }
      if (e && (e.subscription === 'from' || e.subscription === 'both' || e.pendingIn)) {
        e.subscription = e.subscription === 'both' ? 'to' : e.subscription === 'from' ? 'none' : e.subscription;
        delete e.pendingIn;
        // §3.2.2: the contact's own roster changes too (the broken variant does not push it).
        if (!this.b.cancelNoContactPush) this.push(user, contact);
      }
      if (this.accountExists(contact)) this.inboundUnsubscribed(user, contact, false, stamped);
    }
  }

  /** `user` approves the pending request of `contact` (RFC 6121 §3.1.5). */
  private approve(user: string, contact: string, stamped: XmlElement): void {
    this.pendingIn.delete(`${user}|${contact}`);
    this.dropStored(user, contact);
    const e = this.ensure(user, contact);
    delete e.pendingIn;
    delete e.approved;
    e.subscription = e.subscription === 'to' && !this.b.noBothState ? 'both' : 'from';
    if (!this.b.approvalNoPush) this.push(user, contact);
    if (this.accountExists(contact)) {
      this.inboundSubscribed(user, contact, stamped);
      this.pep.relationChanged(user, contact);
      // §3.1.5: the contact's current presence goes to the new subscriber.
      if (!this.b.noPresenceAfterApproval) {
        for (const c of this.available(user)) {
          const p = c.presence as XmlElement;
          for (const r of this.approvalTargets(contact)) r.send({ ...p, attrs: { ...p.attrs, from: c.boundJid ?? '', to: r.boundJid ?? '' } });
        }
      }
    }
  }

  /** §3.1.6: the user's available resources that get an approval and the presence after it. */
  private approvalTargets(account: string): FakeConnection[] {
    const all = this.available(account);
    return this.b.approvalToOneResource ? all.slice(0, 1) : all;
  }

  /** RFC 6121 §3.4.2: `user` approves `contact` before any request. */
  private preapprove(user: string, contact: string, stamped: XmlElement): void {
    const e = this.entry(user, contact);
    if (e && (e.subscription === 'from' || e.subscription === 'both')) {
      // Already approved: silently dropped (the broken variant routes it anyway).
      if (this.b.subscribedWhenFromRouted && this.accountExists(contact)) this.toAvailable(contact, stamped);
      return;
    }
    const item = this.ensure(user, contact);
    item.approved = true;
    this.push(user, contact);
    // The pre-approval stays with the user's server (the broken variant routes it to the contact).
    if (this.b.preapprovalRouted && this.accountExists(contact)) this.toAvailable(contact, stamped);
  }

  /** Forgets the stored requests from `from` to `account`. */
  private dropStored(account: string, from: string): void {
    const q = this.pendingSubscribes.get(account);
    if (!q) return;
    const rest = q.filter((p) => bare(p.attrs['from'] ?? '').toLowerCase() !== bare(from).toLowerCase());
    if (rest.length) this.pendingSubscribes.set(account, rest);
    else this.pendingSubscribes.delete(account);
  }

  /** RFC 6121 §3.1.3: a subscription request arrives for `contact` from `user`. */
  private inboundSubscribe(user: string, contact: string, p: XmlElement): void {
    const e = this.entry(contact, user);
    if (e && (e.subscription === 'from' || e.subscription === 'both')) {
      // Already approved: the contact's server answers on its behalf (§3.1.3).
      if (!this.b.noAutoReply) this.autoReplySubscribed(contact, user);
      return;
    }
    // §3.4.2: a pre-approved request is approved by the server, not shown to the contact
    // (the broken variant auto-approves every request, §3.1.3 forbids it).
    if ((e?.approved && !this.b.preapprovedSubscribeDelivered) || this.b.autoApproveSubscribe) {
      if (e?.approved && this.b.preapprovedReply === 'none') return;
      this.pendingIn.add(`${contact}|${user}`);
      const from = e?.approved && this.b.preapprovedReply === 'full-jid' ? (this.available(contact)[0]?.boundJid ?? `${contact}/fake`) : contact;
      return this.approve(contact, user, { name: 'presence', ns: NS_CLIENT, attrs: { type: 'subscribed', from, to: user }, children: [] });
    }
    if (e) e.pendingIn = true;
    else if (this.b.addItemOnInboundSubscribe) this.ensure(contact, user).pendingIn = true;
    else this.pendingIn.add(`${contact}|${user}`);
    // Kept until the contact answers, and delivered on each of its initial presences (§3.1.3);
    // one request per user, however many were sent.
    const q = this.pendingSubscribes.get(contact) ?? [];
    const dup = q.some((x) => bare(x.attrs['from'] ?? '').toLowerCase() === user);
    if (!dup || this.b.deliverAllStoredRequests) q.push(p);
    if (q.length > 100) q.shift();
    this.pendingSubscribes.set(contact, q);
    if (this.available(contact).length === 0) return;
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
    // §3.1.6: the approval reaches the user's resources before the push it causes.
    if (this.b.pushBeforeApproval) this.push(user, contact);
    const stanza = p.attrs['from'] !== undefined ? p : { ...p, attrs: { ...p.attrs, from: contact } };
    for (const c of this.approvalTargets(user)) c.send({ ...stanza, attrs: { ...stanza.attrs, to: c.boundJid ?? '' } });
    if (!this.b.pushBeforeApproval && !this.b.approvalInboundNoPush) this.push(user, contact);
  }

  /** RFC 6121 §3.3.3: `user` no longer wants `contact`'s presence (from the contact's side). */
  private inboundUnsubscribe(user: string, contact: string, viaRemove: boolean, p?: XmlElement): void {
    const e = this.entry(contact, user);
    const had = !!e && (e.subscription === 'from' || e.subscription === 'both' || !!e.pendingIn);
    const process = had || (this.b.unexpectedUnsubscribeProcessed && !!e);
    if (e && process) {
      e.subscription = e.subscription === 'both' ? 'to' : e.subscription === 'from' ? 'none' : e.subscription;
      delete e.pendingIn;
    }
    this.pendingIn.delete(`${contact}|${user}`);
    const pushed = e !== undefined && process;
    // §3.3.3: the unsubscribe reaches the contact's resources before the push it causes.
    if (pushed && this.b.pushBeforeUnsubscribe) this.push(contact, user);
    if ((process || viaRemove) && !this.b.dropInboundUnsubscribe) {
      this.toAvailable(contact, p ?? { name: 'presence', ns: NS_CLIENT, attrs: { type: 'unsubscribe', from: user }, children: [] });
      if (!this.b.noUnavailableOnUnsubscribe) {
        for (const c of this.available(contact)) this.deliverPresenceTo(user, { name: 'presence', ns: NS_CLIENT, attrs: { type: 'unavailable' }, children: [] }, c.boundJid as string);
      }
    }
    if (pushed && !this.b.pushBeforeUnsubscribe) this.push(contact, user);
  }

  /** RFC 6121 §3.2.3: `contact` cancelled `user`'s subscription (seen from the user's side). */
  private inboundUnsubscribed(contact: string, user: string, viaRemove: boolean, p?: XmlElement): void {
    const e = this.entry(user, contact);
    const had = !!e && (e.subscription === 'to' || e.subscription === 'both' || !!e.ask);
    // §3.2.3: an unexpected 'unsubscribed' is dropped (the broken variant acts on it anyway).
    const process = had || (this.b.unexpectedUnsubscribedProcessed && !!e);
    if (e && process) {
      e.subscription = e.subscription === 'both' ? 'from' : e.subscription === 'to' ? 'none' : e.subscription;
      delete e.ask;
    }
    const pushed = e !== undefined && process;
    if (!process && !viaRemove && this.b.unavailableOnUnexpectedUnsubscribed) {
      for (const c of this.available(contact)) this.deliverPresenceTo(user, { name: 'presence', ns: NS_CLIENT, attrs: { type: 'unavailable' }, children: [] }, c.boundJid as string);
    }
    if (pushed && this.b.pushBeforeUnsubscribed) this.push(user, contact);
    if (process || viaRemove) {
      // RFC 6121 §3.2.2: unavailable presence from the contact's resources first, then 'unsubscribed'.
      if (!this.b.noUnavailableOnCancel) {
        for (const c of this.available(contact)) {
          // §4.6.1: the cancellation sends unavailable even to an entity that had directed presence (the broken variant forgets it).
          if (this.b.noUnavailableOnCancelIfDirected && [...c.directedTo].some((d) => bare(d).toLowerCase() === user)) continue;
          this.deliverPresenceTo(user, { name: 'presence', ns: NS_CLIENT, attrs: { type: 'unavailable' }, children: [] }, c.boundJid as string);
        }
      }
      this.toAvailable(user, p ?? { name: 'presence', ns: NS_CLIENT, attrs: { type: 'unsubscribed', from: contact }, children: [] });
    }
    // §3.2.3: the 'unsubscribed' reaches the user's resources before the push it causes.
    if (pushed && !this.b.pushBeforeUnsubscribed && !this.b.noPushOnInboundCancel) this.push(user, contact);
  }

  // ── presence (RFC 6121 §4) ──

  /** Sessions that sent unavailable presence (§4.5.2), and those that were ever available. */
  private readonly wentUnavailable = new WeakSet<FakeConnection>();
  private readonly everAvailable = new WeakSet<FakeConnection>();

  private deliverPresenceTo(account: string, p: XmlElement, from: string, kind?: 'update' | 'unavailable'): void {
    // §4.2.3 / §4.4.3 / §4.5.3: to every available resource of the contact (the broken variants: one).
    const all = this.available(account);
    const one = this.b.presenceToOneContactResource || (kind !== undefined && this.b.presenceToOneContactResourceOn === kind);
    for (const c of one ? all.slice(0, 1) : all) c.send({ ...p, attrs: { ...p.attrs, from, to: c.boundJid ?? '' } });
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
    if (type === 'probe') return this.probe(conn, s);
    const to = s.attrs['to'];
    if (to !== undefined) {
      // §4.6.3: directed presence outside a presence session is delivered like any other (the broken variant drops it).
      if (this.b.dropDirectedWhenUnavailable && conn.presence === undefined) return;
      if (this.b.dropDirectedToSubscriber && this.subscribers(user).includes(bare(to).toLowerCase())) return;
      // Directed presence (§4.6.3): delivered, and remembered so unavailable follows it.
      if (this.accountExists(to)) {
        if (to.includes('/')) {
          const target = this.boundTo(to);
          const fault = this.b.directedPresenceFault;
          if (target && fault !== 'dropped') target.send(fault === 'stripped' ? { ...s, children: [] } : s);
          else if (this.b.presenceToGoneBounced) this.error(conn, s, 'service-unavailable', 'cancel');
        } else {
          // §8.5.2.1.2: to every available resource, with the bare JID left in 'to'.
          const all = this.available(to);
          for (const c of this.b.presenceBareToOne ? all.slice(0, 1) : all) c.send(this.b.presenceBareRewritten ? { ...s, attrs: { ...s.attrs, to: c.boundJid ?? '' } } : s);
        }
        // §4.6.1: directed unavailable takes the entity off the list (the broken variant keeps it).
        if (type === 'unavailable') {
          if (!this.b.keepDirectedAfterUnavailable) conn.directedTo.delete(to);
        } else {
          conn.directedTo.add(to);
          this.pep.presence(conn, s, true);
        }
      } else if (this.b.bouncePresenceToNonexistent) {
        this.error(conn, s, 'service-unavailable', 'cancel');
      }
      return;
    }
    const broadcast = this.b.stripPresenceChildren ? { ...s, children: [] } : s;
    if (type === 'unavailable') {
      conn.presence = undefined;
      this.pep.gone(conn);
      this.wentUnavailable.add(conn);
      if (!this.b.noUnavailableBroadcast) for (const contact of this.subscribers(user)) this.deliverPresenceTo(contact, broadcast, me, 'unavailable');
      if (!this.b.noDirectedUnavailable) for (const d of conn.directedTo) this.sendPresenceTo(d, broadcast, me);
      conn.directedTo.clear();
      // §4.5.2: also to the user's other available resources and to the one that sent it.
      if (!this.b.unavailableNotToOwn) for (const c of [...this.available(user), conn]) c.send({ ...s, attrs: { ...s.attrs, to: c.boundJid ?? '' } });
      return;
    }
    if (type !== undefined && type !== 'error') return;
    if (type === undefined && this.b.noTypeNotAvailable) return;
    // §4.5.2: available presence after unavailable starts a new presence session (the broken variant ignores it).
    if (this.b.ignoreAvailableAfterUnavailable && this.wentUnavailable.has(conn)) return;
    const initial = conn.presence === undefined;
    conn.presence = s;
    this.everAvailable.add(conn);
    const pr = child(s, 'priority');
    // §4.7.2.3: no <priority/> means priority 0 (the broken variant takes it as negative).
    conn.priority = pr ? Number(pr.children.join('')) || 0 : this.b.noPriorityIsNegative ? -1 : 0;
    // §4.2.2 / §4.4.2: to subscribers, and to the user's own available resources (this one included).
    let audience = this.b.broadcastToAll ? [...this.rosters.keys(), ...Object.keys(this.server.accounts).map((a) => `${a}@${this.server.domain}`)].filter((a, k, all) => a !== user && all.indexOf(a) === k) : this.subscribers(user);
    const directedBare = [...conn.directedTo].map((d) => bare(d).toLowerCase());
    if (this.b.directedSubscriberSkipped) audience = audience.filter((a) => !directedBare.includes(a));
    // The broken variant overrides the priority towards contacts but echoes the client's own value (§4.7.2.3).
    const toContacts = this.b.priorityOverrideHidden ? { ...broadcast, children: [...broadcast.children.filter((c) => typeof c !== 'object' || c.name !== 'priority'), elem('priority', {}, '0')] } : broadcast;
    const withCaps = this.disco.broadcastToContacts(toContacts, initial);
    if (!this.b.noBroadcastToSubscribers) for (const contact of audience) this.deliverPresenceTo(contact, withCaps, me, initial ? undefined : 'update');
    // §4.6.3: later broadcasts do not go to entities that only got directed presence (the broken variant sends them).
    if (this.b.broadcastToDirected) for (const d of conn.directedTo) if (!audience.includes(bare(d).toLowerCase())) this.sendPresenceTo(d, broadcast, me);
    if (!this.b.noOwnPresenceBroadcast) for (const c of this.available(user)) c.send({ ...s, attrs: { ...s.attrs, to: c.boundJid ?? '' } });
    this.pep.presence(conn, s, initial);
    if (initial) {
      // §4.2.2: probe contacts the user is subscribed to, i.e. send their current presence.
      if (!this.b.noProbeOnLogin) {
        for (const [contact, e] of this.roster(user)) {
          if (e.subscription !== 'to' && e.subscription !== 'both') continue;
          for (const c of this.available(contact)) {
            const p = this.probeAnswer(c.presence as XmlElement);
            conn.send({ ...p, attrs: { ...p.attrs, from: this.b.loginPresenceFromBare ? contact : c.boundJid ?? '', to: me } });
          }
        }
      }
      // §3.1.3: stored requests are delivered on every initial presence until answered.
      if (!this.b.dropOfflineSubscribe) for (const p of this.pendingSubscribes.get(user) ?? []) conn.send(p);
      if (this.b.noRedelivery || this.b.dropOfflineSubscribe) this.pendingSubscribes.delete(user);
      for (const m of this.offline.get(user) ?? []) conn.send(m);
      this.offline.delete(user);
    }
  }

  /** RFC 6121 §4.3.2 / §4.6.6: a probe from a client is answered by the server for the contact. */
  private probe(conn: FakeConnection, s: XmlElement): void {
    const to = s.attrs['to'];
    const me = conn.boundJid as string;
    if (to === undefined) return;
    const prober = bare(me).toLowerCase();
    const contact = bare(to).toLowerCase();
    // §8.5.1: a probe to an account that does not exist is ignored.
    if (!this.accountExists(to) || contact === prober) {
      if (this.b.bounceSubscriptionToNonexistent && contact !== prober) this.error(conn, s, 'service-unavailable', 'cancel');
      return;
    }
    // §4.3: the server handles a client's probe (the broken variant ignores it).
    if (this.b.clientProbeIgnored) return;
    // §4.3: a probe from a client is not an error (the broken variant bounces it).
    if (this.b.probeError) return this.error(conn, s, 'bad-request', 'modify');
    // §8.5.2.1.2: the server answers; the probe never reaches the contact (the broken variants pass it
    // on instead of answering, or as well).
    if (this.b.probeDelivered) return void this.sendPresenceTo(to, s, me);
    if (this.b.probeCopied) this.sendPresenceTo(to, s, me);
    const full = to.includes('/') ? to : undefined;
    const resources = this.available(contact).filter((c) => full === undefined || this.b.probeAllResources || c.boundJid === full);
    const reply = (c: FakeConnection): void => {
      const p = this.probeAnswer(c.presence as XmlElement);
      conn.send({ ...p, attrs: { ...p.attrs, from: c.boundJid ?? '', to: me } });
    };
    const e = this.entry(contact, prober);
    if (e && (e.subscription === 'from' || e.subscription === 'both')) {
      if (resources.length === 0) {
        if (this.b.probeOfflineError) return this.error(conn, s, 'service-unavailable', 'cancel');
        return conn.send(elem('presence', { from: full ?? contact, to: me, type: 'unavailable' }));
      }
      if (full !== undefined && this.b.fullJidProbeUnanswered) return;
      for (const c of resources) reply(c);
      return;
    }
    // §4.6.6: no subscription, but a resource sent the prober directed presence: that resource answers.
    if (!this.b.probeIgnoresDirected) {
      const directed = resources.filter((c) => [...c.directedTo].some((d) => d.toLowerCase() === me.toLowerCase() || d.toLowerCase() === prober));
      if (directed.length > 0) return directed.forEach(reply);
    }
    // §4.3.2: otherwise 'unsubscribed' from the bare JID (no resource revealed); a pre-approval survives it.
    if (this.b.probeCancelsPreapproval && e?.approved) delete e.approved;
    const from = this.b.probeUnsubscribedFullJid ? (this.available(contact)[0]?.boundJid ?? `${contact}/fake`) : contact;
    // §4.3.2: the broken variant leaves a probe from a non-subscriber unanswered.
    if (this.b.probeUnauthorizedSilent) return;
    conn.send(elem('presence', { from, to: prober, type: 'unsubscribed' }));
  }

  /** §4.3.2: a probe is answered with the resource's full last presence (the broken variant: without its children). */
  private probeAnswer(p: XmlElement): XmlElement {
    return this.b.probeAnswerStripped ? { ...p, children: [] } : p;
  }

  /** Presence to a full JID (that resource) or a bare JID (its available resources). */
  private sendPresenceTo(to: string, p: XmlElement, from: string): void {
    if (to.includes('/')) this.boundTo(to)?.send({ ...p, attrs: { ...p.attrs, from, to } });
    else this.deliverPresenceTo(to, p, from);
  }

  /** Called when a session ends without unavailable presence: the server broadcasts it (§4.5.2). */
  disconnected(conn: FakeConnection): void {
    this.pep.gone(conn);
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
    if (s.attrs['to'] === undefined && this.b.bounceMessageWithoutTo) return this.error(conn, original, 'service-unavailable', 'cancel');
    const to = s.attrs['to'] ?? bare(me);
    // with an s2s side that can find the domain (the lab DNS zone), it goes out over s2s
    if (this.server.routeComponent(s, me)) return;
    if (!this.server.serves(domainOf(to)) && this.server.routeRemote(s)) return;
    if (!this.server.serves(domainOf(to))) return this.error(conn, original, this.b.remoteCondition, 'cancel');
    if (!localOf(bare(to))) return; // to the server itself: nothing to do for a plain message
    if (!this.accountExists(to)) {
      if (type === 'error' && !this.b.errorForError) return;
      return this.error(conn, original, this.b.nonexistentUserCondition, 'cancel');
    }
    if (to.includes('/') && this.boundTo(to) !== undefined) {
      // RFC 6121 §5.2.2: a headline to a connected full JID is delivered (the broken variant drops it).
      if (type === 'headline' && this.b.headlineFullDropped) return;
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
    const account = bare(to).toLowerCase();
    const store = (): void => {
      const q = this.offline.get(account) ?? [];
      if (q.length < 100) q.push(s);
      this.offline.set(account, q);
    };
    // The broken variant still counts resources that sent unavailable presence (§4.7.1).
    const pool = this.b.unavailableStillReceives ? this.resources(account).filter((c) => c.presence !== undefined || this.everAvailable.has(c)) : this.available(account);
    const nonNegative = pool.filter((c) => (c.priority ?? 0) >= 0);
    // The broken variant rewrites the bare 'to' into the chosen full JID (§8.5.2.1.1 forbids it).
    const deliver = (c: FakeConnection): void => c.send(this.b.rewriteBareToFull ? { ...s, attrs: { ...s.attrs, to: c.boundJid ?? '' } } : s);
    // RFC 6121 §8.5.3.2.1: to a full JID that matches no resource, only chat falls back to the bare JID;
    // normal, groupchat and headline are dropped or bounced (here: groupchat bounced), error dropped.
    if (to.includes('/') && type !== 'chat') {
      if (type === 'error' && this.b.errorToGoneDelivered) return void nonNegative.forEach(deliver);
      if (type === 'groupchat' && !this.b.nonChatToGoneDelivered) return this.error(conn, original, 'service-unavailable', 'cancel');
      if (type === 'error' || !(this.b.nonChatToGoneDelivered || (type === 'headline' && this.b.headlineToGoneDelivered))) return;
    }
    if (type === 'error' && !this.b.errorMessageDelivered) return;
    if (type === 'groupchat' && !this.b.groupchatDelivered) {
      // §8.5.2.2.1: bounced for an offline user too (the broken variant stores it).
      if (nonNegative.length === 0 && this.b.groupchatOfflineStored) return store();
      return this.error(conn, original, 'service-unavailable', 'cancel');
    }
    if (type === 'headline') {
      if (this.b.headlineToBareDropped) return;
      // §8.5.2.1.1: never to negative-priority resources; §8.5.2.2.1: never stored (broken variants do both).
      const targets = this.b.headlineToNegative ? pool : nonNegative;
      if (targets.length === 0 && this.b.headlineStoredOffline) return store();
      for (const c of this.b.headlineToOne ? targets.slice(0, 1) : targets) deliver(c);
      return;
    }
    if (type === 'normal' && this.b.dropNormalToBare && nonNegative.length > 0) return;
    if (nonNegative.length === 0) {
      if (this.b.offlineDropped) return;
      if (this.b.noOfflineStorage) return this.error(conn, original, 'service-unavailable', 'cancel');
      return store();
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
