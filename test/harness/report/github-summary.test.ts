import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { publishToGithubActions } from '../../../harness/report/github-actions.js';
import { markdownInline, summaryMarkdown, SUMMARY_FAILURE_CAP } from '../../../harness/report/github-summary.js';
import { summarize, type CaseResult } from '../../../harness/runner/result.js';
import { ERRORED, FAILED, PASSED, SKIPPED, sampleReport } from '../../support/report-fixture.js';
import { Capture } from '../../support/capture.js';

/** The rows of the first Markdown table after `heading` (or the first table at all), cells trimmed. */
function tableAfter(md: string, start = 0): string[][] {
  const lines = md.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const l of lines.slice(first)) {
    if (!l.startsWith('|')) break;
    rows.push(
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

describe('report/github-summary', () => {
  it('heads with the target, the verdict and the console summary line', () => {
    const md = summaryMarkdown(sampleReport(), { exitCode: 1 });
    expect(md).to.match(/^### xmpp-conformance: Prosody 0\.12\.3 at xmpp:\/\/127\.0\.0\.1:15222\n/);
    expect(md).to.include('**failed** (exit 1): 4 cases: 1 passed, 1 failed, 1 skipped, 1 errored in 12.3 s \\(seed 42\\)');
    expect(md).to.include('domain `localhost`');
    expect(summaryMarkdown(sampleReport({ results: [PASSED], summary: summarize([PASSED]) }), { exitCode: 0 })).to.include('**passed**: ');
  });

  it('has a per-area table of counts with a total row', () => {
    const rows = tableAfter(summaryMarkdown(sampleReport()));
    expect(rows[0]).to.deep.equal(['', 'total', 'passed', 'failed', 'skipped', 'errored', 'expected-fail', 'fixed']);
    expect(rows.slice(2).map((r) => r[0])).to.deep.equal(['stream', 'tls', 'im', '**all**']);
    expect(rows.find((r) => r[0] === 'stream')).to.deep.equal(['stream', '2', '1', '0', '0', '1', '0', '0']);
    expect(rows.find((r) => r[0] === '**all**')).to.deep.equal(['**all**', '4', '1', '1', '1', '1', '0', '0']);
  });

  it('counts by keyword level of the first citation', () => {
    const md = summaryMarkdown(sampleReport());
    const rows = tableAfter(md, md.indexOf('By the keyword level'));
    expect(rows.slice(2).map((r) => [r[0], r[1]])).to.deep.equal([
      ['MUST / MUST NOT', '3'],
      ['SHOULD / SHOULD NOT', '1'],
      ['MAY', '0'],
    ]);
  });

  it('lists the failures with every citation linked to the RFC section', () => {
    const md = summaryMarkdown(sampleReport());
    const rows = tableAfter(md, md.indexOf('failing the run'));
    expect(md).to.include('#### 2 results failing the run');
    expect(rows).to.have.length(4);
    expect(rows[2]?.[1]).to.include(`\`${FAILED.id}\``);
    expect(rows[2]?.[2]).to.equal(
      '[RFC 6121 §8.5.3.1 MUST](https://www.rfc-editor.org/rfc/rfc6121#section-8.5.3.1), [RFC 6120 §10.5.4 SHOULD](https://www.rfc-editor.org/rfc/rfc6120#section-10.5.4)',
    );
    expect(rows[2]?.[3]).to.include("expected &lt;message type='chat'&gt; at juliet");
    expect(rows[3]?.[0]).to.include('errored');
    expect(md).to.not.include(SKIPPED.id);
  });

  it('keeps peer text inside its cell and out of HTML', () => {
    expect(markdownInline('a|b <script>x</script> *y* `z`\n[l](u)')).to.equal(
      // the newline becomes a visible \n, its backslash escaped for Markdown
      'a\\|b &lt;script&gt;x&lt;/script&gt; \\*y\\* \\`z\\`\\\\n\\[l\\]\\(u\\)',
    );
    const nasty: CaseResult = { ...FAILED, message: 'x | y\n| --- |\n<img src=x onerror=alert(1)>' };
    const md = summaryMarkdown(sampleReport({ results: [nasty], summary: summarize([nasty]) }));
    const rows = tableAfter(md, md.indexOf('failing the run'));
    expect(rows).to.have.length(3);
    expect(rows[2]).to.have.length(4);
    expect(md).to.not.include('<img');
  });

  it(`lists at most ${SUMMARY_FAILURE_CAP} failures and counts the rest`, () => {
    const results = Array.from({ length: SUMMARY_FAILURE_CAP + 3 }, (_, i) => ({ ...FAILED, id: `rfc6120/stream/c${i}` }));
    const md = summaryMarkdown(sampleReport({ results, summary: summarize(results) }));
    expect(tableAfter(md, md.indexOf('failing the run'))).to.have.length(SUMMARY_FAILURE_CAP + 2);
    expect(md).to.include(`#### ${SUMMARY_FAILURE_CAP + 3} results failing the run`);
    expect(md).to.include('… and 3 more, listed in report.json.');
  });

  it('names the fixed case that fails a --strict-baseline run', () => {
    const fixed: CaseResult = { ...PASSED, status: 'fixed' };
    const md = summaryMarkdown(sampleReport({ results: [fixed], summary: summarize([fixed]) }), { strictBaseline: true, exitCode: 1 });
    expect(md).to.include('#### 1 result failing the run');
    expect(md).to.include('--strict-baseline');
  });
});

describe('report/github-actions publishToGithubActions', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'xc-gh-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('with GITHUB_ACTIONS=true prints the annotations, and appends the summary to GITHUB_STEP_SUMMARY', () => {
    const file = path.join(dir, 'summary.md');
    writeFileSync(file, 'earlier step\n');
    const stdout = new Capture();
    const stderr = new Capture();
    publishToGithubActions(sampleReport(), { env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: file }, stdout, stderr }, { exitCode: 1 });
    expect(
      stdout.text
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(0, 8)),
    ).to.deep.equal(['::error ', '::error ']);
    expect(stdout.text).to.include(ERRORED.id);
    const written = readFileSync(file, 'utf8');
    expect(written.startsWith('earlier step\n### xmpp-conformance: ')).to.equal(true);
    expect(stderr.text).to.equal('');
    // a second target (report merge) appends its own section
    publishToGithubActions(sampleReport(), { env: { GITHUB_STEP_SUMMARY: file }, stdout, stderr });
    expect(readFileSync(file, 'utf8').match(/^### xmpp-conformance/gm)).to.have.length(2);
  });

  it('does nothing outside GitHub Actions', () => {
    const stdout = new Capture();
    const stderr = new Capture();
    publishToGithubActions(sampleReport(), { env: { GITHUB_ACTIONS: 'false', GITHUB_STEP_SUMMARY: '' }, stdout, stderr });
    publishToGithubActions(sampleReport(), { env: {}, stdout, stderr });
    expect(stdout.text + stderr.text).to.equal('');
  });

  it('reports a summary file it cannot write in one line on stderr', () => {
    const stdout = new Capture();
    const stderr = new Capture();
    publishToGithubActions(sampleReport(), { env: { GITHUB_STEP_SUMMARY: path.join(dir, 'missing', 'summary.md') }, stdout, stderr });
    expect(stderr.text).to.match(/^xmpp-conformance: could not append the job summary to GITHUB_STEP_SUMMARY \(.*\): .*\n$/);
    expect(stderr.text.split('\n')).to.have.length(2);
  });
});
