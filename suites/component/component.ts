// External components (XEP-0114, 'jabber:component:accept'): the harness connects to the target's
// component port as the component the target was configured with, and checks the handshake, the
// refusal of a wrong secret and of stanzas before the handshake, and the routing of stanzas
// between the component's domain and the target's own accounts.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { streamErrorCondition, type Session } from '../../harness/session/index.js';
import type { XepRef } from '../../harness/spec.js';
import { el, type XmlElement } from '../../harness/xml/index.js';
import { errorOf, expectStreamErrorAndClose } from '../steps.js';

const XEP0114 = (level: XepRef['level']): XepRef => ({ xep: 114, version: '1.6', section: '3', level });

/** A chat message with a body the case can recognise. */
function chat(attrs: Record<string, string>, body: string): XmlElement {
  return el('message', { type: 'chat', ...attrs }, el('body', {}, body));
}

/** A user at the component's domain, unique to the case. */
function componentUser(t: CaseContext): string {
  return `user-${t.id()}@${t.component().domain}`;
}

/** Waits a short while for a message with this body; true when it came. */
async function arrives(s: Session, from: string, within: number): Promise<boolean> {
  try {
    await s.waitFor(el('message', { from }), { within });
    return true;
  } catch {
    return false;
  }
}

/** Notes how the target refused what the component sent: a stream error, a bounce, or nothing. */
async function noteRefusal(t: CaseContext, s: Session): Promise<void> {
  const answer = await s.next({ what: 'a stream error or a bounce', within: 2000 }).catch(() => undefined);
  const condition = answer ? (streamErrorCondition(answer) ?? errorOf(t, answer).condition) : undefined;
  if (answer?.name === 'error') t.note(`the server ended the stream with <${condition ?? '?'}/>`);
  else if (answer?.attrs['type'] === 'error') t.note(`the server bounced the stanza with <${condition ?? '?'}/>`);
  else if (answer) t.note(`the component got <${answer.name}/>`);
  else t.note('nothing came back to the component');
}

export const componentHandshake = defineCase({
  id: 'xep0114/component/handshake-accepted',
  title: "the server answers the component's header with one carrying an id, and the right handshake with an empty <handshake/>",
  area: 'component',
  // the server takes one connection per component: the cases run alone
  needs: { serial: true, shares: ['component'] },
  role: 'server',
  refs: [XEP0114('MUST')],
  requirements: ['xep0114-3-reply-header', 'xep0114-3-empty-handshake'],
  tags: ['component', 'handshake'],
  async run(t) {
    const c = t.component();
    const s = await t.step("open a 'jabber:component:accept' stream to the component's domain", () => c.opened());
    const id = c.streamId(s);
    t.check(id.length > 0, "an 'id' on the server's header", 'none');
    c.sendHandshake(s);
    const answer = await t.step('wait for the answer to the handshake', () => s.next({ what: 'the answer to the handshake' }));
    t.check(answer.name === 'handshake', 'an empty <handshake/>', `<${answer.name}>`);
    t.check(answer.children.length === 0, 'an empty <handshake/>', `a <handshake/> with content`);
  },
});

export const componentWrongSecret = defineCase({
  id: 'xep0114/component/wrong-secret-refused',
  title: 'a handshake computed with a wrong secret ends the stream, with <not-authorized/>',
  area: 'component',
  // the server takes one connection per component: the cases run alone
  needs: { serial: true, shares: ['component'] },
  role: 'server',
  refs: [XEP0114('MUST'), XEP0114('SHOULD')],
  requirements: ['xep0114-3-close-on-bad-handshake', 'xep0114-3-not-authorized-on-bad-handshake'],
  tags: ['component', 'handshake'],
  async run(t) {
    const c = t.component();
    const s = await t.step('open the component stream', () => c.opened());
    c.sendHandshake(s, `${c.secret}-wrong`);
    const condition = await t.step('wait for the stream error and the end of the stream', () => expectStreamErrorAndClose(t, s));
    t.check(condition === 'not-authorized', 'stream error <not-authorized/>', `<${condition}/>`, XEP0114('SHOULD'));
  },
});

export const componentStanzaBeforeHandshake = defineCase({
  id: 'xep0114/component/stanza-before-handshake-refused',
  title: 'a stanza the component sends before its handshake is not routed (the stream ended or the stanza bounced)',
  area: 'component',
  needs: { accounts: 1, serial: true, shares: ['component', 'accounts'] },
  role: 'server',
  refs: [XEP0114('MUST')],
  requirements: ['xep0114-3-handshake-first'],
  tags: ['component', 'handshake'],
  async run(t) {
    const rcpt = await t.step('log in the recipient', () => t.login(0));
    const c = t.component();
    const s = await t.step('open the component stream', () => c.opened());
    const from = componentUser(t);
    s.send(chat({ from, to: rcpt.jid ?? '', id: t.id() }, 'before the handshake'));
    // XEP-0114 names no reaction: ending the stream (RFC 6120 §4.3.5 names <not-authorized/> for
    // its streams) and bouncing the stanza both refuse it; only routing it breaks the rule
    await noteRefusal(t, s);
    t.check(!(await arrives(rcpt, from, 1000)), 'the message not delivered', 'it reached the recipient');
  },
});

