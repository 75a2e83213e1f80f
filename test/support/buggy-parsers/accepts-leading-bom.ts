// Planted bug (accepts-forbidden): a U+FEFF before the stream header is dropped as a byte order mark,
// though RFC 6120 §11.6 reads it as character data before the root. Its rule is the last property
// family of fuzz parser, which must still run from the first batch on.
import { faithful, type ParseOutcome } from './base.js';

export function parse(chunks: string[]): ParseOutcome {
  return faithful([chunks.join('').replace(/^\uFEFF/, '')]);
}
