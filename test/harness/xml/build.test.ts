import { expect } from 'chai';
import { XmlError } from '../../../harness/errors.js';
import {
  ABSENT,
  ANY,
  NS_CLIENT,
  NS_ROSTER,
  NS_SERVER,
  NS_STREAMS,
  el,
  parseFragment,
  renderTemplate,
  serialize,
  streamContext,
  x,
  xmlTemplate,
  type XmlElement,
} from '../../../harness/xml/index.js';

describe('xml/build', () => {
  describe('sentinels', () => {
    it('ANY and ABSENT are distinct private-use strings that survive XML', () => {
      expect(ANY).to.not.equal(ABSENT);
      for (const s of [ANY, ABSENT]) {
        expect(s).to.match(/^[\uE000-\uF8FF][a-z]+[\uE000-\uF8FF]$/);
        expect(parseFragment(serialize(el('a', { v: s }, s)))).to.deep.equal({ name: 'a', ns: '', attrs: { v: s }, children: [s] });
      }
    });
  });

  describe('x', () => {
    it('uses jabber:client as the default namespace; xmlns on a child wins', () => {
      const iq = x`<iq type='get'><query xmlns='jabber:iq:roster'/></iq>`;
      expect(iq).to.deep.equal({
        name: 'iq',
        ns: NS_CLIENT,
        attrs: { type: 'get' },
        children: [{ name: 'query', ns: NS_ROSTER, attrs: {}, children: [] }],
      });
    });

    it('binds the stream prefix', () => {
      const err = x`<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>`;
      expect(err).to.include({ name: 'error', ns: NS_STREAMS, prefix: 'stream' });
    });

    it('quotes and escapes a value right after =', () => {
      const jid = `o'hara&"co"<x>@example.com`;
      const m = x`<message to=${jid} id=${ANY} type='chat'/>`;
      expect(m.attrs).to.deep.equal({ to: jid, id: ANY, type: 'chat' });
      expect(renderTemplate(Object.assign(['<a b=', '/>'], { raw: ['<a b=', '/>'] }), ['1'])).to.equal("<a b='1'/>");
      expect(x`<a b = ${'v'}/>`.attrs).to.deep.equal({ b: 'v' });
    });

    it('escapes values inside quotes (both kinds), also mid-value', () => {
      expect(x`<a b='${`it's`}' c="${'say "hi"'}" d='id-${7}-x'/>`.attrs).to.deep.equal({ b: "it's", c: 'say "hi"', d: 'id-7-x' });
    });

    it('text-escapes values elsewhere', () => {
      const text = 'a < b && c > d ]]> \u{1F600}';
      expect(x`<message><body>${text}</body></message>`.children[0]).to.deep.equal({ name: 'body', ns: NS_CLIENT, attrs: {}, children: [text] });
      expect(() => x`<a>${'<b/>'}</a>`).not.to.throw();
      expect(x`<a>${'<b/>'}</a>`.children).to.deep.equal(['<b/>']);
    });

    it('serializes element values in place, inheriting the template namespace when ns is empty', () => {
      const item = el('item', { jid: 'a@b' });
      const q = x`<iq type='set'><query xmlns='jabber:iq:roster'>${item}</query>${el('x', { xmlns: 'urn:x' })}</iq>`;
      const query = q.children[0] as XmlElement;
      expect(query.children[0]).to.deep.equal({ name: 'item', ns: NS_ROSTER, attrs: { jid: 'a@b' }, children: [] });
      expect(q.children[1]).to.deep.equal({ name: 'x', ns: 'urn:x', attrs: {}, children: [] });
      const nested = x`<message>${x`<body>hi</body>`}</message>`;
      expect(nested.children[0]).to.deep.equal({ name: 'body', ns: NS_CLIENT, attrs: {}, children: ['hi'] });
    });

    it('renders arrays item by item', () => {
      const items = ['a@b', 'c@d'].map((jid) => el('item', { jid }));
      const q = x`<query xmlns='jabber:iq:roster'>${items}</query>`;
      expect(q.children.map((c) => (c as XmlElement).attrs['jid'])).to.deep.equal(['a@b', 'c@d']);
    });

    it('uses toString() of objects such as JIDs in attributes', () => {
      const jid = { toString: () => 'romeo@example.net/orchard' };
      expect(x`<message to=${jid}/>`.attrs['to']).to.equal('romeo@example.net/orchard');
    });

    it('rejects undefined values, plain objects and values in tag position', () => {
      expect(() => x`<a b=${undefined}/>`).to.throw(TypeError, /undefined/);
      expect(() => x`<a>${null}</a>`).to.throw(TypeError);
      expect(() => x`<a b=${{}}/>`).to.throw(TypeError);
      expect(() => x`<a ${'b'}='1'/>`).to.throw(TypeError, /not after '='/);
    });

    it('throws XmlError on restricted or malformed XML', () => {
      expect(() => x`<a><!-- no --></a>`).to.throw(XmlError);
      expect(() => x`<a></b>`).to.throw(XmlError);
    });

    it('xmlTemplate gives another default namespace', () => {
      const xs = xmlTemplate({ defaultNs: NS_SERVER });
      expect(xs`<message/>`.ns).to.equal(NS_SERVER);
    });
  });

  describe('el', () => {
    it("without xmlns has ns '' (inherit) and serializes without xmlns in a client stream", () => {
      const m = el('message', { to: 'a@b' });
      expect(m).to.deep.equal({ name: 'message', ns: '', attrs: { to: 'a@b' }, children: [] });
      expect(serialize(m, streamContext())).to.equal("<message to='a@b'/>");
    });

    it('takes ns from attrs.xmlns and removes it from attrs; children inherit it', () => {
      const iq = el(
        'iq',
        { xmlns: NS_CLIENT, type: 'get' },
        el('query', { xmlns: NS_ROSTER }, el('item', { jid: 'a@b' }, el('group', {}, 'friends'))),
        el('x'),
      );
      expect(iq).to.deep.equal(x`<iq type='get'><query xmlns='jabber:iq:roster'><item jid='a@b'><group>friends</group></item></query><x/></iq>`);
    });

    it('leaves out undefined attributes; merges and drops text children', () => {
      expect(el('a', { b: undefined, c: '1' }, 'x', '', 'y', el('d'), '')).to.deep.equal({
        name: 'a',
        ns: '',
        attrs: { c: '1' },
        children: ['xy', { name: 'd', ns: '', attrs: {}, children: [] }],
      });
    });

    it('builds prefixed elements', () => {
      expect(el('stream:features', {}, el('bind', { xmlns: 'urn:ietf:params:xml:ns:xmpp-bind' }))).to.deep.equal(
        x`<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>`,
      );
      expect(el('p:a', { 'xmlns:p': 'urn:p' })).to.deep.equal({ name: 'a', ns: 'urn:p', prefix: 'p', attrs: {}, children: [] });
      expect(() => el('q:a')).to.throw(TypeError, /xmlns:q/);
    });

    it('el and x agree after a round trip in a client stream', () => {
      const built = el('message', { to: 'a@b', type: 'chat' }, el('body', {}, 'hi & bye'));
      const wire = serialize(built, streamContext());
      expect(parseFragment(wire, { defaultNs: NS_CLIENT })).to.deep.equal(x`<message to='a@b' type='chat'><body>hi &amp; bye</body></message>`);
    });
  });
});
