// Service discovery (XEP-0030) and entity capabilities (XEP-0115) on the fake server: what it
// answers for its domain and for the accounts' bare JIDs, the features it lists (each one works),
// its caps in the stream features, and the presence broadcasts' caps. Each knob breaks one rule.
import { type XmlElement, type XmlNode } from '../../../harness/xml/element.js';
import { NS_PING, NS_VERSION } from '../../../harness/xml/ns.js';
import { capsVer, NS_CAPS, NS_DISCO_INFO, NS_DISCO_ITEMS } from '../../../suites/disco/caps-hash.js';

export const NS_ROSTERVER = 'urn:xmpp:features:rosterver';
const NS_CARBONS = 'urn:xmpp:carbons:2';
const NS_VCARD = 'vcard-temp';
const NS_TIME = 'urn:xmpp:time';
const NS_LAST = 'jabber:iq:last';
const NS_COMMANDS = 'http://jabber.org/protocol/commands';
/** The caps node the fake names as its software. */
export const FAKE_CAPS_NODE = 'https://fake-server.invalid/caps';

export interface DiscoBehaviour {
  /** the server's disco#info: no answer, a result without <query/>, no identity, an identity without 'type', a 'client' identity, two names for one identity, disco#info not listed, a <feature/> with a child */
  discoInfoFault:
    | 'silent'
    | 'no-query'
    | 'no-identity'
    | 'identity-no-type'
    | 'client-identity'
    | 'duplicate-identity-name'
    | 'no-info-feature'
    | 'feature-with-child'
    | undefined;
  /** the server's disco#items: no answer, an item without 'jid', an item with text, an item with node='' */
  discoItemsFault: 'silent' | 'item-no-jid' | 'item-text' | 'empty-node' | undefined;
  /** a node query answered without the node, or a result for a node that does not exist */
  discoNodeFault: 'not-echoed' | 'unknown-node-result' | undefined;
  /** bare JIDs: the account's info without the 'account' identity, info given to one who shares no presence, resources listed to one who shares no presence, an error for a nonexistent account's items */
  discoBareFault: 'no-account-identity' | 'info-for-stranger' | 'items-leak-resources' | 'nonexistent-items-error' | undefined;
  /** a feature (a namespace) still listed but answered with <service-unavailable/> (for rosterver: the 'ver' is ignored) */
  discoBrokenFeature: string | undefined;
  /** lists <ver xmlns='urn:xmpp:features:rosterver'/> after authentication */
  advertiseRosterver: boolean;
  /** lists its caps (<c/>) in every stream features element */
  capsFeature: boolean;
  /** its caps: a 'ver' for another feature set, no 'hash', a 'ver' with a line break in it, an error for the node#ver query, caps not among the disco features */
  capsFault: 'wrong-ver' | 'no-hash' | 'ver-whitespace' | 'node-query-error' | 'no-caps-feature' | undefined;
  /** takes <c/> out of presence broadcasts to contacts: from all of them, or from all but a session's first */
  capsStripped: 'all' | 'changes' | undefined;
}

export const DISCO_DEFAULTS: DiscoBehaviour = {
  discoInfoFault: undefined,
  discoItemsFault: undefined,
  discoNodeFault: undefined,
  discoBareFault: undefined,
  discoBrokenFeature: undefined,
  advertiseRosterver: false,
  capsFeature: false,
  capsFault: undefined,
  capsStripped: undefined,
};

function elem(name: string, ns: string, attrs: Record<string, string> = {}, ...kids: XmlNode[]): XmlElement {
  return { name, ns, attrs, children: kids };
}

/** What the router lends the disco module: its answers and what it knows about accounts. */
export interface DiscoHost {
  readonly domain: string;
  result(payload: XmlElement | undefined, from: string | undefined): void;
  error(condition: string, type: string): void;
  /** the full JIDs of the account's available resources */
  availableResources(account: string): string[];
  /** whether `account` has a 'from' or 'both' subscription to `requester` (or is the requester) */
  sharesPresenceWith(account: string, requester: string): boolean;
  /** what other services of the account add to its disco answers (PEP: its identity, features and the nodes `requester` may see) */
  accountExtras?(account: string, requester: string): { readonly info: readonly XmlElement[]; readonly items: readonly XmlElement[] };
}

export class FakeDisco {
  constructor(private readonly b: DiscoBehaviour) {}

  /** The features its domain lists: each one is one the fake implements. */
  serverFeatures(): string[] {
    const list = [NS_DISCO_INFO, NS_DISCO_ITEMS, NS_PING, NS_VERSION, NS_CARBONS, NS_VCARD, NS_TIME, NS_LAST, NS_COMMANDS, 'msgoffline'];
    if (this.b.capsFeature && this.b.capsFault !== 'no-caps-feature') list.push(NS_CAPS);
    return list.filter((f) => !(f === NS_DISCO_INFO && this.b.discoInfoFault === 'no-info-feature'));
  }

