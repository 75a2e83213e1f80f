// Cutting a whole stream into the chunks a peer's writes might arrive in. The cut points are
// drawn as plain offsets and taken modulo the stream's length when applied, so they shrink
// towards "no cut" (one chunk) independently of the stream they cut. Two kinds of cut on top:
// `splits` picks characters that take more than one unit (an astral character's surrogate pair in
// UTF-16, any non-ASCII character's UTF-8 sequence) and cuts inside them, which a plain offset
// rarely hits.
import type fc from 'fast-check';
import * as twin from './twin.js';

export interface ChunkedConstraints {
  /** Most cut points; default 8. */
  readonly maxCuts?: number;
}

/** Offsets at which to cut a stream (applied modulo its length + 1): [] means one chunk. */
export function cuts(constraints: ChunkedConstraints = {}): fc.Arbitrary<number[]> {
  return cutsTwin(constraints).arb;
}

/** cuts with its fast twin (twin.ts). */
export function cutsTwin(constraints: ChunkedConstraints = {}): twin.Twin<number[]> {
  return twin.array(twin.nat(1 << 20), { maxLength: constraints.maxCuts ?? 8 });
}

/** Which multi-unit characters to cut inside (each pick modulo their count): [] means none. */
export function splits(max = 2): fc.Arbitrary<number[]> {
  return splitsTwin(max).arb;
}

/** splits with its fast twin (twin.ts). */
export function splitsTwin(max = 2): twin.Twin<number[]> {
  return twin.array(twin.nat(1 << 20), { maxLength: max });
}

/** Offsets between the two halves of a surrogate pair, one per pick (none when the text has no pair). */
export function pairSplits(s: string, picks: readonly number[]): number[] {
  if (picks.length === 0) return [];
  const mids: number[] = [];
  for (let i = 0; i + 1 < s.length; i++) {
    const hi = s.charCodeAt(i);
    if (hi < 0xd800 || hi > 0xdbff) continue;
    const lo = s.charCodeAt(i + 1);
    if (lo >= 0xdc00 && lo <= 0xdfff) mids.push(++i);
  }
  return mids.length === 0 ? [] : picks.map((p) => mids[p % mids.length] ?? 0);
}

/** Offsets inside a UTF-8 sequence (before one of its continuation bytes), one per pick (none for ASCII). */
export function utf8Splits(bytes: Uint8Array, picks: readonly number[]): number[] {
  if (picks.length === 0) return [];
  const inside: number[] = [];
  for (let i = 1; i < bytes.length; i++) if (((bytes[i] ?? 0) & 0xc0) === 0x80) inside.push(i);
  return inside.length === 0 ? [] : picks.map((p) => inside[p % inside.length] ?? 0);
}

function points(length: number, offsets: readonly number[]): number[] {
  return [...new Set(offsets.map((o) => o % (length + 1)))].sort((a, b) => a - b);
}

/** Cuts bytes at the offsets; always at least one chunk, never an empty one (unless the input is empty). */
export function cutBytes(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points(bytes.length, offsets)) {
    if (p > prev) out.push(bytes.subarray(prev, p));
    prev = Math.max(prev, p);
  }
  if (prev < bytes.length || out.length === 0) out.push(bytes.subarray(prev));
  return out;
}

/** The same for a JS string (offsets in UTF-16 code units: a cut may split a surrogate pair). */
export function cutString(s: string, offsets: readonly number[]): string[] {
  const out: string[] = [];
  let prev = 0;
  for (const p of points(s.length, offsets)) {
    if (p > prev) out.push(s.slice(prev, p));
    prev = Math.max(prev, p);
  }
  if (prev < s.length || out.length === 0) out.push(s.slice(prev));
  return out;
}
