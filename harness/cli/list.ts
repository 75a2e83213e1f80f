// `xmpp-conformance list [--json] [--federation]`: every case with its citations; with
// --federation, also the federation cases (`npm run federation`, area 'federation').
import { formatRef } from '../spec.js';
import { parseFlags } from './args.js';
import { loadFederationCases, loadServerCases } from './cases.js';
import type { CliIO } from './io.js';
import { EXIT } from './exit-codes.js';

export async function listCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(args, { json: { type: 'boolean' }, federation: { type: 'boolean' } });
  const allCases = await loadServerCases();
  const federationCases = values['federation'] ? await loadFederationCases() : [];
  const rows = allCases.map((c) => ({
    id: c.id,
    title: c.title,
    area: c.area as string,
    role: c.role as string,
    refs: c.refs,
    requirements: c.requirements,
    tags: c.tags,
  }));
  // they run between two lab servers, not through `run`: their own area
  if (values['federation'])
    rows.push(
      ...federationCases.map((c) => ({
        id: c.id,
        title: c.title,
        area: 'federation',
        role: 'server',
        refs: c.refs,
        requirements: c.requirements,
        tags: ['federation', ...c.tags],
      })),
    );
  if (values['json']) {
    io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return EXIT.OK;
  }
  for (const r of rows) io.stdout.write(`${r.id}  [${r.refs.map(formatRef).join('; ')}]\n    ${r.title}\n`);
  io.stdout.write(`${rows.length} cases\n`);
  return EXIT.OK;
}
