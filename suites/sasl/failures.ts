// RFC 6120 §6.4.4–6.5: failure cases of SASL — wrong credentials, unknown mechanism, bad
// base64, abort, retries — and what a SCRAM server must put in its messages.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { createClientMechanism, decodeSaslPayload, encodeSaslPayload } from '../../harness/sasl/index.js';
import { saslFailureCondition, saslMechanisms, type Session } from '../../harness/session/index.js';
import type { XmlElement } from '../../harness/xml/index.js';
import { text } from '../../harness/xml/index.js';
import { describe } from '../../harness/xml/index.js';
import { NS_SASL } from '../../harness/xml/index.js';

const AUTH = (mech: string, payload = ''): string => `<auth xmlns='${NS_SASL}' mechanism='${mech}'>${payload}</auth>`;

/** The next element must be a SASL <failure/> with the given condition. */
async function expectFailure(t: CaseContext, s: Session, condition: string): Promise<XmlElement> {
  const f = await s.next({ what: `<failure><${condition}/></failure>` });
  t.check(f.name === 'failure' && f.ns === NS_SASL, `<failure xmlns='${NS_SASL}'>`, describe(f));
  const got = saslFailureCondition(f);
  t.check(got === condition, `<failure><${condition}/></failure>`, `<failure><${got}/></failure>`);
  return f;
}

async function securedOffering(t: CaseContext, mech: string): Promise<Session> {
  const s = await t.secured();
  const offered = s.features ? saslMechanisms(s.features) : [];
  if (!offered.includes(mech)) return t.skip(`${mech} is not offered (offered: ${offered.join(' ')})`);
  return s;
}

/**
 * A secured session with a SCRAM exchange started: the first offered mechanism of `order`, the
 * client-first-message sent and the server's <challenge/> received. Returns the mechanism state
 * and that challenge, ready for the client-final-message (or an <abort/>).
 */
async function startScram(t: CaseContext, password: string, order: readonly string[]) {
  const acct = t.account(0);
  const s = await t.secured();
  const offered = s.features ? saslMechanisms(s.features) : [];
  const mech = order.find((m) => offered.includes(m));
  if (!mech) return t.skip(`no SCRAM mechanism offered (offered: ${offered.join(' ')})`);
  const m = createClientMechanism(mech, { username: acct.local, password });
  s.sendRaw(AUTH(mech, encodeSaslPayload(m.initialResponse())));
  const ch = await s.next({ what: '<challenge/>' });
  t.check(ch.name === 'challenge', '<challenge/>', describe(ch));
  return { s, m, ch };
}

/** Answers the server-first challenge with the client-final-message. */
function sendClientFinal(s: Session, m: ReturnType<typeof createClientMechanism>, ch: XmlElement): void {
  s.sendRaw(`<response xmlns='${NS_SASL}'>${encodeSaslPayload(m.challenge(decodeSaslPayload(text(ch).trim())))}</response>`);
}

const plainPayload = (user: string, pass: string): string => Buffer.from(`\0${user}\0${pass}`, 'utf8').toString('base64');

export const wrongPasswordPlain = defineCase({
  id: 'rfc6120/sasl/wrong-password-plain',
  title: 'PLAIN with a wrong password fails with <not-authorized/>',
  area: 'sasl',
  role: 'server',
  refs: [{ rfc: 6120, section: '6.4.5', level: 'MUST' }],
  requirements: ['rfc6120-6.4.5-failure-condition', 'rfc6120-6.4.5-failure', 'rfc6120-6.5-defined-condition', 'rfc6120-6.5.10-not-authorized'],
  tags: ['plain', 'failure'],
  needs: { accounts: 1 },
  async run(t) {
    const acct = t.account(0);
    const s = await securedOffering(t, 'PLAIN');
    s.sendRaw(AUTH('PLAIN', plainPayload(acct.local, `${acct.password}-wrong`)));
    await expectFailure(t, s, 'not-authorized');
  },
});

export const unknownUserPlain = defineCase({
  id: 'rfc6120/sasl/unknown-user-plain',
  title: 'PLAIN for a user that does not exist fails with <not-authorized/> (no account enumeration)',
  area: 'sasl',
  role: 'server',
  refs: [{ rfc: 6120, section: '6.4.5', level: 'MUST' }],
  requirements: ['rfc6120-6.4.5-failure-condition', 'rfc6120-6.5.10-not-authorized'],
  tags: ['plain', 'failure'],
  async run(t) {
    const s = await securedOffering(t, 'PLAIN');
    s.sendRaw(AUTH('PLAIN', plainPayload(`nobody-${t.id()}`, 'x')));
    await expectFailure(t, s, 'not-authorized');
  },
});

