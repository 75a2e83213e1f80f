// `xmpp-conformance list [--json]`: every case with its citations.
import { formatRef } from '../spec.js';
import { allCases } from '../../suites/index.js';
import { parseFlags } from './args.js';
import type { CliIO } from './io.js';

export async function listCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(args, { json: { type: 'boolean' } });
  const rows = allCases.map((c) => ({ id: c.id, title: c.title, area: c.area, role: c.role, refs: c.refs, requirements: c.requirements, tags: c.tags }));
  if (values['json']) {
    io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  for (const r of rows) io.stdout.write(`${r.id}  [${r.refs.map(formatRef).join('; ')}]\n    ${r.title}\n`);
  io.stdout.write(`${rows.length} cases\n`);
  return 0;
}
