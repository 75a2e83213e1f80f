// Whole XMPP streams as a peer would send them, cut into chunks. Valid streams are a header,
// stanzas with optional whitespace between them (RFC 6120 §11.7) and an optional close tag;
// invalid streams are such a stream with exactly one violation (restricted-xml.ts) put where
// it belongs, and carry that violation's rule and reason.
import type fc from 'fast-check';
import { cutBytes, cutString, cutsTwin, pairSplits, splitsTwin, utf8Splits } from './chunked.js';
import { violationTwin, type Violation, type ViolationConstraints, type ViolationRule } from './restricted-xml.js';
import { stanzaTwin, type StanzaConstraints } from './stanza.js';
import { STREAM_CLOSE, streamHeaderDataTwin, type GenHeader, type StreamHeaderConstraints } from './stream-header.js';
import * as twin from './twin.js';

export type Expectation = 'accept' | 'reject';

/** One generated input: the chunks, and the verdict RFC 6120 demands of it. */
export interface FuzzInput {
  readonly chunks: readonly Uint8Array[];
  readonly expect: Expectation;
  /** 'valid by construction', or the rule the input breaks. */
  readonly reason: string;
  /** For 'reject': the rule's id. */
  readonly rule?: ViolationRule;
  /** Bad UTF-8: only byte targets can be given it. */
  readonly bytesOnly?: boolean;
  /** A lone surrogate: only string targets get it, as these chunks. */
  readonly strings?: readonly string[];
  /**
   * The same text as `chunks`, cut for string targets at UTF-16 offsets of its own (inside a
   * surrogate pair too). Absent (inputs saved before it existed): string targets get `chunks`
   * through a streaming UTF-8 decoder.
   */
  readonly textChunks?: readonly string[];
}

export interface StreamConstraints {
  readonly header?: StreamHeaderConstraints;
  readonly stanza?: StanzaConstraints;
  /** Most stanzas; default 4. */
  readonly maxStanzas?: number;
  /** For invalidStream: which violations. */
  readonly violation?: ViolationConstraints;
}

interface StreamParts {
  readonly header: GenHeader;
  readonly stanzas: string[];
  readonly spaces: string[];
  readonly closed: boolean;
}

const interStanzaSpace = twin.constantFrom('', '', ' ', '\n', '\r\n', '\t ');
const encoder = new TextEncoder();

function streamParts(c: StreamConstraints): twin.Twin<StreamParts> {
  const maxStanzas = c.maxStanzas ?? 4;
  return twin.record<StreamParts>({
    header: streamHeaderDataTwin(c.header),
    stanzas: twin.array(stanzaTwin(c.stanza), { maxLength: maxStanzas }),
    spaces: twin.array(interStanzaSpace, { minLength: maxStanzas + 1, maxLength: maxStanzas + 1 }),
    closed: twin.boolean(),
  });
}

/** The stream as text, with `piece` at its place (content: before stanza `slot`, modulo the count). */
function render(p: StreamParts, bad?: { piece: string; where: Violation['where']; slot: number }): { text: string; at: number } {
  let at = 0;
  let out = '';
  if (bad?.where === 'start') out += bad.piece;
  out += p.header.decl;
  if (bad?.where === 'prolog') {
    at = out.length;
    out += bad.piece;
  }
  out += p.header.tag;
  const slot = bad?.where === 'content' ? bad.slot % (p.stanzas.length + 1) : -1;
  for (let i = 0; i <= p.stanzas.length; i++) {
    if (i === slot && bad) {
      at = out.length;
      out += bad.piece;
    }
    const s = p.stanzas[i];
    if (s !== undefined) out += (p.spaces[i] ?? '') + s;
  }
  return { text: p.closed ? out + STREAM_CLOSE : out, at };
}

/** The text cut twice at the same offsets: as UTF-8 bytes (some cuts inside a sequence) and as UTF-16 (some inside a pair). */
function cutBoth(text: string, c: readonly number[], s: readonly number[]): { chunks: Uint8Array[]; textChunks: string[] } {
  const bytes = encoder.encode(text);
  return { chunks: cutBytes(bytes, [...c, ...utf8Splits(bytes, s)]), textChunks: cutString(text, [...c, ...pairSplits(text, s)]) };
}

/** A valid stream, cut at random places: every conforming parser accepts it, however it is cut. */
export function validStream(constraints: StreamConstraints = {}): fc.Arbitrary<FuzzInput> {
  return validStreamTwin(constraints).arb;
}

/** validStream with its fast twin (twin.ts): the campaign draws with it. */
export function validStreamTwin(constraints: StreamConstraints = {}): twin.Twin<FuzzInput> {
  return twin.map(twin.tuple(streamParts(constraints), cutsTwin(), splitsTwin()), ([p, c, s]): FuzzInput => ({
    ...cutBoth(render(p).text, c, s),
    expect: 'accept' as const,
    reason: 'valid by construction',
  }));
}

const STAND_IN = '\uFFFD';

/** A valid stream with exactly one violation in it: every conforming XMPP parser rejects it. */
export function invalidStream(constraints: StreamConstraints = {}): fc.Arbitrary<FuzzInput> {
  return invalidStreamTwin(constraints).arb;
}

/** invalidStream with its fast twin (twin.ts): the campaign draws with it. */
export function invalidStreamTwin(constraints: StreamConstraints = {}): twin.Twin<FuzzInput> {
  return twin.map(
    twin.tuple(streamParts(constraints), violationTwin(constraints.violation), twin.nat(16), cutsTwin(), splitsTwin()),
    ([p, bad, slot, c, s]): FuzzInput => {
      const { text, at } = render(p, { piece: bad.text, where: bad.where, slot });
      const base = { expect: 'reject' as const, reason: bad.reason, rule: bad.rule };
      if (bad.stringOnly) {
        // no UTF-8 carries a lone surrogate: byte targets see U+FFFD and skip the input
        return { ...base, chunks: [encoder.encode(text)], strings: cutString(text, [...c, ...pairSplits(text, s)]) };
      }
      if (bad.bytes !== undefined) {
        // the stand-in U+FFFD of the piece becomes the raw bytes
        const whole = encoder.encode(text);
        const before = encoder.encode(text.slice(0, at + bad.text.indexOf(STAND_IN))).length;
        const bytes = new Uint8Array(whole.length - 3 + bad.bytes.length);
        bytes.set(whole.subarray(0, before), 0);
        bytes.set(bad.bytes, before);
        bytes.set(whole.subarray(before + 3), before + bad.bytes.length);
        return { ...base, chunks: cutBytes(bytes, [...c, ...utf8Splits(bytes, s)]), bytesOnly: true };
      }
      return { ...base, ...cutBoth(text, c, s) };
    },
  );
}