export const componentReceives = defineCase({
  id: 'xep0114/component/message-to-component',
  title: "a message from an account to an address at the component's domain reaches the component with 'to' as sent and 'from' the sender's full JID",
  area: 'component',
  needs: { accounts: 1, serial: true, shares: ['component', 'accounts'] },
  role: 'server',
  refs: [XEP0114('MUST'), { rfc: 6120, section: '8.1.2.1', level: 'MUST' }],
  requirements: ['rfc6120-8.1.2.1-stamp-full-jid'],
  tags: ['component', 'routing'],
  async run(t) {
    const c = t.component();
    const comp = await t.step('connect the component', () => c.authenticated());
    const sender = await t.step('log in the sender', () => t.login(0));
    const to = componentUser(t);
    const id = t.id();
    sender.send(chat({ to, id }, 'to the component'));
    const got = await t.step('wait for the message at the component', () => comp.waitFor(el('message', { id })));
    t.check(got.attrs['to'] === to, `to='${to}'`, `to='${got.attrs['to'] ?? ''}'`);
    t.check(got.attrs['from'] === sender.jid, `from='${sender.jid ?? ''}' (the sender's full JID)`, `from='${got.attrs['from'] ?? ''}'`, {
      rfc: 6120,
      section: '8.1.2.1',
      level: 'MUST',
    });
  },
});

export const componentSends = defineCase({
  id: 'xep0114/component/message-from-component',
  title: "a message the component sends from a user at its domain reaches the account's full JID with that 'from'",
  area: 'component',
  needs: { accounts: 1, serial: true, shares: ['component', 'accounts'] },
  role: 'server',
  refs: [XEP0114('MUST'), { rfc: 6120, section: '10.5.4', level: 'MUST' }],
  requirements: ['rfc6120-10.5.4-deliver-full-jid'],
  tags: ['component', 'routing'],
  async run(t) {
    const c = t.component();
    const comp = await t.step('connect the component', () => c.authenticated());
    const rcpt = await t.step('log in the recipient', () => t.login(0));
    const from = componentUser(t);
    const id = t.id();
    comp.send(chat({ from, to: rcpt.jid ?? '', id }, 'from the component'));
    const got = await t.step('wait for the message at the recipient', () => rcpt.waitFor(el('message', { id })));
    t.check(got.attrs['from'] === from, `from='${from}'`, `from='${got.attrs['from'] ?? ''}'`);
  },
});

export const componentForeignFrom = defineCase({
  id: 'xep0114/component/foreign-from-refused',
  title: "a stanza from the component with a 'from' outside its domain is not passed on",
  area: 'component',
  needs: { accounts: 1, serial: true, shares: ['component', 'accounts'] },
  role: 'server',
  refs: [XEP0114('MUST')],
  requirements: ['xep0114-3-from-at-component-domain'],
  tags: ['component', 'addressing'],
  async run(t) {
    const c = t.component();
    const comp = await t.step('connect the component', () => c.authenticated());
    const rcpt = await t.step('log in the recipient', () => t.login(0));
    const forged = `forged-${t.id()}@not-${c.domain}`;
    const id = t.id();
    comp.send(chat({ from: forged, to: rcpt.jid ?? '', id }, 'forged sender'));
    // the server may end the stream (RFC 6120 §4.9.3.9 names <invalid-from/>) or bounce the stanza
    await noteRefusal(t, comp);
    t.check(!(await arrives(rcpt, forged, 1000)), 'the stanza not delivered', `it reached the recipient with from='${forged}'`);
  },
});

export const componentUnknownUser = defineCase({
  id: 'xep0114/component/iq-unknown-user-error',
  title: 'an iq from the component to an unknown user at the server comes back to the component as <service-unavailable/>',
  area: 'component',
  // the server takes one connection per component: the cases run alone
  needs: { serial: true, shares: ['component'] },
  role: 'server',
  refs: [XEP0114('MUST'), { rfc: 6120, section: '10.5.3.1', level: 'MUST' }],
  requirements: ['rfc6120-10.5.3.1-iq-no-such-user'],
  tags: ['component', 'routing', 'errors'],
  async run(t) {
    const c = t.component();
    const comp = await t.step('connect the component', () => c.authenticated());
    const from = componentUser(t);
    const to = `nobody-${t.id()}@${t.target.domain}`;
    // a payload no server answers on a user's behalf (some answer pings for any bare JID)
    const answer = await t.step('send an iq to an account that does not exist', () =>
      comp.iq(el('iq', { type: 'get', from, to, id: t.id() }, el('query', { xmlns: 'urn:xmpp-conformance:unanswered' }))),
    );
    t.check(answer.attrs['type'] === 'error', "type='error'", `type='${answer.attrs['type'] ?? ''}'`);
    t.check(answer.attrs['to'] === from, `to='${from}' (back to the component's sender)`, `to='${answer.attrs['to'] ?? ''}'`);
    const { condition } = errorOf(t, answer);
    t.check(condition === 'service-unavailable', '<service-unavailable/>', `<${condition ?? 'none'}/>`);
  },
});
