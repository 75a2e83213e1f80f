// XML names without colons (NCName, Namespaces in XML 1.0 §3), for element and attribute local
// names and for namespace prefixes. Grammar: see chars.ts.
import type fc from 'fast-check';
import { NAME_MORE_RANGES, NAME_START_RANGES, charTwin } from './chars.js';
import * as twin from './twin.js';

export interface XmlNameConstraints {
  /** Most characters after the first; default 6. */
  readonly maxLength?: number;
  /** ASCII letters only (for names a server must route, such as prefixes on the wire); default false. */
  readonly ascii?: boolean;
}

const startChar = charTwin(NAME_START_RANGES);
const nameMoreChar = charTwin(NAME_MORE_RANGES);
const moreChar = twin.oneof({}, { weight: 3, twin: startChar }, { weight: 1, twin: nameMoreChar });
const asciiStart = charTwin([[1, [0x61, 0x7a]]]);
const asciiMore = charTwin([
  [3, [0x61, 0x7a]],
  [1, [0x30, 0x39]],
]);

/**
 * Names starting with 'xml' (any case) are reserved by XML 1.0 §2.3 and Namespaces in XML §3:
 * legal, yet a prefix 'xmlns' or an attribute 'xmlns' would mean something else. A leading 'n'
 * keeps such a name an ordinary one (a map, so shrinking is untouched).
 */
function unreserved(name: string): string {
  const c0 = name.charCodeAt(0) | 0x20;
  const c1 = name.charCodeAt(1) | 0x20;
  const c2 = name.charCodeAt(2) | 0x20;
  return c0 === 0x78 && c1 === 0x6d && c2 === 0x6c ? `n${name}` : name;
}

/** A colon-free XML name; shrinks to 'a'. */
export function xmlName(constraints: XmlNameConstraints = {}): fc.Arbitrary<string> {
  return xmlNameTwin(constraints).arb;
}

/** xmlName with its fast twin (twin.ts). */
export function xmlNameTwin(constraints: XmlNameConstraints = {}): twin.Twin<string> {
  const maxLength = constraints.maxLength ?? 6;
  const [first, more] = constraints.ascii ? [asciiStart, asciiMore] : [startChar, moreChar];
  const generic = twin.map(twin.tuple(first, twin.array(more, { maxLength })), ([f, rest]) => unreserved(f + rest.join('')));
  // the same draws, the name built as it is drawn (moreChar: 3 in 4 a start character)
  const length = twin.arrayLength({ maxLength });
  const drawMore: (r: fc.Random, bias: number | undefined) => string = constraints.ascii
    ? asciiMore.draw
    : (r, bias) => (r.nextInt(0, 3) < 3 ? startChar.draw(r, bias) : nameMoreChar.draw(r, bias));
  return twin.custom(generic.arb, (r, bias) => {
    let name = first.draw(r, bias);
    const { n, itemBias } = length(r, bias);
    for (let i = 0; i < n; i++) name += drawMore(r, itemBias);
    return unreserved(name);
  });
}
