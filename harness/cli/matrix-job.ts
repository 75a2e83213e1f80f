// `npm run matrix [-- SERVER...] [--state DIR] [--port-base N]`: the interop matrix. Each lab server in turn (default: prosody,
// ejabberd, jabberd2) gets the full suite with its own baseline, reports in reports/<server>/; then
// the federation job federates them two at a time, every directed pair (reports/matrix/federation/);
// then `report merge` of them all makes reports/matrix/ (index.html: the servers' matrix with the
// federation matrix, directed pairs by case, below it; report.json; junit.xml). One server at a
// time keeps a 2-core machine's timings honest. Exit code: 0 when every server and pair ran with no
// unexpected result, 1 when one had an unexpected failure, 2 when a server could not start, 4 after
// an internal error, 130/143 after SIGINT/SIGTERM (the running server's lab is taken down, the reports so far merged).
// --state and --port-base place each server's lab in turn as `lab up` does.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { errorLine, oneLine } from '../errors.js';
import { LAB_NAMES, isLabName, type LabName } from '../lab/index.js';
import { parseFlags } from './args.js';
import { EXIT, exitCodeOf } from './exit-codes.js';
import { main } from './index.js';
import { launch } from './internal-errors.js';
import { processIO } from './io.js';
import { LAB_PLACE_FLAGS, labPlaceFrom } from './lab.js';
import { runAgainstLab } from './lab-run.js';
import { federationJob } from './federation-job.js';

/** The lab servers whose federating sides federate with each other (all three). */
const FEDERATING: readonly LabName[] = LAB_NAMES;
const FEDERATION_OUT = path.join('reports', 'matrix', 'federation');

/**
 * Flags the matrix adds to each server's run: one retry for a failure the server's baseline does
 * not list. Full runs of the three lab servers side by side showed a few cases a run failing
 * that pass on their own (jabberd2's stray <internal-server-error/> at a setup login three times
 * running, ejabberd answering a PEP auto-create publish with <item-not-found/>); a retried case
 * that passes is reported as passed with `retried` and a "flaky" message, one that fails again
 * still fails the matrix.
 */
export const MATRIX_RUN_FLAGS: readonly string[] = ['--retries', '1'];

export async function matrixJob(argv: string[]): Promise<number> {
  const io = processIO();
  let names: string[];
  let place;
  try {
    const { values, positionals } = parseFlags(argv, LAB_PLACE_FLAGS, true);
    names = positionals;
    place = labPlaceFrom(values);
  } catch (e) {
    io.stderr.write(`xmpp-conformance: matrix: ${oneLine(e)}\n`);
    return EXIT.USAGE;
  }
  const bad = names.filter((a) => !isLabName(a));
  if (bad.length) {
    io.stderr.write(`xmpp-conformance: matrix: unknown server '${bad[0]}'; available: ${LAB_NAMES.join(', ')}\n`);
    return EXIT.USAGE;
  }
  const servers: LabName[] = names.length ? (names as LabName[]) : [...LAB_NAMES];
  const reports: string[] = [];
  let worst = 0;
  let interrupted: number | undefined;
  for (const server of servers) {
    try {
      const r = await runAgainstLab(server, { out: `reports/${server}`, reporters: 'console,json,junit,html', extra: MATRIX_RUN_FLAGS, ...place }, io, main);
      if (r.started && r.reportJson) reports.push(r.reportJson);
      // after SIGINT/SIGTERM the servers not yet run are skipped; the reports so far are merged
      if (r.started && r.signal !== undefined) {
        interrupted = r.code;
        break;
      }
      worst = Math.max(worst, r.code);
    } catch (e) {
      io.stderr.write(`xmpp-conformance: matrix: ${server}: ${errorLine(e)}\n`);
      worst = Math.max(worst, exitCodeOf(e));
    }
  }
  // no server ran far enough to write a report: none started (2), or what stopped them
  if (reports.length === 0) return interrupted ?? (worst > EXIT.USAGE ? worst : EXIT.USAGE);
  // the federating pairs among the servers run (each server's s2s side against another's)
  const federating = interrupted === undefined ? servers.filter((s) => FEDERATING.includes(s)) : [];
  const fedReport = path.join(FEDERATION_OUT, 'report.json');
  // an earlier run's federation report must not stand in for this one's
  rmSync(fedReport, { force: true });
  if (federating.length >= 2) {
    const code = await federationJob([...federating, '--out', FEDERATION_OUT, ...(place.stateRoot !== undefined ? ['--state-root', place.stateRoot] : [])], io);
    io.stdout.write(`xmpp-conformance: federation matrix in ${FEDERATION_OUT}/ (${federating.join(', ')}, every directed pair)\n`);
    if (code === EXIT.SIGINT || code === EXIT.SIGTERM) interrupted = code;
    else worst = Math.max(worst, code);
  }
  const withFederation = federating.length >= 2 && existsSync(fedReport) ? ['--federation', fedReport] : [];
  const merged = await main(['report', 'merge', ...reports, '--out', 'reports/matrix', ...withFederation], io);
  io.stdout.write(
    `xmpp-conformance: interop matrix in reports/matrix/index.html (${reports.length} server${reports.length === 1 ? '' : 's'}${withFederation.length ? ', with the federation matrix' : ''})\n`,
  );
  // merge exits 1 when any target had failures; the runs' own codes (baselines applied) decide.
  void merged;
  return interrupted ?? worst;
}

launch(() => matrixJob(process.argv.slice(2)));
