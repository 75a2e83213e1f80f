// Planted bug (rejects-allowed): characters outside the BMP are refused, though XML 1.0 §2.2 allows
// #x10000-#x10FFFF (a UCS-2 era parser).
import { faithful, type ParseOutcome } from './base.js';

export function parse(chunks: string[]): ParseOutcome {
  for (const c of chunks.join('')) if ((c.codePointAt(0) ?? 0) > 0xffff) return { ok: false, error: 'planted: astral character' };
  return faithful(chunks);
}
