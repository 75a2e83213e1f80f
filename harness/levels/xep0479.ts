// The server side of XEP-0479 (XMPP Compliance Suites 2023, version 0.1.0): each category's Server
// and Advanced Server columns, one line per feature the table marks as required, each line naming
// the documents (its "Providers") a server needs. A category other than Core includes the Core
// category's lines of the same column (its sections say all Core features must be met as well).

/** "RFC 6120" or "XEP-0030", as documentName (spec.ts) spells a citation's document. */
export type DocumentName = string;

export interface LevelLine {
  /** the feature, as the XEP's table names it */
  readonly feature: string;
  /** every provider the line lists (all are needed unless the XEP notes otherwise) */
  readonly documents: readonly DocumentName[];
  /** the XEP's note on the line, where it narrows what the server needs */
  readonly note?: string;
}

export interface LevelSuite {
  /** the --level-suite name */
  readonly name: string;
  /** "XEP-0479 Core Server" */
  readonly title: string;
  readonly lines: readonly LevelLine[];
}

/** The compliance suites' document and the version its tables were read from. */
export const LEVELS_SOURCE = { xep: 479, version: '0.1.0', title: 'XMPP Compliance Suites 2023' } as const;

const CORE: readonly LevelLine[] = [
  { feature: 'Core features', documents: ['RFC 6120'] },
  { feature: 'TLS', documents: ['RFC 7590'] },
  { feature: 'Feature discovery', documents: ['XEP-0030'] },
  { feature: 'Server Extensibility', documents: ['XEP-0114'] },
];

const CORE_ADVANCED: readonly LevelLine[] = [
  CORE[0] as LevelLine,
  CORE[1] as LevelLine,
  { feature: 'Direct TLS', documents: ['XEP-0368'], note: 'server support means accepting direct TLS connections' },
  CORE[2] as LevelLine,
  { feature: 'Feature broadcasts', documents: ['XEP-0115'] },
  CORE[3] as LevelLine,
  { feature: 'Event publishing', documents: ['XEP-0163'] },
];

const viaComponent = 'an external component or a server module may provide it';

const IM: readonly LevelLine[] = [
  { feature: 'Core features', documents: ['RFC 6121'] },
  { feature: 'vcard-temp', documents: ['XEP-0054'] },
  { feature: 'Outbound Message Synchronization', documents: ['XEP-0280'] },
  { feature: 'Group Chat', documents: ['XEP-0045', 'XEP-0249'], note: viaComponent },
  { feature: 'File Upload', documents: ['XEP-0363'], note: viaComponent },
];

const IM_ADVANCED: readonly LevelLine[] = [
  IM[0] as LevelLine,
  { feature: 'User Avatar Compatibility', documents: ['XEP-0398', 'XEP-0153'] },
  IM[1] as LevelLine,
  IM[2] as LevelLine,
  { feature: 'User Blocking', documents: ['XEP-0191'] },
  IM[3] as LevelLine,
  { feature: 'Advanced Group Chat', documents: ['XEP-0048', 'XEP-0313', 'XEP-0402', 'XEP-0410'], note: viaComponent },
  { feature: 'Persistent Storage of Private Data via PubSub', documents: ['XEP-0223'], note: viaComponent },
  { feature: 'Private XML Storage', documents: ['XEP-0049'], note: viaComponent },
  { feature: 'Stream Management', documents: ['XEP-0198'] },
  { feature: 'History Storage / Retrieval', documents: ['XEP-0313'] },
  IM[4] as LevelLine,
];

const WEB: readonly LevelLine[] = [{ feature: 'Web Connection Mechanisms', documents: ['RFC 7395', 'XEP-0206'], note: viaComponent }];

const MOBILE: readonly LevelLine[] = [
  { feature: 'Stream Management', documents: ['XEP-0198'] },
  { feature: 'Client State Indication', documents: ['XEP-0352'] },
];
const MOBILE_ADVANCED: readonly LevelLine[] = [...MOBILE, { feature: 'Third Party Push Notifications', documents: ['XEP-0357'], note: viaComponent }];

const AV: readonly LevelLine[] = [{ feature: 'STUN/TURN server discovery', documents: ['XEP-0215'] }];

const suite = (name: string, title: string, lines: readonly LevelLine[]): LevelSuite =>
  Object.freeze({ name, title: `XEP-0479 ${title}`, lines: Object.freeze([...lines]) });

/** Every server-side level of XEP-0479, in the XEP's order. */
export const LEVEL_SUITES: readonly LevelSuite[] = Object.freeze([
  suite('xep0479-core-server', 'Core Server', CORE),
  suite('xep0479-core-advanced-server', 'Core Advanced Server', CORE_ADVANCED),
  suite('xep0479-web-server', 'Web Server', [...CORE, ...WEB]),
  suite('xep0479-web-advanced-server', 'Web Advanced Server', [...CORE_ADVANCED, ...WEB]),
  suite('xep0479-im-server', 'IM Server', [...CORE, ...IM]),
  suite('xep0479-im-advanced-server', 'IM Advanced Server', [...CORE_ADVANCED, ...IM_ADVANCED]),
  suite('xep0479-mobile-server', 'Mobile Server', [...CORE, ...MOBILE]),
  suite('xep0479-mobile-advanced-server', 'Mobile Advanced Server', [...CORE_ADVANCED, ...MOBILE_ADVANCED]),
  suite('xep0479-av-server', 'A/V Calling Server', [...CORE, ...AV]),
  suite('xep0479-av-advanced-server', 'A/V Calling Advanced Server', [...CORE_ADVANCED, ...AV]),
]);

/** The levels every report assesses when --level-suite does not choose: the Core and IM categories. */
export const DEFAULT_LEVEL_SUITES: readonly string[] = [
  'xep0479-core-server',
  'xep0479-core-advanced-server',
  'xep0479-im-server',
  'xep0479-im-advanced-server',
];
