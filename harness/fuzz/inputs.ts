// What the parser fuzzer feeds a stream parser: a whole XMPP stream as bytes, cut into chunks,
// with the verdict RFC 6120 demands of it ('accept', or 'reject' with the rule that forbids it).
// Valid and invalid streams come from separate arbitraries (arbitraries.ts); this module holds
// the shape and the byte/string plumbing both sides share.

export type Expectation = 'accept' | 'reject';

export interface FuzzInput {
  /** The stream as the peer would send it, cut where the generator chose. */
  readonly chunks: readonly Uint8Array[];
  readonly expect: Expectation;
  /** For 'reject': which RFC 6120 §11 (or XML 1.0) rule the input breaks. */
  readonly reason: string;
  /**
   * True when the input is only expressible as bytes (bad UTF-8): string-only targets
   * (`parse(chunks: string[])`) cannot receive it and skip it.
   */
  readonly bytesOnly?: boolean;
  /**
   * Set when the input is only expressible as JS strings (a lone surrogate half cannot be UTF-8):
   * string targets get these chunks, byte targets skip the input.
   */
  readonly strings?: readonly string[];
}

const encoder = new TextEncoder();

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Cuts `bytes` at the given offsets (sorted, deduplicated, clamped); always at least one chunk. */
export function cutAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => Math.max(0, Math.min(bytes.length, c))))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    if (p > prev) out.push(bytes.subarray(prev, p));
    prev = Math.max(prev, p);
  }
  if (prev < bytes.length || out.length === 0) out.push(bytes.subarray(prev));
  return out;
}

/**
 * The chunks as strings for targets that take `string[]`: a streaming UTF-8 decoder, so a
 * character split between two byte chunks lands whole in the later string chunk.
 */
export function toStringChunks(chunks: readonly Uint8Array[]): string[] {
  const dec = new TextDecoder('utf-8', { fatal: false });
  const out = chunks.map((c) => dec.decode(c, { stream: true }));
  const tail = dec.decode();
  if (tail) out.push(tail);
  return out;
}

/** The whole input as one byte string. */
export function joined(input: FuzzInput): Uint8Array {
  return concatBytes(input.chunks);
}

/** Printable form of an input for reports: the stream text with bytes that are not UTF-8 as \xNN, and the cut points. */
export function describeInput(input: FuzzInput): string {
  const parts = input.strings ? input.strings.map((c) => JSON.stringify(c).slice(1, -1)) : input.chunks.map((c) => printable(c));
  return parts.length === 1 ? (parts[0] ?? '') : parts.map((p) => JSON.stringify(p)).join(' | ');
}

function printable(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
  }
}

/** JSON-safe form (base64 chunks) for failure files, and back. */
export interface StoredInput {
  readonly chunks: readonly string[];
  readonly expect: Expectation;
  readonly reason: string;
  readonly bytesOnly?: boolean;
  /** String-only inputs: the chunks themselves (JSON keeps lone surrogates as \\u escapes). */
  readonly strings?: readonly string[];
}

export function storeInput(input: FuzzInput): StoredInput {
  return {
    chunks: input.chunks.map((c) => Buffer.from(c).toString('base64')),
    expect: input.expect,
    reason: input.reason,
    ...(input.bytesOnly ? { bytesOnly: true } : {}),
    ...(input.strings ? { strings: input.strings } : {}),
  };
}

export function loadInput(s: StoredInput): FuzzInput {
  return {
    chunks: s.chunks.map((c) => new Uint8Array(Buffer.from(c, 'base64'))),
    expect: s.expect,
    reason: s.reason,
    ...(s.bytesOnly ? { bytesOnly: true } : {}),
    ...(s.strings ? { strings: [...s.strings] } : {}),
  };
}
