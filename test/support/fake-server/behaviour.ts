// How the fake server behaves. The defaults follow RFC 6120/7622 faithfully; each knob breaks
// exactly one requirement, so a negative control can show that the case checking it fails.
import type { LegacySuiteClass } from '../../../harness/probe/index.js';

import type { PepFault } from './fake-pep.js';

import { DISCO_DEFAULTS, type DiscoBehaviour } from './fake-disco.js';

/**
 * A fault in the server's own stream output, each breaking one rule: a byte order mark (§11.6), an
 * encoding other than UTF-8 declared (§11.6), an XML declaration whose pseudo-attributes are out of
 * order (§11.5), a stream root in the default namespace instead of a prefix (§4.8.5), features under
 * a second prefix for the streams namespace (§4.8.5), stanzas with a prefix for jabber:client
 * (§4.8.5), version='01.0' (§4.7.5), xml:lang='en_GB' (§4.7.4), a comment before each message
 * (§11.1), a stray end tag before each message (§11.3), an element with an undeclared prefix before
 * each message (§11.3), jabber:server as the default namespace of a client stream (§4.8.2), the
 * streams namespace as the default namespace (§4.8.2).
 */
export type OutputFault =
  | 'bom'
  | 'latin1-declared'
  | 'declaration-out-of-order'
  | 'unprefixed-stream'
  | 'second-stream-prefix'
  | 'prefixed-content'
  | 'version-leading-zero'
  | 'bad-lang'
  | 'comment'
  | 'not-well-formed'
  | 'unbound-prefix'
  | 'server-content-ns'
  | 'stream-content-ns';

/**
 * A fault in the stanzas the server sends (output-faults.ts), each breaking one rule: iq errors
 * without 'type' (§8.2.3), iq errors without <error/> (§8.2.3), empty iq results given two children
 * (§8.2.3), an <error/> in non-error messages (§8.3.1), xml:lang='en_GB' on messages (§8.1.5),
 * message text garbled as ISO-8859-1 (§11.6), no messages at all (§8.2.1).
 */
export type StanzaFault = 'iq-error-without-type' | 'iq-error-without-error' | 'empty-result-two-children' | 'error-child-in-message' | 'bad-lang' | 'latin1-text' | 'drop-messages';

