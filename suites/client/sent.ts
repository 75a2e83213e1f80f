// Passive checks: everything the client sent during the run (every case before this one, and
// this case's own login when nothing relevant was seen yet), held against stanza-level rules.
// Each violation is reported with the case, connection and time of its transcript line.
import { defineClientCase, sentLine, type ClientCaseContext, type ClientCaseMeta, type SentItem } from '../../harness/serve/index.js';
import { sameBareJid } from '../../harness/jid/index.js';
import { children, NS_CLIENT, NS_STANZA_ERRORS, text, type XmlElement } from '../../harness/xml/index.js';
import { oneLine } from '../../harness/errors.js';
import { askIq, loggedIn, probeAnswered, unknownPayload } from './steps.js';

interface Judged {
  /** how many items the rule applied to (0: skip) */
  readonly examined: number;
  readonly violations: readonly { readonly item: SentItem; readonly problem: string }[];
}

interface PassiveRule {
  /** which items the rule is about, in words ("presence stanzas") */
  readonly what: string;
  readonly applies: (item: SentItem, t: ClientCaseContext) => boolean;
  /** the problems with one item (none: it keeps the rule) */
  readonly problems: (item: SentItem, t: ClientCaseContext) => readonly string[];
}

const SHOWN = 5;

function judge(items: readonly SentItem[], rule: PassiveRule, t: ClientCaseContext): Judged {
  const hits = items.filter((i) => rule.applies(i, t));
  return { examined: hits.length, violations: hits.flatMap((item) => rule.problems(item, t).map((problem) => ({ item, problem }))) };
}

/** This case's own session, for a run where nothing the rule applies to was seen yet (--grep). */
async function ownSession(t: ClientCaseContext): Promise<string> {
  try {
    const { c } = await loggedIn(t);
    // a ping and an unknown payload give the client iqs to answer, a result and an error
    // (each checked like any stanza it sends)
    await probeAnswered(t, c, 'ping');
    await askIq(t, c, 'get', unknownPayload());
    await c.serve(Math.min(500, t.timeout));
    return '';
  } catch (err) {
    return `; its own login here ended with: ${oneLine(err)}`;
  }
}

function definePassiveCase(meta: ClientCaseMeta, rule: PassiveRule) {
  return defineClientCase({
    ...meta,
    tags: [...meta.tags, 'passive'],
    async play(t) {
      let session = '';
      // inside a step that always completes, so no verdict below is labelled with the login's step
      if (!t.sent.all().some((i) => rule.applies(i, t))) session = await t.step('own session', () => ownSession(t));
      const r = judge(t.sent.all(), rule, t);
      const dropped = t.sent.dropped ? ` (${t.sent.dropped} later items beyond the log's limit were not kept)` : '';
      if (r.examined === 0) return t.skip(`the client sent no ${rule.what} in this run, so there was nothing to check${session}`);
      if (r.violations.length > 0) {
        const shown = r.violations.slice(0, SHOWN).map((v) => `${v.problem} in ${sentLine(v.item)}`);
        const more = r.violations.length > SHOWN ? `; and ${r.violations.length - SHOWN} more` : '';
        t.fail(`${rule.what} that keep the rule`, `${r.violations.length} of them broke it: ${shown.join('; ')}${more}`);
      }
      t.note(`checked ${r.examined} ${rule.what}${dropped}`);
    },
  });
}

const isStanza = (i: SentItem): boolean => i.kind === 'element' && i.el.ns === NS_CLIENT;
const isKind =
  (name: string) =>
  (i: SentItem): boolean =>
    isStanza(i) && i.el.name === name;
const named = (e: XmlElement, name: string): XmlElement[] => children(e, name, NS_CLIENT);
/** Child elements under an element meant to hold only text (RFC 6121 §4.7.2: no mixed content). */
const hasChildElements = (e: XmlElement): boolean => children(e).length > 0;

