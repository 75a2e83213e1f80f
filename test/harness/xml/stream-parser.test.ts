import { expect } from 'chai';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { XmlError } from '../../../harness/errors.js';
import { NS_CLIENT, NS_STREAMS, StreamParser, parseFragment, serialize, type StreamParserLimits, type XmlElement } from '../../../harness/xml/index.js';

type Event = ['open', XmlElement] | ['element', XmlElement] | ['close'] | ['error', string, string];

function recorder(limits?: StreamParserLimits): { parser: StreamParser; events: Event[]; onElement?: (el: XmlElement) => void } {
  const rec: { parser: StreamParser; events: Event[]; onElement?: (el: XmlElement) => void } = {
    events: [],
    parser: undefined as unknown as StreamParser,
  };
  rec.parser = new StreamParser(
    {
      onOpen: (h) => rec.events.push(['open', h]),
      onElement: (el) => {
        rec.events.push(['element', el]);
        rec.onElement?.(el);
      },
      onClose: () => rec.events.push(['close']),
      onError: (e) => rec.events.push(['error', e.condition, e.message]),
    },
    limits,
  );
  return rec;
}

function feed(input: string | Uint8Array, cuts: readonly number[] = [], limits?: StreamParserLimits): Event[] {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const rec = recorder(limits);
  let prev = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    rec.parser.write(bytes.subarray(prev, c));
    prev = c;
  }
  rec.parser.write(bytes.subarray(prev));
  rec.parser.end();
  return rec.events;
}

function errors(events: Event[]): Event[] {
  return events.filter((e) => e[0] === 'error');
}

const HEADER =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' " +
  "to='example.com' version='1.0' xml:lang='en'>";
const BODY =
  "<message to='juliet@example.com' type='chat' id='m1'><body>Wherefore art thou? &lt;3 &amp; \u{1F600}</body>" +
  '<thread>t&#65;&#x42;</thread></message>\n  ' +
  "<iq type='get' id='r1'><query xmlns='jabber:iq:roster'><item jid='a@b'/></query></iq>" +
  "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features> ";
const STREAM = `${HEADER}${BODY}</stream:stream>`;

interface Vector {
  name: string;
  stream: string;
  condition: string | null;
}
const vectors = JSON.parse(readFileSync(new URL('../../../../vectors/xml/restricted.json', import.meta.url), 'utf8')) as {
  prefix: string;
  cases: Vector[];
  headers: Vector[];
};

