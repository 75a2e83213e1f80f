// Roster operations (RFC 6121 §2) and the round-trip barrier that absence checks stand on.
import { ExpectationError } from '../errors.js';
import { el } from '../xml/index.js';
import { describe } from '../xml/index.js';
import { child, children, text, type XmlElement } from '../xml/index.js';
import { NS_PING, NS_ROSTER } from '../xml/index.js';
import type { Session } from './session.js';

export interface RosterItem {
  readonly jid: string;
  /** none | to | from | both (RFC 6121 §2.1.2.5); 'remove' only in pushes */
  readonly subscription: string;
  /** 'subscribe' when a request from the user is pending (§2.1.2.2) */
  readonly ask?: string;
  readonly name?: string;
  readonly groups: readonly string[];
}

export interface Roster {
  readonly items: readonly RosterItem[];
  /** the 'ver' attribute, when the server does roster versioning (§2.6) */
  readonly ver?: string;
}

/** At most this many items are removed by one reset: a roster reset never runs unbounded. */
const RESET_LIMIT = 200;

export function rosterItems(query: XmlElement | undefined): RosterItem[] {
  if (!query) return [];
  return children(query, 'item', NS_ROSTER).map((item) => ({
    jid: item.attrs['jid'] ?? '',
    subscription: item.attrs['subscription'] ?? 'none',
    ...(item.attrs['ask'] !== undefined ? { ask: item.attrs['ask'] } : {}),
    ...(item.attrs['name'] !== undefined ? { name: item.attrs['name'] } : {}),
    groups: children(item, 'group', NS_ROSTER).map((g) => text(g)),
  }));
}

/** A roster push (§2.1.6): an iq set from the account (or no 'from') with one roster item. */
export function isRosterPush(stanza: XmlElement): boolean {
  return stanza.name === 'iq' && stanza.attrs['type'] === 'set' && child(stanza, 'query', NS_ROSTER) !== undefined;
}

/** Answers a roster push with an empty result, as a client SHOULD (§2.1.6). */
export function ackPush(s: Session, push: XmlElement): void {
  const attrs: Record<string, string> = { type: 'result' };
  if (push.attrs['id'] !== undefined) attrs['id'] = push.attrs['id'];
  s.send(el('iq', attrs));
}

/** Roster get (§2.1.3). A result without <query/> (allowed with versioning, §2.6.3) gives no items. */
export async function fetchRoster(s: Session): Promise<Roster> {
  const res = await s.iq(el('iq', { type: 'get' }, el('query', { xmlns: NS_ROSTER })));
  if (res.attrs['type'] !== 'result') throw new ExpectationError('a roster result (RFC 6121 §2.1.3)', describe(res));
  const query = child(res, 'query', NS_ROSTER);
  const ver = query?.attrs['ver'];
  return { items: rosterItems(query), ...(ver !== undefined ? { ver } : {}) };
}

/** Roster set (§2.1.5): adds or updates one item; resolves with the server's answer. */
export async function setRosterItem(s: Session, jid: string, opts: { name?: string; groups?: readonly string[] } = {}): Promise<XmlElement> {
  const attrs: Record<string, string> = { jid };
  if (opts.name !== undefined) attrs['name'] = opts.name;
  const item = el('item', attrs, ...(opts.groups ?? []).map((g) => el('group', {}, g)));
  return s.iq(el('iq', { type: 'set' }, el('query', { xmlns: NS_ROSTER }, item)));
}

/** Roster remove (§2.5): subscription='remove'; resolves with the server's answer. */
export async function removeRosterItem(s: Session, jid: string): Promise<XmlElement> {
  return s.iq(el('iq', { type: 'set' }, el('query', { xmlns: NS_ROSTER }, el('item', { jid, subscription: 'remove' }))));
}

/**
 * Removes the roster items `select` picks (default: all), acknowledging the pushes that follow,
 * so a case starts and ends with no trace of earlier ones. Bounded to RESET_LIMIT items.
 */
export async function resetRoster(s: Session, select: (item: RosterItem) => boolean = () => true): Promise<number> {
  const { items } = await fetchRoster(s);
  const doomed = items.filter(select).slice(0, RESET_LIMIT);
  for (const item of doomed) await removeRosterItem(s, item.jid);
  await barrier(s);
  drain(
    s,
    (e) => e.name === 'iq' && isRosterPush(e),
    (e) => ackPush(s, e),
  );
  return doomed.length;
}

/**
 * A round trip to the server (XEP-0199 ping; an error answer works as well): everything the server
 * queued for this session before answering has arrived when this resolves. Absence checks use it
 * instead of a fixed wait.
 */
export async function barrier(s: Session): Promise<void> {
  const domain = s.domain;
  await s.iq(el('iq', { type: 'get', to: domain }, el('ping', { xmlns: NS_PING })));
}

/** Removes every already-received element matching `pred`; `each` sees them in order. */
export function drain(s: Session, pred: (e: XmlElement) => boolean, each?: (e: XmlElement) => void): XmlElement[] {
  const out: XmlElement[] = [];
  for (;;) {
    const got = s.takeReceived(pred);
    if (!got) return out;
    out.push(got);
    each?.(got);
  }
}
