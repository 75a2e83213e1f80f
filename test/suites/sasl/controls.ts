// Negative controls for the sasl area.
import type { ControlTable } from '../../support/control.js';

const optional = { starttls: 'optional' as const };

export const SASL_CONTROLS: ControlTable = {
  'rfc6120/sasl/mechanisms-offered': { requirements: ['rfc6120-6.4.1-advertise-sasl', 'rfc6120-6.2-sasl-support'], breaks: 'offers no mechanisms after TLS', behaviour: { noMechanisms: true } },
  'rfc4422/sasl/mechanism-names-valid': { requirements: ['rfc4422-3.1-mechanism-name-syntax'], breaks: 'offers a lowercase mechanism name', behaviour: { extraMechanismNames: ['scram-sha-1'] } },
  'rfc6120/sasl/no-plain-without-tls': { requirements: ['rfc6120-13.8.3-no-plain-in-clear', 'rfc6120-6.3.4-no-mechanism-before-tls'], breaks: 'offers PLAIN before TLS', behaviour: { plainBeforeTls: true }, faithful: optional },
  'rfc6120/sasl/auth-before-required-tls-refused': { requirements: ['rfc6120-5.3.4-tls-before-sasl', 'rfc6120-5.3.1-tls-mandatory-to-negotiate'], breaks: 'lets SASL succeed before a required STARTTLS', behaviour: { successBeforeTls: true } },
  'rfc6120/sasl/success-plain': { requirements: ['rfc6120-6.4.6-success', 'rfc4616-2-plain'], breaks: 'refuses valid PLAIN credentials', behaviour: { failMechanism: 'PLAIN' } },
  'rfc6120/sasl/success-scram-sha-1': { requirements: ['rfc5802-5-scram-sha-1', 'rfc6120-6.4.3-challenge-data'], breaks: 'sends a wrong SCRAM server signature', behaviour: { scramBadServerSignature: true } },
  'rfc6120/sasl/success-scram-sha-256': { requirements: ['rfc7677-3-scram-sha-256', 'rfc6120-6.4.3-challenge-data'], breaks: 'sends a wrong SCRAM server signature', behaviour: { scramBadServerSignature: true } },
  'rfc6120/sasl/success-scram-sha-512': { requirements: ['rfc6120-6.4.6-success'], breaks: 'refuses valid SCRAM-SHA-512 credentials', behaviour: { failMechanism: 'SCRAM-SHA-512' } },
  'rfc6120/sasl/success-scram-sha-1-plus': { requirements: ['rfc6120-6.4.6-success'], breaks: 'binds to a different channel', behaviour: { channelBindingMismatch: true } },
  'rfc6120/sasl/success-scram-sha-256-plus': { requirements: ['rfc6120-6.4.6-success'], breaks: 'binds to a different channel', behaviour: { channelBindingMismatch: true } },
  'rfc6120/sasl/success-scram-sha-512-plus': { requirements: ['rfc6120-6.4.6-success'], breaks: 'binds to a different channel', behaviour: { channelBindingMismatch: true } },
  'rfc6120/sasl/restart-new-stream-id': {
    requirements: ['rfc6120-6.4.6-restart'],
    breaks: 'keeps the stream id across the restart',
    behaviour: { fixedStreamId: true },
    also: [
      { requirements: ['rfc6120-6.3.2-restart-after-sasl', 'rfc6120-6.4.6-restart'], breaks: 'answers the new header after SASL with nothing', behaviour: { restartFault: { after: 'sasl', fault: 'no-header' } } },
      { requirements: ['rfc6120-6.4.6-features-after-sasl'], breaks: 'sends no features after the SASL restart', behaviour: { restartFault: { after: 'sasl', fault: 'no-features' } } },
    ],
  },
  'rfc6120/sasl/wrong-password-plain': { requirements: ['rfc6120-6.4.5-failure', 'rfc6120-6.5.10-not-authorized'], breaks: 'accepts any password', behaviour: { acceptAnyPassword: true } },
  'rfc6120/sasl/unknown-user-plain': { requirements: ['rfc6120-6.5.10-not-authorized'], breaks: 'accepts any user', behaviour: { acceptAnyPassword: true } },
  'rfc6120/sasl/wrong-password-scram': { requirements: ['rfc6120-6.4.5-failure', 'rfc6120-6.5.10-not-authorized'], breaks: 'accepts a wrong SCRAM proof', behaviour: { acceptAnyPassword: true } },
  'rfc6120/sasl/invalid-mechanism': {
    requirements: ['rfc6120-6.5.7-invalid-mechanism'],
    breaks: 'answers an unknown mechanism with <malformed-request/>',
    behaviour: { unknownMechanismCondition: 'malformed-request' },
    also: [{ requirements: ['rfc6120-6.5.7-invalid-mechanism'], breaks: "answers an <auth/> without 'mechanism' with <malformed-request/>", behaviour: { noMechanismCondition: 'malformed-request' } }],
  },
  'rfc6120/sasl/incorrect-encoding': { requirements: ['rfc6120-6.5.5-incorrect-encoding'], breaks: 'answers bad base64 with <malformed-request/>', behaviour: { badBase64Condition: 'malformed-request' } },
  'rfc6120/sasl/abort': { requirements: ['rfc6120-6.4.4-abort'], breaks: 'answers <abort/> with <not-authorized/>', behaviour: { abortCondition: 'not-authorized' } },
  'rfc6120/sasl/retry-after-failure': { requirements: ['rfc6120-6.4.5-retries'], breaks: 'closes the stream after one failure', behaviour: { noRetry: true } },
  'rfc5802/sasl/scram-nonce-extends-client-nonce': { requirements: ['rfc5802-5.1-nonce'], breaks: "ignores the client's nonce", behaviour: { scramFreshNonce: true } },
  'rfc7677/sasl/scram-iteration-count': { requirements: ['rfc7677-4-iteration-count'], breaks: 'uses 1000 iterations', behaviour: { scramIterations: 1000 } },
  'rfc5802/sasl/scram-salt-present': { requirements: ['rfc5802-5.1-salt'], breaks: 'sends no salt', behaviour: { scramOmitSalt: true } },
  'rfc6120/sasl/scram-success-data': { requirements: ['rfc6120-6.3.10-use-success-data'], breaks: 'sends v= in a challenge, then an empty <success/>', behaviour: { scramFinalInChallenge: true } },
  'rfc6120/sasl/plain-without-initial-response': { requirements: ['rfc6120-6.3.10-support-less-efficient'], breaks: 'fails PLAIN without an initial response', behaviour: { requireInitialResponse: true } },
  'rfc6120/sasl/new-auth-replaces-handshake': { requirements: ['rfc6120-6.4.2-new-auth-restarts-handshake'], breaks: 'rejects a new <auth/> during a handshake', behaviour: { rejectAuthMidHandshake: true } },
};