export interface Behaviour extends DiscoBehaviour {
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
  /** iq results and errors the server sends: as they are, dropped (a server that stopped answering), or with another id; tests may switch it mid-run */
  iqAnswers: 'faithful' | 'silent' | 'wrong-id';
  /** every SASL <auth/> is answered with an <internal-server-error/> stream error (as jabberd2 does now and then); tests may switch it mid-run */
  authStreamError: boolean;
  serveAnyHost: boolean;
  acceptMissingTo: boolean;
  ignoreStreamNamespace: boolean;
  ignoreContentNamespace: boolean;
  /** on a setup error for an unknown or missing 'to', names that host (or another) in the header's 'from' */
  errorHeaderFromTo: boolean;
  /** refuses a header whose default namespace is jabber:client with <invalid-namespace/> (RFC 6120 §4.8.3) */
  rejectJabberClient: boolean;
  /** the xml:lang of its response header (faithful: the client's, which it supports) */
  responseLang: ((clientLang: string | undefined) => string) | undefined;
  // ── stream errors (RFC 6120 §4.9, §11) ──
  /** closes the stream with no <error/> in it; or adds <text/> in jabber:client, or an application condition in the streams-error namespace */
  streamErrorFault: 'no-error' | 'text-wrong-ns' | 'app-condition-in-streams-ns' | undefined;
  /** before authentication, acts on a stanza (bounces it with a stanza error) and only then sends <not-authorized/> */
  actBeforeNotAuthorized: boolean;
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
  /** a parser whose names are ASCII only: any non-ASCII character in an element or attribute name is not-well-formed (stricter than libexpat, which refuses only what the Fifth Edition added) */
  asciiOnlyNames: boolean;
  /** drops a U+FEFF before the stream header as a byte order mark (RFC 6120 §11.6 says it is a ZWNBSP) */
  stripLeadingBom: boolean;
  ignoreUnknownTopLevel: boolean;
  routeUnknownTopLevel: boolean;
  // ── STARTTLS (RFC 6120 §5, RFC 7590) ──
  starttls: 'required' | 'optional' | 'none';
  omitRequired: boolean;
  saslBeforeTls: boolean;
  /** proceed-wrong-ns: <proceed/> in jabber:client; proceed-then-garbage: <proceed/>, then bytes that are no TLS record for the ClientHello */
  starttlsAnswer: 'proceed' | 'failure' | 'none' | 'proceed-wrong-ns' | 'proceed-then-garbage';
  starttlsAfterTls: boolean;
  proceedTwice: boolean;
  plaintextAfterProceed: boolean;
  tlsMinVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  tlsMaxVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  tlsCiphers: string | undefined;
  /** answers a ClientHello offering a suite of this class (RC4, under 112 bits, static DH) with a ServerHello choosing it, as a server that accepts such suites would; other hellos get the usual TLS */
  tlsLegacySuites: LegacySuiteClass | undefined;
  /** leaves TLS 1.2 out of the versions between tlsMinVersion and tlsMaxVersion */
  tlsNo12: boolean;
  /** how it answers a <starttls/> inside TLS: <failure/> and close (faithful), <failure/> and stay open, a stream error, or not at all */
  secondStarttls: 'failure' | 'failure-open' | 'stream-error' | 'silent';
  /** names on the certificate (default: the domain) */
  certNames: readonly string[] | undefined;
  /** an expired certificate or a small key (test/support/certs.ts); default: valid, RSA 2048 */
  certOptions: { readonly expired?: boolean; readonly key?: string } | undefined;
  // ── SASL (RFC 6120 §6, RFC 5802, RFC 7677) ──
  mechanisms: readonly string[];
  extraMechanismNames: readonly string[];
  noMechanisms: boolean;
  plainBeforeTls: boolean;
  successBeforeTls: boolean;
  failMechanism: string | undefined;
  acceptAnyPassword: boolean;
  unknownMechanismCondition: string;
  /** the SASL condition for an <auth/> with no 'mechanism' attribute */
  noMechanismCondition: string;
  badBase64Condition: string;
  abortCondition: string;
  noRetry: boolean;
  /** every SASL <failure/> without a condition child, or with one §6.5 does not define */
  saslFailureFault: 'no-condition' | 'undefined-condition' | undefined;
  /** skips characters outside the base64 alphabet instead of refusing the data (RFC 6120 §13.9.1) */
  lenientBase64: boolean;
  /** ignores the initial response in <auth/> and answers with an empty challenge (RFC 6120 §6.3.10) */
  ignoreInitialResponse: boolean;
  /** refuses PLAIN with an empty authzid as an invalid one (RFC 6120 §6.6) */
  rejectEmptyAuthzid: boolean;
  /** lists all its mechanisms in one <mechanism/> child, space-separated (RFC 6120 §6.4.1) */
  mechanismsInOneChild: boolean;
  /** the SASL condition for a mechanism requested before a required STARTTLS */
  encryptionRequiredCondition: string;
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
  /** sends a new stream header and features after the bind result, as if binding restarted the stream (RFC 6120 §7.3.2) */
  restartAfterBind: boolean;
  /** stamps 'from' with a resource other than the bound one (RFC 6120 §4.3.6) */
  stampOtherResource: boolean;
  /** the stanza error for a resource it cannot use (faithful: bad-request, RFC 6120 §7.7.2.1) */
  badResourceCondition: string;
  /** appends text to the <body/> of every message it routes */
  alterMessageBody: boolean;
  /** answers a message without 'to' with an error bounce carrying its id instead of delivering it */
  bounceMessageWithoutTo: boolean;
  /** lists <bind/> among the features before authentication (it still binds only after) */
  offerBindBeforeAuth: boolean;
  // ── stanzas (RFC 6120 §8, §10) and IM (RFC 6121), see fake-router.ts ──
  errorWithoutCondition: boolean;
  /** one fault in the stanza errors it routes: no <error/> child, <text/> in jabber:client, an application condition in the stanza-errors namespace, or the error sent as an <iq/> whatever the kind that caused it */
  stanzaErrorFault: 'no-error-child' | 'text-wrong-ns' | 'app-condition-in-stanzas-ns' | 'wrong-kind' | undefined;
  /** the stanza error for an iq to a user that does not exist (faithful: service-unavailable) */
  nonexistentIqCondition: string;
  /** delivers an iq to the sender's own bare JID to one of its resources instead of answering it */
  ownBareIqDelivered: boolean;
  /** ignores stanzas addressed to the bare domain */
  ignoreDomainStanzas: boolean;
  /** ignores iqs without 'to' (neither handles nor answers them) */
  ignoreIqWithoutTo: boolean;
  /** drops every presence stanza a client sends: no support for the <presence/> kind (RFC 6120 §8.2.2) */
  ignorePresence: boolean;
  /** delivers presence updates (or unavailable presence) to one of the contact's resources only (RFC 6121 §4.4.3, §4.5.3) */
  presenceToOneContactResourceOn: 'update' | 'unavailable' | undefined;
  /** directed presence: dropped, or delivered without its children (RFC 6121 §4.6.3, §8.5.3.1) */
  directedPresenceFault: 'dropped' | 'stripped' | undefined;
  /** the contacts' presence sent on login comes from their bare JIDs, not each resource's full JID (RFC 6121 §4.3.2) */
  loginPresenceFromBare: boolean;
  /** the stanza error for an iq to another user's bare JID it does not answer itself ('' for none: dropped) */
  bareIqCondition: string;
  /** ignores presence without 'type' (does not take it as availability, RFC 6121 §4.7.1) */
  noTypeNotAvailable: boolean;
  /** removing an item with a subscription to or from the contact leaves out the 'unsubscribe', or the 'unsubscribed' (RFC 6121 §2.5.2) */
  removeOmits: 'unsubscribe' | 'unsubscribed' | undefined;
  /** a full-JID probe from a subscriber to an available resource goes unanswered (RFC 6121 §4.3.2) */
  fullJidProbeUnanswered: boolean;
  /** answers a request from a pre-approved contact with 'subscribed' from the user's full JID, or not at all (RFC 6121 §3.4.2) */
  preapprovedReply: 'full-jid' | 'none' | undefined;
  /** an inbound cancellation ('unsubscribed') causes no roster push on the user's side (RFC 6121 §3.2.3) */
  noPushOnInboundCancel: boolean;
  /** drops iq requests to a connected full JID, or the results and errors sent back to one (RFC 6120 §10.5.4, RFC 6121 §8.5.3.1) */
  iqRoutingFault: 'drop-requests' | 'drop-responses' | undefined;
  /** sends the user unavailable presence from the contact for an 'unsubscribed' it ignores (RFC 6121 §3.2.2) */
  unavailableOnUnexpectedUnsubscribed: boolean;
  /** delivers a headline to a full JID that is gone to the user's other resources (RFC 6121 §5.2.2) */
  headlineToGoneDelivered: boolean;
  errorWithoutType: boolean;
  iqResultWithoutId: boolean;
  trustClientFrom: boolean;
  noFromStamp: boolean;
  acceptIqWithoutId: boolean;
  acceptIqChildCount: boolean;
  /** leaves an iq get or set with no child or several children unanswered */
  ignoreIqChildCount: boolean;
  /** the stanza error for a domain the server cannot reach ('' for none: the stanza is dropped silently) */
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
  /** the stanza error for an iq to a full JID that is not connected (faithful: service-unavailable) */
  iqToGoneCondition: string;
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
  // ── RFC 6121, second batch (fake-router.ts; each breaks the rule its name says) ──
  emptyRosterError: boolean;
  rosterUpdateMerges: boolean;
  acceptDuplicateGroupsOnUpdate: boolean;
  rosterOtherAccessible: boolean;
  rosterOtherNotForbidden: boolean;
  verResultStale: boolean;
  pushWithoutVer: boolean;
  pushVerRepeated: boolean;
  interimNoPush: boolean;
  pushesReordered: boolean;
  rosterSetClearsAsk: boolean;
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
  noRedelivery: boolean;
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
  probeCancelsPreapproval: boolean;
  presenceToOneContactResource: boolean;
  unavailableNotToOwn: boolean;
  ignoreAvailableAfterUnavailable: boolean;
  broadcastToDirected: boolean;
  keepDirectedAfterUnavailable: boolean;
  dropDirectedToSubscriber: boolean;
  dropDirectedWhenUnavailable: boolean;
  directedSubscriberSkipped: boolean;
  noUnavailableOnCancelIfDirected: boolean;
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
  /** sends the user no roster push for an approval it received (§3.1.6) */
  approvalInboundNoPush: boolean;
  /** answers an iq to another account's bare JID, and passes a copy to that account's resource too (RFC 6121 §8.5.2.1.3) */
  iqToBareCopied: boolean;
  /** answers a probe, and passes it to the contact's resources too (RFC 6121 §8.5.2.1.2) */
  probeCopied: boolean;
  unavailableStillReceives: boolean;
  noPriorityIsNegative: boolean;
  priorityOverrideHidden: boolean;
  presenceBareRewritten: boolean;
  presenceBareToOne: boolean;
  dropNormalToBare: boolean;
  headlineToBareDropped: boolean;
  headlineToNegative: boolean;
  headlineFullDropped: boolean;
  nonChatToGoneDelivered: boolean;
  errorToGoneDelivered: boolean;
  groupchatOfflineStored: boolean;
  headlineStoredOffline: boolean;
  iqToBareDelivered: boolean;
  iqToOfflineBareSilent: boolean;
  bounceSubscriptionToNonexistent: boolean;
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
  /** one fault in what it writes on a stream (RFC 6120 §4.7, §4.8, §11), see OutputFault */
  outputFault: OutputFault | undefined;
  /**
   * one fault in how it answers the client's header, the first one or the new one after TLS or SASL
   * (RFC 6120 §4.1, §4.3.3, §4.3.4, §4.7.3, §5.4.3.3, §6.4.6): no response header at all, a header without 'id', no features, a
   * '</stream:stream>' for the old stream first, the TCP connection torn down, or (after TLS) the
   * header written in the clear under the TLS layer
   */
  restartFault: { readonly after: 'initial' | 'tls' | 'sasl'; readonly fault: 'no-header' | 'no-id' | 'no-features' | 'close-tag' | 'drop-connection' | 'plaintext-header' } | undefined;
  /** one fault in the stanzas it sends (RFC 6120 §8, §11.6), see StanzaFault */
  stanzaFault: StanzaFault | undefined;
  toWithoutFrom: boolean;
  requireInitialResponse: boolean;
  rejectAuthMidHandshake: boolean;
  reorderMessages: boolean;
  ignoreDomainResource: boolean;
  /** added: one PEP rule (XEP-0163, XEP-0060) its PEP service breaks (fake-pep.ts) */
  pepFault: PepFault | undefined;
}

