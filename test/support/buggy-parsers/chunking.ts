// Planted bug (chunking): spaces at the start of a chunk are dropped, as if each read were trimmed;
// the verdict or the events then depend on where the stream was cut.
import { faithful, type ParseOutcome } from './base.js';

export function parse(chunks: string[]): ParseOutcome {
  return faithful(chunks.map((c, i) => (i === 0 ? c : c.replace(/^ +/, ''))));
}
