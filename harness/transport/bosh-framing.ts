// BOSH framing (XEP-0124, with the XMPP extensions of XEP-0206), translated to and from the
// RFC 6120 stream the rest of the harness speaks. Over BOSH there is no open-ended
// <stream:stream>: every HTTP request and response carries one <body/> wrapper. The session
// creation response stands where the stream header would, a restart request replaces a new
// header, and type='terminate' replaces </stream:stream>. These are pure functions; bosh.ts
// does the HTTP.
import { randomBytes } from 'node:crypto';
import { XmlError } from '../errors.js';
import { NS_CLIENT, NS_STREAMS, escapeAttr, isElement, parseFragment, serialize, streamOpen, type XmlElement, type XmlNode } from '../xml/index.js';

export const NS_HTTPBIND = 'http://jabber.org/protocol/httpbind';
export const NS_XBOSH = 'urn:xmpp:xbosh';
/** The BOSH version we speak (XEP-0124 §7.1 'ver'). */
export const BOSH_VERSION = '1.11';

/**
 * XEP-0124 §7.1 / §14: the first rid is a large random positive integer, and since it grows by one
 * per request it must start far enough below 2^53 - 1 never to pass it. 2^52 leaves 2^52 requests.
 */
export function initialRid(): number {
  const b = randomBytes(7);
  b[0] = (b[0] as number) & 0x0f; // 52 bits
  const n = Number(BigInt(`0x${b.toString('hex')}`));
  return n === 0 ? 1 : n;
}

export interface CreationRequest {
  readonly rid: number;
  readonly to: string;
  readonly lang: string;
  /** seconds the connection manager may hold a request */
  readonly wait: number;
  readonly hold: number;
}

/** XEP-0124 §7.1 session creation, with XEP-0206 §3's xmpp:version='1.0'. */
export function creationBody(r: CreationRequest): string {
  return (
    `<body xmlns='${NS_HTTPBIND}' xmlns:xmpp='${NS_XBOSH}' content='text/xml; charset=utf-8'` +
    ` rid='${r.rid}' to='${escapeAttr(r.to)}' xml:lang='${escapeAttr(r.lang)}' wait='${r.wait}' hold='${r.hold}'` +
    ` ver='${BOSH_VERSION}' xmpp:version='1.0'/>`
  );
}

/** An ordinary request: the payloads (already qualified by their namespaces) inside one wrapper. */
export function requestBody(rid: number, sid: string, payloads: readonly string[]): string {
  const head = `<body xmlns='${NS_HTTPBIND}' rid='${rid}' sid='${escapeAttr(sid)}'`;
  return payloads.length ? `${head}>${payloads.join('')}</body>` : `${head}/>`;
}

/** XEP-0206 §5: after SASL success the client asks for a restart instead of sending a new header. */
export function restartBody(rid: number, sid: string, to: string, lang: string): string {
  return (
    `<body xmlns='${NS_HTTPBIND}' xmlns:xmpp='${NS_XBOSH}' rid='${rid}' sid='${escapeAttr(sid)}'` +
    ` to='${escapeAttr(to)}' xml:lang='${escapeAttr(lang)}' xmpp:restart='true'/>`
  );
}

/** XEP-0124 §13: the client ends the session; a final presence may ride along. */
export function terminateBody(rid: number, sid: string, payloads: readonly string[]): string {
  const head = `<body xmlns='${NS_HTTPBIND}' rid='${rid}' sid='${escapeAttr(sid)}' type='terminate'`;
  return payloads.length ? `${head}>${payloads.join('')}</body>` : `${head}/>`;
}

/** A response <body/>, its attributes, and its children as text of a jabber:client stream. */
export interface InboundBody {
  readonly attrs: Readonly<Record<string, string>>;
  /** the value of attributes in the urn:xmpp:xbosh namespace, by local name, whatever their prefix */
  readonly xbosh: Readonly<Record<string, string>>;
  readonly children: readonly string[];
  /** type='terminate' (or the older type='error', XEP-0124 §17.4): the session is over */
  readonly terminate: boolean;
  readonly condition?: string;
}

const STREAM_CTX = { defaultNs: NS_CLIENT, prefixes: { stream: NS_STREAMS } };

/**
 * Parses one response body. Throws XmlError when it is not well-formed or not a <body/> in the
 * httpbind namespace. Children go out serialized for a stream whose default namespace is
 * jabber:client. XEP-0206 §2 notes that many connection managers leave stanzas in the httpbind
 * namespace, treating it as jabber:client; we read them the same way.
 */
export function parseBody(text: string, maxBytes: number): InboundBody {
  const body = parseFragment(text, { limits: { maxElementBytes: maxBytes } });
  if (body.name !== 'body' || body.ns !== NS_HTTPBIND) {
    throw new XmlError(
      `expected <body xmlns='${NS_HTTPBIND}'/>, got <${body.prefix ? `${body.prefix}:` : ''}${body.name}> in namespace '${body.ns}'`,
      'bad-format',
    );
  }
  const xbosh: Record<string, string> = {};
  const prefix = xboshPrefix(text);
  if (prefix) {
    for (const [k, v] of Object.entries(body.attrs)) if (k.startsWith(`${prefix}:`)) xbosh[k.slice(prefix.length + 1)] = v;
  }
  const children = body.children.filter(isElement).map((c) => serialize(asClient(c), STREAM_CTX));
  const type = body.attrs['type'];
  const condition = body.attrs['condition'];
  return {
    attrs: body.attrs,
    xbosh,
    children,
    terminate: type === 'terminate' || type === 'error',
    ...(condition !== undefined ? { condition } : {}),
  };
}

