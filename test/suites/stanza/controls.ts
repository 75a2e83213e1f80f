// Negative controls for the stanza area (RFC 6120 §8, §10): the fake router breaks one rule each.
import type { ControlTable } from '../../support/control.js';

export const STANZA_CONTROLS: ControlTable = {
  'rfc6120/stanza/from-stamped-on-message': {
    requirements: ['rfc6120-8.1.2.1-stamp-full-jid', 'rfc6120-8.1.2.1-from-on-relayed'],
    breaks: "delivers messages without stamping 'from'",
    behaviour: { noFromStamp: true },
    also: [
      {
        requirements: ['rfc6120-4.3.6-resourcepart-from-binding', 'rfc6120-8.1.2.1-stamp-full-jid'],
        breaks: "stamps 'from' with a resource other than the bound one",
        behaviour: { stampOtherResource: true },
      },
    ],
  },
  'rfc6120/stanza/from-stamped-on-iq': {
    requirements: ['rfc6120-8.1.2.1-stamp-full-jid'],
    breaks: "routes iqs without stamping 'from'",
    behaviour: { noFromStamp: true },
  },
  'rfc6120/stanza/spoofed-from-overridden': {
    requirements: ['rfc6120-8.1.2.1-stamp-full-jid'],
    breaks: "trusts the 'from' a client writes",
    behaviour: { trustClientFrom: true },
  },
  'rfc6120/stanza/to-not-modified': {
    requirements: ['rfc6120-8.1.1.1-no-to-modification'],
    breaks: "rewrites 'to' to the bare JID",
    behaviour: { rewriteToBare: true },
  },
  'rfc6120/stanza/server-reply-from-domain': {
    requirements: ['rfc6120-8.1.2.1-server-from-domain'],
    breaks: "answers for the domain without 'from'",
    behaviour: { serverReplyNoFrom: true },
    also: [{ requirements: ['rfc6120-10.5.1-domain-handle-or-error'], breaks: 'ignores stanzas to the bare domain', behaviour: { ignoreDomainStanzas: true } }],
  },
  'rfc6120/stanza/account-reply-from': {
    requirements: ['rfc6120-8.1.2.1-account-from'],
    breaks: 'answers roster gets from the domain',
    behaviour: { rosterResultFromDomain: true },
  },
  'rfc6120/stanza/server-reply-to-full-jid': {
    requirements: ['rfc6120-8.1.1.1-reply-to-full-jid'],
    breaks: 'addresses its answers to the bare JID',
    behaviour: { replyToBareJid: true },
  },
  'rfc6120/stanza/iq-result-keeps-id': {
    requirements: ['rfc6120-8.2.3-iq-response-id', 'rfc6120-8.1.3-response-id-match'],
    breaks: 'drops the id from its iq results',
    behaviour: { iqResultWithoutId: true },
  },
  'rfc6120/stanza/iq-unknown-namespace-no-to': {
    requirements: ['rfc6120-10.3.3-unknown-namespace-service-unavailable'],
    breaks: 'answers unknown iq payloads with a result',
    behaviour: { unknownIqAnswer: 'result' },
  },
  'rfc6120/stanza/iq-set-unknown-namespace-to-domain': {
    requirements: ['rfc6120-8.4-unknown-iq-service-unavailable'],
    breaks: 'answers unknown iq payloads with a result',
    behaviour: { unknownIqAnswer: 'result' },
  },
  'rfc6120/stanza/iq-unknown-namespace-to-bare-jid': {
    requirements: ['rfc6120-8.4-unknown-iq-service-unavailable'],
    breaks: 'answers unknown iq payloads with a result',
    behaviour: { unknownIqAnswer: 'result' },
    also: [
      {
        requirements: ['rfc6120-10.5.3.2-iq-handled-for-account'],
        breaks: "delivers an iq to the account's bare JID to a resource instead of answering it",
        behaviour: { ownBareIqDelivered: true },
      },
    ],
  },
  'rfc6120/stanza/iq-to-nonexistent-user': {
    requirements: ['rfc6120-10.5.3.1-iq-no-such-user', 'rfc6121-8.5.1-iq-service-unavailable'],
    breaks: 'answers iqs for users that do not exist',
    behaviour: { answerForNonexistentUser: true },
    also: [
      {
        requirements: ['rfc6120-8.3.3.19-service-unavailable-no-leak', 'rfc6120-10.5.3.1-iq-no-such-user'],
        breaks: 'answers an iq to a user that does not exist with <item-not-found/>, telling that the account does not exist',
        behaviour: { nonexistentIqCondition: 'item-not-found' },
      },
    ],
  },
  'rfc6120/stanza/iq-to-unavailable-resource': {
    requirements: ['rfc6120-10.5.4-no-such-resource-as-bare'],
    breaks: 'drops iqs to resources that are gone',
    behaviour: { dropIqToGoneResource: true },
    also: [
      {
        requirements: ['rfc6120-10.5.4-no-such-resource-as-bare'],
        breaks: 'answers an iq to a resource that is gone with <item-not-found/>',
        behaviour: { iqToGoneCondition: 'item-not-found' },
      },
    ],
  },
  'rfc6120/stanza/iq-missing-type': {
    requirements: ['rfc6120-8.2.3-iq-type-bad-request'],
    breaks: "accepts iqs without a valid 'type'",
    behaviour: { acceptIqBadType: true },
  },
  'rfc6120/stanza/iq-unknown-type': {
    requirements: ['rfc6120-8.2.3-iq-type-bad-request'],
    breaks: "accepts iqs without a valid 'type'",
    behaviour: { acceptIqBadType: true },
  },
  'rfc6120/stanza/iq-get-without-child': {
    requirements: [],
    breaks: 'answers an empty iq get with a result',
    behaviour: { acceptIqChildCount: true },
    also: [{ requirements: ['rfc6120-8.2.3-reply-to-get-set'], breaks: 'leaves it unanswered', behaviour: { ignoreIqChildCount: true } }],
  },
  'rfc6120/stanza/iq-get-with-two-children': {
    requirements: [],
    breaks: 'answers an iq get with two children with a result',
    behaviour: { acceptIqChildCount: true },
    also: [{ requirements: ['rfc6120-8.2.3-reply-to-get-set'], breaks: 'leaves it unanswered', behaviour: { ignoreIqChildCount: true } }],
  },
  'rfc6120/stanza/unsolicited-iq-result-ignored': {
    requirements: ['rfc6120-10.3.3-ignore-unmatched-result-error', 'rfc6120-8.2.3-no-reply-to-result-error'],
    breaks: 'answers unsolicited iq results',
    behaviour: { answerUnsolicited: true },
  },
  'rfc6120/stanza/unsolicited-iq-error-ignored': {
    requirements: ['rfc6120-10.3.3-ignore-unmatched-result-error', 'rfc6120-8.2.3-no-reply-to-result-error'],
    breaks: 'answers unsolicited iq errors',
    behaviour: { answerUnsolicited: true },
  },
  'rfc6120/stanza/iq-routed-to-full-jid': {
    requirements: ['rfc6120-8.4-route-unknown-unmodified'],
    breaks: 'strips unknown payloads when routing',
    behaviour: { stripUnknownPayload: true },
    also: [
      {
        requirements: ['rfc6120-10.5.4-deliver-full-jid'],
        breaks: 'drops iq requests to a connected full JID',
        behaviour: { iqRoutingFault: 'drop-requests' },
      },
      {
        requirements: ['rfc6121-8.5.3.1-iq-response-delivered'],
        breaks: 'drops the results sent back to a connected full JID',
        behaviour: { iqRoutingFault: 'drop-responses' },
      },
    ],
  },
  'rfc6120/stanza/error-has-error-child': {
    requirements: ['rfc6120-8.3.2-error-type'],
    breaks: "sends <error/> without a 'type'",
    behaviour: { errorWithoutType: true },
    also: [
      {
        requirements: ['rfc6120-8.3.1-error-child'],
        breaks: 'sends stanzas of type error without an <error/> child',
        behaviour: { stanzaErrorFault: 'no-error-child' },
      },
    ],
  },
  'rfc6120/stanza/error-one-defined-condition': {
    requirements: ['rfc6120-8.3.2-defined-condition'],
    breaks: 'sends <error/> without a defined condition',
    behaviour: { errorWithoutCondition: true },
    also: [
      {
        requirements: ['rfc6120-8.3.2-text-namespace'],
        breaks: 'puts <text/> in jabber:client in its stanza errors',
        behaviour: { stanzaErrorFault: 'text-wrong-ns' },
      },
      {
        requirements: ['rfc6120-8.3.2-app-condition-namespace'],
        breaks: 'puts an application condition in the stanza-errors namespace',
        behaviour: { stanzaErrorFault: 'app-condition-in-stanzas-ns' },
      },
    ],
  },
  'rfc6120/stanza/error-keeps-id': {
    requirements: ['rfc6120-8.3.1-error-id', 'rfc6120-8.1.3-response-id-match'],
    breaks: "drops the 'id' from its error stanzas",
    behaviour: { errorWithoutId: true },
    also: [
      { requirements: ['rfc6120-8.3.2-stanza-kind'], breaks: 'answers a message with an <iq/> of type error', behaviour: { stanzaErrorFault: 'wrong-kind' } },
    ],
  },
  'rfc6120/stanza/no-error-for-error': {
    requirements: ['rfc6120-8.3.1-no-error-loop'],
    breaks: 'answers error stanzas with errors',
    behaviour: { errorForError: true },
  },
  'rfc6120/stanza/extended-content-unmodified': {
    requirements: ['rfc6120-8.4-route-unknown-unmodified'],
    breaks: 'strips unknown payloads when routing',
    behaviour: { stripUnknownPayload: true },
  },
  'rfc6120/stanza/omemo-payload-unmodified': {
    requirements: ['rfc6120-8.4-route-unknown-unmodified'],
    breaks: 'strips unknown payloads when routing',
    behaviour: { stripUnknownPayload: true },
  },
  'rfc6120/stanza/openpgp-payload-unmodified': {
    requirements: ['rfc6120-8.4-route-unknown-unmodified'],
    breaks: 'strips unknown payloads when routing',
    behaviour: { stripUnknownPayload: true },
  },
  'rfc6120/stanza/message-without-to-goes-to-own-bare-jid': {
    requirements: ['rfc6120-10.3.1-message-no-to-bare-jid'],
    breaks: "drops messages without 'to'",
    behaviour: { dropMessageWithoutTo: true },
    also: [
      {
        requirements: ['rfc6120-10.3.1-message-no-to-bare-jid'],
        breaks: "answers a message without 'to' with an error bounce carrying its id",
        behaviour: { bounceMessageWithoutTo: true },
      },
      {
        requirements: ['rfc6120-10.3.1-message-no-to-bare-jid'],
        breaks: 'appends text to the <body/> of the messages it delivers',
        behaviour: { alterMessageBody: true },
      },
    ],
  },
  'rfc6120/stanza/message-to-full-jid-delivered': {
    requirements: [],
    breaks: 'copies full-JID messages to every resource',
    behaviour: { fullJidToAllResources: true },
    also: [
      {
        requirements: ['rfc6120-10.5.4-deliver-full-jid', 'rfc6121-8.5.3.1-deliver-full-jid'],
        breaks: 'appends text to the <body/> of the messages it delivers',
        behaviour: { alterMessageBody: true },
      },
    ],
  },
  'rfc6120/stanza/message-to-nonexistent-user': {
    requirements: ['rfc6120-10.5.3.1-message-no-such-user', 'rfc6121-8.5.1-message-ignore-or-error'],
    breaks: 'answers <item-not-found/> for unknown users',
    behaviour: { nonexistentUserCondition: 'item-not-found' },
  },
  'rfc6120/stanza/presence-to-nonexistent-user': {
    requirements: ['rfc6120-10.5.3.1-presence-no-such-user', 'rfc6121-8.5.1-presence-ignored'],
    breaks: 'bounces presence to unknown users',
    behaviour: { bouncePresenceToNonexistent: true },
  },
  'rfc6120/stanza/to-malformed-jid': {
    requirements: ['rfc7622-3.3-localpart-nonempty'],
    breaks: 'answers a malformed JID with <service-unavailable/>, as for a valid address of no account',
    behaviour: { malformedJidCondition: 'service-unavailable' },
    also: [
      {
        requirements: ['rfc6120-8.3.1-iq-error-required'],
        breaks: 'drops an iq to a malformed address without an error',
        behaviour: { malformedJidCondition: '' },
      },
    ],
  },
  'rfc6120/stanza/remote-domain-unreachable': {
    requirements: ['rfc6120-10.4.3-remote-server-not-found'],
    breaks: 'answers an unreachable domain with <item-not-found/>',
    behaviour: { remoteCondition: 'item-not-found' },
    also: [
      { requirements: ['rfc6120-10.4.3-remote-error'], breaks: 'drops a stanza to an unreachable domain without an error', behaviour: { remoteCondition: '' } },
    ],
  },
  'rfc6120/stanza/xml-lang-preserved': {
    requirements: ['rfc6120-8.1.5-no-lang-modification', 'rfc6120-4.7.4-no-lang-modification'],
    breaks: 'strips xml:lang when routing',
    behaviour: { stripXmlLang: true },
  },
  'rfc6120/stanza/xml-lang-from-stream': {
    requirements: ['rfc6120-8.1.5-add-stream-lang'],
    breaks: "does not add the stream's xml:lang",
    behaviour: { noLangAdded: true },
  },
  'rfc6120/stanza/server-stanza-output': {
    requirements: ['rfc6120-8.1.3-iq-id-required', 'rfc6120-8.2.3-iq-id-required'],
    breaks: 'sends iq results without an id',
    behaviour: { iqResultWithoutId: true },
    also: [
      { requirements: ['rfc6120-8.2.3-iq-type-required'], breaks: "sends iq errors without 'type'", behaviour: { stanzaFault: 'iq-error-without-type' } },
      {
        requirements: ['rfc6120-8.2.3-error-child'],
        breaks: 'sends iq errors without an <error/> child',
        behaviour: { stanzaFault: 'iq-error-without-error' },
      },
      {
        requirements: ['rfc6120-8.2.3-result-child-count'],
        breaks: 'puts two children in an iq result that has none',
        behaviour: { stanzaFault: 'empty-result-two-children' },
      },
      {
        requirements: ['rfc6120-8.3.1-error-child-only-on-error'],
        breaks: "adds an <error/> to messages that are not of type 'error'",
        behaviour: { stanzaFault: 'error-child-in-message' },
      },
      { requirements: ['rfc6120-8.1.5-lang-syntax'], breaks: "stamps xml:lang='en_GB' on the messages it sends", behaviour: { stanzaFault: 'bad-lang' } },
      {
        requirements: ['rfc6120-11.6-utf8-support'],
        breaks: 'garbles non-ASCII message text (UTF-8 read as ISO-8859-1)',
        behaviour: { stanzaFault: 'latin1-text' },
      },
      {
        requirements: ['rfc6120-8.2.1-message-support'],
        breaks: 'delivers no messages',
        behaviour: { stanzaFault: 'drop-messages' },
        failsAt: /the answer with id .*: nothing within/,
      },
      {
        requirements: ['rfc6120-8.2.3-iq-support'],
        breaks: 'answers no iq',
        behaviour: { iqAnswers: 'silent' },
        failsAt: /an iq result or error with id .* got none/,
      },
    ],
  },
  'rfc6120/stanza/in-order-delivery': {
    requirements: ['rfc6120-10.1-in-order', 'rfc6120-10.1-in-order-local-delivery'],
    breaks: 'lets messages overtake each other',
    behaviour: { reorderMessages: true },
  },
  'rfc6120/stanza/iq-to-domain-resource': {
    requirements: ['rfc6120-10.5.2-domain-resource-handle-or-error'],
    breaks: 'ignores iqs to domain/resource',
    behaviour: { ignoreDomainResource: true },
  },
};
