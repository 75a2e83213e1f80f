// SASL from the client's side (RFC 6120 §6, RFC 5802, RFC 7677, RFC 4616): correct SCRAM proofs and
// channel binding, the server signature checked, no PLAIN in the clear, failures taken as final.
import { DEFAULT_MECHANISMS, defineClientCase, describeEvent, type ClientCaseContext, type ClientPeer } from '../../harness/serve/index.js';
import { oneLine } from '../../harness/errors.js';
import type { SpecRef } from '../../harness/spec.js';
import { NS_SASL, NS_TLS } from '../../harness/xml/index.js';
import { authComing, short } from './steps.js';

/** Offers exactly `mechanisms` over TLS and judges the client's exchange with our server mechanism. */
async function scramCase(t: ClientCaseContext, mechanisms: readonly string[], want: string, ref: SpecRef): Promise<void> {
  const c = await t.accept();
  await c.untilSasl({ mechanisms });
  const ev = await c.nextEvent(t.timeout);
  if (!ev || ev.kind !== 'element')
    t.skip(`the client did not try ${want} when it was the only SCRAM variant offered (${ev ? ev.kind : 'silence'}): not supported`);
  c.unread(ev.el);
  const s = await c.sasl({ mechanisms });
  if (s.mechanism !== want) {
    t.check(mechanisms.includes(s.mechanism), `a mechanism from the offered list (${mechanisms.join(', ')})`, `'${s.mechanism}'`, {
      rfc: 6120,
      section: '6.4.2',
      level: 'MUST',
    });
    if (want.endsWith('-PLUS') && s.flag === 'y') {
      t.fail(`${want} (or flag 'n'), since the server offered a -PLUS mechanism`, `${s.mechanism} with gs2 flag 'y' (RFC 5802 §6: a downgrade)`, {
        rfc: 5802,
        section: '6',
        level: 'MUST',
      });
    }
    t.skip(`the client chose ${s.mechanism} over ${want}: ${want.endsWith('-PLUS') ? 'no channel binding support' : 'not supported'}`);
  }
  if (s.step.kind === 'failure') t.fail(`a ${want} exchange that verifies`, s.step.text ?? s.step.condition, ref);
  // the proof verified; what the client does after <success/> is for restart-after-sasl to judge
  const next = await c.nextEvent(t.timeout);
  if (next?.kind !== 'open') t.note(`after <success/> the client sent ${next ? describeEvent(next) : 'nothing'} rather than a new stream header`);
}

export const scramSha1 = defineClientCase({
  id: 'rfc5802/client/scram-sha-1',
  title: "the client's SCRAM-SHA-1 proof verifies against the account's password",
  refs: [{ rfc: 5802, section: '3', level: 'MUST' }],
  // A client without SCRAM-SHA-1 is skipped, not failed, so the MTI rule (rfc5802-4-scram-sha-1-mti) is not claimed.
  requirements: ['rfc5802-3-client-proof', 'rfc6120-6.4.3-response-data', 'rfc6120-6.3.5-base64'],
  tags: ['sasl', 'scram'],
  play: (t) => scramCase(t, ['SCRAM-SHA-1'], 'SCRAM-SHA-1', { rfc: 5802, section: '3', level: 'MUST' }),
});

export const scramSha256 = defineClientCase({
  id: 'rfc7677/client/scram-sha-256',
  title: "the client's SCRAM-SHA-256 proof verifies against the account's password",
  refs: [{ rfc: 7677, section: '3', level: 'MUST' }],
  requirements: ['rfc7677-3-scram-sha-256', 'rfc5802-3-client-proof'],
  tags: ['sasl', 'scram'],
  play: (t) => scramCase(t, ['SCRAM-SHA-256'], 'SCRAM-SHA-256', { rfc: 7677, section: '3', level: 'MUST' }),
});

