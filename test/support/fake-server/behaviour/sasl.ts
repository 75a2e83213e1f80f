// Behaviour knobs for SASL (RFC 6120 §6, RFC 4422, RFC 5802, RFC 7677); read by fake-sasl.ts and fake-connection.ts.
// Each knob breaks exactly one rule (one without a doc comment: the rule its name says); the
// defaults below are faithful.

export interface SaslBehaviour {
  /** every SASL <auth/> is answered with an <internal-server-error/> stream error (as jabberd2 does now and then); tests may switch it mid-run */
  authStreamError: boolean;
  mechanisms: readonly string[];
  extraMechanismNames: readonly string[];
  noMechanisms: boolean;
  plainBeforeTls: boolean;
  successBeforeTls: boolean;
  failMechanism: string | undefined;
  acceptAnyPassword: boolean;
  unknownMechanismCondition: string;
  /** the SASL condition for an <auth/> with no 'mechanism' attribute */
  noMechanismCondition: string;
  badBase64Condition: string;
  abortCondition: string;
  noRetry: boolean;
  /** every SASL <failure/> without a condition child, or with one §6.5 does not define */
  saslFailureFault: 'no-condition' | 'undefined-condition' | undefined;
  /** skips characters outside the base64 alphabet instead of refusing the data (RFC 6120 §13.9.1) */
  lenientBase64: boolean;
  /** ignores the initial response in <auth/> and answers with an empty challenge (RFC 6120 §6.3.10) */
  ignoreInitialResponse: boolean;
  /** refuses PLAIN with an empty authzid as an invalid one (RFC 6120 §6.6) */
  rejectEmptyAuthzid: boolean;
  /** lists all its mechanisms in one <mechanism/> child, space-separated (RFC 6120 §6.4.1) */
  mechanismsInOneChild: boolean;
  /** the SASL condition for a mechanism requested before a required STARTTLS */
  encryptionRequiredCondition: string;
  scramIterations: number;
  scramFreshNonce: boolean;
  scramOmitSalt: boolean;
  scramBadServerSignature: boolean;
  scramFinalInChallenge: boolean;
  channelBindingMismatch: boolean;
  requireInitialResponse: boolean;
  rejectAuthMidHandshake: boolean;
}

export const SASL_DEFAULTS: Readonly<SaslBehaviour> = {
  authStreamError: false,
  mechanisms: ['SCRAM-SHA-512-PLUS', 'SCRAM-SHA-256-PLUS', 'SCRAM-SHA-1-PLUS', 'SCRAM-SHA-512', 'SCRAM-SHA-256', 'SCRAM-SHA-1', 'PLAIN'],
  extraMechanismNames: [],
  noMechanisms: false,
  plainBeforeTls: false,
  successBeforeTls: false,
  failMechanism: undefined,
  acceptAnyPassword: false,
  unknownMechanismCondition: 'invalid-mechanism',
  noMechanismCondition: 'invalid-mechanism',
  badBase64Condition: 'incorrect-encoding',
  abortCondition: 'aborted',
  noRetry: false,
  saslFailureFault: undefined,
  lenientBase64: false,
  ignoreInitialResponse: false,
  rejectEmptyAuthzid: false,
  mechanismsInOneChild: false,
  encryptionRequiredCondition: 'encryption-required',
  scramIterations: 4096,
  scramFreshNonce: false,
  scramOmitSalt: false,
  scramBadServerSignature: false,
  scramFinalInChallenge: false,
  channelBindingMismatch: false,
  requireInitialResponse: false,
  rejectAuthMidHandshake: false,
};
