// fast-check arbitraries for XMPP streams. Valid streams are valid by construction (names, text and
// attribute values drawn only from what XML 1.0 and RFC 6120 allow, Unicode edge cases included);
// invalid streams are a valid stream with exactly one violation spliced in, and each carries the
// rule it breaks. Everything is built with map/chain over small pieces (no filters), so a failing
// input shrinks to a short stream with the violation still in it.
import fc from 'fast-check';
import { concatBytes, cutAt, utf8, type FuzzInput } from './inputs.js';

const NS_STREAMS = 'http://etherx.jabber.org/streams';

// --- names -------------------------------------------------------------------------------------

/** NameStartChar samples: ASCII letters and '_', plus Latin-1, Greek, CJK and an astral letter. */
const NAME_START = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_', 'é', 'ß', 'Ω', '中', 'ж', '\u{10400}'];
/** NameChar additions: digits, '-', '.', a combining acute accent, the middle dot. */
const NAME_MORE = [...'0123456789-.', '\u0301', '\u00B7'];

export const xmlName: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...NAME_START), fc.array(fc.constantFrom(...NAME_START, ...NAME_MORE), { maxLength: 6 }))
  .map(([first, rest]) => first + rest.join(''));

// --- text ----------------------------------------------------------------------------------------

/**
 * Character data that XML 1.0 allows: printable ASCII (no '<' or '&'), whitespace, and edge cases:
 * an astral emoji, a combining mark, Hebrew (RTL), U+FEFF inside text, U+FFFD, ZWJ, U+10FFFF.
 */
const TEXT_CHARS = [
  ...'abcxyzABC019 .,:;!?-_/()[]{}=+*#@$%^~`|\'"',
  '\t', '\n', '>',
  '😀', '\u{1F469}\u200D\u{1F4BB}', 'e\u0301', 'א', '\uFEFF', '\uFFFD', '\u{10FFFF}', '中文',
];
/** Escapes and character references a parser must decode. */
const TEXT_ESCAPES = ['&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#233;', '&#x1F600;', '&#x9;', '&#10;'];

export const xmlText: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...TEXT_CHARS) }, { weight: 1, arbitrary: fc.constantFrom(...TEXT_ESCAPES) }), { maxLength: 12 })
  .map((parts) => parts.join(''));

/** An attribute value for single quotes: no raw '<', '&' or "'". */
export const attrValue: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...TEXT_CHARS.filter((c) => c !== "'" && c !== '\t' && c !== '\n')) },
      { weight: 1, arbitrary: fc.constantFrom(...TEXT_ESCAPES) },
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

// --- elements ------------------------------------------------------------------------------------

export interface GenElement {
  readonly name: string;
  readonly ns?: string;
  readonly prefix?: string;
  readonly attrs: readonly (readonly [string, string])[];
  readonly children: readonly (GenElement | string)[];
}

function serializeGen(e: GenElement): string {
  const tag = e.prefix ? `${e.prefix}:${e.name}` : e.name;
  let s = `<${tag}`;
  if (e.ns !== undefined) s += e.prefix ? ` xmlns:${e.prefix}='${e.ns}'` : ` xmlns='${e.ns}'`;
  for (const [k, v] of e.attrs) s += ` ${k}='${v}'`;
  if (e.children.length === 0) return s + '/>';
  return `${s}>${e.children.map((c) => (typeof c === 'string' ? c : serializeGen(c))).join('')}</${tag}>`;
}

// 'xmlns' would be a namespace declaration, not an attribute: dropped (a map, so shrinking stays intact)
const attrs: fc.Arbitrary<(readonly [string, string])[]> = fc
  .uniqueArray(fc.tuple(xmlName, attrValue), { maxLength: 3, selector: ([k]) => k })
  .map((list) => list.filter(([k]) => k !== 'xmlns'));

const nsUri = fc.integer({ min: 0, max: 9 }).map((n) => `urn:xmpp-conformance:fuzz:${n}`);

/** A payload element: its own namespace (default or prefixed), attributes, text and children. */
const payload: fc.Arbitrary<GenElement> = fc.letrec<{ el: GenElement }>((tie) => ({
  el: fc
    .record({
      name: xmlName,
      ns: fc.option(nsUri, { nil: undefined }),
      prefixed: fc.boolean(),
      attrs,
      children: fc.array(fc.oneof({ depthSize: 'small', withCrossShrink: true }, xmlText, tie('el')), { maxLength: 3 }),
    })
    .map(({ name, ns, prefixed, attrs: a, children }) => ({
      name,
      ...(ns !== undefined ? { ns } : {}),
      ...(ns !== undefined && prefixed ? { prefix: 'p' } : {}),
      attrs: a,
      children,
    })),
})).el;

/** A stanza: message, presence or iq in the stream's default namespace, with payloads. */
export const stanza: fc.Arbitrary<string> = fc
  .record({
    name: fc.constantFrom('message', 'presence', 'iq'),
    attrs,
    body: fc.option(xmlText, { nil: undefined }),
    payloads: fc.array(payload, { maxLength: 2 }),
  })
  .map(({ name, attrs: a, body, payloads }) => {
    const children: (GenElement | string)[] = [];
    if (body !== undefined) children.push({ name: 'body', attrs: [], children: body === '' ? [] : [body] });
    children.push(...payloads);
    // 'xmlns' and the stream prefix must not be generated as plain attribute names
    return serializeGen({ name, attrs: a, children });
  });

