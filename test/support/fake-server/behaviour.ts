// How the fake server behaves. The defaults follow RFC 6120/7622 faithfully; each knob breaks
// exactly one requirement, so a negative control can show that the case checking it fails.

export interface Behaviour {
  // ── stream header (RFC 6120 §4.7) ──
  omitFrom: boolean;
  fixedStreamId: boolean;
  echoClientId: boolean;
  /** version in the response header for the client's version (undefined: attribute left out) */
  versionAnswer: (clientVersion: string | undefined) => string | undefined;
  omitXmlLang: boolean;
  omitTo: boolean;
  featuresInWrongNamespace: boolean;
  noFeatures: boolean;
  serveAnyHost: boolean;
  acceptMissingTo: boolean;
  ignoreStreamNamespace: boolean;
  ignoreContentNamespace: boolean;
  /** on a setup error for an unknown or missing 'to', names that host (or another) in the header's 'from' */
  errorHeaderFromTo: boolean;
  // ── stream errors (RFC 6120 §4.9, §11) ──
  /** faithful: the parser's condition; silent: say nothing; wrong-condition: <bad-format/> */
  xmlErrorMode: 'faithful' | 'silent' | 'wrong-condition';
  restrictedAsNotWellFormed: boolean;
  noHeaderBeforeError: boolean;
  keepOpenAfterError: boolean;
  errorTwoConditions: boolean;
  noCloseReply: boolean;
  processBeforeAuth: boolean;
  /** before auth, answers a stanza to another entity with a stanza error instead of <not-authorized/> */
  stanzaErrorBeforeAuth: boolean;
  whitespaceIsError: boolean;
  rejectEntities: boolean;
  ignoreUnknownTopLevel: boolean;
  routeUnknownTopLevel: boolean;
  // ── STARTTLS (RFC 6120 §5, RFC 7590) ──
  starttls: 'required' | 'optional' | 'none';
  omitRequired: boolean;
  saslBeforeTls: boolean;
  starttlsAnswer: 'proceed' | 'failure' | 'none';
  starttlsAfterTls: boolean;
  proceedTwice: boolean;
  plaintextAfterProceed: boolean;
  tlsMinVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  tlsMaxVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  tlsCiphers: string | undefined;
  /** names on the certificate (default: the domain) */
  certNames: readonly string[] | undefined;
  // ── SASL (RFC 6120 §6, RFC 5802, RFC 7677) ──
  mechanisms: readonly string[];
  extraMechanismNames: readonly string[];
  noMechanisms: boolean;
  plainBeforeTls: boolean;
  successBeforeTls: boolean;
  failMechanism: string | undefined;
  acceptAnyPassword: boolean;
  unknownMechanismCondition: string;
  badBase64Condition: string;
  abortCondition: string;
  noRetry: boolean;
  scramIterations: number;
  scramFreshNonce: boolean;
  scramOmitSalt: boolean;
  scramBadServerSignature: boolean;
  scramFinalInChallenge: boolean;
  channelBindingMismatch: boolean;
  // ── bind (RFC 6120 §7, RFC 7622 §3.4) ──
  noBindFeature: boolean;
  bindReturnsBareJid: boolean;
  bindWrongAccount: boolean;
  bindResultWrongNamespace: boolean;
  bindResultWrongId: boolean;
  /** faithful: replace the old session; also permitted: refuse, rename; broken: grant twice silently */
  conflict: 'replace' | 'refuse' | 'rename' | 'broken';
  acceptAnyResource: boolean;
  lowercaseResources: boolean;
  noNfc: boolean;
  bindBeforeAuth: boolean;
  // ── stanzas (RFC 6120 §8, §10) and IM (RFC 6121), see fake-router.ts ──
  errorWithoutCondition: boolean;
  errorWithoutType: boolean;
  iqResultWithoutId: boolean;
  trustClientFrom: boolean;
  noFromStamp: boolean;
  acceptIqWithoutId: boolean;
  acceptIqChildCount: boolean;
  /** the stanza error for a domain the server cannot reach */
  remoteCondition: string;
  unknownIqAnswer: 'error' | 'result' | 'silence';
  pushOnlyToRequester: boolean;
  acceptMultiItemRosterSet: boolean;
  subscriptionFromFullJid: boolean;
  noOfflineStorage: boolean;
  rewriteToBare: boolean;
  serverReplyNoFrom: boolean;
  rosterResultFromDomain: boolean;
  replyToBareJid: boolean;
  answerForNonexistentUser: boolean;
  dropIqToGoneResource: boolean;
  acceptIqBadType: boolean;
  answerUnsolicited: boolean;
  stripUnknownPayload: boolean;
  errorWithoutId: boolean;
  errorForError: boolean;
  dropMessageWithoutTo: boolean;
  fullJidToAllResources: boolean;
  nonexistentUserCondition: string;
  bouncePresenceToNonexistent: boolean;
  malformedJidCondition: string;
  stripXmlLang: boolean;
  noLangAdded: boolean;
  // ── RFC 6121 (see fake-router.ts; each breaks the rule its name says) ──
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
  noUnavailableOnCancel: boolean;
  subscribeToOneResource: boolean;
  addItemOnInboundSubscribe: boolean;
  dropOfflineSubscribe: boolean;
  approvalNoPush: boolean;
  inboundApprovalIgnored: boolean;
  noPresenceAfterApproval: boolean;
  acceptUnrequestedSubscribed: boolean;
  noAutoReply: boolean;
  unsubscribeNoPush: boolean;
  dropInboundUnsubscribe: boolean;
  noBothState: boolean;
  noOwnPresenceBroadcast: boolean;
  noBroadcastToSubscribers: boolean;
  noProbeOnLogin: boolean;
  stripPresenceChildren: boolean;
  noUnavailableBroadcast: boolean;
  noUnavailableOnDisconnect: boolean;
  noDirectedUnavailable: boolean;
  broadcastToAll: boolean;
  presenceToGoneBounced: boolean;
  rewriteBareToFull: boolean;
  deliverToNegativePriority: boolean;
  deliverToLowestPriority: boolean;
  groupchatDelivered: boolean;
  headlineToOne: boolean;
  errorMessageDelivered: boolean;
  offlineDropped: boolean;
  dropToGoneFullJid: boolean;
  iqToStrangerDelivered: boolean;
  // ── RFC 7622 addresses (fake-router.ts validJid/canonicalJid) ──
  acceptExcludedLocalChars: boolean;
  acceptLocalSpaces: boolean;
  acceptControlLocal: boolean;
  acceptLongParts: boolean;
  acceptEmptyResource: boolean;
  noLocalCaseFold: boolean;
  noLocalWidthMap: boolean;
  noDomainCaseFold: boolean;
  noDomainWidthMap: boolean;
  keepTrailingDot: boolean;
  noResourceNfcRouting: boolean;
  resourceCaseInsensitive: boolean;
  acceptInvalidRosterJid: boolean;
  subscribeInvalidCreatesItem: boolean;
  asciiOnlyResources: boolean;
  resourcesLowercased: boolean;
  stripResourceSpaces: boolean;
  splitAtLastSlash: boolean;
  atInResourceSplits: boolean;
  /** writes standalone='no' in its XML declaration (RFC 6120 §11.5) */
  standaloneDecl: boolean;
  toWithoutFrom: boolean;
  requireInitialResponse: boolean;
  rejectAuthMidHandshake: boolean;
  reorderMessages: boolean;
  ignoreDomainResource: boolean;
}

