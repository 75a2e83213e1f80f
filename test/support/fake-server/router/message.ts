// Message delivery on the fake server (RFC 6121 §5, §8.5; RFC 6120 §10): to full and bare JIDs,
// by priority and type, and offline storage.
// Faithful by default; Behaviour knobs (behaviour/*.ts) break one rule each.
import type { XmlElement } from '../../../../harness/xml/element.js';
import type { FakeConnection } from '../fake-connection.js';
import type { FakeRouter } from '../fake-router.js';
import { bare, localOf, domainOf } from './jid.js';

export class MessageDelivery {
  constructor(private readonly r: FakeRouter) {}

  private get b() {
    return this.r.b;
  }

  private reorderCount = 0;

  message(conn: FakeConnection, s: XmlElement, original: XmlElement): void {
    const type = s.attrs['type'] ?? 'normal';
    const me = conn.boundJid as string;
    // RFC 6120 §10.3.1: no 'to' means the sender's own bare JID.
    if (s.attrs['to'] === undefined && this.b.dropMessageWithoutTo) return;
    if (s.attrs['to'] === undefined && this.b.bounceMessageWithoutTo) return this.r.error(conn, original, 'service-unavailable', 'cancel');
    const to = s.attrs['to'] ?? bare(me);
    // with an s2s side that can find the domain (the lab DNS zone), it goes out over s2s
    if (this.r.server.routeComponent(s, me)) return;
    if (!this.r.server.serves(domainOf(to)) && this.r.server.routeRemote(s)) return;
    if (!this.r.server.serves(domainOf(to))) return this.r.error(conn, original, this.b.remoteCondition, 'cancel');
    if (!localOf(bare(to))) return; // to the server itself: nothing to do for a plain message
    if (!this.r.accountExists(to)) {
      if (type === 'error' && !this.b.errorForError) return;
      return this.r.error(conn, original, this.b.nonexistentUserCondition, 'cancel');
    }
    if (to.includes('/') && this.r.boundTo(to) !== undefined) {
      // RFC 6121 §5.2.2: a headline to a connected full JID is delivered (the broken variant drops it).
      if (type === 'headline' && this.b.headlineFullDropped) return;
      if (this.b.fullJidToAllResources) {
        for (const c of this.r.resources(to)) c.send(s);
        return;
      }
      const target = this.r.boundTo(to) as FakeConnection;
      // The broken variant holds back every other message a little, so they overtake each other.
      if (this.b.reorderMessages && this.reorderCount++ % 2 === 0) setTimeout(() => target.send(s), 30);
      else target.send(s);
      return;
    }
    if (to.includes('/') && this.b.dropToGoneFullJid) return;
    const account = bare(to).toLowerCase();
    const store = (): void => {
      const q = this.r.offline.get(account) ?? [];
      if (q.length < 100) q.push(s);
      this.r.offline.set(account, q);
    };
    // The broken variant still counts resources that sent unavailable presence (§4.7.1).
    const pool = this.b.unavailableStillReceives
      ? this.r.resources(account).filter((c) => c.presence !== undefined || this.r.presenceRouting.everAvailable.has(c))
      : this.r.available(account);
    const nonNegative = pool.filter((c) => (c.priority ?? 0) >= 0);
    // The broken variant rewrites the bare 'to' into the chosen full JID (§8.5.2.1.1 forbids it).
    const deliver = (c: FakeConnection): void => c.send(this.b.rewriteBareToFull ? { ...s, attrs: { ...s.attrs, to: c.boundJid ?? '' } } : s);
    // RFC 6121 §8.5.3.2.1: to a full JID that matches no resource, only chat falls back to the bare JID;
    // normal, groupchat and headline are dropped or bounced (here: groupchat bounced), error dropped.
    if (to.includes('/') && type !== 'chat') {
      if (type === 'error' && this.b.errorToGoneDelivered) return void nonNegative.forEach(deliver);
      if (type === 'groupchat' && !this.b.nonChatToGoneDelivered) return this.r.error(conn, original, 'service-unavailable', 'cancel');
      if (type === 'error' || !(this.b.nonChatToGoneDelivered || (type === 'headline' && this.b.headlineToGoneDelivered))) return;
    }
    if (type === 'error' && !this.b.errorMessageDelivered) return;
    if (type === 'groupchat' && !this.b.groupchatDelivered) {
      // §8.5.2.2.1: bounced for an offline user too (the broken variant stores it).
      if (nonNegative.length === 0 && this.b.groupchatOfflineStored) return store();
      return this.r.error(conn, original, 'service-unavailable', 'cancel');
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
      if (this.b.noOfflineStorage) return this.r.error(conn, original, 'service-unavailable', 'cancel');
      return store();
    }
    if (this.b.deliverToNegativePriority) {
      for (const c of this.r.available(account)) deliver(c);
      return;
    }
    // §8.5.2.1.1: to the "most available" resource(s): here, those of the highest priority.
    const pick = this.b.deliverToLowestPriority ? Math.min(...nonNegative.map((c) => c.priority ?? 0)) : Math.max(...nonNegative.map((c) => c.priority ?? 0));
    for (const c of nonNegative.filter((c) => (c.priority ?? 0) === pick)) deliver(c);
  }
}
