import { expect } from 'chai';
import {
  ANNOTATION_CAP,
  annotationLines,
  escapeCommandData,
  escapeCommandProperty,
  runFailures,
  workflowCommand,
} from '../../../harness/report/github-annotations.js';
import { summarize, type CaseResult } from '../../../harness/runner/result.js';
import { ERRORED, FAILED, PASSED, SKIPPED, sampleReport } from '../../support/report-fixture.js';

function failing(i: number): CaseResult {
  return { ...FAILED, id: `rfc6120/stream/case-${String(i).padStart(3, '0')}`, message: `message ${i}` };
}

/** Reads a workflow command line back: command, properties (unescaped) and message (unescaped). */
function parseCommand(line: string): { command: string; props: Record<string, string>; message: string } {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescape = (s: string): string => s.replace(/%(25|0D|0A|3A|2C)/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  const props: Record<string, string> = {};
  for (const p of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = p.indexOf('=');
    props[p.slice(0, eq)] = unescape(p.slice(eq + 1));
  }
  return { command: m[1] as string, props, message: unescape(m[3] as string) };
}

describe('report/github-annotations', () => {
  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeCommandData('100% done\r\nnext')).to.equal('100%25 done%0D%0Anext');
    expect(escapeCommandProperty('a:b,c%\n')).to.equal('a%3Ab%2Cc%25%0A');
    // % first: an already escaped-looking sequence is escaped again, not taken for an escape
    expect(escapeCommandData('%0A')).to.equal('%250A');
    expect(workflowCommand('error', { title: 'x: y, z' }, 'm:1,2')).to.equal('::error title=x%3A y%2C z::m:1,2');
    expect(workflowCommand('notice', {}, 'plain')).to.equal('::notice::plain');
  });

  it('makes one ::error per failed or errored case, titled with the id and RFC section', () => {
    const lines = annotationLines(sampleReport());
    expect(lines).to.have.length(2);
    const [f, e] = lines.map(parseCommand);
    expect(f?.command).to.equal('error');
    expect(f?.props['title']).to.equal(`${FAILED.id} (RFC 6121 §8.5.3.1 MUST)`);
    expect(f?.message).to.equal(`${FAILED.id}: ${FAILED.message}`);
    expect(e?.command).to.equal('error');
    expect(e?.props['title']).to.equal(`${ERRORED.id} (RFC 6120 §5.4.3.3 MUST)`);
    expect(e?.message).to.equal(`${ERRORED.id}: errored: ${ERRORED.message}`);
  });

  it('keeps every command on one line whatever the peer put in the message', () => {
    const nasty: CaseResult = { ...FAILED, message: 'line one\r\n::error::injected\n100%\u001b[31m' };
    const lines = annotationLines(sampleReport({ results: [nasty] }));
    expect(lines).to.have.length(1);
    expect(lines[0]).to.not.match(/[\r\n\u001b]/);
    // the peer's '::error::' stays text inside this one command's message
    const parsed = parseCommand(lines[0] as string);
    expect(parsed.props['title']).to.equal(`${FAILED.id} (RFC 6121 §8.5.3.1 MUST)`);
    expect(parsed.message).to.equal(`${FAILED.id}: line one\\r\\n::error::injected\\n100%\\x1b[31m`);
  });

  it('says nothing for passed, skipped and expected-fail cases, nor for fixed without --strict-baseline', () => {
    const quiet: CaseResult[] = [PASSED, SKIPPED, { ...FAILED, status: 'expected-fail' }, { ...PASSED, id: 'rfc6120/x/fixed', status: 'fixed' }];
    expect(annotationLines(sampleReport({ results: quiet, summary: summarize(quiet) }))).to.deep.equal([]);
  });

  it('warns about a fixed case under --strict-baseline and a skip under --fail-on-skip, after the errors', () => {
    const fixed: CaseResult = { ...PASSED, id: 'rfc6120/x/fixed', status: 'fixed', message: 'listed in baseline' };
    const results = [fixed, SKIPPED, FAILED];
    const lines = annotationLines(sampleReport({ results }), { strictBaseline: true, failOnSkip: true }).map(parseCommand);
    expect(lines.map((l) => l.command)).to.deep.equal(['error', 'warning', 'warning']);
    expect(lines[1]?.props['title']).to.equal('rfc6120/x/fixed (RFC 6120 §4.7.5 MUST)');
    expect(lines[1]?.message).to.include('--strict-baseline');
    expect(lines[2]?.message).to.include('--fail-on-skip');
    const bare: CaseResult = { ...SKIPPED, message: '' };
    const [skip] = annotationLines(sampleReport({ results: [bare] }), { failOnSkip: true }).map(parseCommand);
    expect(skip?.message).to.equal(`${SKIPPED.id}: skipped (--fail-on-skip)`);
  });

  it('warns about a case whose status changed between --repeat runs', () => {
    const report = sampleReport({ results: [PASSED], repeat: { runs: 3, flaky: [{ id: PASSED.id, statuses: ['passed', 'failed'] }] } });
    const [w] = annotationLines(report).map(parseCommand);
    expect(w?.command).to.equal('warning');
    expect(w?.message).to.include('passed, failed');
  });

  it(`prints at most ${ANNOTATION_CAP} and then says how many were left out`, () => {
    const results = Array.from({ length: ANNOTATION_CAP + 7 }, (_, i) => failing(i));
    const lines = annotationLines(sampleReport({ results }));
    expect(lines).to.have.length(ANNOTATION_CAP + 1);
    expect(lines.slice(0, ANNOTATION_CAP).every((l) => l.startsWith('::error '))).to.equal(true);
    expect(parseCommand(lines[ANNOTATION_CAP] as string)).to.deep.include({
      command: 'warning',
      message: `7 more annotations left out (limit ${ANNOTATION_CAP}); every result is in report.json`,
    });
    expect(annotationLines(sampleReport({ results }), { cap: 2 })).to.have.length(3);
    expect(runFailures(sampleReport({ results }))).to.have.length(ANNOTATION_CAP + 7);
  });

  it('cuts a very long message', () => {
    const lines = annotationLines(sampleReport({ results: [{ ...FAILED, message: 'x'.repeat(100_000) }] }));
    expect(lines[0]?.length).to.be.below(1200);
  });
});
