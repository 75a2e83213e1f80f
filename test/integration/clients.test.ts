// Real clients under `serve`: npm's @xmpp/client and Debian's slixmpp, each started once per client
// case by --client-cmd's launcher, fail only where they are known to deviate (baselines/*.json, each
// entry checked against the library's source) and never error.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createReporters } from '../../harness/report/index.js';
import type { Report } from '../../harness/runner/index.js';
import { commandLauncher, isClientCase, resolveServeConfig, runServe } from '../../harness/serve/index.js';
import { allCases } from '../../suites/index.js';

interface RealClient {
  readonly name: string;
  readonly clientCmd: string;
  readonly baseline: string;
  readonly minPassed: number;
}

function describeRealClient(c: RealClient): void {
  describe(`real ${c.name} under serve @integration`, function () {
    this.timeout(600_000);
    let report: Report;
    let out: string;

    before(async () => {
      out = mkdtempSync(path.join(os.tmpdir(), 'xc-clients-'));
      const config = resolveServeConfig({
        listen: '127.0.0.1:0',
        domain: 'localhost',
        timeout: '3000',
        clientCmd: c.clientCmd,
        // three clients at a time, each on a port of its own: 38 s for both clients instead of 105 s
        // one at a time, every verdict the same
        concurrency: '3',
        baseline: c.baseline,
        strictBaseline: true,
        seed: '1',
      });
      const launcher = commandLauncher(config.clientCmd ?? '', process.env);
      report = await runServe(allCases.filter(isClientCase), config, createReporters(['json'], { outDir: out }), launcher);
    });

    after(() => rmSync(out, { recursive: true, force: true }));

    it('runs every client case, none errored, every skip with its reason', () => {
      expect(report.results.length).to.equal(allCases.filter(isClientCase).length);
      expect(report.results.filter((r) => r.status === 'errored').map((r) => `${r.id}: ${r.message ?? ''}`)).to.deep.equal([]);
      for (const r of report.results.filter((x) => x.status === 'skipped')) expect(r.message, r.id).to.be.a('string').and.not.equal('');
      expect(report.results.filter((r) => r.status === 'passed').length).to.be.at.least(c.minPassed);
    });

    it(`fails only where ${c.name} is known to deviate, and every listed deviation still fails`, () => {
      expect(
        report.results.filter((r) => r.status === 'failed').map((r) => `${r.id}: ${r.message ?? ''}`),
        `failures not in ${c.baseline}`,
      ).to.deep.equal([]);
      expect(
        report.results.filter((r) => r.status === 'fixed').map((r) => r.id),
        'known deviations that now pass',
      ).to.deep.equal([]);
    });
  });
}

describeRealClient({
  name: '@xmpp/client',
  clientCmd: 'NODE_EXTRA_CA_CERTS="$XC_CA_FILE" node test/support/clients/xmpp-js-client.mjs',
  baseline: 'baselines/xmpp-js-client.json',
  minPassed: 30,
});

describeRealClient({
  name: 'slixmpp',
  clientCmd: '/usr/bin/python3 test/support/clients/slixmpp-client.py',
  baseline: 'baselines/slixmpp.json',
  minPassed: 30,
});
