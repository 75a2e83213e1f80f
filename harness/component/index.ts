export { ComponentSide, handshakeDigest, NS_COMPONENT_ACCEPT, type ComponentSideDeps } from './side.js';
