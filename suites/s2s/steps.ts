// Steps the server-to-server cases share: addresses at the harness's domain, and the end of a
// stream the target closes with an error. Every s2s case runs alone (needs.serial): they share the
// run's receiving-side listener and the target's one stream per domain pair.
import type { CaseContext, S2sContext } from '../../harness/cases/index.js';
import type { Session } from '../../harness/session/index.js';
import { el, type XmlElement } from '../../harness/xml/index.js';
import { checkCondition, expectStreamErrorAndClose } from '../steps.js';

/** A full JID at the harness's domain: the remote sender of the case's stanzas. */
export function remoteSender(s2s: S2sContext, t: CaseContext): string {
  return `tester-${t.id()}@${s2s.localDomain}/xc`;
}

/** A chat message from the harness's side with a body the case can recognise. */
export function remoteMessage(attrs: Record<string, string>, body: string, ...extra: XmlElement[]): XmlElement {
  return el('message', { type: 'chat', ...attrs }, el('body', {}, body), ...extra);
}

/**
 * Fails unless `el` carries attribute `name` equal to `want` (domains: `ignoreCase`); the failure
 * shows the attribute as it came, or says it was missing.
 */
export function checkAttr(t: CaseContext, el: XmlElement | undefined, name: string, want: string, opts: { readonly ignoreCase?: boolean; readonly expected?: string } = {}): void {
  const got = el?.attrs[name];
  const same = got !== undefined && (opts.ignoreCase ? got.toLowerCase() === want.toLowerCase() : got === want);
  t.check(same, opts.expected ?? `${name}='${want}'`, got === undefined ? `no '${name}'` : `${name}='${got}'`);
}

/** The stream must end with one of `allowed` (RFC 6120 §4.9); resolves when it has. */
export async function expectS2sStreamError(t: CaseContext, s: Session, allowed: readonly string[]): Promise<void> {
  checkCondition(t, await expectStreamErrorAndClose(t, s), allowed);
}

/** A client of the target (account 0) sends one message with this id to an address at `domain`; resolves with the sender. */
export async function sendToDomain(t: CaseContext, s2s: S2sContext, domain: string, id = 'srv'): Promise<Session> {
  const sender = await t.step('log in on the target', () => s2s.login(0));
  sender.send(el('message', { to: `someone@${domain}`, type: 'chat', id }, el('body', {}, 'by SRV')));
  return sender;
}
