// Public API of harness/sasl: pure SASL mechanism state machines (RFC 4422, RFC 6120 §6), client and
// server side, plus channel binding from a TLS socket and the base64 framing of SASL payloads.
export { SaslError, type SaslCondition } from './errors.js';
export {
  type Credentials,
  type ChannelBindingType,
  type ChannelBinding,
  type ClientMechanism,
  type ClientMechanismOptions,
  CLIENT_MECHANISMS,
  createClientMechanism,
  preferredMechanism,
} from './mechanism.js';
export { channelBindingFor, bestChannelBinding, endPointHash, type ChannelBindingOptions } from './channel-binding.js';
export {
  type ServerAccount,
  type ServerMechanismOptions,
  type ServerStep,
  type ServerMechanism,
  type FailureCondition,
  SERVER_MECHANISMS,
  createServerMechanism,
} from './server.js';
export { encodeSaslPayload, decodeSaslPayload } from './payload.js';
export { escapeSaslName, unescapeSaslName } from './scram.js';
