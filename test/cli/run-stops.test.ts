// Every way a run ends leaves reports: a target that breaks the stream right after its header
// (exit 3, reports saying the run did not start), SIGINT/SIGTERM (130/143, the finished cases kept),
// SIGKILL (the event log, which `report merge` rebuilds), --max-time, and a target that stops
// answering mid-run (noticed after the first timed-out case, not after every remaining one).
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { FakeServer } from '../support/fake-server/fake-server.js';
import { cli, expectOneLine, startCli, type Outcome } from '../support/cli-process.js';
import { MISBEHAVIOURS, misbehavingClient, misbehavingServer } from '../support/misbehaving-peer.js';
import { expectStoppedReports, loggedCases, outDir, readJson, untilCasesLogged, type ReportLike } from '../support/stopped-run.js';

const ACCOUNTS = ['--account', 'alice@localhost:secret-alice', '--account', 'bob@localhost:secret-bob', '--account', 'carol@localhost:secret-carol'];

function expectNoStack(o: Outcome): void {
  expect(o.stderr).to.not.match(/\n\s+at /);
}

describe('command line: a target that breaks the stream after its header', function () {
  this.timeout(90_000);

  for (const how of MISBEHAVIOURS) {
    it(`run: ${how} → exit 3, one line, and reports saying the run did not start`, async () => {
      const peer = await misbehavingServer(how);
      const out = outDir(`pre-${how}`);
      try {
        const r = await cli([
          'run',
          '--target',
          peer.url,
          '--domain',
          'localhost',
          ...ACCOUNTS,
          '--timeout',
          '500',
          '--grep',
          'stream/',
          '--out',
          out,
          '--reporter',
          'json,junit,html',
        ]);
        expect(r.code, r.stderr).to.equal(3);
        expectOneLine(r.stderr);
        expect(r.stderr).to.match(/preflight login as alice@localhost failed/);
        const report = expectStoppedReports(out, 'preflight');
        expect(report.results.length).to.be.above(0);
        expect(report.incomplete?.notRun).to.equal(report.results.length);
        expect(report.incomplete?.reason).to.match(/^the run did not start: /);
      } finally {
        await peer.stop();
      }
    });

    it(`tls: ${how} → exit 3 with a one-line error`, async () => {
      const peer = await misbehavingServer(how);
      try {
        const r = await cli(['tls', '--target', peer.url, '--domain', 'localhost', '--timeout', '500']);
        expect(r.code, r.stderr).to.equal(3);
        expectNoStack(r);
        // progress lines come first; the error is the last line, and one line
        expect(r.stderr.trim().split('\n').at(-1)).to.match(/^xmpp-conformance: cannot reach 127\.0\.0\.1:\d+ \(starttls\): /);
      } finally {
        await peer.stop();
      }
    });

    it(`fuzz server: ${how} → exit 3 with a one-line error, nothing fuzzed`, async () => {
      const peer = await misbehavingServer(how);
      const out = outDir(`fuzz-${how}`);
      try {
        const r = await cli([
          'fuzz',
          'server',
          '--target',
          peer.url,
          '--domain',
          'localhost',
          '--account',
          'alice@localhost:pw',
          '--timeout',
          '500',
          '--runs',
          '2',
          '--seed',
          '1',
          '--out',
          out,
        ]);
        expect(r.code, r.stderr).to.equal(3);
        expectOneLine(r.stderr);
        expect(r.stderr).to.match(/preflight login and ping failed, so nothing was fuzzed/);
      } finally {
        await peer.stop();
      }
    });

    it(`serve: a client that ${how === 'see-other-host' ? 'closes its stream at once' : how} fails the case, exit 1 with reports`, async () => {
      const out = outDir(`serve-${how}`);
      const run = startCli([
        'serve',
        '--listen',
        '127.0.0.1:0',
        '--domain',
        'localhost',
        '--grep',
        'client/scram-sha-1$',
        '--timeout',
        '500',
        '--out',
        out,
        '--reporter',
        'json,junit,html',
      ]);
      const announced = await new Promise<string>((resolve) => {
        let seen = '';
        run.child.stderr?.on('data', (d: Buffer) => {
          seen += d.toString();
          if (seen.includes('\n')) resolve(seen);
        });
      });
      const port = Number(/ on 127\.0\.0\.1:(\d+);/.exec(announced)?.[1]);
      expect(port, announced).to.be.above(0);
      const client = misbehavingClient(port, how, 'localhost', 5_000);
      const r = await run.done;
      await client;
      expect(r.code, r.stderr).to.equal(1);
      expectNoStack(r);
      const report = readJson<ReportLike>(path.join(out, 'report.json'));
      expect(report.results.map((x) => x.status)).to.deep.equal(['failed']);
      for (const f of ['junit.xml', 'index.html']) expect(existsSync(path.join(out, f)), f).to.equal(true);
    });
  }
});

