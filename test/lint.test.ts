// `npm test` checks lint and formatting: ESLint (eslint.config.js) and Prettier's check
// (.prettierrc.json, .prettierignore) over the whole project, as `npm run lint` and
// `npm run format:check` do. Both start at once, in child processes, so they overlap; a failure
// shows the tool's own output. `npm run format` and `npx eslint --fix` fix most of what they find.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startScript, type Outcome } from './support/cli-process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const PRETTIER = path.join(ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
/** Generous: the type-aware lint takes about 50 s of CPU, over 2 min of wall time on a busy 2-core machine. */
const LINT_MS = 600_000;
const FORMAT_MS = 300_000;
/** The tail of a tool's output that a failure shows. */
const SHOWN_CHARS = 20_000;

function output(r: Outcome): string {
  const all = `${r.stdout}${r.stderr}`;
  return all.length > SHOWN_CHARS ? `…${all.slice(-SHOWN_CHARS)}` : all;
}

describe('lint and formatting', function () {
  this.timeout(LINT_MS + 30_000);
  let eslint: Promise<Outcome>;
  let prettier: Promise<Outcome>;

  before(() => {
    for (const bin of [ESLINT, PRETTIER]) expect(existsSync(bin), `${path.relative(ROOT, bin)} is missing: run npm ci`).to.equal(true);
    eslint = startScript(ESLINT, ['--max-warnings', '0', '.'], LINT_MS, ROOT).done;
    prettier = startScript(PRETTIER, ['--check', '.'], FORMAT_MS, ROOT).done;
    // each test awaits its promise; until then a rejection (a timeout) is not an unhandled one
    eslint.catch(() => undefined);
    prettier.catch(() => undefined);
  });

  it('ESLint reports nothing (npm run lint; npx eslint --fix fixes some)', async () => {
    const r = await eslint;
    expect(r.code, `eslint:\n${output(r)}`).to.equal(0);
  });

  it('every file is formatted as Prettier formats it (npm run format:check; npm run format fixes it)', async () => {
    const r = await prettier;
    expect(r.code, `prettier --check:\n${output(r)}`).to.equal(0);
  });
});
