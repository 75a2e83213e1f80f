// `npm run control-timeouts`: runs every negative control twice at its full step timeout with
// XC_CONTROL_DUMP set (so no quick runs), and rewrites test/support/control-timeouts.json from the
// faulty halves whose failure names a wait that ran out (test/support/control-quick.ts reads it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { namesTimedWait, normalisedFailure } from './control-quick.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const OUT = path.join(ROOT, 'test/support/control-timeouts.json');

interface DumpLine {
  readonly case: string;
  readonly breaks: string;
  readonly status: string;
  readonly message: string;
  readonly timeoutMs?: number;
}

/** Runs every control once at its full timeout; returns case → breaks → normalised message of the faulty halves that failed on a timed wait. */
function recordOnce(dump: string): Record<string, Record<string, string>> {
  const mocha = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/mocha/bin/mocha.js'), '--config', '.mocharc.json', '--grep', 'negative controls ', '--reporter', 'dot'],
    { cwd: ROOT, env: { ...process.env, XC_CONTROL_DUMP: dump }, stdio: 'inherit' },
  );
  if (mocha.status !== 0) throw new Error(`the negative controls did not all pass (mocha exit ${String(mocha.status)}); ${OUT} left as it was`);
  const controls: Record<string, Record<string, string>> = {};
  for (const line of readFileSync(dump, 'utf8').split('\n').filter(Boolean)) {
    const d = JSON.parse(line) as DumpLine;
    if (d.status !== 'failed' || d.timeoutMs === undefined) continue;
    const normalised = normalisedFailure(d.message, d.timeoutMs);
    if (namesTimedWait(normalised)) (controls[d.case] ??= {})[d.breaks] = normalised;
  }
  return controls;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'xc-control-timeouts-'));
try {
  // twice: a message that differs between two runs (a random name in it) could never match, so it is left out
  const first = recordOnce(path.join(dir, 'first.jsonl'));
  const second = recordOnce(path.join(dir, 'second.jsonl'));
  // what both runs agree on, in a stable order
  const sorted: Record<string, Record<string, string>> = {};
  for (const id of Object.keys(first).sort()) {
    for (const [breaks, message] of Object.entries(first[id] ?? {}).sort(([x], [y]) => x.localeCompare(y))) {
      if (second[id]?.[breaks] === message) (sorted[id] ??= {})[breaks] = message;
    }
  }
  const about =
    'Written by `npm run control-timeouts`: the faulty halves of negative controls whose case fails on a wait that runs out, with the failure message at the full step timeout (normalised: see test/support/control-quick.ts), the same in two runs. Only a speed-up: a missing or stale entry costs time, never a verdict.';
  writeFileSync(OUT, JSON.stringify({ about, controls: sorted }, null, 2) + '\n');
  const n = Object.values(sorted).reduce((a, m) => a + Object.keys(m).length, 0);
  process.stdout.write(`wrote ${path.relative(ROOT, OUT)}: ${n} faulty halves in ${Object.keys(sorted).length} cases\n`);
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
