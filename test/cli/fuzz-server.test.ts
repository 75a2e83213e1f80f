// `fuzz server` sends hostile input, so it refuses any target that is not a loopback IP literal
// unless --i-own-this-target says the server is the user's; names are refused without a lookup.
// --fresh-logins runs it the old way, every login anew.
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeServer } from '../support/fake-server/fake-server.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/xmpp-conformance');

function fuzzServer(target: string, extra: string[] = []) {
  return spawnSync(
    process.execPath,
    [BIN, 'fuzz', 'server', '--target', target, '--domain', 'example.org', '--account', 'a@example.org:pw', '--runs', '1', ...extra],
    {
      encoding: 'utf8',
      // a generous bound, as startCli's (test/support/cli-process.ts): node's start-up alone takes
      // seconds on a loaded 2-core machine, more with `mocha --parallel` running other files beside
      timeout: 45_000,
      env: { ...process.env, CI: '1' },
    },
  );
}

describe('command line: fuzz server targets', function () {
  this.timeout(60_000);

  for (const target of ['xmpp://192.0.2.1:5222', 'xmpp://[2001:db8::1]:5222', 'xmpp://localhost:5222']) {
    it(`refuses ${target} without --i-own-this-target (exit 2, one line)`, () => {
      const r = fuzzServer(target);
      expect(r.status, r.stderr).to.equal(2);
      expect(r.stderr.trim().split('\n')).to.have.length(1);
      expect(r.stderr).to.match(/not a loopback address.*--i-own-this-target/);
    });
  }

  it('--ignore with a pattern that is not a regular expression exits 2 in one line', () => {
    const r = fuzzServer('xmpp://127.0.0.1:9', ['--ignore', '(unclosed']);
    expect(r.status, r.stderr).to.equal(2);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.match(/--ignore '\(unclosed': not a regular expression/);
  });

  it('--stage with an unknown name exits 2 naming the stages', () => {
    const r = fuzzServer('xmpp://127.0.0.1:9', ['--stage', 'post-auth']);
    expect(r.status, r.stderr).to.equal(2);
    expect(r.stderr).to.match(/--stage 'post-auth'.*authenticated, pre-auth/);
  });

  it('--json counts the logins, and --fresh-logins hands no liveness session on to the next sequence', async () => {
    // the fake answers in this process, so the command runs asynchronously
    const fake = await FakeServer.start({ behaviour: { starttls: 'none' } });
    const out = mkdtempSync(path.join(os.tmpdir(), 'xc-fuzz-server-cli-'));
    const run = (extra: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const args = [
          BIN,
          'fuzz',
          'server',
          '--target',
          fake.url,
          '--domain',
          'localhost',
          '--account',
          'alice@localhost:secret-alice',
          '--runs',
          '5',
          '--seed',
          '1',
          '--stage',
          'authenticated',
          '--json',
          '--quiet',
          '--out',
          out,
          ...extra,
        ];
        const child = spawn(process.execPath, args, { env: { ...process.env, CI: '1' } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => child.kill(), 25_000);
        child.on('close', (status) => {
          clearTimeout(timer);
          resolve({ status, stdout, stderr });
        });
      });
    try {
      const logins = async (extra: string[]) => {
        const r = await run(extra);
        expect(r.status, r.stderr).to.equal(0);
        return (JSON.parse(r.stdout) as { logins: { made: number; reused: number } }).logins;
      };
      expect((await logins([])).reused).to.be.greaterThan(0);
      expect((await logins(['--fresh-logins'])).reused).to.equal(0);
    } finally {
      await fake.stop();
      rmSync(out, { recursive: true, force: true });
    }
  });
});
