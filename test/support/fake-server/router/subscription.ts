// Presence subscriptions on the fake server (RFC 6121 §3): requests, approvals, cancellations,
// pre-approvals, and the stored requests delivered on the contact's next initial presence.
// Faithful by default; Behaviour knobs (behaviour/*.ts) break one rule each.
import type { XmlElement } from '../../../../harness/xml/element.js';
import { NS_CLIENT } from '../../../../harness/xml/ns.js';
import type { FakeConnection } from '../fake-connection.js';
import type { FakeRouter } from '../fake-router.js';
import { bare, domainOf } from './jid.js';

export class Subscriptions {
  constructor(private readonly r: FakeRouter) {}

  private get b() {
    return this.r.b;
  }

  /** Delivers presence to every available resource of an account (or stores subscription requests). */
  private toAvailable(account: string, p: XmlElement): void {
    for (const c of this.r.available(account)) c.send({ ...p, attrs: { ...p.attrs, to: c.boundJid ?? '' } });
  }

  subscriptionPresence(conn: FakeConnection, s: XmlElement, type: string): void {
    const user = bare(conn.boundJid as string).toLowerCase();
    const rawTo = s.attrs['to'] ?? '';
    const contact = bare(rawTo).toLowerCase();
    if (!contact) return;
    // RFC 6121 §8.5.3.1 / §8.5.3.2.2: a request to a full JID is processed as one to the bare JID.
    if (type === 'subscribe' && rawTo.includes('/')) {
      const target = this.r.boundTo(rawTo);
      if (target && this.b.subscribeToFullRaw) return void target.send({ ...s, attrs: { ...s.attrs, from: conn.boundJid as string } });
      if (!target && this.b.dropSubscribeToGoneResource) return;
    }
    const stamped: XmlElement = { ...s, attrs: { ...s.attrs, from: this.b.subscriptionFromFullJid ? (conn.boundJid as string) : user, to: contact } };
    // RFC 6121 §8.5.1: subscription presence to an account that does not exist is dropped (the broken variant bounces it).
    if (this.b.bounceSubscriptionToNonexistent && this.r.server.serves(domainOf(contact)) && !this.r.accountExists(contact))
      this.r.error(conn, s, 'service-unavailable', 'cancel');
    if (type === 'subscribe') {
      const e = this.r.ensure(user, contact);
      if (e.subscription !== 'to' && e.subscription !== 'both' && !e.ask) {
        e.ask = 'subscribe';
        this.r.rosterService.push(user, contact);
      }
      if (this.r.accountExists(contact)) this.inboundSubscribe(user, contact, stamped);
    } else if (type === 'subscribed') {
      const key = `${user}|${contact}`;
      if (!this.r.entry(user, contact)?.pendingIn && !this.pendingIn.has(key)) {
        // RFC 6121 §3.1.6: an approval nobody asked for is ignored (the broken server grants it).
        if (this.b.acceptUnrequestedSubscribed && this.r.accountExists(contact)) {
          const other = this.r.ensure(contact, user);
          other.subscription = other.subscription === 'from' ? 'both' : 'to';
          this.r.rosterService.push(contact, user);
          return;
        }
        // §3.4.2: with no request pending, an approval is a pre-approval (or dropped when one exists).
        if (!this.b.noPreapproval) this.preapprove(user, contact, stamped);
        return;
      }
      this.approve(user, contact, stamped);
    } else if (type === 'unsubscribe') {
      const e = this.r.entry(user, contact);
      if (e && (e.subscription === 'to' || e.subscription === 'both' || e.ask)) {
        e.subscription = e.subscription === 'both' ? 'from' : e.subscription === 'to' ? 'none' : e.subscription;
        delete e.ask;
        if (!this.b.unsubscribeNoPush) this.r.rosterService.push(user, contact);
      }
      // §3.3.3: a request still waiting for the contact is erased with it.
      if (!this.b.keepRequestAfterUnsubscribe) this.dropStored(contact, user);
      if (this.r.accountExists(contact)) this.inboundUnsubscribe(user, contact, false, stamped);
    } else if (type === 'unsubscribed') {
      const e = this.r.entry(user, contact);
      const pending = e?.pendingIn || this.pendingIn.has(`${user}|${contact}`);
      this.pendingIn.delete(`${user}|${contact}`);
      this.dropStored(user, contact);
      if (e?.approved && !pending && e.subscription !== 'from' && e.subscription !== 'both') {
        // §3.2.2: an 'unsubscribed' that only withdraws a pre-approval clears it and goes nowhere.
        if (!this.b.keepPreapprovalOnUnsubscribed) {
          delete e.approved;
          this.r.rosterService.push(user, contact);
        }
        if (this.b.preapprovalCancelRouted && this.r.accountExists(contact)) this.toAvailable(contact, stamped);
        return;
      }
      if (e && (e.subscription === 'from' || e.subscription === 'both' || e.pendingIn)) {
        e.subscription = e.subscription === 'both' ? 'to' : e.subscription === 'from' ? 'none' : e.subscription;
        delete e.pendingIn;
        // §3.2.2: the contact's own roster changes too (the broken variant does not push it).
        if (!this.b.cancelNoContactPush) this.r.rosterService.push(user, contact);
      }
      if (this.r.accountExists(contact)) this.inboundUnsubscribed(user, contact, false, stamped);
    }
  }

