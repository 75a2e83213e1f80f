// iq routing on the fake server (RFC 6120 §8.2.3, §10.3.3, §10.5; RFC 6121 §8.5): iqs the server
// answers itself, iqs to another account's bare JID, and iqs passed to a connected full JID.
// Faithful by default; Behaviour knobs (behaviour/*.ts) break one rule each.
import { child, type XmlElement } from '../../../../harness/xml/element.js';
import { NS_PING, NS_ROSTER, NS_VERSION } from '../../../../harness/xml/ns.js';
import type { FakeConnection } from '../fake-connection.js';
import type { FakeRouter } from '../fake-router.js';
import { bare, domainOf } from './jid.js';

export class IqRouting {
  constructor(private readonly r: FakeRouter) {}

  private get b() {
    return this.r.b;
  }

  iq(conn: FakeConnection, s: XmlElement, original: XmlElement): void {
    const type = s.attrs['type'];
    const kids = s.children.filter((c): c is XmlElement => typeof c === 'object');
    if (type === 'result' || type === 'error') {
      if (this.r.pep.answer(conn, s)) return;
      const to = s.attrs['to'];
      if (to !== undefined && this.b.iqRoutingFault !== 'drop-responses') this.deliverToFull(to, s);
      else if (this.b.answerUnsolicited) this.r.error(conn, { ...original, attrs: { ...original.attrs, type: 'get' } }, 'bad-request', 'modify');
      return;
    }
    if (type !== 'get' && type !== 'set' && !this.b.acceptIqBadType) return this.r.error(conn, original, 'bad-request', 'modify');
    if (s.attrs['id'] === undefined && !this.b.acceptIqWithoutId) return this.r.error(conn, original, 'bad-request', 'modify');
    if (kids.length !== 1 && this.b.ignoreIqChildCount) return;
    if (kids.length !== 1 && !this.b.acceptIqChildCount) return this.r.error(conn, original, 'bad-request', 'modify');
    const to = s.attrs['to'];
    const me = conn.boundJid as string;
    if (to === undefined && this.b.ignoreIqWithoutTo) return;
    if (to !== undefined && to.toLowerCase() === bare(me).toLowerCase() && this.b.ownBareIqDelivered) return conn.send(s);
    if (to === undefined || to.toLowerCase() === bare(me).toLowerCase()) return this.serverIq(conn, s, original, to === undefined ? undefined : bare(me));
    if (this.r.server.serves(to) && this.b.ignoreDomainStanzas) return;
    if (this.r.server.serves(to)) return this.serverIq(conn, s, original, to.toLowerCase());
    if (this.b.ignoreDomainResource && !to.includes('@') && to.includes('/')) return;
    if (this.r.server.routeComponent(s, me)) return;
    if (!this.r.server.serves(domainOf(to))) return this.r.error(conn, original, this.b.remoteCondition, 'cancel');
    if (!this.r.accountExists(to)) {
      const payload = s.children.find((c): c is XmlElement => typeof c === 'object');
      if (!to.includes('/') && this.r.disco.nonexistentIq(this.r.discoHost(conn, s, original), s, payload, to)) return;
      if (this.b.answerForNonexistentUser) return this.r.result(conn, s, undefined, to);
      return this.r.error(conn, original, this.b.nonexistentIqCondition, 'cancel');
    }
    if (!to.includes('/')) return this.iqToOtherBare(conn, s, original, to);
    const target = this.r.boundTo(to);
    if (!target) {
      if (this.b.dropIqToGoneResource) return;
      return this.r.error(conn, original, this.b.iqToGoneCondition, 'cancel');
    }
    // RFC 6121 §8.5.3.1: only if the recipient shares presence with the sender.
    const sender = bare(me).toLowerCase();
    const e = this.r.entry(bare(to), sender);
    const shares =
      (e && (e.subscription === 'from' || e.subscription === 'both')) ||
      target.directedTo.has(me) ||
      target.directedTo.has(sender) ||
      bare(to).toLowerCase() === sender;
    if (!shares && !this.b.iqToStrangerDelivered) return this.r.error(conn, original, 'service-unavailable', 'cancel');
    if (this.b.iqRoutingFault !== 'drop-requests') target.send(s);
  }

