// `xmpp-conformance coverage [--json] [--uncovered] [--federation]`: which catalog requirements the
// cases cover, and which of those a negative control proves (vectors/proven.json); with
// --federation, the federation cases count too.
import { computeCoverage, loadCatalog, loadProven, renderCoverage } from '../coverage/index.js';
import { parseFlags } from './args.js';
import { loadFederationCases, loadServerCases } from './cases.js';
import type { CliIO } from './io.js';
import { EXIT } from './exit-codes.js';

export async function coverageCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseFlags(args, { json: { type: 'boolean' }, uncovered: { type: 'boolean' }, federation: { type: 'boolean' } });
  const allCases = await loadServerCases();
  const cases = values['federation'] ? [...allCases, ...(await loadFederationCases())] : allCases;
  const coverage = computeCoverage(loadCatalog(), cases, loadProven());
  if (values['json']) io.stdout.write(JSON.stringify(coverage, null, 2) + '\n');
  else io.stdout.write(renderCoverage(coverage, { uncovered: values['uncovered'] === true }) + '\n');
  return EXIT.OK;
}
