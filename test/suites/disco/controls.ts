// Negative controls for the disco area (XEP-0030, XEP-0115): the fake server breaks one rule each.
import type { ControlTable } from '../../support/control.js';

const CAPS = { capsFeature: true } as const;
const offered = (feature: string): ControlTable[string] => ({
  requirements: ['xep0030-3.1-feature-offered'],
  breaks: `lists '${feature}' but answers its requests with <service-unavailable/>`,
  behaviour: { discoBrokenFeature: feature },
});

export const DISCO_CONTROLS: ControlTable = {
  'xep0030/disco/server-info-answered': {
    requirements: ['xep0030-3.1-info-result-or-error'],
    breaks: 'leaves disco#info to its domain unanswered',
    behaviour: { discoInfoFault: 'silent' },
  },
  'xep0030/disco/server-info-query': {
    requirements: ['xep0030-3.1-info-result-query'],
    breaks: 'answers disco#info with an empty result',
    behaviour: { discoInfoFault: 'no-query' },
    also: [{ requirements: ['xep0030-3.1-info-result-query'], breaks: 'answers disco#info with no identity', behaviour: { discoInfoFault: 'no-identity' } }],
  },
  'xep0030/disco/server-identity': {
    requirements: ['xep0030-3.1-identity-required'],
    breaks: 'lists no identity',
    behaviour: { discoInfoFault: 'no-identity' },
    also: [
      { requirements: ['xep0030-3.1-identity-category-type'], breaks: "gives its identity no 'type'", behaviour: { discoInfoFault: 'identity-no-type' } },
      { requirements: [], breaks: "names itself a client (category 'client') instead of a server", behaviour: { discoInfoFault: 'client-identity' } },
    ],
  },
  'xep0030/disco/server-identity-names-unique': {
    requirements: ['xep0030-3.1-identity-unique-name'],
    breaks: 'lists server/im twice with two names',
    behaviour: { discoInfoFault: 'duplicate-identity-name' },
  },
  'xep0030/disco/server-lists-disco-info': {
    requirements: ['xep0030-3.1-info-feature-listed'],
    breaks: "leaves 'http://jabber.org/protocol/disco#info' out of its features",
    behaviour: { discoInfoFault: 'no-info-feature' },
  },
  'xep0030/disco/server-feature-var': {
    requirements: ['xep0030-3.1-feature-var'],
    breaks: 'puts a child element into a <feature/>',
    behaviour: { discoInfoFault: 'feature-with-child' },
  },
  'xep0030/disco/server-info-from-domain': {
    requirements: ['rfc6120-8.1.2.1-server-from-domain'],
    breaks: "answers its own iqs without 'from'",
    behaviour: { serverReplyNoFrom: true },
  },
  'xep0030/disco/server-items-answered': {
    requirements: ['xep0030-4.1-items-result-or-error'],
    breaks: 'leaves disco#items to its domain unanswered',
    behaviour: { discoItemsFault: 'silent' },
  },
  'xep0030/disco/server-items-jid': {
    requirements: ['xep0030-4.1-item-jid'],
    breaks: "lists an <item/> without 'jid'",
    behaviour: { discoItemsFault: 'item-no-jid' },
  },
  'xep0030/disco/server-items-no-text': {
    requirements: ['xep0030-4.1-item-no-text'],
    breaks: 'puts text into an <item/>',
    behaviour: { discoItemsFault: 'item-text' },
  },
  'xep0030/disco/server-items-node-not-empty': {
    requirements: ['xep0030-4.2-node-not-null'],
    breaks: "lists an <item/> with node=''",
    behaviour: { discoItemsFault: 'empty-node' },
  },
  'xep0030/disco/server-info-node-echoed': {
    requirements: ['xep0030-3.2-node-mirrored'],
    breaks: "answers a node's disco#info without the 'node'",
    behaviour: { discoNodeFault: 'not-echoed' },
  },
  'xep0030/disco/server-unknown-node-info': {
    requirements: ['xep0030-7-unknown-node-error'],
    breaks: 'answers disco#info for a node it does not have with a result',
    behaviour: { discoNodeFault: 'unknown-node-result' },
  },
  'xep0030/disco/server-unknown-node-items': {
    requirements: ['xep0030-7-unknown-node-error'],
    breaks: 'answers disco#items for a node it does not have with a result',
    behaviour: { discoNodeFault: 'unknown-node-result' },
  },
  'xep0030/disco/own-bare-info-answered-by-server': {
    requirements: ['xep0030-3.1-bare-jid-server-replies'],
    breaks: "passes an iq to the account's own bare JID on instead of answering it",
    behaviour: { ownBareIqDelivered: true },
  },
  'xep0030/disco/own-bare-items-answered-by-server': {
    requirements: ['xep0030-4.1-bare-jid-items-server-replies'],
    breaks: "passes an iq to the account's own bare JID on instead of answering it",
    behaviour: { ownBareIqDelivered: true },
  },
  'xep0030/disco/own-bare-info-account-identity': {
    requirements: ['xep0030-3.1-bare-jid-account-identity'],
    breaks: "gives an account's bare JID the identity client/pc instead of account/registered",
    behaviour: { discoBareFault: 'no-account-identity' },
  },
  'xep0030/disco/nonexistent-bare-info-unavailable': {
    requirements: ['xep0030-8-bare-info-nonexistent-unavailable'],
    breaks: 'answers an iq to an account that does not exist with <item-not-found/>',
    behaviour: { nonexistentIqCondition: 'item-not-found' },
  },
  'xep0030/disco/nonexistent-bare-items-empty': {
    requirements: ['xep0030-8-bare-items-nonexistent-empty'],
    breaks: 'answers disco#items to an account that does not exist with an error',
    behaviour: { discoBareFault: 'nonexistent-items-error' },
  },
  'xep0030/disco/stranger-bare-info-unavailable': {
    requirements: ['xep0030-8-bare-info-unauthorized-unavailable'],
    breaks: "gives an account's disco#info to one it shares no presence with",
    behaviour: { discoBareFault: 'info-for-stranger' },
  },
  'xep0030/disco/stranger-bare-items-no-resources': {
    requirements: ['xep0030-8-bare-items-unauthorized-no-resources'],
    breaks: "lists an account's resources to one it shares no presence with",
    behaviour: { discoBareFault: 'items-leak-resources' },
  },
  'xep0030/disco/full-jid-info-routed': {
    requirements: ['rfc6120-10.5.4-deliver-full-jid'],
    breaks: 'does not deliver iq requests to full JIDs',
    behaviour: { iqRoutingFault: 'drop-requests' },
    also: [
      {
        requirements: ['rfc6121-8.5.3.1-iq-response-delivered'],
        breaks: 'does not deliver iq responses to full JIDs',
        behaviour: { iqRoutingFault: 'drop-responses' },
      },
    ],
  },
  'xep0030/disco/full-jid-unknown-resource-unavailable': {
    requirements: ['rfc6121-8.5.3.2.3-iq-service-unavailable'],
    breaks: 'answers an iq to a resource that is not connected with <item-not-found/>',
    behaviour: { iqToGoneCondition: 'item-not-found' },
  },
  'xep0030/disco/feature-ping-works': offered('urn:xmpp:ping'),
  'xep0030/disco/feature-version-works': offered('jabber:iq:version'),
  'xep0030/disco/feature-carbons-works': offered('urn:xmpp:carbons:2'),
  'xep0030/disco/feature-vcard-works': offered('vcard-temp'),
  'xep0030/disco/feature-time-works': offered('urn:xmpp:time'),
  'xep0030/disco/feature-last-works': offered('jabber:iq:last'),
  'xep0030/disco/feature-msgoffline-works': {
    requirements: ['xep0030-3.1-feature-offered'],
    breaks: "lists 'msgoffline' but drops messages for accounts with no resource online",
    behaviour: { offlineDropped: true },
  },
  'xep0030/disco/feature-rosterver-works': {
    requirements: ['rfc6121-2.6.3-full-or-empty-result'],
    breaks: "lists the rosterver stream feature but answers a get with ver='' with the full roster and no 'ver'",
    faithful: { advertiseRosterver: true },
    behaviour: { discoBrokenFeature: 'urn:xmpp:features:rosterver' },
  },
  'xep0115/disco/server-caps-attributes': {
    requirements: ['xep0115-4-c-attributes'],
    breaks: "advertises caps without 'hash'",
    faithful: CAPS,
    behaviour: { capsFault: 'no-hash' },
    also: [{ requirements: ['xep0115-5.1-ver-base64'], breaks: "puts a line break into the caps 'ver'", behaviour: { capsFault: 'ver-whitespace' } }],
  },
  'xep0115/disco/server-caps-node-answered': {
    requirements: ['xep0115-6.2-node-query-answered'],
    breaks: 'answers disco#info for its caps node#ver with <item-not-found/>',
    faithful: CAPS,
    behaviour: { capsFault: 'node-query-error' },
    also: [
      {
        requirements: ['xep0030-3.2-node-mirrored'],
        breaks: "answers its caps node's disco#info without the 'node'",
        behaviour: { discoNodeFault: 'not-echoed' },
      },
    ],
  },
  'xep0115/disco/server-caps-ver-matches': {
    requirements: ['xep0115-5.1-ver-generation'],
    breaks: "advertises a caps 'ver' computed over another feature set",
    faithful: CAPS,
    behaviour: { capsFault: 'wrong-ver' },
  },
  'xep0115/disco/server-caps-feature-listed': {
    requirements: ['xep0115-7-caps-feature'],
    breaks: "advertises caps but leaves 'http://jabber.org/protocol/caps' out of its disco#info",
    faithful: CAPS,
    behaviour: { capsFault: 'no-caps-feature' },
  },
  'xep0115/disco/server-caps-header-from': {
    requirements: ['xep0115-6.3-header-from'],
    breaks: "advertises caps with no 'from' on its stream header",
    faithful: CAPS,
    behaviour: { omitFrom: true },
  },
  'xep0115/disco/client-caps-first-delivered': {
    requirements: ['xep0115-8.4-first-notification-annotated'],
    breaks: 'strips caps from every presence it broadcasts',
    behaviour: { capsStripped: 'all' },
  },
  'xep0115/disco/client-caps-change-delivered': {
    requirements: ['xep0115-8.4-changes-delivered'],
    breaks: "strips caps from all but a session's first presence, so a new 'ver' never reaches subscribers",
    behaviour: { capsStripped: 'changes' },
  },
};
