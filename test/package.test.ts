// What `npm pack` puts in the package: the launcher and everything it loads at run time (the
// compiled harness and suites, the catalogs and vectors, the lab servers' baselines, docs/ that
// `--help` names), and not the project's own compiled tests or benchmarks.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface PackEntry {
  readonly files: readonly { readonly path: string }[];
}

describe('npm pack', function () {
  this.timeout(60_000);
  let files: string[] = [];

  before(() => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(r.status, r.stderr).to.equal(0);
    files = (JSON.parse(r.stdout) as PackEntry[])[0]?.files.map((f) => f.path) ?? [];
  });

  it('ships the launcher, the compiled harness and suites, the vectors, baselines and docs', () => {
    for (const f of [
      'bin/xmpp-conformance',
      'dist/harness/cli/index.js',
      'dist/suites/index.js',
      'vectors/requirements.json',
      'vectors/proven.json',
      'baselines/prosody.json',
      'docs/reference.md',
      'README.md',
    ]) {
      expect(files, f).to.include(f);
    }
  });

  it('leaves out the compiled tests and benchmarks', () => {
    expect(files.filter((f) => f.startsWith('dist/test/') || f.startsWith('dist/bench/'))).to.deep.equal([]);
  });
});
