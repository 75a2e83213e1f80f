// `fuzz server` sends hostile input, so it refuses any target that is not a loopback IP literal
// unless --i-own-this-target says the server is the user's; names are refused without a lookup.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/xmpp-conformance');

function fuzzServer(target: string, extra: string[] = []) {
  return spawnSync(process.execPath, [BIN, 'fuzz', 'server', '--target', target, '--domain', 'example.org', '--account', 'a@example.org:pw', '--runs', '1', ...extra], {
    encoding: 'utf8',
    // a generous bound, as startCli's (test/support/cli-process.ts): node's start-up alone takes
    // seconds on a loaded 2-core machine, more with `mocha --parallel` running other files beside
    timeout: 45_000,
    env: { ...process.env, CI: '1' },
  });
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
});
