// The verification string of entity capabilities (XEP-0115 §5.1): identities, features and
// extended forms of a disco#info answer, sorted by octets and joined with '<', hashed, base64.
import { createHash } from 'node:crypto';
import { child, children, text, type XmlElement } from '../../harness/xml/index.js';

export const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';
export const NS_DISCO_ITEMS = 'http://jabber.org/protocol/disco#items';
export const NS_CAPS = 'http://jabber.org/protocol/caps';
const NS_DATA = 'jabber:x:data';

/** The hash names of XEP-0115 mapped to Node's: IANA's "Hash Function Textual Names". */
const HASHES: Readonly<Record<string, string>> = {
  'sha-1': 'sha1',
  'sha-224': 'sha224',
  'sha-256': 'sha256',
  'sha-384': 'sha384',
  'sha-512': 'sha512',
  md5: 'md5',
};

/** "i;octet" collation (RFC 4790 §9.3): compares the UTF-8 bytes. */
function octetCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const sortOctets = (list: readonly string[]): string[] => [...list].sort(octetCompare);

/** The string S of §5.1 for a disco#info <query/>, before hashing. */
export function capsInput(query: XmlElement): string {
  const identities = children(query, 'identity', NS_DISCO_INFO).map(
    (i) => `${i.attrs['category'] ?? ''}/${i.attrs['type'] ?? ''}/${i.attrs['xml:lang'] ?? ''}/${i.attrs['name'] ?? ''}`,
  );
  const features = children(query, 'feature', NS_DISCO_INFO).map((f) => f.attrs['var'] ?? '');
  let s =
    sortOctets(identities)
      .map((i) => `${i}<`)
      .join('') +
    sortOctets(features)
      .map((f) => `${f}<`)
      .join('');
  const forms = children(query, 'x', NS_DATA).map((form) => {
    const fields = children(form, 'field', NS_DATA);
    const type = fields.find((f) => f.attrs['var'] === 'FORM_TYPE');
    const valueOf = (f: XmlElement): string[] => children(f, 'value', NS_DATA).map(text);
    return { type: type ? (valueOf(type)[0] ?? '') : '', fields: fields.filter((f) => f !== type), valueOf };
  });
  for (const form of [...forms].sort((a, b) => octetCompare(a.type, b.type))) {
    s += `${form.type}<`;
    for (const f of [...form.fields].sort((a, b) => octetCompare(a.attrs['var'] ?? '', b.attrs['var'] ?? ''))) {
      s +=
        `${f.attrs['var'] ?? ''}<` +
        sortOctets(form.valueOf(f))
          .map((v) => `${v}<`)
          .join('');
    }
  }
  return s;
}

/** The verification string for `query` with the named hash; undefined for a hash Node does not know. */
export function capsVer(query: XmlElement, hash: string): string | undefined {
  const algo = HASHES[hash.toLowerCase()];
  if (!algo) return undefined;
  return createHash(algo).update(capsInput(query), 'utf8').digest('base64');
}

/** The <c/> of caps in a presence or in stream features, if any. */
export function capsOf(e: XmlElement): XmlElement | undefined {
  return child(e, 'c', NS_CAPS);
}
