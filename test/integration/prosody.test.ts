// The whole suite against a real Prosody from the lab (@integration). Every failure must be a
// known, explained deviation (README.md "Known deviations"); anything else fails this test.
import { expect } from 'chai';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAccount, parseTarget, resolveConfig } from '../../harness/config.js';
import { fuzzServer } from '../../harness/fuzz/index.js';
import { labDown, labUp, type LabInfo } from '../../harness/lab/index.js';
import { createReporters } from '../../harness/report/index.js';
import { runSuite, type Report } from '../../harness/runner/index.js';
import { allCases } from '../../suites/index.js';
import { fileURLToPath } from 'node:url';
import { s2sRunOptions, serveLabDns, SKIPPED_WHEN_DIALBACK_ALLOWED } from '../support/lab-s2s.js';
import { componentRunOptions } from '../support/lab-component.js';
import { labRunOptions } from '../support/lab-run-options.js';
import type { LabDns } from '../../harness/dns/index.js';
import { TEST_PORT_BASES, TEST_PORT_FALLBACKS } from '../support/ports.js';

/** The checked-in known deviations (README.md explains each); CI runs against it, strictly. */
const BASELINE = fileURLToPath(new URL('../../../baselines/prosody.json', import.meta.url));

function configFor(info: LabInfo, out: string, extra: { grep?: string; repeat?: string; target?: string; concurrency?: string } = {}) {
  return resolveConfig(
    labRunOptions(info, out, {
      reporter: 'json,junit',
      seed: '7',
      timeout: '3000',
      // the default concurrency, and an account set per lane as `npm start` gets them (the lab's runArgs)
      register: info.registration,
      baseline: BASELINE,
      strictBaseline: true,
      // the federating side the lab runs: the s2s area runs against it too
      ...s2sRunOptions(info),
      // and the component area against its external component (XEP-0114)
      ...componentRunOptions(info),
      ...extra,
    }),
  );
}

/**
 * The whole suite at --concurrency 1 against a Prosody of its own (a second lab instance, with its
 * own DNS), so it can run while the tests after it use the first: at concurrency 1 it is a minute
 * of mostly waiting, and one case at a time adds little load beside them.
 */
async function serialRun(stateRoot: string): Promise<Report> {
  const info = await labUp('prosody', { stateRoot, portBase: TEST_PORT_BASES.integrationProsodySerial, portFallbacks: TEST_PORT_FALLBACKS });
  let dns: LabDns | undefined;
  try {
    const out = mkdtempSync(path.join(os.tmpdir(), 'xc-it-serial-'));
    const config = configFor(info, out, { concurrency: '1' });
    dns = await serveLabDns(info);
    return await runSuite(allCases, config, createReporters(['json'], { outDir: out }), dns ? { labZone: dns.zone } : {});
  } finally {
    await dns?.stop();
    await labDown('prosody', { stateRoot, portBase: info.ports.c2s }).catch(() => undefined);
  }
}

