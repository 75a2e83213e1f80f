// RFC 6120 §11: the restricted XML profile (no comments, PIs, DTDs, non-predefined entities;
// UTF-8 only) and what a server must do when a client breaks it.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { isStreamError, streamErrorCondition, type Session } from '../../harness/session/index.js';
import type { XmlElement } from '../../harness/xml/index.js';
import { checkCondition, expectStreamErrorAndClose, headerThenStreamError, noteCondition, rawOpen, clientHeader } from '../steps.js';

interface RestrictedCase {
  slug: string;
  what: string;
  input: string;
  /**
   * send it on a logged-in stream: a stanza before authentication is refused with <not-authorized/>
   * whatever it holds (§4.3.5), so a server that accepts the input would pass there
   */
  afterAuth?: boolean;
}

// RFC 6120 §11.1: such data MUST close the stream with a stream error; the condition SHOULD be
// <restricted-xml/> (some servers send <bad-format/>, and a parser that never gets past the
// syntax says <not-well-formed/>), so any condition passes here and the one chosen is noted.
// restricted-comment-condition checks the SHOULD.
const INSIDE_STREAM: RestrictedCase[] = [
  { slug: 'comment', what: 'an XML comment', input: '<!-- a comment -->' },
  { slug: 'processing-instruction', what: 'a processing instruction', input: '<?foo bar?>' },
  {
    slug: 'undefined-entity',
    what: "a reference to an undefined entity ('&unknown;') in a stanza after authentication",
    input: '<message><body>&unknown;</body></message>',
    afterAuth: true,
  },
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
    ...(c.afterAuth ? { needs: { accounts: 1 } } : {}),
    async run(t) {
      const s = c.afterAuth ? await t.login(0) : await t.opened();
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

/**
 * Pings the server after input it must accept and reads up to the answer: a stream error or a
 * close fails the case (`expected` says what was due); messages on the way go to `onMessage`.
 */
async function pingThrough(t: CaseContext, s: Session, expected: string, onMessage: (message: XmlElement) => void): Promise<void> {
  const pingId = t.id();
  s.sendRaw(`<iq type='get' id='${pingId}' to='${t.target.domain}'><ping xmlns='urn:xmpp:ping'/></iq>`);
  for (;;) {
    const ev = await s.nextEvent(`the answer to ping ${pingId}`);
    if (ev.kind !== 'element') return t.fail('the stream to stay open', ev.kind === 'eof' ? 'connection closed' : ev.kind);
    if (isStreamError(ev.el)) return t.fail(expected, `<stream:error><${streamErrorCondition(ev.el) ?? '?'}/>`);
    if (ev.el.name === 'message') onMessage(ev.el);
    if (ev.el.name === 'iq' && ev.el.attrs['id'] === pingId) return;
  }
}

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
    // Everything must keep flowing: collect until the ping's answer; a stream error fails.
    await pingThrough(t, s, 'no stream error', (message) => {
      const body = message.children.find((c) => typeof c === 'object' && c.name === 'body');
      const text = typeof body === 'object' ? body.children.filter((c) => typeof c === 'string').join('') : '';
      t.check(text === `<>&'"AB`, `the body decoded as <>&'"AB`, JSON.stringify(text));
    });
  },
});

// Names only the Fifth Edition of XML 1.0 allows (§2.3 NameStartChar): U+0221 (in #xF8-#x2FF),
// U+0370 (#x370-#x37D) and U+10000 (#x10000-#xEFFFF). The Fourth Edition's name classes (Unicode
// 2.0 letters, Appendix B) lack all three, so a parser still on them calls this stanza malformed.
const FIFTH_EDITION_ELEMENT = '\u0221\u{10000}';
const FIFTH_EDITION_ATTR = 'a\u0370';

export const fifthEditionNames = defineCase({
  id: 'rfc6120/stream/fifth-edition-names',
  title: 'names that XML 1.0 Fifth Edition allows (U+0221, U+0370, U+10000) are accepted (no stream error)',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '11.3', level: 'MUST' }],
  requirements: ['rfc6120-11.3-accept-well-formed'],
  tags: ['restricted-xml', 'unicode'],
  needs: { accounts: 1 },
  async run(t) {
    const s = await t.login(0);
    s.sendRaw(
      `<message to='${s.jid ?? ''}' type='headline'><body>names</body>` +
        `<${FIFTH_EDITION_ELEMENT} xmlns='urn:xmpp-conformance:names' ${FIFTH_EDITION_ATTR}='1'/></message>`,
    );
    // RFC 6120 cites [XML] as the Fifth Edition: the stanza is well-formed, so §11.3's
    // <not-well-formed/>, defined in §4.9.3.13 for data that breaks [XML], does not apply and the
    // stream has to carry on (the requirement is derived from those two, not a sentence of its own).
    await pingThrough(t, s, 'no stream error for names XML 1.0 Fifth Edition allows', (message) => {
      const ext = message.children.find((c) => typeof c === 'object' && c.ns === 'urn:xmpp-conformance:names');
      if (typeof ext === 'object')
        t.check(
          ext.name === FIFTH_EDITION_ELEMENT && ext.attrs[FIFTH_EDITION_ATTR] === '1',
          'the extension element delivered with its names intact',
          `<${ext.name}> ${JSON.stringify(ext.attrs)}`,
        );
    });
  },
});

export const bomBeforeHeader = defineCase({
  id: 'rfc6120/stream/bom-before-header',
  title: 'a U+FEFF before the stream header is refused with a stream error (it is a ZWNBSP, not a byte order mark)',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '11.6', level: 'MUST' }],
  // The condition is only noted (a server may call it otherwise), so §11.3's <not-well-formed/> is not claimed.
  requirements: ['rfc6120-11.6-feff-as-zwnbsp'],
  tags: ['restricted-xml', 'stream-error', 'unicode'],
  async run(t) {
    // §11.6 reads U+FEFF as a zero width no-break space wherever it comes, so first in the stream
    // it is character data before the root element, which XML 1.0 §2.1 does not allow: the data
    // is not well-formed (§11.3). A parser that takes it for a UTF-8 signature accepts it.
    const s = await rawOpen(t, `\uFEFF${clientHeader(t)}`);
    noteCondition(t, await headerThenStreamError(t, s), ['not-well-formed']);
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
  title: 'bytes that are not UTF-8 in a stanza after authentication close the stream with a stream error',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '11.6', level: 'MUST' }],
  requirements: ['rfc6120-11.6-utf8-only'],
  tags: ['encoding', 'stream-error'],
  needs: { accounts: 1 },
  async run(t) {
    // After authentication: before it, the stanza alone earns <not-authorized/> (§4.3.5), which
    // would pass a server that takes the bytes as they come.
    const s = await t.login(0);
    s.sendRaw(Buffer.concat([Buffer.from('<message><body>'), Buffer.from([0xff, 0xfe]), Buffer.from('</body></message>')]));
    // Bytes that are not UTF-8 are also not well-formed XML (§11.3); any stream error passes.
    noteCondition(t, await expectStreamErrorAndClose(t, s), ['unsupported-encoding', 'bad-format', 'not-well-formed']);
  },
});
