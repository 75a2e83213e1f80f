// --level-suite on the command line and in a run: a bad name is one line and exit 2; a run selects
// the cases its levels need and every run's report carries the level verdicts, baselines included.
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineCase, type CaseDefinition } from '../../harness/cases/index.js';
import { resolveConfig, type RunOptions } from '../../harness/config.js';
import { documentsCited } from '../../harness/levels/index.js';
import { createReporters, readReport } from '../../harness/report/index.js';
import { runSuite, type Report } from '../../harness/runner/index.js';
import { FakeServer } from '../support/fake-server/fake-server.js';
import { cli, expectOneLine } from '../support/cli-process.js';

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'xc-levels-'));
const ACCOUNTS = ['--account', 'alice@localhost:secret-alice', '--account', 'bob@localhost:secret-bob', '--account', 'carol@localhost:secret-carol'];

describe('command line: --level-suite', function () {
  this.timeout(60_000);

  it('an unknown level suite exits 2 with one line naming the valid ones, before any traffic', async () => {
    const r = await cli(['run', '--target', 'xmpp://127.0.0.1:1', '--domain', 'localhost', '--level-suite', 'xep0479-core-server,xep0479-gold']);
    expect(r.code).to.equal(2);
    expectOneLine(r.stderr);
    expect(r.stderr).to.match(
      /^xmpp-conformance: --level-suite 'xep0479-gold' is not a level suite; one of xep0479-core-server, xep0479-core-advanced-server, /,
    );
  });

  it('--help names the flag', async () => {
    const r = await cli(['--help']);
    expect(r.stdout).to.include('[--level-suite NAME[,NAME] ...]');
  });

  describe('against the fake server', () => {
    let server: FakeServer;
    before(async () => {
      server = await FakeServer.start();
    });
    after(async () => server.stop());

    it("runs only cases citing the levels' documents, narrowed by --area/--grep, and reports their verdicts", async () => {
      const out = tmp();
      const r = await cli([
        'run',
        '--target',
        server.url,
        '--domain',
        'localhost',
        '--ca',
        server.cert.certFile,
        ...ACCOUNTS,
        '--out',
        out,
        '--reporter',
        'console,json',
        '--area',
        'stream',
        '--grep',
        'header',
        '--level-suite',
        'xep0479-core-server',
        '--level-suite',
        'xep0479-core-advanced-server',
      ]);
      const report = readReport(path.join(out, 'report.json'));
      expect(report.results.length, r.stdout).to.be.greaterThan(0);
      const core = new Set(['RFC 6120', 'RFC 7590', 'XEP-0030', 'XEP-0114', 'XEP-0368', 'XEP-0115', 'XEP-0163']);
      for (const x of report.results) {
        expect(x.area).to.equal('stream');
        expect(
          [...documentsCited(x)].some((d) => core.has(d)),
          x.id,
        ).to.equal(true);
      }
      expect(report.levels?.map((l) => l.name)).to.deep.equal(['xep0479-core-server', 'xep0479-core-advanced-server']);
      const discovery = report.levels?.[0]?.lines.find((l) => l.documents.includes('XEP-0030'));
      expect(discovery?.verdict).to.equal('not-assessed');
      expect(report.levels?.[0]?.verdict).to.not.equal('met');
      expect(r.stdout).to.include('Compliance levels (XEP-0479 0.1.0, server side');
      expect(r.stdout).to.match(/XEP-0479 Core Advanced Server \(xep0479-core-advanced-server\)/);
    });

    describe('in-process runs', () => {
      const knownFail = defineCase({
        id: 'rfc7590/tls/xc-known',
        title: 'fails, listed in the baseline',
        area: 'tls',
        role: 'server',
        refs: [{ rfc: 7590, section: '3.1', level: 'MUST' }],
        requirements: ['rfc7590-3.1-x'],
        tags: [],
        async run(t) {
          t.fail('always', 'never');
        },
      });
      const passes = defineCase({
        id: 'rfc6120/stream/xc-passes',
        title: 'passes',
        area: 'stream',
        role: 'server',
        refs: [{ rfc: 6120, section: '4.1', level: 'MUST' }],
        requirements: ['rfc6120-4.1-x'],
        tags: [],
        async run() {},
      });
      const imOnly = defineCase({
        id: 'rfc6121/im/xc-im',
        title: 'an IM case',
        area: 'im',
        role: 'server',
        refs: [{ rfc: 6121, section: '2.1', level: 'MUST' }],
        requirements: ['rfc6121-2.1-x'],
        tags: [],
        async run() {},
      });
      const CASES: CaseDefinition[] = [knownFail, passes, imOnly];

      async function run(extra: RunOptions): Promise<Report> {
        const out = tmp();
        const config = resolveConfig({ target: server.url, domain: server.domain, ca: server.cert.certFile, out, reporter: 'json', seed: '1', ...extra });
        return runSuite(CASES, config, createReporters(config.reporters, { outDir: out }));
      }

      it('without --level-suite every case runs and the report assesses the default levels', async () => {
        const report = await run({});
        expect(report.results.map((x) => x.id).sort()).to.deep.equal(['rfc6120/stream/xc-passes', 'rfc6121/im/xc-im', 'rfc7590/tls/xc-known']);
        expect(report.levels?.map((l) => l.name)).to.deep.equal([
          'xep0479-core-server',
          'xep0479-core-advanced-server',
          'xep0479-im-server',
          'xep0479-im-advanced-server',
        ]);
        expect(report.levels?.[0]?.lines[1]?.verdict).to.equal('not-met');
      });

      it('a baseline\'s known deviation leaves its line "not met (known deviations)", never met', async () => {
        const dir = tmp();
        const baseline = path.join(dir, 'baseline.json');
        writeFileSync(baseline, JSON.stringify({ schema: 'xmpp-conformance/baseline@1', entries: [{ id: 'rfc7590/tls/xc-known', reason: 'known' }] }));
        const report = await run({ baseline, levelSuite: ['xep0479-core-server'] });
        expect(report.results.map((x) => x.id).sort()).to.deep.equal(['rfc6120/stream/xc-passes', 'rfc7590/tls/xc-known']);
        expect(report.summary['expected-fail']).to.equal(1);
        const level = report.levels?.[0];
        expect(level?.lines.map((l) => l.verdict)).to.deep.equal(['met', 'not-met-known-deviations', 'not-assessed', 'not-assessed']);
        expect(level?.verdict).to.equal('not-met-known-deviations');
      });
    });
  });
});