export const wrongPasswordScram = defineCase({
  id: 'rfc6120/sasl/wrong-password-scram',
  title: 'SCRAM with a wrong password fails with <not-authorized/>',
  area: 'sasl',
  role: 'server',
  refs: [{ rfc: 6120, section: '6.4.5', level: 'MUST' }],
  requirements: ['rfc6120-6.4.5-failure-condition', 'rfc6120-6.4.5-failure', 'rfc6120-6.5.10-not-authorized'],
  tags: ['scram', 'failure'],
  needs: { accounts: 1 },
  async run(t) {
    const { s, m, ch } = await startScram(t, `${t.account(0).password}-wrong`, ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'SCRAM-SHA-512']);
    sendClientFinal(s, m, ch);
    // RFC 5802 §7 lets the server-final-message carry e=... ; a server may send it in a
    // <challenge/> first, and the client answers with an empty <response/> before the <failure/>.
    const next = await s.next({ what: '<failure/> or a <challenge/> with e=' });
    if (next.name === 'challenge' && next.ns === NS_SASL) {
      const data = decodeSaslPayload(text(next).trim()).toString('utf8');
      t.check(data.startsWith('e='), 'a server-final-message with e=', JSON.stringify(data));
      t.note(`server sent ${data} in a <challenge/> before failing`);
      s.sendRaw(`<response xmlns='${NS_SASL}'/>`);
      await expectFailure(t, s, 'not-authorized');
      return;
    }
    t.check(next.name === 'failure' && next.ns === NS_SASL, `<failure xmlns='${NS_SASL}'>`, describe(next));
    const got = saslFailureCondition(next);
    t.check(got === 'not-authorized', '<failure><not-authorized/></failure>', `<failure><${got}/></failure>`);
  },
});

export const invalidMechanism = defineCase({
  id: 'rfc6120/sasl/invalid-mechanism',
  title: "an unknown mechanism name, and an <auth/> without 'mechanism', fail with <invalid-mechanism/>",
  area: 'sasl',
  role: 'server',
  refs: [{ rfc: 6120, section: '6.4.5', level: 'MUST' }],
  requirements: ['rfc6120-6.4.5-failure-condition', 'rfc6120-6.5.7-invalid-mechanism', 'rfc6120-6.5-defined-condition'],
  tags: ['failure'],
  async run(t) {
    const s = await t.secured();
    s.sendRaw(AUTH('X-NO-SUCH-MECHANISM'));
    await expectFailure(t, s, 'invalid-mechanism');
    // RFC 6120 §6.5.7 names both: an unsupported mechanism, and none at all (on a fresh stream, so
    // a server that allows no retry after the first failure is not judged here).
    const s2 = await t.secured();
    s2.sendRaw(`<auth xmlns='${NS_SASL}'/>`);
    await expectFailure(t, s2, 'invalid-mechanism');
  },
});

export const incorrectEncoding = defineCase({
  id: 'rfc6120/sasl/incorrect-encoding',
  title: 'an initial response that is not valid base64 fails with <incorrect-encoding/>',
  area: 'sasl',
  role: 'server',
  refs: [
    { rfc: 6120, section: '13.9.1', level: 'MUST' },
    { rfc: 6120, section: '6.4.5', level: 'MUST' },
  ],
  requirements: ['rfc6120-13.9.1-reject-bad-base64', 'rfc6120-6.4.5-failure-condition', 'rfc6120-6.5.5-incorrect-encoding'],
  tags: ['failure', 'base64'],
  async run(t) {
    const s = await securedOffering(t, 'PLAIN');
    s.sendRaw(AUTH('PLAIN', '!!!notbase64'));
    await expectFailure(t, s, 'incorrect-encoding');
  },
});

export const aborted = defineCase({
  id: 'rfc6120/sasl/abort',
  title: '<abort/> during a SCRAM exchange is answered with <failure><aborted/></failure>',
  area: 'sasl',
  role: 'server',
  refs: [{ rfc: 6120, section: '6.4.4', level: 'MUST' }],
  requirements: ['rfc6120-6.4.4-abort'],
  tags: ['failure', 'scram'],
  needs: { accounts: 1 },
  async run(t) {
    const { s } = await startScram(t, t.account(0).password, ['SCRAM-SHA-1', 'SCRAM-SHA-256', 'SCRAM-SHA-512']);
    s.sendRaw(`<abort xmlns='${NS_SASL}'/>`);
    await expectFailure(t, s, 'aborted');
  },
});