export const FAITHFUL: Readonly<Behaviour> = Object.freeze({
  omitFrom: false,
  fixedStreamId: false,
  echoClientId: false,
  versionAnswer: (v: string | undefined) => (v === undefined ? undefined : Number(v) >= 1 ? '1.0' : v),
  omitXmlLang: false,
  omitTo: false,
  featuresInWrongNamespace: false,
  noFeatures: false,
  serveAnyHost: false,
  acceptMissingTo: false,
  ignoreStreamNamespace: false,
  ignoreContentNamespace: false,
  errorHeaderFromTo: false,
  xmlErrorMode: 'faithful',
  restrictedAsNotWellFormed: false,
  noHeaderBeforeError: false,
  keepOpenAfterError: false,
  errorTwoConditions: false,
  noCloseReply: false,
  processBeforeAuth: false,
  stanzaErrorBeforeAuth: false,
  whitespaceIsError: false,
  rejectEntities: false,
  ignoreUnknownTopLevel: false,
  routeUnknownTopLevel: false,
  starttls: 'required',
  omitRequired: false,
  saslBeforeTls: false,
  starttlsAnswer: 'proceed',
  starttlsAfterTls: false,
  proceedTwice: false,
  plaintextAfterProceed: false,
  tlsMinVersion: 'TLSv1.2',
  tlsMaxVersion: 'TLSv1.3',
  tlsCiphers: undefined,
  certNames: undefined,
  mechanisms: ['SCRAM-SHA-512-PLUS', 'SCRAM-SHA-256-PLUS', 'SCRAM-SHA-1-PLUS', 'SCRAM-SHA-512', 'SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'],
  extraMechanismNames: [],
  noMechanisms: false,
  plainBeforeTls: false,
  successBeforeTls: false,
  failMechanism: undefined,
  acceptAnyPassword: false,
  unknownMechanismCondition: 'invalid-mechanism',
  badBase64Condition: 'incorrect-encoding',
  abortCondition: 'aborted',
  noRetry: false,
  scramIterations: 4096,
  scramFreshNonce: false,
  scramOmitSalt: false,
  scramBadServerSignature: false,
  scramFinalInChallenge: false,
  channelBindingMismatch: false,
  noBindFeature: false,
  bindReturnsBareJid: false,
  bindWrongAccount: false,
  bindResultWrongNamespace: false,
  bindResultWrongId: false,
  conflict: 'replace',
  acceptAnyResource: false,
  lowercaseResources: false,
  noNfc: false,
  bindBeforeAuth: false,
  errorWithoutCondition: false,
  errorWithoutType: false,
  iqResultWithoutId: false,
  trustClientFrom: false,
  noFromStamp: false,
  acceptIqWithoutId: false,
  acceptIqChildCount: false,
  remoteCondition: 'remote-server-not-found',
  unknownIqAnswer: 'error',
  pushOnlyToRequester: false,
  acceptMultiItemRosterSet: false,
  subscriptionFromFullJid: false,
  noOfflineStorage: false,
  rewriteToBare: false,
  serverReplyNoFrom: false,
  rosterResultFromDomain: false,
  replyToBareJid: false,
  answerForNonexistentUser: false,
  dropIqToGoneResource: false,
  acceptIqBadType: false,
  answerUnsolicited: false,
  stripUnknownPayload: false,
  errorWithoutId: false,
  errorForError: false,
  dropMessageWithoutTo: false,
  fullJidToAllResources: false,
  nonexistentUserCondition: 'service-unavailable',
  bouncePresenceToNonexistent: false,
  malformedJidCondition: 'jid-malformed',
  stripXmlLang: false,
  noLangAdded: false,
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
  noUnavailableOnCancel: false,
  subscribeToOneResource: false,
  addItemOnInboundSubscribe: false,
  dropOfflineSubscribe: false,
  approvalNoPush: false,
  inboundApprovalIgnored: false,
  noPresenceAfterApproval: false,
  acceptUnrequestedSubscribed: false,
  noAutoReply: false,
  unsubscribeNoPush: false,
  dropInboundUnsubscribe: false,
  noBothState: false,
  noOwnPresenceBroadcast: false,
  noBroadcastToSubscribers: false,
  noProbeOnLogin: false,
  stripPresenceChildren: false,
  noUnavailableBroadcast: false,
  noUnavailableOnDisconnect: false,
  noDirectedUnavailable: false,
  broadcastToAll: false,
  presenceToGoneBounced: false,
  rewriteBareToFull: false,
  deliverToNegativePriority: false,
  deliverToLowestPriority: false,
  groupchatDelivered: false,
  headlineToOne: false,
  errorMessageDelivered: false,
  offlineDropped: false,
  dropToGoneFullJid: false,
  iqToStrangerDelivered: false,
  acceptExcludedLocalChars: false,
  acceptLocalSpaces: false,
  acceptControlLocal: false,
  acceptLongParts: false,
  acceptEmptyResource: false,
  noLocalCaseFold: false,
  noLocalWidthMap: false,
  noDomainCaseFold: false,
  noDomainWidthMap: false,
  keepTrailingDot: false,
  noResourceNfcRouting: false,
  resourceCaseInsensitive: false,
  acceptInvalidRosterJid: false,
  subscribeInvalidCreatesItem: false,
  asciiOnlyResources: false,
  resourcesLowercased: false,
  stripResourceSpaces: false,
  splitAtLastSlash: false,
  atInResourceSplits: false,
  standaloneDecl: false,
  toWithoutFrom: false,
  requireInitialResponse: false,
  rejectAuthMidHandshake: false,
  reorderMessages: false,
  ignoreDomainResource: false,
});
