// Seeded identifiers: the same --seed gives the same stanza ids and resources, so runs can be compared.

/** mulberry32: a small, fast, seedable PRNG (public-domain algorithm). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stable 32-bit hash of a string (FNV-1a), to derive a per-case seed from the run seed and case id. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class IdSource {
  private readonly rand: () => number;
  private counter = 0;
  constructor(
    seed: number,
    private readonly prefix = 'xc',
  ) {
    this.rand = seededRandom(seed);
  }
  /** A fresh id like `xc-3f9a1c-7`: unique within the case, reproducible for the seed. */
  next(): string {
    this.counter += 1;
    const r = Math.floor(this.rand() * 0xffffff)
      .toString(16)
      .padStart(6, '0');
    return `${this.prefix}-${r}-${this.counter}`;
  }
}