export const scramSha512 = defineClientCase({
  id: 'rfc5802/client/scram-sha-512',
  title: "the client's SCRAM-SHA-512 proof verifies (where it supports the variant)",
  refs: [{ rfc: 5802, section: '4', level: 'MAY' }],
  requirements: ['rfc5802-4-scram-sha-512', 'rfc5802-3-client-proof'],
  tags: ['sasl', 'scram'],
  play: (t) => scramCase(t, ['SCRAM-SHA-512'], 'SCRAM-SHA-512', { rfc: 5802, section: '3', level: 'MUST' }),
});

export const scramSha1Plus = defineClientCase({
  id: 'rfc5802/client/scram-sha-1-plus',
  title: 'with SCRAM-SHA-1-PLUS offered, the client binds to this TLS channel correctly (or says it cannot)',
  refs: [{ rfc: 5802, section: '6', level: 'MUST' }],
  requirements: ['rfc5802-6-client-channel-binding', 'rfc5802-3-client-proof'],
  tags: ['sasl', 'scram', 'channel-binding'],
  play: (t) => scramCase(t, ['SCRAM-SHA-1-PLUS', 'SCRAM-SHA-1'], 'SCRAM-SHA-1-PLUS', { rfc: 5802, section: '6', level: 'MUST' }),
});

export const scramSha256Plus = defineClientCase({
  id: 'rfc7677/client/scram-sha-256-plus',
  title: 'with SCRAM-SHA-256-PLUS offered, the client binds to this TLS channel correctly (or says it cannot)',
  refs: [{ rfc: 5802, section: '6', level: 'MUST' }],
  requirements: ['rfc5802-6-client-channel-binding', 'rfc7677-3-scram-sha-256'],
  tags: ['sasl', 'scram', 'channel-binding'],
  play: (t) => scramCase(t, ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256'], 'SCRAM-SHA-256-PLUS', { rfc: 5802, section: '6', level: 'MUST' }),
});

export const scramSha512Plus = defineClientCase({
  id: 'rfc5802/client/scram-sha-512-plus',
  title: 'with SCRAM-SHA-512-PLUS offered, the client binds to this TLS channel correctly (or says it cannot)',
  refs: [{ rfc: 5802, section: '6', level: 'MUST' }],
  requirements: ['rfc5802-6-client-channel-binding', 'rfc5802-4-scram-sha-512'],
  tags: ['sasl', 'scram', 'channel-binding'],
  play: (t) => scramCase(t, ['SCRAM-SHA-512-PLUS', 'SCRAM-SHA-512'], 'SCRAM-SHA-512-PLUS', { rfc: 5802, section: '6', level: 'MUST' }),
});

/** Header, features and STARTTLS up to the client's <auth/>; skips when it never gets there. */
async function untilAuth(t: ClientCaseContext, c: ClientPeer): Promise<void> {
  try {
    await c.untilSasl();
  } catch (err) {
    t.skip(`the client did not get as far as SASL (${oneLine(err)}); other cases judge that part`);
  }
  await authComing(t, c, DEFAULT_MECHANISMS);
}

/** After a SASL outcome that must stop the client: no restart, no stanzas; closing or retrying is fine. */
async function staysUnauthenticated(t: ClientCaseContext, c: ClientPeer, why: string, ref: SpecRef, streamRestarted = false): Promise<void> {
  const until = Date.now() + t.timeout;
  for (;;) {
    const ev = await c.nextEvent(until - Date.now());
    if (!ev || ev.kind === 'eof' || ev.kind === 'close') return;
    if (ev.kind === 'open') t.fail(`no stream restart after ${why}`, 'a new stream header, as if authenticated', ref);
    // after <success/> our stream restarted, so the client's closing tag arrives as non-XML: fine
    if (ev.kind === 'xml-error') {
      if (streamRestarted) return;
      // after a <failure/> our stream goes on, so a restarting client's new header arrives as non-XML
      t.fail(`no stream restart after ${why}`, `data that does not continue the stream, as a new stream header would (${ev.error.message})`, ref);
    }
    const e = ev.el;
    if (e.ns === NS_SASL && (e.name === 'auth' || e.name === 'abort' || e.name === 'response')) {
      if (e.name === 'auth') c.sendRaw(`<failure xmlns='${NS_SASL}'><not-authorized/></failure>`);
      continue;
    }
    t.fail(`nothing but SASL or the end of the stream after ${why}`, short(e), ref);
  }
}

export const serverSignature = defineClientCase({
  id: 'rfc5802/client/server-signature-verified',
  title: 'the client treats a SCRAM <success/> with a wrong server signature as a failed authentication',
  refs: [{ rfc: 5802, section: '3', level: 'MUST' }],
  requirements: ['rfc5802-3-client-verify-server-signature'],
  tags: ['sasl', 'scram', 'mutual-auth'],
  async play(t) {
    // every SCRAM variant we have, so any SCRAM client finds one; nothing else
    const mechanisms = ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'SCRAM-SHA-1'];
    const c = await t.accept();
    await c.untilSasl({ mechanisms });
    const ev = await c.nextEvent(t.timeout);
    // as in the scram-* cases: a client that offered only SCRAM does not try it has no SCRAM
    if (!ev || ev.kind !== 'element')
      return t.skip(`the client did not try SCRAM when only ${mechanisms.join(', ')} were offered (${ev ? describeEvent(ev) : 'silence'}): not supported`);
    c.unread(ev.el);
    const s = await c.sasl({ mechanisms, wrongServerSignature: true });
    if (!s.mechanism.startsWith('SCRAM-')) t.skip(`the client used ${s.mechanism}, not SCRAM: not supported`);
    // a wrong proof breaks RFC 5802 §3 too, but the scram-* cases judge proofs; this one needs a right one
    if (s.step.kind !== 'success')
      t.skip(
        `the client's ${s.mechanism} proof did not verify (${s.step.kind === 'failure' ? (s.step.text ?? s.step.condition) : 'a challenge'}), so no <success/> could be sent; see the scram-* cases`,
      );
    await staysUnauthenticated(t, c, 'a <success/> whose v= does not verify', t.ref, true);
  },
});

