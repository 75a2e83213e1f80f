// Baselines, --fail-on-skip and --repeat, through the real runner against the fake server.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineCase, type CaseDefinition } from '../../../harness/cases/index.js';
import { resolveConfig, type RunOptions } from '../../../harness/config.js';
import { UsageError } from '../../../harness/errors.js';
import { createReporters } from '../../../harness/report/index.js';
import { applyBaseline, baselineFrom, loadBaseline, runSuite, type CaseResult, type Report } from '../../../harness/runner/index.js';
import { exitCodeFor } from '../../../harness/cli/run.js';
import { FakeServer } from '../../support/fake-server/fake-server.js';

const tmp = (): string => mkdtempSync(path.join(os.tmpdir(), 'xc-baseline-'));

function baselineFile(entries: { id: string; reason: string; intermittent?: unknown }[]): string {
  const f = path.join(tmp(), 'baseline.json');
  writeFileSync(f, JSON.stringify({ schema: 'xmpp-conformance/baseline@1', entries }));
  return f;
}

function result(id: string, status: CaseResult['status']): CaseResult {
  return { id, title: id, area: 'stream', role: 'server', refs: [], requirements: [], tags: [], status, durationMs: 1 };
}

let calls = 0;
const CASES: CaseDefinition[] = [
  defineCase({
    id: 'rfc6120/stream/xc-always-passes',
    title: 'passes',
    area: 'stream',
    role: 'server',
    refs: [{ rfc: 6120, section: '4.1', level: 'MUST' }],
    requirements: ['rfc6120-4.1-x'],
    tags: [],
    async run() {},
  }),
  defineCase({
    id: 'rfc6120/stream/xc-always-fails',
    title: 'fails',
    area: 'stream',
    role: 'server',
    refs: [{ rfc: 6120, section: '4.1', level: 'MUST' }],
    requirements: ['rfc6120-4.1-x'],
    tags: [],
    async run(t) {
      t.fail('x', 'y');
    },
  }),
  defineCase({
    id: 'rfc6120/stream/xc-skips',
    title: 'skips',
    area: 'stream',
    role: 'server',
    refs: [{ rfc: 6120, section: '4.1', level: 'MUST' }],
    requirements: ['rfc6120-4.1-x'],
    tags: [],
    async run(t) {
      t.skip('not offered');
    },
  }),
  defineCase({
    id: 'rfc6120/stream/xc-flaky',
    title: 'alternates',
    area: 'stream',
    role: 'server',
    refs: [{ rfc: 6120, section: '4.1', level: 'MUST' }],
    requirements: ['rfc6120-4.1-x'],
    tags: [],
    async run(t) {
      if (++calls % 2 === 0) t.fail('x', 'y');
    },
  }),
];

