// Negative controls for the federation cases: per case, broken fake federations that each violate
// requirements the case lists (named), the case failing on every one (controls.test.ts). The
// knobs are the fake router's (behaviour.ts: one side's RFC 6120/6121 handling) and the link's
// between the two domains (fake-federation.ts: routing and delivery across them).
import type { FederationControlTable } from '../../support/federation-control.js';

const NOT_ROUTED = 'never routes messages to the other domain';

export const FEDERATION_CONTROLS: FederationControlTable = {
  // ── messages ──
  'rfc6121/federation/message-to-bare-jid': {
    breaks: NOT_ROUTED,
    requirements: ['rfc6120-10.4-route-remote'],
    behaviour: { fedNoRoute: ['message'] },
    also: [
      {
        breaks: "drops a chat message to an account's bare JID instead of delivering it to the one available resource",
        requirements: ['rfc6121-8.5.2.1.1-deliver-single-resource', 'rfc6120-10.5.3.2-message-deliver-connected'],
        behaviour: { fedDropToBare: true },
      },
      { breaks: "routes a client's message without stamping its 'from'", requirements: ['rfc6120-8.1.2.1-stamp-full-jid'], behaviour: { noFromStamp: true } },
    ],
  },
  'rfc6121/federation/message-to-full-jid': {
    breaks: NOT_ROUTED,
    requirements: ['rfc6120-10.4-route-remote'],
    behaviour: { fedNoRoute: ['message'] },
    also: [
      {
        breaks: 'drops a message to a connected full JID',
        requirements: ['rfc6121-8.5.3.1-deliver-full-jid', 'rfc6120-10.5.4-deliver-full-jid'],
        behaviour: { fedDropToFull: true },
      },
    ],
  },
  'rfc6121/federation/message-reply-comes-back': {
    breaks: NOT_ROUTED,
    requirements: ['rfc6120-10.4-route-remote'],
    behaviour: { fedNoRoute: ['message'] },
    also: [
      { breaks: "drops the reply to the sender's connected full JID", requirements: ['rfc6121-8.5.3.1-deliver-full-jid'], behaviour: { fedDropToFull: true } },
    ],
  },
  'rfc6120/federation/message-payload-unchanged': {
    breaks: 'strips extension elements it does not know from messages it routes to the other domain',
    requirements: ['rfc6120-8.4-route-unknown-unmodified'],
    behaviour: { fedStripUnknownPayload: true },
  },
  'rfc6120/federation/messages-in-order': {
    breaks: 'lets the messages it routes to the other domain overtake each other',
    requirements: ['rfc6120-10.1-in-order-remote-routing'],
    behaviour: { fedReorder: true },
    also: [
      {
        breaks: 'hands the messages it receives to the recipient out of order',
        requirements: ['rfc6120-10.1-in-order-s2s-delivery'],
        behaviour: { reorderMessages: true },
      },
    ],
  },
  'rfc6121/federation/message-to-unknown-user': {
    breaks: 'bounces a message to an account that does not exist with <item-not-found/>',
    requirements: ['rfc6121-8.5.1-message-ignore-or-error', 'rfc6120-10.5.3.1-message-no-such-user'],
    behaviour: { nonexistentUserCondition: 'item-not-found' },
  },
  'rfc6120/federation/message-to-unresolvable-domain': {
    breaks: 'swallows a message for a domain it cannot resolve, with no error',
    requirements: ['rfc6120-10.4.3-remote-error'],
    behaviour: { fedSilentUnresolvable: true },
    also: [
      {
        breaks: 'bounces a message for an unresolvable domain with <item-not-found/>',
        requirements: ['rfc6120-10.4.3-remote-server-not-found'],
        behaviour: { remoteCondition: 'item-not-found' },
      },
    ],
  },

  // ── iq ──
  'rfc6120/federation/iq-to-remote-domain-answered': {
    breaks: 'leaves a ping to its domain from the other domain unanswered',
    requirements: ['rfc6120-10.5.1-domain-handle-or-error'],
    behaviour: { fedDomainIqUnanswered: 'ping' },
    also: [{ breaks: 'never routes iqs to the other domain', requirements: ['rfc6120-10.4-route-remote'], behaviour: { fedNoRoute: ['iq'] } }],
  },
  'rfc6120/federation/iq-version-of-remote-server': {
    breaks: 'answers pings to its domain but leaves other queries there unanswered',
    requirements: ['rfc6120-10.5.1-domain-handle-or-error'],
    behaviour: { fedDomainIqUnanswered: 'other' },
    also: [{ breaks: 'never routes iqs to the other domain', requirements: ['rfc6120-10.4-route-remote'], behaviour: { fedNoRoute: ['iq'] } }],
  },
  'rfc6121/federation/iq-to-remote-bare-jid-answered-by-server': {
    breaks: "leaves an iq to an account's bare JID unanswered",
    requirements: ['rfc6121-8.5.2.1.3-iq-server-replies', 'rfc6120-10.5.3.2-iq-handled-for-account'],
    behaviour: { fedBareIqUnanswered: true },
    also: [
      {
        breaks: "answers an iq to an account's bare JID and passes a copy to the account's resource",
        requirements: ['rfc6121-8.5.2.1.3-iq-not-delivered'],
        behaviour: { iqToBareCopied: true },
      },
      {
        breaks: "passes an iq to an account's bare JID to its resource instead of answering",
        requirements: ['rfc6121-8.5.2.1.3-iq-not-delivered', 'rfc6121-8.5.2.1.3-iq-server-replies'],
        behaviour: { iqToBareDelivered: true },
      },
    ],
  },
  'rfc6121/federation/iq-to-unknown-user': {
    breaks: 'answers an iq to an account that does not exist with a result',
    requirements: ['rfc6121-8.5.1-iq-service-unavailable', 'rfc6120-10.5.3.1-iq-no-such-user'],
    behaviour: { answerForNonexistentUser: true },
    also: [
      {
        breaks: 'loses the errors the other domain returns on the way back to the sender',
        requirements: ['rfc6120-10.4.3-remote-delivery-error'],
        behaviour: { fedDropReturnedErrors: true },
      },
    ],
  },
  'rfc6121/federation/iq-to-unconnected-resource': {
    breaks: 'answers an iq to a resource that is not connected with <item-not-found/>',
    requirements: ['rfc6121-8.5.3.2.3-iq-service-unavailable'],
    behaviour: { iqToGoneCondition: 'item-not-found' },
    also: [
      {
        breaks: 'loses the errors the other domain returns on the way back to the sender',
        requirements: ['rfc6120-10.4.3-remote-delivery-error'],
        behaviour: { fedDropReturnedErrors: true },
      },
    ],
  },

  // ── subscriptions ──
  'rfc6121/federation/subscribe-reaches-remote-contact': {
    breaks: 'never routes subscription requests to the other domain',
    requirements: ['rfc6121-3.1.2-route-remote'],
    behaviour: { fedNoRoute: ['presence:subscribe'] },
    also: [
      {
        breaks: "stamps a subscription request with the user's full JID",
        requirements: ['rfc6121-3.1.2-stamp-bare-jid', 'rfc6120-8.1.2.1-subscription-bare-from'],
        behaviour: { subscriptionFromFullJid: true },
      },
      {
        breaks: 'approves every request itself instead of handing it to the contact',
        requirements: ['rfc6121-3.1.3-deliver-for-approval'],
        behaviour: { autoApproveSubscribe: true },
      },
    ],
  },
  'rfc6121/federation/subscribe-remote-push-pending-out': {
    breaks: "pushes the pending request without ask='subscribe'",
    requirements: ['rfc6121-3.1.2-push-pending-out'],
    behaviour: { noAskInPush: true },
  },
  'rfc6121/federation/approval-rosters-to-and-from': {
    breaks: 'sends the contact no roster push when the contact approves',
    requirements: ['rfc6121-3.1.5-push-from'],
    behaviour: { approvalNoPush: true },
    also: [
      {
        breaks: 'sends the user no roster push for the approval it receives',
        requirements: ['rfc6121-3.1.6-push-to'],
        behaviour: { approvalInboundNoPush: true },
      },
      {
        breaks: "stamps the approval with the contact's full JID",
        requirements: ['rfc6121-3.1.5-stamp-bare-jid'],
        behaviour: { subscriptionFromFullJid: true },
      },
    ],
  },
  'rfc6121/federation/mutual-subscription-both': {
    breaks: 'sends the contact no roster push when the contact approves',
    requirements: ['rfc6121-3.1.5-push-from'],
    behaviour: { approvalNoPush: true },
    also: [
      {
        breaks: 'sends the user no roster push for the approval it receives',
        requirements: ['rfc6121-3.1.6-push-to'],
        behaviour: { approvalInboundNoPush: true },
      },
    ],
  },
  'rfc6121/federation/refusal-reaches-user': {
    breaks: "stamps the refusal with the contact's full JID",
    requirements: ['rfc6121-3.2.2-route-unsubscribed-bare'],
    behaviour: { subscriptionFromFullJid: true },
  },
  'rfc6121/federation/unsubscribe-across-domains': {
    breaks: 'never routes unsubscribe to the other domain',
    requirements: ['rfc6121-3.3.2-route-remote'],
    behaviour: { fedNoRoute: ['presence:unsubscribe'] },
    also: [
      {
        breaks: "stamps the unsubscribe with the user's full JID",
        requirements: ['rfc6121-3.3.2-stamp-bare-jid'],
        behaviour: { subscriptionFromFullJid: true },
      },
      {
        breaks: 'sends the user no roster push after the unsubscribe',
        requirements: ['rfc6121-3.3.2-push-after-unsubscribe'],
        behaviour: { unsubscribeNoPush: true },
      },
    ],
  },
  'rfc6121/federation/cancel-across-domains': {
    breaks: "stamps the cancellation with the contact's full JID",
    requirements: ['rfc6121-3.2.2-route-unsubscribed-bare'],
    behaviour: { subscriptionFromFullJid: true },
    also: [
      {
        breaks: 'sends the contact no roster push after the cancellation',
        requirements: ['rfc6121-3.2.2-push-contact'],
        behaviour: { cancelNoContactPush: true },
      },
      {
        breaks: "sends no unavailable presence from the contact's resource before the unsubscribed",
        requirements: ['rfc6121-3.2.2-unavailable-then-unsubscribed'],
        behaviour: { noUnavailableOnCancel: true },
      },
      {
        breaks: 'drops the unavailable presence that comes from the other domain with a cancellation',
        requirements: ['rfc6121-3.2.3-deliver-unavailable'],
        behaviour: { fedNoRoute: ['presence:unavailable'] },
      },
    ],
  },

  // ── presence ──
  'rfc6121/federation/presence-after-approval': {
    breaks: 'sends the new subscriber no presence of the contact after the approval',
    requirements: ['rfc6121-3.1.5-send-current-presence'],
    behaviour: { noPresenceAfterApproval: true },
  },
  'rfc6121/federation/presence-update-to-remote-subscriber': {
    breaks: 'broadcasts presence updates to no subscriber',
    requirements: ['rfc6121-4.4.2-broadcast-to-subscribers'],
    behaviour: { noBroadcastToSubscribers: true },
    also: [
      {
        breaks: 'broadcasts presence without its children (show, status)',
        requirements: ['rfc6121-4.4.2-broadcast-full-xml'],
        behaviour: { stripPresenceChildren: true },
      },
    ],
  },
  'rfc6121/federation/unavailable-to-remote-subscriber': {
    breaks: 'broadcasts no unavailable presence to subscribers',
    requirements: ['rfc6121-4.5.2-broadcast-unavailable'],
    behaviour: { noUnavailableBroadcast: true },
    also: [
      {
        breaks: 'broadcasts unavailable presence without its <status/>',
        requirements: ['rfc6121-4.5.2-unavailable-full-xml'],
        behaviour: { stripPresenceChildren: true },
      },
    ],
  },
  'rfc6121/federation/no-presence-to-remote-non-subscriber': {
    breaks: 'broadcasts presence to every account, subscribed or not',
    requirements: ['rfc6121-4.4.2-broadcast-to-subscribers'],
    behaviour: { broadcastToAll: true },
  },
  'rfc6121/federation/probe-on-initial-presence': {
    breaks: "neither probes nor sends the contacts' presence when a session starts",
    requirements: ['rfc6121-4.2.2-probe-contacts', 'rfc6121-4.3.1-probe-on-initial'],
    behaviour: { noProbeOnLogin: true },
    also: [
      {
        breaks: "answers the probe with the contact's presence stripped of its children",
        requirements: ['rfc6121-4.3.2-reply-with-presence'],
        behaviour: { probeAnswerStripped: true },
      },
    ],
  },
  'rfc6121/federation/client-probe-answered': {
    breaks: "ignores a probe the user's client sends",
    requirements: ['rfc6121-4.3-server-handle-client-probe'],
    behaviour: { clientProbeIgnored: true },
    also: [
      { breaks: 'answers a client probe with an error', requirements: ['rfc6121-4.3-no-error-for-client-probe'], behaviour: { probeError: true } },
      {
        breaks: "answers the probe with the contact's presence stripped of its children",
        requirements: ['rfc6121-4.3.2-reply-with-presence'],
        behaviour: { probeAnswerStripped: true },
      },
      { breaks: 'answers the probe and passes it to the contact as well', requirements: ['rfc6121-8.5.2.1.2-probe-handled'], behaviour: { probeCopied: true } },
      {
        breaks: 'passes the probe to the contact instead of answering it',
        requirements: ['rfc6121-8.5.2.1.2-probe-handled'],
        behaviour: { probeDelivered: true },
      },
    ],
  },
  'rfc6121/federation/probe-from-non-subscriber-unsubscribed': {
    breaks: 'leaves a probe from a non-subscriber unanswered',
    requirements: ['rfc6121-4.3.2-unsubscribed-if-not-authorized'],
    behaviour: { probeUnauthorizedSilent: true },
    also: [
      {
        breaks: "answers a stranger's probe with 'unsubscribed' from a full JID",
        requirements: ['rfc6121-4.3.2-unsubscribed-bare-from'],
        behaviour: { probeUnsubscribedFullJid: true },
      },
    ],
  },
};