/** The initiating stream header (RFC 6120 §4.7), with or without an XML declaration. */
export const streamHeader: fc.Arbitrary<string> = fc
  .record({
    decl: fc.constantFrom('', "<?xml version='1.0'?>", '<?xml version="1.0" encoding="UTF-8"?>'),
    to: fc.option(fc.constantFrom('localhost', 'example.com', 'xn--bcher-kva.example'), { nil: undefined }),
    lang: fc.option(fc.constantFrom('en', 'de-CH', 'zh-Hant'), { nil: undefined }),
    version: fc.option(fc.constantFrom('1.0', '1.1'), { nil: undefined }),
  })
  .map(({ decl, to, lang, version }) => {
    let h = `${decl}<stream:stream xmlns='jabber:client' xmlns:stream='${NS_STREAMS}'`;
    if (to) h += ` to='${to}'`;
    if (version) h += ` version='${version}'`;
    if (lang) h += ` xml:lang='${lang}'`;
    return h + '>';
  });

const interStanzaSpace = fc.constantFrom('', '', ' ', '\n', '\r\n', '\t ');

/** Offsets at which to cut the stream (taken modulo its length): [] means one chunk. */
const cuts = fc.array(fc.nat({ max: 1 << 20 }), { maxLength: 8 });

interface StreamParts {
  readonly header: string;
  readonly stanzas: readonly string[];
  readonly spaces: readonly string[];
  readonly closed: boolean;
}

const streamParts: fc.Arbitrary<StreamParts> = fc.record({
  header: streamHeader,
  stanzas: fc.array(stanza, { maxLength: 5 }),
  spaces: fc.array(interStanzaSpace, { minLength: 6, maxLength: 6 }),
  closed: fc.boolean(),
});

function render(p: StreamParts, at?: { index: number; piece: Uint8Array }): Uint8Array {
  const pieces: Uint8Array[] = [utf8(p.header)];
  const n = p.stanzas.length;
  const slot = at ? at.index % (n + 1) : -1;
  for (let i = 0; i <= n; i++) {
    if (i === slot && at) pieces.push(at.piece);
    const s = p.stanzas[i];
    if (s !== undefined) pieces.push(utf8((p.spaces[i] ?? '') + s));
  }
  if (p.closed) pieces.push(utf8('</stream:stream>'));
  return concatBytes(pieces);
}

function cutInto(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  return cutAt(bytes, offsets.map((o) => o % (bytes.length + 1)));
}

/** A valid stream, cut at random places; every conforming parser accepts it. */
export const validStream: fc.Arbitrary<FuzzInput> = fc.tuple(streamParts, cuts).map(([p, c]) => ({
  chunks: cutInto(render(p), c),
  expect: 'accept' as const,
  reason: 'valid by construction',
}));

// --- violations ----------------------------------------------------------------------------------

export interface Violation {
  /** Bytes spliced in between two stanzas (or put before the header, see `beforeHeader`). */
  readonly piece: Uint8Array;
  readonly reason: string;
  readonly beforeHeader?: boolean;
  readonly bytesOnly?: boolean;
  /** A string-only violation: the piece as a JS string with a lone surrogate. */
  readonly text?: string;
}

const v = (piece: string, reason: string, extra: Partial<Violation> = {}): Violation => ({ piece: utf8(piece), reason, ...extra });

const word = fc.stringMatching(/^[a-z]{1,6}$/);

const FORBIDDEN_CHARS = ['\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u000E', '\u001F', '\uFFFE', '\uFFFF'];
const FORBIDDEN_REFS = ['&#0;', '&#x1;', '&#x8;', '&#xB;', '&#x1F;', '&#xD800;', '&#xDFFF;', '&#xFFFE;', '&#xFFFF;', '&#x110000;'];
const BAD_UTF8: readonly (readonly number[])[] = [
  [0xff],
  [0xfe],
  [0xc3, 0x28], // lead byte without its continuation
  [0xc0, 0x80], // overlong NUL
  [0xe0, 0x80, 0xaf], // overlong '/'
  [0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded as UTF-8
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0x80], // a lone continuation byte
];