describe('command line: run interrupted, killed, or bounded', function () {
  this.timeout(90_000);
  let server: FakeServer;

  beforeEach(async () => {
    server = await FakeServer.start();
  });
  afterEach(async () => {
    await server.stop();
  });

  function runArgs(out: string, ...extra: string[]): string[] {
    return [
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
      'console,json,junit,html',
      '--timeout',
      '500',
      ...extra,
    ];
  }

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} during run: exit ${code}, every report with the finished cases and the rest not run`, async () => {
      const out = outDir(signal.toLowerCase());
      const run = startCli(runArgs(out));
      await untilCasesLogged(out, 3);
      run.child.kill(signal);
      const r = await run.done;
      expect(r.code, r.stderr).to.equal(code);
      expectOneLine(r.stderr);
      expect(r.stderr).to.match(new RegExp(`^xmpp-conformance: ${signal} received; \\d+ of \\d+ cases ran`));
      const report = expectStoppedReports(out, 'signal');
      expect(report.incomplete?.signal).to.equal(signal);
      const ran = report.results.filter((x) => !x.message?.startsWith('not run: '));
      expect(ran.length).to.be.at.least(3);
      expect(ran.map((x) => x.id).sort()).to.deep.equal(loggedCases(out).sort());
      expect(report.incomplete?.notRun)
        .to.equal(report.results.length - ran.length)
        .and.to.be.above(0);
    });
  }

  it('SIGKILL during run leaves the event log, and report merge rebuilds the reports from it', async () => {
    const out = outDir('sigkill');
    // one at a time, in plan order: the first cases are ones the fake passes
    const run = startCli(runArgs(out, '--concurrency', '1'));
    await untilCasesLogged(out, 3);
    run.child.kill('SIGKILL');
    await run.done;
    expect(existsSync(path.join(out, 'report.json'))).to.equal(false);
    const finished = loggedCases(out);
    const merged = outDir('sigkill-merged');
    const m = await cli(['report', 'merge', out, '--out', merged]);
    expect(m.code, m.stderr).to.equal(0);
    expect(m.stderr).to.match(/warning: .*the run ended early/);
    const report = expectStoppedReports(merged, 'killed');
    const ran = report.results.filter((x) => !x.message?.startsWith('not run: '));
    expect(ran.map((x) => x.id).sort()).to.deep.equal(finished.sort());
    expect(ran.every((x) => x.status === 'passed')).to.equal(true);
  });

  it('--max-time ends the run with its reports: exit 1, the rest not run, the reason stated', async () => {
    const out = outDir('max-time');
    const r = await cli(runArgs(out, '--max-time', '1'));
    expect(r.code, r.stderr).to.equal(1);
    expectOneLine(r.stderr);
    expect(r.stderr).to.match(/--max-time 1 s ran out/);
    // the whole plan takes minutes against this peer; a bound this loose holds on a loaded machine
    expect(r.ms).to.be.below(30_000);
    const report = expectStoppedReports(out, 'max-time');
    expect(report.incomplete?.reason).to.equal('--max-time 1 s ran out');
  });

  it('--max-time that is not a whole number of seconds exits 2', async () => {
    const r = await cli(runArgs(outDir('max-time-bad'), '--max-time', '1.5'));
    expect(r.code).to.equal(2);
    expectOneLine(r.stderr);
    expect(r.stderr).to.match(/--max-time '1\.5' must be a whole number/);
  });

  for (const iqAnswers of ['silent', 'wrong-id'] as const) {
    it(`a target whose iq answers go ${iqAnswers} mid-run: noticed after one timed-out case, exit 3 with reports`, async () => {
      const out = outDir(`iq-${iqAnswers}`);
      const run = startCli(runArgs(out, '--area', 'im'));
      await untilCasesLogged(out, 2);
      server.behaviour.iqAnswers = iqAnswers;
      const r = await run.done;
      expect(r.code, r.stderr).to.equal(3);
      expectOneLine(r.stderr);
      expect(r.stderr).to.match(/the target stopped answering: after \S+ timed out, two round trips \(log in and ping\) failed/);
      const report = expectStoppedReports(out, 'target-silent');
      // ~100 im cases remained: waiting each out would take minutes at 500 ms per step
      expect(report.incomplete?.notRun).to.be.above(50);
      expect(r.ms).to.be.below(45_000);
    });
  }

  it('a target that answers logins with a stream error is not silent: the run goes on, its cases fail at once, exit 1', async () => {
    const out = outDir('auth-stream-error');
    const run = startCli(runArgs(out, '--area', 'stanza'));
    await untilCasesLogged(out, 2);
    // the sessions already open stop answering iqs, and every new login meets <internal-server-error/>
    server.behaviour.iqAnswers = 'silent';
    server.behaviour.authStreamError = true;
    const r = await run.done;
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).not.to.match(/stopped answering/);
    const report = readJson<ReportLike>(path.join(out, 'report.json'));
    expect(report.incomplete, 'the run was not cut').to.equal(undefined);
    expect(report.results.some((x) => /internal-server-error/.test(x.message ?? ''))).to.equal(true);
  });
});
