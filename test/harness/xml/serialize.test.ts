import { expect } from 'chai';
import fc from 'fast-check';
import {
  NS_CLIENT,
  NS_STREAMS,
  STREAM_CLOSE,
  StreamParser,
  describe as describeEl,
  describeShort,
  el,
  escapeAttr,
  escapeText,
  parseFragment,
  serialize,
  streamContext,
  streamOpen,
  x,
  type XmlElement,
  type XmlNode,
} from '../../../harness/xml/index.js';

// XML 1.0 Char production (§2.2): #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
function isXmlChar(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
}

const awkward = fc.constantFrom(
  '<',
  '>',
  '&',
  "'",
  '"',
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  ']]>',
  '&amp;',
  '\u{1F600}',
  '\u00e9',
  '\uE000',
  '\u2028',
  '\u0085',
  'a',
);
const xmlChar = fc.oneof(awkward, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter(isXmlChar));
const xmlText = fc.string({ unit: xmlChar, maxLength: 12 });
const xmlName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9._-]{0,6}$/).filter((n) => n !== 'xmlns' && !n.toLowerCase().startsWith('xml'));
const nsArb = fc.constantFrom('', NS_CLIENT, 'urn:a', "urn:b?x=1&y='2'", 'http://example.com/<ns>');
const prefixArb = fc.constantFrom(undefined, undefined, 'p', 'stream');

type Raw = { name: string; ns: string; prefix: string | undefined; attrs: [string, string][]; lang: string | undefined; children: (Raw | string)[] };

const rawElement: fc.Arbitrary<Raw> = fc.letrec<{ el: Raw; node: Raw | string }>((tie) => ({
  el: fc.record({
    name: xmlName,
    ns: nsArb,
    prefix: prefixArb,
    attrs: fc.uniqueArray(fc.tuple(xmlName, xmlText), { selector: (t) => t[0], maxLength: 3 }),
    lang: fc.option(fc.constantFrom('en', 'de-CH', ''), { nil: undefined }),
    children: fc.array(tie('node'), { maxLength: 4 }),
  }),
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, xmlText, tie('el')),
})).el;

/**
 * Makes a generated tree representable: ns '' only where the default namespace in scope is '' (the
 * model has no xmlns=''), prefixes only with a namespace, no empty or adjacent text children.
 */
function normalize(raw: Raw, scopeNs: string): XmlElement {
  let ns = raw.ns;
  const prefix = raw.prefix;
  if (prefix !== undefined && ns === '') ns = prefix === 'stream' ? NS_STREAMS : 'urn:p';
  if (prefix === undefined && ns === '' && scopeNs !== '') ns = scopeNs;
  const childScope = prefix === undefined ? ns : scopeNs;
  const children: XmlNode[] = [];
  for (const c of raw.children) {
    if (typeof c === 'string') {
      if (c === '') continue;
      const last = children[children.length - 1];
      if (typeof last === 'string') children[children.length - 1] = last + c;
      else children.push(c);
    } else children.push(normalize(c, childScope));
  }
  const attrs: Record<string, string> = Object.fromEntries(raw.attrs);
  if (raw.lang !== undefined) attrs['xml:lang'] = raw.lang;
  const out: { name: string; ns: string; prefix?: string; attrs: Record<string, string>; children: XmlNode[] } = { name: raw.name, ns, attrs, children };
  if (prefix !== undefined) out.prefix = prefix;
  return out;
}