/** A 'type' outside `values` (or none, unless `optional`). */
function typeProblems(stanza: XmlElement, values: readonly string[], optional: boolean): string[] {
  const type = stanza.attrs['type'];
  if (type === undefined) return optional ? [] : ["no 'type'"];
  return values.includes(type) ? [] : [`type='${type}'`];
}

/** RFC 6121 §4.7.2.1, §4.7.2.3: at most one `name` child, text only, with a value `valid` accepts. */
function oneTextChild(stanza: XmlElement, name: string, valid: (v: string) => boolean): string[] {
  const found = named(stanza, name);
  const out: string[] = found.length > 1 ? [`${found.length} <${name}/> elements`] : [];
  for (const e of found) {
    if (hasChildElements(e)) out.push(`child elements inside <${name}/>`);
    else if (!valid(text(e))) out.push(`<${name}>${text(e)}</${name}>`);
  }
  return out;
}

export const sentStanzaKinds = definePassiveCase(
  {
    id: 'rfc6120/client/sent-stanza-kinds',
    title: 'every top-level element the client sends in jabber:client is a message, presence or iq stanza',
    refs: [{ rfc: 6120, section: '8', level: 'MUST' }],
    requirements: ['rfc6120-8-stanza-support'],
    tags: ['stanza'],
  },
  {
    what: 'top-level elements in jabber:client',
    applies: isStanza,
    // RFC 6120 §8 (and §4.9.3.22 unsupported-stanza-type): only these three kinds exist
    problems: (i) => (['message', 'presence', 'iq'].includes(i.el.name) ? [] : [`a <${i.el.name}/>, which is no stanza kind`]),
  },
);

export const sentIqId = definePassiveCase(
  {
    id: 'rfc6120/client/sent-iq-id',
    title: "every iq the client sends carries an 'id'",
    refs: [{ rfc: 6120, section: '8.1.3', level: 'MUST' }],
    requirements: ['rfc6120-8.1.3-iq-id-required', 'rfc6120-8.2.3-iq-id-required'],
    tags: ['stanza', 'iq'],
  },
  { what: 'iq stanzas', applies: isKind('iq'), problems: (i) => (i.el.attrs['id'] === undefined ? ["no 'id'"] : []) },
);

export const sentIqType = definePassiveCase(
  {
    id: 'rfc6120/client/sent-iq-type',
    title: "every iq the client sends has a 'type' of get, set, result or error",
    refs: [{ rfc: 6120, section: '8.2.3', level: 'MUST' }],
    requirements: ['rfc6120-8.2.3-iq-type-required'],
    tags: ['stanza', 'iq'],
  },
  {
    what: 'iq stanzas',
    applies: isKind('iq'),
    problems: (i) => typeProblems(i.el, ['get', 'set', 'result', 'error'], false),
  },
);

export const sentIqChildren = definePassiveCase(
  {
    id: 'rfc6120/client/sent-iq-children',
    title: 'the client sends get and set iqs with exactly one child, results with at most one, errors with <error/>',
    refs: [{ rfc: 6120, section: '8.2.3', level: 'MUST' }],
    requirements: ['rfc6120-8.2.3-one-child', 'rfc6120-8.2.3-result-child-count', 'rfc6120-8.2.3-error-child'],
    tags: ['stanza', 'iq'],
  },
  {
    what: 'iq stanzas',
    applies: isKind('iq'),
    problems: (i) => {
      const n = children(i.el).length;
      const type = i.el.attrs['type'];
      if ((type === 'get' || type === 'set') && n !== 1) return [`a ${type} with ${n} child elements`];
      if (type === 'result' && n > 1) return [`a result with ${n} child elements`];
      if (type === 'error' && named(i.el, 'error').length === 0) return ['an error without <error/>'];
      return [];
    },
  },
);

