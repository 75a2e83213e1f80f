// Incremental XMPP stream parser on saxes (RFC 6120 §4 streams, §11 restricted XML).
//
// Events: onOpen(root header), onElement(each complete depth-1 child), onClose(root end tag),
// onError(first error only). Error conditions (XmlError.condition):
//   'restricted-xml'        comments, processing instructions, DOCTYPE/DTD, and references to
//                           entities other than the five predefined ones (RFC 6120 §11.1 forbids
//                           entity references; we report them as restricted-xml, not not-well-formed)
//   'unsupported-encoding'  XML declaration naming an encoding other than UTF-8, or a UTF-16 BOM (§11.6)
//   'bad-format'            non-whitespace character data directly inside the stream root
//   'policy-violation'      a limit was exceeded (the message names the limit)
//   'not-well-formed'       everything else: mismatched tags, unbound prefixes, duplicate attributes,
//                           invalid UTF-8, character references to non-Chars (&#0;), garbage
import { SaxesParser, type SaxesAttributeNS, type SaxesStartTagNS, type SaxesTagNS, type XMLDecl } from 'saxes';
import { LimitError, XmlError } from '../errors.js';
import type { XmlElement, XmlNode } from './element.js';

export interface StreamParserLimits {
  /** Max UTF-8 bytes of one depth-1 element (also of the stream header, and of whitespace between stanzas). */
  maxElementBytes?: number;
  /** Max element nesting depth; the stream root counts as depth 1, a stanza as depth 2. */
  maxDepth?: number;
  /** Max attributes (namespace declarations included) on one start tag. */
  maxAttributes?: number;
}

export interface StreamParserEvents {
  /**
   * The stream root. `declarations` (optional to use) are the namespace declarations written on it,
   * prefix → URI with '' for the default namespace: e.g. { '': 'jabber:client', stream: NS_STREAMS }
   * (RFC 6120 §4.8 checks need the declared content namespace, which `header` does not carry).
   */
  onOpen(header: XmlElement, declarations: Readonly<Record<string, string>>): void;
  onElement(el: XmlElement): void;
  onClose(): void;
  onError(err: XmlError): void;
}

export type XmlErrorCondition = XmlError['condition'];

export const DEFAULT_STREAM_PARSER_LIMITS: Readonly<Required<StreamParserLimits>> = Object.freeze({
  maxElementBytes: 1_048_576,
  maxDepth: 64,
  maxAttributes: 256,
});

/** saxes processes a large write in one go; we feed it slices so the size limit bites early. */
const SLICE_UNITS = 65_536;

interface MutableElement {
  name: string;
  ns: string;
  prefix?: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}

type SaxOptions = { xmlns: true; additionalNamespaces?: Record<string, string>; defaultXMLVersion: '1.0'; forceXMLVersion: true };
type Sax = SaxesParser<SaxOptions>;

function resolveLimits(limits: StreamParserLimits | undefined): Required<StreamParserLimits> {
  return { ...DEFAULT_STREAM_PARSER_LIMITS, ...(limits ?? {}) } as Required<StreamParserLimits>;
}

/** saxes's handler slots (internal names in saxes 6; a wrong name here only costs speed). */
interface HandlerSlots {
  xmldeclHandler?: unknown;
  textHandler?: unknown;
  piHandler?: unknown;
  doctypeHandler?: unknown;
  commentHandler?: unknown;
  openTagStartHandler?: unknown;
  openTagHandler?: unknown;
  closeTagHandler?: unknown;
  cdataHandler?: unknown;
  errorHandler?: unknown;
  endHandler?: unknown;
  attributeHandler?: unknown;
}