export const FAITHFUL: Readonly<Behaviour> = Object.freeze({
  ...DISCO_DEFAULTS,
  omitFrom: false,
  fixedStreamId: false,
  echoClientId: false,
  versionAnswer: (v: string | undefined) => (v === undefined ? undefined : Number(v) >= 1 ? '1.0' : v),
  omitXmlLang: false,
  omitTo: false,
  featuresInWrongNamespace: false,
  noFeatures: false,
  iqAnswers: 'faithful',
  authStreamError: false,
  serveAnyHost: false,
  acceptMissingTo: false,
  ignoreStreamNamespace: false,
  ignoreContentNamespace: false,
  errorHeaderFromTo: false,
  rejectJabberClient: false,
  responseLang: undefined,
  streamErrorFault: undefined,
  actBeforeNotAuthorized: false,
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
  asciiOnlyNames: false,
  stripLeadingBom: false,
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
  tlsNo12: false,
  secondStarttls: 'failure',
  tlsCiphers: undefined,
  tlsLegacySuites: undefined,
  certNames: undefined,
  certOptions: undefined,
  mechanisms: ['SCRAM-SHA-512-PLUS', 'SCRAM-SHA-256-PLUS', 'SCRAM-SHA-1-PLUS', 'SCRAM-SHA-512', 'SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'],
  extraMechanismNames: [],
  noMechanisms: false,
  plainBeforeTls: false,
  successBeforeTls: false,
  failMechanism: undefined,
  acceptAnyPassword: false,
  unknownMechanismCondition: 'invalid-mechanism',
  noMechanismCondition: 'invalid-mechanism',
  badBase64Condition: 'incorrect-encoding',
  abortCondition: 'aborted',
  noRetry: false,
  saslFailureFault: undefined,
  lenientBase64: false,
  ignoreInitialResponse: false,
  rejectEmptyAuthzid: false,
  mechanismsInOneChild: false,
  encryptionRequiredCondition: 'encryption-required',
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
  restartAfterBind: false,
  stampOtherResource: false,
  badResourceCondition: 'bad-request',
  alterMessageBody: false,
  bounceMessageWithoutTo: false,
  offerBindBeforeAuth: false,
  errorWithoutCondition: false,
  stanzaErrorFault: undefined,
  nonexistentIqCondition: 'service-unavailable',
  ownBareIqDelivered: false,
  ignoreDomainStanzas: false,
  ignoreIqWithoutTo: false,
  ignorePresence: false,
  presenceToOneContactResourceOn: undefined,
  directedPresenceFault: undefined,
  loginPresenceFromBare: false,
  bareIqCondition: 'service-unavailable',
  noTypeNotAvailable: false,
  removeOmits: undefined,
  fullJidProbeUnanswered: false,
  preapprovedReply: undefined,
  noPushOnInboundCancel: false,
  iqRoutingFault: undefined,
  unavailableOnUnexpectedUnsubscribed: false,
  headlineToGoneDelivered: false,
  errorWithoutType: false,
  iqResultWithoutId: false,
  trustClientFrom: false,
  noFromStamp: false,
  acceptIqWithoutId: false,
  acceptIqChildCount: false,
  ignoreIqChildCount: false,
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
  iqToGoneCondition: 'service-unavailable',
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
  emptyRosterError: false,
  rosterUpdateMerges: false,
  acceptDuplicateGroupsOnUpdate: false,
  rosterOtherAccessible: false,
  rosterOtherNotForbidden: false,
  verResultStale: false,
  pushWithoutVer: false,
  pushVerRepeated: false,
  interimNoPush: false,
  pushesReordered: false,
  rosterSetClearsAsk: false,
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
  noRedelivery: false,
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
  probeCancelsPreapproval: false,
  presenceToOneContactResource: false,
  unavailableNotToOwn: false,
  ignoreAvailableAfterUnavailable: false,
  broadcastToDirected: false,
  keepDirectedAfterUnavailable: false,
  dropDirectedToSubscriber: false,
  dropDirectedWhenUnavailable: false,
  directedSubscriberSkipped: false,
  noUnavailableOnCancelIfDirected: false,
  probeDelivered: false,
  probeError: false,
  probeAllResources: false,
  probeUnsubscribedFullJid: false,
  probeIgnoresDirected: false,
  probeOfflineError: false,
  clientProbeIgnored: false,
  probeAnswerStripped: false,
  probeUnauthorizedSilent: false,
  approvalInboundNoPush: false,
  iqToBareCopied: false,
  probeCopied: false,
  unavailableStillReceives: false,
  noPriorityIsNegative: false,
  priorityOverrideHidden: false,
  presenceBareRewritten: false,
  presenceBareToOne: false,
  dropNormalToBare: false,
  headlineToBareDropped: false,
  headlineToNegative: false,
  headlineFullDropped: false,
  nonChatToGoneDelivered: false,
  errorToGoneDelivered: false,
  groupchatOfflineStored: false,
  headlineStoredOffline: false,
  iqToBareDelivered: false,
  iqToOfflineBareSilent: false,
  bounceSubscriptionToNonexistent: false,
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
  outputFault: undefined,
  restartFault: undefined,
  stanzaFault: undefined,
  toWithoutFrom: false,
  requireInitialResponse: false,
  rejectAuthMidHandshake: false,
  reorderMessages: false,
  ignoreDomainResource: false,
  pepFault: undefined,
});
