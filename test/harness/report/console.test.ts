import { expect } from 'chai';
import { Writable } from 'node:stream';
import { ConsoleReporter, formatSummaryLine, truncate, escapeControls } from '../../../harness/report/console.js';
import { ERRORED, FAILED, PASSED, RESULTS, SKIPPED, metaOf, sampleReport } from '../../support/report-fixture.js';

class Capture extends Writable {
  text = '';
  columns?: number;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

function runThrough(reporter: ConsoleReporter): void {
  const report = sampleReport();
  reporter.onBegin({ cases: RESULTS.map(metaOf), target: report.target, seed: report.seed, startedAt: report.startedAt });
  for (const r of RESULTS) {
    reporter.onCaseBegin(metaOf(r));
    reporter.onCaseEnd(metaOf(r), r);
  }
  reporter.onEnd(report);
}

describe('report/console', () => {
  describe('non-interactive', () => {
    let out: string;
    before(() => {
      const cap = new Capture();
      runThrough(new ConsoleReporter({ stdout: cap, interactive: false }));
      out = cap.text;
    });

    it('uses no ANSI codes and no carriage returns of its own', () => {
      expect(out).to.not.include('\x1b');
      expect(out).to.not.include('\r');
    });

    it('prints one line per finished case with mark, id, title and duration', () => {
      expect(out).to.include(`  ✓ ${PASSED.id} — ${PASSED.title} (12 ms)\n`);
      expect(out).to.include(`  ✗ ${FAILED.id} — ${FAILED.title} (5012 ms)\n`);
      expect(out).to.include(`  ○ ${SKIPPED.id} — ${SKIPPED.title} (0 ms)\n`);
      expect(out).to.include(`  ! ${ERRORED.id} — ${ERRORED.title} (3 ms)\n`);
    });

    it('prints a block for each failed and errored case with message, refs and links', () => {
      expect(out).to.include('Failures (2):');
      const block = out.slice(out.indexOf('Failures (2):'), out.indexOf('Skipped (1):'));
      expect(block).to.include(`✗ ${FAILED.id} — ${FAILED.title}`);
      expect(block).to.include('status:  failed');
      expect(block).to.include(FAILED.message);
      expect(block).to.include('RFC 6121 §8.5.3.1 MUST  https://www.rfc-editor.org/rfc/rfc6121#section-8.5.3.1');
      expect(block).to.include('RFC 6120 §10.5.4 SHOULD  https://www.rfc-editor.org/rfc/rfc6120#section-10.5.4');
      expect(block).to.include(`! ${ERRORED.id} — ${ERRORED.title}`);
      expect(block).to.include('status:  errored');
      expect(block).to.include(ERRORED.message);
      expect(block).not.to.include(PASSED.id);
    });

    it('shows the last 8 transcript entries, escaped and cut to ~200 chars', () => {
      expect(out).to.include('transcript (last 8 of 12):');
      const lines = out.split('\n').filter((l) => /^\s+[→←] (out|in)/.test(l));
      expect(lines).to.have.length(8 + 1); // 8 of the failed case, 1 of the errored one
      expect(out).not.to.include("<presence id='p3'/>");
      expect(out).to.include("→ out  +9ms <presence id='p9'/>");
      expect(out).to.include('[romeo] <message');
      expect(out).to.include('ünïcødé 😀 日本');
      const inLine = lines.find((l) => l.includes('[juliet]')) ?? '';
      expect(inLine).to.include('\\x01\\x1b[31m');
      expect(inLine.trim().length).to.be.at.most(200);
      expect(inLine.endsWith('…')).to.equal(true);
      expect(out).to.include('← in   +0ms <stream:features>ß</stream:features>');
    });

    it('lists every skipped case with its reason', () => {
      expect(out).to.include('Skipped (1):');
      expect(out).to.include(`  ○ ${SKIPPED.id} — ${SKIPPED.message}`);
    });

    it('ends with the summary line and the target software', () => {
      const tail = out.trimEnd().split('\n').slice(-2);
      expect(tail[0]).to.equal('4 cases: 1 passed, 1 failed, 1 skipped, 1 errored in 12.3 s (seed 42)');
      expect(tail[1]).to.equal('target: xmpp://127.0.0.1:15222 — Prosody 0.12.3 on Linux');
    });
  });

  describe('interactive', () => {
    it('redraws one progress line with counts and the current case, and colours', () => {
      const cap = new Capture();
      runThrough(new ConsoleReporter({ stdout: cap, interactive: true }));
      expect(cap.text).to.include(`\r\x1b[2K[0/4] ✓ 0 ✗ 0 ○ 0 ! 0  ${PASSED.id}`);
      expect(cap.text).to.include(`\r\x1b[2K[2/4] ✓ 1 ✗ 1 ○ 0 ! 0  ${FAILED.id}`);
      expect(cap.text).to.include(`\r\x1b[2K[4/4] ✓ 1 ✗ 1 ○ 1 ! 1  ${ERRORED.id}`);
      expect(cap.text).not.to.include(`  ✓ ${PASSED.id} — `);
      expect(cap.text).to.include('\x1b[31m');
      // the peer's ESC never reaches the terminal raw
      expect(cap.text).not.to.include('\x01');
      expect(cap.text).to.include('\\x1b[31m');
    });

    it('keeps the progress line within the terminal width', () => {
      const cap = new Capture();
      cap.columns = 30;
      const c = new ConsoleReporter({ stdout: cap, interactive: true });
      c.onBegin({ cases: [metaOf(PASSED)], target: sampleReport().target, seed: 1, startedAt: '' });
      c.onCaseBegin(metaOf(PASSED));
      const last = cap.text.split('\r\x1b[2K').pop() ?? '';
      expect(last.length).to.be.at.most(29);
    });

    it('prints diagnostics above the progress line', () => {
      const cap = new Capture();
      const c = new ConsoleReporter({ stdout: cap, interactive: true });
      c.onBegin({ cases: [metaOf(PASSED)], target: sampleReport().target, seed: 1, startedAt: '' });
      c.onDiagnostic('target software: Prosody 0.12.3');
      expect(cap.text).to.match(/\r\x1b\[2K\x1b\[2m {2}note: target software: Prosody 0\.12\.3\x1b\[0m\n\r\x1b\[2K\[0\/1\]/);
    });
  });

  describe('helpers', () => {
    it('formats the summary line, singular and with a shard', () => {
      const r = sampleReport({
        summary: { total: 1, passed: 1, failed: 0, skipped: 0, errored: 0, 'expected-fail': 0, fixed: 0 },
        shard: { index: 2, total: 4 },
      });
      expect(formatSummaryLine(r)).to.equal('1 case: 1 passed, 0 failed, 0 skipped, 0 errored in 12.3 s (seed 42, shard 2/4)');
    });

    it('truncates without splitting a surrogate pair', () => {
      expect(truncate('ab😀cd', 4)).to.equal('ab…');
      expect(truncate('abc', 3)).to.equal('abc');
    });

    it('escapes controls and lone surrogates', () => {
      expect(escapeControls('a\nb\u0000\u009b\ud800x\tz')).to.equal('a\\nb\\x00\\x9b\\ud800x\tz');
      expect(escapeControls('a\nb', true)).to.equal('a\nb');
      expect(escapeControls('😀')).to.equal('😀');
    });
  });
});
