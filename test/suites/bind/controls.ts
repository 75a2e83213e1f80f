// Negative controls for the bind area.
import type { ControlTable } from '../../support/control.js';

export const BIND_CONTROLS: ControlTable = {
  'rfc6120/bind/feature-offered': {
    requirements: ['rfc6120-7.4-advertise-bind', 'rfc6120-7.2-bind-support'],
    breaks: 'offers no <bind/> after SASL',
    behaviour: { noBindFeature: true },
    failsAt: /<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'\/> in the features/,
  },
  'rfc6120/bind/server-generated-resource': {
    requirements: ['rfc6120-7.6-server-generated'],
    breaks: 'returns a bare JID',
    behaviour: { bindReturnsBareJid: true },
  },
  'rfc6120/bind/client-chosen-resource': {
    requirements: ['rfc6120-7.7.1-accept-client-resource'],
    breaks: 'returns a bare JID',
    behaviour: { bindReturnsBareJid: true },
    also: [
      {
        requirements: ['rfc6120-7.3.2-no-restart-after-bind'],
        breaks: 'sends a new stream header and features after the bind result',
        behaviour: { restartAfterBind: true },
        failsAt: /a new stream header after the bind result/,
      },
    ],
  },
  'rfc6120/bind/bare-jid-is-account': {
    requirements: ['rfc6120-4.3.6-bare-jid-authzid'],
    breaks: "binds another account's JID",
    behaviour: { bindWrongAccount: true },
    also: [
      { requirements: ['rfc6120-7.6.1-bound-jid'], breaks: 'puts the bare JID in the <jid/> of the bind result', behaviour: { bindReturnsBareJid: true } },
    ],
  },
  'rfc6120/bind/result-in-client-namespace': {
    requirements: ['rfc6120-4.8.3-content-namespace'],
    breaks: 'answers in jabber:server',
    behaviour: { bindResultWrongNamespace: true },
    also: [{ requirements: ['rfc6120-8.2.3-iq-response-id'], breaks: 'answers the bind request with another id', behaviour: { bindResultWrongId: true } }],
  },
  'rfc6120/bind/resource-conflict': {
    requirements: ['rfc6120-7.7.2.2-conflict', 'rfc6120-7.5-unique-resourcepart'],
    breaks: 'grants one resource to two sessions',
    behaviour: { conflict: 'broken' },
  },
  'rfc6120/bind/bad-resource-refused': {
    requirements: ['rfc7622-3.4-resourcepart-opaquestring'],
    breaks: 'accepts control characters in a resource',
    behaviour: { acceptAnyResource: true },
    also: [
      {
        requirements: ['rfc6120-7.7.2.1-bad-request'],
        breaks: 'refuses an unusable resource with <internal-server-error/>',
        behaviour: { badResourceCondition: 'internal-server-error' },
      },
    ],
  },
  'rfc7622/bind/resource-case-preserved': {
    requirements: ['rfc7622-3.4-resource-case'],
    breaks: 'lowercases resources',
    behaviour: { lowercaseResources: true },
  },
  'rfc7622/bind/resource-nfc': { requirements: ['rfc7622-3.4-resource-nfc'], breaks: 'does not normalize resources to NFC', behaviour: { noNfc: true } },
  'rfc6120/bind/not-before-auth': {
    requirements: ['rfc6120-7.4-no-bind-before-auth'],
    breaks: 'binds before authentication',
    behaviour: { bindBeforeAuth: true },
    also: [
      {
        requirements: ['rfc6120-7.4-no-bind-before-auth'],
        breaks: 'offers <bind/> before authentication',
        behaviour: { offerBindBeforeAuth: true },
        failsAt: /no <bind\/> among the stream features before authentication/,
      },
    ],
  },
};
