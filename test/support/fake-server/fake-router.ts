// What the fake server does with stanzas from an authenticated, bound client: RFC 6120 §8 and
// §10 (addressing, 'from' stamping, iq semantics, errors, local delivery) and the parts of
// RFC 6121 the IM cases drive (roster, subscriptions, presence broadcast, message delivery).
// Faithful by default; Behaviour knobs break one rule each.
//
// The router is the dispatcher and holds what the areas share (rosters, offline messages, stored
// subscription requests, account and session look-ups, stanza errors and results); each area's
// handling lives in its own module: router/iq.ts, router/roster.ts, router/subscription.ts,
// router/presence.ts, router/message.ts, and router/jid.ts for addresses.
import type { XmlElement, XmlNode } from '../../../harness/xml/element.js';
import { NS_CLIENT, NS_STANZA_ERRORS } from '../../../harness/xml/ns.js';
import type { FakeConnection } from './fake-connection.js';
import { FakeDisco, type DiscoHost } from './fake-disco.js';
import type { FakeServer } from './fake-server.js';
import { FakePep } from './fake-pep.js';
import { IqRouting } from './router/iq.js';
import { bare, canonicalJid, split, validJid } from './router/jid.js';
import { MessageDelivery } from './router/message.js';
import { PresenceRouting } from './router/presence.js';
import { RosterService } from './router/roster.js';
import { Subscriptions } from './router/subscription.js';

export { canonicalJid, validJid, type CanonRules, type JidRules } from './router/jid.js';

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

/** A stanza-level element in jabber:client. */
export function elem(name: string, attrs: Record<string, string> = {}, ...kids: XmlNode[]): XmlElement {
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

  /** the handlers by area, each in its own module under router/ */
  readonly iqRouting: IqRouting;
  readonly rosterService: RosterService;
  readonly subscriptions: Subscriptions;
  readonly presenceRouting: PresenceRouting;
  readonly messageDelivery: MessageDelivery;

  constructor(readonly server: FakeServer) {
    this.pep = new FakePep(server, this);
    this.iqRouting = new IqRouting(this);
    this.rosterService = new RosterService(this);
    this.subscriptions = new Subscriptions(this);
    this.presenceRouting = new PresenceRouting(this);
    this.messageDelivery = new MessageDelivery(this);
  }

  get b() {
    return this.server.behaviour;
  }

  /** Service discovery and caps (fake-disco.ts), with the behaviour of the moment. */
  get disco(): FakeDisco {
    return new FakeDisco(this.b);
  }

  /** What the disco module needs to answer `original` on `conn`. */
  discoHost(conn: FakeConnection, s: XmlElement, original: XmlElement): DiscoHost {
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
  accountExists(jid: string): boolean {
    const { local, domain } = split(bare(jid));
    if (local === undefined) return false;
    const l = this.b.noLocalCaseFold ? local : local.toLowerCase();
    const d = this.b.noDomainCaseFold ? domain : domain.toLowerCase();
    // exactly one of its domains: `d` is case-folded above unless a knob forbids it
    return this.server.domains.includes(d) && l in this.server.accounts;
  }

  /** The connection bound to exactly this full JID (resourceparts compare case-sensitively, RFC 7622 §3.4). */
  boundTo(full: string): FakeConnection | undefined {
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

  entry(account: string, contact: string): RosterEntry | undefined {
    return this.roster(account).get(bare(contact).toLowerCase());
  }

  ensure(account: string, contact: string): RosterEntry {
    const r = this.roster(account);
    const key = bare(contact).toLowerCase();
    let e = r.get(key);
    if (!e) r.set(key, (e = { subscription: 'none', groups: [] }));
    return e;
  }

  /** Connected, bound sessions of an account. */
  resources(account: string): FakeConnection[] {
    const key = bare(account).toLowerCase();
    return [...this.server.bound.values()].filter((c) => c.boundJid !== undefined && bare(c.boundJid).toLowerCase() === key);
  }

  /** Resources with a presence session (sent initial presence, not yet unavailable). */
  available(account: string): FakeConnection[] {
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

  result(to: FakeConnection, iq: XmlElement, payload?: XmlElement, from?: string): void {
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
    if (s.name === 'iq') return this.iqRouting.iq(conn, s, stanza);
    if (s.name === 'message') return this.messageDelivery.message(conn, s, stanza);
    if (s.name === 'presence' && !this.b.ignorePresence) return this.presenceRouting.presence(conn, s);
  }

  /** Called when a session ends without unavailable presence (router/presence.ts). */
  disconnected(conn: FakeConnection): void {
    this.presenceRouting.disconnected(conn);
  }
}
