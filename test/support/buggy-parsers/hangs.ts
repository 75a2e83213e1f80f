// Planted bug (hang): loops forever on a CDATA section, which RFC 6120 §11.1 does not restrict.
import { faithful, type ParseOutcome } from './base.js';

export function parse(chunks: string[]): ParseOutcome {
  if (chunks.join('').includes('<![CDATA[')) for (;;);
  return faithful(chunks);
}