describe('xml/serialize', () => {
  describe('escaping', () => {
    it('escapeText escapes & < > and CR', () => {
      expect(escapeText(`a & b < c > d ' " \r\n`)).to.equal(`a &amp; b &lt; c &gt; d ' " &#xD;\n`);
      expect(escapeText('plain')).to.equal('plain');
    });

    it('escapeAttr escapes & < > \' " and whitespace a parser would normalize', () => {
      expect(escapeAttr(`a&<>'"\t\n\r`)).to.equal('a&amp;&lt;&gt;&apos;&quot;&#x9;&#xA;&#xD;');
      expect(escapeAttr('\u{1F600}')).to.equal('\u{1F600}');
    });

    it('writes single-quoted attributes and escaped text', () => {
      const m = el('message', { to: "o'hara@example.com" }, el('body', {}, 'if a < b && c > d'));
      expect(serialize(m)).to.equal("<message to='o&apos;hara@example.com'><body>if a &lt; b &amp;&amp; c &gt; d</body></message>");
    });
  });

  describe('namespaces', () => {
    it('writes xmlns only where it differs from the default in scope', () => {
      const iq = x`<iq type='get' id='1'><query xmlns='jabber:iq:roster'><item jid='a@b'/></query></iq>`;
      expect(serialize(iq)).to.equal("<iq xmlns='jabber:client' type='get' id='1'><query xmlns='jabber:iq:roster'><item jid='a@b'/></query></iq>");
      expect(serialize(iq, { defaultNs: NS_CLIENT })).to.equal("<iq type='get' id='1'><query xmlns='jabber:iq:roster'><item jid='a@b'/></query></iq>");
    });

    it("an element with ns '' takes the default in scope (no xmlns='')", () => {
      expect(serialize(el('message', { to: 'a@b' }), streamContext())).to.equal("<message to='a@b'/>");
      expect(serialize(el('message', { to: 'a@b' }))).to.equal("<message to='a@b'/>");
    });

    it('declares a prefix unless it is already in scope', () => {
      const features = x`<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>`;
      expect(serialize(features, streamContext())).to.equal("<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>");
      expect(serialize(features, { defaultNs: NS_CLIENT })).to.equal(
        "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>",
      );
    });

    it('children of a prefixed element keep the outer default namespace', () => {
      const err = x`<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>`;
      const withClientChild = { ...err, children: [...err.children, x`<message/>`] };
      expect(serialize(withClientChild, streamContext())).to.equal(
        "<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><message/></stream:error>",
      );
    });
  });

  describe('streamOpen', () => {
    it('writes the declaration and the stream header', () => {
      expect(streamOpen({ to: 'example.com', version: '1.0', 'xml:lang': 'en' })).to.equal(
        "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0' xml:lang='en'>",
      );
      expect(streamOpen({ to: "a'b" }, { ns: 'jabber:server', xmlDecl: false })).to.equal(
        "<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' to='a&apos;b'>",
      );
      expect(STREAM_CLOSE).to.equal('</stream:stream>');
    });

    it('round-trips through the stream parser', () => {
      const got: XmlElement[] = [];
      let closed = false;
      const parser = new StreamParser({
        onOpen: (h) => got.push(h),
        onElement: (e) => got.push(e),
        onClose: () => (closed = true),
        onError: (e) => expect.fail(e.message),
      });
      const msg = el('message', { to: 'a@b', type: 'chat' }, el('body', {}, "it's <3"));
      parser.write(streamOpen({ to: 'example.com' }) + serialize(msg, streamContext()) + STREAM_CLOSE);
      expect(got[0]!.attrs).to.deep.equal({ to: 'example.com' });
      expect(got[1]).to.deep.equal(x`<message to='a@b' type='chat'><body>it's &lt;3</body></message>`);
      expect(closed).to.equal(true);
    });
  });

  describe('round trip', () => {
    it('parseFragment(serialize(el)) deep-equals el', () => {
      fc.assert(
        fc.property(rawElement, (raw) => {
          const element = normalize(raw, '');
          const xml = serialize(element);
          expect(parseFragment(xml), xml).to.deep.equal(element);
        }),
        { seed: 42, numRuns: 500 },
      );
    });

    it('also inside a serialization context', () => {
      fc.assert(
        fc.property(rawElement, (raw) => {
          const element = normalize(raw, NS_CLIENT);
          const xml = serialize(element, streamContext());
          expect(parseFragment(xml, { defaultNs: NS_CLIENT, prefixes: { stream: NS_STREAMS } }), xml).to.deep.equal(element);
        }),
        { seed: 43, numRuns: 300 },
      );
    });
  });

  describe('describe', () => {
    const iq = x`<iq type='error' id='x'>
      <query xmlns='jabber:iq:roster'><item jid='a@b'/></query>
      <error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text>  many   words </text></error>
    </iq>`;

    it('describeShort gives the start tag', () => {
      expect(describeShort(iq)).to.equal("<iq type='error' id='x'>");
      expect(describeShort(x`<query xmlns='jabber:iq:roster'/>`)).to.equal("<query xmlns='jabber:iq:roster'>");
    });

    it('describe condenses to one line and truncates with …', () => {
      const full = describeEl(iq, 1000);
      expect(full).to.equal(
        "<iq type='error' id='x'><query xmlns='jabber:iq:roster'><item jid='a@b'/></query><error type='cancel'>" +
          "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text>many words</text></error></iq>",
      );
      const short = describeEl(iq, 40);
      expect(short).to.have.length(40);
      expect(short.endsWith('…')).to.equal(true);
      expect(describeEl(iq)).to.have.length.at.most(160);
    });
  });
});