  private serverInfo(node: string | undefined): XmlElement {
    const f = this.b.discoInfoFault;
    const identity = (attrs: Record<string, string>): XmlElement => elem('identity', NS_DISCO_INFO, attrs);
    const ids: XmlElement[] = [];
    if (f === 'identity-no-type') ids.push(identity({ category: 'server', name: 'fake-server' }));
    else if (f === 'client-identity') ids.push(identity({ category: 'client', type: 'pc', name: 'fake-server' }));
    else if (f !== 'no-identity') ids.push(identity({ category: 'server', type: 'im', name: 'fake-server' }));
    if (f === 'duplicate-identity-name') ids.push(identity({ category: 'server', type: 'im', name: 'another name' }));
    const features = this.serverFeatures().map((v) =>
      elem('feature', NS_DISCO_INFO, { var: v }, ...(f === 'feature-with-child' && v === NS_PING ? [elem('extra', 'urn:xc:fake')] : [])),
    );
    return elem('query', NS_DISCO_INFO, node !== undefined && this.b.discoNodeFault !== 'not-echoed' ? { node } : {}, ...ids, ...features);
  }

  /** The verification string of its own disco#info (XEP-0115 §5.1), or a broken one. */
  capsVer(): string {
    if (this.b.capsFault === 'wrong-ver')
      return capsVer(elem('query', NS_DISCO_INFO, {}, elem('feature', NS_DISCO_INFO, { var: NS_DISCO_INFO })), 'sha-1') ?? '';
    const ver = capsVer(this.serverInfo(undefined), 'sha-1') ?? '';
    return this.b.capsFault === 'ver-whitespace' ? `${ver.slice(0, 10)}\n${ver.slice(10)}` : ver;
  }

  /** The <c/> it puts into stream features, when it advertises caps. */
  capsFeatureXml(): string {
    if (!this.b.capsFeature) return '';
    const hash = this.b.capsFault === 'no-hash' ? '' : " hash='sha-1'";
    return `<c xmlns='${NS_CAPS}'${hash} node='${FAKE_CAPS_NODE}' ver='${this.capsVer()}'/>`;
  }

  private knownNode(node: string): boolean {
    return node === NS_COMMANDS || (this.b.capsFeature && this.b.capsFault !== 'node-query-error' && node === `${FAKE_CAPS_NODE}#${this.capsVer()}`);
  }

  /**
   * An iq the server answers itself, to its domain (`from` the domain) or the account's own bare
   * JID (`from` the bare JID, undefined without 'to'); true when this module answered it.
   */
  serverIq(host: DiscoHost, s: XmlElement, payload: XmlElement, from: string | undefined): boolean {
    const type = s.attrs['type'];
    if (this.b.discoBrokenFeature !== undefined && payload.ns === this.b.discoBrokenFeature) {
      host.error('service-unavailable', 'cancel');
      return true;
    }
    if (payload.name === 'query' && (payload.ns === NS_DISCO_INFO || payload.ns === NS_DISCO_ITEMS) && type === 'get') {
      if (from === undefined || from.includes('@')) return this.accountDisco(host, payload, from, true);
      return this.domainDisco(host, payload, from);
    }
    if (payload.ns === NS_CARBONS && (payload.name === 'enable' || payload.name === 'disable') && type === 'set') return this.ok(host, undefined, from);
    if (payload.ns === NS_VCARD && payload.name === 'vCard') return this.ok(host, type === 'get' ? elem('vCard', NS_VCARD) : undefined, from);
    if (payload.ns === NS_TIME && payload.name === 'time' && type === 'get') {
      return this.ok(
        host,
        elem('time', NS_TIME, {}, elem('tzo', NS_TIME, {}, '+00:00'), elem('utc', NS_TIME, {}, new Date().toISOString().replace(/\.\d+Z$/, 'Z'))),
        from,
      );
    }
    if (payload.ns === NS_LAST && payload.name === 'query' && type === 'get') return this.ok(host, elem('query', NS_LAST, { seconds: '0' }), from);
    return false;
  }

  private ok(host: DiscoHost, payload: XmlElement | undefined, from: string | undefined): true {
    host.result(payload, from);
    return true;
  }