/** Each RFC 6120 §11 / XML 1.0 violation, with the rule it breaks. */
export const violation: fc.Arbitrary<Violation> = fc.oneof(
  word.map((w) => v(`<!--${w}-->`, 'a comment (RFC 6120 §11.1)')),
  word.map((w) => v(`<message><body>${w}<!--${w}--></body></message>`, 'a comment inside a stanza (RFC 6120 §11.1)')),
  word.map((w) => v(`<?${w} data?>`, 'a processing instruction (RFC 6120 §11.1)')),
  word.map((w) => v(`<message><?${w}?></message>`, 'a processing instruction inside a stanza (RFC 6120 §11.1)')),
  fc.constant(v("<?xml version='1.0'?>", 'an XML declaration after the stream header (XML 1.0 §2.8; RFC 6120 §11.1)')),
  fc.constant(v('<!DOCTYPE stream:stream>', 'a document type declaration (RFC 6120 §11.1)', { beforeHeader: true })),
  word.map((w) => v(`<!DOCTYPE stream:stream [<!ENTITY ${w} '${w}'>]>`, 'an internal entity declaration (RFC 6120 §11.1)', { beforeHeader: true })),
  fc.constant(v("<!DOCTYPE stream:stream SYSTEM 'http://127.0.0.1:9/x.dtd'>", 'an external entity / DTD (RFC 6120 §11.1)', { beforeHeader: true })),
  word.map((w) => v(`<message><body>a&${w};b</body></message>`, 'a reference to an undefined entity (RFC 6120 §11.1)')),
  word.map((w) => v(`<message><${w}></message>`, 'unbalanced tags (XML 1.0 well-formedness; RFC 6120 §11.3)')),
  fc.constant(v('</message>', 'an end tag without its start tag (RFC 6120 §11.3)')),
  word.map((w) => v(`<message ${w}='1' ${w}='2'/>`, 'a duplicate attribute (XML 1.0 WFC: Unique Att Spec)')),
  fc.constant(v("<message xmlns:a='urn:x' xmlns:b='urn:x' a:id='1' b:id='2'/>", 'two attributes with the same expanded name (Namespaces in XML 1.0 §6.3)')),
  word.map((w) => v(`<${w}:message/>`, 'an undeclared element prefix (Namespaces in XML 1.0; RFC 6120 §11.3)')),
  word.map((w) => v(`<message ${w}:id='1'/>`, 'an undeclared attribute prefix (Namespaces in XML 1.0)')),
  fc.constantFrom(...FORBIDDEN_CHARS).map((c) => v(`<message><body>x${c}y</body></message>`, `U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}, a character XML 1.0 forbids (§2.2)`)),
  fc.constantFrom(...FORBIDDEN_REFS).map((r) => v(`<message><body>${r}</body></message>`, `${r}: a reference to a character XML 1.0 forbids (WFC: Legal Character)`)),
  fc.constantFrom(...BAD_UTF8).map((bytes) => ({
    piece: concatBytes([utf8('<message><body>a'), Uint8Array.from(bytes), utf8('b</body></message>')]),
    reason: `bytes ${bytes.map((b) => b.toString(16)).join(' ')}: invalid UTF-8 (RFC 6120 §11.6; RFC 3629)`,
    bytesOnly: true,
  })),
  fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF').map((h) => ({
    piece: utf8('<message><body>a\uFFFDb</body></message>'),
    text: `<message><body>a${h}b</body></message>`,
    reason: `a lone surrogate half U+${h.charCodeAt(0).toString(16).toUpperCase()} (not a Unicode scalar value; XML 1.0 §2.2)`,
  })),
  fc.constant(v("<message id='a<b'/>", "a raw '<' in an attribute value (XML 1.0 WFC: No < in Attribute Values)")),
  fc.constant(v('<message><body>a & b</body></message>', "a bare '&' in text (XML 1.0 §2.4)")),
  fc.constantFrom('1abc', '-x', '.y').map((n) => v(`<${n}/>`, `'${n}' is not an XML name (XML 1.0 §2.3)`)),
  fc.constant(v("<message id='x'y'/>", 'text after a closed attribute value (XML 1.0 §3.1)')),
);

/** A valid stream with exactly one violation in it; every conforming XMPP parser rejects it. */
export const invalidStream: fc.Arbitrary<FuzzInput> = fc.tuple(streamParts, violation, fc.nat(), cuts).map(([p, bad, index, c]) => {
  let bytes: Uint8Array;
  if (bad.beforeHeader) {
    // a DOCTYPE goes after the XML declaration (if any) and before the root
    const m = /^(<\?xml[^>]*\?>)?([\s\S]*)$/.exec(p.header);
    const decl = m?.[1] ?? '';
    const rest = m?.[2] ?? p.header;
    bytes = concatBytes([utf8(decl), bad.piece, render({ ...p, header: rest })]);
  } else {
    bytes = render(p, { index, piece: bad.piece });
  }
  const chunks = cutInto(bytes, c);
  const base: FuzzInput = { chunks, expect: 'reject', reason: bad.reason, ...(bad.bytesOnly ? { bytesOnly: true } : {}) };
  if (bad.text === undefined) return base;
  // String-only: the same stream with the surrogate in place of the U+FFFD stand-in.
  const whole = new TextDecoder().decode(bytes).replace('a\uFFFDb', bad.text.slice(bad.text.indexOf('a'), bad.text.indexOf('b') + 1));
  return { ...base, strings: splitString(whole, c) };
});

function splitString(s: string, offsets: readonly number[]): string[] {
  const points = [...new Set(offsets.map((o) => o % (s.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const p of points) {
    if (p > prev) out.push(s.slice(prev, p));
    prev = Math.max(prev, p);
  }
  if (prev < s.length || out.length === 0) out.push(s.slice(prev));
  return out;
}
