// `serve` stopped by SIGINT or SIGTERM: the finished cases and the rest not run in every report,
// the client it launched for the case in flight stopped, exit 130/143; and with nobody connected
// yet, the same reports with every case not run.
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expectOneLine, startCli } from '../support/cli-process.js';
import { expectStoppedReports, loggedCases, outDir, processAlive, ranCases, until, untilCasesLogged } from '../support/stopped-run.js';

/**
 * A client for --client-cmd: its pid goes on a line of PIDS; the first two launches connect and
 * hang up at once (their cases fail quickly), later ones connect and stay silent until stopped.
 */
function clientScript(pids: string): string {
  return `import net from 'node:net';
import { appendFileSync, readFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(pids)}, process.pid + '\\n');
const n = readFileSync(${JSON.stringify(pids)}, 'utf8').trim().split('\\n').length;
const s = net.connect(Number(process.env.XC_PORT), process.env.XC_HOST);
s.on('error', () => undefined);
if (n <= 2) s.on('connect', () => s.destroy());
else setInterval(() => undefined, 60_000);
`;
}

function launchedPids(file: string): number[] {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

describe('command line: serve interrupted', function () {
  this.timeout(90_000);

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} while a launched client's case runs: exit ${code}, the finished cases in every report, the client stopped`, async () => {
      const out = outDir(`serve-${signal.toLowerCase()}`);
      const pids = path.join(out, 'client-pids');
      const client = path.join(out, 'client.mjs');
      writeFileSync(client, clientScript(pids));
      const run = startCli(
        [
          'serve',
          '--listen',
          '127.0.0.1:0',
          '--domain',
          'localhost',
          '--grep',
          'client/',
          '--timeout',
          '30000',
          '--connect-timeout',
          '30000',
          '--client-cmd',
          `exec '${process.execPath}' '${client}'`,
          '--out',
          out,
          '--reporter',
          'console,json,junit,html',
        ],
        60_000,
      );
      // two cases finished, the third one's client is up and connected (silent)
      await untilCasesLogged(out, 2, 40_000);
      await until(() => launchedPids(pids).length >= 3, 'the third client starting', 40_000);
      run.child.kill(signal);
      const r = await run.done;
      expect(r.code, r.stderr).to.equal(code);
      expectOneLine(r.stderr);
      expect(r.stderr).to.match(new RegExp(`^xmpp-conformance: ${signal} received; 2 of \\d+ cases ran; the reports in `));
      const report = expectStoppedReports(out, 'signal');
      expect(report.incomplete?.signal).to.equal(signal);
      const ran = ranCases(report);
      expect(ran.map((x) => x.id).sort()).to.deep.equal(loggedCases(out).sort());
      // a client that hangs up at once fails a case (or skips one that needs a login it never made)
      expect(ran.map((x) => x.status).filter((st) => st !== 'failed' && st !== 'skipped')).to.deep.equal([]);
      expect(ran).to.have.length(2);
      expect(report.incomplete?.notRun)
        .to.equal(report.results.length - 2)
        .and.to.be.above(0);
      const launched = launchedPids(pids);
      expect(launched).to.have.length(3);
      expect(launched.filter(processAlive), 'launched clients still running').to.deep.equal([]);
    });
  }

  it('SIGTERM before any client connected: exit 143, every case not run in every report', async () => {
    const out = outDir('serve-idle');
    const run = startCli(
      ['serve', '--listen', '127.0.0.1:0', '--domain', 'localhost', '--grep', 'client/', '--out', out, '--reporter', 'json,junit,html'],
      60_000,
    );
    await new Promise<void>((resolve) => {
      let seen = '';
      run.child.stderr?.on('data', (d: Buffer) => {
        seen += d.toString();
        if (seen.includes('; connect one client per case as ')) resolve();
      });
    });
    run.child.kill('SIGTERM');
    const r = await run.done;
    expect(r.code, r.stderr).to.equal(143);
    expect(r.stderr.trim().split('\n').at(-1)).to.match(/^xmpp-conformance: SIGTERM received; 0 of \d+ cases ran; /);
    const report = expectStoppedReports(out, 'signal');
    expect(report.incomplete?.notRun).to.equal(report.results.length).and.to.be.above(0);
  });
});