function newSax(additionalNamespaces?: Record<string, string>): Sax {
  const opts: SaxOptions = { xmlns: true, defaultXMLVersion: '1.0', forceXMLVersion: true };
  if (additionalNamespaces !== undefined) opts.additionalNamespaces = additionalNamespaces;
  const sax = new SaxesParser<SaxOptions>(opts);
  // saxes's on() adds each handler with a computed-key store; after a few of those V8 turns the
  // parser into a dictionary-mode object and parsing gets ~4x slower. Creating the slots with
  // named stores first keeps it a fast object (on() then only overwrites existing properties).
  const slots = sax as unknown as HandlerSlots;
  slots.xmldeclHandler = undefined;
  slots.textHandler = undefined;
  slots.piHandler = undefined;
  slots.doctypeHandler = undefined;
  slots.commentHandler = undefined;
  slots.openTagStartHandler = undefined;
  slots.openTagHandler = undefined;
  slots.closeTagHandler = undefined;
  slots.cdataHandler = undefined;
  slots.errorHandler = undefined;
  slots.endHandler = undefined;
  slots.attributeHandler = undefined;
  return sax;
}

function setAttr(attrs: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(attrs, key, { value, enumerable: true, writable: true, configurable: true });
  else attrs[key] = value;
}

function buildElement(tag: SaxesTagNS): MutableElement {
  const attrs: Record<string, string> = {};
  const raw: Record<string, SaxesAttributeNS> = tag.attributes;
  for (const key in raw) {
    const a = raw[key]!;
    // Namespace declarations are implied by ns/prefix and are not attributes in our model.
    if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
    setAttr(attrs, a.name, a.value);
  }
  const el: MutableElement = { name: tag.local, ns: tag.uri, attrs, children: [] };
  if (tag.prefix !== '') el.prefix = tag.prefix;
  return el;
}

function attributeCount(tag: SaxesTagNS): number {
  let n = 0;
  for (const _ in tag.attributes) n++;
  return n;
}

function appendText(el: MutableElement, text: string): void {
  if (text === '') return;
  const last = el.children.length - 1;
  const prev = el.children[last];
  if (typeof prev === 'string') el.children[last] = prev + text;
  else el.children.push(text);
}

