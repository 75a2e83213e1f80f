// Namespaces defined by RFC 6120 and RFC 6121 (and the XEPs the harness touches).
export const NS_STREAMS = 'http://etherx.jabber.org/streams';
export const NS_CLIENT = 'jabber:client';
export const NS_SERVER = 'jabber:server';
export const NS_STREAM_ERRORS = 'urn:ietf:params:xml:ns:xmpp-streams';
export const NS_STANZA_ERRORS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
export const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';
export const NS_SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
export const NS_BIND = 'urn:ietf:params:xml:ns:xmpp-bind';
export const NS_SESSION = 'urn:ietf:params:xml:ns:xmpp-session';
export const NS_ROSTER = 'jabber:iq:roster';
export const NS_VERSION = 'jabber:iq:version';
export const NS_PING = 'urn:xmpp:ping';
export const NS_REGISTER = 'jabber:iq:register';
export const NS_REGISTER_FEATURE = 'http://jabber.org/features/iq-register';
export const NS_FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
export const NS_XML = 'http://www.w3.org/XML/1998/namespace';