export const sentPresenceShow = definePassiveCase(
  {
    id: 'rfc6121/client/sent-presence-show',
    title: 'the client puts at most one <show/> in a presence, holding away, chat, dnd or xa',
    refs: [{ rfc: 6121, section: '4.7.2.1', level: 'MUST' }],
    requirements: ['rfc6121-4.7.2.1-show-values', 'rfc6121-4.7.2.1-one-show', 'rfc6121-4.7.2.1-show-no-mixed'],
    tags: ['stanza', 'presence'],
  },
  {
    what: 'presence stanzas',
    applies: isKind('presence'),
    problems: (i) => oneTextChild(i.el, 'show', (v) => ['away', 'chat', 'dnd', 'xa'].includes(v)),
  },
);

export const sentPresenceStatus = definePassiveCase(
  {
    id: 'rfc6121/client/sent-presence-status',
    title: 'the client sends <status/> as text only, and several only with distinct xml:lang values',
    refs: [{ rfc: 6121, section: '4.7.2.2', level: 'MUST NOT' }],
    requirements: ['rfc6121-4.7.2.2-status-no-mixed', 'rfc6121-4.7.2.2-status-distinct-lang'],
    tags: ['stanza', 'presence'],
  },
  {
    what: 'presence stanzas',
    applies: isKind('presence'),
    problems: (i) => {
      const statuses = named(i.el, 'status');
      const out: string[] = [];
      if (statuses.some(hasChildElements)) out.push('child elements inside <status/>');
      // a <status/> without its own xml:lang takes the stanza's (or, without one, the stream's)
      const langs = statuses.map((s) => s.attrs['xml:lang'] ?? i.el.attrs['xml:lang'] ?? '(inherited)');
      const dup = langs.find((l, k) => langs.indexOf(l) !== k);
      if (dup !== undefined) out.push(`two <status/> elements with the same xml:lang ${dup}`);
      return out;
    },
  },
);

export const sentPresencePriority = definePassiveCase(
  {
    id: 'rfc6121/client/sent-presence-priority',
    title: 'the client puts at most one <priority/> in a presence, an integer from -128 to 127',
    refs: [{ rfc: 6121, section: '4.7.2.3', level: 'MUST' }],
    requirements: ['rfc6121-4.7.2.3-priority-range', 'rfc6121-4.7.2.3-one-priority', 'rfc6121-4.7.2.3-priority-no-mixed'],
    tags: ['stanza', 'presence'],
  },
  {
    what: 'presence stanzas',
    applies: isKind('presence'),
    // an XML Schema byte: optional sign, decimal digits, -128..127
    problems: (i) => oneTextChild(i.el, 'priority', (v) => /^[+-]?[0-9]+$/.test(v.trim()) && Number(v) >= -128 && Number(v) <= 127),
  },
);

export const sentMessageType = definePassiveCase(
  {
    id: 'rfc6121/client/sent-message-type',
    title: "the client's messages have no 'type' or one of chat, error, groupchat, headline, normal",
    refs: [{ rfc: 6121, section: '5.2.2', level: 'MUST' }],
    requirements: ['rfc6121-5.2.2-type-values'],
    tags: ['stanza', 'message'],
  },
  {
    what: 'message stanzas',
    applies: isKind('message'),
    // RFC 6121 §5.2.2: no 'type' is allowed (it means normal)
    problems: (i) => typeProblems(i.el, ['chat', 'error', 'groupchat', 'headline', 'normal'], true),
  },
);

export const headerFromAfterTls = definePassiveCase(
  {
    id: 'rfc6120/client/header-from-after-tls',
    title: "over TLS the client's stream headers carry its bare JID in 'from'",
    refs: [{ rfc: 6120, section: '4.7.1', level: 'SHOULD' }],
    requirements: ['rfc6120-4.7.1-initiator-from-after-tls'],
    tags: ['stream', 'header', 'tls'],
  },
  {
    what: 'stream headers sent under TLS',
    applies: (i) => i.kind === 'header' && i.secure,
    problems: (i, t) => {
      const from = i.el.attrs['from'];
      if (from === undefined) return ["no 'from'"];
      // the bare JID; a full JID of the account names the same principal
      return sameBareJid(from, t.account.jid) ? [] : [`from='${from}', not the account's JID ${t.account.jid}`];
    },
  },
);

