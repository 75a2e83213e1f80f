// Nothing of the lab outlives an interrupted or failed run, and `lab status` (no server) lists
// whatever did: planted state dirs and processes, `lab up` killed by a signal or orphaned while
// starting, and a process that exits with its lab still up.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runLab } from '../../../harness/cli/lab.js';
import { findLabInstances, type LabInstanceSeen } from '../../../harness/lab/index.js';
import { sleep } from '../../../harness/util/index.js';
import { TEST_PORT_BASES, TEST_PORT_FALLBACKS } from '../../support/ports.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const BIN = path.join(ROOT, 'bin', 'xmpp-conformance');
const LAB_INDEX = path.join(ROOT, 'dist', 'harness', 'lab', 'index.js');
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const INTERRUPT_HOOK = path.join(ROOT, 'dist', 'test', 'support', 'interrupt.js');

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const stdout = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const stderr = new Writable({ write: (_c, _e, cb) => cb() });
  const code = await runLab(args, { stdout, stderr });
  return { code, out: chunks.join('') };
}

/** What `lab status` sees of this state root (other runs' labs elsewhere on the machine left out). */
function under(root: string): LabInstanceSeen[] {
  return findLabInstances(root).filter((i) => i.dir.startsWith(root + path.sep));
}

function exited(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

async function until(what: () => boolean, timeoutMs: number, label: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!what()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await sleep(50);
  }
}

describe('lab status: leftovers', function () {
  this.timeout(20_000);
  let root = '';
  let planted: ChildProcess | undefined;
  const others: ChildProcess[] = [];

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'xc-lab-left-'));
  });
  afterEach(() => {
    if (planted?.pid && planted.exitCode === null) planted.kill('SIGKILL');
    planted = undefined;
    for (const c of others.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('lists planted leftovers (a state dir with a bystander in it, a server whose dir is gone); lab down stops the server, never the bystander', async () => {
    const base = TEST_PORT_BASES.labLeftovers;
    const stale = path.join(root, `prosody-${base}`);
    mkdirSync(stale);
    writeFileSync(path.join(stale, 'lab.json'), JSON.stringify({ server: 'prosody', pid: 2 ** 22 + 1, dir: stale }));
    // A "server" started on a config in a lab dir that was then removed: only procfs still knows it.
    const gone = path.join(root, `prosody-${base + 1}`);
    mkdirSync(gone);
    planted = spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 60000)', path.join(gone, 'prosody.cfg.lua')], {
      cwd: gone,
      stdio: 'ignore',
      detached: true,
    });
    // A shell someone left in a lab dir: listed, but lab down must not touch it.
    const bystander = spawn('sleep', ['60'], { cwd: stale, stdio: 'ignore', detached: true });
    others.push(bystander);
    rmSync(gone, { recursive: true });

    const r = await cli(['status', '--json', '--state', root]);
    expect(r.code).to.equal(3);
    const listed = (JSON.parse(r.out) as { stateRoot: string; instances: LabInstanceSeen[] }).instances.filter((i) => i.dir.startsWith(root + path.sep));
    expect(listed).to.deep.equal([
      { server: 'prosody', portBase: base, dir: stale, state: 'orphan', pids: [bystander.pid] },
      { server: 'prosody', portBase: base + 1, dir: gone, state: 'orphan', pids: [planted.pid] },
    ]);
    const plain = await cli(['status', '--state', root]);
    expect(plain.out).to.include(`prosody  ${base} orphan: server processes without their lab.json; pid ${bystander.pid}; ${stale}`);
    expect(plain.out).to.include(`prosody  ${base + 1} orphan: server processes without their lab.json; pid ${planted.pid}; ${gone}`);

    const down = await cli(['down', 'prosody', '--json', '--state', root, '--port-base', String(base + 1)]);
    expect(down.code).to.equal(0);
    expect(JSON.parse(down.out)).to.include({ stopped: planted.pid });
    await exited(planted, 5000);
    // Down of the dir the bystander works in: the dir goes, the bystander is left alone.
    expect((await cli(['down', 'prosody', '--state', root, '--port-base', String(base)])).code).to.equal(0);
    expect(bystander.exitCode, 'lab down signalled a process that only works in the dir').to.equal(null);
    expect(bystander.signalCode).to.equal(null);
    bystander.kill('SIGKILL');
    await exited(bystander, 5000);
    expect(under(root)).to.deep.equal([]);
  });

  it('an empty state root with no lab process in it lists nothing for that root', async () => {
    const r = await cli(['status', '--json', '--state', root]);
    expect(JSON.parse(r.out)).to.have.property('stateRoot', root);
    expect(under(root)).to.deep.equal([]);
  });
});

