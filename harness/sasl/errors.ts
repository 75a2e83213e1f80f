// Errors of the SASL layer (RFC 4422, RFC 6120 §6). Each message says what was wrong and cites the rule,
// e.g. 'server signature does not verify (RFC 5802 §5.1)'.
import { HarnessError } from '../errors.js';

/** The defined SASL failure conditions of RFC 6120 §6.5. */
export type SaslCondition =
  | 'aborted'
  | 'account-disabled'
  | 'credentials-expired'
  | 'encryption-required'
  | 'incorrect-encoding'
  | 'invalid-authzid'
  | 'invalid-mechanism'
  | 'malformed-request'
  | 'mechanism-too-weak'
  | 'not-authorized'
  | 'temporary-auth-failure';

/**
 * A SASL exchange went wrong. `condition` is set when the problem maps to an RFC 6120 §6.5 condition
 * (e.g. 'incorrect-encoding' for bad base64); client-side verification failures leave it undefined.
 */
export class SaslError extends HarnessError {
  override readonly name = 'SaslError';
  constructor(
    message: string,
    readonly condition?: SaslCondition,
  ) {
    super('SASL', message);
  }
}
