// Faults in what the fake server itself writes (outputFault in behaviour/stream.ts, stanzaFault in
// behaviour/stanza.ts): each breaks one rule on the server's output, for the passive output cases
// (suites/stream/output.ts).
import { NS_CLIENT, NS_STANZA_ERRORS, NS_STREAMS } from '../../../harness/xml/ns.js';
import type { XmlElement, XmlNode } from '../../../harness/xml/element.js';
import type { StanzaFault } from './behaviour.js';

/** outputFault: the XML declaration written in place of `<?xml version='1.0'?>` */
export const DECLARATION_OF: Readonly<Record<string, string>> = {
  bom: "\ufeff<?xml version='1.0'?>",
  'latin1-declared': "<?xml version='1.0' encoding='ISO-8859-1'?>",
  'declaration-out-of-order': "<?xml encoding='UTF-8' version='1.0'?>",
};

/** outputFault: the default namespace of the response stream in place of jabber:client */
export const CONTENT_NS_OF: Readonly<Record<string, string>> = {
  'server-content-ns': 'jabber:server',
  'stream-content-ns': NS_STREAMS,
  'unprefixed-stream': NS_STREAMS,
};

/** outputFault: what comes before each message (the faults that break the stream are kept to messages, after login) */
export const STANZA_PREFIX_OF: Readonly<Record<string, string>> = {
  comment: '<!-- a comment -->',
  'not-well-formed': '</bogus>',
  'unbound-prefix': '<x:unbound/>',
};

const kids = (el: XmlElement): XmlElement[] => el.children.filter((c): c is XmlElement => typeof c === 'object');

/** The stanza as a server with `fault` sends it, or undefined where it drops it. */
export function withStanzaFault(el: XmlElement, fault: StanzaFault | undefined): XmlElement | undefined {
  const type = el.attrs['type'];
  switch (fault) {
    case 'iq-error-without-type':
      if (el.name !== 'iq' || type !== 'error') return el;
      return { ...el, attrs: Object.fromEntries(Object.entries(el.attrs).filter(([k]) => k !== 'type')) };
    case 'iq-error-without-error':
      return el.name === 'iq' && type === 'error' ? { ...el, children: el.children.filter((c) => typeof c !== 'object' || c.name !== 'error') } : el;
    case 'empty-result-two-children': {
      if (el.name !== 'iq' || type !== 'result' || kids(el).length > 0) return el;
      const extra = (n: string): XmlElement => ({ name: 'extra', ns: `urn:xmpp-conformance:fake:${n}`, attrs: {}, children: [] });
      return { ...el, children: [extra('a'), extra('b')] };
    }
    case 'error-child-in-message': {
      if (el.name !== 'message' || type === 'error') return el;
      const cond: XmlElement = { name: 'undefined-condition', ns: NS_STANZA_ERRORS, attrs: {}, children: [] };
      return { ...el, children: [...el.children, { name: 'error', ns: NS_CLIENT, attrs: { type: 'cancel' }, children: [cond] }] };
    }
    case 'bad-lang':
      return el.name === 'message' ? { ...el, attrs: { ...el.attrs, 'xml:lang': 'en_GB' } } : el;
    case 'latin1-text':
      return el.name === 'message' ? { ...el, children: el.children.map(latin1Text) } : el;
    case 'drop-messages':
      return el.name === 'message' ? undefined : el;
    default:
      return el;
  }
}

/** UTF-8 text read back as ISO-8859-1 ('café' becomes 'cafÃ©'), the way a server without UTF-8 support garbles it. */
function latin1Text(n: XmlNode): XmlNode {
  if (typeof n === 'string') return Buffer.from(n, 'utf8').toString('latin1');
  return { ...n, children: n.children.map(latin1Text) };
}
