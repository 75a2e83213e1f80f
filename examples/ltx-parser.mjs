// An example parser module for `xmpp-conformance fuzz parser --target examples/ltx-parser.mjs`:
// ltx's SAX parser (the one xmpp.js uses) in the parser-module shape (docs/reference.md), parse(chunks) →
// { ok: true, events } | { ok: false, error }. Events are start/end/text with adjacent text
// merged, so a text node split by a chunk boundary does not count as a difference.
import { Parser } from 'ltx';

export function parse(chunks) {
  const events = [];
  let error;
  let depth = 0;
  const parser = new Parser();
  const text = (t) => {
    const last = events[events.length - 1];
    if (last && last[0] === 'text') last[1] += t;
    else events.push(['text', t]);
  };
  parser.on('startElement', (name, attrs) => {
    depth++;
    events.push(['start', name, { ...attrs }]);
  });
  parser.on('endElement', (name) => {
    depth--;
    events.push(['end', name]);
  });
  parser.on('text', (t) => text(t));
  parser.on('error', (e) => {
    error ??= e instanceof Error ? e.message : String(e);
  });
  for (const c of chunks) {
    if (error !== undefined) break;
    parser.write(c);
  }
  if (error === undefined && depth < 0) error = 'end tag without a start tag';
  return error === undefined ? { ok: true, events } : { ok: false, error };
}
