export { XmppStream, type StreamEvent, type StreamTap, type XmppStreamOptions } from './xmpp-stream.js';
