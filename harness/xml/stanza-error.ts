// The defined condition of a stanza error (RFC 6120 §8.3.3): the child of <error/> in the
// urn:ietf:params:xml:ns:xmpp-stanzas namespace other than <text/>.
import { child, type XmlElement } from './element.js';
import { NS_STANZA_ERRORS } from './ns.js';

/** The condition's element name, or undefined when the stanza has no <error/> or it has no defined condition. */
export function stanzaErrorCondition(stanza: XmlElement): string | undefined {
  const err = child(stanza, 'error');
  const cond = err?.children.find((c): c is XmlElement => typeof c === 'object' && c.ns === NS_STANZA_ERRORS && c.name !== 'text');
  return cond?.name;
}
