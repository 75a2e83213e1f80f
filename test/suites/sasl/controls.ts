// Negative controls for the sasl area.
import type { ControlTable } from '../../support/control.js';

const optional = { starttls: 'optional' as const };

export const SASL_CONTROLS: ControlTable = {
  'rfc6120/sasl/mechanisms-offered': { breaks: 'offers no mechanisms after TLS', behaviour: { noMechanisms: true } },
  'rfc4422/sasl/mechanism-names-valid': { breaks: 'offers a lowercase mechanism name', behaviour: { extraMechanismNames: ['scram-sha-1'] } },
  'rfc6120/sasl/no-plain-without-tls': { breaks: 'offers PLAIN before TLS', behaviour: { plainBeforeTls: true }, faithful: optional },
  'rfc6120/sasl/auth-before-required-tls-refused': { breaks: 'lets SASL succeed before a required STARTTLS', behaviour: { successBeforeTls: true } },
  'rfc6120/sasl/success-plain': { breaks: 'refuses valid PLAIN credentials', behaviour: { failMechanism: 'PLAIN' } },
  'rfc6120/sasl/success-scram-sha-1': { breaks: 'sends a wrong SCRAM server signature', behaviour: { scramBadServerSignature: true } },
  'rfc6120/sasl/success-scram-sha-256': { breaks: 'sends a wrong SCRAM server signature', behaviour: { scramBadServerSignature: true } },
  'rfc6120/sasl/success-scram-sha-512': { breaks: 'refuses valid SCRAM-SHA-512 credentials', behaviour: { failMechanism: 'SCRAM-SHA-512' } },
  'rfc6120/sasl/success-scram-sha-1-plus': { breaks: 'binds to a different channel', behaviour: { channelBindingMismatch: true } },
  'rfc6120/sasl/success-scram-sha-256-plus': { breaks: 'binds to a different channel', behaviour: { channelBindingMismatch: true } },
  'rfc6120/sasl/success-scram-sha-512-plus': { breaks: 'binds to a different channel', behaviour: { channelBindingMismatch: true } },
  'rfc6120/sasl/restart-new-stream-id': { breaks: 'keeps the stream id across the restart', behaviour: { fixedStreamId: true } },
  'rfc6120/sasl/wrong-password-plain': { breaks: 'accepts any password', behaviour: { acceptAnyPassword: true } },
  'rfc6120/sasl/unknown-user-plain': { breaks: 'accepts any user', behaviour: { acceptAnyPassword: true } },
  'rfc6120/sasl/wrong-password-scram': { breaks: 'accepts a wrong SCRAM proof', behaviour: { acceptAnyPassword: true } },
  'rfc6120/sasl/invalid-mechanism': { breaks: 'answers an unknown mechanism with <malformed-request/>', behaviour: { unknownMechanismCondition: 'malformed-request' } },
  'rfc6120/sasl/incorrect-encoding': { breaks: 'answers bad base64 with <malformed-request/>', behaviour: { badBase64Condition: 'malformed-request' } },
  'rfc6120/sasl/abort': { breaks: 'answers <abort/> with <not-authorized/>', behaviour: { abortCondition: 'not-authorized' } },
  'rfc6120/sasl/retry-after-failure': { breaks: 'closes the stream after one failure', behaviour: { noRetry: true } },
  'rfc5802/sasl/scram-nonce-extends-client-nonce': { breaks: "ignores the client's nonce", behaviour: { scramFreshNonce: true } },
  'rfc7677/sasl/scram-iteration-count': { breaks: 'uses 1000 iterations', behaviour: { scramIterations: 1000 } },
  'rfc5802/sasl/scram-salt-present': { breaks: 'sends no salt', behaviour: { scramOmitSalt: true } },
  'rfc6120/sasl/scram-success-data': { breaks: 'sends v= in a challenge, then an empty <success/>', behaviour: { scramFinalInChallenge: true } },
  'rfc6120/sasl/plain-without-initial-response': { breaks: 'fails PLAIN without an initial response', behaviour: { requireInitialResponse: true } },
  'rfc6120/sasl/new-auth-replaces-handshake': { breaks: 'rejects a new <auth/> during a handshake', behaviour: { rejectAuthMidHandshake: true } },
};
