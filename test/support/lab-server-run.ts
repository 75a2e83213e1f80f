// The whole suite against a real ejabberd or jabberd2 from the lab (@integration), under its
// checked-in baseline, strictly: a failure that is not a known, explained deviation (README.md
// "Known deviations") fails the test, and so does a listed deviation that now passes. Each server
// has a test file of its own (test/integration/ejabberd.test.ts, jabberd2.test.ts), so npm test's
// second pass can run them side by side.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAccount, parseTarget, resolveConfig } from '../../harness/config.js';
import { fuzzServer } from '../../harness/fuzz/index.js';
import { labDown, labUp, type LabInfo, type LabName } from '../../harness/lab/index.js';
import { createReporters } from '../../harness/report/index.js';
import { runSuite, type Report } from '../../harness/runner/index.js';
import { allCases } from '../../suites/index.js';
import { s2sRunOptions, serveLabDns } from './lab-s2s.js';
import { componentRunOptions } from './lab-component.js';
import { labRunOptions } from './lab-run-options.js';
import { TEST_PORT_BASES, TEST_PORT_FALLBACKS } from './ports.js';

interface FuzzBudget {
  /** sequences per stage */
  readonly runs: number;
  /** pause before each connection: jabberd2's c2s hands a late packet for a closed connection to the next one on the same fd (README.md, "What fuzz server found") */
  readonly connectPauseMs: number;
}

/**
 * What the pep area (XEP-0163) does on the server: 'runs' (only the listed cases skipped, each
 * saying why), or 'skipped' (the lab's server has no PEP: every case skipped for that reason).
 */
type PepExpectation = { readonly runs: readonly string[] } | 'skipped';

/** disco cases a server's lab gives nothing to check (ejabberd lists its pubsub service, loaded for PEP, as a server item) (README.md, "Service discovery (`disco`) on the lab servers") */
const NO_COMMANDS = ['server-info-node-echoed'];
const NO_ITEMS_NO_COMMANDS = [...NO_COMMANDS, 'server-items-jid', 'server-items-no-text', 'server-items-node-not-empty'];
const NO_CAPS = ['server-caps-attributes', 'server-caps-feature-listed', 'server-caps-header-from', 'server-caps-node-answered', 'server-caps-ver-matches'];

/** One lab server's run and what the test expects of it. */
export interface LabServerRun {
  readonly name: LabName;
  readonly portBase: number;
  /** the server's binary: without it (or without root) the run is skipped */
  readonly binary: string;
  /** what XEP-0092 must name */
  readonly software: RegExp;
  /** cases in flight */
  readonly concurrency: number;
  /** an account set per lane (the lab's runArgs add --register): without, the lab's accounts are one set and the cases that change account state run one at a time */
  readonly register: boolean;
  /** the least share of the cases that ran which must pass */
  readonly minPassed: number;
  readonly fuzz: FuzzBudget;
  readonly pep: PepExpectation;
  /** the disco cases (last id segment) that must be skipped */
  readonly discoSkipped: readonly string[];
}

// ejabberd 23.01 does not advertise pubsub#config-node-max, which pubsub#max_items='max' needs
export const EJABBERD_RUN: LabServerRun = {
  name: 'ejabberd',
  portBase: TEST_PORT_BASES.integrationEjabberd,
  binary: '/usr/sbin/ejabberdctl',
  software: /ejabberd/i,
  // With more than one PEP case creating nodes at a time, its PEP auto-create now and then answers
  // a publish with <item-not-found/>: with an account set per lane three pep cases failed in one
  // run at the default concurrency and one at concurrency 2 (README.md, ejabberd). The lab's own
  // setting (LAB_RUN_CONCURRENCY, LAB_RUN_ONE_ACCOUNT_SET), which the matrix uses too.
  concurrency: 2,
  register: false,
  minPassed: 0.8,
  fuzz: { runs: 20, connectPauseMs: 0 },
  pep: { runs: ['xep0060/pep/publish-options-max-items-max'] },
  discoSkipped: NO_COMMANDS,
};

// jabberd2's mod_pep only adds the disco identity and features (README, "Known deviations"); the lab leaves it off
export const JABBERD2_RUN: LabServerRun = {
  name: 'jabberd2',
  portBase: TEST_PORT_BASES.integrationJabberd2,
  binary: '/usr/sbin/jabberd2-c2s',
  software: /jabberd/i,
  // the lab's setting (LAB_RUN_CONCURRENCY in harness/lab/instance.ts): stray errors at more
  concurrency: 2,
  // With an account set per lane (the account-changing cases two at a time, more connections
  // opening and closing at once) a stray <internal-server-error/> answered an <auth/> before
  // STARTTLS in one run and turned that known deviation "fixed"; without, no stray error reached a
  // verdict in the runs so far.
  register: false,
  minPassed: 0.65,
  fuzz: { runs: 10, connectPauseMs: 300 },
  pep: 'skipped',
  discoSkipped: [...NO_ITEMS_NO_COMMANDS, ...NO_CAPS, 'feature-carbons-works'],
};

