// Payload elements valid by construction: namespace-well-formed (Namespaces in XML 1.0), every
// prefix declared where it is used, attribute expanded names unique, nested to a small depth.
// Elements are generated as data (GenElement) and serialized by serializeElement, with the
// syntactic variety a parser must take: both quote styles, whitespace around '=' and before
// '/>' or '>', empty elements written both ways, prefixed and default namespaces, xmlns=''.
import type fc from 'fast-check';
import { attrPiecesTwin, renderAttrValue, xmlTextTwin, type Quote } from './text.js';
import * as twin from './twin.js';
import { xmlNameTwin } from './xml-name.js';

export interface GenAttr {
  readonly name: string;
  /** 'xml' (always bound) or the prefix the element itself declares. */
  readonly prefix?: string;
  readonly value: string;
  readonly quote: Quote;
  /** Whitespace before and after '=' (XML 1.0 §3.1 Eq allows it). */
  readonly eq: string;
  /** The whitespace separating it from what precedes it in the tag (§3.1: at least one character). */
  readonly before: string;
}

export interface GenElement {
  readonly name: string;
  readonly prefix?: string;
  /** A namespace declaration on this element: for `prefix` when set, else the default namespace ('' undeclares it). */
  readonly ns?: string;
  readonly attrs: readonly GenAttr[];
  readonly children: readonly (GenElement | string)[];
  /** Write a childless element as <a></a> instead of <a/>. */
  readonly longEmpty: boolean;
  /** Whitespace before '>' or '/>' of the start tag. */
  readonly tail: string;
}

export interface ElementConstraints {
  /** Most children per element; default 3. */
  readonly maxChildren?: number;
  /** Most attributes per element; default 3. */
  readonly maxAttributes?: number;
  /**
   * Element, attribute and prefix names from ASCII only; default false (every XML 1.0 Fifth
   * Edition name class). For targets whose parser keeps the Fourth Edition's classes (libexpat),
   * so that a fuzz run gets past that known finding.
   */
  readonly asciiNames?: boolean;
}

const optSpace = twin.constantFrom('', '', '', ' ', '\n');
const space = twin.constantFrom(' ', ' ', ' ', '  ', '\n', '\t', '\r\n\t');
const eq = twin.map(twin.tuple(optSpace, optSpace), ([a, b]) => `${a}=${b}`);
const quote = twin.constantFrom<Quote>("'", '"');
const PREFIXES = ['p', 'q', 'ns1', 'é', '\u{10400}x'];
const ASCII_PREFIXES = ['p', 'q', 'ns1'];
const nsUri = twin.map(twin.integer(0, 9), (n) => `urn:xmpp-conformance:fuzz:${n}`);
const LANGS = ['en', 'de-CH', 'zh-Hant-TW', 'i-klingon', ''];

type AttrPrefix = 'none' | 'xml' | 'own';

interface AttrDraft {
  readonly prefix: AttrPrefix;
  readonly name: string;
  readonly pieces: readonly string[];
  readonly quote: Quote;
  readonly eq: string;
  readonly before: string;
}

function attrDraft(name: twin.Twin<string>): twin.Twin<AttrDraft> {
  return twin.oneof<AttrDraft>(
    {},
    { weight: 6, twin: twin.record<AttrDraft>({ prefix: twin.constant<AttrPrefix>('none'), name, pieces: attrPiecesTwin(), quote, eq, before: space }) },
    // xml:lang is always bound (Namespaces in XML §3); '' is a legal value (no language)
    {
      weight: 1,
      twin: twin.record<AttrDraft>({
        prefix: twin.constant<AttrPrefix>('xml'),
        name: twin.constant('lang'),
        pieces: twin.map(twin.constantFrom(...LANGS), (l) => [l]),
        quote,
        eq,
        before: space,
      }),
    },
    { weight: 2, twin: twin.record<AttrDraft>({ prefix: twin.constant<AttrPrefix>('own'), name, pieces: attrPiecesTwin(), quote, eq, before: space }) },
  );
}

/**
 * Resolves drafts against the element: 'own' uses the element's declared prefix (or none when it
 * declares none), and a later attribute whose expanded name repeats an earlier one is dropped.
 * A prefixed and an unprefixed 'x' are different names and both stay.
 */
