import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../harness/errors.js';
import { JsonReporter, parseReport, readReport } from '../../../harness/report/json.js';
import { sampleReport } from '../../support/report-fixture.js';

function expectUsageError(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a UsageError').to.be.instanceOf(UsageError);
  const msg = (caught as Error).message;
  expect(msg).to.match(pattern);
  expect(msg).not.to.include('\n');
}

describe('report/json', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'xc-json-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes exactly the report as 2-space JSON into a new outDir, and reads it back', async () => {
    const outDir = join(dir, 'nested', 'reports');
    const report = sampleReport({ shard: { index: 1, total: 2 } });
    await new JsonReporter({ outDir }).onEnd(report);
    const file = join(outDir, 'report.json');
    const text = readFileSync(file, 'utf8');
    expect(text).to.equal(`${JSON.stringify(report, null, 2)}\n`);
    expect(text).to.include('\n  "schema": "xmpp-conformance/report@1",');
    expect(text).to.include('ünïcødé 😀 日本');
    expect(readReport(file)).to.deep.equal(report);
  });

  it('defaults missing tags to [] (the example of the first interface had none)', () => {
    const raw = JSON.parse(JSON.stringify(sampleReport())) as { results: Array<Record<string, unknown>> };
    for (const r of raw.results) delete r['tags'];
    const back = parseReport(JSON.stringify(raw), 'x.json');
    expect(back.results.every((r) => Array.isArray(r.tags) && r.tags.length === 0)).to.equal(true);
  });

  it('keeps added fields (readers ignore fields they do not know)', () => {
    const raw = { ...sampleReport(), futureField: { a: 1 } };
    expect(parseReport(JSON.stringify(raw), 'x.json')).to.have.property('futureField');
  });

  describe('rejects bad input with one line', () => {
    // a parsed report, mutated at any depth: a loose type keeps each mutation one line
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    type Loose = Record<string, any>;
    const bad = (mutate: (r: Loose) => void): string => {
      const r = JSON.parse(JSON.stringify(sampleReport())) as Loose;
      mutate(r);
      return JSON.stringify(r);
    };

    it('a missing file', () => {
      expectUsageError(() => readReport(join(dir, 'nope.json')), /^cannot read report .*nope\.json: ENOENT/);
    });
    it('not JSON', () => {
      const f = join(dir, 'r.json');
      writeFileSync(f, '{"schema": ');
      expectUsageError(() => readReport(f), /r\.json: not JSON/);
    });
    it('another schema, or none', () => {
      expectUsageError(
        () =>
          parseReport(
            bad((r) => (r['schema'] = 'other/report@2')),
            'f',
          ),
        /^f: not an xmpp-conformance report \(schema "other\/report@2"; expected "xmpp-conformance\/report@1"\)$/,
      );
      expectUsageError(() => parseReport('[1,2]', 'f'), /no schema field/);
      expectUsageError(() => parseReport('null', 'f'), /no schema field/);
    });
    it('a bad status, with the path to it', () => {
      expectUsageError(
        () =>
          parseReport(
            bad((r) => (r['results'][2]['status'] = 'ok')),
            'f',
          ),
        /^f: invalid report: results\[2\]\.status: expected one of passed\|failed\|skipped\|errored\|expected-fail\|fixed$/,
      );
    });
    it('a bad ref level, transcript entry, target or seed', () => {
      expectUsageError(
        () =>
          parseReport(
            bad((r) => (r['results'][0]['refs'][0]['level'] = 'must')),
            'f',
          ),
        /results\[0\]\.refs\[0\]\.level/,
      );
      expectUsageError(
        () =>
          parseReport(
            bad((r) => (r['results'][1]['transcript'][3]['dir'] = 'up')),
            'f',
          ),
        /results\[1\]\.transcript\[3\]\.dir/,
      );
      expectUsageError(
        () =>
          parseReport(
            bad((r) => delete r['target']['url']),
            'f',
          ),
        /target\.url: expected a string/,
      );
      expectUsageError(
        () =>
          parseReport(
            bad((r) => (r['seed'] = '42')),
            'f',
          ),
        /seed: expected a number/,
      );
      expectUsageError(
        () =>
          parseReport(
            bad((r) => (r['results'] = {})),
            'f',
          ),
        /results: expected an array/,
      );
    });
    it('a summary that disagrees with the results', () => {
      expectUsageError(
        () =>
          parseReport(
            bad((r) => (r['summary']['failed'] = 2)),
            'f',
          ),
        /summary\.failed is 2 but the results hold 1/,
      );
    });
  });
});