/** The whole suite, a fuzz budget and the area checks against `server`'s lab. */
export function describeLabServerRun(server: LabServerRun): void {
  describe(`real ${server.name} from the lab @integration`, function () {
    this.timeout(400_000);
    const stateRoot = mkdtempSync(path.join(os.tmpdir(), `xc-it-${server.name}-`));
    const baseline = fileURLToPath(new URL(`../../../baselines/${server.name}.json`, import.meta.url));
    let info: LabInfo | undefined;
    let report: Report;

    before(async function () {
      if (!existsSync(server.binary) || process.getuid?.() !== 0) this.skip();
      info = await labUp(server.name, { stateRoot, portBase: server.portBase, portFallbacks: TEST_PORT_FALLBACKS, log: () => undefined });
      const out = mkdtempSync(path.join(os.tmpdir(), `xc-it-${server.name}-report-`));
      const config = resolveConfig(
        labRunOptions(info, out, {
          reporter: 'json,junit',
          seed: '7',
          // the step timeout Prosody's run uses: a known deviation that shows as silence costs 3 s, not 5
          timeout: '3000',
          concurrency: String(server.concurrency),
          register: server.register && info.registration,
          baseline,
          strictBaseline: true,
          // the federating side, where the lab runs one: the s2s area runs against it too
          ...s2sRunOptions(info),
          // the external component, where the lab runs one: the component area runs against it
          ...componentRunOptions(info),
        }),
      );
      const dns = await serveLabDns(info);
      try {
        report = await runSuite(allCases, config, createReporters(config.reporters, { outDir: out }), dns ? { labZone: dns.zone } : {});
      } finally {
        await dns?.stop();
      }
    });

    after(async () => {
      if (info) await labDown(server.name, { stateRoot, portBase: info.ports.c2s }).catch(() => undefined);
    });

    it('runs every case with none errored, and every skip names its reason', () => {
      const errored = report.results.filter((r) => r.status === 'errored').map((r) => `${r.id}: ${r.message ?? ''}`);
      // Client-role cases play the server against a client; only `serve` runs them.
      expect(report.results.length).to.equal(allCases.filter((c) => c.role !== 'client').length);
      expect(errored).to.deep.equal([]);
      for (const r of report.results.filter((x) => x.status === 'skipped')) expect(r.message, r.id).to.be.a('string').and.not.equal('');
    });

    it(`fails only where ${server.name} is known to deviate (baselines/${server.name}.json), and every listed deviation still fails`, () => {
      const unexplained = report.results.filter((r) => r.status === 'failed').map((r) => `${r.id}: ${r.message ?? ''}`);
      expect(unexplained, `failures not in baselines/${server.name}.json`).to.deep.equal([]);
      const fixed = report.results.filter((r) => r.status === 'fixed').map((r) => r.id);
      expect(fixed, 'known deviations that now pass: take them off the baseline').to.deep.equal([]);
    });

    it(`stays alive through a fixed fuzz budget (seed 1, ${server.fuzz.runs} sequences per stage, liveness oracle)`, async function () {
      if (!info) this.skip();
      const target = parseTarget(info.target, info.domain, { ca: readFileSync(info.ca, 'utf8') });
      const { runs, connectPauseMs } = server.fuzz;
      const summary = await fuzzServer({
        target,
        account: parseAccount(info.accounts[0] ?? ''),
        runs,
        seed: 1,
        timeoutMs: 3000,
        protocolOracle: false,
        connectPauseMs,
      });
      expect(summary.failures.map((f) => `${f.kind}: ${f.message} (${f.counterexample})`)).to.deep.equal([]);
      expect(summary.runs).to.equal(2 * runs);
    });

    it('runs the component area where the lab runs an external component, none skipped', function () {
      if (!info?.component) this.skip();
      const component = report.results.filter((r) => r.area === 'component');
      expect(component.length).to.be.at.least(7);
      expect(component.filter((r) => r.status === 'skipped').map((r) => `${r.id}: ${r.message ?? ''}`)).to.deep.equal([]);
    });

    it(
      server.pep === 'skipped' ? 'skips every pep case, saying the server shows no PEP' : 'runs the pep area (XEP-0163), none skipped but those listed',
      function () {
        if (!report) this.skip();
        const pep = report.results.filter((r) => r.area === 'pep');
        expect(pep.length).to.be.at.least(35);
        const skipped = pep.filter((r) => r.status === 'skipped');
        if (server.pep === 'skipped') {
          expect(skipped.length).to.equal(pep.length);
          for (const r of skipped) expect(r.message, r.id).to.match(/shows no PEP/);
        } else {
          const allowed = server.pep.runs;
          expect(skipped.filter((r) => !allowed.includes(r.id)).map((r) => `${r.id}: ${r.message ?? ''}`)).to.deep.equal([]);
        }
      },
    );

    it('runs the disco area (XEP-0030, XEP-0115), skipping only where the server lists nothing to check', () => {
      const disco = report.results.filter((r) => r.area === 'disco');
      expect(disco.length).to.be.at.least(38);
      const skipped = disco.filter((r) => r.status === 'skipped').map((r) => r.id.split('/')[2] ?? r.id);
      expect([...skipped].sort()).to.deep.equal([...server.discoSkipped].sort());
    });

    it('passes most cases and learns the server software from XEP-0092', () => {
      // of the cases that ran: a skipped case (an area the server's lab does not offer) is no failure
      const ran = report.summary.total - report.summary.skipped;
      expect(report.summary.passed / ran).to.be.at.least(server.minPassed);
      expect(report.target.software?.name).to.match(server.software);
    });
  });
}
