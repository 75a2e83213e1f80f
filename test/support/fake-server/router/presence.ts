// Presence on the fake server (RFC 6121 §4): broadcast, directed presence, probes, and the
// unavailable presence broadcast when a session ends.
// Faithful by default; Behaviour knobs (behaviour/*.ts) break one rule each.
import { child, type XmlElement } from '../../../../harness/xml/element.js';
import { NS_CLIENT } from '../../../../harness/xml/ns.js';
import type { FakeConnection } from '../fake-connection.js';
import { elem, type FakeRouter } from '../fake-router.js';
import { bare } from './jid.js';

export class PresenceRouting {
  constructor(private readonly r: FakeRouter) {}

  private get b() {
    return this.r.b;
  }

  /** Sessions that sent unavailable presence (§4.5.2), and those that were ever available. */
  private readonly wentUnavailable = new WeakSet<FakeConnection>();

  readonly everAvailable = new WeakSet<FakeConnection>();

  deliverPresenceTo(account: string, p: XmlElement, from: string, kind?: 'update' | 'unavailable'): void {
    // §4.2.3 / §4.4.3 / §4.5.3: to every available resource of the contact (the broken variants: one).
    const all = this.r.available(account);
    const one = this.b.presenceToOneContactResource || (kind !== undefined && this.b.presenceToOneContactResourceOn === kind);
    for (const c of one ? all.slice(0, 1) : all) c.send({ ...p, attrs: { ...p.attrs, from, to: c.boundJid ?? '' } });
  }

  /** Who receives `user`'s broadcasts: contacts with 'from' or 'both' (§4.2.2). */
  private subscribers(user: string): string[] {
    return [...this.r.roster(user).entries()].filter(([, e]) => e.subscription === 'from' || e.subscription === 'both').map(([j]) => j);
  }