describe('baselines, skips and repeats', function () {
  this.timeout(30_000);
  let server: FakeServer;
  before(async () => {
    server = await FakeServer.start();
  });
  after(async () => server.stop());

  async function run(extra: RunOptions): Promise<{ report: Report; code: number }> {
    const out = tmp();
    const config = resolveConfig({ target: server.url, domain: server.domain, ca: server.cert.certFile, out, reporter: 'json', seed: '1', ...extra });
    const report = await runSuite(CASES, config, createReporters(config.reporters, { outDir: out }));
    return { report, code: exitCodeFor(report, config) };
  }

  it('a listed failure is expected-fail and does not fail the run; the summary counts it apart', async () => {
    calls = 0;
    const { report, code } = await run({ grep: 'always-fails', baseline: baselineFile([{ id: 'rfc6120/stream/xc-always-fails', reason: 'known: §4.1' }]) });
    expect(report.results[0]?.status).to.equal('expected-fail');
    expect(report.results[0]?.message).to.match(/^known deviation: known: §4\.1/);
    expect(report.summary.failed).to.equal(0);
    expect(report.summary['expected-fail']).to.equal(1);
    expect(code).to.equal(0);
  });

  it('a new failure (not listed) still fails the run', async () => {
    const { code } = await run({ grep: 'always-fails', baseline: baselineFile([{ id: 'rfc6120/stream/xc-other', reason: 'r' }]) });
    expect(code).to.equal(1);
  });

  it("a listed case that passes is 'fixed', and fails the run only under --strict-baseline", async () => {
    const file = baselineFile([{ id: 'rfc6120/stream/xc-always-passes', reason: 'was broken' }]);
    const loose = await run({ grep: 'always-passes', baseline: file });
    expect(loose.report.results[0]?.status).to.equal('fixed');
    expect(loose.code).to.equal(0);
    const strict = await run({ grep: 'always-passes', baseline: file, strictBaseline: true });
    expect(strict.code).to.equal(1);
  });

  it('skips pass by default and fail the run under --fail-on-skip', async () => {
    expect((await run({ grep: 'skips' })).code).to.equal(0);
    expect((await run({ grep: 'skips', failOnSkip: true })).code).to.equal(1);
  });

  it('--repeat 2 reports a case whose status changes between runs as flaky, and fails the run', async () => {
    calls = 0;
    const { report, code } = await run({ grep: 'flaky|always-passes', repeat: '2' });
    expect(report.repeat?.runs).to.equal(2);
    expect(report.repeat?.flaky.map((f) => f.id)).to.deep.equal(['rfc6120/stream/xc-flaky']);
    // the run that failed keeps its message, the one that passed has none
    const messages = report.repeat?.flaky[0]?.messages ?? [];
    expect(messages).to.have.length(2);
    expect(messages.filter((m) => m === null)).to.have.length(1);
    expect(messages.find((m) => m !== null)).to.match(/expected x; got y/);
    expect(code).to.equal(1);
  });

  it('--write-baseline material lists the failures with their messages; loadBaseline reads it back', () => {
    const report = {
      target: { url: 'xmpp://x', domain: 'x' },
      results: [result('a', 'failed'), result('b', 'passed'), result('c', 'errored')],
    } as unknown as Report;
    const b = baselineFrom(report);
    expect(b.entries.map((e) => e.id)).to.deep.equal(['a', 'c']);
    const f = path.join(tmp(), 'b.json');
    writeFileSync(f, JSON.stringify(b));
    expect(loadBaseline(f).entries.length).to.equal(2);
    expect(JSON.parse(readFileSync(f, 'utf8')).schema).to.equal('xmpp-conformance/baseline@1');
  });

  it('a bad baseline file is a usage error (exit 2), named in one line', () => {
    const f = path.join(tmp(), 'bad.json');
    writeFileSync(f, '{"entries": []}');
    expect(() => loadBaseline(f)).to.throw(UsageError, /schema/);
    expect(() => loadBaseline(path.join(tmp(), 'missing.json'))).to.throw(UsageError, /cannot read/);
    expect(applyBaseline(result('z', 'skipped'), loadBaseline(baselineFile([{ id: 'z', reason: 'r' }]))).status).to.equal('skipped');
  });

  it('an intermittent entry: a pass stays passed with a note (not fixed, so a strict baseline holds), a failure is expected-fail', () => {
    const b = loadBaseline(baselineFile([{ id: 'r', reason: 'a race in the server', intermittent: true }]));
    const passed = applyBaseline(result('r', 'passed'), b);
    expect(passed.status).to.equal('passed');
    expect(passed.message).to.match(/intermittent deviation that did not show.*a race in the server/);
    expect(applyBaseline(result('r', 'failed'), b).status).to.equal('expected-fail');
    // without the mark, the same pass is 'fixed'
    expect(applyBaseline(result('r', 'passed'), loadBaseline(baselineFile([{ id: 'r', reason: 'x' }]))).status).to.equal('fixed');
    expect(() => loadBaseline(baselineFile([{ id: 'r', reason: 'x', intermittent: 'yes' }]))).to.throw(UsageError, /"intermittent" must be true or false/);
  });
});

describe('--retries', function () {
  this.timeout(30_000);
  let server: FakeServer;
  before(async () => {
    server = await FakeServer.start();
  });
  after(async () => server.stop());

  async function run(extra: RunOptions, cases: CaseDefinition[] = CASES): Promise<{ report: Report; code: number }> {
    const out = tmp();
    const config = resolveConfig({ target: server.url, domain: server.domain, ca: server.cert.certFile, out, reporter: 'json', seed: '1', ...extra });
    const report = await runSuite(cases, config, createReporters(config.reporters, { outDir: out }));
    return { report, code: exitCodeFor(report, config) };
  }

  it('a case that fails once and then passes is passed, flaky, with the failed try kept; one that never passes fails after every try', async () => {
    calls = 1; // the alternating case fails on its next call, passes on the one after
    const { report, code } = await run({ retries: '2', grep: 'xc-always-fails|xc-flaky|xc-always-passes' });
    const byId = new Map(report.results.map((r) => [r.id, r]));
    const flaky = byId.get('rfc6120/stream/xc-flaky');
    expect(flaky?.status).to.equal('passed');
    expect(flaky?.retried).to.deep.equal({ tries: 2, failures: [flaky?.retried?.failures[0]] });
    expect(flaky?.message).to.match(/^flaky: passed on try 2; try 1 said: /);
    const fails = byId.get('rfc6120/stream/xc-always-fails');
    expect(fails?.status).to.equal('failed');
    expect(fails?.retried?.tries).to.equal(3);
    expect(fails?.retried?.failures).to.have.length(3);
    expect(byId.get('rfc6120/stream/xc-always-passes')?.retried).to.equal(undefined);
    expect(code).to.equal(1);
  });

  it('a failure the baseline lists is not retried (it is expected), and --retries is checked', async () => {
    const b = baselineFile([{ id: 'rfc6120/stream/xc-always-fails', reason: 'known' }]);
    const { report } = await run({ retries: '3', baseline: b, grep: 'xc-always-fails' });
    expect(report.results[0]?.status).to.equal('expected-fail');
    expect(report.results[0]?.retried).to.equal(undefined);
    for (const bad of ['-1', '6', '1.5', 'x', '']) {
      expect(() => resolveConfig({ target: server.url, domain: server.domain, retries: bad }), bad).to.throw(UsageError, /--retries/);
    }
  });
});
