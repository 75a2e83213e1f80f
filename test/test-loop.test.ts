// `npm test` runs mocha twice: .mocharc.json runs files in parallel, 8 at a time; .mocharc.heavy.json
// two at a time the files with tight deadlines, child processes or real servers (CONTRIBUTING.md
// "Testing"). Between them the two passes run every test file once: none left out, none run twice.
// Both name their files longest first, so the last to start are short.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface MochaConfig {
  readonly spec: readonly string[];
  readonly ignore?: readonly string[];
  readonly parallel?: boolean;
  readonly jobs?: number;
  readonly require?: readonly string[];
}

type CollectFiles = (opts: {
  spec: readonly string[];
  ignore: readonly string[];
  extension: string[];
  file: string[];
  recursive: boolean;
  sort: boolean;
  allowEmpty: boolean;
}) => { files: string[] };

// mocha's own file collection, so the globs mean here what they mean to mocha
const collectFiles = createRequire(import.meta.url)('mocha/lib/cli/collect-files.cjs') as CollectFiles;

function config(name: string): MochaConfig {
  return JSON.parse(readFileSync(path.join(ROOT, name), 'utf8')) as MochaConfig;
}

function files(c: MochaConfig): string[] {
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    return collectFiles({ spec: c.spec, ignore: c.ignore ?? [], extension: ['js'], file: [], recursive: false, sort: false, allowEmpty: true }).files.map((f) =>
      path.relative(ROOT, f),
    );
  } finally {
    process.chdir(cwd);
  }
}

describe('npm test: the parallel and the heavy pass', () => {
  const parallel = config('.mocharc.json');
  const heavy = config('.mocharc.heavy.json');

  it('run every test file exactly once between them', () => {
    const all = files({ spec: ['dist/test/**/*.test.js'] });
    const p = files(parallel);
    const s = files(heavy);
    expect(all.length, 'test files under dist/test').to.be.at.least(100);
    expect(
      p.filter((f) => s.includes(f)),
      'files both passes run',
    ).to.deep.equal([]);
    // mocha runs a file its globs name twice twice: the parallel pass lists the longest files first
    for (const [name, list] of [
      ['the parallel pass', p],
      ['the heavy pass', s],
    ] as const)
      expect(
        list.filter((f, i) => list.indexOf(f) !== i),
        `files ${name} runs twice`,
      ).to.deep.equal([]);
    expect(
      all.filter((f) => !p.includes(f) && !s.includes(f)),
      'files neither pass runs',
    ).to.deep.equal([]);
    expect(
      [...p, ...s].filter((f) => !all.includes(f)),
      'files outside dist/test',
    ).to.deep.equal([]);
  });

  it('no test file imports another (mocha would run the tests of the imported file again in every parallel worker that loads it)', () => {
    const importing = files({ spec: ['dist/test/**/*.test.js'] }).filter((f) =>
      /from '[^']*\.test\.js'/.test(readFileSync(path.join(ROOT, f.replace(/^dist\//, '').replace(/\.js$/, '.ts')), 'utf8')),
    );
    expect(importing, 'test files importing a test file (move what they share to test/support/)').to.deep.equal([]);
  });

  it('the first runs 8 files at a time, the second 2, both with the interrupt hook (test/support/interrupt.ts)', () => {
    expect(parallel.parallel).to.equal(true);
    expect(parallel.jobs).to.equal(8);
    // the heavy files' deadlines and the real servers' verdicts held two at a time; three at a time
    // made Prosody late with a roster push and jabberd2 bounce with another condition (CONTRIBUTING.md)
    expect(heavy.parallel).to.equal(true);
    expect(heavy.jobs).to.equal(2);
    expect(parallel.require).to.deep.equal(['dist/test/support/interrupt.js']);
    expect(heavy.require).to.deep.equal(['dist/test/support/interrupt.js']);
  });

  it('the heavy pass names each of its files (longest first), no glob', () => {
    expect(heavy.spec.filter((f) => /[*?!(]/.test(f))).to.deep.equal([]);
  });
});
