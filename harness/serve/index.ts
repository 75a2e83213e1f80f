// Public API of harness/serve: client mode, the harness playing the server for a client under test.
export { defineClientCase, isClientCase, type ClientCaseDefinition, type ClientCaseMeta } from './define.js';
export type { ClientCaseContext } from './context.js';
export {
  ClientPeer,
  DEFAULT_MECHANISMS,
  CB_TYPES,
  describeEvent,
  type LoginPlan,
  type LoginRecord,
  type SaslPlan,
  type SaslOutcome,
  type ServeAccount,
  type PeerOptions,
} from './peer.js';
export { starttlsFeature, mechanismsFeature, bindFeature, channelBindingFeature, unknownFeature, NS_SASL_CB } from './features.js';
export { makeServeCerts, WRONG_NAME, type CertKind, type ServeCerts, type ServeCert } from './certs.js';
export { ClientListener, AcceptedTransport, type AcceptTls } from '../transport/index.js';
export { commandLauncher, type ClientLauncher, type ClientEnv, type RunningClient } from './launcher.js';
export { resolveServeConfig, parseListen, type ServeOptions, type ResolvedServeConfig } from './config.js';
export { runClientCase, clientEnv, clientCaseDeadline, type ServeRuntime } from './run-client-case.js';
export { runServe, passiveLast, type ServeHooks } from './serve.js';
export { SentLog, sentLine, SENT_LOG_CAP, type SentItem } from './sent-log.js';
export { SegmentingDuplex } from '../transport/index.js';
