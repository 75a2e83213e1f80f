// Steps the service discovery cases share: a disco request and its <query/>, the server's
// disco#info (asked once per session), and the skip for a feature the server does not list.
import type { CaseContext } from '../../harness/cases/index.js';
import type { Session } from '../../harness/session/index.js';
import type { XepRef } from '../../harness/spec.js';
import { child, children, el, type XmlElement } from '../../harness/xml/index.js';
import { NS_DISCO_INFO, NS_DISCO_ITEMS } from './caps-hash.js';

export const XEP0030 = (section: string, level: XepRef['level'] = 'MUST'): XepRef => ({ xep: 30, version: '2.5.0', section, level });
export const XEP0115 = (section: string, level: XepRef['level'] = 'MUST'): XepRef => ({ xep: 115, version: '1.6.0', section, level });

export type DiscoKind = 'info' | 'items';
export const nsOf = (kind: DiscoKind): string => (kind === 'info' ? NS_DISCO_INFO : NS_DISCO_ITEMS);

/** A disco#info or disco#items get to `to` (undefined: no 'to'), with a node when given; resolves with the answer. */
export function discoGet(s: Session, kind: DiscoKind, to: string | undefined, node?: string): Promise<XmlElement> {
  const query = el('query', { xmlns: nsOf(kind), ...(node !== undefined ? { node } : {}) });
  return s.iq(el('iq', { type: 'get', ...(to !== undefined ? { to } : {}) }, query));
}

/** The <query/> of a disco answer, if any. */
export function queryOf(answer: XmlElement, kind: DiscoKind): XmlElement | undefined {
  return child(answer, 'query', nsOf(kind));
}

/** The answer must be a result carrying its <query/>; an error answer skips the case (the XEP lets the entity refuse). */
export function resultQuery(t: CaseContext, answer: XmlElement, kind: DiscoKind, what: string): XmlElement {
  if (answer.attrs['type'] === 'error')
    t.skip(`${what} answered disco#${kind} with an error (<${t.stanzaErrorCondition(answer) ?? '?'}/>), which XEP-0030 §3.1 permits`);
  const q = queryOf(answer, kind);
  if (!q) return t.fail(`a result with <query xmlns='${nsOf(kind)}'/>`, 'a result without it', XEP0030(kind === 'info' ? '3.1' : '4.1'));
  return q;
}

const infoCache = new WeakMap<Session, Promise<XmlElement>>();

/** The server's disco#info <query/> (asked once per session); skips when the server refuses. */
export async function serverInfo(t: CaseContext, s: Session): Promise<XmlElement> {
  let p = infoCache.get(s);
  if (!p) infoCache.set(s, (p = discoGet(s, 'info', t.target.domain)));
  const pending = p;
  return resultQuery(t, await t.step('ask the server for its disco#info', () => pending), 'info', 'the server');
}

/** The 'var' of each <feature/>. */
export function featuresOf(query: XmlElement): string[] {
  return children(query, 'feature', NS_DISCO_INFO).map((f) => f.attrs['var'] ?? '');
}

export function identitiesOf(query: XmlElement): XmlElement[] {
  return children(query, 'identity', NS_DISCO_INFO);
}

/** Skips unless the server's disco#info lists `feature`. */
export async function requireServerFeature(t: CaseContext, s: Session, feature: string): Promise<void> {
  const features = featuresOf(await serverInfo(t, s));
  if (!features.includes(feature)) t.skip(`the server does not list '${feature}' in its disco#info, so nothing is claimed to check`);
}

/** The condition of an error answer (undefined for a result). */
export function conditionOf(t: CaseContext, answer: XmlElement): string | undefined {
  return answer.attrs['type'] === 'error' ? (t.stanzaErrorCondition(answer) ?? '(none)') : undefined;
}

/** "a result" or "an error <condition/>", for messages. */
export function describeAnswer(t: CaseContext, answer: XmlElement): string {
  const c = conditionOf(t, answer);
  return c === undefined ? `a result` : `an error <${c}/>`;
}
