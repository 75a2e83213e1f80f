// Stanzas (RFC 6120 §8): message, presence and iq in the stream's default namespace, with the
// common attributes (to, from, id, type, xml:lang), extension attributes, the usual children
// and payload elements in their own namespaces. Valid XML by construction; odd but legal
// values (unusual types, empty ids, Unicode resourceparts, xml:lang='') on purpose.
import type fc from 'fast-check';
import { elementTwin, serializeAttr, serializeElement, type GenAttr, type GenElement } from './element.js';
import { attrValueTwin, xmlTextTwin } from './text.js';
import * as twin from './twin.js';
import { xmlNameTwin } from './xml-name.js';

export interface StanzaConstraints {
  /**
   * The values 'to' may take (omitted is always possible). Default: a mix of plausible and odd
   * addresses. A fuzzer aimed at a live server passes its own addresses here, so no stanza
   * makes the server open connections to other domains.
   */
  readonly to?: readonly string[];
  /** Whether 'from' may be set; default true (a server must stamp or check it, RFC 6120 §8.1.2). */
  readonly from?: boolean;
  /** Most payload elements; default 2. */
  readonly maxPayloads?: number;
  /** Names from ASCII only (see ElementConstraints.asciiNames); default false. */
  readonly asciiNames?: boolean;
}

export interface GenStanza {
  readonly kind: 'message' | 'presence' | 'iq';
  readonly attrs: readonly GenAttr[];
  readonly children: readonly (GenElement | string)[];
}

const DEFAULT_TO = ['localhost', 'juliet@example.com', 'juliet@example.com/balcony', 'ρωμέο@example.com/\u{1F3AD}', 'example.com/res', ''];
const TYPES: Readonly<Record<GenStanza['kind'], readonly string[]>> = {
  message: ['chat', 'normal', 'headline', 'groupchat', 'error', 'x-odd'],
  presence: ['unavailable', 'probe', 'error', 'x-odd'],
  iq: ['get', 'set', 'result', 'error'],
};
const STANZA_ATTRS = new Set(['to', 'from', 'id', 'type']);

function plainAttr(name: string, value: string): GenAttr {
  return { name, value, quote: "'", eq: '=', before: ' ' };
}

const simple = (name: string, body: twin.Twin<string>): twin.Twin<GenElement> =>
  twin.map(body, (t) => ({ name, attrs: [], children: t === '' ? [] : [t], longEmpty: false, tail: '' }));

const CHILDREN: Readonly<Record<GenStanza['kind'], twin.Twin<GenElement>>> = {
  message: twin.oneofOf(
    simple('body', xmlTextTwin()),
    simple('subject', xmlTextTwin({ maxPieces: 4 })),
    simple('thread', twin.constantFrom('t1', 'e0ffe42b28561960c6b12b944a092794b9683a38')),
  ),
  presence: twin.oneofOf(
    simple('show', twin.constantFrom('away', 'chat', 'dnd', 'xa')),
    simple('status', xmlTextTwin()),
    simple('priority', twin.constantFrom('0', '-128', '127', '5')),
  ),
  iq: twin.map(simple('query', twin.constant('')), (q) => ({ ...q, ns: 'jabber:iq:version' })),
};

/** Extension attribute names are renamed away from the stanza's own attributes (a map, no filter). */
function extraAttr(asciiNames: boolean): twin.Twin<GenAttr> {
  return twin.map(twin.tuple(xmlNameTwin({ ascii: asciiNames }), attrValueTwin("'")), ([name, value]) =>
    plainAttr(STANZA_ATTRS.has(name) ? `x${name}` : name, value),
  );
}

interface StanzaDraft {
  readonly kind: GenStanza['kind'];
  readonly to: string | undefined;
  readonly from: string | undefined;
  readonly id: string | undefined;
  readonly typeIndex: number | undefined;
  readonly lang: string | undefined;
  readonly extra: GenAttr[];
  readonly known: [GenElement, GenElement, GenElement][];
  readonly payloads: GenElement[];
}

export function stanzaData(constraints: StanzaConstraints = {}): fc.Arbitrary<GenStanza> {
  return stanzaDataTwin(constraints).arb;
}

/** stanzaData with its fast twin (twin.ts). */
export function stanzaDataTwin(constraints: StanzaConstraints = {}): twin.Twin<GenStanza> {
  const to = twin.option(twin.constantFrom(...(constraints.to ?? DEFAULT_TO)));
  const from = constraints.from === false ? twin.constant(undefined) : twin.option(twin.constantFrom('romeo@example.net/orchard', 'localhost'));
  const maxPayloads = constraints.maxPayloads ?? 2;
  const asciiNames = constraints.asciiNames === true;
  return twin.map(
    twin.record<StanzaDraft>({
      kind: twin.constantFrom<GenStanza['kind']>('message', 'presence', 'iq'),
      to,
      from,
      id: twin.option(twin.oneofOf(twin.constantFrom('', 'a', 'x&amp;y'), xmlNameTwin({ maxLength: 12 }))),
      typeIndex: twin.option(twin.nat(5)),
      lang: twin.option(twin.constantFrom('en', 'fr-CA', '')),
      extra: twin.array(extraAttr(asciiNames), { maxLength: 2 }),
      // one candidate of each kind per slot; the stanza's kind picks (no chain, so it shrinks well)
      known: twin.array(twin.tuple(CHILDREN.message, CHILDREN.presence, CHILDREN.iq), { maxLength: 2 }),
      payloads: twin.array(elementTwin({ asciiNames }), { maxLength: maxPayloads }),
    }),
    ({ kind, to: t, from: f, id, typeIndex, lang, extra, known, payloads }): GenStanza => {
      const types = TYPES[kind];
      const attrs: GenAttr[] = [];
      if (t !== undefined) attrs.push(plainAttr('to', t));
      if (f !== undefined) attrs.push(plainAttr('from', f));
      if (id !== undefined) attrs.push(plainAttr('id', id));
      if (typeIndex !== undefined) attrs.push(plainAttr('type', types[typeIndex % types.length] ?? types[0] ?? ''));
      if (lang !== undefined) attrs.push({ ...plainAttr('lang', lang), prefix: 'xml' });
      const seen = new Set(attrs.map((a) => a.name));
      for (const a of extra) {
        if (seen.has(a.name)) continue;
        seen.add(a.name);
        attrs.push(a);
      }
      const pick = kind === 'message' ? 0 : kind === 'presence' ? 1 : 2;
      return { kind, attrs, children: [...known.map((k) => k[pick]), ...payloads] };
    },
  );
}

export function serializeStanza(s: GenStanza): string {
  const head = `<${s.kind}${s.attrs.map(serializeAttr).join('')}`;
  if (s.children.length === 0) return `${head}/>`;
  return `${head}>${s.children.map((c) => (typeof c === 'string' ? c : serializeElement(c))).join('')}</${s.kind}>`;
}

/** A serialized stanza. */
export function stanza(constraints: StanzaConstraints = {}): fc.Arbitrary<string> {
  return stanzaTwin(constraints).arb;
}

/** stanza with its fast twin (twin.ts). */
export function stanzaTwin(constraints: StanzaConstraints = {}): twin.Twin<string> {
  return twin.map(stanzaDataTwin(constraints), serializeStanza);
}