describe('xml/stream-parser', () => {
  describe('events', () => {
    it('yields the header, each depth-1 element and the close', () => {
      const events = feed(STREAM);
      expect(events.map((e) => e[0])).to.deep.equal(['open', 'element', 'element', 'element', 'close']);
      const header = events[0]![1] as XmlElement;
      expect(header).to.deep.equal({
        name: 'stream',
        ns: NS_STREAMS,
        prefix: 'stream',
        attrs: { to: 'example.com', version: '1.0', 'xml:lang': 'en' },
        children: [],
      });
      const msg = events[1]![1] as XmlElement;
      expect(msg.name).to.equal('message');
      expect(msg.ns).to.equal(NS_CLIENT);
      expect(msg.attrs).to.deep.equal({ to: 'juliet@example.com', type: 'chat', id: 'm1' });
      expect(msg.children).to.deep.equal([
        { name: 'body', ns: NS_CLIENT, attrs: {}, children: ['Wherefore art thou? <3 & \u{1F600}'] },
        { name: 'thread', ns: NS_CLIENT, attrs: {}, children: ['tAB'] },
      ]);
      const iq = events[2]![1] as XmlElement;
      const query = iq.children[0] as XmlElement;
      expect(query.ns).to.equal('jabber:iq:roster');
      expect((query.children[0] as XmlElement).ns).to.equal('jabber:iq:roster');
      const features = events[3]![1] as XmlElement;
      expect(features).to.include({ name: 'features', ns: NS_STREAMS, prefix: 'stream' });
    });

    it('passes the namespace declarations of the root to onOpen', () => {
      let decls: Readonly<Record<string, string>> | undefined;
      const parser = new StreamParser({ onOpen: (_h, d) => (decls = d), onElement: () => {}, onClose: () => {}, onError: (e) => expect.fail(e.message) });
      parser.write(HEADER);
      expect(decls).to.deep.equal({ '': NS_CLIENT, stream: NS_STREAMS });
    });

    it('excludes namespace declarations from attrs', () => {
      const el = parseFragment("<a xmlns='urn:a' xmlns:p='urn:p' p:x='1' y='2'/>");
      expect(el.attrs).to.deep.equal({ 'p:x': '1', y: '2' });
      expect(el.ns).to.equal('urn:a');
    });

    it('accepts any root, not just stream:stream', () => {
      const events = feed("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='x'/>");
      expect(events.map((e) => e[0])).to.deep.equal(['open', 'close']);
    });

    it('ignores whitespace keepalives between stanzas', () => {
      const events = feed(`${HEADER}  \n\t<message/>\r\n <message/>   `);
      expect(events.map((e) => e[0])).to.deep.equal(['open', 'element', 'element']);
    });

    it('accepts text written as strings', () => {
      const rec = recorder();
      rec.parser.write(HEADER);
      rec.parser.write('<message><body>\uD83D');
      rec.parser.write('\uDE00</body></message>');
      expect(rec.events.map((e) => e[0])).to.deep.equal(['open', 'element']);
      expect(serialize(rec.events[1]![1] as XmlElement, { defaultNs: NS_CLIENT })).to.equal('<message><body>\u{1F600}</body></message>');
    });
  });

  describe('chunking', () => {
    const whole = feed(STREAM);

    it('one byte at a time gives the same events as one chunk', () => {
      const bytes = new TextEncoder().encode(STREAM);
      const cuts = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
      expect(feed(bytes, cuts)).to.deep.equal(whole);
    });

    it('a 4-byte emoji split across writes decodes', () => {
      const bytes = new TextEncoder().encode(STREAM);
      const at = Buffer.from(bytes).indexOf(Buffer.from('\u{1F600}'));
      expect(at).to.be.greaterThan(0);
      for (const cut of [at + 1, at + 2, at + 3]) expect(feed(bytes, [cut])).to.deep.equal(whole);
      expect(feed(bytes, [at + 1, at + 2, at + 3])).to.deep.equal(whole);
    });

    it('random cut points give the same events', () => {
      const len = new TextEncoder().encode(STREAM).length;
      fc.assert(
        fc.property(fc.uniqueArray(fc.integer({ min: 1, max: len - 1 }), { maxLength: 40 }), (cuts) => {
          expect(feed(STREAM, cuts)).to.deep.equal(whole);
        }),
        { seed: 6120, numRuns: 200 },
      );
    });

    it('random cut points of string writes give the same events', () => {
      fc.assert(
        fc.property(fc.uniqueArray(fc.integer({ min: 1, max: STREAM.length - 1 }), { maxLength: 30 }), (cuts) => {
          const rec = recorder();
          let prev = 0;
          for (const c of [...cuts].sort((a, b) => a - b)) {
            rec.parser.write(STREAM.slice(prev, c));
            prev = c;
          }
          rec.parser.write(STREAM.slice(prev));
          expect(rec.events).to.deep.equal(whole);
        }),
        { seed: 7622, numRuns: 100 },
      );
    });
  });

  describe('RFC 6120 §11 restricted XML and well-formedness', () => {
    for (const v of vectors.cases) {
      it(`${v.name} → ${v.condition ?? 'accepted'}`, () => {
        for (const cuts of [[], [vectors.prefix.length + 1, vectors.prefix.length + 7]]) {
          const events = feed(vectors.prefix + v.stream, cuts);
          const errs = errors(events);
          if (v.condition === null) expect(errs, JSON.stringify(errs)).to.deep.equal([]);
          else {
            expect(errs.length, JSON.stringify(events)).to.equal(1);
            expect(errs[0]![1]).to.equal(v.condition);
          }
        }
      });
    }
    for (const v of vectors.headers) {
      it(`header: ${v.name} → ${v.condition ?? 'accepted'}`, () => {
        const events = feed(v.stream);
        const errs = errors(events);
        if (v.condition === null) expect(events.map((e) => e[0])).to.deep.equal(['open']);
        else expect(errs.map((e) => e[1])).to.deep.equal([v.condition]);
      });
    }

    it('parseFragment applies the same rules', () => {
      for (const v of vectors.cases) {
        const xml = `<wrapper xmlns='jabber:client'>${v.stream.replace(/^hello/, '')}</wrapper>`;
        if (v.condition === null) expect(() => parseFragment(xml), v.name).not.to.throw();
        else if (v.condition !== 'bad-format') {
          let err: unknown;
          try {
            parseFragment(xml);
          } catch (e) {
            err = e;
          }
          expect(err, v.name).to.be.instanceOf(XmlError);
          expect((err as XmlError).condition, v.name).to.equal(v.condition);
        }
      }
    });

    it('rejects invalid UTF-8 as not-well-formed', () => {
      const bad = new Uint8Array([...new TextEncoder().encode(`${HEADER}<message><body>`), 0xc3, 0x28, ...new TextEncoder().encode('</body></message>')]);
      const events = feed(bad);
      expect(errors(events).map((e) => e[1])).to.deep.equal(['not-well-formed']);
      expect(errors(feed(new Uint8Array([...new TextEncoder().encode(HEADER), 0xff]))).map((e) => e[1])).to.deep.equal(['not-well-formed']);
    });

    it('rejects UTF-16 input as unsupported-encoding', () => {
      const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('<a/>', 'utf16le')]);
      expect(errors(feed(utf16)).map((e) => e[1])).to.deep.equal(['unsupported-encoding']);
    });

    it('rejects a lone surrogate in string input', () => {
      expect(() => parseFragment('<a>\uD800</a>')).to.throw(XmlError);
      const rec = recorder();
      rec.parser.write(`${HEADER}<a>\uDC00</a>`);
      expect(errors(rec.events).map((e) => e[1])).to.deep.equal(['not-well-formed']);
    });

    it('reports only the first error and ignores input until reset()', () => {
      const rec = recorder();
      rec.parser.write(`${HEADER}<message><!-- one --></message><!-- two --><message/>`);
      rec.parser.write('<message/></nonsense>');
      expect(rec.events.map((e) => e[0])).to.deep.equal(['open', 'error']);
      expect(rec.events[1]![1]).to.equal('restricted-xml');
      expect(rec.events[1]![2]).to.match(/RFC 6120 §11\.1/);
      rec.parser.reset();
      rec.parser.write(`${HEADER}<message/>`);
      expect(rec.events.map((e) => e[0])).to.deep.equal(['open', 'error', 'open', 'element']);
    });
  });

  describe('reset()', () => {
    it('expects a new XML declaration and root after a restart', () => {
      const rec = recorder();
      rec.parser.write(`${HEADER}<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>`);
      rec.parser.reset();
      rec.parser.write(`${HEADER}<stream:features/>`);
      expect(rec.events.map((e) => e[0])).to.deep.equal(['open', 'element', 'open', 'element']);
      expect(errors(rec.events)).to.deep.equal([]);
    });

    it('without reset() a second XML declaration is an error', () => {
      const events = feed(`${HEADER}<success/>${HEADER}`);
      expect(errors(events).map((e) => e[1])).to.deep.equal(['not-well-formed']);
    });

    it('clears a partial UTF-8 character from the decoder', () => {
      const rec = recorder();
      rec.parser.write(new TextEncoder().encode(HEADER));
      rec.parser.write(new Uint8Array([0xf0, 0x9f]));
      rec.parser.reset();
      rec.parser.write(new TextEncoder().encode(`${HEADER}<message/>`));
      expect(rec.events.map((e) => e[0])).to.deep.equal(['open', 'open', 'element']);
    });

    it('called from onElement, re-parses what followed in the same chunk as the new stream', () => {
      const rec = recorder();
      rec.onElement = (el) => {
        if (el.name === 'success') rec.parser.reset();
      };
      rec.parser.write(`${HEADER}<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>${HEADER}<stream:features/>`);
      expect(rec.events.map((e) => e[0])).to.deep.equal(['open', 'element', 'open', 'element']);
      expect((rec.events[3]![1] as XmlElement).name).to.equal('features');
    });
  });

  describe('end()', () => {
    it('does not report incomplete input, and ignores later writes', () => {
      const rec = recorder();
      rec.parser.write(`${HEADER}<message><bo`);
      rec.parser.write(new Uint8Array([0xf0, 0x9f]));
      rec.parser.end();
      rec.parser.write('<<<garbage');
      expect(rec.events.map((e) => e[0])).to.deep.equal(['open']);
    });
  });

  describe('limits', () => {
    it('maxDepth', () => {
      const deep = (n: number): string => '<a>'.repeat(n) + '</a>'.repeat(n);
      expect(errors(feed(HEADER + deep(3), [], { maxDepth: 4 }))).to.deep.equal([]);
      const errs = errors(feed(HEADER + deep(4), [], { maxDepth: 4 }));
      expect(errs.map((e) => e[1])).to.deep.equal(['policy-violation']);
      expect(errs[0]![2]).to.match(/maxDepth/);
      expect(errors(feed(HEADER + deep(70)))[0]![2]).to.match(/maxDepth \(64\)/);
      expect(() => parseFragment(deep(65))).to.throw(XmlError, /maxDepth/);
    });

    it('maxAttributes', () => {
      const attrs = (n: number): string => Array.from({ length: n }, (_, i) => ` a${i}='1'`).join('');
      // The header has 5 (namespace declarations count).
      expect(errors(feed(`${HEADER}<message${attrs(5)}/>`, [], { maxAttributes: 5 }))).to.deep.equal([]);
      const errs = errors(feed(`${HEADER}<message${attrs(6)}/>`, [], { maxAttributes: 5 }));
      expect(errs.map((e) => e[1])).to.deep.equal(['policy-violation']);
      expect(errs[0]![2]).to.match(/maxAttributes/);
    });

    it('maxElementBytes, in one chunk and in many', () => {
      const stanza = (n: number): string => `<message><body>${'é'.repeat(n)}</body></message>`;
      const size = (n: number): number => Buffer.byteLength(stanza(n));
      expect(errors(feed(HEADER + stanza(100), [], { maxElementBytes: size(100) }))).to.deep.equal([]);
      const one = errors(feed(HEADER + stanza(101), [], { maxElementBytes: size(100) }));
      expect(one.map((e) => e[1])).to.deep.equal(['policy-violation']);
      expect(one[0]![2]).to.match(/maxElementBytes/);
      const input = HEADER + stanza(5000);
      const len = Buffer.byteLength(input);
      const cuts = Array.from({ length: Math.floor(len / 97) }, (_, i) => (i + 1) * 97);
      const many = feed(input, cuts, { maxElementBytes: 2000 });
      expect(many.map((e) => e[0])).to.deep.equal(['open', 'error']);
      // Many small stanzas each under the limit are fine even when their sum is not.
      expect(errors(feed(HEADER + stanza(100).repeat(50), [], { maxElementBytes: size(100) }))).to.deep.equal([]);
    });

    it('reports an oversized element before it completes', () => {
      const rec = recorder({ maxElementBytes: 1000 });
      rec.parser.write(`${HEADER}<message><body>`);
      for (let i = 0; i < 20; i++) rec.parser.write('x'.repeat(100));
      expect(rec.events.map((e) => e[0])).to.deep.equal(['open', 'error']);
    });

    it('caps the stream header and whitespace floods too', () => {
      expect(errors(feed(HEADER, [], { maxElementBytes: 50 })).map((e) => e[1])).to.deep.equal(['policy-violation']);
      const rec = recorder({ maxElementBytes: 1000 });
      rec.parser.write(HEADER);
      for (let i = 0; i < 20; i++) rec.parser.write(' '.repeat(100));
      expect(rec.events.map((e) => e[0])).to.deep.equal(['open', 'error']);
    });
  });

  describe('parseFragment', () => {
    it('uses defaultNs and prefixes', () => {
      const el = parseFragment("<iq><stream:error/><query xmlns='jabber:iq:roster'><item/></query></iq>", {
        defaultNs: NS_CLIENT,
        prefixes: { stream: NS_STREAMS },
      });
      expect(el.ns).to.equal(NS_CLIENT);
      expect(el.children[0]).to.deep.equal({ name: 'error', ns: NS_STREAMS, prefix: 'stream', attrs: {}, children: [] });
      expect(((el.children[1] as XmlElement).children[0] as XmlElement).ns).to.equal('jabber:iq:roster');
    });

    it('without defaultNs, unprefixed elements are in no namespace', () => {
      expect(parseFragment('<a/>').ns).to.equal('');
    });

    it('allows surrounding whitespace and an XML declaration; rejects two roots and no root', () => {
      expect(parseFragment("<?xml version='1.0'?>\n <a/> \n").name).to.equal('a');
      expect(() => parseFragment('<a/><b/>')).to.throw(XmlError);
      expect(() => parseFragment('   ')).to.throw(XmlError);
      expect(() => parseFragment('<a>')).to.throw(XmlError);
    });

    it('merges text and CDATA into one string child', () => {
      expect(parseFragment('<a>x<![CDATA[<y>]]>z</a>').children).to.deep.equal(['x<y>z']);
    });
  });
});