  /** RFC 6121 §8.5.2.1.3 / §8.5.2.2.3: an iq to another account's bare JID is answered by the server, never delivered. */
  private iqToOtherBare(conn: FakeConnection, s: XmlElement, original: XmlElement, to: string): void {
    const payload = s.children.find((c): c is XmlElement => typeof c === 'object');
    if (this.r.pep.iq(conn, s, bare(to).toLowerCase())) return;
    if (this.r.disco.otherBareIq(this.r.discoHost(conn, s, original), s, payload, to, conn.boundJid ?? '')) return;
    if (payload?.ns === NS_ROSTER && payload.name === 'query') {
      // §2.1.5 / §2.3.3: only the account itself may read or change its roster.
      if (this.b.rosterOtherAccessible) {
        const other = bare(to).toLowerCase();
        if (s.attrs['type'] === 'get')
          return this.r.result(conn, s, {
            name: 'query',
            ns: NS_ROSTER,
            attrs: {},
            children: [...this.r.roster(other).entries()].map(([j, e]) => this.r.rosterService.itemXml(j, e)),
          });
        const item = child(payload, 'item', NS_ROSTER);
        const jid = (item?.attrs['jid'] ?? '').toLowerCase();
        if (jid)
          this.r.roster(other).set(jid, { subscription: 'none', groups: [], ...(item?.attrs['name'] !== undefined ? { name: item.attrs['name'] } : {}) });
        return this.r.result(conn, s);
      }
      return this.r.error(
        conn,
        original,
        this.b.rosterOtherNotForbidden ? 'service-unavailable' : 'forbidden',
        this.b.rosterOtherNotForbidden ? 'cancel' : 'auth',
      );
    }
    if (this.b.iqToBareDelivered) {
      const first = this.r.available(to)[0] ?? this.r.resources(to)[0];
      if (first) return first.send(s);
    }
    // the broken variant answers, and passes a copy to the account's first resource as well
    if (this.b.iqToBareCopied) this.r.resources(to)[0]?.send(s);
    if (this.b.iqToOfflineBareSilent && this.r.available(to).length === 0) return;
    this.r.error(conn, original, this.b.bareIqCondition, 'cancel');
  }

  /** An iq the server answers itself, for the account (to = undefined or the bare JID) or the domain. */
  private serverIq(conn: FakeConnection, s: XmlElement, original: XmlElement, from: string | undefined): void {
    const payload = s.children.find((c): c is XmlElement => typeof c === 'object');
    if (!payload) return this.b.acceptIqChildCount ? this.r.result(conn, s, undefined, from) : this.r.error(conn, original, 'bad-request', 'modify');
    if (payload.ns === NS_ROSTER && payload.name === 'query' && !this.r.server.serves(from ?? '')) return this.r.rosterService.rosterIq(conn, s, original);
    if (this.r.disco.serverIq(this.r.discoHost(conn, s, original), s, payload, from)) return;
    if (payload.ns === NS_PING && payload.name === 'ping') return this.r.result(conn, s, undefined, from);
    // XEP-0163: the account's own PEP service (its disco answers come through the disco module's accountExtras)
    const own = bare(conn.boundJid as string).toLowerCase();
    if (!this.r.server.serves(from ?? '') && this.r.pep.iq(conn, s, own)) return;
    if (payload.ns === NS_VERSION && payload.name === 'query' && s.attrs['type'] === 'get') {
      return this.r.result(
        conn,
        s,
        {
          name: 'query',
          ns: NS_VERSION,
          attrs: {},
          children: [
            { name: 'name', ns: NS_VERSION, attrs: {}, children: ['fake-server'] },
            { name: 'version', ns: NS_VERSION, attrs: {}, children: ['1.0'] },
          ],
        },
        from,
      );
    }
    // RFC 6120 §10.3.3 / §8.4: an unknown payload namespace gets <service-unavailable/>.
    if (this.b.unknownIqAnswer === 'result') return this.r.result(conn, s, undefined, from);
    if (this.b.unknownIqAnswer === 'silence') return;
    this.r.error(conn, original, 'service-unavailable', 'cancel');
  }

  private deliverToFull(to: string, s: XmlElement): boolean {
    const target = this.r.boundTo(to);
    if (!target) return false;
    target.send(s);
    return true;
  }
}
