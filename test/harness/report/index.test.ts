import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { UsageError } from '../../../harness/errors.js';
import { createReporters, Multiplexer, REPORTERS, readReport } from '../../../harness/report/index.js';
import { RESULTS, metaOf, sampleReport } from '../../support/report-fixture.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

describe('report/index', () => {
  it('lists the reporter names', () => {
    expect(REPORTERS).to.deep.equal(['console', 'json', 'junit', 'html']);
  });

  it('rejects an unknown reporter with a UsageError naming the valid ones', () => {
    expect(() => createReporters(['console', 'xml'], { outDir: 'unused' })).to.throw(
      UsageError,
      '--reporter: unknown reporter "xml" (valid: console, json, junit, html)',
    );
  });

  it('builds a multiplexer over the named reporters, once each', () => {
    const m = createReporters(['json', ' console', 'json', ''], { outDir: 'unused' });
    expect(m).to.be.instanceOf(Multiplexer);
    expect((m as Multiplexer).names).to.deep.equal(['json', 'console']);
  });

  it('runs console, json and junit end to end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xc-report-'));
    try {
      const stdout = new Capture();
      const r = createReporters(REPORTERS, { outDir: dir, stdout, interactive: false });
      const report = sampleReport();
      await r.onBegin?.({ cases: RESULTS.map(metaOf), target: report.target, seed: report.seed, startedAt: report.startedAt });
      for (const c of RESULTS) {
        r.onCaseBegin?.(metaOf(c));
        r.onCaseEnd?.(metaOf(c), c);
      }
      await r.onEnd?.(report);
      expect(readReport(join(dir, 'report.json'))).to.deep.equal(report);
      expect(existsSync(join(dir, 'junit.xml'))).to.equal(true);
      expect(stdout.text).to.include('4 cases: 1 passed, 1 failed, 1 skipped, 1 errored in 12.3 s (seed 42)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
