// Behaviour knobs for presence broadcast, directed presence and probes (RFC 6121 §4, §8.5); read by router/presence.ts.
// Each knob breaks exactly one rule (one without a doc comment: the rule its name says); the
// defaults below are faithful.

export interface PresenceBehaviour {
  /** delivers presence updates (or unavailable presence) to one of the contact's resources only (RFC 6121 §4.4.3, §4.5.3) */
  presenceToOneContactResourceOn: 'update' | 'unavailable' | undefined;
  /** directed presence: dropped, or delivered without its children (RFC 6121 §4.6.3, §8.5.3.1) */
  directedPresenceFault: 'dropped' | 'stripped' | undefined;
  /** the contacts' presence sent on login comes from their bare JIDs, not each resource's full JID (RFC 6121 §4.3.2) */
  loginPresenceFromBare: boolean;
  /** ignores presence without 'type' (does not take it as availability, RFC 6121 §4.7.1) */
  noTypeNotAvailable: boolean;
  /** a full-JID probe from a subscriber to an available resource goes unanswered (RFC 6121 §4.3.2) */
  fullJidProbeUnanswered: boolean;
  bouncePresenceToNonexistent: boolean;
  dropOfflineSubscribe: boolean;
  noOwnPresenceBroadcast: boolean;
  noBroadcastToSubscribers: boolean;
  noProbeOnLogin: boolean;
  stripPresenceChildren: boolean;
  noUnavailableBroadcast: boolean;
  noUnavailableOnDisconnect: boolean;
  noDirectedUnavailable: boolean;
  broadcastToAll: boolean;
  presenceToGoneBounced: boolean;
  noRedelivery: boolean;
  probeCancelsPreapproval: boolean;
  presenceToOneContactResource: boolean;
  unavailableNotToOwn: boolean;
  ignoreAvailableAfterUnavailable: boolean;
  broadcastToDirected: boolean;
  keepDirectedAfterUnavailable: boolean;
  dropDirectedToSubscriber: boolean;
  dropDirectedWhenUnavailable: boolean;
  directedSubscriberSkipped: boolean;
  probeDelivered: boolean;
  probeError: boolean;
  probeAllResources: boolean;
  probeUnsubscribedFullJid: boolean;
  probeIgnoresDirected: boolean;
  probeOfflineError: boolean;
  /** ignores a probe a client sends (RFC 6121 §4.3) */
  clientProbeIgnored: boolean;
  /** answers probes (and the probes of a login) with the contact's presence stripped of its children (§4.3.2) */
  probeAnswerStripped: boolean;
  /** leaves a probe from a non-subscriber unanswered instead of sending 'unsubscribed' (§4.3.2) */
  probeUnauthorizedSilent: boolean;
  /** answers a probe, and passes it to the contact's resources too (RFC 6121 §8.5.2.1.2) */
  probeCopied: boolean;
  noPriorityIsNegative: boolean;
  priorityOverrideHidden: boolean;
  presenceBareRewritten: boolean;
  presenceBareToOne: boolean;
}

export const PRESENCE_DEFAULTS: Readonly<PresenceBehaviour> = {
  presenceToOneContactResourceOn: undefined,
  directedPresenceFault: undefined,
  loginPresenceFromBare: false,
  noTypeNotAvailable: false,
  fullJidProbeUnanswered: false,
  bouncePresenceToNonexistent: false,
  dropOfflineSubscribe: false,
  noOwnPresenceBroadcast: false,
  noBroadcastToSubscribers: false,
  noProbeOnLogin: false,
  stripPresenceChildren: false,
  noUnavailableBroadcast: false,
  noUnavailableOnDisconnect: false,
  noDirectedUnavailable: false,
  broadcastToAll: false,
  presenceToGoneBounced: false,
  noRedelivery: false,
  probeCancelsPreapproval: false,
  presenceToOneContactResource: false,
  unavailableNotToOwn: false,
  ignoreAvailableAfterUnavailable: false,
  broadcastToDirected: false,
  keepDirectedAfterUnavailable: false,
  dropDirectedToSubscriber: false,
  dropDirectedWhenUnavailable: false,
  directedSubscriberSkipped: false,
  probeDelivered: false,
  probeError: false,
  probeAllResources: false,
  probeUnsubscribedFullJid: false,
  probeIgnoresDirected: false,
  probeOfflineError: false,
  clientProbeIgnored: false,
  probeAnswerStripped: false,
  probeUnauthorizedSilent: false,
  probeCopied: false,
  noPriorityIsNegative: false,
  priorityOverrideHidden: false,
  presenceBareRewritten: false,
  presenceBareToOne: false,
};