describe('lab: interrupted or failed runs leave nothing behind @integration', function () {
  this.timeout(120_000);
  let root = '';
  /** the processes a test started: a test that fails half-way must not leave one starting a lab */
  let children: ChildProcess[] = [];
  const started = (child: ChildProcess): ChildProcess => {
    children.push(child);
    return child;
  };

  before(function () {
    if (!existsSync('/usr/bin/prosody')) this.skip();
  });
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'xc-lab-int-'));
    children = [];
  });
  afterEach(async () => {
    // Whatever a failing test left: stopped here, so it does not outlive the test run either. A
    // child still running gets SIGTERM first (lab up then stops what it started), then SIGKILL.
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGTERM');
      await exited(child, 15_000).catch(() => child.kill('SIGKILL'));
    }
    for (const i of under(root)) for (const pid of i.pids) process.kill(pid, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  const upArgs = () => [
    'lab',
    'up',
    'prosody',
    '--state',
    root,
    '--port-base',
    String(TEST_PORT_BASES.labInterrupted),
    '--port-fallbacks',
    String(TEST_PORT_FALLBACKS),
  ];

  // SIGTERM once Prosody is up (its pid file written, accounts being made); SIGINT as soon as the
  // first process of the start shows (openssl making the certificate, or Prosody itself).
  for (const [signal, code, when] of [
    ['SIGTERM', 143, 'server'],
    ['SIGINT', 130, 'first'],
  ] as const) {
    it(`${signal} to lab up while Prosody starts (${when === 'server' ? 'server running' : 'first process'}): exit ${code}, no process and no state dir remain`, async () => {
      const child = started(spawn(process.execPath, [BIN, ...upArgs()], { stdio: ['ignore', 'pipe', 'pipe'] }));
      let err = '';
      child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
      const done = exited(child, 60_000);
      const ready = () => under(root).some((i) => i.pids.length > 0 && (when === 'first' || existsSync(path.join(i.dir, 'prosody.pid'))));
      // a loaded machine (other labs starting) has taken more than 20 s to write Prosody's pid file
      await until(ready, 45_000, `${when === 'server' ? 'a running Prosody' : 'a process'} in the state root`);
      child.kill(signal);
      const res = await done;
      expect(res.code, err).to.equal(code);
      expect(err).to.match(new RegExp(`xmpp-conformance: ${signal}: stopping the lab \\(${root}/prosody-\\d+\\)`));
      expect(under(root)).to.deep.equal([]);
    });
  }

  it('lab up whose parent shell is killed (as npm run does with SIGTERM) notices and leaves nothing', async () => {
    const quoted = [process.execPath, BIN, ...upArgs()].map((a) => `'${a}'`).join(' ');
    const sh = started(spawn('sh', ['-c', `${quoted}; echo ended`], { stdio: 'ignore' }));
    await until(() => under(root).some((i) => i.pids.length > 0), 45_000, 'a Prosody process in the state root');
    sh.kill('SIGTERM');
    await exited(sh, 5000);
    await until(() => under(root).length === 0, 15_000, 'lab up to notice its parent is gone and clean up');
  });

  // npm test loads test/support/interrupt.js (.mocharc.json): a test run stopped while a test holds
  // a lab stops that lab on the way out
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`npm test stopped by ${signal} while a test holds a lab: exit ${code}, no process and no state dir remain`, async () => {
      const specDir = mkdtempSync(path.join(os.tmpdir(), 'xc-lab-spec-'));
      try {
        const spec = path.join(specDir, 'holds-a-lab.test.mjs');
        writeFileSync(
          spec,
          `import { labUp } from ${JSON.stringify(LAB_INDEX)};\n` +
            `it('holds a lab', async function () {\n  this.timeout(0);\n` +
            `  await labUp('prosody', { stateRoot: ${JSON.stringify(root)}, portBase: ${TEST_PORT_BASES.labInterrupted}, portFallbacks: ${TEST_PORT_FALLBACKS}, log: () => {} });\n` +
            `  console.log('LAB-UP');\n  await new Promise(() => undefined);\n});\n`,
        );
        const child = started(
          spawn(process.execPath, [MOCHA, '--no-config', '--require', INTERRUPT_HOOK, '--exit', spec], { stdio: ['ignore', 'pipe', 'pipe'] }),
        );
        let out = '';
        let err = '';
        child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
        const done = exited(child, 50_000);
        await until(() => out.includes('LAB-UP'), 40_000, 'the test to have its lab up');
        expect(under(root).length).to.equal(1);
        child.kill(signal);
        const res = await done;
        expect(res.code, err).to.equal(code);
        expect(err).to.match(new RegExp(`xmpp-conformance: ${signal}: stopping the lab \\(${root}/prosody-\\d+\\)`));
        expect(under(root)).to.deep.equal([]);
      } finally {
        rmSync(specDir, { recursive: true, force: true });
      }
    });
  }

  it('a process that exits with its lab still up (a failed test run) takes the lab with it', async () => {
    const script =
      `import { labUp } from ${JSON.stringify(LAB_INDEX)};\n` +
      `const info = await labUp('prosody', { stateRoot: ${JSON.stringify(root)}, portBase: ${TEST_PORT_BASES.labInterrupted}, portFallbacks: 3, log: () => {} });\n` +
      `console.log(info.pid);\nprocess.exit(1);\n`;
    const child = started(spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] }));
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const res = await exited(child, 30_000);
    expect(res.code).to.equal(1);
    expect(Number(out.trim())).to.be.above(0);
    expect(under(root)).to.deep.equal([]);
  });
});
