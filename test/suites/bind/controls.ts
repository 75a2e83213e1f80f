// Negative controls for the bind area.
import type { ControlTable } from '../../support/control.js';

export const BIND_CONTROLS: ControlTable = {
  'rfc6120/bind/feature-offered': { breaks: 'offers no <bind/> after SASL', behaviour: { noBindFeature: true } },
  'rfc6120/bind/server-generated-resource': { breaks: 'returns a bare JID', behaviour: { bindReturnsBareJid: true } },
  'rfc6120/bind/client-chosen-resource': { breaks: 'returns a bare JID', behaviour: { bindReturnsBareJid: true } },
  'rfc6120/bind/bare-jid-is-account': { breaks: "binds another account's JID", behaviour: { bindWrongAccount: true } },
  'rfc6120/bind/result-in-client-namespace': { breaks: 'answers in jabber:server', behaviour: { bindResultWrongNamespace: true } },
  'rfc6120/bind/resource-conflict': { breaks: 'grants one resource to two sessions', behaviour: { conflict: 'broken' } },
  'rfc6120/bind/bad-resource-refused': { breaks: 'accepts control characters in a resource', behaviour: { acceptAnyResource: true } },
  'rfc7622/bind/resource-case-preserved': { breaks: 'lowercases resources', behaviour: { lowercaseResources: true } },
  'rfc7622/bind/resource-nfc': { breaks: 'does not normalize resources to NFC', behaviour: { noNfc: true } },
  'rfc6120/bind/not-before-auth': { breaks: 'binds before authentication', behaviour: { bindBeforeAuth: true } },
};
