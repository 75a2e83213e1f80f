// The s2s area against lab servers it starts itself (127.0.0.1 only): how long the whole area
// takes per server, run exactly as `npm start` and the matrix run it (the lab's s2sRunArgs, so
// direct TLS and the lab DNS too, and the server's baseline). The figure is the run's own
// duration, without the lab's start and stop. Each installed server is measured in turn.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../harness/cli/index.js';
import { runAgainstLab } from '../harness/cli/lab-run.js';
import { which } from '../harness/lab/process.js';
import type { LabName } from '../harness/lab/index.js';
import type { Summary } from '../harness/runner/result.js';
import type { Benchmark } from './types.js';

/** Below the ephemeral range, clear of the other benchmarks' and the tests' bases. */
const PORT_BASES: Readonly<Record<string, number>> = { prosody: 24422, ejabberd: 24522, jabberd2: 24622 };
const BINARIES: Readonly<Record<string, string>> = { prosody: 'prosody', ejabberd: 'ejabberdctl', jabberd2: 'jabberd2-c2s' };

const silent = (): Writable => new Writable({ write: (_c, _e, done) => done() });

export const s2sBenchmark: Benchmark = {
  name: 's2s area (lab servers)',
  async run(print) {
    for (const server of ['prosody', 'ejabberd', 'jabberd2'] as LabName[]) {
      if (!which(BINARIES[server] ?? server)) {
        print(`${server}: skipped (not installed)`);
        continue;
      }
      const stateRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-bench-s2s-'));
      const out = mkdtempSync(path.join(os.tmpdir(), 'xc-bench-s2s-out-'));
      try {
        const r = await runAgainstLab(
          server,
          { out, reporters: 'json', extra: ['--area', 's2s'], portBase: PORT_BASES[server] ?? 24422, stateRoot },
          { stdout: silent(), stderr: silent(), env: {} },
          main,
        );
        if (!r.started) {
          print(`${server}: skipped (the lab did not start: ${r.reason})`);
          continue;
        }
        if (!r.info.s2sRunArgs) {
          print(`${server}: skipped (the lab runs no s2s side for it)`);
          continue;
        }
        const report = JSON.parse(readFileSync(r.reportJson ?? path.join(out, 'report.json'), 'utf8')) as { summary: Summary; durationMs: number };
        const sm = report.summary;
        const known = sm['expected-fail'] ? `, ${sm['expected-fail']} known deviations` : '';
        print(
          `${server} ${r.info.version}: ${sm.total} s2s cases in ${(report.durationMs / 1000).toFixed(1)} s (${sm.passed} passed${known}, ${sm.failed} failed, ${sm.skipped} skipped, ${sm.errored} errored; exit ${r.code})`,
        );
      } finally {
        rmSync(out, { recursive: true, force: true });
        rmSync(stateRoot, { recursive: true, force: true });
      }
    }
  },
};
