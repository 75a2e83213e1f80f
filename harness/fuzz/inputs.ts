// The byte/string plumbing around a generated input (arbitraries/stream.ts holds its shape):
// joining, decoding into string chunks, printing for reports, and a JSON form for failure files.

import type { Expectation, FuzzInput } from './arbitraries/index.js';
import type { ViolationRule } from './arbitraries/index.js';

export type { Expectation, FuzzInput };

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

/**
 * The chunks as strings for targets that take `string[]`: a streaming UTF-8 decoder, so a
 * character split between two byte chunks lands whole in the later string chunk.
 */
export function toStringChunks(chunks: readonly Uint8Array[]): string[] {
  const dec = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  const out = chunks.map((c) => dec.decode(c, { stream: true }));
  const tail = dec.decode();
  if (tail) out.push(tail);
  return out;
}

/** What a target takes: 'bytes' (the own parser, --exec) or 'strings' (a parser module). */
export type Takes = 'bytes' | 'strings';

/** The pieces as a target takes them; undefined when it cannot take this input. */
export function piecesOf(takes: Takes, input: FuzzInput): readonly (string | Uint8Array)[] | undefined {
  if (takes === 'bytes') return input.strings ? undefined : input.chunks;
  if (input.bytesOnly) return undefined;
  return input.strings ?? input.textChunks ?? toStringChunks(input.chunks);
}

/** The pieces joined into one. */
export function wholeOf(pieces: readonly (string | Uint8Array)[]): (string | Uint8Array)[] {
  if (pieces.every((p): p is string => typeof p === 'string')) return [pieces.join('')];
  return [concatBytes(pieces.filter((p): p is Uint8Array => typeof p !== 'string'))];
}

/** The whole input as one byte string. */
export function joined(input: FuzzInput): Uint8Array {
  return concatBytes(input.chunks);
}

/** Printable form of an input for reports: the stream text with bytes that are not UTF-8 as \xNN, and the cut points. */
export function describeInput(input: FuzzInput, takes: Takes = 'bytes'): string {
  const text = input.strings ?? (takes === 'strings' ? input.textChunks : undefined);
  const parts = text ? text.map(visible) : input.chunks.map((c) => visible(printable(c)));
  return parts.length === 1 ? (parts[0] ?? '') : parts.map((p) => `«${p}»`).join(' ');
}

/** Invisible or unprintable characters (controls, format characters such as U+FEFF, lone surrogates, noncharacters) as \u{…}. */
function visible(s: string): string {
  return s.replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Cn}\p{Zl}\p{Zp}]/gu, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u{${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`,
  );
}

function printable(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
  }
}

/** JSON-safe form (base64 chunks) for failure files, and back. */
export interface StoredInput {
  readonly chunks: readonly string[];
  readonly expect: Expectation;
  readonly reason: string;
  readonly rule?: ViolationRule;
  readonly bytesOnly?: boolean;
  /** String-only inputs: the chunks themselves (JSON keeps lone surrogates as \\u escapes). */
  readonly strings?: readonly string[];
  /** The chunks string targets get (cut at UTF-16 offsets); absent in older files. */
  readonly textChunks?: readonly string[];
}

export function storeInput(input: FuzzInput): StoredInput {
  return {
    chunks: input.chunks.map((c) => Buffer.from(c).toString('base64')),
    expect: input.expect,
    reason: input.reason,
    ...(input.rule ? { rule: input.rule } : {}),
    ...(input.bytesOnly ? { bytesOnly: true } : {}),
    ...(input.strings ? { strings: input.strings } : {}),
    ...(input.textChunks ? { textChunks: input.textChunks } : {}),
  };
}

export function loadInput(s: StoredInput): FuzzInput {
  return {
    chunks: s.chunks.map((c) => new Uint8Array(Buffer.from(c, 'base64'))),
    expect: s.expect,
    reason: s.reason,
    ...(s.rule ? { rule: s.rule } : {}),
    ...(s.bytesOnly ? { bytesOnly: true } : {}),
    ...(s.strings ? { strings: [...s.strings] } : {}),
    ...(Array.isArray(s.textChunks) ? { textChunks: [...s.textChunks] } : {}),
  };
}