export const retryAfterFailure = defineCase({
  id: 'rfc6120/sasl/retry-after-failure',
  title: 'after a failed attempt the client may retry on the same stream and succeed',
  area: 'sasl',
  role: 'server',
  refs: [{ rfc: 6120, section: '6.4.5', level: 'SHOULD' }],
  requirements: ['rfc6120-6.4.5-retries'],
  tags: ['failure', 'retry'],
  needs: { accounts: 1 },
  async run(t) {
    const acct = t.account(0);
    const s = await securedOffering(t, 'PLAIN');
    s.sendRaw(AUTH('PLAIN', plainPayload(acct.local, `${acct.password}-wrong`)));
    await expectFailure(t, s, 'not-authorized');
    s.sendRaw(AUTH('PLAIN', plainPayload(acct.local, acct.password)));
    const ok = await s.next({ what: '<success/> on the second attempt' });
    t.check(ok.name === 'success' && ok.ns === NS_SASL, '<success/> on the second attempt', describe(ok));
  },
});

/** Runs SCRAM up to the server-first-message and returns its attributes. */
async function scramServerFirst(t: CaseContext): Promise<{ mech: string; clientNonce: string; attrs: Map<string, string> }> {
  const acct = t.account(0);
  const s = await t.secured();
  const offered = s.features ? saslMechanisms(s.features) : [];
  const mech = ['SCRAM-SHA-1', 'SCRAM-SHA-256', 'SCRAM-SHA-512'].find((m) => offered.includes(m));
  if (!mech) return t.skip(`no SCRAM mechanism offered (offered: ${offered.join(' ')})`);
  const clientNonce = `xc${t.id().replace(/[^A-Za-z0-9]/g, '')}nonce`;
  s.sendRaw(AUTH(mech, Buffer.from(`n,,n=${acct.local},r=${clientNonce}`).toString('base64')));
  const ch = await s.next({ what: 'the SCRAM server-first-message in <challenge/>' });
  t.check(ch.name === 'challenge' && ch.ns === NS_SASL, '<challenge/>', describe(ch));
  const msg = decodeSaslPayload(text(ch).trim()).toString('utf8');
  const attrs = new Map<string, string>();
  for (const part of msg.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) attrs.set(part.slice(0, 1), part.slice(2));
  }
  s.sendRaw(`<abort xmlns='${NS_SASL}'/>`);
  return { mech, clientNonce, attrs };
}

export const scramNonce = defineCase({
  id: 'rfc5802/sasl/scram-nonce-extends-client-nonce',
  title: "the SCRAM server nonce starts with the client's nonce and adds its own part",
  area: 'sasl',
  role: 'server',
  // RFC 5802 §5.1 defines r= as the client's nonce extended by the server's, and obliges the
  // client to check that prefix; a server that breaks it makes every conforming client abort.
  refs: [{ rfc: 5802, section: '5.1', level: 'MUST' }],
  requirements: ['rfc5802-5.1-nonce'],
  tags: ['scram'],
  needs: { accounts: 1 },
  async run(t) {
    const { clientNonce, attrs } = await scramServerFirst(t);
    const r = attrs.get('r') ?? '';
    t.check(r.startsWith(clientNonce) && r.length > clientNonce.length, `r= starting with '${clientNonce}' and longer`, `r='${r}'`);
  },
});

export const scramIterations = defineCase({
  id: 'rfc7677/sasl/scram-iteration-count',
  title: 'the SCRAM iteration count is at least 4096',
  area: 'sasl',
  role: 'server',
  refs: [
    { rfc: 7677, section: '4', level: 'SHOULD' },
    { rfc: 5802, section: '5.1', level: 'SHOULD' },
  ],
  requirements: ['rfc7677-4-iteration-count'],
  tags: ['scram'],
  needs: { accounts: 1 },
  async run(t) {
    const { attrs } = await scramServerFirst(t);
    const i = Number(attrs.get('i'));
    t.check(Number.isInteger(i) && i >= 4096, 'i= of at least 4096', `i='${attrs.get('i') ?? ''}'`);
    t.note(`iteration count ${i}`);
  },
});

export const scramSalt = defineCase({
  id: 'rfc5802/sasl/scram-salt-present',
  title: 'the SCRAM server-first-message carries a base64 salt',
  area: 'sasl',
  role: 'server',
  refs: [{ rfc: 5802, section: '5.1', level: 'MUST' }],
  requirements: ['rfc5802-5.1-salt'],
  tags: ['scram'],
  needs: { accounts: 1 },
  async run(t) {
    const { attrs } = await scramServerFirst(t);
    const salt = attrs.get('s') ?? '';
    t.check(salt.length > 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(salt), 'a non-empty base64 s=', `s='${salt}'`);
  },
});

