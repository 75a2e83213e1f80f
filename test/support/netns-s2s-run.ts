// Run inside a network namespace that has only loopback (test/integration/netns.test.ts): a lab
// Prosody, the lab DNS, and the s2s area against it. Prints one JSON line with the summary; any
// lookup or connection that needed more than loopback would fail a case here.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../../harness/config.js';
import { labDown, labUp } from '../../harness/lab/index.js';
import { createReporters } from '../../harness/report/index.js';
import { failedOrErrored, runSuite } from '../../harness/runner/index.js';
import { allCases } from '../../suites/index.js';
import { labRunOptions } from './lab-run-options.js';
import { s2sRunOptions, serveLabDns } from './lab-s2s.js';
import { TEST_PORT_BASES } from './ports.js';

const BASELINE = fileURLToPath(new URL('../../../baselines/prosody.json', import.meta.url));

async function main(): Promise<void> {
  const stateRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-netns-'));
  const info = await labUp('prosody', { stateRoot, portBase: TEST_PORT_BASES.netnsProsody, log: () => undefined });
  try {
    const out = mkdtempSync(path.join(os.tmpdir(), 'xc-netns-report-'));
    const config = resolveConfig(
      labRunOptions(info, out, {
        reporter: 'json',
        seed: '3',
        area: 's2s,stanza',
        baseline: BASELINE,
        ...s2sRunOptions(info),
      }),
    );
    const dns = await serveLabDns(info);
    try {
      const report = await runSuite(allCases, config, createReporters(config.reporters, { outDir: out }), dns ? { labZone: dns.zone } : {});
      const failed = report.results.filter(failedOrErrored).map((r) => `${r.id}: ${r.message ?? ''}`);
      const s2s = report.results.filter((r) => r.area === 's2s');
      process.stdout.write(`${JSON.stringify({ summary: report.summary, failed, s2sRan: s2s.filter((r) => r.status !== 'skipped').length })}\n`);
    } finally {
      await dns?.stop();
    }
  } finally {
    await labDown('prosody', { stateRoot, portBase: info.ports.c2s }).catch(() => undefined);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`netns run: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