  presence(conn: FakeConnection, s: XmlElement): void {
    const type = s.attrs['type'];
    const me = conn.boundJid as string;
    const user = bare(me).toLowerCase();
    if (type === 'subscribe' || type === 'subscribed' || type === 'unsubscribe' || type === 'unsubscribed')
      return this.r.subscriptions.subscriptionPresence(conn, s, type);
    if (type === 'probe') return this.probe(conn, s);
    const to = s.attrs['to'];
    if (to !== undefined) {
      // §4.6.3: directed presence outside a presence session is delivered like any other (the broken variant drops it).
      if (this.b.dropDirectedWhenUnavailable && conn.presence === undefined) return;
      if (this.b.dropDirectedToSubscriber && this.subscribers(user).includes(bare(to).toLowerCase())) return;
      // Directed presence (§4.6.3): delivered, and remembered so unavailable follows it.
      if (this.r.accountExists(to)) {
        if (to.includes('/')) {
          const target = this.r.boundTo(to);
          const fault = this.b.directedPresenceFault;
          if (target && fault !== 'dropped') target.send(fault === 'stripped' ? { ...s, children: [] } : s);
          else if (this.b.presenceToGoneBounced) this.r.error(conn, s, 'service-unavailable', 'cancel');
        } else {
          // §8.5.2.1.2: to every available resource, with the bare JID left in 'to'.
          const all = this.r.available(to);
          for (const c of this.b.presenceBareToOne ? all.slice(0, 1) : all)
            c.send(this.b.presenceBareRewritten ? { ...s, attrs: { ...s.attrs, to: c.boundJid ?? '' } } : s);
        }
        // §4.6.1: directed unavailable takes the entity off the list (the broken variant keeps it).
        if (type === 'unavailable') {
          if (!this.b.keepDirectedAfterUnavailable) conn.directedTo.delete(to);
        } else {
          conn.directedTo.add(to);
          this.r.pep.presence(conn, s, true);
        }
      } else if (this.b.bouncePresenceToNonexistent) {
        this.r.error(conn, s, 'service-unavailable', 'cancel');
      }
      return;
    }
    const broadcast = this.b.stripPresenceChildren ? { ...s, children: [] } : s;
    if (type === 'unavailable') {
      conn.presence = undefined;
      this.r.pep.gone(conn);
      this.wentUnavailable.add(conn);
      if (!this.b.noUnavailableBroadcast) for (const contact of this.subscribers(user)) this.deliverPresenceTo(contact, broadcast, me, 'unavailable');
      if (!this.b.noDirectedUnavailable) for (const d of conn.directedTo) this.sendPresenceTo(d, broadcast, me);
      conn.directedTo.clear();
      // §4.5.2: also to the user's other available resources and to the one that sent it.
      if (!this.b.unavailableNotToOwn) for (const c of [...this.r.available(user), conn]) c.send({ ...s, attrs: { ...s.attrs, to: c.boundJid ?? '' } });
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
    let audience = this.b.broadcastToAll
      ? [...this.r.rosters.keys(), ...Object.keys(this.r.server.accounts).map((a) => `${a}@${this.r.server.domain}`)].filter(
          (a, k, all) => a !== user && all.indexOf(a) === k,
        )
      : this.subscribers(user);
    const directedBare = [...conn.directedTo].map((d) => bare(d).toLowerCase());
    if (this.b.directedSubscriberSkipped) audience = audience.filter((a) => !directedBare.includes(a));
    // The broken variant overrides the priority towards contacts but echoes the client's own value (§4.7.2.3).
    const toContacts = this.b.priorityOverrideHidden
      ? { ...broadcast, children: [...broadcast.children.filter((c) => typeof c !== 'object' || c.name !== 'priority'), elem('priority', {}, '0')] }
      : broadcast;
    const withCaps = this.r.disco.broadcastToContacts(toContacts, initial);
    if (!this.b.noBroadcastToSubscribers) for (const contact of audience) this.deliverPresenceTo(contact, withCaps, me, initial ? undefined : 'update');
    // §4.6.3: later broadcasts do not go to entities that only got directed presence (the broken variant sends them).
    if (this.b.broadcastToDirected) for (const d of conn.directedTo) if (!audience.includes(bare(d).toLowerCase())) this.sendPresenceTo(d, broadcast, me);
    if (!this.b.noOwnPresenceBroadcast) for (const c of this.r.available(user)) c.send({ ...s, attrs: { ...s.attrs, to: c.boundJid ?? '' } });
    this.r.pep.presence(conn, s, initial);
    if (initial) {
      // §4.2.2: probe contacts the user is subscribed to, i.e. send their current presence.
      if (!this.b.noProbeOnLogin) {
        for (const [contact, e] of this.r.roster(user)) {
          if (e.subscription !== 'to' && e.subscription !== 'both') continue;
          for (const c of this.r.available(contact)) {
            const p = this.probeAnswer(c.presence as XmlElement);
            conn.send({ ...p, attrs: { ...p.attrs, from: this.b.loginPresenceFromBare ? contact : (c.boundJid ?? ''), to: me } });
          }
        }
      }
      // §3.1.3: stored requests are delivered on every initial presence until answered.
      if (!this.b.dropOfflineSubscribe) for (const p of this.r.pendingSubscribes.get(user) ?? []) conn.send(p);
      if (this.b.noRedelivery || this.b.dropOfflineSubscribe) this.r.pendingSubscribes.delete(user);
      for (const m of this.r.offline.get(user) ?? []) conn.send(m);
      this.r.offline.delete(user);
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
    if (!this.r.accountExists(to) || contact === prober) {
      if (this.b.bounceSubscriptionToNonexistent && contact !== prober) this.r.error(conn, s, 'service-unavailable', 'cancel');
      return;
    }
    // §4.3: the server handles a client's probe (the broken variant ignores it).
    if (this.b.clientProbeIgnored) return;
    // §4.3: a probe from a client is not an error (the broken variant bounces it).
    if (this.b.probeError) return this.r.error(conn, s, 'bad-request', 'modify');
    // §8.5.2.1.2: the server answers; the probe never reaches the contact (the broken variants pass it
    // on instead of answering, or as well).
    if (this.b.probeDelivered) return void this.sendPresenceTo(to, s, me);
    if (this.b.probeCopied) this.sendPresenceTo(to, s, me);
    const full = to.includes('/') ? to : undefined;
    const resources = this.r.available(contact).filter((c) => full === undefined || this.b.probeAllResources || c.boundJid === full);
    const reply = (c: FakeConnection): void => {
      const p = this.probeAnswer(c.presence as XmlElement);
      conn.send({ ...p, attrs: { ...p.attrs, from: c.boundJid ?? '', to: me } });
    };
    const e = this.r.entry(contact, prober);
    if (e && (e.subscription === 'from' || e.subscription === 'both')) {
      if (resources.length === 0) {
        if (this.b.probeOfflineError) return this.r.error(conn, s, 'service-unavailable', 'cancel');
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
    const from = this.b.probeUnsubscribedFullJid ? (this.r.available(contact)[0]?.boundJid ?? `${contact}/fake`) : contact;
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
    if (to.includes('/')) this.r.boundTo(to)?.send({ ...p, attrs: { ...p.attrs, from, to } });
    else this.deliverPresenceTo(to, p, from);
  }

  /** Called when a session ends without unavailable presence: the server broadcasts it (§4.5.2). */
  disconnected(conn: FakeConnection): void {
    this.r.pep.gone(conn);
    if (!conn.boundJid || conn.presence === undefined) return;
    conn.presence = undefined;
    if (this.b.noUnavailableOnDisconnect) return;
    const me = conn.boundJid;
    const p: XmlElement = { name: 'presence', ns: NS_CLIENT, attrs: { type: 'unavailable' }, children: [] };
    for (const contact of this.subscribers(bare(me).toLowerCase())) this.deliverPresenceTo(contact, p, me);
    for (const d of conn.directedTo) this.sendPresenceTo(d, p, me);
  }
}
