// RFC 6120 §11 on an authenticated server-to-server stream: a peer server's bad XML is refused as a
// client's is, and the predefined entities pass through.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { child, el, text } from '../../harness/xml/index.js';
import { checkCondition, expectStreamErrorAndClose } from '../steps.js';
import { remoteSender } from './steps.js';

async function badXmlAfterAuth(t: CaseContext, raw: (from: string, to: string) => string, allowed?: readonly string[]): Promise<void> {
  const s2s = t.s2s();
  const s = await s2s.authenticated();
  s.sendRaw(raw(remoteSender(s2s, t), `nobody@${s2s.targetDomain}`));
  const condition = await expectStreamErrorAndClose(t, s);
  if (allowed) checkCondition(t, condition, allowed);
  else t.note(`server sent <${condition}/>`);
}

export const s2sRestrictedComment = defineCase({
  id: 'rfc6120/s2s/restricted-xml-comment',
  title: 'an XML comment from a peer server closes the server-to-server stream with a stream error',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '11.1', level: 'MUST' }],
  requirements: ['rfc6120-11.1-reject-restricted'],
  tags: ['s2s', 'xml', 'stream-error'],
  run: (t) => badXmlAfterAuth(t, (from, to) => `<message from='${from}' to='${to}'><!-- a comment --><body>x</body></message>`),
});

export const s2sNotWellFormed = defineCase({
  id: 'rfc6120/s2s/not-well-formed',
  title: 'a mismatched end tag from a peer server gets <not-well-formed/>',
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '11.3', level: 'MUST' }],
  requirements: ['rfc6120-11.3-not-well-formed'],
  tags: ['s2s', 'xml', 'stream-error'],
  run: (t) => badXmlAfterAuth(t, (from, to) => `<message from='${from}' to='${to}'><body>x</message>`, ['not-well-formed']),
});

export const s2sPredefinedEntities = defineCase({
  id: 'rfc6120/s2s/predefined-entities-delivered',
  title: "the five predefined entities in a peer server's message reach the local client as the characters they stand for",
  area: 's2s',
  needs: { serial: true, shares: ['s2s'] },
  role: 'server',
  refs: [{ rfc: 6120, section: '11.1', level: 'MUST' }],
  requirements: ['rfc6120-11.1-allow-predefined-entities'],
  tags: ['s2s', 'xml', 'delivery'],
  async run(t) {
    const s2s = t.s2s();
    const rcpt = await t.step('log in on the target', () => s2s.login(0));
    const link = await t.step('authenticate as the remote server', () => s2s.authenticated());
    const sender = remoteSender(s2s, t);
    link.sendRaw(
      `<message type='chat' from='${sender}' to='${rcpt.jid ?? ''}' id='${t.id()}'><body>a &lt; b &amp;&amp; c &gt; d &quot;e&quot; &apos;f&apos;</body></message>`,
    );
    const got = await t.step('wait for the message at the recipient', () => rcpt.waitFor(el('message', { from: sender })));
    const body = child(got, 'body');
    const want = `a < b && c > d "e" 'f'`;
    t.check(body !== undefined && text(body) === want, want, body ? text(body) : 'no <body/>');
  },
});
