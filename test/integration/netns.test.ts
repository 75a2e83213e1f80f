// Nothing leaves loopback: the s2s area (and the stanza routing cases, which send to other
// domains) against a lab Prosody, run in a network namespace whose only interface is loopback
// (unshare -n). A lookup or connection that needed the outside would fail there (@integration).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../support/netns-s2s-run.js');

function available(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

describe('only loopback: the s2s area in a network namespace @integration', function () {
  this.timeout(300_000);

  it('runs every s2s case with no failure outside the baseline and none errored', function () {
    if (process.getuid?.() !== 0 || !available('unshare', ['-n', 'true']) || !available('ip', ['-V'])) {
      this.skip();
    }
    const r = spawnSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec "${process.execPath}" "${SCRIPT}"`], { encoding: 'utf8', timeout: 280_000 });
    expect(r.status, r.stderr).to.equal(0);
    const line = r.stdout.trim().split('\n').pop() ?? '{}';
    const out = JSON.parse(line) as { summary: { errored: number }; failed: string[]; s2sRan: number };
    expect(out.failed, 'failures outside baselines/prosody.json, or errors').to.deep.equal([]);
    expect(out.summary.errored).to.equal(0);
    expect(out.s2sRan, 's2s cases that ran').to.be.at.least(50);
  });
});
