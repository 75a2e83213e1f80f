// Behaviour knobs for stanza semantics after login (RFC 6120 §8, §10): 'from' stamping, iq rules, stanza errors,
// iq routing; read by fake-router.ts, router/iq.ts and output-faults.ts.
// Each knob breaks exactly one rule (one without a doc comment: the rule its name says); the
// defaults below are faithful.

/**
 * A fault in the stanzas the server sends (output-faults.ts), each breaking one rule: iq errors
 * without 'type' (§8.2.3), iq errors without <error/> (§8.2.3), empty iq results given two children
 * (§8.2.3), an <error/> in non-error messages (§8.3.1), xml:lang='en_GB' on messages (§8.1.5),
 * message text garbled as ISO-8859-1 (§11.6), no messages at all (§8.2.1).
 */
export type StanzaFault =
  'iq-error-without-type' | 'iq-error-without-error' | 'empty-result-two-children' | 'error-child-in-message' | 'bad-lang' | 'latin1-text' | 'drop-messages';

export interface StanzaBehaviour {
  /** iq results and errors the server sends: as they are, dropped (a server that stopped answering), or with another id; tests may switch it mid-run */
  iqAnswers: 'faithful' | 'silent' | 'wrong-id';
  /** stamps 'from' with a resource other than the bound one (RFC 6120 §4.3.6) */
  stampOtherResource: boolean;
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
  /** the stanza error for an iq to another user's bare JID it does not answer itself ('' for none: dropped) */
  bareIqCondition: string;
  /** drops iq requests to a connected full JID, or the results and errors sent back to one (RFC 6120 §10.5.4, RFC 6121 §8.5.3.1) */
  iqRoutingFault: 'drop-requests' | 'drop-responses' | undefined;
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
  rewriteToBare: boolean;
  serverReplyNoFrom: boolean;
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
  malformedJidCondition: string;
  stripXmlLang: boolean;
  noLangAdded: boolean;
  iqToStrangerDelivered: boolean;
  rosterOtherAccessible: boolean;
  rosterOtherNotForbidden: boolean;
  /** answers an iq to another account's bare JID, and passes a copy to that account's resource too (RFC 6121 §8.5.2.1.3) */
  iqToBareCopied: boolean;
  iqToBareDelivered: boolean;
  iqToOfflineBareSilent: boolean;
  /** one fault in the stanzas it sends (RFC 6120 §8, §11.6), see StanzaFault */
  stanzaFault: StanzaFault | undefined;
  ignoreDomainResource: boolean;
}

export const STANZA_DEFAULTS: Readonly<StanzaBehaviour> = {
  iqAnswers: 'faithful',
  stampOtherResource: false,
  errorWithoutCondition: false,
  stanzaErrorFault: undefined,
  nonexistentIqCondition: 'service-unavailable',
  ownBareIqDelivered: false,
  ignoreDomainStanzas: false,
  ignoreIqWithoutTo: false,
  ignorePresence: false,
  bareIqCondition: 'service-unavailable',
  iqRoutingFault: undefined,
  errorWithoutType: false,
  iqResultWithoutId: false,
  trustClientFrom: false,
  noFromStamp: false,
  acceptIqWithoutId: false,
  acceptIqChildCount: false,
  ignoreIqChildCount: false,
  remoteCondition: 'remote-server-not-found',
  unknownIqAnswer: 'error',
  rewriteToBare: false,
  serverReplyNoFrom: false,
  replyToBareJid: false,
  answerForNonexistentUser: false,
  dropIqToGoneResource: false,
  iqToGoneCondition: 'service-unavailable',
  acceptIqBadType: false,
  answerUnsolicited: false,
  stripUnknownPayload: false,
  errorWithoutId: false,
  errorForError: false,
  malformedJidCondition: 'jid-malformed',
  stripXmlLang: false,
  noLangAdded: false,
  iqToStrangerDelivered: false,
  rosterOtherAccessible: false,
  rosterOtherNotForbidden: false,
  iqToBareCopied: false,
  iqToBareDelivered: false,
  iqToOfflineBareSilent: false,
  stanzaFault: undefined,
  ignoreDomainResource: false,
};
