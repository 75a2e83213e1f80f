export type { Transport, TlsSettings, TlsInfo } from './transport.js';
export { SocketTransport, type SocketEndpoint, type TlsUpgrade, type UpgradeOptions } from './socket.js';
export { WebSocketTransport, type WebSocketEndpoint } from './websocket.js';
export { fromFrame, toFrame, NS_FRAMING, type InboundFrame } from './ws-framing.js';
