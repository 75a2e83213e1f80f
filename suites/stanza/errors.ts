// RFC 6120 §8.3: the shape of a stanza error, checked on one the server is bound to send.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { el } from '../../harness/xml/index.js';
import { child, type XmlElement } from '../../harness/xml/index.js';
import { NS_CLIENT, NS_STANZA_ERRORS } from '../../harness/xml/index.js';
import { arrivedBy } from '../im-steps.js';

const ERROR_TYPES = ['auth', 'cancel', 'continue', 'modify', 'wait'];

/** An error the server must send: an iq with an unknown payload (RFC 6120 §10.3.3). */
async function serverError(t: CaseContext): Promise<{ res: XmlElement; id: string }> {
  const a = await t.login(0);
  const id = t.id();
  const res = await a.iq(el('iq', { type: 'get', id }, el('query', { xmlns: 'urn:xmpp-conformance:unknown:0' })));
  t.check(res.attrs['type'] === 'error', "an iq of type 'error' to inspect", `type='${res.attrs['type'] ?? ''}'`);
  return { res, id };
}

export const errorHasErrorChild = defineCase({
  id: 'rfc6120/stanza/error-has-error-child',
  title: "an error stanza contains an <error/> child with a 'type' from the defined list",
  area: 'stanza',
  role: 'server',
  refs: [
    { rfc: 6120, section: '8.3.1', level: 'MUST' },
    { rfc: 6120, section: '8.3.2', level: 'MUST' },
  ],
  requirements: ['rfc6120-8.3.1-error-child', 'rfc6120-8.3.2-error-type'],
  tags: ['errors', 'iq'],
  needs: { accounts: 1 },
  async run(t) {
    const { res } = await serverError(t);
    const err = child(res, 'error', NS_CLIENT) ?? child(res, 'error');
    if (!err) return t.fail('an <error/> child', 'none');
    const type = err.attrs['type'];
    t.check(
      type !== undefined && ERROR_TYPES.includes(type),
      `type= one of ${ERROR_TYPES.join(', ')}`,
      type === undefined ? 'no type attribute' : `type='${type}'`,
    );
  },
});

export const errorDefinedCondition = defineCase({
  id: 'rfc6120/stanza/error-one-defined-condition',
  title: 'a stanza error carries exactly one defined condition in the xmpp-stanzas namespace; <text/>, if any, is in that namespace',
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.3.2', level: 'MUST' }],
  requirements: ['rfc6120-8.3.2-defined-condition', 'rfc6120-8.3.2-text-namespace', 'rfc6120-8.3.2-app-condition-namespace'],
  tags: ['errors', 'iq'],
  needs: { accounts: 1 },
  async run(t) {
    const { res } = await serverError(t);
    const err = child(res, 'error');
    if (!err) return t.fail('an <error/> child', 'none');
    const kids = err.children.filter((c): c is XmlElement => typeof c === 'object');
    const conditions = kids.filter((k) => k.ns === NS_STANZA_ERRORS && k.name !== 'text');
    t.check(conditions.length === 1, 'exactly one defined condition', conditions.length === 0 ? 'none' : conditions.map((c) => `<${c.name}/>`).join(' '));
    const texts = kids.filter((k) => k.name === 'text');
    for (const tx of texts) t.check(tx.ns === NS_STANZA_ERRORS, `<text xmlns='${NS_STANZA_ERRORS}'>`, `<text xmlns='${tx.ns}'>`);
  },
});

export const errorIdMatches = defineCase({
  id: 'rfc6120/stanza/error-keeps-id',
  title: "a message error carries the 'id' of the message it answers",
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.3.1', level: 'MUST' }],
  requirements: ['rfc6120-8.3.1-error-id', 'rfc6120-8.1.3-response-id-match', 'rfc6120-8.3.2-stanza-kind'],
  tags: ['errors', 'message'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    const id = t.id();
    // A groupchat message to a user's bare JID is refused (RFC 6121 §8.5.2.1.2 / §8.5.2.2.2).
    a.send(el('message', { id, type: 'groupchat', to: `xc-nobody-${t.id()}@${t.target.domain}` }, el('body', {}, 'x')));
    const errors = await arrivedBy(a, (e) => e.attrs['type'] === 'error' && (e.name === 'message' || e.attrs['id'] === id));
    if (errors.length === 0) return t.skip('the server answered with no error (it may ignore such messages silently)');
    const e = errors[0] as XmlElement;
    // §8.3.2: the error is a stanza of the kind that caused it.
    t.check(e.name === 'message', 'a <message/> of type error for the message', `<${e.name} type='error'>`, { rfc: 6120, section: '8.3.2', level: 'MUST' });
    t.check(e.attrs['id'] === id, `id='${id}' on the error`, `id='${e.attrs['id'] ?? ''}'`);
  },
});

export const noErrorForError = defineCase({
  id: 'rfc6120/stanza/no-error-for-error',
  title: 'a message of type error to a user that does not exist gets no error back',
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.3.1', level: 'MUST NOT' }],
  requirements: ['rfc6120-8.3.1-no-error-loop'],
  tags: ['errors', 'message'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    const id = t.id();
    a.sendRaw(
      `<message id='${id}' type='error' to='xc-nobody-${t.id()}@${t.target.domain}'><error type='cancel'><item-not-found xmlns='${NS_STANZA_ERRORS}'/></error></message>`,
    );
    const back = await arrivedBy(a, (e) => e.name === 'message' && e.attrs['id'] === id);
    t.check(back.length === 0, 'nothing back', `${back.length} stanza(s) with id '${id}'`);
  },
});
