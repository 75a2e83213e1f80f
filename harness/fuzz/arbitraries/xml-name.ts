// XML names without colons (NCName, Namespaces in XML 1.0 §3), for element and attribute local
// names and for namespace prefixes. Grammar: see chars.ts.
import fc from 'fast-check';
import { NAME_MORE_RANGES, NAME_START_RANGES, charFrom } from './chars.js';

export interface XmlNameConstraints {
  /** Most characters after the first; default 6. */
  readonly maxLength?: number;
  /** ASCII letters only (for names a server must route, such as prefixes on the wire); default false. */
  readonly ascii?: boolean;
}

const startChar = charFrom(NAME_START_RANGES);
const moreChar = fc.oneof({ weight: 3, arbitrary: startChar }, { weight: 1, arbitrary: charFrom(NAME_MORE_RANGES) });
const asciiStart = charFrom([[1, [0x61, 0x7a]]]);
const asciiMore = charFrom([[3, [0x61, 0x7a]], [1, [0x30, 0x39]]]);

/**
 * Names starting with 'xml' (any case) are reserved by XML 1.0 §2.3 and Namespaces in XML §3:
 * legal, yet a prefix 'xmlns' or an attribute 'xmlns' would mean something else. A leading 'n'
 * keeps such a name an ordinary one (a map, so shrinking is untouched).
 */
function unreserved(name: string): string {
  return /^xml/i.test(name) ? `n${name}` : name;
}

/** A colon-free XML name; shrinks to 'a'. */
export function xmlName(constraints: XmlNameConstraints = {}): fc.Arbitrary<string> {
  const maxLength = constraints.maxLength ?? 6;
  const [first, more] = constraints.ascii ? [asciiStart, asciiMore] : [startChar, moreChar];
  return fc.tuple(first, fc.array(more, { maxLength })).map(([f, rest]) => unreserved(f + rest.join('')));
}
