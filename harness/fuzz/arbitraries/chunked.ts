// Cutting a whole stream into the chunks a peer's writes might arrive in. The cut points are
// drawn as plain offsets and taken modulo the stream's length when applied, so they shrink
// towards "no cut" (one chunk) independently of the stream they cut.
import fc from 'fast-check';

export interface ChunkedConstraints {
  /** Most cut points; default 8. */
  readonly maxCuts?: number;
}

/** Offsets at which to cut a stream (applied modulo its length + 1): [] means one chunk. */
export function cuts(constraints: ChunkedConstraints = {}): fc.Arbitrary<number[]> {
  return fc.array(fc.nat({ max: 1 << 20 }), { maxLength: constraints.maxCuts ?? 8 });
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
