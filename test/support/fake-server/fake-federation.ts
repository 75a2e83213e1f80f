// A fake federation: one fake server serving two domains (FakeServerOptions.federation), whose
// accounts talk across the domains the way two federating servers' accounts do. What a federation
// case sees from its two sides (stanzas and errors crossing between the domains, each domain's
// server answering for its own accounts) is all here; the RFC 6121 semantics on each side are the
// router's. The link applies the knobs below to whatever reaches a client from the other domain
// (or from a domain nobody serves): each knob breaks one routing or delivery rule between servers.
// Faithful by default.
import type { XmlElement } from '../../../harness/xml/element.js';
import { NS_CLIENT } from '../../../harness/xml/ns.js';
import type { FakeConnection } from './fake-connection.js';
import type { FakeServer } from './fake-server.js';

/**
 * What crosses is named by its kind: 'message', 'iq', or 'presence:<type>' ('presence:available'
 * for presence without a type), as listed in `fedNoRoute`.
 */
export interface FederationBehaviour {
  /** kinds of stanza it never routes to the other domain (dropped on the way, RFC 6120 §10.4) */
  readonly fedNoRoute: readonly string[];
  /** drops extension elements it does not know from messages routed to the other domain (§8.4) */
  readonly fedStripUnknownPayload: boolean;
  /** lets messages routed to the other domain overtake each other: every other one held back 30 ms (§10.1) */
  readonly fedReorder: boolean;
  /** the receiving domain drops a chat message to an account's bare JID instead of delivering it (RFC 6121 §8.5.2.1.1) */
  readonly fedDropToBare: boolean;
  /** the receiving domain drops a message to a connected full JID (RFC 6121 §8.5.3.1) */
  readonly fedDropToFull: boolean;
  /** the receiving domain leaves iqs to the domain itself unanswered: pings, or every other query (§10.5.1) */
  readonly fedDomainIqUnanswered: 'ping' | 'other' | undefined;
  /** the receiving domain leaves an iq to an account's bare JID unanswered (RFC 6121 §8.5.2.1.3) */
  readonly fedBareIqUnanswered: boolean;
  /** errors the other domain returns never reach the sender (§10.4.3) */
  readonly fedDropReturnedErrors: boolean;
  /** swallows a stanza for a domain it cannot resolve, with no error to the sender (§10.4.3) */
  readonly fedSilentUnresolvable: boolean;
}

export const FAITHFUL_FEDERATION: FederationBehaviour = {
  fedNoRoute: [],
  fedStripUnknownPayload: false,
  fedReorder: false,
  fedDropToBare: false,
  fedDropToFull: false,
  fedDomainIqUnanswered: undefined,
  fedBareIqUnanswered: false,
  fedDropReturnedErrors: false,
  fedSilentUnresolvable: false,
};

export interface FakeFederationOptions {
  /** the other domains served besides the server's own `domain` */
  readonly domains: readonly string[];
  readonly behaviour?: Partial<FederationBehaviour>;
}

const domainOf = (jid: string): string => (jid.split('/')[0] ?? '').split('@').pop()?.toLowerCase() ?? '';

/** 'message', 'iq' or 'presence:<type>'. */
function kindOf(e: XmlElement): string {
  return e.name === 'presence' ? `presence:${e.attrs['type'] ?? 'available'}` : e.name;
}

/** The traffic between the fake's domains, as each client receives it. */
export class FederationLink {
  readonly b: FederationBehaviour;
  private held = 0;

  constructor(
    private readonly server: FakeServer,
    behaviour: Partial<FederationBehaviour> = {},
  ) {
    this.b = { ...FAITHFUL_FEDERATION, ...behaviour };
  }

  /**
   * Called for every stanza the fake sends a client: true when the link took it over (dropped it, or
   * will hand a changed or delayed copy to `deliver`); false when it goes out as it is.
   */
  intercept(to: FakeConnection, e: XmlElement, deliver: (e: XmlElement) => void): boolean {
    const origin = domainOf(e.attrs['from'] ?? '');
    if (origin === '' || origin === to.domain) return false;
    const b = this.b;
    const type = e.attrs['type'];
    const from = e.attrs['from'] ?? '';
    const answer = e.name === 'iq' && (type === 'result' || type === 'error');
    // from a domain nobody serves: only the sender's own server's errors come from there
    if (!this.server.serves(origin)) return b.fedSilentUnresolvable && type === 'error';
    if (b.fedNoRoute.includes(kindOf(e))) return true;
    if (b.fedDropReturnedErrors && type === 'error') return true;
    if (answer && !from.includes('@') && b.fedDomainIqUnanswered !== undefined) {
      const payload = e.children.some((c) => typeof c === 'object');
      if ((b.fedDomainIqUnanswered === 'ping') !== payload) return true;
    }
    if (answer && b.fedBareIqUnanswered && from.includes('@') && !from.includes('/')) return true;
    if (e.name !== 'message') return false;
    const toFull = (e.attrs['to'] ?? '').includes('/');
    if (b.fedDropToFull && toFull && type !== 'error') return true;
    if (b.fedDropToBare && !toFull && type === 'chat') return true;
    let out = e;
    if (b.fedStripUnknownPayload) out = { ...out, children: out.children.filter((c) => typeof c !== 'object' || c.ns === NS_CLIENT) };
    if (b.fedReorder && this.held++ % 2 === 0) {
      setTimeout(() => deliver(out), 30);
      return true;
    }
    if (out === e) return false;
    deliver(out);
    return true;
  }
}