describe('real Prosody from the lab @integration', function () {
  this.timeout(300_000);
  const stateRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-it-'));
  const serialStateRoot = mkdtempSync(path.join(os.tmpdir(), 'xc-it-serial-state-'));
  let info: LabInfo;
  let report: Report;
  let dns: LabDns | undefined;
  /** the run at --concurrency 1, started once the default run is done (that one alone on the machine) */
  let serial: Promise<Report> | undefined;

  before(async () => {
    info = await labUp('prosody', { stateRoot, portBase: TEST_PORT_BASES.integrationProsody, portFallbacks: TEST_PORT_FALLBACKS });
    const out = mkdtempSync(path.join(os.tmpdir(), 'xc-it-report-'));
    const config = configFor(info, out);
    dns = await serveLabDns(info);
    report = await runSuite(allCases, config, createReporters(config.reporters, { outDir: out }), dns ? { labZone: dns.zone } : {});
    serial = serialRun(serialStateRoot);
    // awaited by its test; until then a rejection must not count as unhandled
    serial.catch(() => undefined);
  });

  after(async () => {
    await serial?.catch(() => undefined);
    await dns?.stop();
    if (info) await labDown('prosody', { stateRoot, portBase: info.ports.c2s }).catch(() => undefined);
  });

  it('runs at least 50 cases with none errored', () => {
    const errored = report.results.filter((r) => r.status === 'errored').map((r) => `${r.id}: ${r.message ?? ''}`);
    expect(report.results.length).to.be.at.least(50);
    expect(errored).to.deep.equal([]);
  });

  it('runs at least 80 stanza and IM cases (RFC 6120 §8-10, RFC 6121), at least 80% passing', () => {
    const im = report.results.filter((r) => r.area === 'stanza' || r.area === 'im');
    expect(im.length).to.be.at.least(80);
    expect(im.filter((r) => r.status === 'passed').length / im.length).to.be.at.least(0.8);
  });

  it('passes at least 80% of the cases', () => {
    expect(report.summary.passed / report.summary.total).to.be.at.least(0.8);
  });

  it('fails only where Prosody is known to deviate (baselines/prosody.json), and every listed deviation still fails', () => {
    const unexplained = report.results.filter((r) => r.status === 'failed').map((r) => `${r.id}: ${r.message ?? ''}`);
    expect(unexplained, 'failures not in baselines/prosody.json').to.deep.equal([]);
    const fixed = report.results.filter((r) => r.status === 'fixed').map((r) => r.id);
    expect(fixed, 'known deviations that now pass: take them off the baseline').to.deep.equal([]);
    expect(report.summary['expected-fail']).to.be.greaterThan(0);
  });

  it('--repeat 3 finds no flaky case (every case has the same status in three runs)', async function () {
    // three runs of the whole suite: past 300 s on a loaded machine since the disco area came
    this.timeout(480_000);
    const out = mkdtempSync(path.join(os.tmpdir(), 'xc-it-repeat-'));
    const config = configFor(info, out, { repeat: '3' });
    const repeated = await runSuite(allCases, config, createReporters(['json'], { outDir: out }), dns ? { labZone: dns.zone } : {});
    expect(repeated.repeat?.flaky ?? [], 'cases whose status changed between runs').to.deep.equal([]);
  });

  it("runs the s2s area against the lab's federating side, none skipped but the certificates-required ones", () => {
    const s2s = report.results.filter((r) => r.area === 's2s');
    expect(s2s.length).to.be.at.least(20);
    const skipped = s2s.filter((r) => r.status === 'skipped' && !SKIPPED_WHEN_DIALBACK_ALLOWED.includes(r.id));
    expect(skipped.map((r) => `${r.id}: ${r.message ?? ''}`)).to.deep.equal([]);
  });

  it("runs the component area against the lab's external component, none skipped", () => {
    const component = report.results.filter((r) => r.area === 'component');
    expect(component.length).to.be.at.least(7);
    expect(component.filter((r) => r.status === 'skipped').map((r) => `${r.id}: ${r.message ?? ''}`)).to.deep.equal([]);
  });

  it('runs the pep area (XEP-0163: mod_pep), none skipped', () => {
    const pep = report.results.filter((r) => r.area === 'pep');
    expect(pep.length).to.be.at.least(35);
    expect(pep.filter((r) => r.status === 'skipped').map((r) => `${r.id}: ${r.message ?? ''}`)).to.deep.equal([]);
  });

  it('runs the disco area (XEP-0030, XEP-0115), none skipped', () => {
    const disco = report.results.filter((r) => r.area === 'disco');
    expect(disco.length).to.be.at.least(38);
    expect(disco.filter((r) => r.status === 'skipped').map((r) => `${r.id}: ${r.message ?? ''}`)).to.deep.equal([]);
  });

  it('learns the server software from XEP-0092', () => {
    expect(report.target.software?.name).to.match(/prosody/i);
  });

  it('stays alive through a fixed fuzz budget (seed 1, 20 sequences per stage, liveness oracle)', async () => {
    const target = parseTarget(info.target, info.domain, { ca: readFileSync(info.ca, 'utf8') });
    const summary = await fuzzServer({ target, account: parseAccount(info.accounts[0] ?? ''), runs: 20, seed: 1, timeoutMs: 3000, protocolOracle: false });
    expect(summary.failures.map((f) => `${f.kind}: ${f.message} (${f.counterexample})`)).to.deep.equal([]);
    expect(summary.runs).to.equal(40);
  });

  it('every skip names its reason', () => {
    for (const r of report.results.filter((x) => x.status === 'skipped')) expect(r.message, r.id).to.be.a('string').and.not.equal('');
  });

  describe('over WebSocket (RFC 7395, wss://)', () => {
    let ws: Report;
    before(async () => {
      const out = mkdtempSync(path.join(os.tmpdir(), 'xc-it-ws-'));
      const config = configFor(info, out, { target: info.secureWebsocket });
      ws = await runSuite(allCases, config, createReporters(['json'], { outDir: out }), dns ? { labZone: dns.zone } : {});
    });

    it('logs in and runs the SASL, bind, stanza, IM and address cases with none errored', () => {
      const errored = ws.results.filter((r) => r.status === 'errored').map((r) => `${r.id}: ${r.message ?? ''}`);
      expect(errored).to.deep.equal([]);
      const ran = ws.results.filter((r) => ['sasl', 'bind', 'stanza', 'im', 'address'].includes(r.area) && r.status !== 'skipped');
      expect(ran.length).to.be.at.least(150);
    });

    it('fails only where Prosody is known to deviate over TCP too (baselines/prosody.json)', () => {
      const unexplained = ws.results.filter((r) => r.status === 'failed').map((r) => `${r.id}: ${r.message ?? ''}`);
      expect(unexplained).to.deep.equal([]);
    });

    it('skips the stream-level and TLS cases of the TCP binding, saying why', () => {
      for (const r of ws.results.filter((x) => x.area === 'stream' || x.area === 'tls')) {
        expect(r.status, r.id).to.equal('skipped');
        expect(r.message, r.id).to.match(/WebSocket/);
      }
    });
  });

  // last, so the tests above run on the first instance while this run goes on on the second
  describe('at --concurrency 1, on a second instance', () => {
    it('gives every case at --concurrency 1 the status it got at the default concurrency', async () => {
      if (!serial) throw new Error('the run at --concurrency 1 did not start');
      const one = await serial;
      const parallel = new Map(report.results.map((r) => [r.id, r.status]));
      expect(one.results.map((r) => r.id)).to.deep.equal(report.results.map((r) => r.id));
      const differ = one.results
        .filter((r) => parallel.get(r.id) !== r.status)
        .map((r) => `${r.id}: ${r.status} at concurrency 1, ${parallel.get(r.id)} at the default; ${r.message ?? ''}`);
      expect(differ).to.deep.equal([]);
    });
  });
});