export const successData = defineCase({
  id: 'rfc6120/sasl/scram-success-data',
  title: "SCRAM's server-final-message (v=) is carried in <success/>",
  area: 'sasl',
  role: 'server',
  refs: [{ rfc: 6120, section: '6.3.10', level: 'SHOULD' }],
  // Both halves of §6.3.10's MUST: the initial response in <auth/> is taken, and v= rides in <success/>.
  requirements: ['rfc6120-6.3.10-use-success-data', 'rfc6120-6.3.10-success-data'],
  tags: ['scram'],
  needs: { accounts: 1 },
  async run(t) {
    // §6.3.10: additional data with success is RECOMMENDED; the longer form (v= in a final
    // <challenge/>, then an empty <response/>) is still allowed, so it is verified but noted.
    const { s, m, ch } = await startScram(t, t.account(0).password, ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'SCRAM-SHA-512']);
    sendClientFinal(s, m, ch);
    const first = await s.next({ what: '<success/>' });
    if (first.name === 'challenge' && first.ns === NS_SASL) {
      m.success(decodeSaslPayload(text(first).trim()));
      s.sendRaw(`<response xmlns='${NS_SASL}'/>`);
      const ok = await s.next({ what: '<success/>' });
      t.check(ok.name === 'success', '<success/>', describe(ok));
      t.fail('v= carried in <success/> (RECOMMENDED)', 'v= sent in a <challenge/> and an empty <success/> after it');
    }
    const ok = first;
    t.check(ok.name === 'success', '<success/>', describe(ok));
    const data = text(ok).trim();
    t.check(data.length > 0 && data !== '=', '<success/> carrying the server-final-message', '<success/> without data');
    m.success(decodeSaslPayload(data));
  },
});

export const plainWithoutInitialResponse = defineCase({
  id: 'rfc6120/sasl/plain-without-initial-response',
  title: 'PLAIN sent without an initial response gets an empty challenge, and the credentials in the response succeed',
  area: 'sasl',
  role: 'server',
  refs: [
    { rfc: 6120, section: '6.3.10', level: 'MUST' },
    { rfc: 6120, section: '6.4.3', level: 'MUST' },
  ],
  requirements: ['rfc6120-6.3.10-support-less-efficient'],
  tags: ['plain'],
  needs: { accounts: 1 },
  async run(t) {
    // §6.3.10: the initial response is optional; the server then sends a challenge (empty for
    // PLAIN, written '=' by §6.4.2) and takes the credentials in the client's <response/>.
    const acct = t.account(0);
    const s = await securedOffering(t, 'PLAIN');
    s.sendRaw(AUTH('PLAIN'));
    const ch = await s.next({ what: 'an empty <challenge/>' });
    t.check(ch.name === 'challenge' && ch.ns === NS_SASL, '<challenge/>', describe(ch));
    t.check(['', '='].includes(text(ch).trim()), 'an empty challenge', JSON.stringify(text(ch)));
    s.sendRaw(`<response xmlns='${NS_SASL}'>${plainPayload(acct.local, acct.password)}</response>`);
    const ok = await s.next({ what: '<success/>' });
    t.check(ok.name === 'success', '<success/>', describe(ok));
  },
});

export const newAuthRestarts = defineCase({
  id: 'rfc6120/sasl/new-auth-replaces-handshake',
  title: 'an <auth/> sent in the middle of a SCRAM exchange starts over with the new mechanism',
  area: 'sasl',
  role: 'server',
  refs: [{ rfc: 6120, section: '6.4.2', level: 'MUST' }],
  requirements: ['rfc6120-6.4.2-new-auth-restarts-handshake'],
  tags: ['scram', 'plain'],
  needs: { accounts: 1 },
  async run(t) {
    const acct = t.account(0);
    const { s } = await startScram(t, acct.password, ['SCRAM-SHA-256', 'SCRAM-SHA-1', 'SCRAM-SHA-512']);
    if (!s.features || !saslMechanisms(s.features).includes('PLAIN')) return t.skip('PLAIN is not offered, so no second mechanism to switch to');
    s.sendRaw(AUTH('PLAIN', plainPayload(acct.local, acct.password)));
    const ok = await s.next({ what: '<success/> for the new <auth/>' });
    t.check(ok.name === 'success', '<success/> for the PLAIN exchange', describe(ok));
  },
});
