// RFC 7622 §3: addresses that are not JIDs. An iq sent to one must get an error (RFC 6120 §8.3.1)
// that refuses the address: <jid-malformed/> names it (RFC 6120 §8.3.3.8), but no rule makes that
// condition mandatory, and <bad-request/> (§8.3.3.1) or <not-acceptable/> refuse it too. What fails
// is a condition that treats the address as valid (<service-unavailable/> for an unknown user...).

import { defineCase } from '../../harness/cases/index.js';
import { fetchRoster } from '../../harness/session/index.js';
import { el, escapeAttr } from '../../harness/xml/index.js';
import { NS_ROSTER } from '../../harness/xml/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { errorOf, REFUSING_CONDITIONS } from '../steps.js';
import { online, settle } from '../im-steps.js';

const INVALID = { area: 'address' as const, role: 'server' as const, needs: { accounts: 1 } };

function malformedCase(
  slug: string,
  what: string,
  section: string,
  level: 'MUST' | 'MUST NOT',
  requirement: string,
  to: (domain: string, id: string) => string,
) {
  return defineCase({
    ...INVALID,
    id: `rfc7622/address/${slug}`,
    title: `an iq to an address with ${what} is refused as malformed (<jid-malformed/> or <bad-request/>)`,
    refs: [
      { rfc: 7622, section, level },
      { rfc: 6120, section: '8.3.1', level: 'MUST' },
    ],
    requirements: [requirement, 'rfc6120-8.3.1-iq-error-required'],
    tags: ['i18n', 'errors'],
    async run(t) {
      const a = await t.login(0);
      const id = t.id();
      const target = to(t.target.domain, id);
      a.sendRaw(`<iq type='get' id='${id}' to='${escapeAttr(target)}'><query xmlns='urn:xmpp-conformance:unknown:0'/></iq>`);
      const res = await a.waitFor(el('iq', { id }));
      t.check(res.attrs['type'] === 'error', "an iq of type 'error'", `type='${res.attrs['type'] ?? ''}'`);
      const { condition } = errorOf(t, res);
      t.check(REFUSING_CONDITIONS.includes(condition ?? ''), '<jid-malformed/> (or <bad-request/>, <not-acceptable/>)', `<${condition ?? 'no condition'}/>`);
      if (condition !== 'jid-malformed') t.note(`refused with <${condition}/> (RFC 6120 §8.3.3.8 names <jid-malformed/>)`);
    },
  });
}

const long = (n: number): string => 'a'.repeat(n);

export const quoteInLocal = malformedCase(
  'localpart-with-quote',
  'a quotation mark in the localpart',
  '3.3.1',
  'MUST NOT',
  'rfc7622-3.3.1-excluded-characters',
  (d, id) => `xc"${id}@${d}`,
);
export const ampInLocal = malformedCase(
  'localpart-with-ampersand',
  "an '&' in the localpart",
  '3.3.1',
  'MUST NOT',
  'rfc7622-3.3.1-excluded-characters',
  (d, id) => `xc&${id}@${d}`,
);
export const colonInLocal = malformedCase(
  'localpart-with-colon',
  "a ':' in the localpart",
  '3.3.1',
  'MUST NOT',
  'rfc7622-3.3.1-excluded-characters',
  (d, id) => `xc:${id}@${d}`,
);
export const ltInLocal = malformedCase(
  'localpart-with-less-than',
  "a '<' in the localpart",
  '3.3.1',
  'MUST NOT',
  'rfc7622-3.3.1-excluded-characters',
  (d, id) => `xc<${id}@${d}`,
);
export const spaceInLocal = malformedCase(
  'localpart-with-space',
  'a space in the localpart',
  '3.3',
  'MUST',
  'rfc7622-3.3-usernamecasemapped',
  (d, id) => `xc ${id}@${d}`,
);
export const controlInLocal = malformedCase(
  'localpart-with-control',
  'a control character (U+0085) in the localpart',
  '3.3',
  'MUST',
  'rfc7622-3.3-usernamecasemapped',
  (d, id) => `xc\u0085${id}@${d}`,
);
export const longLocal = malformedCase(
  'localpart-too-long',
  'a 1024-octet localpart',
  '3.3',
  'MUST NOT',
  'rfc7622-3.3-localpart-max-length',
  (d) => `${long(1024)}@${d}`,
);
export const longResource = malformedCase(
  'resourcepart-too-long',
  'a 1024-octet resourcepart',
  '3.4',
  'MUST NOT',
  'rfc7622-3.4-resourcepart-length',
  (d, id) => `xc-${id}@${d}/${long(1024)}`,
);
export const emptyResource = malformedCase(
  'resourcepart-empty',
  "an empty resourcepart ('user@domain/')",
  '3.4',
  'MUST NOT',
  'rfc7622-3.4-resourcepart-length',
  (d, id) => `xc-${id}@${d}/`,
);

export const rosterInvalidJid = defineCase({
  ...INVALID,
  id: 'rfc7622/address/roster-item-invalid-jid',
  title: 'a roster set for an address with a forbidden localpart character is refused',
  refs: [
    { rfc: 7622, section: '3.3.1', level: 'MUST NOT' },
    { rfc: 6121, section: '2.3.3', level: 'MUST' },
  ],
  requirements: ['rfc7622-3.3.1-excluded-characters'],
  tags: ['i18n', 'roster', 'errors'],
  needs: { accounts: 1, serial: true },
  async run(t) {
    const s = await online(t, 0, { presence: false });
    const jid = `xc"bad-${t.id()}@${t.target.domain}`;
    const id = t.id();
    s.sendRaw(`<iq type='set' id='${id}'><query xmlns='${NS_ROSTER}'><item jid='${escapeAttr(jid)}'/></query></iq>`);
    const res = await s.waitFor(el('iq', { id }));
    const stored = (await fetchRoster(s)).items.some((i) => i.jid === jid);
    t.check(
      res.attrs['type'] === 'error' && !stored,
      'an error, and no such item in the roster',
      `type='${res.attrs['type'] ?? ''}'${stored ? ', item stored' : ''}`,
    );
    const { condition } = errorOf(t, res);
    if (condition !== 'jid-malformed') t.note(`refused with <${condition}/> (RFC 6120 §8.3.3.8 suggests <jid-malformed/>)`);
  },
});

export const subscribeInvalidJid = defineCase({
  ...INVALID,
  id: 'rfc7622/address/subscribe-to-invalid-jid',
  title: 'a subscription request to an address with a forbidden localpart character creates no roster item',
  refs: [{ rfc: 6121, section: '3.1.2', level: 'MUST' }],
  requirements: ['rfc6121-3.1.2-check-jid-syntax'],
  tags: ['i18n', 'subscription'],
  needs: { accounts: 1, serial: true },
  async run(t) {
    const s = await online(t, 0);
    const jid = `xc:bad-${t.id()}@${t.target.domain}`;
    s.sendRaw(`<presence type='subscribe' to='${escapeAttr(jid)}'/>`);
    await settle(s);
    const stored = (await fetchRoster(s)).items.filter((i) => bareJid(i.jid) === bareJid(jid));
    t.check(
      stored.length === 0,
      'no roster item for the invalid address',
      `an item with subscription='${stored[0]?.subscription}' ask='${stored[0]?.ask ?? ''}'`,
    );
  },
});
