// The dialback elements the harness sends (XEP-0220, once RFC 3920 §8), with the dialback
// namespace declared on the element itself so they read the same on any stream.
import { escapeText, escapeAttr } from '../xml/index.js';

export const NS_DIALBACK = 'jabber:server:dialback';
export const NS_DIALBACK_FEATURE = 'urn:xmpp:features:dialback';

/** <db:result/>: the originating server asks to be let in for `from` with `key`. */
export function dialbackResult(from: string, to: string, key: string): string {
  return `<db:result xmlns:db='${NS_DIALBACK}' from='${escapeAttr(from)}' to='${escapeAttr(to)}'>${escapeText(key)}</db:result>`;
}

/** The authoritative server's answer to a <db:verify/> about stream `id`. */
export function dialbackVerifyAnswer(from: string, to: string, id: string, type: 'valid' | 'invalid'): string {
  return `<db:verify xmlns:db='${NS_DIALBACK}' from='${escapeAttr(from)}' to='${escapeAttr(to)}' id='${escapeAttr(id)}' type='${type}'/>`;
}

/** The receiving server's verdict on a <db:result/> request from `to` (XEP-0220 §2, once RFC 3920 §8.3). */
export function dialbackResultAnswer(from: string, to: string, type: 'valid' | 'invalid'): string {
  return `<db:result xmlns:db='${NS_DIALBACK}' from='${escapeAttr(from)}' to='${escapeAttr(to)}' type='${type}'/>`;
}
