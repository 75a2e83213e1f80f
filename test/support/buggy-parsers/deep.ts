// Planted bug (rejects-allowed): elements nested DEPTH deep inside a stanza are refused, as a parser
// with a small fixed nesting limit would. Whatever namespaces the elements declare does not matter,
// so the shrunk input should not carry any.
import { faithful, type ParseOutcome } from './base.js';

export const DEPTH = 4;

export function parse(chunks: string[]): ParseOutcome {
  const r = faithful(chunks);
  if (!r.ok) return r;
  for (const e of r.events) {
    if (!Array.isArray(e) || e[0] !== 'element' || typeof e[1] !== 'string') continue;
    let depth = 0;
    // the serialized stanza: count open elements (start tags that are not empty-element tags)
    for (const m of e[1].matchAll(/<(\/?)[^<>]*?(\/?)>/g)) {
      if (m[1]) depth--;
      else if (!m[2]) depth++;
      if (depth > DEPTH) return { ok: false, error: `planted: elements nested deeper than ${DEPTH}` };
    }
  }
  return r;
}
