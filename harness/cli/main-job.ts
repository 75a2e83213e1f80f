// `npm start [-- --state DIR --port-base N]`: the main job — a local Prosody from the lab, the full
// suite against it, reports in reports/ (index.html, report.json, junit.xml), and the lab taken down
// again (also on SIGINT and SIGTERM, which end the run with its reports and exit 130/143). --state
// and --port-base place the lab as `lab up` does (a busy base still moves to a fallback).
import { oneLine } from '../errors.js';
import { parseFlags } from './args.js';
import { EXIT } from './exit-codes.js';
import { main } from './index.js';
import { launch } from './internal-errors.js';
import { processIO } from './io.js';
import { LAB_PLACE_FLAGS, labPlaceFrom } from './lab.js';
import { runAgainstLab } from './lab-run.js';

export async function mainJob(argv: string[]): Promise<number> {
  const io = processIO();
  let place;
  try {
    place = labPlaceFrom(parseFlags(argv, LAB_PLACE_FLAGS).values);
  } catch (e) {
    io.stderr.write(`xmpp-conformance: npm start: ${oneLine(e)}\n`);
    return EXIT.USAGE;
  }
  const r = await runAgainstLab('prosody', { out: 'reports', reporters: 'console,json,junit,html', ...place }, io, main);
  return r.code;
}

launch(() => mainJob(process.argv.slice(2)));
