// Steps the server-to-server cases share: addresses at the harness's domain, and the end of a
// stream the target closes with an error. The s2s cases hold the s2s lock (needs.shares 's2s'): one
// at a time per s2s lane, since in a lane they share its receiving-side listener and the target's
// one stream per domain pair; lanes play different domains (harness/s2s/lanes.ts).
import type { CaseContext, S2sContext, S2sListener } from '../../harness/cases/index.js';
import type { Session } from '../../harness/session/index.js';
import { el, type XmlElement } from '../../harness/xml/index.js';
import { checkCondition, expectStreamErrorAndClose } from '../steps.js';
import { sleep } from '../../harness/util/index.js';

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
export function checkAttr(
  t: CaseContext,
  el: XmlElement | undefined,
  name: string,
  want: string,
  opts: { readonly ignoreCase?: boolean; readonly expected?: string } = {},
): void {
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

/** How long a resolver may treat the lab DNS as down after a slow answer (libunbound: about a second). */
const RESOLVER_BACKOFF_MS = 1200;

/**
 * Sends a message to an address at `listener.domain` and waits until the target asks the lab DNS
 * about that domain. A target that bounces the message without asking anything (a resolver that
 * just found the lab DNS slow and holds it down for a moment, as libunbound does on a loaded
 * machine) is sent another after the back-off, once. Resolves with the sender and its bounce (the
 * message back with this id; undefined when none came within three step timeouts).
 */
export async function sendUntilLookedUp(
  t: CaseContext,
  s2s: S2sContext,
  listener: S2sListener,
  id: string,
): Promise<{ sender: Session; bounce: Promise<XmlElement | undefined> }> {
  for (let attempt = 1; ; attempt++) {
    const sender = await sendToDomain(t, s2s, listener.domain, id);
    let bounced = false;
    const bounce = sender.waitFor(el('message', { id }), { within: t.timeout * 3 }).then(
      (m) => ((bounced = true), m),
      () => undefined,
    );
    const until = Date.now() + t.timeout * 3;
    await t.step(`wait for the target to ask the lab DNS about ${listener.domain}`, async () => {
      while (listener.lookups().length === 0 && !bounced && Date.now() < until) await sleep(50);
    });
    if (listener.lookups().length > 0 || attempt === 2) return { sender, bounce };
    t.note(`the target answered without asking the lab DNS about ${listener.domain}; sent again after ${RESOLVER_BACKOFF_MS} ms`);
    await sleep(RESOLVER_BACKOFF_MS);
  }
}
