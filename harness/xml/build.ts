// Builders for elements: the `x` tagged template and the `el` function, plus the template sentinels.
//
// Namespace rules (read before using either):
// - `x` parses with parseFragment, default namespace jabber:client and the prefix `stream` bound to
//   http://etherx.jabber.org/streams. So x`<iq type='get'><query xmlns='jabber:iq:roster'/></iq>` gives
//   iq in jabber:client and query in jabber:iq:roster, and x`<stream:error>…</stream:error>` works.
//   Use `xmlTemplate({ defaultNs: NS_SERVER })` for server-to-server templates.
// - `el` takes its namespace from attrs.xmlns (removed from attrs). Without one, ns is '' which means
//   "inherit": the serializer writes no xmlns for it (it takes the default namespace of wherever it is
//   written, e.g. jabber:client inside a client stream) and the matcher accepts any namespace for it.
//   When an element gets a namespace, its children (and their children, …) that have ns '' and no
//   prefix take that namespace at construction time, like XML default-namespace scoping.
// - `el('stream:features', { 'xmlns:stream': NS_STREAMS })` builds a prefixed element; the prefix
//   `stream` is known without the declaration.
import type { XmlElement, XmlNode } from './element.js';
import { NS_CLIENT, NS_STREAMS } from './ns.js';
import { escapeAttr, escapeText, serialize } from './serialize.js';
import { parseFragment, type ParseFragmentOptions } from './stream-parser.js';

/** In an expected template: any value (attribute present with any value; any text). Private-use chars, valid XML. */
export const ANY: string = '\uE000any\uE000';
/** In an expected template, as an attribute value: the attribute must NOT be present. */
export const ABSENT: string = '\uE000absent\uE000';

const KNOWN_PREFIXES: Readonly<Record<string, string>> = { stream: NS_STREAMS };

type Gap = 'text' | 'attr' | 'bare';

function isXmlElement(v: unknown): v is XmlElement {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Partial<XmlElement>;
  return typeof o.name === 'string' && typeof o.ns === 'string' && typeof o.attrs === 'object' && Array.isArray(o.children);
}

const gapCache = new WeakMap<TemplateStringsArray, Gap[]>();

/** Classifies each `${}` gap: character data, inside a quoted attribute value, or right after `=`. */
function classify(strings: TemplateStringsArray): Gap[] {
  const cached = gapCache.get(strings);
  if (cached) return cached;
  const gaps: Gap[] = [];
  let state: 'text' | 'tag' | 'quoted' = 'text';
  let quote = '';
  for (let i = 0; i < strings.length - 1; i++) {
    const s = strings[i]!;
    for (const c of s) {
      if (state === 'text') {
        if (c === '<') state = 'tag';
      } else if (state === 'tag') {
        if (c === '>') state = 'text';
        else if (c === "'" || c === '"') {
          state = 'quoted';
          quote = c;
        }
      } else if (c === quote) {
        state = 'tag';
      }
    }
    if (state === 'text') gaps.push('text');
    else if (state === 'quoted') gaps.push('attr');
    else if (/=\s*$/.test(s)) gaps.push('bare');
    else throw new TypeError(`x template: value ${i} sits inside a tag but not after '=' (near ${JSON.stringify(s.slice(-20))})`);
  }
  gapCache.set(strings, gaps);
  return gaps;
}

function attrValue(v: unknown, i: number): string {
  if (v === undefined || v === null) throw new TypeError(`x template: attribute value ${i} is ${String(v)}`);
  if (isXmlElement(v)) throw new TypeError(`x template: attribute value ${i} is an element`);
  const s = String(v);
  if (s === '[object Object]') throw new TypeError(`x template: attribute value ${i} is a plain object`);
  return escapeAttr(s);
}

function textValue(v: unknown, i: number): string {
  if (v === undefined || v === null) throw new TypeError(`x template: value ${i} is ${String(v)}`);
  if (isXmlElement(v)) return serialize(v);
  if (Array.isArray(v)) return v.map((item) => textValue(item, i)).join('');
  const s = String(v);
  if (s === '[object Object]') throw new TypeError(`x template: value ${i} is a plain object`);
  return escapeText(s);
}

