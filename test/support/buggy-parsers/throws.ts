// Planted bug (crash): throws on an empty xml:lang, which XML allows (no language, Namespaces in XML §3).
import { faithful, type ParseOutcome } from './base.js';

export function parse(chunks: string[]): ParseOutcome {
  if (/xml:lang=(''|"")/.test(chunks.join(''))) throw new TypeError('planted: empty xml:lang');
  return faithful(chunks);
}
