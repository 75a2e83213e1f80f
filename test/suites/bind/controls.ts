// Negative controls for the bind area.
import type { ControlTable } from '../../support/control.js';

export const BIND_CONTROLS: ControlTable = {
  'rfc6120/bind/feature-offered': { requirements: ['rfc6120-7.4-advertise-bind'], breaks: 'offers no <bind/> after SASL', behaviour: { noBindFeature: true } },
  'rfc6120/bind/server-generated-resource': { requirements: ['rfc6120-7.6-server-generated'], breaks: 'returns a bare JID', behaviour: { bindReturnsBareJid: true } },
  'rfc6120/bind/client-chosen-resource': { requirements: ['rfc6120-7.7.1-accept-client-resource'], breaks: 'returns a bare JID', behaviour: { bindReturnsBareJid: true } },
  'rfc6120/bind/bare-jid-is-account': { requirements: ['rfc6120-4.3.6-bare-jid-authzid'], breaks: "binds another account's JID", behaviour: { bindWrongAccount: true } },
  'rfc6120/bind/result-in-client-namespace': { requirements: ['rfc6120-4.8.3-content-namespace'], breaks: 'answers in jabber:server', behaviour: { bindResultWrongNamespace: true } },
  'rfc6120/bind/resource-conflict': { requirements: ['rfc6120-7.7.2.2-conflict', 'rfc6120-7.5-unique-resourcepart'], breaks: 'grants one resource to two sessions', behaviour: { conflict: 'broken' } },
  'rfc6120/bind/bad-resource-refused': { requirements: ['rfc7622-3.4-resourcepart-opaquestring'], breaks: 'accepts control characters in a resource', behaviour: { acceptAnyResource: true } },
  'rfc7622/bind/resource-case-preserved': { requirements: ['rfc7622-3.4-resource-case'], breaks: 'lowercases resources', behaviour: { lowercaseResources: true } },
  'rfc7622/bind/resource-nfc': { requirements: ['rfc7622-3.4-resource-nfc'], breaks: 'does not normalize resources to NFC', behaviour: { noNfc: true } },
  'rfc6120/bind/not-before-auth': {
    requirements: ['rfc6120-7.4-no-bind-before-auth'],
    breaks: 'binds before authentication',
    behaviour: { bindBeforeAuth: true },
    also: [{ requirements: ['rfc6120-7.4-no-bind-before-auth'], breaks: 'offers <bind/> before authentication', behaviour: { offerBindBeforeAuth: true } }],
  },
};
