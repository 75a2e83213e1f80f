// Planted bug (accepts-forbidden): a document type declaration, internal subset and all, is skipped
// (RFC 6120 §11.1 forbids DTDs and entity declarations).
import { faithful, type ParseOutcome } from './base.js';

export function parse(chunks: string[]): ParseOutcome {
  return faithful([chunks.join('').replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/g, '')]);
}
