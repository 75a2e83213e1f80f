// Reusable steps for cases: the few sequences many cases share.
import type { CaseContext } from '../harness/cases/index.js';
import type { Session } from '../harness/session/index.js';
import { streamOpen } from '../harness/xml/index.js';
import type { XmlElement } from '../harness/xml/element.js';
import type { SpecRef } from '../harness/spec.js';

/** The initial stream header a well-behaved client sends, with overrides; `undefined` drops an attribute. */
export function clientHeader(t: CaseContext, overrides: Record<string, string | undefined> = {}, ns = 'jabber:client'): string {
  const attrs: Record<string, string | undefined> = { to: t.target.domain, version: '1.0', 'xml:lang': 'en', ...overrides };
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) clean[k] = v;
  return streamOpen(clean, { ns });
}

/**
 * RFC 6120 §4.9.1.1: a stream error is followed by the closing stream tag and the end of the
 * TCP connection. Resolves with the condition; fails if any of that is missing.
 */
export async function expectStreamErrorAndClose(t: CaseContext, s: Session, ref: SpecRef = t.ref): Promise<string> {
  const { condition } = await s.expectStreamError({ ref });
  const how = await s.expectClose({ ref });
  if (how === 'close-tag') await s.expectEof({ ref });
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
