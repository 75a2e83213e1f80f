// Planted bug (chunking): each chunk is transcoded to UTF-8 on its own, as a parser converting every
// write() separately would, so a surrogate pair split between two chunks becomes two U+FFFD.
import { faithful, type ParseOutcome } from './base.js';

export function parse(chunks: string[]): ParseOutcome {
  return faithful(chunks.map((c) => Buffer.from(c, 'utf8').toString('utf8')));
}
