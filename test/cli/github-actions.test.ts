// `run` under GitHub Actions, end to end against a scripted peer that leaves 'from' out of its header: GITHUB_ACTIONS=true prints one
// ::error per failed case, GITHUB_STEP_SUMMARY gets the summary; without them, neither appears.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../harness/cli/index.js';
import { FakeServer } from '../support/fake-server/fake-server.js';
import { Capture } from '../support/capture.js';

describe('cli run under GitHub Actions', () => {
  let server: FakeServer;
  let dir: string;
  before(async () => {
    // leaves 'from' out of its stream header: header-from fails, header-version passes
    server = await FakeServer.start({ behaviour: { omitFrom: true } });
  });
  after(async () => server.stop());
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'xc-gha-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await main(
      [
        'run',
        '--target',
        server.url,
        '--domain',
        'localhost',
        '--ca',
        server.cert.certFile,
        '--out',
        path.join(dir, 'out'),
        '--timeout',
        '2000',
        '--grep',
        'stream/header-(from|version)$',
        '--reporter',
        'console,json',
      ],
      { stdout, stderr, env: { CI: '1', ...env } },
    );
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  it('annotates the failed case and appends the job summary', async () => {
    const summary = path.join(dir, 'summary.md');
    writeFileSync(summary, '');
    const r = await run({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    expect(r.code, r.stderr).to.equal(1);
    const commands = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(commands).to.have.length(1);
    expect(commands[0]).to.match(/^::error title=rfc6120\/stream\/header-from \(RFC 6120 §4\.7\.1 MUST\)::rfc6120\/stream\/header-from: .*from/);
    const md = readFileSync(summary, 'utf8');
    expect(md).to.match(/^### xmpp-conformance: /);
    expect(md).to.include('**failed** (exit 1): 2 cases: 1 passed, 1 failed');
    expect(md).to.include('`rfc6120/stream/header-from`');
    expect(md).to.not.include('`rfc6120/stream/header-version`');
  });

  it('prints no workflow commands and writes no summary outside GitHub Actions', async () => {
    const r = await run({});
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stdout).to.not.match(/^::/m);
    expect(existsSync(path.join(dir, 'summary.md'))).to.equal(false);
  });
});
