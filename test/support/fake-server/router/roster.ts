// The roster on the fake server (RFC 6121 §2): get and set, roster pushes, and versioning (§2.6).
// Faithful by default; Behaviour knobs (behaviour/*.ts) break one rule each.
import { child, children, type XmlElement } from '../../../../harness/xml/element.js';
import { NS_ROSTER } from '../../../../harness/xml/ns.js';
import type { FakeConnection } from '../fake-connection.js';
import { elem, type FakeRouter, type RosterEntry } from '../fake-router.js';
import { bare, validJid } from './jid.js';

export class RosterService {
  constructor(private readonly r: FakeRouter) {}

  private get b() {
    return this.r.b;
  }

  itemXml(jid: string, e: RosterEntry | undefined, removed = false): XmlElement {
    const attrs: Record<string, string> = { jid, subscription: removed ? 'remove' : (e?.subscription ?? 'none') };
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
  push(account: string, jid: string, removed = false): void {
    if (this.b.noRosterPush) return;
    const v = this.versionOf(account);
    v.ver += 1;
    v.log.push({ ver: v.ver, jid });
    if (v.log.length > 500) v.log.shift();
    const e = this.r.roster(account).get(jid);
    const targets = this.r.resources(account).filter((c) => c.interested);
    const list = this.b.pushOnlyToRequester ? targets.slice(0, 1) : targets;
    for (const c of list) this.sendPush(c, jid, e, removed, v.ver);
  }

  private sendPush(c: FakeConnection, jid: string, e: RosterEntry | undefined, removed: boolean, ver: number): void {
    const attrs: Record<string, string> = { type: 'set', id: `push-${Math.random().toString(36).slice(2, 10)}`, to: c.boundJid ?? '' };
    if (this.b.pushFromDomain) attrs['from'] = this.r.server.domain;
    const item = this.itemXml(jid, e, removed);
    if (this.b.noAskInPush) delete (item.attrs as Record<string, string>)['ask'];
    // §2.6.3: with versioning in use, each push carries the roster version it creates.
    const qattrs: Record<string, string> = this.versioned.has(c) && !this.b.pushWithoutVer ? { ver: this.b.pushVerRepeated ? '1' : String(ver) } : {};
    const stanza = elem('iq', attrs, { name: 'query', ns: NS_ROSTER, attrs: qattrs, children: this.b.pushTwoItems ? [item, item] : [item] });
    // The broken variant holds back every other push, so they overtake each other (§2.6.3 wants them in order).
    if (this.b.pushesReordered && this.pushCount++ % 2 === 0) setTimeout(() => c.send(stanza), 30);
    else c.send(stanza);
  }

  rosterIq(conn: FakeConnection, s: XmlElement, original: XmlElement): void {
    const me = bare(conn.boundJid as string).toLowerCase();
    const query = child(s, 'query', NS_ROSTER) as XmlElement;
    if (s.attrs['type'] === 'get') {
      conn.interested = true;
      const items = [...this.r.roster(me).entries()].map(([jid, e]) => this.itemXml(jid, e));
      if (this.b.rosterResultNoQuery) return this.r.result(conn, s);
      // RFC 6121 §2.1.4: an empty roster is an empty <query/>, not an error.
      if (items.length === 0 && this.b.emptyRosterError) return this.r.error(conn, original, 'item-not-found', 'cancel');
      const asked = this.r.disco.rosterVerIgnored ? undefined : query.attrs['ver'];
      if (asked !== undefined) {
        // §2.6.3: a known older version gets an empty result and one push per item changed since.
        this.versioned.add(conn);
        const v = this.versionOf(me);
        const n = /^\d+$/.test(asked) ? Number(asked) : NaN;
        const known = n <= v.ver && (n === v.ver || (v.log[0]?.ver ?? Infinity) <= n + 1);
        if (known) {
          this.r.result(conn, s);
          if (this.b.interimNoPush) return;
          const changed = new Map<string, number>();
          for (const entry of v.log) if (entry.ver > n) changed.set(entry.jid, entry.ver);
          for (const [jid, ver] of changed) this.sendPush(conn, jid, this.r.roster(me).get(jid), !this.r.roster(me).has(jid), ver);
          return;
        }
        // The broken variant answers with a version that never changes.
        const attrs: Record<string, string> = { ver: this.b.verResultStale ? '0' : String(v.ver) };
        return this.r.result(conn, s, { name: 'query', ns: NS_ROSTER, attrs, children: items });
      }
      return this.r.result(
        conn,
        s,
        { name: 'query', ns: NS_ROSTER, attrs: {}, children: items },
        this.b.rosterResultFromDomain ? this.r.server.domain : undefined,
      );
    }
    const items = children(query, 'item', NS_ROSTER);
    // RFC 6121 §2.3.3: a roster set carries exactly one item.
    if (items.length !== 1 && !this.b.acceptMultiItemRosterSet) return this.r.error(conn, original, 'bad-request', 'modify');
    const item = items[0] as XmlElement;
    const jid = (item.attrs['jid'] ?? '').toLowerCase();
    if (!this.b.acceptInvalidRosterJid && !validJid(item.attrs['jid'] ?? '')) return this.r.error(conn, original, 'jid-malformed', 'modify');
    const sub = item.attrs['subscription'];
    if (sub === 'remove') {
      const entry = this.r.roster(me).get(jid);
      if (!entry) return this.b.removeMissingOk ? this.r.result(conn, s) : this.r.error(conn, original, 'item-not-found', 'cancel');
      this.r.result(conn, s);
      if (!this.b.removeKeepsItem) this.r.roster(me).delete(jid);
      this.push(me, jid, !this.b.removePushNotRemove);
      if (this.b.removeNoCancel) return;
      // RFC 6121 §2.5.2: removing a contact also cancels the subscriptions both ways.
      const omit = this.b.removeOmits;
      if ((entry.subscription === 'to' || entry.subscription === 'both' || entry.ask) && omit !== 'unsubscribe')
        this.r.subscriptions.inboundUnsubscribe(me, jid, true);
      if ((entry.subscription === 'from' || entry.subscription === 'both') && omit !== 'unsubscribed') this.r.subscriptions.inboundUnsubscribed(me, jid, true);
      return;
    }
    const groups = children(item, 'group', NS_ROSTER).map((g) => g.children.filter((c): c is string => typeof c === 'string').join(''));
    // RFC 6121 §2.3.3: duplicate groups are a <bad-request/>, an empty group is <not-acceptable/>.
    const dupOk = this.b.acceptDuplicateGroups || (this.b.acceptDuplicateGroupsOnUpdate && this.r.roster(me).has(jid));
    if (new Set(groups).size !== groups.length && !dupOk) return this.r.error(conn, original, 'bad-request', 'modify');
    if (groups.some((g) => g.length === 0) && !this.b.acceptEmptyGroup) return this.r.error(conn, original, 'not-acceptable', 'modify');
    if (this.b.rosterSetNoResult) return;
    const existed = this.r.roster(me).has(jid);
    const entry = this.r.roster(me).get(jid) ?? { subscription: 'none' as const, groups: [] };
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
    this.r.roster(me).set(jid, entry);
    this.r.result(conn, s);
    this.push(me, jid);
  }
}
