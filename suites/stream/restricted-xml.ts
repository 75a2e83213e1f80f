// RFC 6120 §11: the restricted XML profile (no comments, PIs, DTDs, non-predefined entities;
// UTF-8 only) and what a server must do when a client breaks it.
import { defineCase } from '../../harness/cases/index.js';
import { checkCondition, expectStreamErrorAndClose, headerThenStreamError, noteCondition, rawOpen, clientHeader } from '../steps.js';

interface RestrictedCase {
  slug: string;
  what: string;
  input: string;
}

// RFC 6120 §11.1: such data MUST close the stream with a stream error; the condition SHOULD be
// <restricted-xml/> (some servers send <bad-format/>, and a parser that never gets past the
// syntax says <not-well-formed/>), so any condition passes here and the one chosen is noted.
// restricted-comment-condition checks the SHOULD.
const INSIDE_STREAM: RestrictedCase[] = [
  { slug: 'comment', what: 'an XML comment', input: '<!-- a comment -->' },
  { slug: 'processing-instruction', what: 'a processing instruction', input: '<?foo bar?>' },
  { slug: 'undefined-entity', what: "a reference to an undefined entity ('&unknown;')", input: '<message><body>&unknown;</body></message>' },
];

export const restrictedInsideStream = INSIDE_STREAM.map((c) =>
  defineCase({
    id: `rfc6120/stream/restricted-${c.slug}`,
    title: `${c.what} inside the stream closes it with a stream error`,
    area: 'stream',
    role: 'server',
    refs: [{ rfc: 6120, section: '11.1', level: 'MUST' }],
    requirements: ['rfc6120-11.1-reject-restricted'],
    tags: ['restricted-xml', 'stream-error'],
    async run(t) {
      const s = await t.opened();
      s.sendRaw(c.input);
      noteCondition(t, await expectStreamErrorAndClose(t, s), ['restricted-xml', 'bad-format']);
    },
  }),
);

export const nulCharRef = defineCase({
  id: 'rfc6120/stream/restricted-nul-char-ref',
  title: "a character reference to a character XML forbids ('&#0;') gets <not-well-formed/>",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '11.3', level: 'MUST' }],
  requirements: ['rfc6120-11.3-not-well-formed'],
  tags: ['restricted-xml', 'stream-error'],
  async run(t) {
    // '&#0;' is not well-formed XML (XML 1.0 §4.1 Legal Character), so §11.3 names the condition.
    const s = await t.opened();
    s.sendRaw('<message><body>&#0;</body></message>');
    checkCondition(t, await expectStreamErrorAndClose(t, s), ['not-well-formed']);
  },
});

export const restrictedCommentCondition = defineCase({
  id: 'rfc6120/stream/restricted-comment-condition',
  title: 'the stream error for a comment is <restricted-xml/> (the comment itself is well-formed XML)',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '11.1', level: 'SHOULD' }],
  requirements: ['rfc6120-11.1-restricted-xml-condition'],
  tags: ['restricted-xml', 'stream-error'],
  async run(t) {
    const s = await t.opened();
    s.sendRaw('<!-- a comment -->');
    const cond = await expectStreamErrorAndClose(t, s);
    t.check(cond === 'restricted-xml', '<restricted-xml/>', `<${cond}/>`);
  },
});

export const restrictedDoctype = defineCase({
  id: 'rfc6120/stream/restricted-doctype',
  title: 'a DOCTYPE with an internal subset before the header is refused with a stream error',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '11.1', level: 'MUST' }],
  requirements: ['rfc6120-11.1-reject-restricted'],
  tags: ['restricted-xml', 'stream-error'],
  async run(t) {
    const header = clientHeader(t).replace("<?xml version='1.0'?>", "<?xml version='1.0'?><!DOCTYPE stream:stream [<!ENTITY x 'y'>]>");
    const s = await rawOpen(t, header);
    noteCondition(t, await headerThenStreamError(t, s), ['restricted-xml', 'bad-format']);
  },
});

export const predefinedEntitiesAccepted = defineCase({
  id: 'rfc6120/stream/predefined-entities-accepted',
  title: 'the five predefined entities and character references are accepted (no stream error)',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '11.1', level: 'MUST' }],
  requirements: ['rfc6120-11.1-allow-predefined-entities'],
  tags: ['restricted-xml'],
  needs: { accounts: 1 },
  async run(t) {
    const s = await t.login(0);
    s.sendRaw(`<message to='${s.jid ?? ''}' type='headline'><body>&lt;&gt;&amp;&apos;&quot;&#65;&#x42;</body></message>`);
    const pingId = t.id();
    s.sendRaw(`<iq type='get' id='${pingId}' to='${t.target.domain}'><ping xmlns='urn:xmpp:ping'/></iq>`);
    // Everything must keep flowing: collect until the second ping's answer; a stream error fails.
    for (;;) {
      const ev = await s.nextEvent(`the answer to ping ${pingId}`);
      if (ev.kind !== 'element') return t.fail('the stream to stay open', ev.kind === 'eof' ? 'connection closed' : ev.kind);
      if (ev.el.name === 'error') return t.fail('no stream error', `<stream:error> ${t.stanzaErrorCondition(ev.el) ?? ''}`);
      if (ev.el.name === 'message') {
        const body = ev.el.children.find((c) => typeof c === 'object' && c.name === 'body');
        const text = typeof body === 'object' ? body.children.filter((c) => typeof c === 'string').join('') : '';
        t.check(text === `<>&'"AB`, `the body decoded as <>&'"AB`, JSON.stringify(text));
      }
      if (ev.el.name === 'iq' && ev.el.attrs['id'] === pingId) return;
    }
  },
});

export const unsupportedEncoding = defineCase({
  id: 'rfc6120/stream/unsupported-encoding',
  title: "an XML declaration with encoding='ISO-8859-1' is refused with a stream error",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '11.6', level: 'MUST' }],
  requirements: ['rfc6120-11.6-utf8-only'],
  tags: ['encoding', 'stream-error'],
  async run(t) {
    const header = clientHeader(t).replace("<?xml version='1.0'?>", "<?xml version='1.0' encoding='ISO-8859-1'?>");
    const s = await rawOpen(t, header);
    noteCondition(t, await headerThenStreamError(t, s), ['unsupported-encoding', 'bad-format']);
  },
});

export const invalidUtf8 = defineCase({
  id: 'rfc6120/stream/invalid-utf8',
  title: 'bytes that are not UTF-8 close the stream with a stream error',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '11.6', level: 'MUST' }],
  requirements: ['rfc6120-11.6-utf8-only'],
  tags: ['encoding', 'stream-error'],
  async run(t) {
    const s = await t.opened();
    s.sendRaw(Buffer.concat([Buffer.from("<message><body>"), Buffer.from([0xff, 0xfe]), Buffer.from('</body></message>')]));
    // Bytes that are not UTF-8 are also not well-formed XML (§11.3); any stream error passes.
    noteCondition(t, await expectStreamErrorAndClose(t, s), ['unsupported-encoding', 'bad-format', 'not-well-formed']);
  },
});
