// Behaviour knobs for roster management (RFC 6121 §2) and roster versioning (§2.6); read by router/roster.ts (and
// router/iq.ts for another account's roster).
// Each knob breaks exactly one rule (one without a doc comment: the rule its name says); the
// defaults below are faithful.

export interface RosterBehaviour {
  /** removing an item with a subscription to or from the contact leaves out the 'unsubscribe', or the 'unsubscribed' (RFC 6121 §2.5.2) */
  removeOmits: 'unsubscribe' | 'unsubscribed' | undefined;
  pushOnlyToRequester: boolean;
  acceptMultiItemRosterSet: boolean;
  rosterResultFromDomain: boolean;
  acceptDuplicateGroups: boolean;
  acceptEmptyGroup: boolean;
  rosterSetNoResult: boolean;
  rosterIgnoresUpdate: boolean;
  rosterForgetsGroups: boolean;
  applySubscriptionInSet: boolean;
  removeMissingOk: boolean;
  removeKeepsItem: boolean;
  removePushNotRemove: boolean;
  removeNoCancel: boolean;
  rosterResultNoQuery: boolean;
  noRosterPush: boolean;
  pushFromDomain: boolean;
  noAskInPush: boolean;
  pushTwoItems: boolean;
  emptyRosterError: boolean;
  rosterUpdateMerges: boolean;
  acceptDuplicateGroupsOnUpdate: boolean;
  verResultStale: boolean;
  pushWithoutVer: boolean;
  pushVerRepeated: boolean;
  interimNoPush: boolean;
  pushesReordered: boolean;
  rosterSetClearsAsk: boolean;
}

export const ROSTER_DEFAULTS: Readonly<RosterBehaviour> = {
  removeOmits: undefined,
  pushOnlyToRequester: false,
  acceptMultiItemRosterSet: false,
  rosterResultFromDomain: false,
  acceptDuplicateGroups: false,
  acceptEmptyGroup: false,
  rosterSetNoResult: false,
  rosterIgnoresUpdate: false,
  rosterForgetsGroups: false,
  applySubscriptionInSet: false,
  removeMissingOk: false,
  removeKeepsItem: false,
  removePushNotRemove: false,
  removeNoCancel: false,
  rosterResultNoQuery: false,
  noRosterPush: false,
  pushFromDomain: false,
  noAskInPush: false,
  pushTwoItems: false,
  emptyRosterError: false,
  rosterUpdateMerges: false,
  acceptDuplicateGroupsOnUpdate: false,
  verResultStale: false,
  pushWithoutVer: false,
  pushVerRepeated: false,
  interimNoPush: false,
  pushesReordered: false,
  rosterSetClearsAsk: false,
};
