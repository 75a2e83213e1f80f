// Negative controls for the im area (RFC 6121): the fake router breaks one rule each.
import type { ControlTable } from '../../support/control.js';

export const IM_CONTROLS: ControlTable = {
  'rfc6121/im/roster-get-result': {
    requirements: ['rfc6121-2.1.4-roster-result'],
    breaks: 'answers a roster get with an empty result',
    behaviour: { rosterResultNoQuery: true },
    also: [
      {
        requirements: ['rfc6120-10.3-no-to-handle-directly', 'rfc6120-10.3.3-iq-no-to-on-behalf', 'rfc6120-10.3.3-known-namespace-handle'],
        breaks: "neither handles nor answers an iq without 'to'",
        behaviour: { ignoreIqWithoutTo: true },
      },
    ],
  },
  'rfc6121/im/roster-set-result-and-push': {
    requirements: ['rfc6121-2.3.2-add-push'],
    breaks: 'sends no roster pushes',
    behaviour: { noRosterPush: true },
    also: [{ requirements: ['rfc6121-2.3.2-add-result'], breaks: 'sends no result to a roster set', behaviour: { rosterSetNoResult: true } }],
  },
  'rfc6121/im/roster-push-to-all-interested': {
    requirements: ['rfc6121-2.3.2-add-push', 'rfc6121-2.2-push-to-interested'],
    breaks: 'pushes to one interested resource only',
    behaviour: { pushOnlyToRequester: true },
  },
  'rfc6121/im/roster-push-one-item': { requirements: ['rfc6121-2.1.6-push-one-item'], breaks: 'puts two items in a push', behaviour: { pushTwoItems: true } },
  'rfc6121/im/roster-push-from-account': {
    requirements: ['rfc6121-2.1.6-push-from'],
    breaks: 'sends pushes from the domain',
    behaviour: { pushFromDomain: true },
  },
  'rfc6121/im/roster-item-stored': {
    requirements: ['rfc6121-2.3.2-create-item'],
    breaks: 'forgets the groups of an item',
    behaviour: { rosterForgetsGroups: true },
  },
  'rfc6121/im/roster-item-updated': {
    requirements: ['rfc6121-2.4.2-update-item'],
    breaks: 'ignores updates of an existing item',
    behaviour: { rosterIgnoresUpdate: true },
  },
  'rfc6121/im/roster-remove': {
    requirements: ['rfc6121-2.5.2-remove-push'],
    breaks: "pushes a removal without subscription='remove'",
    behaviour: { removePushNotRemove: true },
    also: [
      { requirements: ['rfc6121-2.5.2-remove-result'], breaks: 'sends no result to a roster set', behaviour: { rosterSetNoResult: true } },
      { requirements: ['rfc6121-2.5.2-remove-item'], breaks: 'keeps a removed item in the roster', behaviour: { removeKeepsItem: true } },
    ],
  },
  'rfc6121/im/roster-remove-unknown-item': {
    requirements: ['rfc6121-2.5.3-remove-item-not-found'],
    breaks: 'answers the removal of an unknown item with a result',
    behaviour: { removeMissingOk: true },
  },
  'rfc6121/im/roster-set-two-items': {
    requirements: ['rfc6121-2.3.3-bad-request-multiple-items'],
    breaks: 'accepts a roster set with two items',
    behaviour: { acceptMultiItemRosterSet: true },
  },
  'rfc6121/im/roster-set-duplicate-groups': {
    requirements: ['rfc6121-2.3.3-bad-request-duplicate-groups'],
    breaks: 'accepts duplicate groups',
    behaviour: { acceptDuplicateGroups: true },
  },
  'rfc6121/im/roster-set-empty-group': {
    requirements: ['rfc6121-2.3.3-not-acceptable-empty-group'],
    breaks: 'accepts an empty group',
    behaviour: { acceptEmptyGroup: true },
  },
  'rfc6121/im/roster-set-subscription-ignored': {
    requirements: ['rfc6121-2.1.5-ignore-subscription'],
    breaks: "honours 'subscription' in a roster set",
    behaviour: { applySubscriptionInSet: true },
  },
  'rfc6121/im/subscribe-stamped-bare-jid': {
    requirements: ['rfc6121-3.1.2-stamp-bare-jid', 'rfc6120-8.1.2.1-subscription-bare-from'],
    breaks: 'stamps subscription requests with the full JID',
    behaviour: { subscriptionFromFullJid: true },
  },
  'rfc6121/im/subscribe-push-pending-out': {
    requirements: ['rfc6121-3.1.2-push-pending-out'],
    breaks: "leaves ask='subscribe' out of the push",
    behaviour: { noAskInPush: true },
  },
  'rfc6121/im/subscribe-delivered-to-available-contact': {
    requirements: ['rfc6121-3.1.3-deliver-to-available'],
    breaks: "delivers a request to one of the contact's resources",
    behaviour: { subscribeToOneResource: true },
    also: [
      {
        requirements: ['rfc6121-3.1.3-deliver-for-approval', 'rfc6121-3.1.2-local-contact-inbound-rules', 'rfc6121-8.5.2.1.2-subscription-rules'],
        breaks: 'approves every request itself instead of handing it to the contact',
        behaviour: { autoApproveSubscribe: true },
      },
    ],
  },
  'rfc6121/im/no-contact-item-before-approval': {
    requirements: ['rfc6121-3.1.3-no-roster-item-before-approval'],
    breaks: "adds the requester to the contact's roster at once",
    behaviour: { addItemOnInboundSubscribe: true },
  },
  'rfc6121/im/subscribe-kept-for-offline-contact': {
    requirements: ['rfc6121-3.1.3-store-request-offline'],
    breaks: 'drops requests for offline contacts',
    behaviour: { dropOfflineSubscribe: true },
  },
  'rfc6121/im/subscribed-stamped-bare-jid': {
    requirements: ['rfc6121-3.1.5-stamp-bare-jid'],
    breaks: 'stamps approvals with the full JID',
    behaviour: { subscriptionFromFullJid: true },
  },
  'rfc6121/im/approval-push-from': {
    requirements: ['rfc6121-3.1.5-push-from'],
    breaks: 'sends no push to the approving contact',
    behaviour: { approvalNoPush: true },
  },
  'rfc6121/im/approval-push-to': { requirements: ['rfc6121-3.1.6-push-to'], breaks: 'ignores inbound approvals', behaviour: { inboundApprovalIgnored: true } },
  'rfc6121/im/presence-after-approval': {
    requirements: ['rfc6121-3.1.5-send-current-presence'],
    breaks: "does not send the contact's presence after approval",
    behaviour: { noPresenceAfterApproval: true },
  },
  'rfc6121/im/unrequested-approval-ignored': {
    requirements: ['rfc6121-3.1.6-ignore-unrequested'],
    breaks: 'grants a subscription on an unrequested approval',
    behaviour: { acceptUnrequestedSubscribed: true },
  },
  'rfc6121/im/resubscribe-auto-approved': {
    requirements: ['rfc6121-3.1.3-auto-reply-subscribed'],
    breaks: 'does not auto-approve a repeated request',
    behaviour: { noAutoReply: true },
  },
  'rfc6121/im/unsubscribe-push-user': {
    requirements: ['rfc6121-3.3.2-push-after-unsubscribe'],
    breaks: 'sends no push after unsubscribe',
    behaviour: { unsubscribeNoPush: true },
  },
  'rfc6121/im/unsubscribe-contact-side': {
    requirements: ['rfc6121-3.3.3-inbound-unsubscribe', 'rfc6121-3.3.2-local-contact-inbound-rules'],
    breaks: 'does not deliver unsubscribe to the contact',
    behaviour: { dropInboundUnsubscribe: true },
    also: [
      {
        requirements: ['rfc6121-3.3.2-stamp-bare-jid'],
        breaks: "stamps the outbound 'unsubscribe' with the user's full JID",
        behaviour: { subscriptionFromFullJid: true },
      },
    ],
  },
  'rfc6121/im/unsubscribed-cancels-subscription': {
    requirements: ['rfc6121-3.2.2-unavailable-then-unsubscribed', 'rfc6121-3.2.3-deliver-unavailable'],
    breaks: 'sends no unavailable presence on cancellation',
    behaviour: { noUnavailableOnCancel: true },
    also: [
      {
        requirements: ['rfc6121-3.2.3-inbound-cancellation'],
        breaks: 'sends the user no roster push for a cancellation',
        behaviour: { noPushOnInboundCancel: true },
      },
    ],
  },
  'rfc6121/im/remove-cancels-mutual-subscription': {
    requirements: ['rfc6121-2.5.2-remove-cancels-subscriptions'],
    breaks: 'keeps subscriptions when an item is removed',
    behaviour: { removeNoCancel: true },
    also: [
      {
        requirements: ['rfc6121-2.5.2-remove-sends-unsubscribe'],
        breaks: "sends the contact no 'unsubscribe' when the item is removed",
        behaviour: { removeOmits: 'unsubscribe' },
      },
      {
        requirements: ['rfc6121-2.5.2-remove-sends-unsubscribed'],
        breaks: "sends the contact no 'unsubscribed' when the item is removed",
        behaviour: { removeOmits: 'unsubscribed' },
      },
    ],
  },
  'rfc6121/im/mutual-subscription-both': {
    requirements: ['rfc6121-3.1.6-push-to'],
    breaks: "never reaches subscription='both'",
    behaviour: { noBothState: true },
  },
  'rfc6121/im/initial-presence-to-own-resources': {
    requirements: ['rfc6121-4.2.2-broadcast-to-own-resources'],
    breaks: "does not broadcast presence to the user's own resources",
    behaviour: { noOwnPresenceBroadcast: true },
  },
  'rfc6121/im/initial-presence-to-subscribers': {
    requirements: ['rfc6121-4.2.2-broadcast-to-subscribers', 'rfc6120-10.3.2-presence-no-to-broadcast'],
    breaks: 'does not broadcast presence to subscribers',
    behaviour: { noBroadcastToSubscribers: true },
    // no presence at all: the case fails at the subscription it sets up first, the earliest presence it needs
    also: [
      {
        requirements: ['rfc6120-8.2.2-presence-support'],
        breaks: 'drops every presence stanza a client sends',
        behaviour: { ignorePresence: true },
        failsAt: /<presence type='subscribe'>/,
      },
    ],
  },
  'rfc6121/im/contacts-presence-on-login': {
    requirements: ['rfc6121-4.2.2-probe-contacts'],
    breaks: "does not send contacts' presence on login",
    behaviour: { noProbeOnLogin: true },
    also: [
      {
        requirements: ['rfc6121-4.3.2-reply-with-presence'],
        breaks: "sends the contact's presence on login from its bare JID",
        behaviour: { loginPresenceFromBare: true },
      },
    ],
  },
  'rfc6121/im/presence-update-full-xml': {
    requirements: ['rfc6121-4.4.2-broadcast-full-xml'],
    breaks: 'strips presence children when broadcasting',
    behaviour: { stripPresenceChildren: true },
  },
  'rfc6121/im/unavailable-broadcast': {
    requirements: ['rfc6121-4.5.2-broadcast-unavailable'],
    breaks: 'does not broadcast unavailable presence',
    behaviour: { noUnavailableBroadcast: true },
    also: [
      { requirements: ['rfc6121-4.5.2-unavailable-full-xml'], breaks: 'broadcasts presence without its children', behaviour: { stripPresenceChildren: true } },
    ],
  },
  'rfc6121/im/unavailable-on-disconnect': {
    requirements: ['rfc6121-4.5.2-generate-unavailable'],
    breaks: 'sends nothing when a connection drops',
    behaviour: { noUnavailableOnDisconnect: true },
  },
  'rfc6121/im/directed-presence-delivered': {
    requirements: ['rfc6121-4.6.3-unavailable-to-directed'],
    breaks: 'forgets directed presence when the sender leaves',
    behaviour: { noDirectedUnavailable: true },
    also: [
      {
        requirements: ['rfc6121-4.6.3-deliver-directed', 'rfc6121-8.5.3.1-presence-delivered'],
        breaks: 'drops directed presence to a full JID',
        behaviour: { directedPresenceFault: 'dropped' },
      },
      {
        requirements: ['rfc6121-4.6.3-deliver-directed'],
        breaks: 'delivers directed presence without its children',
        behaviour: { directedPresenceFault: 'stripped' },
      },
    ],
  },
  'rfc6121/im/presence-not-broadcast-to-strangers': {
    requirements: ['rfc6121-4.4.2-broadcast-to-subscribers'],
    breaks: 'broadcasts presence to every account',
    behaviour: { broadcastToAll: true },
  },
  'rfc6121/im/chat-to-bare-jid-delivered': {
    requirements: ['rfc6121-8.5.2.1.1-no-to-rewrite'],
    breaks: "rewrites 'to' to the full JID it delivers to",
    behaviour: { rewriteBareToFull: true },
    also: [
      {
        requirements: ['rfc6121-8.5.2.1.1-deliver-single-resource'],
        breaks: 'appends text to the <body/> of the messages it delivers',
        behaviour: { alterMessageBody: true },
      },
    ],
  },
  'rfc6121/im/no-delivery-to-negative-priority': {
    requirements: ['rfc6121-8.5.2.1.1-no-negative-priority'],
    breaks: 'delivers to negative-priority resources',
    behaviour: { deliverToNegativePriority: true },
  },
  'rfc6121/im/chat-to-most-available-resource': {
    requirements: ['rfc6121-8.5.2.1.1-most-available'],
    breaks: 'delivers to the lowest-priority resource',
    behaviour: { deliverToLowestPriority: true },
  },
  'rfc6121/im/groupchat-to-bare-jid-refused': {
    requirements: ['rfc6121-8.5.2.1.1-groupchat-error'],
    breaks: 'delivers groupchat messages to users',
    behaviour: { groupchatDelivered: true },
  },
  'rfc6121/im/headline-to-all-non-negative': {
    requirements: ['rfc6121-8.5.2.1.1-headline-all'],
    breaks: 'delivers headlines to one resource',
    behaviour: { headlineToOne: true },
    also: [
      {
        requirements: ['rfc6121-8.5.2.1.1-headline-all'],
        breaks: 'appends text to the <body/> of the messages it delivers',
        behaviour: { alterMessageBody: true },
      },
    ],
  },
  'rfc6121/im/error-message-to-bare-jid-ignored': {
    requirements: ['rfc6121-8.5.2.1.1-error-ignored'],
    breaks: 'delivers error messages',
    behaviour: { errorMessageDelivered: true },
  },
  'rfc6121/im/chat-to-offline-user': {
    requirements: ['rfc6121-8.5.2.2.1-offline-or-error', 'rfc6120-10.5.3.2-message-offline-or-error'],
    breaks: 'drops messages for offline users silently',
    behaviour: { offlineDropped: true },
  },
  'rfc6121/im/chat-to-gone-resource': {
    requirements: ['rfc6121-8.5.3.2.1-chat-as-bare'],
    breaks: 'drops messages to resources that are gone',
    behaviour: { dropToGoneFullJid: true },
    also: [
      {
        requirements: ['rfc6121-8.5.3.2.1-chat-as-bare'],
        breaks: 'appends text to the <body/> of the messages it delivers',
        behaviour: { alterMessageBody: true },
      },
    ],
  },
  'rfc6121/im/iq-to-gone-resource': {
    requirements: ['rfc6121-8.5.3.2.3-iq-service-unavailable'],
    breaks: 'drops iqs to resources that are gone',
    behaviour: { dropIqToGoneResource: true },
    also: [
      {
        requirements: ['rfc6121-8.5.3.2.3-iq-service-unavailable'],
        breaks: 'answers an iq to a resource that is gone with <item-not-found/>',
        behaviour: { iqToGoneCondition: 'item-not-found' },
      },
    ],
  },
  'rfc6121/im/iq-to-stranger-not-delivered': {
    requirements: ['rfc6121-8.5.3.1-iq-no-presence-sharing'],
    breaks: 'delivers iqs between users who share no presence',
    behaviour: { iqToStrangerDelivered: true },
  },
  'rfc6121/im/presence-to-gone-resource-ignored': {
    requirements: ['rfc6121-8.5.3.2.2-presence-ignored'],
    breaks: 'bounces presence to resources that are gone',
    behaviour: { presenceToGoneBounced: true },
  },
  'rfc6121/im/subscribe-not-auto-approved': {
    requirements: ['rfc6121-3.1.3-no-auto-approve'],
    breaks: "approves a request on the contact's behalf",
    behaviour: { autoApproveSubscribe: true },
  },
  'rfc6121/im/approval-to-all-user-resources': {
    requirements: ['rfc6121-3.1.6-deliver-approval'],
    breaks: "delivers the approval to one of the user's resources",
    behaviour: { approvalToOneResource: true },
    also: [
      {
        requirements: ['rfc6121-3.1.6-deliver-contact-presence'],
        breaks: "sends the user none of the contact's presence after the approval",
        behaviour: { noPresenceAfterApproval: true },
      },
    ],
  },
  'rfc6121/im/approval-before-push': {
    requirements: ['rfc6121-3.1.6-approval-before-push'],
    breaks: 'pushes the roster change before delivering the approval',
    behaviour: { pushBeforeApproval: true },
  },
  'rfc6121/im/unsubscribed-before-push': {
    requirements: ['rfc6121-3.2.3-deliver-before-push'],
    breaks: "pushes the roster change before delivering 'unsubscribed'",
    behaviour: { pushBeforeUnsubscribed: true },
  },
  'rfc6121/im/unsubscribe-before-push': {
    requirements: ['rfc6121-3.3.3-deliver-before-push'],
    breaks: "pushes the roster change before delivering 'unsubscribe'",
    behaviour: { pushBeforeUnsubscribe: true },
  },
  'rfc6121/im/cancel-pushes-contact': {
    requirements: ['rfc6121-3.2.2-push-contact'],
    breaks: 'sends the cancelling contact no roster push',
    behaviour: { cancelNoContactPush: true },
  },
  'rfc6121/im/unsubscribed-stamped-bare-jid': {
    requirements: ['rfc6121-3.2.2-route-unsubscribed-bare', 'rfc6121-3-stamp-bare-jid'],
    breaks: 'stamps cancellations with the full JID',
    behaviour: { subscriptionFromFullJid: true },
  },
  'rfc6121/im/unexpected-unsubscribed-ignored': {
    requirements: ['rfc6121-3.2.3-check-subscribed'],
    breaks: "processes an 'unsubscribed' for no subscription",
    behaviour: { unexpectedUnsubscribedProcessed: true },
    also: [
      {
        requirements: ['rfc6121-3.2.2-no-unavailable-without-subscription'],
        breaks: "sends the user unavailable presence for an 'unsubscribed' it ignores",
        behaviour: { unavailableOnUnexpectedUnsubscribed: true },
      },
    ],
  },
  'rfc6121/im/unexpected-unsubscribe-ignored': {
    requirements: ['rfc6121-3.3.3-check-from'],
    breaks: "processes an 'unsubscribe' from a non-subscriber",
    behaviour: { unexpectedUnsubscribeProcessed: true },
  },
  'rfc6121/im/unsubscribe-sends-unavailable': {
    requirements: ['rfc6121-3.3.3-send-unavailable'],
    breaks: 'sends no unavailable presence after an unsubscribe',
    behaviour: { noUnavailableOnUnsubscribe: true },
  },
  'rfc6121/im/unsubscribe-erases-stored-request': {
    requirements: ['rfc6121-3.3.3-drop-pending-request'],
    breaks: 'delivers a withdrawn request when the contact comes online',
    behaviour: { keepRequestAfterUnsubscribe: true },
  },
  'rfc6121/im/unanswered-request-redelivered': {
    requirements: ['rfc6121-3.1.3-redeliver-until-answered'],
    breaks: 'never redelivers an unanswered request',
    behaviour: { noRedelivery: true },
  },
  'rfc6121/im/repeated-offline-requests-delivered-once': {
    requirements: ['rfc6121-3.1.3-deliver-only-one'],
    breaks: 'delivers every stored request',
    behaviour: { deliverAllStoredRequests: true },
  },
  'rfc6121/im/roster-set-keeps-pending-request': {
    requirements: ['rfc6121-3.1.1-server-either-order'],
    breaks: "clears ask='subscribe' on a roster set",
    behaviour: { rosterSetClearsAsk: true },
  },
  'rfc6121/im/subscribe-to-full-jid': {
    requirements: ['rfc6121-8.5.3.1-subscribe-to-full-jid'],
    breaks: 'routes a request to the full JID unchanged',
    behaviour: { subscribeToFullRaw: true },
  },
  'rfc6121/im/subscribe-to-gone-resource': {
    requirements: ['rfc6121-8.5.3.2.2-subscribe-inbound-rules'],
    breaks: 'drops a request to a resource that is gone',
    behaviour: { dropSubscribeToGoneResource: true },
  },
  'rfc6121/im/subscribe-to-nonexistent-user-ignored': {
    requirements: ['rfc6121-8.5.1-subscription-ignored'],
    breaks: 'bounces requests to accounts that do not exist',
    behaviour: { bounceSubscriptionToNonexistent: true },
  },
  'rfc6121/im/preapproval-auto-approves': {
    requirements: ['rfc6121-3.4.2-no-route-preapproval'],
    breaks: 'routes the pre-approval to the user',
    behaviour: { preapprovalRouted: true },
    also: [
      {
        requirements: ['rfc6121-3.4.2-auto-subscribed'],
        breaks: "answers a pre-approved request with 'subscribed' from the contact's full JID",
        behaviour: { preapprovedReply: 'full-jid' },
      },
      { requirements: ['rfc6121-3.4.2-auto-subscribed'], breaks: 'does not answer a pre-approved request', behaviour: { preapprovedReply: 'none' } },
      {
        requirements: ['rfc6121-3.4.2-no-deliver-subscribe-when-approved'],
        breaks: 'delivers a pre-approved request to the contact',
        behaviour: { preapprovedSubscribeDelivered: true },
      },
      { requirements: ['rfc6121-3.4.2-create-preapproved-item'], breaks: 'creates no roster item for a pre-approval', behaviour: { noPreapproval: true } },
    ],
  },
  'rfc6121/im/preapproval-withdrawn': {
    requirements: ['rfc6121-3.2.2-remove-preapproval'],
    breaks: "keeps the pre-approval after 'unsubscribed'",
    behaviour: { keepPreapprovalOnUnsubscribed: true },
    also: [
      {
        requirements: ['rfc6121-3.2.2-no-route-preapproval-cancel'],
        breaks: "routes the 'unsubscribed' that withdraws a pre-approval to the user",
        behaviour: { preapprovalCancelRouted: true },
      },
    ],
  },
  'rfc6121/im/approval-when-already-subscribed-dropped': {
    requirements: ['rfc6121-3.4.2-ignore-when-from'],
    breaks: 'routes an approval to a user already subscribed',
    behaviour: { subscribedWhenFromRouted: true },
  },
  'rfc6121/im/probe-keeps-preapproval': {
    requirements: ['rfc6121-4.3.2-unsubscribed-keeps-preapproval'],
    breaks: 'cancels a pre-approval when a probe is answered',
    behaviour: { probeCancelsPreapproval: true },
  },
  'rfc6121/im/roster-ver-latest-version': {
    requirements: ['rfc6121-2.6.3-full-or-empty-result'],
    breaks: 'answers a versioned get with a stale version',
    behaviour: { verResultStale: true },
    also: [
      {
        requirements: ['rfc6121-2.6.3-full-or-empty-result'],
        breaks: 'answers a get with a stale version with an empty result and nothing after it',
        behaviour: { interimNoPush: true },
      },
    ],
  },
  'rfc6121/im/roster-ver-in-push': {
    requirements: ['rfc6121-2.6.3-push-includes-ver'],
    breaks: "leaves 'ver' out of pushes",
    behaviour: { pushWithoutVer: true },
  },
  'rfc6121/im/roster-ver-unique-per-push': {
    requirements: ['rfc6121-2.6.3-push-ver-unique'],
    breaks: 'repeats a version in two pushes',
    behaviour: { pushVerRepeated: true },
  },
  'rfc6121/im/roster-ver-interim-pushes': {
    requirements: ['rfc6121-2.6.3-interim-pushes'],
    breaks: 'sends neither the roster nor the interim pushes',
    behaviour: { interimNoPush: true },
  },
  'rfc6121/im/roster-empty-result': {
    requirements: ['rfc6121-2.1.4-empty-roster-empty-query'],
    breaks: 'answers an empty roster get with an error',
    behaviour: { emptyRosterError: true },
  },
  'rfc6121/im/roster-update-replaces-item': {
    requirements: ['rfc6121-2.4.1-atomic-update'],
    breaks: 'merges an update into the stored item',
    behaviour: { rosterUpdateMerges: true },
    also: [{ requirements: ['rfc6121-2.4.2-update-result'], breaks: 'sends no result to a roster set', behaviour: { rosterSetNoResult: true } }],
  },
  'rfc6121/im/roster-update-duplicate-groups': {
    requirements: ['rfc6121-2.4.3-update-bad-request'],
    breaks: 'accepts duplicate groups in an update',
    behaviour: { acceptDuplicateGroupsOnUpdate: true },
  },
  'rfc6121/im/roster-of-other-account-refused': {
    requirements: ['rfc6121-2-restrict-roster-access'],
    breaks: "lets a user read and change another account's roster",
    behaviour: { rosterOtherAccessible: true },
  },
  'rfc6121/im/roster-set-other-account-forbidden': {
    requirements: ['rfc6121-2.3.3-forbidden-unauthorized', 'rfc6121-2.1.5-verify-authorized'],
    breaks: 'refuses a roster set to another account with an error other than <forbidden/>',
    behaviour: { rosterOtherNotForbidden: true },
  },
  'rfc6121/im/roster-pushes-in-order': {
    requirements: ['rfc6121-2.6.3-push-order'],
    breaks: 'pushes two updates in reverse order',
    behaviour: { pushesReordered: true },
  },
  // RFC 6121 §4 and §8.5, second batch (suites/im/presence-rules.ts, suites/im/message-rules.ts)
  'rfc6121/im/presence-to-all-contact-resources': {
    requirements: ['rfc6121-4.2.3-deliver-to-all-available'],
    breaks: "delivers presence to one of the contact's resources",
    behaviour: { presenceToOneContactResource: true },
    also: [
      {
        requirements: ['rfc6121-4.4.3-deliver-to-all-available'],
        breaks: "delivers presence updates to one of the contact's resources",
        behaviour: { presenceToOneContactResourceOn: 'update' },
      },
      {
        requirements: ['rfc6121-4.5.3-deliver-to-all-available'],
        breaks: "delivers unavailable presence to one of the contact's resources",
        behaviour: { presenceToOneContactResourceOn: 'unavailable' },
      },
    ],
  },
  'rfc6121/im/presence-update-to-own-resources': {
    requirements: ['rfc6121-4.4.2-send-to-own-resources'],
    breaks: "does not send presence updates to the user's own resources",
    behaviour: { noOwnPresenceBroadcast: true },
  },
  'rfc6121/im/unavailable-to-own-resources': {
    requirements: ['rfc6121-4.5.2-unavailable-to-own-resources'],
    breaks: "does not send unavailable presence to the user's own resources",
    behaviour: { unavailableNotToOwn: true },
  },
  'rfc6121/im/available-after-unavailable-is-initial': {
    requirements: ['rfc6121-4.5.2-presence-after-unavailable-is-initial'],
    breaks: 'ignores available presence after unavailable presence',
    behaviour: { ignoreAvailableAfterUnavailable: true },
  },
  'rfc6121/im/no-broadcast-to-directed-only': {
    requirements: ['rfc6121-4.6.3-no-broadcast-to-directed'],
    breaks: 'broadcasts presence to directed-presence recipients',
    behaviour: { broadcastToDirected: true },
  },
  'rfc6121/im/directed-unavailable-removes-recipient': {
    requirements: ['rfc6121-4.6.1-remove-on-directed-unavailable'],
    breaks: 'keeps a recipient on the directed list after directed unavailable',
    behaviour: { keepDirectedAfterUnavailable: true },
  },
  'rfc6121/im/directed-to-subscriber-delivered': {
    requirements: ['rfc6121-4.6.3-directed-to-subscriber-deliver'],
    breaks: 'drops directed presence to a subscriber',
    behaviour: { dropDirectedToSubscriber: true },
  },
  'rfc6121/im/directed-before-initial-presence': {
    requirements: ['rfc6121-4.6.3-directed-when-not-available'],
    breaks: 'drops directed presence sent outside a presence session',
    behaviour: { dropDirectedWhenUnavailable: true },
  },
  'rfc6121/im/directed-recipient-becomes-subscriber': {
    requirements: ['rfc6121-4.6.1-directed-then-subscribed-normal'],
    breaks: 'leaves a subscriber that got directed presence out of broadcasts',
    behaviour: { directedSubscriberSkipped: true },
  },
  'rfc6121/im/cancel-with-directed-sends-unavailable': {
    requirements: ['rfc6121-4.6.1-cancel-sends-unavailable'],
    breaks: 'sends no unavailable on cancellation to a contact that got directed presence',
    behaviour: { noUnavailableOnCancelIfDirected: true },
  },
  'rfc6121/im/probe-to-bare-jid-answered-by-server': {
    requirements: ['rfc6121-8.5.2.1.2-probe-handled'],
    breaks: 'passes a probe to the contact instead of answering it',
    behaviour: { probeDelivered: true },
  },
  'rfc6121/im/client-probe-not-an-error': {
    requirements: ['rfc6121-4.3-no-error-for-client-probe'],
    breaks: 'answers client probes with an error',
    behaviour: { probeError: true },
  },
  'rfc6121/im/probe-unsubscribed-from-bare-jid': {
    requirements: ['rfc6121-4.3.2-unsubscribed-bare-from'],
    breaks: "answers a stranger's probe with 'unsubscribed' from a full JID",
    behaviour: { probeUnsubscribedFullJid: true },
  },
  'rfc6121/im/probe-full-jid-only-that-resource': {
    requirements: ['rfc6121-4.3.2-full-jid-probe-only-that-resource'],
    breaks: 'answers a full-JID probe with every resource',
    behaviour: { probeAllResources: true },
    also: [
      {
        requirements: ['rfc6121-4.3.2-full-jid-probe-available', 'rfc6121-8.5.3.1-probe-rules'],
        breaks: "leaves a subscriber's full-JID probe unanswered",
        behaviour: { fullJidProbeUnanswered: true },
      },
    ],
  },
  'rfc6121/im/probe-from-directed-recipient': {
    requirements: ['rfc6121-4.6.6-check-directed'],
    breaks: 'ignores directed presence when answering a probe',
    behaviour: { probeIgnoresDirected: true },
  },
  'rfc6121/im/probe-offline-contact': {
    requirements: ['rfc6121-8.5.2.2.2-probe-handled'],
    breaks: 'answers a probe to an offline contact with an error',
    behaviour: { probeOfflineError: true },
  },
  'rfc6121/im/no-priority-means-zero': {
    requirements: ['rfc6121-4.7.2.3-default-priority-zero'],
    breaks: 'takes presence without <priority/> as negative',
    behaviour: { noPriorityIsNegative: true },
    also: [
      {
        requirements: ['rfc6121-4.7.1-no-type-means-available'],
        breaks: "ignores presence without 'type' instead of taking it as available",
        behaviour: { noTypeNotAvailable: true },
      },
    ],
  },
  'rfc6121/im/unavailable-resource-not-a-delivery-target': {
    requirements: ['rfc6121-4.7.1-unavailable-means-unavailable'],
    breaks: 'delivers to resources that sent unavailable presence',
    behaviour: { unavailableStillReceives: true },
  },
  'rfc6121/im/priority-echo-matches-contacts': {
    requirements: ['rfc6121-4.7.2.3-communicate-override'],
    breaks: 'overrides the priority towards contacts but echoes the original',
    behaviour: { priorityOverrideHidden: true },
  },
  'rfc6121/im/presence-to-bare-jid-all-resources': {
    requirements: ['rfc6121-8.5.2.1.2-presence-to-all-available'],
    breaks: 'delivers presence to a bare JID to one resource',
    behaviour: { presenceBareToOne: true },
  },
  'rfc6121/im/presence-to-bare-jid-to-kept': {
    requirements: ['rfc6121-8.5.2.1.2-no-to-rewrite'],
    breaks: "rewrites the bare 'to' of presence to the full JID",
    behaviour: { presenceBareRewritten: true },
  },
  'rfc6121/im/normal-to-bare-jid-delivered': {
    requirements: ['rfc6121-8.5.2.1.1-normal-single-resource'],
    breaks: 'drops normal messages to bare JIDs',
    behaviour: { dropNormalToBare: true },
  },
  'rfc6121/im/normal-to-bare-jid-most-available': {
    requirements: ['rfc6121-8.5.2.1.1-normal-multiple'],
    breaks: 'drops normal messages to bare JIDs',
    behaviour: { dropNormalToBare: true },
  },
  'rfc6121/im/headline-to-bare-jid-delivered': {
    requirements: ['rfc6121-8.5.2.1.1-headline-single', 'rfc6121-5.2.2-headline-bare-at-least-one'],
    breaks: 'drops headlines to bare JIDs',
    behaviour: { headlineToBareDropped: true },
  },
  'rfc6121/im/headline-to-negative-priority-dropped': {
    requirements: ['rfc6121-8.5.2.1.1-headline-negative-ignore'],
    breaks: 'delivers headlines to negative-priority resources',
    behaviour: { headlineToNegative: true },
  },
  'rfc6121/im/headline-to-full-jid-delivered': {
    requirements: ['rfc6121-5.2.2-headline-full-match'],
    breaks: 'drops headlines to full JIDs',
    behaviour: { headlineFullDropped: true },
  },
  'rfc6121/im/non-chat-to-gone-resource-not-redirected': {
    requirements: ['rfc6121-8.5.3.2.1-normal-groupchat-headline-ignore-or-error'],
    breaks: 'redirects non-chat messages for a gone resource to another one',
    behaviour: { nonChatToGoneDelivered: true },
    also: [
      {
        requirements: ['rfc6121-5.2.2-headline-otherwise-ignore-or-error'],
        breaks: "delivers a headline for a resource that is gone to the user's other resources",
        behaviour: { headlineToGoneDelivered: true },
      },
    ],
  },
  'rfc6121/im/error-to-gone-resource-dropped': {
    requirements: ['rfc6121-8.5.3.2.1-error-ignored'],
    breaks: 'redirects error messages for a gone resource to another one',
    behaviour: { errorToGoneDelivered: true },
  },
  'rfc6121/im/groupchat-to-offline-user-bounced': {
    requirements: ['rfc6121-8.5.2.2.1-groupchat-error'],
    breaks: 'stores groupchat messages for offline users',
    behaviour: { groupchatOfflineStored: true },
  },
  'rfc6121/im/headline-to-offline-user-not-stored': {
    requirements: ['rfc6121-8.5.2.2.1-headline-error-ignored'],
    breaks: 'stores headlines for offline users',
    behaviour: { headlineStoredOffline: true },
  },
  'rfc6121/im/iq-to-bare-jid-answered-by-server': {
    requirements: ['rfc6121-8.5.2.1.3-iq-not-delivered'],
    breaks: "passes an iq for a bare JID to one of the user's resources",
    behaviour: { iqToBareDelivered: true },
    also: [
      {
        requirements: ['rfc6121-8.5.2.1.3-iq-server-replies'],
        breaks: "leaves an iq to another user's bare JID unanswered",
        behaviour: { bareIqCondition: '' },
      },
      {
        requirements: ['rfc6121-8.5.2.1.3-iq-service-unavailable'],
        breaks: "answers an iq to another user's bare JID with <item-not-found/>",
        behaviour: { bareIqCondition: 'item-not-found' },
      },
    ],
  },
  'rfc6121/im/iq-to-offline-bare-jid-answered': {
    requirements: ['rfc6121-8.5.2.2.3-iq-server-replies'],
    breaks: 'does not answer an iq to the bare JID of an offline user',
    behaviour: { iqToOfflineBareSilent: true },
    also: [
      {
        requirements: ['rfc6121-8.5.2.2.3-iq-service-unavailable'],
        breaks: "answers an iq to an offline user's bare JID with <item-not-found/>",
        behaviour: { bareIqCondition: 'item-not-found' },
      },
    ],
  },
};
