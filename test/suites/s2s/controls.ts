// One broken remote-server peer per s2s case: each breaks exactly the rule its case checks.
import type { S2sControlTable } from '../../support/s2s-control.js';

export const S2S_CONTROLS: S2sControlTable = {
  'rfc6120/s2s/jabber-server-namespace': { breaks: "answers a 'jabber:server' stream in 'jabber:client'", behaviour: { answerJabberClient: true } },
  'rfc6120/s2s/response-to-is-initiator': { breaks: "leaves 'to' off its response header after TLS", behaviour: { omitResponseTo: true } },
  'rfc7590/s2s/external-with-valid-certificate': { breaks: 'never offers SASL EXTERNAL, even for a valid certificate', behaviour: { noExternal: true } },
  'rfc6120/s2s/self-signed-certificate-not-accepted': { breaks: 'takes a self-signed certificate as authentication', behaviour: { acceptSelfSigned: true } },
  'rfc6120/s2s/expired-certificate-not-accepted': { breaks: "does not check a certificate's validity dates", behaviour: { acceptExpired: true } },
  'rfc6120/s2s/other-domain-certificate-not-accepted': { breaks: "does not check a certificate's names", behaviour: { acceptOtherName: true } },
  'rfc6120/s2s/authzid-not-a-bare-domain': { breaks: 'grants any authorization identity', behaviour: { acceptAnyAuthzid: true } },
  'rfc6120/s2s/authzid-other-domain': { breaks: 'grants any authorization identity', behaviour: { acceptAnyAuthzid: true } },
  'rfc6120/s2s/stanza-before-authentication': { breaks: 'delivers stanzas before the remote server authenticated', behaviour: { acceptBeforeAuth: true } },
  'rfc6120/s2s/stanza-without-to': { breaks: "silently drops a stanza without 'to'", behaviour: { dropMissingTo: true } },
  'rfc6120/s2s/stanza-without-from': { breaks: "silently drops a stanza without 'from'", behaviour: { dropMissingFrom: true } },
  'rfc6120/s2s/from-unauthenticated-domain': { breaks: "accepts a 'from' at a domain the stream did not authenticate", behaviour: { acceptInvalidFrom: true } },
  'rfc6120/s2s/to-unserved-domain': { breaks: 'silently drops a stanza to a domain it does not serve', behaviour: { dropUnknownHost: true } },
  'rfc6120/s2s/delivered-in-jabber-client': { breaks: "delivers to its clients in 'jabber:server'", behaviour: { deliverInJabberServer: true } },
  'rfc6120/s2s/delivered-lang-unchanged': { breaks: "strips 'xml:lang' from what it delivers", behaviour: { stripLang: true } },
  'rfc6120/s2s/delivered-payload-unchanged': { breaks: 'strips extension elements it does not know', behaviour: { stripUnknownPayload: true } },
  'rfc6120/s2s/delivered-in-order': { breaks: 'lets messages overtake each other', behaviour: { reorder: true } },
  'rfc6120/s2s/error-for-unknown-recipient': { breaks: 'drops a stanza to an account that does not exist without an error', behaviour: { noErrorForUnknown: true } },
  'rfc6120/s2s/answers-in-jabber-server': { breaks: "answers on the s2s stream in 'jabber:client'", behaviour: { answerJabberClient2: true } },
  'rfc6120/s2s/answers-carry-to-and-from': { breaks: "answers on the s2s stream without 'to'", behaviour: { answerWithoutTo: true } },
};
