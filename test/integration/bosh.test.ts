// The suite over BOSH (XEP-0124, XEP-0206, https://) against a real Prosody from the lab
// (@integration), on its own port base. Nothing may error, and every failure must be one of
// Prosody's known deviations over TCP (baselines/prosody.json).
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../../harness/config.js';
import { labDown, labUp, type LabInfo } from '../../harness/lab/index.js';
import { createReporters } from '../../harness/report/index.js';
import { runSuite, type Report } from '../../harness/runner/index.js';
import { allCases } from '../../suites/index.js';
import { labRunOptions } from '../support/lab-run-options.js';
import { TEST_PORT_BASES, TEST_PORT_FALLBACKS } from '../support/ports.js';

const BASELINE = fileURLToPath(new URL('../../../baselines/prosody.json', import.meta.url));

describe('real Prosody from the lab over BOSH (https://) @integration', function () {
  this.timeout(240_000);
  const stateRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-it-bosh-'));
  let info: LabInfo;
  let report: Report;

  before(async () => {
    info = await labUp('prosody', { stateRoot, portBase: TEST_PORT_BASES.integrationBosh, portFallbacks: TEST_PORT_FALLBACKS });
    expect(info.secureBosh, 'the lab Prosody announces its https:// BOSH endpoint').to.be.a('string');
    const out = mkdtempSync(path.join(os.tmpdir(), 'xc-it-bosh-report-'));
    const config = resolveConfig(
      labRunOptions(info, out, {
        target: info.secureBosh,
        reporter: 'json',
        seed: '7',
        timeout: '3000',
        concurrency: '4',
        // an account set per lane (the lab's runArgs add it too): with the lab's accounts alone, the
        // cases that change account state would run one at a time
        register: info.registration,
        baseline: BASELINE,
        strictBaseline: true,
      }),
    );
    report = await runSuite(allCases, config, createReporters(config.reporters, { outDir: out }));
  });

  after(async () => {
    if (info) await labDown('prosody', { stateRoot, portBase: info.ports.c2s }).catch(() => undefined);
  });

  it('logs in and runs the SASL, bind, stanza, IM and address cases with none errored', () => {
    const errored = report.results.filter((r) => r.status === 'errored').map((r) => `${r.id}: ${r.message ?? ''}`);
    expect(errored).to.deep.equal([]);
    const ran = report.results.filter((r) => ['sasl', 'bind', 'stanza', 'im', 'address'].includes(r.area) && r.status !== 'skipped');
    expect(ran.length).to.be.at.least(150);
  });

  it('fails only where Prosody is known to deviate over TCP too (baselines/prosody.json)', () => {
    const unexplained = report.results.filter((r) => r.status === 'failed').map((r) => `${r.id}: ${r.message ?? ''}`);
    expect(unexplained).to.deep.equal([]);
    expect(report.summary['expected-fail']).to.be.greaterThan(0);
  });

  it('skips the stream-level and TLS cases of the TCP binding, saying why', () => {
    for (const r of report.results.filter((x) => x.area === 'stream' || x.area === 'tls')) {
      expect(r.status, r.id).to.equal('skipped');
      expect(r.message, r.id).to.match(/BOSH/);
    }
  });

  it('learns the server software from XEP-0092 over BOSH', () => {
    expect(report.target.software?.name).to.match(/prosody/i);
  });
});
