// RFC 7395 framing, translated to and from the RFC 6120 stream the rest of the harness speaks.
// Over WebSocket there is no open-ended <stream:stream>: each message is one complete element;
// <open/> and <close/> in the framing namespace stand where the stream header and footer would
// (§3.3.1, §3.6), and every stanza carries its own content namespace (§3.3.3). The stream layer
// keeps writing headers and footers; these functions rewrite them at the transport boundary, so
// the parser, matcher and cases stay the same whichever binding is under them.
import { NS_CLIENT, NS_STREAMS } from '../xml/index.js';

export const NS_FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';

const OPEN_HEADER = /^\s*(?:<\?xml[^>]*\?>)?\s*<stream:stream\b([^>]*)>\s*$/;
const STREAM_CLOSE = /^\s*<\/stream:stream>\s*$/;
/** xmlns and xmlns:* declarations inside a start tag's attribute text */
const NS_DECLS = /\s+xmlns(?::[\w.-]+)?\s*=\s*(?:'[^']*'|"[^"]*")/g;

/**
 * One outgoing write of the stream layer as a WebSocket message: a stream header becomes <open/>
 * (same attributes, framing namespace), the footer becomes <close/>, a top-level element without
 * a default namespace gets the stream's content namespace. Anything else (deliberately broken
 * input) goes out unchanged.
 */
export function toFrame(data: string, contentNs: string = NS_CLIENT): string {
  const open = OPEN_HEADER.exec(data);
  if (open) return `<open xmlns='${NS_FRAMING}'${(open[1] ?? '').replace(NS_DECLS, '')}/>`;
  if (STREAM_CLOSE.test(data)) return `<close xmlns='${NS_FRAMING}'/>`;
  return withDefaultNamespace(data, contentNs);
}

function withDefaultNamespace(data: string, ns: string): string {
  const m = /^(\s*<)([A-Za-z_][\w.-]*)(?=[\s/>])/.exec(data);
  if (!m) return data;
  const end = data.indexOf('>', m[0].length);
  const startTag = end < 0 ? data : data.slice(0, end);
  if (/\sxmlns\s*=/.test(startTag)) return data;
  return `${m[0]} xmlns='${ns}'${data.slice(m[0].length)}`;
}

/** What a framing element became on the stream side. */
export type InboundFrame =
  | { readonly kind: 'open'; readonly text: string }
  | { readonly kind: 'close'; readonly text: string; readonly seeOtherUri?: string }
  | { readonly kind: 'element'; readonly text: string };

const FRAMING_ROOT = /^\s*<(open|close)\b([^>]*?)\/?>\s*(?:<\/\1>\s*)?$/;
/** the framing namespace declared as the default namespace, in a start tag's attribute text */
const FRAMING_DECL = new RegExp(`\\sxmlns\\s*=\\s*(['"])${NS_FRAMING.replace(/[.]/g, '\\.')}\\1`);

/**
 * One incoming WebSocket message as stream bytes: <open/> becomes a stream header carrying its
 * attributes (the parser then sees an ordinary stream), <close/> the footer; other messages pass
 * unchanged. A framing element is recognised by its namespace declaration only, as RFC 7395 §3.3.2
 * wants (an <open/> in another namespace is an ordinary element and fails later, visibly).
 */
export function fromFrame(message: string, contentNs: string = NS_CLIENT): InboundFrame {
  const m = FRAMING_ROOT.exec(message);
  if (m && FRAMING_DECL.test(m[2] ?? '')) {
    const attrs = (m[2] ?? '').replace(NS_DECLS, '');
    if (m[1] === 'open') {
      return { kind: 'open', text: `<stream:stream xmlns='${contentNs}' xmlns:stream='${NS_STREAMS}'${attrs}>` };
    }
    const uri = /\ssee-other-uri\s*=\s*(?:'([^']*)'|"([^"]*)")/.exec(attrs);
    const seeOther = uri ? (uri[1] ?? uri[2]) : undefined;
    return { kind: 'close', text: '</stream:stream>', ...(seeOther !== undefined ? { seeOtherUri: seeOther } : {}) };
  }
  return { kind: 'element', text: message };
}
