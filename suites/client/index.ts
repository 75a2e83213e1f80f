// Area `client`: cases `serve` runs against a client under test, the harness playing the server.
import type { ClientCaseDefinition } from '../../harness/serve/index.js';
import { HEADER_CASES } from './header.js';
import { TLS_CASES } from './tls.js';
import { SASL_CASES } from './sasl.js';
import { BIND_CASES } from './bind.js';
import { STANZA_CASES } from './stanza.js';
import { STREAM_CASES } from './stream.js';
import { SENT_CASES } from './sent.js';

export const clientCases: readonly ClientCaseDefinition[] = [
  ...HEADER_CASES,
  ...TLS_CASES,
  ...SASL_CASES,
  ...BIND_CASES,
  ...STANZA_CASES,
  ...STREAM_CASES,
  ...SENT_CASES,
];