  private domainDisco(host: DiscoHost, payload: XmlElement, from: string): boolean {
    const node = payload.attrs['node'];
    const info = payload.ns === NS_DISCO_INFO;
    if (info ? this.b.discoInfoFault === 'silent' : this.b.discoItemsFault === 'silent') return true;
    if (node !== undefined && !this.knownNode(node)) {
      if (this.b.discoNodeFault === 'unknown-node-result') return this.ok(host, elem('query', payload.ns, { node }), from);
      host.error('item-not-found', 'cancel');
      return true;
    }
    if (info) {
      if (this.b.discoInfoFault === 'no-query') return this.ok(host, undefined, from);
      if (node === NS_COMMANDS)
        return this.ok(
          host,
          elem(
            'query',
            NS_DISCO_INFO,
            this.b.discoNodeFault === 'not-echoed' ? {} : { node },
            elem('identity', NS_DISCO_INFO, { category: 'automation', type: 'command-list' }),
          ),
          from,
        );
      return this.ok(host, this.serverInfo(node), from);
    }
    const nodeAttr: Record<string, string> = node !== undefined && this.b.discoNodeFault !== 'not-echoed' ? { node } : {};
    if (node !== undefined) return this.ok(host, elem('query', NS_DISCO_ITEMS, nodeAttr), from);
    const f = this.b.discoItemsFault;
    const attrs: Record<string, string> = f === 'item-no-jid' ? { name: 'services' } : { jid: `services.${host.domain}`, name: 'services' };
    if (f === 'empty-node') attrs['node'] = '';
    return this.ok(host, elem('query', NS_DISCO_ITEMS, {}, elem('item', NS_DISCO_ITEMS, attrs, ...(f === 'item-text' ? ['services'] : []))), from);
  }

  /** A disco request to a hosted bare JID, answered on the account's behalf (XEP-0030 §3.1, §4.1, §8). */
  private accountDisco(host: DiscoHost, payload: XmlElement, from: string | undefined, trusted: boolean, account?: string, requester = ''): boolean {
    const node = payload.attrs['node'];
    const extras = host.accountExtras?.(account ?? from ?? '', requester);
    const echo: Record<string, string> = node !== undefined && this.b.discoNodeFault !== 'not-echoed' ? { node } : {};
    if (payload.ns === NS_DISCO_INFO) {
      if (!trusted && this.b.discoBareFault !== 'info-for-stranger') {
        host.error('service-unavailable', 'cancel');
        return true;
      }
      if (node !== undefined) {
        host.error('item-not-found', 'cancel');
        return true;
      }
      const identity = this.b.discoBareFault === 'no-account-identity' ? { category: 'client', type: 'pc' } : { category: 'account', type: 'registered' };
      return this.ok(
        host,
        elem(
          'query',
          NS_DISCO_INFO,
          echo,
          elem('identity', NS_DISCO_INFO, identity),
          elem('feature', NS_DISCO_INFO, { var: NS_DISCO_INFO }),
          elem('feature', NS_DISCO_INFO, { var: NS_DISCO_ITEMS }),
          ...(extras?.info ?? []),
        ),
        from,
      );
    }
    const show = node === undefined && (trusted || this.b.discoBareFault === 'items-leak-resources') && account !== undefined;
    const items = show ? host.availableResources(account).map((jid) => elem('item', NS_DISCO_ITEMS, { jid })) : [];
    return this.ok(host, elem('query', NS_DISCO_ITEMS, echo, ...items, ...(node === undefined ? (extras?.items ?? []) : [])), from);
  }

  /** A disco request to another account's bare JID; true when answered. */
  otherBareIq(host: DiscoHost, s: XmlElement, payload: XmlElement | undefined, to: string, requester: string): boolean {
    if (!payload || payload.name !== 'query' || (payload.ns !== NS_DISCO_INFO && payload.ns !== NS_DISCO_ITEMS) || s.attrs['type'] !== 'get') return false;
    return this.accountDisco(host, payload, to, host.sharesPresenceWith(to, requester), to, requester);
  }

  /** A disco request to a bare JID at the domain with no account: an empty items result (§8); info falls to the router's error. */
  nonexistentIq(host: DiscoHost, s: XmlElement, payload: XmlElement | undefined, to: string): boolean {
    if (!payload || payload.name !== 'query' || payload.ns !== NS_DISCO_ITEMS || s.attrs['type'] !== 'get') return false;
    if (this.b.discoBareFault === 'nonexistent-items-error') return false;
    const node = payload.attrs['node'];
    return this.ok(host, elem('query', NS_DISCO_ITEMS, node !== undefined ? { node } : {}), to);
  }

  /** The presence a contact gets from a broadcast, caps taken out where a knob says so. */
  broadcastToContacts(p: XmlElement, initial: boolean): XmlElement {
    const strip = this.b.capsStripped === 'all' || (this.b.capsStripped === 'changes' && !initial);
    return strip ? { ...p, children: p.children.filter((c) => typeof c !== 'object' || c.ns !== NS_CAPS) } : p;
  }

  /** Whether the roster get's 'ver' is to be ignored (rosterver listed but broken). */
  get rosterVerIgnored(): boolean {
    return this.b.discoBrokenFeature === NS_ROSTERVER;
  }
}
