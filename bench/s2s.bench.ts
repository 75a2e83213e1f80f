// The s2s area against lab servers it starts itself (127.0.0.1 only): how long the whole area
// takes per server, with the lab DNS served as `run --lab-dns` serves it. Each server that is
// installed and hands out s2s run flags is measured in turn.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveConfig } from '../harness/config.js';
import { LabDns, LabZone } from '../harness/dns/index.js';
import { labDown, labUp, type LabName } from '../harness/lab/index.js';
import { which } from '../harness/lab/process.js';
import { createReporters } from '../harness/report/index.js';
import { runSuite } from '../harness/runner/index.js';
import { allCases } from '../suites/index.js';
import type { Benchmark } from './types.js';

/** Below the ephemeral range, clear of the other benchmarks' and the tests' bases. */
const PORT_BASES: Readonly<Record<string, number>> = { prosody: 24422, ejabberd: 24522, jabberd2: 24622 };
const BINARIES: Readonly<Record<string, string>> = { prosody: 'prosody', ejabberd: 'ejabberdctl', jabberd2: 'jabberd2-c2s' };

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
      const info = await labUp(server, { stateRoot, portBase: PORT_BASES[server] ?? 24422, portFallbacks: 3, log: () => undefined });
      let dns: LabDns | undefined;
      try {
        const s = info.s2s;
        if (!s || !info.s2sRunArgs) {
          print(`${server}: skipped (the lab runs no s2s side for it)`);
          continue;
        }
        const [host, port] = s.dns.split(':');
        dns = await LabDns.start(new LabZone(), host, Number(port));
        await new Promise((r) => setTimeout(r, 1200));
        const config = resolveConfig({
          target: info.target, domain: info.domain, ca: info.ca, account: [...info.accounts], area: 's2s', reporter: 'json', out, seed: '1',
          s2sTarget: s.target, s2sTargetDomain: s.domain, s2sCa: s.ca, s2sCaKey: s.caKey, s2sAccount: [...s.accounts],
        });
        const t0 = Date.now();
        const report = await runSuite(allCases, config, createReporters(config.reporters, { outDir: out }), { labZone: dns.zone });
        const ms = Date.now() - t0;
        const sm = report.summary;
        print(`${server} ${info.version}: ${sm.total} s2s cases in ${(ms / 1000).toFixed(1)} s (${sm.passed} passed, ${sm.failed} failed, ${sm.skipped} skipped, ${sm.errored} errored)`);
      } finally {
        await dns?.stop();
        await labDown(server, { stateRoot, portBase: info.ports.c2s }).catch(() => undefined);
        rmSync(out, { recursive: true, force: true });
      }
    }
  },
};
