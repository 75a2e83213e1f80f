// A batch of inputs for the target's worker as a few flat arrays instead of an array of objects
// holding arrays of chunks: structured cloning thousands of small objects and byte views cost the
// fuzzer about as much as a parse. Bytes travel in one transferred buffer, text in one string.
import type { Expectation } from './inputs.js';
import type { Pieces } from './oracle.js';

export interface BatchItem {
  readonly pieces: Pieces;
  readonly expect: Expectation;
  readonly reason: string;
}

export interface PackedBatch {
  /** Every byte piece, one after another (its buffer is transferred). */
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Every string piece, one after another. */
  readonly text: string;
  /** Per piece: its length in bytes, or for a string piece -(its length in UTF-16 units + 1). */
  readonly lengths: Int32Array;
  /** Per input: how many pieces, its expectation (1 accept, 0 reject) and its reason's index in `reasons`. */
  readonly counts: Int32Array;
  readonly expects: Uint8Array;
  readonly reasonAt: Int32Array;
  readonly reasons: readonly string[];
}

export function packBatch(items: readonly BatchItem[]): PackedBatch {
  let byteTotal = 0;
  let pieceTotal = 0;
  for (const it of items) {
    pieceTotal += it.pieces.length;
    for (const p of it.pieces) if (typeof p !== 'string') byteTotal += p.length;
  }
  const bytes = new Uint8Array(byteTotal);
  const lengths = new Int32Array(pieceTotal);
  const counts = new Int32Array(items.length);
  const expects = new Uint8Array(items.length);
  const reasonAt = new Int32Array(items.length);
  const reasons: string[] = [];
  const reasonIndex = new Map<string, number>();
  const texts: string[] = [];
  let at = 0;
  let k = 0;
  for (const [i, it] of items.entries()) {
    counts[i] = it.pieces.length;
    expects[i] = it.expect === 'accept' ? 1 : 0;
    let r = reasonIndex.get(it.reason);
    if (r === undefined) {
      r = reasons.push(it.reason) - 1;
      reasonIndex.set(it.reason, r);
    }
    reasonAt[i] = r;
    for (const p of it.pieces) {
      if (typeof p === 'string') {
        texts.push(p);
        lengths[k++] = -(p.length + 1);
      } else {
        bytes.set(p, at);
        at += p.length;
        lengths[k++] = p.length;
      }
    }
  }
  return { bytes, text: texts.join(''), lengths, counts, expects, reasonAt, reasons };
}

/** The items again, their byte pieces views into the one buffer. */
export function unpackBatch(b: PackedBatch): BatchItem[] {
  const out: BatchItem[] = [];
  let at = 0;
  let textAt = 0;
  let k = 0;
  for (let i = 0; i < b.counts.length; i++) {
    const n = b.counts[i] ?? 0;
    const pieces: (string | Uint8Array)[] = [];
    for (let j = 0; j < n; j++) {
      const len = b.lengths[k++] ?? 0;
      if (len < 0) {
        pieces.push(b.text.slice(textAt, textAt - len - 1));
        textAt += -len - 1;
      } else {
        pieces.push(b.bytes.subarray(at, at + len));
        at += len;
      }
    }
    out.push({ pieces, expect: b.expects[i] === 1 ? 'accept' : 'reject', reason: b.reasons[b.reasonAt[i] ?? 0] ?? '' });
  }
  return out;
}
