// Negative controls for the sasl area.
import type { BrokenPeer, ControlTable } from '../../support/control.js';

const optional = { starttls: 'optional' as const };

/** The two ways to break the defined-condition rules of a SASL <failure/> (RFC 6120 §6.4.5, §6.5). */
const failureFaults = (requirements: readonly string[]): BrokenPeer[] => [
  { requirements, breaks: 'sends its SASL <failure/> without a condition', behaviour: { saslFailureFault: 'no-condition' } },
  { requirements, breaks: 'sends its SASL <failure/> with a condition RFC 6120 §6.5 does not define', behaviour: { saslFailureFault: 'undefined-condition' } },
];

export const SASL_CONTROLS: ControlTable = {
  'rfc6120/sasl/mechanisms-offered': {
    requirements: ['rfc6120-6.4.1-advertise-sasl', 'rfc6120-6.2-sasl-support'],
    breaks: 'offers no mechanisms after TLS',
    behaviour: { noMechanisms: true },
    also: [
      {
        requirements: ['rfc6120-6.4.1-mechanism-per-child'],
        breaks: 'lists all its mechanisms in one <mechanism/> child',
        behaviour: { mechanismsInOneChild: true },
      },
    ],
  },
  'rfc4422/sasl/mechanism-names-valid': {
    requirements: ['rfc4422-3.1-mechanism-name-syntax'],
    breaks: 'offers a lowercase mechanism name',
    behaviour: { extraMechanismNames: ['scram-sha-1'] },
  },
  'rfc6120/sasl/no-plain-without-tls': {
    requirements: ['rfc6120-13.8.3-no-plain-in-clear', 'rfc6120-6.3.4-no-mechanism-before-tls'],
    breaks: 'offers PLAIN before TLS',
    behaviour: { plainBeforeTls: true },
    faithful: optional,
  },
  'rfc6120/sasl/auth-before-required-tls-refused': {
    requirements: ['rfc6120-5.3.4-tls-before-sasl', 'rfc6120-5.3.1-tls-mandatory-to-negotiate'],
    breaks: 'lets SASL succeed before a required STARTTLS',
    behaviour: { successBeforeTls: true },
    also: [
      {
        requirements: ['rfc6120-6.5.4-encryption-required'],
        breaks: 'refuses SASL before the required STARTTLS with <not-authorized/>',
        behaviour: { encryptionRequiredCondition: 'not-authorized' },
      },
    ],
  },
  'rfc6120/sasl/success-plain': {
    requirements: ['rfc6120-6.4.6-success', 'rfc4616-2-plain'],
    breaks: 'refuses valid PLAIN credentials',
    behaviour: { failMechanism: 'PLAIN' },
    also: [
      {
        requirements: ['rfc6120-6.6-empty-authzid'],
        breaks: 'refuses PLAIN with an empty authzid as <invalid-authzid/>',
        behaviour: { rejectEmptyAuthzid: true },
      },
    ],
  },
  'rfc6120/sasl/success-scram-sha-1': {
    requirements: ['rfc5802-5-scram-sha-1', 'rfc6120-6.4.3-challenge-data'],
    breaks: 'sends a wrong SCRAM server signature',
    behaviour: { scramBadServerSignature: true },
    also: [
      { requirements: ['rfc6120-6.4.6-success'], breaks: 'refuses valid SCRAM-SHA-1 credentials', behaviour: { failMechanism: 'SCRAM-SHA-1' } },
      {
        requirements: ['rfc6120-6.4.3-challenge-data'],
        breaks: "answers with a server-first-message whose nonce does not extend the client's",
        behaviour: { scramFreshNonce: true },
      },
    ],
  },
  'rfc6120/sasl/success-scram-sha-256': {
    requirements: ['rfc7677-3-scram-sha-256', 'rfc6120-6.4.3-challenge-data'],
    breaks: 'sends a wrong SCRAM server signature',
    behaviour: { scramBadServerSignature: true },
    also: [
      { requirements: ['rfc6120-6.4.6-success'], breaks: 'refuses valid SCRAM-SHA-256 credentials', behaviour: { failMechanism: 'SCRAM-SHA-256' } },
      {
        requirements: ['rfc6120-6.4.3-challenge-data'],
        breaks: "answers with a server-first-message whose nonce does not extend the client's",
        behaviour: { scramFreshNonce: true },
      },
    ],
  },
  'rfc6120/sasl/success-scram-sha-512': {
    requirements: ['rfc6120-6.4.6-success'],
    breaks: 'refuses valid SCRAM-SHA-512 credentials',
    behaviour: { failMechanism: 'SCRAM-SHA-512' },
    also: [
      {
        requirements: ['rfc6120-6.4.3-challenge-data'],
        breaks: "answers with a server-first-message whose nonce does not extend the client's",
        behaviour: { scramFreshNonce: true },
      },
    ],
  },
  'rfc6120/sasl/success-scram-sha-1-plus': {
    requirements: ['rfc6120-6.4.6-success'],
    breaks: 'binds to a different channel',
    behaviour: { channelBindingMismatch: true },
    also: [
      {
        requirements: ['rfc6120-6.4.3-challenge-data'],
        breaks: "answers with a server-first-message whose nonce does not extend the client's",
        behaviour: { scramFreshNonce: true },
      },
    ],
  },
  'rfc6120/sasl/success-scram-sha-256-plus': {
    requirements: ['rfc6120-6.4.6-success'],
    breaks: 'binds to a different channel',
    behaviour: { channelBindingMismatch: true },
    also: [
      {
        requirements: ['rfc6120-6.4.3-challenge-data'],
        breaks: "answers with a server-first-message whose nonce does not extend the client's",
        behaviour: { scramFreshNonce: true },
      },
    ],
  },
  'rfc6120/sasl/success-scram-sha-512-plus': {
    requirements: ['rfc6120-6.4.6-success'],
    breaks: 'binds to a different channel',
    behaviour: { channelBindingMismatch: true },
    also: [
      {
        requirements: ['rfc6120-6.4.3-challenge-data'],
        breaks: "answers with a server-first-message whose nonce does not extend the client's",
        behaviour: { scramFreshNonce: true },
      },
    ],
  },
  'rfc6120/sasl/restart-new-stream-id': {
    requirements: ['rfc6120-6.4.6-restart'],
    breaks: 'keeps the stream id across the restart',
    behaviour: { fixedStreamId: true },
    also: [
      {
        requirements: ['rfc6120-6.3.2-restart-after-sasl', 'rfc6120-6.4.6-restart'],
        breaks: 'answers the new header after SASL with nothing',
        behaviour: { restartFault: { after: 'sasl', fault: 'no-header' } },
      },
      {
        requirements: ['rfc6120-6.4.6-features-after-sasl'],
        breaks: 'sends no features after the SASL restart',
        behaviour: { restartFault: { after: 'sasl', fault: 'no-features' } },
      },
    ],
  },
  'rfc6120/sasl/wrong-password-plain': {
    requirements: ['rfc6120-6.4.5-failure', 'rfc6120-6.5.10-not-authorized'],
    breaks: 'accepts any password',
    behaviour: { acceptAnyPassword: true },
    also: failureFaults(['rfc6120-6.4.5-failure-condition', 'rfc6120-6.5-defined-condition']),
  },
  'rfc6120/sasl/unknown-user-plain': {
    requirements: ['rfc6120-6.5.10-not-authorized'],
    breaks: 'accepts any user',
    behaviour: { acceptAnyPassword: true },
    also: failureFaults(['rfc6120-6.4.5-failure-condition']),
  },
  'rfc6120/sasl/wrong-password-scram': {
    requirements: ['rfc6120-6.4.5-failure', 'rfc6120-6.5.10-not-authorized'],
    breaks: 'accepts a wrong SCRAM proof',
    behaviour: { acceptAnyPassword: true },
    also: failureFaults(['rfc6120-6.4.5-failure-condition']),
  },
  'rfc6120/sasl/invalid-mechanism': {
    requirements: ['rfc6120-6.5.7-invalid-mechanism'],
    breaks: 'answers an unknown mechanism with <malformed-request/>',
    behaviour: { unknownMechanismCondition: 'malformed-request' },
    also: [
      {
        requirements: ['rfc6120-6.5.7-invalid-mechanism'],
        breaks: "answers an <auth/> without 'mechanism' with <malformed-request/>",
        behaviour: { noMechanismCondition: 'malformed-request' },
      },
      ...failureFaults(['rfc6120-6.4.5-failure-condition', 'rfc6120-6.5-defined-condition']),
    ],
  },
  'rfc6120/sasl/incorrect-encoding': {
    requirements: ['rfc6120-6.5.5-incorrect-encoding'],
    breaks: 'answers bad base64 with <malformed-request/>',
    behaviour: { badBase64Condition: 'malformed-request' },
    also: [
      {
        requirements: ['rfc6120-13.9.1-reject-bad-base64'],
        breaks: 'skips characters outside the base64 alphabet instead of refusing the data',
        behaviour: { lenientBase64: true },
      },
      ...failureFaults(['rfc6120-6.4.5-failure-condition']),
    ],
  },
  'rfc6120/sasl/abort': {
    requirements: ['rfc6120-6.4.4-abort'],
    breaks: 'answers <abort/> with <not-authorized/>',
    behaviour: { abortCondition: 'not-authorized' },
  },
  'rfc6120/sasl/retry-after-failure': { requirements: ['rfc6120-6.4.5-retries'], breaks: 'closes the stream after one failure', behaviour: { noRetry: true } },
  'rfc5802/sasl/scram-nonce-extends-client-nonce': {
    requirements: ['rfc5802-5.1-nonce'],
    breaks: "ignores the client's nonce",
    behaviour: { scramFreshNonce: true },
  },
  'rfc7677/sasl/scram-iteration-count': { requirements: ['rfc7677-4-iteration-count'], breaks: 'uses 1000 iterations', behaviour: { scramIterations: 1000 } },
  'rfc5802/sasl/scram-salt-present': { requirements: ['rfc5802-5.1-salt'], breaks: 'sends no salt', behaviour: { scramOmitSalt: true } },
  'rfc6120/sasl/scram-success-data': {
    requirements: ['rfc6120-6.3.10-use-success-data', 'rfc6120-6.3.10-success-data'],
    breaks: 'sends v= in a challenge, then an empty <success/>',
    behaviour: { scramFinalInChallenge: true },
    also: [
      {
        requirements: ['rfc6120-6.3.10-success-data'],
        breaks: 'ignores the initial response in <auth/> and answers with an empty challenge',
        behaviour: { ignoreInitialResponse: true },
      },
    ],
  },
  'rfc6120/sasl/plain-without-initial-response': {
    requirements: ['rfc6120-6.3.10-support-less-efficient'],
    breaks: 'fails PLAIN without an initial response',
    behaviour: { requireInitialResponse: true },
  },
  'rfc6120/sasl/new-auth-replaces-handshake': {
    requirements: ['rfc6120-6.4.2-new-auth-restarts-handshake'],
    breaks: 'rejects a new <auth/> during a handshake',
    behaviour: { rejectAuthMidHandshake: true },
  },
};
