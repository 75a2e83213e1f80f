// Behaviour knobs for message delivery (RFC 6121 §5, §8.5, RFC 6120 §10); read by router/message.ts and
// fake-router.ts (alterMessageBody).
// Each knob breaks exactly one rule (one without a doc comment: the rule its name says); the
// defaults below are faithful.

export interface MessageBehaviour {
  /** appends text to the <body/> of every message it routes */
  alterMessageBody: boolean;
  /** answers a message without 'to' with an error bounce carrying its id instead of delivering it */
  bounceMessageWithoutTo: boolean;
  /** delivers a headline to a full JID that is gone to the user's other resources (RFC 6121 §5.2.2) */
  headlineToGoneDelivered: boolean;
  noOfflineStorage: boolean;
  dropMessageWithoutTo: boolean;
  fullJidToAllResources: boolean;
  nonexistentUserCondition: string;
  rewriteBareToFull: boolean;
  deliverToNegativePriority: boolean;
  deliverToLowestPriority: boolean;
  groupchatDelivered: boolean;
  headlineToOne: boolean;
  errorMessageDelivered: boolean;
  offlineDropped: boolean;
  dropToGoneFullJid: boolean;
  unavailableStillReceives: boolean;
  dropNormalToBare: boolean;
  headlineToBareDropped: boolean;
  headlineToNegative: boolean;
  headlineFullDropped: boolean;
  nonChatToGoneDelivered: boolean;
  errorToGoneDelivered: boolean;
  groupchatOfflineStored: boolean;
  headlineStoredOffline: boolean;
  reorderMessages: boolean;
}

export const MESSAGE_DEFAULTS: Readonly<MessageBehaviour> = {
  alterMessageBody: false,
  bounceMessageWithoutTo: false,
  headlineToGoneDelivered: false,
  noOfflineStorage: false,
  dropMessageWithoutTo: false,
  fullJidToAllResources: false,
  nonexistentUserCondition: 'service-unavailable',
  rewriteBareToFull: false,
  deliverToNegativePriority: false,
  deliverToLowestPriority: false,
  groupchatDelivered: false,
  headlineToOne: false,
  errorMessageDelivered: false,
  offlineDropped: false,
  dropToGoneFullJid: false,
  unavailableStillReceives: false,
  dropNormalToBare: false,
  headlineToBareDropped: false,
  headlineToNegative: false,
  headlineFullDropped: false,
  nonChatToGoneDelivered: false,
  errorToGoneDelivered: false,
  groupchatOfflineStored: false,
  headlineStoredOffline: false,
  reorderMessages: false,
};
