// `npm start`: the main job — a local Prosody from the lab, the full suite against it, reports in
// reports/ (index.html, report.json, junit.xml), and the lab taken down again (also on SIGINT
// and SIGTERM, which end the run with its reports and exit 130/143).
import { main } from './index.js';
import { processIO } from './io.js';
import { runAgainstLab } from './lab-run.js';

export async function mainJob(): Promise<number> {
  const io = processIO();
  const r = await runAgainstLab('prosody', { out: 'reports', reporters: 'console,json,junit,html' }, io, main);
  return r.code;
}

mainJob().then((code) => {
  process.exitCode = code;
});