export const saslFailureStops = defineClientCase({
  id: 'rfc6120/client/sasl-failure-stops',
  title: 'after <failure><not-authorized/></failure> the client does not restart the stream or send stanzas',
  refs: [{ rfc: 6120, section: '6.4.5', level: 'SHOULD' }],
  requirements: ['rfc6120-6.3.1-sasl-mandatory'],
  tags: ['sasl', 'failure'],
  async play(t) {
    const c = await t.accept();
    await untilAuth(t, c);
    await c.sasl({ mechanisms: [], failWith: 'not-authorized' });
    await staysUnauthenticated(t, c, 'a SASL <failure/>', { rfc: 6120, section: '6.3.1', level: 'MUST' });
  },
});

export const saslUnknownCondition = defineClientCase({
  id: 'rfc6120/client/sasl-unknown-condition',
  title: 'a SASL failure with a condition the client does not know is still a failure',
  refs: [{ rfc: 6120, section: '6.5', level: 'MUST' }],
  requirements: ['rfc6120-6.5-unknown-sasl-condition'],
  tags: ['sasl', 'failure'],
  async play(t) {
    const c = await t.accept();
    await untilAuth(t, c);
    await c.sasl({ mechanisms: [], failWith: 'xc-undefined-condition' });
    await staysUnauthenticated(t, c, 'a SASL <failure/> with an unknown condition', t.ref);
  },
});