const NON_WS = /[^ \t\r\n]/;
// Characters that can never occur in an entity name or character reference.
const BAD_ENTITY_CHAR = /[\s<>&'"=/;!?]/;

/** Maps a saxes error message to the RFC 6120 stream error condition. */
function conditionOf(message: string): XmlErrorCondition {
  if (message.includes('undefined entity')) return 'restricted-xml';
  if (/doctype|processing instruction/i.test(message)) return 'restricted-xml';
  return 'not-well-formed';
}

function saxError(err: Error): XmlError {
  const cond = conditionOf(err.message);
  const rule = cond === 'restricted-xml' ? 'RFC 6120 §11.1' : 'RFC 6120 §11.3';
  return new XmlError(`${cond === 'restricted-xml' ? 'restricted XML' : 'not well-formed XML'}: ${err.message} (${rule})`, cond);
}

function restricted(what: string): XmlError {
  return new XmlError(`restricted XML: ${what} is not allowed in XMPP (RFC 6120 §11.1)`, 'restricted-xml');
}

function limitError(what: string): XmlError {
  const limit = new LimitError(`limit exceeded: ${what}`);
  return new XmlError(limit.message, 'policy-violation');
}

function encodingError(decl: XMLDecl): XmlError | undefined {
  const enc = decl.encoding;
  if (enc === undefined || enc.toLowerCase() === 'utf-8') return undefined;
  return new XmlError(`unsupported encoding '${enc}' in XML declaration; XMPP requires UTF-8 (RFC 6120 §11.6)`, 'unsupported-encoding');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the string has no unpaired surrogate (String.prototype.isWellFormed where available). */
function isWellFormed(s: string): boolean {
  const native = (s as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(s) : !LONE_SURROGATE.test(s);
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export class StreamParser {
  private readonly events: StreamParserEvents;
  private readonly limits: Required<StreamParserLimits>;
  private sax!: Sax;
  private gen = 0;
  private decoder!: TextDecoder;
  private state: 'open' | 'failed' | 'ended' = 'open';
  private stack: MutableElement[] = [];
  private sawFirstBytes = false;
  private pendingHigh = '';
  // Input accounting, in UTF-16 units of everything fed to the current saxes instance.
  private fed = 0;
  private piece = '';
  private pieceStart = 0;
  private inWrite = false;
  private remainder: string | undefined;
  // The counted region: from regionStart (a global unit position) to "now".
  private regionStart = 0;
  private regionBytesBefore = 0;

  constructor(events: StreamParserEvents, limits?: StreamParserLimits) {
    this.events = events;
    this.limits = resolveLimits(limits);
    this.init();
  }

  /** Feed bytes (decoded as UTF-8, incrementally) or already-decoded text. */
  write(chunk: Uint8Array | string): void {
    if (this.state !== 'open') return;
    let text: string;
    if (typeof chunk === 'string') {
      // A surrogate pair split across string writes is joined; a lone surrogate is not a Char.
      text = this.pendingHigh + chunk;
      this.pendingHigh = '';
      const last = text.charCodeAt(text.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        this.pendingHigh = text.slice(-1);
        text = text.slice(0, -1);
      }
      if (!isWellFormed(text)) {
        this.fail(new XmlError('lone surrogate in input: not an XML Char (RFC 6120 §11.3)', 'not-well-formed'));
        return;
      }
    } else {
      if (!this.sawFirstBytes && chunk.length > 0) {
        this.sawFirstBytes = true;
        // RFC 6120 §11.6: only UTF-8. A UTF-16 byte order mark (or "<" as UTF-16) means another encoding.
        const [a, b] = [chunk[0], chunk[1]];
        if ((a === 0xfe && b === 0xff) || (a === 0xff && b === 0xfe) || (a === 0x00 && b === 0x3c) || (a === 0x3c && b === 0x00)) {
          this.fail(new XmlError('input is UTF-16 encoded; XMPP requires UTF-8 (RFC 6120 §11.6)', 'unsupported-encoding'));
          return;
        }
      }
      try {
        text = this.decoder.decode(chunk, { stream: true });
      } catch {
        this.fail(new XmlError('invalid UTF-8 byte sequence (RFC 6120 §11.6)', 'not-well-formed'));
        return;
      }
    }
    this.feed(text);
  }

  /** Stream restart (RFC 6120 §4.3.3): a fresh XML declaration and root are expected next. */
  reset(): void {
    const wasOpen = this.state === 'open';
    if (this.inWrite && wasOpen) {
      // Called from a handler during write(): whatever followed the current event belongs to the new stream.
      const rel = Math.max(0, Math.min(this.piece.length, this.sax.position - this.pieceStart));
      this.remainder = this.piece.slice(rel);
    } else {
      this.remainder = undefined;
    }
    this.init();
  }

  /** The transport closed. Pending bytes are dropped; an unfinished stream is not an error here. */
  end(): void {
    if (this.state === 'open') this.state = 'ended';
    this.decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  }

  private init(): void {
    this.gen++;
    this.state = 'open';
    this.stack = [];
    this.sawFirstBytes = false;
    this.pendingHigh = '';
    this.decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    this.fed = 0;
    this.piece = '';
    this.pieceStart = 0;
    this.regionStart = 0;
    this.regionBytesBefore = 0;
    this.sax = newSax();
    this.attach(this.sax, this.gen);
  }

  private fail(err: XmlError): void {
    if (this.state !== 'open') return;
    this.state = 'failed';
    this.events.onError(err);
  }

  private feed(text: string): void {
    // RFC 6120 §11.6: U+FEFF is never a byte order mark in XMPP, so first in a stream it is
    // character data before the stream header, which XML 1.0 does not allow.
    if (this.fed === 0 && text.charCodeAt(0) === 0xfeff) {
      this.fail(
        new XmlError(
          'U+FEFF before the stream header: XMPP has no byte order mark, so it is character data before the root (RFC 6120 §11.6)',
          'not-well-formed',
        ),
      );
      return;
    }
    let off = 0;
    while (off < text.length && this.state === 'open') {
      const end = Math.min(text.length, off + SLICE_UNITS);
      const piece = off === 0 && end === text.length ? text : text.slice(off, end);
      const gen = this.gen;
      this.piece = piece;
      this.pieceStart = this.fed;
      const outer = this.inWrite;
      this.inWrite = true;
      try {
        this.sax.write(piece);
      } catch (e) {
        // A handler threw: the saxes instance is mid-chunk and unusable until reset().
        if (gen === this.gen) this.state = 'failed';
        throw e;
      } finally {
        this.inWrite = outer;
      }
      if (gen !== this.gen) {
        // reset() ran inside a handler: re-feed what followed to the new stream.
        const rest = (this.remainder ?? '') + text.slice(end);
        this.remainder = undefined;
        if (rest !== '') this.feed(rest);
        return;
      }
      this.fed += piece.length;
      if (this.state !== 'open') return;
      this.checkPendingEntity();
      if (this.state !== 'open') return;
      // Close the piece's share of the counted region and check the size cap.
      const rel = Math.max(0, this.regionStart - this.pieceStart);
      this.regionBytesBefore += utf8Length(rel === 0 ? piece : piece.slice(rel));
      this.regionStart = this.fed;
      if (this.regionBytesBefore > this.limits.maxElementBytes) {
        this.fail(limitError(`element larger than maxElementBytes (${this.limits.maxElementBytes} bytes)`));
        return;
      }
      off = end;
    }
  }

  /**
   * saxes waits for ';' to end an entity reference, so a raw '&' (`a & b`) would otherwise stall the
   * parser until some later ';'. Peek at its pending reference text: a character that cannot be part
   * of a reference means the '&' was not one (RFC 6120 §11.3; XML 1.0 §2.4 requires & to be escaped).
   */
  private checkPendingEntity(): void {
    const pending = (this.sax as unknown as { entity?: unknown }).entity;
    if (typeof pending === 'string' && pending !== '' && (pending.length > 64 || BAD_ENTITY_CHAR.test(pending))) {
      this.fail(new XmlError("not well-formed XML: '&' not starting a valid reference (RFC 6120 §11.3)", 'not-well-formed'));
    }
  }

  /** Bytes of the counted region up to position `pos`. */
  private regionBytes(pos: number): number {
    const from = Math.max(0, this.regionStart - this.pieceStart);
    const to = Math.max(from, pos - this.pieceStart);
    return this.regionBytesBefore + utf8Length(this.piece.slice(from, to));
  }

  private startRegion(pos: number): void {
    this.regionStart = Math.max(pos, this.pieceStart);
    this.regionBytesBefore = 0;
  }

  /** Ends the region at `pos`; false (after reporting) when it was too large. */
  private endRegion(pos: number, what: string): boolean {
    if (this.regionBytes(pos) > this.limits.maxElementBytes) {
      this.fail(limitError(`${what} larger than maxElementBytes (${this.limits.maxElementBytes} bytes)`));
      return false;
    }
    this.startRegion(pos);
    return true;
  }

  private attach(sax: Sax, gen: number): void {
    const live = (): boolean => gen === this.gen && this.state === 'open';
    const onText = (t: string): void => {
      if (!live()) return;
      const depth = this.stack.length;
      if (depth === 0) return; // before the root: saxes rejects non-whitespace itself
      if (depth === 1) {
        // Only whitespace (keepalives) may sit between stanzas; other text is bad-format (RFC 6120 §4.9.3.1).
        if (NON_WS.test(t)) this.fail(new XmlError('character data directly inside the stream element (RFC 6120 §4.9.3.1 bad-format)', 'bad-format'));
        return;
      }
      appendText(this.stack[depth - 1]!, t);
    };
    sax.on('text', onText);
    sax.on('cdata', onText);
    sax.on('opentagstart', (tag: SaxesStartTagNS) => {
      if (!live()) return;
      if (this.stack.length + 1 > this.limits.maxDepth) {
        this.fail(limitError(`element nesting deeper than maxDepth (${this.limits.maxDepth})`));
        return;
      }
      if (this.stack.length === 1) this.startRegion(sax.position - tag.name.length - 1);
    });
    // The attribute count is checked on the complete tag; maxElementBytes bounds the tag meanwhile.
    sax.on('opentag', (tag: SaxesTagNS) => {
      if (!live()) return;
      if (attributeCount(tag) > this.limits.maxAttributes) {
        this.fail(limitError(`more than maxAttributes (${this.limits.maxAttributes}) attributes on one element`));
        return;
      }
      const el = buildElement(tag);
      const depth = this.stack.length;
      if (depth === 0) {
        this.stack.push(el);
        if (!this.endRegion(sax.position, 'stream header')) return;
        this.events.onOpen(el, { ...tag.ns });
        return;
      }
      if (depth >= 2) this.stack[depth - 1]!.children.push(el);
      this.stack.push(el);
    });
    sax.on('closetag', () => {
      if (!live()) return;
      const el = this.stack.pop();
      const depth = this.stack.length;
      if (el === undefined) return;
      if (depth === 0) {
        this.events.onClose();
      } else if (depth === 1) {
        if (!this.endRegion(sax.position, `<${el.name}> element`)) return;
        this.events.onElement(el);
      }
    });
    sax.on('xmldecl', (decl: XMLDecl) => {
      if (!live()) return;
      const err = encodingError(decl);
      if (err) this.fail(err);
    });
    sax.on('comment', () => live() && this.fail(restricted('a comment')));
    sax.on('processinginstruction', () => live() && this.fail(restricted('a processing instruction')));
    sax.on('doctype', () => live() && this.fail(restricted('a document type declaration (DTD)')));
    sax.on('error', (err: Error) => live() && this.fail(saxError(err)));
  }
}

export interface ParseFragmentOptions {
  /** Namespace of unprefixed elements without their own xmlns (default: none). */
  defaultNs?: string;
  /** Prefixes bound before parsing (prefix → namespace). */
  prefixes?: Record<string, string>;
  /** Caps; maxElementBytes applies to the whole input. */
  limits?: StreamParserLimits;
}

/**
 * Parses one standalone element (a WebSocket frame, an `x` template) under the same RFC 6120 §11
 * restrictions as the stream parser. Surrounding whitespace and an XML declaration are allowed.
 * Throws XmlError.
 */
export function parseFragment(xml: string, opts?: ParseFragmentOptions): XmlElement {
  const limits = resolveLimits(opts?.limits);
  if (!isWellFormed(xml)) throw new XmlError('lone surrogate in input: not an XML Char (RFC 6120 §11.3)', 'not-well-formed');
  if (utf8Length(xml) > limits.maxElementBytes) {
    throw limitError(`fragment larger than maxElementBytes (${limits.maxElementBytes} bytes)`);
  }
  const ns: Record<string, string> = {};
  for (const [p, uri] of Object.entries(opts?.prefixes ?? {})) {
    if (p === 'xml' || p === 'xmlns' || p === '') continue;
    ns[p] = uri;
  }
  if (opts?.defaultNs !== undefined && opts.defaultNs !== '') ns[''] = opts.defaultNs;
  const sax = newSax(ns);
  const stack: MutableElement[] = [];
  let root: MutableElement | undefined;
  const onText = (t: string): void => {
    const top = stack[stack.length - 1];
    if (top) appendText(top, t);
  };
  sax.on('text', onText);
  sax.on('cdata', onText);
  sax.on('opentagstart', () => {
    if (stack.length + 1 > limits.maxDepth) throw limitError(`element nesting deeper than maxDepth (${limits.maxDepth})`);
  });
  sax.on('opentag', (tag: SaxesTagNS) => {
    if (attributeCount(tag) > limits.maxAttributes) throw limitError(`more than maxAttributes (${limits.maxAttributes}) attributes on one element`);
    const el = buildElement(tag);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  sax.on('closetag', () => {
    stack.pop();
  });
  sax.on('xmldecl', (decl: XMLDecl) => {
    const err = encodingError(decl);
    if (err) throw err;
  });
  sax.on('comment', () => {
    throw restricted('a comment');
  });
  sax.on('processinginstruction', () => {
    throw restricted('a processing instruction');
  });
  sax.on('doctype', () => {
    throw restricted('a document type declaration (DTD)');
  });
  sax.on('error', (err: Error) => {
    throw saxError(err);
  });
  sax.write(xml).close();
  if (root === undefined) throw new XmlError('no element found (RFC 6120 §11.3)', 'not-well-formed');
  return root;
}
