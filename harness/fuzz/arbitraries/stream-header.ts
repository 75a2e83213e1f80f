// The initiating entity's stream header (RFC 6120 §4.7) and its prolog: an optional XML
// declaration (§11.5: version 1.0, encoding UTF-8 if named, either quote style), then
// <stream:stream> with the content and stream namespaces declared in either order, the optional
// attributes 'to', 'from', 'version', 'xml:lang', 'id', and whitespace variants inside the tag.
import type fc from 'fast-check';
import * as twin from './twin.js';

export const NS_STREAMS = 'http://etherx.jabber.org/streams';

export interface StreamHeaderConstraints {
  /** Values for 'to'; default: a few domains, an IDN in A-label form among them. */
  readonly to?: readonly string[];
}

const DECLS = [
  '',
  "<?xml version='1.0'?>",
  '<?xml version="1.0" encoding="UTF-8"?>',
  "<?xml version='1.0' encoding='utf-8'?>",
  '<?xml version="1.0"  encoding = "UTF-8" ?>',
];

export interface GenHeader {
  readonly decl: string;
  /** The header tag itself, `<stream:stream ...>`. */
  readonly tag: string;
}

function quoteAttr(name: string, value: string, q: string): string {
  return ` ${name}=${q}${value}${q}`;
}

interface HeaderDraft {
  readonly decl: string;
  readonly nsFirst: boolean;
  readonly q: string;
  readonly to: string | undefined;
  readonly from: string | undefined;
  readonly version: string | undefined;
  readonly lang: string | undefined;
  readonly id: string | undefined;
  readonly tail: string;
}

export function streamHeaderData(constraints: StreamHeaderConstraints = {}): fc.Arbitrary<GenHeader> {
  return streamHeaderDataTwin(constraints).arb;
}

/** streamHeaderData with its fast twin (twin.ts). */
export function streamHeaderDataTwin(constraints: StreamHeaderConstraints = {}): twin.Twin<GenHeader> {
  return twin.map(
    twin.record<HeaderDraft>({
      decl: twin.constantFrom(...DECLS),
      nsFirst: twin.boolean(),
      q: twin.constantFrom("'", '"'),
      to: twin.option(twin.constantFrom(...(constraints.to ?? ['localhost', 'example.com', 'xn--bcher-kva.example']))),
      from: twin.option(twin.constantFrom('juliet@example.com', 'ρωμέο@example.net')),
      version: twin.option(twin.constantFrom('1.0', '1.1', '99.0')),
      lang: twin.option(twin.constantFrom('en', 'de-CH', 'zh-Hant', '')),
      id: twin.option(twin.constantFrom('', 'abc', '++TR84Sm6A3hnt3Q065SnAbbk3Y=')),
      tail: twin.constantFrom('', ' ', '\n'),
    }),
    ({ decl, nsFirst, q, to, from, version, lang, id, tail }) => {
      const ns = `${quoteAttr('xmlns', 'jabber:client', q)}${quoteAttr('xmlns:stream', NS_STREAMS, q)}`;
      let attrs = '';
      if (to !== undefined) attrs += quoteAttr('to', to, q);
      if (from !== undefined) attrs += quoteAttr('from', from, q);
      if (version !== undefined) attrs += quoteAttr('version', version, q);
      if (lang !== undefined) attrs += quoteAttr('xml:lang', lang, q);
      if (id !== undefined) attrs += quoteAttr('id', id, q);
      return { decl, tag: `<stream:stream${nsFirst ? ns + attrs : attrs + ns}${tail}>` };
    },
  );
}

/** Declaration and header as one string. */
export function streamHeader(constraints: StreamHeaderConstraints = {}): fc.Arbitrary<string> {
  return twin.map(streamHeaderDataTwin(constraints), (h) => h.decl + h.tag).arb;
}

export const STREAM_CLOSE = '</stream:stream>';
