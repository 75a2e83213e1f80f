// RFC 6121 §2.6: roster versioning, for servers that answer a roster get carrying 'ver' with
// a version; the cases skip on servers that do not.
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { setRosterItem, type Session } from '../../harness/session/index.js';
import { el } from '../../harness/xml/index.js';
import { child, children, type XmlElement } from '../../harness/xml/index.js';
import { NS_ROSTER } from '../../harness/xml/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { online, rosterPushFor } from '../im-steps.js';

const VER = { area: 'im' as const, role: 'server' as const, needs: { accounts: 1, serial: true } };

const contact = (t: CaseContext): string => `xc-ver-${t.id()}@${t.target.domain}`;

async function versionedGet(s: Session, ver: string): Promise<XmlElement> {
  return s.iq(el('iq', { type: 'get' }, el('query', { xmlns: NS_ROSTER, ver })));
}

/** A roster get with ver='' (RFC 6121 §2.6.3); skips unless the full result carries a version. */
async function startVersioned(t: CaseContext, s: Session): Promise<string> {
  const res = await versionedGet(s, '');
  const ver = child(res, 'query', NS_ROSTER)?.attrs['ver'];
  if (res.attrs['type'] !== 'result' || ver === undefined) t.skip("the server does not version rosters (no 'ver' in the answer to a get with ver='')");
  return ver;
}

const pushVer = (push: XmlElement): string | undefined => child(push, 'query', NS_ROSTER)?.attrs['ver'];

export const verFullOrEmpty = defineCase({
  ...VER,
  id: 'rfc6121/im/roster-ver-latest-version',
  title: 'after a change, a roster get with no or a stale version brings the client to the latest version',
  refs: [{ rfc: 6121, section: '2.6.3', level: 'MUST' }],
  requirements: ['rfc6121-2.6.3-full-or-empty-result'],
  tags: ['roster', 'versioning'],
  async run(t) {
    const s = await online(t, 0, { presence: false });
    const v0 = await startVersioned(t, s);
    const jid = contact(t);
    await setRosterItem(s, jid);
    const latest = pushVer(await rosterPushFor(s, jid));
    // A client without the new version (it holds v0 or none) must not be told v0 is current.
    const res = await versionedGet(s, '');
    const q = child(res, 'query', NS_ROSTER);
    const has = q !== undefined && children(q, 'item', NS_ROSTER).some((i) => bareJid(i.attrs['jid'] ?? '') === jid);
    t.check(has, 'the full roster with the new item', q ? 'a roster without it' : "an empty result to a get with ver=''");
    const ver = q?.attrs['ver'];
    const ok = latest !== undefined ? ver === latest : ver !== undefined && ver !== v0;
    t.check(ok, latest !== undefined ? `ver='${latest}' (the last push's version)` : `a ver other than '${v0}'`, `ver='${ver ?? ''}'`);
    // A client still holding the stale v0 must get the latest state: the full roster under the new
    // version, or an empty result followed by the change as a push (never just "v0 is current").
    const stale = await versionedGet(s, v0);
    const sq = child(stale, 'query', NS_ROSTER);
    if (sq !== undefined) {
      const hasNew = children(sq, 'item', NS_ROSTER).some((i) => bareJid(i.attrs['jid'] ?? '') === jid);
      t.check(
        hasNew && sq.attrs['ver'] === ver,
        `the full roster with the new item under ver='${ver ?? ''}' for a get with the stale ver='${v0}'`,
        `${hasNew ? 'the item' : 'no item'}, ver='${sq.attrs['ver'] ?? ''}'`,
      );
    } else {
      t.check(stale.attrs['type'] === 'result', `a result to a get with the stale ver='${v0}'`, `type='${stale.attrs['type'] ?? ''}'`);
      const push = await t.step(`the change pushed after the empty result to the stale ver='${v0}'`, () => rosterPushFor(s, jid));
      const pv = pushVer(push);
      t.check(latest === undefined || pv === latest, `the push under ver='${latest ?? ''}'`, `ver='${pv ?? ''}'`);
    }
    // With the latest version the server may answer empty or in full; an error is neither.
    const again = await versionedGet(s, ver ?? '');
    t.check(again.attrs['type'] === 'result', 'a result to a get with the current version', `type='${again.attrs['type'] ?? ''}'`);
  },
});

export const pushCarriesVer = defineCase({
  ...VER,
  id: 'rfc6121/im/roster-ver-in-push',
  title: "once versioning is in use, a roster push carries the new version in 'ver'",
  refs: [{ rfc: 6121, section: '2.6.3', level: 'MUST' }],
  requirements: ['rfc6121-2.6.3-push-includes-ver'],
  tags: ['roster', 'versioning'],
  async run(t) {
    const s = await online(t, 0, { presence: false });
    await startVersioned(t, s);
    const jid = contact(t);
    await setRosterItem(s, jid);
    const ver = pushVer(await rosterPushFor(s, jid));
    t.check(ver !== undefined && ver !== '', "a 'ver' on the push's <query/>", 'no ver');
  },
});

export const pushVerUnique = defineCase({
  ...VER,
  id: 'rfc6121/im/roster-ver-unique-per-push',
  title: 'two roster pushes carry two different versions',
  refs: [{ rfc: 6121, section: '2.6.3', level: 'MUST' }],
  requirements: ['rfc6121-2.6.3-push-ver-unique'],
  tags: ['roster', 'versioning'],
  async run(t) {
    const s = await online(t, 0, { presence: false });
    await startVersioned(t, s);
    const [j1, j2] = [contact(t), contact(t)];
    await setRosterItem(s, j1);
    const v1 = pushVer(await rosterPushFor(s, j1));
    await setRosterItem(s, j2);
    const v2 = pushVer(await rosterPushFor(s, j2));
    if (v1 === undefined || v2 === undefined) t.skip("the pushes carry no 'ver' (roster-ver-in-push checks that)");
    t.check(v1 !== v2, 'two different versions', `both ver='${v1}'`);
  },
});

export const interimPushes = defineCase({
  ...VER,
  id: 'rfc6121/im/roster-ver-interim-pushes',
  title: 'a resource asking with an older version gets the changed item, in the full roster or as a push after an empty result',
  refs: [{ rfc: 6121, section: '2.6.3', level: 'MUST' }],
  requirements: ['rfc6121-2.6.3-interim-pushes'],
  tags: ['roster', 'versioning', 'multi-session'],
  async run(t) {
    const s = await online(t, 0, { presence: false });
    const v0 = await startVersioned(t, s);
    const jid = contact(t);
    await setRosterItem(s, jid, { name: 'Changed' });
    await rosterPushFor(s, jid);
    // A second resource that cached v0 and has not fetched the roster since.
    const later = await t.login(0, { actor: 'later' });
    const res = await versionedGet(later, v0);
    const q = child(res, 'query', NS_ROSTER);
    if (q !== undefined) {
      const has = children(q, 'item', NS_ROSTER).some((i) => bareJid(i.attrs['jid'] ?? '') === jid);
      t.check(has, 'the full roster with the changed item', 'a roster without it');
      return t.note('answered with the full roster');
    }
    await rosterPushFor(later, jid);
    t.note('answered with an empty result and a push');
  },
});
