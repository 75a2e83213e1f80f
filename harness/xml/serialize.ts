// Element → XML text, single-quoted attributes, namespace declarations only where needed.
//
// Namespace rules:
// - an element whose `ns` is '' inherits the default namespace in scope: no xmlns is written
//   (so `el('message')` sent inside a jabber:client stream carries no xmlns). The model therefore
//   cannot express un-declaring a default namespace (xmlns=''), which XMPP never needs.
// - an unprefixed element whose `ns` differs from the default in scope gets xmlns='ns'.
// - a prefixed element is written prefix:name and declares xmlns:prefix unless that binding is
//   already in scope (ctx.prefixes or an ancestor).
// - attribute keys 'xmlns' are skipped (the element's ns decides); 'xmlns:p' keys are written as given.
import type { XmlElement } from './element.js';
import { NS_CLIENT, NS_STREAMS, NS_XML } from './ns.js';

export interface SerializeContext {
  /** The default namespace in scope where the element is written. */
  defaultNs?: string;
  /** Prefix → namespace bindings already declared in scope. */
  prefixes?: Readonly<Record<string, string>>;
}

const TEXT_RE = /[&<>\r]/g;
const TEXT_TEST = /[&<>\r]/;
const ATTR_RE = /[&<>'"\r\n\t]/g;
const ATTR_TEST = /[&<>'"\r\n\t]/;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  "'": '&apos;',
  '"': '&quot;',
  // A parser normalizes raw CR, LF and TAB (in attributes) away; character references survive.
  '\r': '&#xD;',
  '\n': '&#xA;',
  '\t': '&#x9;',
};
const esc = (c: string): string => ESCAPES[c]!;

/** Escapes character data: & < > (and CR as &#xD;, which a parser would otherwise turn into LF). */
export function escapeText(s: string): string {
  return TEXT_TEST.test(s) ? s.replace(TEXT_RE, esc) : s;
}

/** Escapes an attribute value: & < > ' " (and CR, LF, TAB as character references). */
export function escapeAttr(s: string): string {
  return ATTR_TEST.test(s) ? s.replace(ATTR_RE, esc) : s;
}

interface Scope {
  readonly defaultNs: string;
  readonly prefixes: Readonly<Record<string, string>>;
}

function write(el: XmlElement, scope: Scope, out: string[]): void {
  let qname = el.name;
  let decls = '';
  let childScope = scope;
  if (el.prefix !== undefined && el.prefix !== '') {
    qname = `${el.prefix}:${el.name}`;
    if (el.prefix !== 'xml' && scope.prefixes[el.prefix] !== el.ns) {
      decls = ` xmlns:${el.prefix}='${escapeAttr(el.ns)}'`;
      childScope = { defaultNs: scope.defaultNs, prefixes: { ...scope.prefixes, [el.prefix]: el.ns } };
    }
  } else if (el.ns !== '' && el.ns !== scope.defaultNs) {
    decls = ` xmlns='${escapeAttr(el.ns)}'`;
    childScope = { defaultNs: el.ns, prefixes: scope.prefixes };
  }
  out.push('<', qname, decls);
  for (const key of Object.keys(el.attrs)) {
    if (key === 'xmlns') continue;
    if (el.prefix !== undefined && key === `xmlns:${el.prefix}` && decls !== '') continue;
    out.push(' ', key, "='", escapeAttr(el.attrs[key]!), "'");
  }
  if (el.children.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (const c of el.children) {
    if (typeof c === 'string') out.push(escapeText(c));
    else write(c, childScope, out);
  }
  out.push('</', qname, '>');
}

/** Serializes an element written inside `ctx` (by default: no namespace in scope). */
export function serialize(el: XmlElement, ctx?: SerializeContext): string {
  const out: string[] = [];
  write(el, { defaultNs: ctx?.defaultNs ?? '', prefixes: { xml: NS_XML, ...(ctx?.prefixes ?? {}) } }, out);
  return out.join('');
}

export interface StreamOpenOptions {
  /** Default namespace of the stream content (default jabber:client). */
  ns?: string;
  /** Prepend `<?xml version='1.0'?>` (default true). */
  xmlDecl?: boolean;
}

/**
 * The opening stream header (RFC 6120 §4.7): `<?xml version='1.0'?><stream:stream xmlns='jabber:client'
 * xmlns:stream='http://etherx.jabber.org/streams' ...attrs>`. Attribute values are escaped; keys are not checked.
 */
export function streamOpen(attrs: Readonly<Record<string, string>>, opts?: StreamOpenOptions): string {
  const ns = opts?.ns ?? NS_CLIENT;
  let s = opts?.xmlDecl === false ? '' : "<?xml version='1.0'?>";
  s += `<stream:stream xmlns='${escapeAttr(ns)}' xmlns:stream='${NS_STREAMS}'`;
  for (const key of Object.keys(attrs)) s += ` ${key}='${escapeAttr(attrs[key]!)}'`;
  return s + '>';
}

export const STREAM_CLOSE = '</stream:stream>';

/** The serialization context of stanzas inside a stream opened by `streamOpen({..}, { ns })`. */
export function streamContext(ns: string = NS_CLIENT): SerializeContext {
  return { defaultNs: ns, prefixes: { stream: NS_STREAMS } };
}
