// The stream features serve offers (RFC 6120 §4.3.2, §5.4.1, §6.4.1, §7.4), as elements.
import { el, NS_BIND, NS_SASL, NS_TLS, type XmlElement } from '../xml/index.js';

export const NS_SASL_CB = 'urn:xmpp:sasl-cb:0';
export const NS_SESSION_FEATURE = 'urn:ietf:params:xml:ns:xmpp-session';

export function starttlsFeature(required: boolean): XmlElement {
  return el('starttls', { xmlns: NS_TLS }, ...(required ? [el('required')] : []));
}

export function mechanismsFeature(names: readonly string[]): XmlElement {
  return el('mechanisms', { xmlns: NS_SASL }, ...names.map((n) => el('mechanism', {}, n)));
}

/** XEP-0440: the channel-binding types we can verify, so a -PLUS client picks one of them. */
export function channelBindingFeature(types: readonly string[]): XmlElement {
  return el('sasl-channel-binding', { xmlns: NS_SASL_CB }, ...types.map((t) => el('channel-binding', { type: t })));
}

export function bindFeature(): XmlElement {
  return el('bind', { xmlns: NS_BIND });
}

/** A feature no client knows: clients must pass over it (RFC 6120 §4.3.2, extensibility §8.4). */
export function unknownFeature(): XmlElement {
  return el('unknown-feature', { xmlns: 'urn:example:xmpp-conformance:unknown-feature' });
}
