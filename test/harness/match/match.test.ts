import { expect } from 'chai';
import { ABSENT, ANY, formatMismatch, match, matches } from '../../../harness/match/index.js';
import { el, x } from '../../../harness/xml/index.js';

const roster = x`<iq type='result' id='r1' to='romeo@example.net/orchard'>
  <query xmlns='jabber:iq:roster' ver='v1'>
    <item jid='juliet@example.com' subscription='both'><group>Friends</group></item>
    <item jid='benvolio@example.org' subscription='to'/>
  </query>
</iq>`;

describe('match', () => {
  describe('loose (default)', () => {
    it('matches an equal element', () => {
      expect(match(roster, roster)).to.deep.equal({ ok: true });
    });

    it('allows extra attributes, extra children and any child order', () => {
      const expected = x`<iq type='result'><query xmlns='jabber:iq:roster'><item jid='benvolio@example.org'/><item jid='juliet@example.com'/></query></iq>`;
      expect(match(expected, roster)).to.deep.equal({ ok: true });
    });

    it('reports a different attribute value with path and reason', () => {
      const r = match(x`<iq type='error'/>`, roster);
      expect(r).to.deep.equal({ ok: false, path: '/iq@type', reason: "attribute 'type' is 'result', expected 'error'" });
      expect(formatMismatch(r)).to.equal("/iq@type: attribute 'type' is 'result', expected 'error'");
    });

    it('reports a missing attribute', () => {
      expect(match(x`<iq from='x'/>`, roster)).to.deep.equal({ ok: false, path: '/iq@from', reason: "attribute 'from' is missing, expected 'x'" });
    });

    it('reports a mismatch deep inside, naming the path', () => {
      const r = match(x`<iq><query xmlns='jabber:iq:roster'><item jid='juliet@example.com' subscription='none'/></query></iq>`, roster);
      expect(r).to.deep.equal({ ok: false, path: '/iq/query[1]/item[1]@subscription', reason: "attribute 'subscription' is 'both', expected 'none'" });
    });

    it('checks name and namespace', () => {
      expect(match(x`<message/>`, roster)).to.deep.equal({ ok: false, path: '/message', reason: 'element is <iq>, expected <message>' });
      const r = match(x`<iq><query xmlns='jabber:iq:version'/></iq>`, roster);
      expect(r.ok).to.equal(false);
      if (!r.ok) {
        expect(r.path).to.equal('/iq/query[1]');
        expect(r.reason).to.match(/^missing child <query xmlns='jabber:iq:version'>/);
      }
      expect(match(x`<iq xmlns='jabber:server'/>`, roster)).to.deep.equal({
        ok: false,
        path: '/iq',
        reason: "namespace is 'jabber:client', expected 'jabber:server'",
      });
    });

    it("an el template without xmlns (ns '') matches any namespace", () => {
      expect(matches(el('iq', { type: 'result' }, el('query', { xmlns: 'jabber:iq:roster' })), roster)).to.equal(true);
      expect(matches(el('iq', { type: 'result' }, el('query', { xmlns: 'jabber:iq:version' })), roster)).to.equal(false);
    });

    it('ANY accepts any attribute value but requires presence', () => {
      expect(matches(x`<iq id=${ANY} type='result'/>`, roster)).to.equal(true);
      expect(match(x`<iq from=${ANY}/>`, roster)).to.deep.equal({ ok: false, path: '/iq@from', reason: "attribute 'from' is missing, expected any value" });
    });

    it('ABSENT requires the attribute to be missing', () => {
      expect(matches(x`<iq from=${ABSENT}/>`, roster)).to.equal(true);
      expect(match(x`<iq type=${ABSENT}/>`, roster)).to.deep.equal({ ok: false, path: '/iq@type', reason: "attribute 'type' is 'result', expected it absent" });
    });

    it('compares trimmed text when the template has text; ANY accepts any text', () => {
      const msg = x`<message><body>  hello there  </body></message>`;
      expect(matches(x`<message><body>hello there</body></message>`, msg)).to.equal(true);
      expect(matches(x`<message><body/></message>`, msg)).to.equal(true);
      expect(matches(x`<message><body>${ANY}</body></message>`, msg)).to.equal(true);
      expect(match(x`<message><body>bye</body></message>`, msg)).to.deep.equal({
        ok: false,
        path: '/message/body[1]',
        reason: "text is 'hello there', expected 'bye'",
      });
      expect(match(x`<message><body>hi</body></message>`, x`<message><body/></message>`)).to.deep.equal({
        ok: false,
        path: '/message/body[1]',
        reason: "text is empty, expected 'hi'",
      });
    });

    it('needs a distinct actual child for each expected child', () => {
      const two = x`<query xmlns='jabber:iq:roster'><item/><item/></query>`;
      const one = x`<query xmlns='jabber:iq:roster'><item jid='a'/></query>`;
      const r = match(two, one);
      expect(r).to.deep.equal({ ok: false, path: '/query/item[2]', reason: "no distinct actual child left for <item xmlns='jabber:iq:roster'>" });
      expect(matches(two, x`<query xmlns='jabber:iq:roster'><item jid='a'/><item jid='b'/></query>`)).to.equal(true);
    });

    it('finds an assignment when a greedy choice would fail', () => {
      // The first expected <item/> matches both; the second only the first actual one.
      const expected = x`<q><item/><item jid='a'/></q>`;
      expect(matches(expected, x`<q><item jid='a'/><item jid='b'/></q>`)).to.equal(true);
    });
  });

  describe('strict', () => {
    it('matches an equal element', () => {
      expect(match(roster, roster, { strict: true })).to.deep.equal({ ok: true });
    });

    it('rejects extra attributes', () => {
      expect(match(x`<iq type='result' id='r1'/>`, x`<iq type='result' id='r1' to='a'/>`, { strict: true })).to.deep.equal({
        ok: false,
        path: '/iq@to',
        reason: "unexpected attribute 'to' ('a')",
      });
      expect(matches(x`<iq type='result' id=${ANY} to=${ABSENT}/>`, x`<iq type='result' id='r1'/>`, { strict: true })).to.equal(true);
    });

    it('requires the same children in order', () => {
      const a = x`<q><a/><b/></q>`;
      expect(matches(a, x`<q><a/><b/></q>`, { strict: true })).to.equal(true);
      expect(match(a, x`<q><b/><a/></q>`, { strict: true })).to.deep.equal({ ok: false, path: '/q/a[1]', reason: 'element is <b>, expected <a>' });
      const extra = match(a, x`<q><a/><b/><c/></q>`, { strict: true });
      expect(extra.ok).to.equal(false);
      if (!extra.ok) expect(extra.path).to.equal('/q/c[3]');
      const fewer = match(a, x`<q><a/></q>`, { strict: true });
      expect(fewer.ok).to.equal(false);
      if (!fewer.ok) expect(fewer.reason).to.match(/^missing child <b>/);
    });

    it('requires equal text, ignoring surrounding whitespace', () => {
      expect(matches(x`<body>hi</body>`, x`<body> hi </body>`, { strict: true })).to.equal(true);
      expect(matches(x`<body/>`, x`<body>hi</body>`, { strict: true })).to.equal(false);
      expect(matches(x`<body>${ANY}</body>`, x`<body>hi</body>`, { strict: true })).to.equal(true);
    });

    it('loose mode accepts what strict rejects', () => {
      const actual = x`<q extra='1'><b/><a/><c/></q>`;
      const expected = x`<q><a/><b/></q>`;
      expect(matches(expected, actual)).to.equal(true);
      expect(matches(expected, actual, { strict: true })).to.equal(false);
    });
  });
});
