// A minimal DER reader (X.690 §8.1, §10): single-byte tags, definite lengths, every read bounds-checked.
// Enough to walk an X.509 certificate (RFC 5280 §4.1); harness/util/x509.ts builds on it.

export interface Tlv {
  readonly tag: number;
  /** first content byte */
  readonly start: number;
  /** one past the last content byte */
  readonly end: number;
}

/** The TLV at `at`, or undefined when it does not fit before `limit` (or uses a form we do not read). */
export function readTlv(buf: Uint8Array, at: number, limit: number = buf.length): Tlv | undefined {
  if (at + 2 > limit) return undefined;
  const tag = buf[at] as number;
  if ((tag & 0x1f) === 0x1f) return undefined; // multi-byte tags do not occur in certificates
  let len = buf[at + 1] as number;
  let start = at + 2;
  if (len & 0x80) {
    // X.690 §8.1.3.5: long form, the low bits count the length octets; 0x80 alone is the indefinite
    // form, which DER forbids (§10.1).
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[start + i] as number);
    start += n;
  }
  const end = start + len;
  return end <= limit ? { tag, start, end } : undefined;
}

/** The TLVs directly inside a constructed TLV. Stops (returning what it has) at malformed input. */
export function childrenOf(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let at = parent.start;
  while (at < parent.end) {
    const t = readTlv(buf, at, parent.end);
    if (!t) break;
    out.push(t);
    at = t.end;
  }
  return out;
}

/** X.690 §8.19: an OBJECT IDENTIFIER's content octets in dotted form. */
export function decodeOid(b: Uint8Array): string {
  const parts: number[] = [];
  let v = 0;
  for (const byte of b) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      // The first subidentifier packs the first two arcs (40·X + Y, X ≤ 2).
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

export function content(buf: Uint8Array, t: Tlv): Uint8Array {
  return buf.subarray(t.start, t.end);
}
