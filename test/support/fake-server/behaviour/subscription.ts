// Behaviour knobs for presence subscriptions and pre-approvals (RFC 6121 §3); read by router/subscription.ts.
// Each knob breaks exactly one rule (one without a doc comment: the rule its name says); the
// defaults below are faithful.

export interface SubscriptionBehaviour {
  /** answers a request from a pre-approved contact with 'subscribed' from the user's full JID, or not at all (RFC 6121 §3.4.2) */
  preapprovedReply: 'full-jid' | 'none' | undefined;
  /** an inbound cancellation ('unsubscribed') causes no roster push on the user's side (RFC 6121 §3.2.3) */
  noPushOnInboundCancel: boolean;
  /** sends the user unavailable presence from the contact for an 'unsubscribed' it ignores (RFC 6121 §3.2.2) */
  unavailableOnUnexpectedUnsubscribed: boolean;
  subscriptionFromFullJid: boolean;
  noUnavailableOnCancel: boolean;
  subscribeToOneResource: boolean;
  addItemOnInboundSubscribe: boolean;
  approvalNoPush: boolean;
  inboundApprovalIgnored: boolean;
  noPresenceAfterApproval: boolean;
  acceptUnrequestedSubscribed: boolean;
  noAutoReply: boolean;
  unsubscribeNoPush: boolean;
  dropInboundUnsubscribe: boolean;
  noBothState: boolean;
  autoApproveSubscribe: boolean;
  approvalToOneResource: boolean;
  pushBeforeApproval: boolean;
  pushBeforeUnsubscribed: boolean;
  pushBeforeUnsubscribe: boolean;
  cancelNoContactPush: boolean;
  unexpectedUnsubscribedProcessed: boolean;
  unexpectedUnsubscribeProcessed: boolean;
  noUnavailableOnUnsubscribe: boolean;
  keepRequestAfterUnsubscribe: boolean;
  deliverAllStoredRequests: boolean;
  subscribeToFullRaw: boolean;
  dropSubscribeToGoneResource: boolean;
  noPreapproval: boolean;
  /** leaves <sub xmlns='urn:xmpp:features:pre-approval'/> out of the features after authentication */
  noPreapprovalFeature: boolean;
  preapprovalRouted: boolean;
  preapprovedSubscribeDelivered: boolean;
  keepPreapprovalOnUnsubscribed: boolean;
  preapprovalCancelRouted: boolean;
  subscribedWhenFromRouted: boolean;
  noUnavailableOnCancelIfDirected: boolean;
  /** sends the user no roster push for an approval it received (§3.1.6) */
  approvalInboundNoPush: boolean;
  bounceSubscriptionToNonexistent: boolean;
}

export const SUBSCRIPTION_DEFAULTS: Readonly<SubscriptionBehaviour> = {
  preapprovedReply: undefined,
  noPushOnInboundCancel: false,
  unavailableOnUnexpectedUnsubscribed: false,
  subscriptionFromFullJid: false,
  noUnavailableOnCancel: false,
  subscribeToOneResource: false,
  addItemOnInboundSubscribe: false,
  approvalNoPush: false,
  inboundApprovalIgnored: false,
  noPresenceAfterApproval: false,
  acceptUnrequestedSubscribed: false,
  noAutoReply: false,
  unsubscribeNoPush: false,
  dropInboundUnsubscribe: false,
  noBothState: false,
  autoApproveSubscribe: false,
  approvalToOneResource: false,
  pushBeforeApproval: false,
  pushBeforeUnsubscribed: false,
  pushBeforeUnsubscribe: false,
  cancelNoContactPush: false,
  unexpectedUnsubscribedProcessed: false,
  unexpectedUnsubscribeProcessed: false,
  noUnavailableOnUnsubscribe: false,
  keepRequestAfterUnsubscribe: false,
  deliverAllStoredRequests: false,
  subscribeToFullRaw: false,
  dropSubscribeToGoneResource: false,
  noPreapproval: false,
  noPreapprovalFeature: false,
  preapprovalRouted: false,
  preapprovedSubscribeDelivered: false,
  keepPreapprovalOnUnsubscribed: false,
  preapprovalCancelRouted: false,
  subscribedWhenFromRouted: false,
  noUnavailableOnCancelIfDirected: false,
  approvalInboundNoPush: false,
  bounceSubscriptionToNonexistent: false,
};
