export { Session, tlsSettings, isStreamError, streamErrorCondition, type SessionOptions, type ExpectOptions, type LoginOptions } from './session.js';
export { Transcript, Redactor, TRANSCRIPT_CAP } from './transcript.js';
export type { TranscriptEntry } from './transcript.js';
export { offersStarttls, starttlsRequired, saslMechanisms, offersBind, summarizeFeatures } from './features.js';
export { SaslFailure, saslFailureCondition, negotiateSasl } from './sasl-negotiate.js';
export { registerAccount } from './register.js';
export { rosterItems, isRosterPush, ackPush, fetchRoster, setRosterItem, removeRosterItem, resetRoster, barrier, drain } from './roster.js';
export type { RosterItem, Roster } from './roster.js';
export { SETUP_LOGIN_PAUSE_MS, SETUP_LOGIN_TRIES, setupLogin } from './setup-login.js';
