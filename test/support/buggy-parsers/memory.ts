// Planted bug (memory): on an <iq/> it keeps allocating, as a parser buffering without a limit would.
import { faithful, type ParseOutcome } from './base.js';

const hoard: unknown[] = [];

export function parse(chunks: string[]): ParseOutcome {
  if (/<iq[\s/>]/.test(chunks.join(''))) for (;;) hoard.push(new Array(1 << 16).fill(hoard.length));
  return faithful(chunks);
}
