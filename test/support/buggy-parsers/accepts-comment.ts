// Planted bug (accepts-forbidden): comments are skipped instead of rejected (RFC 6120 §11.1 forbids them).
import { faithful, type ParseOutcome } from './base.js';

export function parse(chunks: string[]): ParseOutcome {
  return faithful([chunks.join('').replace(/<!--[\s\S]*?-->/g, '')]);
}
