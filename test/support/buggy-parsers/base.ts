// The faithful parser every planted bug starts from: the harness's own stream parser in the
// parser-module shape (docs/reference.md, "The parser-module contract of fuzz parser"). Each sibling module breaks exactly one thing.
import { parseWithOwnParser, type ParseOutcome } from '../../../harness/fuzz/index.js';

export type { ParseOutcome };

export function faithful(chunks: readonly string[]): ParseOutcome {
  return parseWithOwnParser(chunks);
}