export const noPlainInClear = defineClientCase({
  id: 'rfc4616/client/no-plain-in-clear',
  title: 'offered only PLAIN on a stream without TLS, the client does not send its password',
  refs: [
    { rfc: 4616, section: '5', level: 'SHOULD NOT' },
    { rfc: 6120, section: '5.2', level: 'SHOULD' },
  ],
  requirements: ['rfc4616-5-client-no-plain-in-clear', 'rfc6120-5.2-use-tls-before-sasl'],
  tags: ['sasl', 'plain', 'tls'],
  async play(t) {
    const c = await t.accept();
    await c.untilSasl({ tls: 'none', mechanisms: ['PLAIN'] });
    const ev = await c.nextEvent(t.timeout);
    if (ev?.kind === 'element' && ev.el.name === 'auth' && ev.el.ns === NS_SASL) {
      t.check(ev.el.attrs['mechanism'] !== 'PLAIN', 'no PLAIN on an unencrypted stream', "<auth mechanism='PLAIN'> with the password in the clear");
    }
    // asking for TLS that was not offered is another rule (RFC 6120 §5.4.2.1); PLAIN was not sent
    if (ev?.kind === 'element' && ev.el.name === 'starttls' && ev.el.ns === NS_TLS)
      t.skip(`the client asked for STARTTLS, which was not offered (${short(ev.el)}), so whether it would send PLAIN in the clear is not seen`);
  },
});

export const noUnofferedMechanism = defineClientCase({
  id: 'rfc6120/client/no-common-mechanism',
  title: 'offered only a mechanism it does not know, the client tries no other and closes',
  refs: [
    { rfc: 6120, section: '6.4.2', level: 'MUST' },
    { rfc: 6120, section: '6.4.5', level: 'SHOULD' },
  ],
  requirements: ['rfc6120-6.3.3-no-unlisted-mechanism'],
  tags: ['sasl', 'mechanism'],
  async play(t) {
    const c = await t.accept();
    await c.untilSasl({ mechanisms: ['X-XC-UNKNOWN'] });
    const ev = await c.nextEvent(t.timeout);
    if (ev?.kind === 'element' && ev.el.name === 'auth' && ev.el.ns === NS_SASL) {
      t.fail(
        'no <auth/> for a mechanism the server did not offer',
        short(ev.el) + (ev.el.attrs['mechanism'] ? ` mechanism='${ev.el.attrs['mechanism']}'` : ''),
      );
    }
    if (ev?.kind === 'element') t.note(`the client sent ${short(ev.el)}, not an <auth/>`);
    if (ev?.kind === 'open') t.fail('no stream restart without authentication', 'a new stream header');
    if (!ev) t.note('the client stayed silent instead of closing the stream (RFC 6120 §6.4.5 SHOULD close)');
  },
});

export const noAuthzid = defineClientCase({
  id: 'rfc6120/client/no-authzid',
  title: 'a client logging in as itself sends no authorization identity',
  refs: [{ rfc: 6120, section: '6.3.8', level: 'MUST NOT' }],
  requirements: ['rfc6120-6.3.8-no-authzid-otherwise'],
  tags: ['sasl', 'authzid'],
  async play(t) {
    const c = await t.accept();
    await untilAuth(t, c);
    const s = await c.sasl({ mechanisms: DEFAULT_MECHANISMS });
    const authzid = s.authzid ?? (s.step.kind === 'failure' && /authzid/.test(s.step.text ?? '') ? 'one the server refused' : undefined);
    t.check(authzid === undefined, 'no authzid', `authzid '${authzid}'`);
    // a failure for another reason (a wrong proof) is for the scram-* cases; the authzid was seen either way
    if (s.step.kind === 'failure') t.note(`the exchange failed for another reason (${s.step.text ?? s.step.condition}); no authzid was sent`);
  },
});

export const SASL_CASES = [
  scramSha1,
  scramSha256,
  scramSha512,
  scramSha1Plus,
  scramSha256Plus,
  scramSha512Plus,
  serverSignature,
  saslFailureStops,
  saslUnknownCondition,
  noPlainInClear,
  noUnofferedMechanism,
  noAuthzid,
];
