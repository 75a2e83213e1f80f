// Resource binding from the client's side (RFC 6120 §7): it binds when offered, before any other
// stanza, and takes the JID the server assigns (§4.3.6, §7.6.1).
import { defineClientCase, type LoginRecord } from '../../harness/serve/index.js';
import { oneLine } from '../../harness/errors.js';
import { NS_BIND, child, el } from '../../harness/xml/index.js';
import { loggedIn, saslSucceeded, short } from './steps.js';

export const bindsWhenOffered = defineClientCase({
  id: 'rfc6120/client/binds-resource',
  title: 'offered <bind/> after SASL, the client binds a resource before sending any other stanza',
  refs: [
    { rfc: 6120, section: '7.1', level: 'MUST' },
    { rfc: 6120, section: '4.3.5', level: 'MUST NOT' },
  ],
  requirements: ['rfc6120-7.1-client-must-bind', 'rfc6120-7.4-client-binds-when-offered', 'rfc6120-4.3.5-no-stanzas-before-negotiation'],
  tags: ['bind'],
  async play(t) {
    const c = await t.accept();
    const rec: LoginRecord = { headers: [], secured: true };
    await saslSucceeded(t, c);
    // the restart is restart-after-sasl's rule; without it there is no stream to bind on
    try {
      await c.readHeader('a new stream header after <success/>');
    } catch (err) {
      t.skip(`no new stream after <success/> (${oneLine(err)}), so no bind offer could be made; see restart-after-sasl`);
    }
    c.sendHeader();
    c.sendFeatures(el('bind', { xmlns: NS_BIND }));
    const first = await c.next('a resource binding request');
    t.check(
      first.name === 'iq' && first.attrs['type'] === 'set' && child(first, 'bind', NS_BIND) !== undefined,
      "<iq type='set'><bind/></iq> as the first stanza",
      short(first),
    );
    c.unread(first);
    await c.bind(rec);
  },
});

export const bindIqId = defineClientCase({
  id: 'rfc6120/client/bind-iq-id',
  title: "the client's bind request (like every iq it sends) carries an 'id'",
  refs: [{ rfc: 6120, section: '8.1.3', level: 'MUST' }],
  requirements: ['rfc6120-8.1.3-iq-id-required', 'rfc6120-8.2.3-iq-id-required', 'rfc6120-8.2.3-iq-type-required'],
  tags: ['bind', 'iq'],
  async play(t) {
    const { rec, early } = await loggedIn(t);
    for (const iq of [rec.bindIq, ...early.filter((e) => e.name === 'iq')]) {
      if (!iq) continue;
      t.check(!!iq.attrs['id'], "an 'id' on every iq", short(iq));
      t.check(['get', 'set', 'result', 'error'].includes(iq.attrs['type'] ?? ''), 'a type of get, set, result or error', short(iq), {
        rfc: 6120,
        section: '8.2.3',
        level: 'MUST',
      });
    }
  },
});

export const assignedResource = defineClientCase({
  id: 'rfc6120/client/assigned-resource',
  title: 'the client takes the resource the server assigns instead of the one it asked for',
  refs: [{ rfc: 6120, section: '4.3.6', level: 'MUST' }],
  requirements: ['rfc6120-4.3.6-client-no-guess-jid'],
  tags: ['bind', 'resource'],
  async play(t) {
    const assigned = `xc-assigned-${t.id()}`;
    const { c, rec, early } = await loggedIn(t, { assignResource: assigned });
    if (rec.requestedResource === undefined || rec.requestedResource === '')
      t.note('the client asked the server for a resource; it got one it did not ask for anyway');
    const fullJid = `${t.account.jid}/${assigned}`;
    const { seen, ended } = await c.serve(t.timeout / 2);
    if (ended) t.note('the client ended the stream after the bind result');
    for (const s of [...early, ...seen]) {
      const from = s.attrs['from'];
      if (from !== undefined) t.check(from === fullJid, `'from' (if any) set to the assigned full JID ${fullJid}`, `from='${from}' on ${short(s)}`);
    }
  },
});

export const BIND_CASES = [bindsWhenOffered, bindIqId, assignedResource];
