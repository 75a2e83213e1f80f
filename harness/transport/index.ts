export type { Transport, TlsSettings, TlsInfo } from './transport.js';
export { AcceptedTransport, type AcceptTls } from './accepted.js';
export { ClientListener } from './listener.js';
export { SegmentingDuplex } from './segmenter.js';
export { SocketTransport, type SocketEndpoint, type TlsUpgrade, type UpgradeOptions } from './socket.js';
export { WebSocketTransport, type WebSocketEndpoint } from './websocket.js';
export { fromFrame, toFrame, NS_FRAMING, type InboundFrame } from './ws-framing.js';
export { BoshTransport, MAX_BOSH_BODY, type BoshEndpoint } from './bosh.js';
export {
  NS_HTTPBIND,
  NS_XBOSH,
  classifyWrite,
  creationBody,
  describeTerminate,
  initialRid,
  parseBody,
  synthesizedHeader,
  type InboundBody,
  type OutboundWrite,
} from './bosh-framing.js';