  /** `user` approves the pending request of `contact` (RFC 6121 §3.1.5). */
  private approve(user: string, contact: string, stamped: XmlElement): void {
    this.pendingIn.delete(`${user}|${contact}`);
    this.dropStored(user, contact);
    const e = this.r.ensure(user, contact);
    delete e.pendingIn;
    delete e.approved;
    e.subscription = e.subscription === 'to' && !this.b.noBothState ? 'both' : 'from';
    if (!this.b.approvalNoPush) this.r.rosterService.push(user, contact);
    if (this.r.accountExists(contact)) {
      this.inboundSubscribed(user, contact, stamped);
      this.r.pep.relationChanged(user, contact);
      // §3.1.5: the contact's current presence goes to the new subscriber.
      if (!this.b.noPresenceAfterApproval) {
        for (const c of this.r.available(user)) {
          const p = c.presence as XmlElement;
          for (const r of this.approvalTargets(contact)) r.send({ ...p, attrs: { ...p.attrs, from: c.boundJid ?? '', to: r.boundJid ?? '' } });
        }
      }
    }
  }

  /** §3.1.6: the user's available resources that get an approval and the presence after it. */
  private approvalTargets(account: string): FakeConnection[] {
    const all = this.r.available(account);
    return this.b.approvalToOneResource ? all.slice(0, 1) : all;
  }

  /** RFC 6121 §3.4.2: `user` approves `contact` before any request. */
  private preapprove(user: string, contact: string, stamped: XmlElement): void {
    const e = this.r.entry(user, contact);
    if (e && (e.subscription === 'from' || e.subscription === 'both')) {
      // Already approved: silently dropped (the broken variant routes it anyway).
      if (this.b.subscribedWhenFromRouted && this.r.accountExists(contact)) this.toAvailable(contact, stamped);
      return;
    }
    const item = this.r.ensure(user, contact);
    item.approved = true;
    this.r.rosterService.push(user, contact);
    // The pre-approval stays with the user's server (the broken variant routes it to the contact).
    if (this.b.preapprovalRouted && this.r.accountExists(contact)) this.toAvailable(contact, stamped);
  }

  /** Forgets the stored requests from `from` to `account`. */
  private dropStored(account: string, from: string): void {
    const q = this.r.pendingSubscribes.get(account);
    if (!q) return;
    const rest = q.filter((p) => bare(p.attrs['from'] ?? '').toLowerCase() !== bare(from).toLowerCase());
    if (rest.length) this.r.pendingSubscribes.set(account, rest);
    else this.r.pendingSubscribes.delete(account);
  }

