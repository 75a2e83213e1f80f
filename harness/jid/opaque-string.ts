// RFC 8265 §4.2: the OpaqueString profile, used for passwords before SASL (RFC 6120 §6.4, RFC 8265 §4.2).
// Kept as a thin entry point for harness/sasl; the profile itself lives in profiles.ts, the framework in
// precis.ts (RFC 8264).
import { opaqueString } from './profiles.js';

export { PrecisError, type PrecisRule } from './precis.js';

/**
 * Prepares and enforces a password with the OpaqueString profile (RFC 8265 §4.2).
 * Returns the enforced string; throws PrecisError naming the rule that refused it.
 */
export function prepareOpaqueString(s: string): string {
  return opaqueString.enforce(s);
}
