// `npm run proven`: rewrites vectors/proven.json from the negative-control tables.
import { PROVEN_PATH, writeProvenFile } from './proven.js';

writeProvenFile();
process.stdout.write(`wrote ${PROVEN_PATH}\n`);
