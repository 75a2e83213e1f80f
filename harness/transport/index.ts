export type { Transport, TlsSettings, TlsInfo } from './transport.js';
export { SocketTransport, type SocketEndpoint } from './socket.js';