/** Renders a template to XML text (exported for tests and for sending raw text). */
export function renderTemplate(strings: TemplateStringsArray, values: readonly unknown[]): string {
  const gaps = classify(strings);
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const gap = gaps[i]!;
    if (gap === 'text') out += textValue(v, i);
    else if (gap === 'attr') out += attrValue(v, i);
    else out += `'${attrValue(v, i)}'`;
    out += strings[i + 1]!;
  }
  return out;
}

export type XmlTemplate = (strings: TemplateStringsArray, ...values: unknown[]) => XmlElement;

/** A template tag like `x` with other parse options (e.g. `{ defaultNs: NS_SERVER }`). */
export function xmlTemplate(opts: ParseFragmentOptions): XmlTemplate {
  return (strings, ...values) => parseFragment(renderTemplate(strings, values), opts);
}

const X_OPTIONS: ParseFragmentOptions = { defaultNs: NS_CLIENT, prefixes: { ...KNOWN_PREFIXES } };

/**
 * Builds an element from XML text: x`<message to=${jid} id=${ANY} type='chat'><body>${text}</body></message>`.
 * A value right after `=` is quoted and attribute-escaped; inside quotes it is attribute-escaped;
 * elsewhere text-escaped, except elements (serialized in place) and arrays (each item in turn).
 * undefined/null values throw. Default namespace jabber:client; throws XmlError on bad XML.
 */
export function x(strings: TemplateStringsArray, ...values: unknown[]): XmlElement {
  return parseFragment(renderTemplate(strings, values), X_OPTIONS);
}

function setAttr(attrs: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(attrs, key, { value, enumerable: true, writable: true, configurable: true });
  else attrs[key] = value;
}

/** Gives `ns` to an element in the "inherit" state ('' and unprefixed) and to its inheriting descendants. */
function inherit(node: XmlElement, ns: string): XmlElement {
  if (node.ns !== '' || node.prefix !== undefined) return node;
  return { ...node, ns, children: node.children.map((c) => (typeof c === 'string' ? c : inherit(c, ns))) };
}

/**
 * Builds an element. `attrs.xmlns` sets the namespace (else '' = inherit, see the header); undefined
 * attribute values are left out; adjacent string children are merged and empty ones dropped.
 * `name` may be prefixed ('stream:error'); the prefix's namespace comes from attrs['xmlns:prefix'] or,
 * for `stream`, is known.
 */
export function el(name: string, attrs?: Record<string, string | undefined>, ...children: (XmlElement | string)[]): XmlElement {
  const colon = name.indexOf(':');
  const prefix = colon >= 0 ? name.slice(0, colon) : undefined;
  const local = colon >= 0 ? name.slice(colon + 1) : name;
  let ns = '';
  const a: Record<string, string> = {};
  for (const key of Object.keys(attrs ?? {})) {
    const v = attrs![key];
    if (v === undefined) continue;
    if (prefix === undefined && key === 'xmlns') ns = v;
    else if (prefix !== undefined && key === `xmlns:${prefix}`) ns = v;
    else if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    else setAttr(a, key, v);
  }
  if (prefix !== undefined && ns === '') {
    const known = KNOWN_PREFIXES[prefix];
    if (known === undefined) throw new TypeError(`el: prefix '${prefix}' of <${name}> has no xmlns:${prefix} attribute`);
    ns = known;
  }
  const kids: XmlNode[] = [];
  for (const c of children) {
    if (typeof c === 'string') {
      if (c === '') continue;
      const last = kids.length - 1;
      const prev = kids[last];
      if (typeof prev === 'string') kids[last] = prev + c;
      else kids.push(c);
    } else {
      kids.push(prefix === undefined && ns !== '' ? inherit(c, ns) : c);
    }
  }
  const out: { name: string; ns: string; prefix?: string; attrs: Record<string, string>; children: XmlNode[] } = {
    name: local,
    ns,
    attrs: a,
    children: kids,
  };
  if (prefix !== undefined) out.prefix = prefix;
  return out;
}