  /** RFC 6121 §3.1.3: a subscription request arrives for `contact` from `user`. */
  private inboundSubscribe(user: string, contact: string, p: XmlElement): void {
    const e = this.r.entry(contact, user);
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
      const from = e?.approved && this.b.preapprovedReply === 'full-jid' ? (this.r.available(contact)[0]?.boundJid ?? `${contact}/fake`) : contact;
      return this.approve(contact, user, { name: 'presence', ns: NS_CLIENT, attrs: { type: 'subscribed', from, to: user }, children: [] });
    }
    if (e) e.pendingIn = true;
    else if (this.b.addItemOnInboundSubscribe) this.r.ensure(contact, user).pendingIn = true;
    else this.pendingIn.add(`${contact}|${user}`);
    // Kept until the contact answers, and delivered on each of its initial presences (§3.1.3);
    // one request per user, however many were sent.
    const q = this.r.pendingSubscribes.get(contact) ?? [];
    const dup = q.some((x) => bare(x.attrs['from'] ?? '').toLowerCase() === user);
    if (!dup || this.b.deliverAllStoredRequests) q.push(p);
    if (q.length > 100) q.shift();
    this.r.pendingSubscribes.set(contact, q);
    if (this.r.available(contact).length === 0) return;
    if (this.b.subscribeToOneResource) {
      const first = this.r.available(contact)[0];
      first?.send({ ...p, attrs: { ...p.attrs, to: first.boundJid ?? '' } });
      return;
    }
    this.toAvailable(contact, p);
  }

  /** The contact's server approves again on the contact's behalf: 'subscribed' to the user's resources. */
  private autoReplySubscribed(contact: string, user: string): void {
    this.toAvailable(user, { name: 'presence', ns: NS_CLIENT, attrs: { type: 'subscribed', from: contact }, children: [] });
  }

  /** Requests from users not (yet) in the contact's roster. */
  private readonly pendingIn = new Set<string>();

  private inboundSubscribed(contact: string, user: string, p: XmlElement): void {
    const e = this.r.entry(user, contact);
    if (!e?.ask) return; // RFC 6121 §3.1.6: not requested, ignored
    if (this.b.inboundApprovalIgnored) return;
    delete e.ask;
    e.subscription = e.subscription === 'from' && !this.b.noBothState ? 'both' : 'to';
    // §3.1.6: the approval reaches the user's resources before the push it causes.
    if (this.b.pushBeforeApproval) this.r.rosterService.push(user, contact);
    const stanza = p.attrs['from'] !== undefined ? p : { ...p, attrs: { ...p.attrs, from: contact } };
    for (const c of this.approvalTargets(user)) c.send({ ...stanza, attrs: { ...stanza.attrs, to: c.boundJid ?? '' } });
    if (!this.b.pushBeforeApproval && !this.b.approvalInboundNoPush) this.r.rosterService.push(user, contact);
  }

  /** RFC 6121 §3.3.3: `user` no longer wants `contact`'s presence (from the contact's side). */
  inboundUnsubscribe(user: string, contact: string, viaRemove: boolean, p?: XmlElement): void {
    const e = this.r.entry(contact, user);
    const had = !!e && (e.subscription === 'from' || e.subscription === 'both' || !!e.pendingIn);
    const process = had || (this.b.unexpectedUnsubscribeProcessed && !!e);
    if (e && process) {
      e.subscription = e.subscription === 'both' ? 'to' : e.subscription === 'from' ? 'none' : e.subscription;
      delete e.pendingIn;
    }
    this.pendingIn.delete(`${contact}|${user}`);
    const pushed = e !== undefined && process;
    // §3.3.3: the unsubscribe reaches the contact's resources before the push it causes.
    if (pushed && this.b.pushBeforeUnsubscribe) this.r.rosterService.push(contact, user);
    if ((process || viaRemove) && !this.b.dropInboundUnsubscribe) {
      this.toAvailable(contact, p ?? { name: 'presence', ns: NS_CLIENT, attrs: { type: 'unsubscribe', from: user }, children: [] });
      if (!this.b.noUnavailableOnUnsubscribe) {
        for (const c of this.r.available(contact))
          this.r.presenceRouting.deliverPresenceTo(
            user,
            { name: 'presence', ns: NS_CLIENT, attrs: { type: 'unavailable' }, children: [] },
            c.boundJid as string,
          );
      }
    }
    if (pushed && !this.b.pushBeforeUnsubscribe) this.r.rosterService.push(contact, user);
  }

  /** RFC 6121 §3.2.3: `contact` cancelled `user`'s subscription (seen from the user's side). */
  inboundUnsubscribed(contact: string, user: string, viaRemove: boolean, p?: XmlElement): void {
    const e = this.r.entry(user, contact);
    const had = !!e && (e.subscription === 'to' || e.subscription === 'both' || !!e.ask);
    // §3.2.3: an unexpected 'unsubscribed' is dropped (the broken variant acts on it anyway).
    const process = had || (this.b.unexpectedUnsubscribedProcessed && !!e);
    if (e && process) {
      e.subscription = e.subscription === 'both' ? 'from' : e.subscription === 'to' ? 'none' : e.subscription;
      delete e.ask;
    }
    const pushed = e !== undefined && process;
    if (!process && !viaRemove && this.b.unavailableOnUnexpectedUnsubscribed) {
      for (const c of this.r.available(contact))
        this.r.presenceRouting.deliverPresenceTo(user, { name: 'presence', ns: NS_CLIENT, attrs: { type: 'unavailable' }, children: [] }, c.boundJid as string);
    }
    if (pushed && this.b.pushBeforeUnsubscribed) this.r.rosterService.push(user, contact);
    if (process || viaRemove) {
      // RFC 6121 §3.2.2: unavailable presence from the contact's resources first, then 'unsubscribed'.
      if (!this.b.noUnavailableOnCancel) {
        for (const c of this.r.available(contact)) {
          // §4.6.1: the cancellation sends unavailable even to an entity that had directed presence (the broken variant forgets it).
          if (this.b.noUnavailableOnCancelIfDirected && [...c.directedTo].some((d) => bare(d).toLowerCase() === user)) continue;
          this.r.presenceRouting.deliverPresenceTo(
            user,
            { name: 'presence', ns: NS_CLIENT, attrs: { type: 'unavailable' }, children: [] },
            c.boundJid as string,
          );
        }
      }
      this.toAvailable(user, p ?? { name: 'presence', ns: NS_CLIENT, attrs: { type: 'unsubscribed', from: contact }, children: [] });
    }
    // §3.2.3: the 'unsubscribed' reaches the user's resources before the push it causes.
    if (pushed && !this.b.pushBeforeUnsubscribed && !this.b.noPushOnInboundCancel) this.r.rosterService.push(user, contact);
  }
}
