// The element model shared by the parser, serializer, matcher, sessions, fake peers and the fuzzer.

/** An XML element with its namespace resolved. Text children are plain strings (entities decoded). */
export interface XmlElement {
  /** Local name, without prefix ("features", not "stream:features"). */
  readonly name: string;
  /** Resolved namespace URI; '' when the element is in no namespace. */
  readonly ns: string;
  /** Prefix used on the wire, if any ("stream" for stream:features). Informational for serialization. */
  readonly prefix?: string;
  /**
   * Attributes by qualified name as written ('id', 'xml:lang'), values decoded.
   * Namespace declarations (xmlns, xmlns:p) are not included: they are implied by `ns`/`prefix`.
   */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}

export type XmlNode = XmlElement | string;

export function isElement(node: XmlNode | undefined): node is XmlElement {
  return typeof node === 'object' && node !== null;
}

/** First child element with this local name (and namespace, when given). */
export function child(el: XmlElement, name: string, ns?: string): XmlElement | undefined {
  for (const c of el.children) {
    if (isElement(c) && c.name === name && (ns === undefined || c.ns === ns)) return c;
  }
  return undefined;
}

export function children(el: XmlElement, name?: string, ns?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => isElement(c) && (name === undefined || c.name === name) && (ns === undefined || c.ns === ns));
}

/** Concatenated text of the direct text children. */
export function text(el: XmlElement): string {
  return el.children.filter((c): c is string => typeof c === 'string').join('');
}

/** Text of the first child element called `name` (in `ns`, when given); undefined when there is none. */
export function childText(el: XmlElement, name: string, ns?: string): string | undefined {
  const c = child(el, name, ns);
  return c ? text(c) : undefined;
}
