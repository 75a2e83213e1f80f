// `npm start` and `npm run matrix` stopped by SIGINT or SIGTERM while the suite runs: the reports
// hold the finished cases and the rest not run, the lab server is stopped and its state dir
// removed, exit 130/143; the matrix merges what ran and starts no further server. And SIGTERM as
// `npm run` delivers it (to the shell it runs the script in, which dies without passing it on):
// the job notices its parent is gone and stops the same way.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findLabInstances, type LabInstanceSeen } from '../../harness/lab/index.js';
import { TEST_PORT_BASES } from '../support/ports.js';
import { expectStoppedReports, loggedCases, outDir, processAlive, ranCases, until, untilCasesLogged } from '../support/stopped-run.js';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN_JOB = path.join(DIST, 'harness', 'cli', 'main-job.js');
const MATRIX_JOB = path.join(DIST, 'harness', 'cli', 'matrix-job.js');
/** a lab start and the first cases on a loaded machine */
const FIRST_CASES_MS = 120_000;
const EXIT_MS = 60_000;

/** What `lab status` sees of this state root (other runs' labs left out). */
function under(root: string): LabInstanceSeen[] {
  return findLabInstances(root).filter((i) => i.dir.startsWith(root + path.sep));
}

interface Job {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  stderr(): string;
}

function startJob(cmd: string, args: readonly string[], cwd: string): Job {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-20_000)));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, stderr: () => err };
}

async function exitedWithin(job: Job, ms: number): Promise<{ code: number | null; signal: string | null }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      job.child.kill('SIGKILL');
      reject(new Error(`the job did not exit within ${ms} ms of the signal; stderr: ${job.stderr().slice(-800)}`));
    }, ms);
  });
  try {
    return await Promise.race([job.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The stopped run's report: the finished cases are those of the event log, some were not run. */
function expectStoppedRun(out: string, signal: string): void {
  const report = expectStoppedReports(out, 'signal');
  expect(report.incomplete?.signal).to.equal(signal);
  const ran = ranCases(report);
  expect(ran.length).to.be.at.least(3);
  expect(ran.map((x) => x.id).sort()).to.deep.equal(loggedCases(out).sort());
  expect(report.incomplete?.notRun).to.be.above(0);
}

describe('npm start and npm run matrix interrupted @integration', function () {
  this.timeout(FIRST_CASES_MS + EXIT_MS + 30_000);
  let root = '';
  let cwd = '';
  let job: Job | undefined;
  /** the job under a shell: orphaned once the shell is gone, so killed here if a test fails */
  let orphan: number | undefined;

  before(function () {
    if (!existsSync('/usr/bin/prosody')) this.skip();
  });
  beforeEach(() => {
    root = outDir('jobs-lab');
    cwd = outDir('jobs-cwd');
  });
  afterEach(() => {
    if (job && job.child.exitCode === null && job.child.signalCode === null) job.child.kill('SIGKILL');
    job = undefined;
    if (orphan !== undefined && processAlive(orphan)) process.kill(orphan, 'SIGKILL');
    orphan = undefined;
    // whatever a failing test left: stopped here, so it does not outlive the test run
    for (const i of under(root)) for (const pid of i.pids) process.kill(pid, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
    rmSync(cwd, { recursive: true, force: true });
  });

  const place = (): string[] => ['--state', root, '--port-base', String(TEST_PORT_BASES.labJobs)];

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`npm start: ${signal} mid-run → exit ${code}, the reports of the finished cases, no server and no state dir left`, async () => {
      job = startJob(process.execPath, [MAIN_JOB, ...place()], cwd);
      const out = path.join(cwd, 'reports');
      await untilCasesLogged(out, 3, FIRST_CASES_MS);
      job.child.kill(signal);
      const r = await exitedWithin(job, EXIT_MS);
      expect(r.code, job.stderr()).to.equal(code);
      expect(job.stderr()).to.match(new RegExp(`xmpp-conformance: ${signal} received; \\d+ of \\d+ cases ran`));
      expectStoppedRun(out, signal);
      expect(under(root)).to.deep.equal([]);
    });
  }

  it('npm start: SIGTERM to the shell npm runs it in (which dies without passing it on) → the job stops as on SIGTERM and leaves nothing', async () => {
    const quoted = [process.execPath, MAIN_JOB, ...place()].map((a) => `'${a}'`).join(' ');
    // `; true` keeps sh from exec'ing node: sh stays the parent, as under npm
    job = startJob('sh', ['-c', `${quoted}; true`], cwd);
    const out = path.join(cwd, 'reports');
    await untilCasesLogged(out, 3, FIRST_CASES_MS);
    const node = Number(readFileSync(`/proc/${job.child.pid}/task/${job.child.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
    expect(node).to.be.above(0);
    orphan = node;
    job.child.kill('SIGTERM');
    await job.exited;
    await until(() => !processAlive(node), 'the orphaned job exiting', EXIT_MS);
    expect(job.stderr()).to.match(/the parent process \(pid \d+\) is gone; stopping as on SIGTERM/);
    expectStoppedRun(out, 'SIGTERM');
    expect(under(root)).to.deep.equal([]);
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`npm run matrix: ${signal} during the first server → exit ${code}, its reports and the merged matrix, no further server, nothing left`, async () => {
      job = startJob(process.execPath, [MATRIX_JOB, 'prosody', 'jabberd2', ...place()], cwd);
      const out = path.join(cwd, 'reports', 'prosody');
      await untilCasesLogged(out, 3, FIRST_CASES_MS);
      job.child.kill(signal);
      const r = await exitedWithin(job, EXIT_MS);
      expect(r.code, job.stderr()).to.equal(code);
      expectStoppedRun(out, signal);
      for (const f of ['report.json', 'junit.xml', 'index.html']) expect(existsSync(path.join(cwd, 'reports', 'matrix', f)), `matrix ${f}`).to.equal(true);
      expect(existsSync(path.join(cwd, 'reports', 'jabberd2')), 'a server started after the signal').to.equal(false);
      expect(under(root)).to.deep.equal([]);
    });
  }
});
