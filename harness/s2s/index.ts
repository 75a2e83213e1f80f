// Public API of harness/s2s: the harness as a remote server (its certificates and its side of
// server-to-server streams).
export { S2sCertificates, S2sKeyPool, certUnavailable, wrongNameFor, type ClientCert } from './certs.js';
export { InboundListener, InboundPeer, type InboundOptions, type InboundRecord } from './inbound.js';
export { dialbackResult, dialbackResultAnswer, dialbackVerifyAnswer, NS_DIALBACK, NS_DIALBACK_FEATURE } from './dialback.js';
export { S2sSide, NS_BIDI, NS_BIDI_FEATURE, offersMechanism, type S2sSideDeps } from './side.js';
export { MAX_S2S_LANES, s2sLaneConfig, s2sLaneCount, s2sLaneDomain } from './lanes.js';
