// Reusable steps for cases: the few sequences many cases share.
import type { CaseContext } from '../harness/cases/index.js';
import type { Session } from '../harness/session/index.js';
import { streamOpen } from '../harness/xml/index.js';
import type { XmlElement } from '../harness/xml/index.js';
import type { SpecRef } from '../harness/spec.js';

/**
 * Whether the target is a BOSH connection manager (XEP-0124, XEP-0206): the client sees no stream
 * header after a restart (§5 answers it with features), and a client that vanishes is noticed only
 * when its session's inactivity period runs out (XEP-0124 §7.2), not when a connection drops.
 */
export function overBosh(t: CaseContext): boolean {
  return t.target.scheme === 'http' || t.target.scheme === 'https';
}

/** The initial stream header a well-behaved client sends, with overrides; `undefined` drops an attribute. */
export function clientHeader(t: CaseContext, overrides: Record<string, string | undefined> = {}, ns = 'jabber:client'): string {
  const attrs: Record<string, string | undefined> = { to: t.target.domain, version: '1.0', 'xml:lang': 'en', ...overrides };
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) clean[k] = v;
  return streamOpen(clean, { ns });
}

/**
 * RFC 6120 §4.9.1.1: a stream error, then the server closes its stream (§4.4). Resolves with the
 * condition. The end of the TCP connection is not required: §4.4 lets the server wait for our own
 * closing tag, and it is the closing party that ends TCP. A connection dropped without the closing
 * tag is noted, not failed (close-after-error checks the tag itself).
 */
export async function expectStreamErrorAndClose(t: CaseContext, s: Session, ref: SpecRef = t.ref): Promise<string> {
  const { condition } = await s.expectStreamError({ ref });
  const how = await s.expectClose({ ref });
  if (how === 'eof') t.note('the connection ended without </stream:stream>');
  return condition;
}

/** After a bad initial header the server still answers with a header first (RFC 6120 §4.9.1.2). */
export async function headerThenStreamError(t: CaseContext, s: Session, ref: SpecRef = t.ref): Promise<string> {
  await s.expectHeader({ ref });
  return expectStreamErrorAndClose(t, s, ref);
}

/** Fails unless `condition` is one of `allowed`; notes which one when several are permitted. */
export function checkCondition(t: CaseContext, condition: string, allowed: readonly string[], ref: SpecRef = t.ref): void {
  t.check(allowed.includes(condition), `stream error ${allowed.map((c) => `<${c}/>`).join(' or ')}`, `<${condition}/>`, ref);
  if (allowed.length > 1) t.note(`server chose <${condition}/>`);
}

/**
 * For rules whose MUST is "close the stream with a stream error" and whose condition is only a
 * SHOULD (RFC 6120 §4.8.1, §11.1, §11.6): any condition passes; the one chosen is noted, and so is
 * a condition other than the preferred ones.
 */
export function noteCondition(t: CaseContext, condition: string, preferred: readonly string[]): void {
  const which = preferred.includes(condition) ? '' : ` (the RFC prefers ${preferred.map((c) => `<${c}/>`).join(' or ')})`;
  t.note(`server sent <${condition}/>${which}`);
}

/** Stanza error conditions that refuse a 'to' that is not a JID (suites/address/invalid.ts says why). */
export const REFUSING_CONDITIONS: readonly string[] = ['jid-malformed', 'bad-request', 'not-acceptable'];

/** A stanza error's defined condition and type (RFC 6120 §8.3.2). */
export function errorOf(t: CaseContext, stanza: XmlElement): { condition: string | undefined; type: string | undefined } {
  const errorChild = stanza.children.find((c): c is XmlElement => typeof c === 'object' && c.name === 'error');
  return { condition: t.stanzaErrorCondition(stanza), type: errorChild?.attrs['type'] };
}

/** Opens a raw connection and sends the given initial header text. */
export async function rawOpen(t: CaseContext, header: string): Promise<Session> {
  const s = await t.connect();
  s.sendRaw(header);
  return s;
}

/**
 * A cleanup's `work` on `s` while it is still open, bound and free of stream errors (the login it
 * saves is most of a cleanup's cost); on a fresh session from `login` when `s` is not, or when the
 * work on it failed (a case may leave its session in any state).
 */
export async function onOpenSessionOrFresh(s: Session, login: () => Promise<Session>, work: (s: Session) => Promise<unknown>): Promise<void> {
  if (!s.closed && s.jid !== undefined && s.receivedStreamError === undefined) {
    try {
      await work(s);
      return;
    } catch {
      // the fresh session below does the work again from the start
    }
  }
  await work(await login());
}
