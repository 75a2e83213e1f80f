// Steps the client cases share: log the client in, let it settle, ask it things, watch for answers.
import type { ClientCaseContext, ClientPeer, LoginPlan, LoginRecord } from '../../harness/serve/index.js';
import { describeShort, el, type XmlElement } from '../../harness/xml/index.js';

/** A fresh connection from the client, logged in with `plan`, then left to send its first stanzas. */
export async function loggedIn(t: ClientCaseContext, plan: LoginPlan = {}): Promise<{ c: ClientPeer; rec: LoginRecord; early: XmlElement[] }> {
  const c = await t.accept();
  const rec = await t.step('login', () => c.login(plan));
  const { seen, ended } = await c.serve(Math.min(800, t.timeout));
  if (ended) t.fail('the client to stay connected after binding', describeEnd(ended));
  return { c, rec, early: seen };
}

export function describeEnd(ev: { kind: string; reason?: string }): string {
  return ev.kind === 'close' ? 'it closed its stream' : ev.kind === 'eof' ? `the connection ended (${ev.reason ?? ''})` : ev.kind;
}

/** Sends an iq and waits for the client's answer with the same id, answering anything else meanwhile. */
export async function askIq(t: ClientCaseContext, c: ClientPeer, type: 'get' | 'set', payload: XmlElement, id = t.id()): Promise<XmlElement | undefined> {
  c.send(el('iq', { type, id, from: t.domain, to: c.lastJid }, payload));
  const { seen } = await c.serve(t.timeout, (e) => e.name === 'iq' && e.attrs['id'] === id);
  return seen.find((e) => e.name === 'iq' && e.attrs['id'] === id);
}

/** A payload no client implements (RFC 6120 §8.4: unknown namespaces). */
export function unknownPayload(): XmlElement {
  return el('query', { xmlns: 'urn:example:xmpp-conformance:unknown' });
}

export function short(e: XmlElement | undefined): string {
  return e ? describeShort(e) : 'nothing';
}