function resolveAttrs(drafts: readonly AttrDraft[], ownPrefix: string | undefined): GenAttr[] {
  const seen = new Set<string>();
  const out: GenAttr[] = [];
  for (const d of drafts) {
    const prefix = d.prefix === 'xml' ? 'xml' : d.prefix === 'own' ? ownPrefix : undefined;
    const key = `${prefix ?? ''}:${d.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      name: d.name,
      ...(prefix !== undefined ? { prefix } : {}),
      value: renderAttrValue(d.pieces, d.quote),
      quote: d.quote,
      eq: d.eq,
      before: d.before,
    });
  }
  return out;
}

interface Head {
  readonly name: string;
  readonly prefix?: string;
  readonly ns?: string;
}

/**
 * An element's name and the namespace it declares. Shrinking may cross to the first form (no
 * declaration: the element inherits its parent's namespace), so a shrunk tree keeps only the
 * declarations its failure needs instead of one per element.
 */
function head(name: twin.Twin<string>, prefixes: readonly string[]): twin.Twin<Head> {
  return twin.oneof<Head>(
    { withCrossShrink: true },
    { weight: 3, twin: twin.map(name, (n) => ({ name: n })) },
    { weight: 3, twin: twin.map(twin.tuple(name, nsUri), ([n, ns]) => ({ name: n, ns })) },
    { weight: 1, twin: twin.map(name, (n) => ({ name: n, ns: '' })) },
    { weight: 2, twin: twin.map(twin.tuple(name, twin.constantFrom(...prefixes), nsUri), ([n, prefix, ns]) => ({ name: n, prefix, ns })) },
  );
}

/** A payload element tree. */
export function element(constraints: ElementConstraints = {}): fc.Arbitrary<GenElement> {
  return elementTwin(constraints).arb;
}

interface ElementDraft {
  readonly head: Head;
  readonly attrs: AttrDraft[];
  readonly children: (GenElement | string)[];
  readonly longEmpty: boolean;
  readonly tail: string;
}

/** element with its fast twin (twin.ts); recursive as fc.letrec made it. */
export function elementTwin(constraints: ElementConstraints = {}): twin.Twin<GenElement> {
  const maxChildren = constraints.maxChildren ?? 3;
  const maxAttributes = constraints.maxAttributes ?? 3;
  const name = xmlNameTwin({ ascii: constraints.asciiNames === true });
  const elementHead = head(name, constraints.asciiNames ? ASCII_PREFIXES : PREFIXES);
  const drafts = attrDraft(name);
  const self: twin.Twin<GenElement> = twin.later(() => el);
  const el: twin.Twin<GenElement> = twin.map(
    twin.record<ElementDraft>({
      head: elementHead,
      attrs: twin.array(drafts, { maxLength: maxAttributes }),
      children: twin.array(
        twin.oneof<GenElement | string>({ depthSize: 'small', withCrossShrink: true }, { weight: 1, twin: xmlTextTwin() }, { weight: 1, twin: self }),
        { maxLength: maxChildren },
      ),
      longEmpty: twin.boolean(),
      tail: optSpace,
    }),
    // spelled out rather than spread: this map runs for every element generated
    (r): GenElement => {
      const h = r.head;
      const e: { -readonly [K in keyof GenElement]: GenElement[K] } = {
        name: h.name,
        attrs: resolveAttrs(r.attrs, h.prefix),
        children: r.children,
        longEmpty: r.longEmpty,
        tail: r.tail,
      };
      if (h.prefix !== undefined) e.prefix = h.prefix;
      if (h.ns !== undefined) e.ns = h.ns;
      return e;
    },
  );
  return el;
}

function tagName(e: { readonly name: string; readonly prefix?: string }): string {
  return e.prefix !== undefined ? `${e.prefix}:${e.name}` : e.name;
}

export function serializeAttr(a: GenAttr): string {
  return `${a.before}${tagName(a)}${a.eq}${a.quote}${a.value}${a.quote}`;
}

export function serializeElement(e: GenElement): string {
  const tag = tagName(e);
  let s = `<${tag}`;
  if (e.ns !== undefined) s += e.prefix !== undefined ? ` xmlns:${e.prefix}='${e.ns}'` : ` xmlns='${e.ns}'`;
  for (const a of e.attrs) s += serializeAttr(a);
  s += e.tail;
  if (e.children.length === 0 && !e.longEmpty) return `${s}/>`;
  return `${s}>${e.children.map((c) => (typeof c === 'string' ? c : serializeElement(c))).join('')}</${tag}>`;
}
