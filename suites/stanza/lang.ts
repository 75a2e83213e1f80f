// RFC 6120 §8.1.5: xml:lang on routed stanzas.
import { defineCase } from '../../harness/cases/index.js';
import { el } from '../../harness/xml/index.js';
import { twoOnline } from '../im-steps.js';

export const xmlLangPreserved = defineCase({
  id: 'rfc6120/stanza/xml-lang-preserved',
  title: "a message's xml:lang reaches the recipient unchanged",
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.1.5', level: 'MUST NOT' }],
  requirements: ['rfc6120-8.1.5-no-lang-modification', 'rfc6120-4.7.4-no-lang-modification'],
  tags: ['i18n', 'multi-session'],
  needs: { accounts: 2 },
  async run(t) {
    const [a, b] = await twoOnline(t);
    const id = t.id();
    a.send(el('message', { id, type: 'chat', to: b.jid ?? '', 'xml:lang': 'de' }, el('body', {}, 'Guten Tag')));
    const got = await b.waitFor(el('message', { id }));
    t.check(got.attrs['xml:lang'] === 'de', "xml:lang='de'", got.attrs['xml:lang'] === undefined ? 'no xml:lang' : `xml:lang='${got.attrs['xml:lang']}'`);
  },
});

export const xmlLangAdded = defineCase({
  id: 'rfc6120/stanza/xml-lang-from-stream',
  title: "a message without xml:lang is delivered with the sender's stream language added",
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.1.5', level: 'SHOULD' }],
  // Not listed: rfc6120-4.7.4-stamped-lang-value (the stream asks for 'en', which the server supports, so its own language and the client's cannot be told apart).
  requirements: ['rfc6120-8.1.5-add-stream-lang'],
  tags: ['i18n', 'multi-session'],
  needs: { accounts: 2 },
  async run(t) {
    // Our sessions open their streams with xml:lang='en'.
    const [a, b] = await twoOnline(t);
    const id = t.id();
    a.send(el('message', { id, type: 'chat', to: b.jid ?? '' }, el('body', {}, 'hello')));
    const got = await b.waitFor(el('message', { id }));
    t.check(
      got.attrs['xml:lang'] === 'en',
      "xml:lang='en' (the sender's stream language)",
      got.attrs['xml:lang'] === undefined ? 'no xml:lang' : `xml:lang='${got.attrs['xml:lang']}'`,
    );
  },
});
