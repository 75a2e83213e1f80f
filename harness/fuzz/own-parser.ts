// The default `fuzz parser` target: the harness's own stream parser (harness/xml), wrapped in the
// `parse(chunks)` shape of a parser module (docs/reference.md). It takes bytes as well as strings, so it also meets bad UTF-8.
import { StreamParser, serialize, type XmlElement } from '../xml/index.js';

export type ParseOutcome = { ok: true; events: unknown[] } | { ok: false; error: string };

/** Events as plain data, comparable across chunkings: header attributes, each stanza serialized, close. */
export function parseWithOwnParser(chunks: readonly (string | Uint8Array)[]): ParseOutcome {
  return parseOwn(chunks, serialize);
}

/**
 * The same parse with each stanza's event the element tree the parser built (plain objects), for
 * the own target's worker: comparing the trees says what comparing their serializations says (a
 * serialization is made from nothing else), without writing every stanza out first.
 */
export function parseWithOwnParserTrees(chunks: readonly (string | Uint8Array)[]): ParseOutcome {
  return parseOwn(chunks, (el) => el);
}

function parseOwn(chunks: readonly (string | Uint8Array)[], stanza: (el: XmlElement) => unknown): ParseOutcome {
  const events: unknown[] = [];
  let error: string | undefined;
  const parser = new StreamParser({
    onOpen(header: XmlElement) {
      events.push(['open', header.name, header.ns, { ...header.attrs }]);
    },
    onElement(el: XmlElement) {
      events.push(['element', stanza(el)]);
    },
    onClose() {
      events.push(['close']);
    },
    onError(err) {
      error ??= `${err.condition}: ${err.message}`;
    },
  });
  for (const c of chunks) {
    if (error !== undefined) break;
    parser.write(c);
  }
  return error !== undefined ? { ok: false, error } : { ok: true, events };
}
