// RFC 6120 §8.1.1-8.1.2: 'to' and 'from' on stanzas between clients, and on what the server says itself.
import { defineCase } from '../../harness/cases/index.js';
import { barrier, isStreamError, streamErrorCondition } from '../../harness/session/index.js';
import { el, escapeAttr } from '../../harness/xml/index.js';
import { NS_PING, NS_ROSTER } from '../../harness/xml/index.js';
import { bareJid, sameJid } from '../../harness/jid/index.js';
import { settle, twoOnline } from '../im-steps.js';

export const fromStampedMessage = defineCase({
  id: 'rfc6120/stanza/from-stamped-on-message',
  title: "a message sent without 'from' is delivered with the sender's full JID in 'from'",
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.1.2.1', level: 'MUST' }],
  // The 'from' is compared with the JID bound for the sender, so its resourcepart is the bound one (§4.3.6).
  requirements: ['rfc6120-8.1.2.1-stamp-full-jid', 'rfc6120-8.1.2.1-from-on-relayed', 'rfc6120-4.3.6-resourcepart-from-binding'],
  tags: ['addressing', 'multi-session'],
  needs: { accounts: 2 },
  async run(t) {
    const [a, b] = await twoOnline(t);
    const id = t.id();
    a.send(el('message', { to: b.jid ?? '', id, type: 'chat' }, el('body', {}, 'from stamping')));
    const got = await b.waitFor(el('message', { id }));
    t.check(got.attrs['from'] === a.jid, `from='${a.jid}'`, `from='${got.attrs['from'] ?? ''}'`);
  },
});

export const fromStampedIq = defineCase({
  id: 'rfc6120/stanza/from-stamped-on-iq',
  title: "an iq routed to another client carries the sender's full JID in 'from'",
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.1.2.1', level: 'MUST' }],
  requirements: ['rfc6120-8.1.2.1-stamp-full-jid'],
  tags: ['addressing', 'multi-session', 'iq'],
  needs: { accounts: 2 },
  async run(t) {
    const [a, b] = await twoOnline(t);
    b.send(el('presence', { to: a.jid ?? '' })); // RFC 6121 §8.5.3.1: b shares presence with a
    await settle(b, a);
    const id = t.id();
    a.send(el('iq', { to: b.jid ?? '', id, type: 'get' }, el('ping', { xmlns: NS_PING })));
    const got = await b.waitFor(el('iq', { id }));
    t.check(got.attrs['from'] === a.jid, `from='${a.jid}'`, `from='${got.attrs['from'] ?? ''}'`);
  },
});

export const spoofedFrom = defineCase({
  id: 'rfc6120/stanza/spoofed-from-overridden',
  title: "a 'from' naming someone else is overridden with the sender's JID (or the stream is closed with <invalid-from/>)",
  area: 'stanza',
  role: 'server',
  refs: [
    { rfc: 6120, section: '8.1.2.1', level: 'MUST' },
    { rfc: 6120, section: '4.9.3.9', level: 'MAY' },
  ],
  requirements: ['rfc6120-8.1.2.1-stamp-full-jid'],
  tags: ['addressing', 'multi-session', 'security'],
  needs: { accounts: 3 },
  async run(t) {
    const [a, b] = await twoOnline(t);
    const forged = `${t.account(2).jid}/forged`;
    const id = t.id();
    a.sendRaw(`<message to='${escapeAttr(b.jid ?? '')}' from='${escapeAttr(forged)}' id='${id}' type='chat'><body>who am I</body></message>`);
    // Either the message reaches b stamped with a's real JID, or a's stream ends with <invalid-from/>.
    const refused = await barrier(a).then(
      () => undefined,
      () => a.received().find(isStreamError),
    );
    if (refused) {
      t.check(streamErrorCondition(refused) === 'invalid-from', '<invalid-from/>', `<${streamErrorCondition(refused) ?? '?'}/>`);
      t.note('server closed the stream with <invalid-from/>');
      return;
    }
    const m = await b.waitFor(el('message', { id }));
    t.check(m.attrs['from'] === a.jid, `from='${a.jid}' (not the forged '${forged}')`, `from='${m.attrs['from'] ?? ''}'`);
    t.note("server overrode the forged 'from'");
  },
});

export const toNotModified = defineCase({
  id: 'rfc6120/stanza/to-not-modified',
  title: "a stanza from another client is delivered with its 'to' unchanged",
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.1.1.1', level: 'MUST NOT' }],
  requirements: ['rfc6120-8.1.1.1-no-to-modification'],
  tags: ['addressing', 'multi-session'],
  needs: { accounts: 2 },
  async run(t) {
    const [a, b] = await twoOnline(t);
    const id = t.id();
    a.send(el('message', { to: b.jid ?? '', id, type: 'chat' }, el('body', {}, 'to check')));
    const got = await b.waitFor(el('message', { id }));
    t.check(got.attrs['to'] === b.jid, `to='${b.jid}'`, `to='${got.attrs['to'] ?? ''}'`);
  },
});

export const serverFromDomain = defineCase({
  id: 'rfc6120/stanza/server-reply-from-domain',
  title: 'an iq answered by the server itself (ping to the domain) comes from the domain',
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.1.2.1', level: 'MUST' }],
  requirements: ['rfc6120-8.1.2.1-server-from-domain', 'rfc6120-10.5.1-domain-handle-or-error'],
  tags: ['addressing', 'iq'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    const res = await a.iq(el('iq', { type: 'get', to: t.target.domain }, el('ping', { xmlns: NS_PING })));
    const from = res.attrs['from'];
    t.check(from?.toLowerCase() === t.target.domain, `from='${t.target.domain}'`, from === undefined ? "no 'from'" : `from='${from}'`);
  },
});

export const accountReplyFrom = defineCase({
  id: 'rfc6120/stanza/account-reply-from',
  title: "a reply on behalf of the account (roster result) has no 'from' or the account's bare JID",
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.1.2.1', level: 'MUST' }],
  requirements: ['rfc6120-8.1.2.1-account-from'],
  tags: ['addressing', 'iq'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    const res = await a.iq(el('iq', { type: 'get' }, el('query', { xmlns: NS_ROSTER })));
    const from = res.attrs['from'];
    const bare = bareJid(a.jid);
    t.check(from === undefined || sameJid(from, bare), `no 'from', or from='${bare}'`, `from='${from ?? ''}'`);
  },
});

export const serverReplyTo = defineCase({
  id: 'rfc6120/stanza/server-reply-to-full-jid',
  title: "a 'to' on a server-generated iq answer, when present, is the client's full JID",
  area: 'stanza',
  role: 'server',
  refs: [{ rfc: 6120, section: '8.1.1.1', level: 'MUST' }],
  requirements: ['rfc6120-8.1.1.1-reply-to-full-jid'],
  tags: ['addressing', 'iq'],
  needs: { accounts: 1 },
  async run(t) {
    const a = await t.login(0);
    const res = await a.iq(el('iq', { type: 'get', to: t.target.domain }, el('ping', { xmlns: NS_PING })));
    const to = res.attrs['to'];
    if (to === undefined) t.note("the answer has no 'to'");
    t.check(to === undefined || to === a.jid, `no 'to', or to='${a.jid}'`, `to='${to ?? ''}'`);
  },
});