/** The prefix the root start tag binds to urn:xmpp:xbosh (the element model keeps attributes by qualified name). */
function xboshPrefix(text: string): string | undefined {
  const start = /<(?:[\w.-]+:)?body\b[^>]*>/.exec(text)?.[0] ?? '';
  const m = new RegExp(`\\sxmlns:([\\w.-]+)\\s*=\\s*(['"])${NS_XBOSH.replace(/[.]/g, '\\.')}\\2`).exec(start);
  return m?.[1];
}

function asClient(el: XmlElement): XmlElement {
  if (el.ns !== NS_HTTPBIND) return el;
  const children: XmlNode[] = el.children.map((c) => (isElement(c) ? asClient(c) : c));
  return { ...el, ns: NS_CLIENT, children };
}

/**
 * The stream header the stream layer expects, built from the session creation response:
 * id = sid (XEP-0124's session id is the stream's), from, version (XEP-0206 §4's xmpp:version)
 * and xml:lang when the connection manager gave them.
 */
export function synthesizedHeader(creation: InboundBody, fallbackFrom: string): string {
  const attrs: Record<string, string> = { from: creation.attrs['from'] ?? fallbackFrom };
  const sid = creation.attrs['authid'] ?? creation.attrs['sid'];
  if (sid !== undefined) attrs['id'] = sid;
  const version = creation.xbosh['version'];
  if (version !== undefined) attrs['version'] = version;
  const lang = creation.attrs['xml:lang'];
  if (lang !== undefined) attrs['xml:lang'] = lang;
  return streamOpen(attrs, { xmlDecl: false });
}

/** What a write of the stream layer is, seen from the binding. */
export type OutboundWrite =
  | { readonly kind: 'header'; readonly to?: string; readonly lang?: string }
  | { readonly kind: 'close' }
  | { readonly kind: 'payload'; readonly text: string }
  | { readonly kind: 'nothing' };

const OPEN_HEADER = /^\s*(?:<\?xml[^>]*\?>)?\s*<stream:stream\b([^>]*)>\s*$/;
const STREAM_CLOSE = /^\s*<\/stream:stream>\s*$/;

/**
 * Classifies one write: a stream header (first: answered from the creation response; later: a
 * restart), the footer (terminate), whitespace (nothing to carry: BOSH has its own keepalive, the
 * empty request), or a payload, given the jabber:client namespace when it declares no default
 * namespace of its own (inside <body/> it would otherwise be in the httpbind namespace).
 */
export function classifyWrite(data: string): OutboundWrite {
  const open = OPEN_HEADER.exec(data);
  if (open) {
    const attrs = open[1] ?? '';
    const to = attrValue(attrs, 'to');
    const lang = attrValue(attrs, 'xml:lang');
    return { kind: 'header', ...(to !== undefined ? { to } : {}), ...(lang !== undefined ? { lang } : {}) };
  }
  if (STREAM_CLOSE.test(data)) return { kind: 'close' };
  if (data.trim() === '') return { kind: 'nothing' };
  return { kind: 'payload', text: withClientNamespace(data) };
}

function attrValue(attrText: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*(?:'([^']*)'|"([^"]*)")`).exec(attrText);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Each top-level element of a well-formed write gets xmlns='jabber:client' unless it declares a default namespace. */
function withClientNamespace(data: string): string {
  let parsed: XmlElement;
  try {
    parsed = parseFragment(`<w xmlns='${NS_CLIENT}' xmlns:stream='${NS_STREAMS}'>${data}</w>`);
  } catch (e) {
    // deliberately broken input goes out as written; the connection manager answers for it
    if (e instanceof XmlError) return data;
    throw e;
  }
  if (parsed.children.some((c) => typeof c === 'string' && c.trim() !== '')) return data;
  return parsed.children
    .filter(isElement)
    .map((c) => serialize(c, { defaultNs: NS_HTTPBIND, prefixes: {} }))
    .join('');
}

/**
 * XEP-0124 §17.2 terminal conditions (and XEP-0206 §6), each in a few words of our own, for the
 * close reason a case's result shows.
 */
const CONDITIONS: Readonly<Record<string, string>> = {
  'bad-request': 'the connection manager found the request malformed',
  'host-gone': 'the XMPP domain is no longer served',
  'host-unknown': 'the connection manager does not serve this XMPP domain; check --domain',
  'improper-addressing': "the session's 'to' or 'route' was missing or wrong; check --domain",
  'internal-server-error': 'the connection manager failed internally',
  'item-not-found': 'the connection manager does not know this sid or rid: the session expired, or the request fell out of its window',
  'other-request': 'another request with the same rid replaced this one',
  'policy-violation': 'the connection manager refused the request by policy: too many requests, too fast, or too large',
  'remote-connection-failed': 'the connection manager could not reach the XMPP server',
  'remote-stream-error': 'the XMPP server sent a stream error',
  'see-other-uri': 'the connection manager redirects to another URI',
  'system-shutdown': 'the connection manager is shutting down',
  'undefined-condition': 'the connection manager ended the session without a defined reason',
};

/** One line for a terminate from the connection manager. */
export function describeTerminate(condition: string | undefined): string {
  if (condition === undefined) return 'BOSH session terminated by the connection manager (no condition)';
  const what = CONDITIONS[condition];
  return `BOSH session terminated by the connection manager: ${condition}${what ? ` (${what})` : ' (not a XEP-0124 condition)'}`;
}
