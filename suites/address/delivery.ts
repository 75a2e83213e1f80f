// RFC 7622 §3 on the wire: the server prepares and enforces the parts of a 'to' address, so case
// and width variants of a localpart or domainpart reach the same account, and resourceparts are
// matched exactly as OpaqueString strings (case kept, NFC applied).
import { defineCase, type CaseContext } from '../../harness/cases/index.js';
import { el } from '../../harness/xml/index.js';
import { barrier, type Session } from '../../harness/session/index.js';
import { bareJid } from '../../harness/jid/index.js';
import { arrivedBy, online, receivedAsSent } from '../im-steps.js';

const ADDR = { area: 'address' as const, role: 'server' as const, needs: { accounts: 2, serial: true } };

/** ASCII letters and digits to their fullwidth forms (U+FF01..U+FF5E), which width mapping undoes. */
export function fullwidth(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0));
}

/** Account 1's localpart and domain, as the server knows them. */
function partsOf(t: CaseContext): { local: string; domain: string } {
  const [local, domain] = t.account(1).jid.split('@') as [string, string];
  return { local, domain };
}

/** Sends a chat message from a to `to`; resolves once b has it, or fails naming the address. */
async function deliveredVia(t: CaseContext, a: Session, b: Session, to: string, type = 'chat'): Promise<void> {
  const id = t.id();
  const sent = el('message', { id, type, to }, el('body', {}, `via ${to}`));
  a.send(sent);
  await receivedAsSent(t, b, sent);
}

function variantCase(slug: string, title: string, section: string, requirement: string | readonly string[], variant: (t: CaseContext) => string | undefined) {
  return defineCase({
    ...ADDR,
    id: `rfc7622/address/${slug}`,
    title,
    refs: [{ rfc: 7622, section, level: 'MUST' }],
    requirements: typeof requirement === 'string' ? [requirement] : [...requirement],
    tags: ['i18n', 'delivery'],
    async run(t) {
      const to = variant(t);
      if (to === undefined) return t.skip('the domain has no label separator to vary');
      const a = await online(t, 0, { resetRoster: false });
      const b = await online(t, 1, { resetRoster: false });
      await deliveredVia(t, a, b, to);
      t.note(`delivered to ${bareJid(b.jid)} via '${to}'`);
    },
  });
}

export const localUpper = variantCase(
  'localpart-case-variant-delivered',
  "a message to the localpart in upper case ('BOB@…') reaches the account",
  '3.3',
  'rfc7622-3.3-usernamecasemapped',
  (t) => {
    const p = partsOf(t);
    return `${p.local.toUpperCase()}@${p.domain}`;
  },
);
export const localWidth = variantCase(
  'localpart-fullwidth-variant-delivered',
  'a message to the localpart in fullwidth letters reaches the account',
  '3.3',
  'rfc7622-3.3-usernamecasemapped',
  (t) => {
    const p = partsOf(t);
    return `${fullwidth(p.local)}@${p.domain}`;
  },
);
export const domainUpper = variantCase(
  'domainpart-case-variant-delivered',
  "a message to the domainpart in upper case ('…@LOCALHOST') reaches the account",
  '3.2.2',
  ['rfc7622-3.2.2-enforce-idna-mappings'],
  (t) => {
    const p = partsOf(t);
    return `${p.local}@${p.domain.toUpperCase()}`;
  },
);
export const domainWidth = variantCase(
  'domainpart-fullwidth-variant-delivered',
  'a message to the domainpart in fullwidth letters reaches the account',
  '3.2.2',
  'rfc7622-3.2.2-enforce-idna-mappings',
  (t) => {
    const p = partsOf(t);
    return `${p.local}@${fullwidth(p.domain)}`;
  },
);
export const trailingDot = variantCase(
  'domainpart-trailing-dot-delivered',
  "a message to the domainpart with a trailing dot ('…@localhost.') reaches the account",
  '3.2',
  'rfc7622-3.2-strip-trailing-dot',
  (t) => {
    const p = partsOf(t);
    return `${p.local}@${p.domain}.`;
  },
);
export const ideographicStop = variantCase(
  'domainpart-ideographic-full-stop-delivered',
  'a message to the domainpart written with U+3002 IDEOGRAPHIC FULL STOP between labels reaches the account',
  '3.2.2',
  'rfc7622-3.2.2-enforce-idna-mappings',
  (t) => {
    const p = partsOf(t);
    return p.domain.includes('.') ? `${p.local}@${p.domain.replaceAll('.', '\u3002')}` : undefined;
  },
);

