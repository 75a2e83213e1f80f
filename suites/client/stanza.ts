// iq semantics on the client (RFC 6120 §8.2.3, §8.3): every get or set gets exactly one answer with
// the same id, an unknown payload an error with a defined condition, and results or errors no answer.
import { defineClientCase, type ClientCaseContext } from '../../harness/serve/index.js';
import { NS_STANZA_ERRORS, child, children, el } from '../../harness/xml/index.js';
import { askIq, loggedIn, short, unknownPayload } from './steps.js';

async function unknownIq(t: ClientCaseContext, type: 'get' | 'set'): Promise<void> {
  const { c } = await loggedIn(t);
  const id = t.id();
  const answer = await t.step(`unknown iq ${type}`, () => askIq(t, c, type, unknownPayload(), id));
  t.check(answer !== undefined, `an answer to <iq type='${type}' id='${id}'> with an unknown payload`, 'none');
  t.check(answer?.attrs['type'] === 'error', "an <iq type='error'>", short(answer), { rfc: 6120, section: '8.3.1', level: 'MUST' });
}

export const unknownGet = defineClientCase({
  id: 'rfc6120/client/iq-get-unknown-answered',
  title: 'the client answers an iq get with a payload it does not understand with an error',
  refs: [{ rfc: 6120, section: '8.2.3', level: 'MUST' }],
  requirements: ['rfc6120-8.2.3-reply-to-get-set', 'rfc6120-8.3.1-iq-error-required'],
  tags: ['iq', 'error'],
  play: (t) => unknownIq(t, 'get'),
});

export const unknownSet = defineClientCase({
  id: 'rfc6120/client/iq-set-unknown-answered',
  title: 'the client answers an iq set with a payload it does not understand with an error',
  refs: [{ rfc: 6120, section: '8.2.3', level: 'MUST' }],
  requirements: ['rfc6120-8.2.3-reply-to-get-set', 'rfc6120-8.3.1-iq-error-required'],
  tags: ['iq', 'error'],
  play: (t) => unknownIq(t, 'set'),
});

export const errorShape = defineClientCase({
  id: 'rfc6120/client/iq-error-condition',
  title: "the client's error for an unknown iq carries <service-unavailable/> or <feature-not-implemented/> with a valid type",
  refs: [{ rfc: 6120, section: '8.3.2', level: 'MUST' }],
  // Only iq answers are read, so an error of another kind (§8.3.2 stanza kind) is not judged here.
  requirements: ['rfc6120-8.3.2-defined-condition', 'rfc6120-8.3.2-error-type', 'rfc6120-8.3.1-error-child', 'rfc6120-8.2.3-error-child'],
  tags: ['iq', 'error'],
  async play(t) {
    const { c } = await loggedIn(t);
    const answer = await askIq(t, c, 'get', unknownPayload());
    if (!answer || answer.attrs['type'] !== 'error') return t.skip(`the client did not answer with an error (${short(answer)}); see iq-get-unknown-answered`);
    const err = child(answer, 'error');
    t.check(err !== undefined, 'an <error/> child', short(answer));
    const conds = children(err!)
      .filter((e) => e.ns === NS_STANZA_ERRORS && e.name !== 'text')
      .map((e) => e.name);
    t.check(conds.length === 1, 'exactly one defined condition in urn:ietf:params:xml:ns:xmpp-stanzas', conds.length ? conds.join(', ') : 'none');
    // RFC 6120 §8.4: an entity that does not understand a namespace answers service-unavailable;
    // feature-not-implemented is also allowed (§8.3.3.3).
    t.check(
      ['service-unavailable', 'feature-not-implemented'].includes(conds[0] ?? ''),
      '<service-unavailable/> or <feature-not-implemented/>',
      `<${conds[0]}/>`,
      { rfc: 6120, section: '8.4', level: 'MUST' },
    );
    t.check(
      ['auth', 'cancel', 'continue', 'modify', 'wait'].includes(err!.attrs['type'] ?? ''),
      'an error type of auth, cancel, continue, modify or wait',
      `type=${JSON.stringify(err!.attrs['type'] ?? null)}`,
    );
  },
});

export const answerId = defineClientCase({
  id: 'rfc6120/client/iq-answer-same-id',
  title: "the client's answer to an iq repeats its id exactly",
  refs: [{ rfc: 6120, section: '8.2.3', level: 'MUST' }],
  requirements: ['rfc6120-8.2.3-iq-response-id', 'rfc6120-8.1.3-response-id-match', 'rfc6120-8.3.1-error-id'],
  tags: ['iq', 'id'],
  async play(t) {
    const { c } = await loggedIn(t);
    const id = `xc ${t.id()} &<'"`;
    c.send(el('iq', { type: 'get', id, from: t.domain, to: c.lastJid }, unknownPayload()));
    const { seen } = await c.serve(t.timeout, (e) => e.name === 'iq' && (e.attrs['type'] === 'error' || e.attrs['type'] === 'result'));
    const answer = seen.find((e) => e.name === 'iq' && (e.attrs['type'] === 'error' || e.attrs['type'] === 'result'));
    if (!answer) return t.skip('the client did not answer the iq at all; see iq-get-unknown-answered');
    t.check(answer.attrs['id'] === id, `id=${JSON.stringify(id)} on the answer`, `id=${JSON.stringify(answer.attrs['id'] ?? null)}`);
  },
});

async function noAnswer(t: ClientCaseContext, type: 'result' | 'error'): Promise<void> {
  const { c } = await loggedIn(t);
  const id = t.id();
  const body = type === 'error' ? [el('error', { type: 'cancel' }, el('item-not-found', { xmlns: NS_STANZA_ERRORS }))] : [];
  c.send(el('iq', { type, id, from: t.domain, to: c.lastJid }, ...body));
  const { seen } = await c.serve(Math.max(1000, t.timeout / 2));
  const reply = seen.find((e) => e.name === 'iq' && e.attrs['id'] === id);
  t.check(reply === undefined, `no answer to an <iq type='${type}'>`, short(reply));
}

export const resultNotAnswered = defineClientCase({
  id: 'rfc6120/client/iq-result-not-answered',
  title: "the client does not answer an unsolicited <iq type='result'>",
  refs: [{ rfc: 6120, section: '8.2.3', level: 'MUST NOT' }],
  requirements: ['rfc6120-8.2.3-no-reply-to-result-error'],
  tags: ['iq'],
  play: (t) => noAnswer(t, 'result'),
});

export const errorNotAnswered = defineClientCase({
  id: 'rfc6120/client/iq-error-not-answered',
  title: "the client does not answer an <iq type='error'>",
  refs: [
    { rfc: 6120, section: '8.2.3', level: 'MUST NOT' },
    { rfc: 6120, section: '8.3.1', level: 'MUST NOT' },
  ],
  requirements: ['rfc6120-8.2.3-no-reply-to-result-error', 'rfc6120-8.3.1-no-error-loop'],
  tags: ['iq', 'error'],
  play: (t) => noAnswer(t, 'error'),
});

export const STANZA_CASES = [unknownGet, unknownSet, errorShape, answerId, resultNotAnswered, errorNotAnswered];