export const sentNoProbe = definePassiveCase(
  {
    id: 'rfc6121/client/sent-no-probe',
    title: "the client sends no presence of type 'probe' (probes are the server's to send)",
    refs: [
      { rfc: 6121, section: '4.3', level: 'SHOULD NOT' },
      { rfc: 6121, section: '4.7.1', level: 'SHOULD NOT' },
    ],
    requirements: ['rfc6121-4.3-client-no-probe', 'rfc6121-4.7.1-client-no-probe'],
    tags: ['stanza', 'presence'],
  },
  {
    what: 'presence stanzas',
    applies: isKind('presence'),
    problems: (i) => (i.el.attrs['type'] === 'probe' ? ["type='probe'"] : []),
  },
);

/** RFC 6120 §8.3.3: the defined conditions of the stanza-errors namespace. */
const STANZA_ERROR_CONDITIONS: readonly string[] = [
  'bad-request',
  'conflict',
  'feature-not-implemented',
  'forbidden',
  'gone',
  'internal-server-error',
  'item-not-found',
  'jid-malformed',
  'not-acceptable',
  'not-allowed',
  'not-authorized',
  'policy-violation',
  'recipient-unavailable',
  'redirect',
  'registration-required',
  'remote-server-not-found',
  'remote-server-timeout',
  'resource-constraint',
  'service-unavailable',
  'subscription-required',
  'undefined-condition',
  'unexpected-request',
];

/** RFC 6120 §8.3.1, §8.3.2: the <error/> child of an error stanza, its 'type' and its one defined condition. */
export function errorShapeProblems(stanza: XmlElement): string[] {
  const errors = named(stanza, 'error');
  const err = errors[0];
  if (!err) return ['no <error/>'];
  const out: string[] = [];
  const type = err.attrs['type'];
  if (type === undefined) out.push("<error/> without 'type'");
  else if (!['auth', 'cancel', 'continue', 'modify', 'wait'].includes(type)) out.push(`<error type='${type}'>`);
  // <text/> shares the namespace; application conditions live in namespaces of their own
  const conds = children(err).filter((e) => e.ns === NS_STANZA_ERRORS && e.name !== 'text');
  if (conds.length === 0) out.push('no defined condition in <error/>');
  else if (conds.length > 1) out.push(`${conds.length} defined conditions in <error/>`);
  for (const c of conds) if (!STANZA_ERROR_CONDITIONS.includes(c.name)) out.push(`<${c.name}/>, which is no defined condition`);
  return out;
}

export const sentErrorShape = definePassiveCase(
  {
    id: 'rfc6120/client/sent-error-shape',
    title: "every error stanza the client sends holds an <error/> with a 'type' of auth, cancel, continue, modify or wait and one defined condition",
    refs: [{ rfc: 6120, section: '8.3.2', level: 'MUST' }],
    requirements: ['rfc6120-8.3.1-error-child', 'rfc6120-8.3.2-error-type', 'rfc6120-8.3.2-defined-condition'],
    tags: ['stanza', 'error'],
  },
  {
    what: "stanzas of type 'error'",
    applies: (i) => isStanza(i) && ['message', 'presence', 'iq'].includes(i.el.name) && i.el.attrs['type'] === 'error',
    problems: (i) => errorShapeProblems(i.el),
  },
);

export const SENT_CASES = [
  sentStanzaKinds,
  sentIqId,
  sentIqType,
  sentIqChildren,
  sentErrorShape,
  sentPresenceShow,
  sentPresenceStatus,
  sentPresencePriority,
  sentNoProbe,
  sentMessageType,
  headerFromAfterTls,
];