/** b bound with `resource`; a sends a headline to b's bare JID plus `sentResource`; did b get it? */
async function headlineToResource(t: CaseContext, resource: string, sentResource: string): Promise<{ got: boolean; b: Session }> {
  const a = await online(t, 0, { resetRoster: false });
  const b = await online(t, 1, { resetRoster: false, actor: 'b' });
  // online() binds a generated resource; bind a second session with the one under test.
  const b2 = await t.login(1, { actor: 'b-res', resource });
  b2.send(el('presence'));
  const bound = b2.jid ?? '';
  if (!bound.endsWith(`/${resource.normalize('NFC')}`)) t.skip(`the server bound '${bound}' instead of the requested resource`);
  const id = t.id();
  // RFC 6121 §8.5.3.2.1: a headline to a full JID that matches no resource is dropped or refused,
  // never delivered to another resource, so arrival proves the resourcepart matched.
  a.send(el('message', { id, type: 'headline', to: `${bareJid(bound)}/${sentResource}` }, el('body', {}, 'resource test')));
  // The sender's round trip first: then the server has routed the headline before b2's own one.
  await barrier(a);
  const got = await arrivedBy(b2, (e) => e.name === 'message' && e.attrs['id'] === id);
  return { got: got.length > 0, b };
}

export const resourceCaseSensitive = defineCase({
  ...ADDR,
  id: 'rfc7622/address/resourcepart-case-sensitive',
  title: "a resourcepart differing only in case ('balcony' vs 'Balcony') does not match",
  refs: [{ rfc: 7622, section: '3.4', level: 'MUST' }],
  requirements: ['rfc7622-3.4-resource-case'],
  tags: ['i18n', 'resource'],
  async run(t) {
    const res = `Balcony-${t.id()}`;
    const { got } = await headlineToResource(t, res, res.toLowerCase());
    t.check(!got, `no delivery to '${res}' for '${res.toLowerCase()}'`, 'delivered: the resourcepart was case-folded');
  },
});

export const resourceExact = defineCase({
  ...ADDR,
  id: 'rfc7622/address/resourcepart-exact-match-delivered',
  title: 'a headline to the exact full JID (mixed-case resource) is delivered',
  refs: [{ rfc: 7622, section: '3.4', level: 'MUST' }],
  requirements: ['rfc7622-3.4-resourcepart-opaquestring'],
  tags: ['i18n', 'resource'],
  async run(t) {
    const res = `Balcony-${t.id()}`;
    const { got } = await headlineToResource(t, res, res);
    t.check(got, `delivery to '${res}'`, 'not delivered');
  },
});

export const resourceNfc = defineCase({
  ...ADDR,
  id: 'rfc7622/address/resourcepart-nfc-match-delivered',
  title: "a headline to a resource written decomposed ('cafe' + U+0301) reaches the resource bound as 'café'",
  refs: [{ rfc: 7622, section: '3.4', level: 'MUST' }],
  requirements: ['rfc7622-3.4-resource-nfc'],
  tags: ['i18n', 'resource'],
  async run(t) {
    const id = t.id();
    const { got } = await headlineToResource(t, `caf\u00e9-${id}`, `cafe\u0301-${id}`);
    t.check(got, 'delivery after NFC', 'not delivered');
  },
});

function resourceDeliveryCase(slug: string, what: string, resource: (id: string) => string, requirement: string, section: string) {
  return defineCase({
    ...ADDR,
    id: `rfc7622/address/${slug}`,
    title: `a resourcepart containing ${what} is bound and reachable`,
    refs: [{ rfc: 7622, section, level: 'MUST' }],
    requirements: [requirement],
    tags: ['i18n', 'resource'],
    async run(t) {
      const res = resource(t.id());
      const { got } = await headlineToResource(t, res, res);
      t.check(got, `delivery to the resource '${res}'`, 'not delivered');
    },
  });
}

export const resourceSpace = resourceDeliveryCase(
  'resourcepart-with-space',
  'a space',
  (id) => `my phone ${id}`,
  'rfc7622-3.4-resourcepart-opaquestring',
  '3.4',
);
export const resourceSlash = resourceDeliveryCase(
  'resourcepart-with-slash',
  "a '/' (only the first '/' separates)",
  (id) => `home/desk-${id}`,
  'rfc7622-3.1-split-before-transform',
  '3.1',
);
export const resourceAt = resourceDeliveryCase('resourcepart-with-at', "an '@' (after the first '/')", (id) => `work@${id}`, 'rfc7622-3.2-parse-order', '3.2');
export const resourceNonAscii = resourceDeliveryCase(
  'resourcepart-non-ascii',
  'non-ASCII letters',
  (id) => `Ωμέγα-${id}`,
  'rfc7622-3.4-resourcepart-opaquestring',
  '3.4',
);
