export type { Transport, TlsSettings, TlsInfo } from './transport.js';
export { SocketTransport, type SocketEndpoint, type TlsUpgrade, type UpgradeOptions } from './socket.js';
