// One broken remote-server peer per s2s case: each breaks exactly the rule its case checks.
import type { S2sControlTable } from '../../support/s2s-control.js';
import { S2S_DIRECT_TLS_SRV_CONTROLS } from './direct-tls-srv-controls.js';

export const S2S_CONTROLS: S2sControlTable = {
  'rfc6120/s2s/jabber-server-namespace': {
    breaks: "answers a 'jabber:server' stream in 'jabber:client'",
    requirements: ['rfc6120-4.8.3-server-supports-jabber-server'],
    behaviour: { answerJabberClient: true },
  },
  'rfc6120/s2s/response-to-is-initiator': {
    breaks: "leaves 'to' off its response header after TLS",
    requirements: ['rfc6120-4.7.2-s2s-response-to'],
    behaviour: { omitResponseTo: true },
  },
  'rfc7590/s2s/external-with-valid-certificate': {
    breaks: 'never offers SASL EXTERNAL, even for a valid certificate',
    requirements: ['rfc7590-3.4-servers-authenticate-servers'],
    behaviour: { noExternal: true },
  },
  'rfc6120/s2s/self-signed-certificate-not-accepted': {
    breaks: 'takes a self-signed certificate as authentication',
    requirements: ['rfc6120-13.7.2-s2s-untrusted-certificate'],
    behaviour: { acceptSelfSigned: true },
  },
  'rfc6120/s2s/expired-certificate-not-accepted': {
    breaks: "does not check a certificate's validity dates",
    requirements: ['rfc6120-13.7.2-s2s-expired-certificate'],
    behaviour: { acceptExpired: true },
  },
  'rfc6120/s2s/other-domain-certificate-not-accepted': {
    breaks: "does not check a certificate's names",
    requirements: ['rfc6120-13.7.2-s2s-certificate-names-domain'],
    behaviour: { acceptOtherName: true },
  },
  'rfc6120/s2s/authzid-not-a-bare-domain': {
    breaks: 'grants any authorization identity',
    requirements: ['rfc6120-6.3.8-s2s-authzid-domainpart'],
    behaviour: { acceptAnyAuthzid: true },
  },
  'rfc6120/s2s/authzid-other-domain': {
    breaks: 'grants any authorization identity',
    requirements: ['rfc6120-4.3.6-s2s-authzid-domain'],
    behaviour: { acceptAnyAuthzid: true },
  },
  'rfc6120/s2s/stanza-before-authentication': {
    breaks: 'delivers stanzas before the remote server authenticated',
    requirements: ['rfc6120-4.3.5-not-authorized-before-negotiation'],
    behaviour: { acceptBeforeAuth: true },
  },
  'rfc6120/s2s/stanza-without-to': {
    breaks: "silently drops a stanza without 'to'",
    requirements: ['rfc6120-8.1.1.2-improper-addressing', 'rfc6120-10.3-s2s-to-required'],
    behaviour: { dropMissingTo: true },
  },
  'rfc6120/s2s/stanza-without-from': {
    breaks: "silently drops a stanza without 'from'",
    requirements: ['rfc6120-8.1.2.2-improper-addressing'],
    behaviour: { dropMissingFrom: true },
  },
  'rfc6120/s2s/from-unauthenticated-domain': {
    breaks: "accepts a 'from' at a domain the stream did not authenticate",
    requirements: ['rfc6120-8.1.2.2-invalid-from', 'rfc6120-8.1.2.2-from-domain-match'],
    behaviour: { acceptInvalidFrom: true },
  },
  'rfc6120/s2s/to-unserved-domain': {
    breaks: 'silently drops a stanza to a domain it does not serve',
    requirements: ['rfc6120-8.1.1.2-host-unknown', 'rfc6120-10.4-s2s-foreign-to', 'rfc6120-8.1.1.2-to-domain-match'],
    behaviour: { dropUnknownHost: true },
  },
  'rfc6120/s2s/delivered-in-jabber-client': {
    breaks: "delivers to its clients in 'jabber:server'",
    requirements: ['rfc6120-4.8.3-content-namespace'],
    behaviour: { deliverInJabberServer: true },
  },
  'rfc6120/s2s/delivered-lang-unchanged': {
    breaks: "strips 'xml:lang' from what it delivers",
    requirements: ['rfc6120-8.1.5-no-lang-modification'],
    behaviour: { stripLang: true },
  },
  'rfc6120/s2s/delivered-payload-unchanged': {
    breaks: 'strips extension elements it does not know',
    requirements: ['rfc6120-8.4-route-unknown-unmodified'],
    behaviour: { stripUnknownPayload: true },
  },
  'rfc6120/s2s/delivered-in-order': {
    breaks: 'lets messages overtake each other',
    requirements: ['rfc6120-10.1-in-order-s2s-delivery'],
    behaviour: { reorder: true },
  },
  'rfc6120/s2s/error-for-unknown-recipient': {
    breaks: 'drops a stanza to an account that does not exist without an error',
    requirements: ['rfc6120-10.4.3-remote-delivery-error'],
    behaviour: { noErrorForUnknown: true },
  },
  'rfc6120/s2s/answers-in-jabber-server': {
    breaks: "answers on the s2s stream in 'jabber:client'",
    requirements: ['rfc6120-4.8.3-s2s-no-jabber-client'],
    behaviour: { answerJabberClient2: true },
  },
  'rfc6120/s2s/answers-carry-to-and-from': {
    breaks: "answers on the s2s stream without 'to'",
    requirements: ['rfc6120-4.8.3-s2s-to-from-required'],
    behaviour: { answerWithoutTo: true },
  },
  'rfc6120/s2s/initiator-follows-srv': {
    breaks: 'connects to port 5269 instead of the port the SRV record names',
    requirements: ['rfc6120-3.2.1-srv-lookup', 'rfc6120-10.4-route-remote'],
    behaviour: { outIgnoreSrv: true },
  },
  'rfc6120/s2s/initiator-tls-before-auth': {
    breaks: 'skips STARTTLS and goes straight to SASL',
    requirements: ['rfc6120-5.2-use-tls-before-sasl'],
    behaviour: { outNoTls: true },
  },
  'rfc6120/s2s/initiator-from-after-tls': {
    breaks: "leaves 'from' off its stream header after TLS",
    requirements: ['rfc6120-4.7.1-s2s-initiator-from'],
    behaviour: { outNoFromAfterTls: true },
  },
  'rfc6120/s2s/initiator-sends-jabber-server': {
    breaks: "routes stanzas qualified by 'jabber:client'",
    requirements: ['rfc6120-4.8.3-s2s-no-jabber-client'],
    behaviour: { outJabberClient: true },
  },
  'rfc6120/s2s/initiator-stanza-has-to': {
    breaks: "routes stanzas without 'to'",
    requirements: ['rfc6120-8.1.1.2-s2s-to-required'],
    behaviour: { outNoTo: true },
  },
  'rfc6120/s2s/initiator-stanza-has-from': {
    breaks: "routes stanzas without 'from'",
    requirements: ['rfc6120-8.1.2.2-s2s-from-required'],
    behaviour: { outNoFrom: true },
  },
  'rfc6120/s2s/initiator-keeps-order': {
    breaks: 'lets the stanzas it routes overtake each other',
    requirements: ['rfc6120-10.1-in-order-remote-routing'],
    behaviour: { outReorder: true },
  },
  'rfc6120/s2s/response-id': { breaks: "leaves 'id' off its response header", requirements: ['rfc6120-4.7.3-response-id'], behaviour: { omitId: true } },
  'rfc6120/s2s/restart-new-stream-id': {
    breaks: 'keeps the stream id across the TLS restart',
    requirements: ['rfc6120-4.3.3-restart-new-stream-id'],
    behaviour: { sameIdAfterTls: true },
  },
  'rfc6120/s2s/response-from': {
    breaks: "names another domain in the 'from' of its response header",
    requirements: ['rfc6120-4.7.1-response-from'],
    behaviour: { responseFromOther: true },
  },
  'rfc6120/s2s/response-version': {
    breaks: "leaves 'version' off its response header",
    requirements: ['rfc6120-4.7.5-version-response'],
    behaviour: { omitVersion: true },
  },
  'rfc6120/s2s/header-to-unserved-domain': {
    breaks: "serves a stream to any 'to'",
    requirements: ['rfc6120-4.9.3.6-host-unknown'],
    behaviour: { acceptAnyTo: true },
  },
  'rfc6120/s2s/starttls-offered': {
    breaks: 'offers no STARTTLS on its server-to-server port',
    requirements: ['rfc6120-5.2-tls-support'],
    behaviour: { noStarttls: true },
  },
  'rfc6120/s2s/features-after-tls': {
    breaks: 'sends no stream features after the TLS restart',
    requirements: ['rfc6120-4.3.4-resend-features'],
    behaviour: { noFeaturesAfterTls: true },
  },
  'rfc6120/s2s/close-reply': {
    breaks: 'drops the connection without a closing tag when the peer closes',
    requirements: ['rfc6120-4.4-close-reply'],
    behaviour: { noCloseReply: true },
  },
  'rfc6120/s2s/initiator-reuses-stream': {
    breaks: 'opens a new stream for every stanza',
    requirements: ['rfc6120-10.1-single-s2s-stream', 'rfc6120-10.4.1-use-existing-stream'],
    behaviour: { outNewStreamEach: true },
  },
  'rfc6120/s2s/unresolvable-domain-error': {
    breaks: 'swallows a stanza for a domain it cannot resolve, with no error',
    requirements: ['rfc6120-10.4.3-remote-server-not-found'],
    behaviour: { outSilentWhenUnresolved: true },
  },
  'rfc3920/s2s/dialback-asks-authoritative-server': {
    breaks: 'asks the authoritative server about a key with another stream id',
    requirements: ['rfc3920-8.3-verify-with-authoritative'],
    behaviour: { dbWrongVerifyId: true },
  },
  'rfc3920/s2s/dialback-valid-key-accepted': {
    breaks: 'refuses a dialback key the authoritative server confirmed',
    requirements: ['rfc3920-8.3-valid-result'],
    behaviour: { dbRejectValid: true },
  },
  'rfc3920/s2s/dialback-invalid-key-refused': {
    breaks: 'lets in a peer whose dialback key the authoritative server rejected',
    requirements: ['rfc3920-8.3-invalid-result'],
    behaviour: { dbIgnoreInvalid: true },
  },
  'rfc6120/s2s/response-xml-lang': {
    breaks: "leaves 'xml:lang' off its response header",
    requirements: ['rfc6120-4.7.4-response-xml-lang'],
    behaviour: { omitLang: true },
  },
  'rfc6120/s2s/sasl-before-required-tls-refused': {
    breaks: 'grants SASL EXTERNAL before the STARTTLS it requires',
    requirements: ['rfc6120-5.3.1-tls-mandatory-to-negotiate'],
    behaviour: { authBeforeTls: true },
  },
  'rfc6120/s2s/wrong-stream-namespace': {
    breaks: 'takes a stream header in another namespace than the streams namespace',
    requirements: ['rfc6120-4.8.1-wrong-stream-namespace-close'],
    behaviour: { acceptWrongStreamNs: true },
  },
  'rfc6120/s2s/restricted-xml-comment': {
    breaks: 'says nothing about an XML comment',
    requirements: ['rfc6120-11.1-reject-restricted'],
    behaviour: { xmlErrorsSilent: true },
  },
  'rfc6120/s2s/not-well-formed': {
    breaks: 'says nothing about a mismatched end tag',
    requirements: ['rfc6120-11.3-not-well-formed'],
    behaviour: { xmlErrorsSilent: true },
  },
  'rfc6120/s2s/predefined-entities-delivered': {
    breaks: 'delivers bodies without the characters the predefined entities stand for',
    requirements: ['rfc6120-11.1-allow-predefined-entities'],
    behaviour: { mangleEntities: true },
  },
  'rfc6120/s2s/initiator-header-to': {
    breaks: "leaves 'to' off its stream header",
    requirements: ['rfc6120-4.7.2-initiator-to'],
    behaviour: { outHeaderNoTo: true },
  },
  'rfc6120/s2s/initiator-header-version': {
    breaks: "announces version='0.9'",
    requirements: ['rfc6120-4.7.5-initiator-highest-version'],
    behaviour: { outOldVersion: true },
  },
  'rfc6120/s2s/initiator-header-xml-lang': {
    breaks: "leaves 'xml:lang' off its stream header",
    requirements: ['rfc6120-4.7.4-initiator-xml-lang'],
    behaviour: { outNoLang: true },
  },
  'rfc6120/s2s/initiator-close-reply': {
    breaks: 'drops the connection without a closing tag when the harness closes',
    requirements: ['rfc6120-4.4-close-reply'],
    behaviour: { outNoCloseReply: true },
  },
  'rfc6120/s2s/srv-lowest-priority-first': {
    breaks: 'tries SRV targets highest priority value first',
    requirements: ['rfc6120-3.2.1-srv-priority-order'],
    behaviour: { outSrvHighestFirst: true },
  },
  'xep0288/s2s/bidi-only-authenticated-domain': {
    breaks: "sends its clients' stanzas for another domain over a bidi stream authenticated for one domain",
    requirements: ['xep0288-3-only-authenticated-domains'],
    behaviour: { bidiCarriesAnyDomain: true },
  },
  'xep0288/s2s/bidi-nothing-before-auth': {
    breaks: "sends its clients' stanzas over a bidi stream before the remote domain authenticated",
    requirements: ['xep0288-3-no-stanzas-before-auth'],
    behaviour: { bidiCarriesBeforeAuth: true },
  },
  'rfc6120/s2s/srv-next-target-after-refusal': {
    breaks: 'gives up after the first SRV target refuses',
    requirements: ['rfc6120-3.2.1-srv-try-next'],
    behaviour: { outSrvNoRetry: true },
  },
  'rfc6120/s2s/external-server-only-certificate': {
    breaks: 'refuses SASL EXTERNAL from a certificate without the clientAuth key usage with a stream error instead of <failure/>',
    requirements: ['rfc6120-6.4.5-failure'],
    behaviour: { serverOnlyStreamError: true },
    also: [
      {
        breaks: 'refuses SASL EXTERNAL from a certificate without the clientAuth key usage with a <failure/> that names no condition',
        requirements: ['rfc6120-6.4.5-failure-condition'],
        behaviour: { serverOnlyBareFailure: true },
      },
    ],
  },
  'rfc6120/s2s/initiator-refused-connection-error': {
    breaks: 'swallows a stanza when the connection to the remote domain is refused, with no error to the sender',
    requirements: ['rfc6120-10.4.3-remote-error'],
    behaviour: { outSilentOnFailure: true },
  },
  'rfc6120/s2s/initiator-stalled-peer-timeout': {
    breaks: 'swallows a stanza when the remote server accepts the connection and then says nothing',
    requirements: ['rfc6120-10.4.3-remote-error'],
    behaviour: { outSilentOnFailure: true },
    also: [
      {
        breaks: 'reports a remote server that accepted the connection and said nothing as <remote-server-not-found/>',
        requirements: ['rfc6120-10.4.3-remote-server-timeout'],
        behaviour: { outNotFoundOnStall: true },
      },
    ],
  },
  'rfc3920/s2s/initiator-dialback-invalid-not-sent': {
    breaks: "sends its stanzas although its dialback key was answered 'invalid'",
    requirements: ['rfc3920-8.3-initiator-no-stanzas-unless-valid'],
    behaviour: { outSendAfterInvalid: true },
    also: [
      {
        breaks: "drops its stanzas without an error to the sender after an 'invalid' dialback verdict",
        requirements: ['rfc6120-10.4.3-remote-error'],
        behaviour: { outSilentOnFailure: true },
      },
    ],
  },
  'rfc3920/s2s/second-domain-same-stream': {
    breaks: "answers a dialback key for a second domain on an authenticated stream valid, then refuses that domain's stanzas",
    requirements: ['rfc3920-8.3-valid-result'],
    behaviour: { dbOneDomainOnly: true },
  },
  'rfc6120/s2s/initiator-self-signed-receiver-not-trusted': {
    faithful: { certsRequired: true },
    breaks: 'requires certificates of peers but sends to a receiving server whose certificate does not validate',
    requirements: ['rfc6120-13.7.2-s2s-initiator-validates-receiver'],
    behaviour: { certsRequired: true, outTrustAnyCert: true },
    also: [
      {
        breaks: 'requires certificates of peers and drops the stanza for an untrusted receiving server without an error to the sender',
        requirements: ['rfc6120-10.4.3-remote-error'],
        behaviour: { certsRequired: true, outSilentOnFailure: true },
      },
    ],
  },
  'rfc6120/s2s/initiator-expired-receiver-not-trusted': {
    faithful: { certsRequired: true },
    breaks: 'requires certificates of peers but sends to a receiving server whose certificate does not validate',
    requirements: ['rfc6120-13.7.2-s2s-initiator-validates-receiver'],
    behaviour: { certsRequired: true, outTrustAnyCert: true },
    also: [
      {
        breaks: 'requires certificates of peers and drops the stanza for an untrusted receiving server without an error to the sender',
        requirements: ['rfc6120-10.4.3-remote-error'],
        behaviour: { certsRequired: true, outSilentOnFailure: true },
      },
    ],
  },
  'rfc6120/s2s/initiator-wrong-name-receiver-not-trusted': {
    faithful: { certsRequired: true },
    breaks: 'requires certificates of peers but sends to a receiving server whose certificate does not validate',
    requirements: ['rfc6120-13.7.2-s2s-initiator-validates-receiver'],
    behaviour: { certsRequired: true, outTrustAnyCert: true },
    also: [
      {
        breaks: 'requires certificates of peers and drops the stanza for an untrusted receiving server without an error to the sender',
        requirements: ['rfc6120-10.4.3-remote-error'],
        behaviour: { certsRequired: true, outSilentOnFailure: true },
      },
    ],
  },
  'rfc6120/s2s/initiator-header-no-id': {
    breaks: "puts an empty 'id' on its initial stream headers",
    requirements: ['rfc6120-4.7.3-initiator-no-id'],
    behaviour: { outHeaderId: true },
  },
  ...S2S_DIRECT_TLS_SRV_CONTROLS,
};
