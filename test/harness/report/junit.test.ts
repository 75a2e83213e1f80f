import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { JunitReporter, formatSystemOut, renderJunit, SYSTEM_OUT_CAP } from '../../../harness/report/junit.js';
import { ERRORED, FAILED, NASTY, PASSED, SKIPPED, sampleReport } from '../../support/report-fixture.js';

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

/** Parses XML with saxes (throws if not well-formed) into a tiny tree. */
function parseXml(xml: string): Node {
  const parser = new SaxesParser();
  const root: Node = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: Node[] = [root];
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    const node: Node = { name: tag.name, attrs: tag.attributes as Record<string, string>, children: [], text: '' };
    stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (t) => {
    stack[stack.length - 1]!.text += t;
  });
  parser.on('cdata', (t) => {
    stack[stack.length - 1]!.text += t;
  });
  parser.write(xml).close();
  return root.children[0]!;
}

const all = (n: Node, name: string): Node[] => n.children.filter((c) => c.name === name);
const one = (n: Node, name: string): Node => {
  const found = all(n, name);
  expect(found, `<${name}> in <${n.name}>`).to.have.length(1);
  return found[0]!;
};
const props = (n: Node): Array<[string, string]> =>
  all(n, 'properties').flatMap((p) => all(p, 'property').map((q): [string, string] => [q.attrs['name']!, q.attrs['value']!]));

describe('report/junit', () => {
  const report = sampleReport();
  const root = parseXml(renderJunit(report));
  const suites = all(root, 'testsuite');
  const suite = (area: string): Node => suites.find((s) => s.attrs['name'] === `xmpp-conformance.${area}`)!;
  const testcase = (id: string): Node => suites.flatMap((s) => all(s, 'testcase')).find((c) => c.attrs['name']!.startsWith(`${id} — `))!;

  it('is well-formed, with counts on the root', () => {
    expect(root.name).to.equal('testsuites');
    expect(root.attrs['name']).to.equal('xmpp-conformance');
    expect(root.attrs['tests']).to.equal('4');
    expect(root.attrs['failures']).to.equal('1');
    expect(root.attrs['errors']).to.equal('1');
    expect(root.attrs['skipped']).to.equal('1');
  });

  it('has one testsuite per area, in area order, with counts', () => {
    expect(suites.map((s) => s.attrs['name'])).to.deep.equal(['xmpp-conformance.stream', 'xmpp-conformance.tls', 'xmpp-conformance.im']);
    const stream = suite('stream');
    expect(stream.attrs).to.include({ tests: '2', failures: '0', errors: '1', skipped: '0', time: '0.015' });
    expect(stream.attrs['timestamp']).to.equal(report.startedAt);
    expect(suite('im').attrs).to.include({ tests: '1', failures: '1' });
    expect(suite('tls').attrs).to.include({ tests: '1', skipped: '1' });
  });

  it('puts the target and the seed in each testsuite’s properties', () => {
    expect(props(suite('im'))).to.deep.include.members([
      ['target.url', 'xmpp://127.0.0.1:15222'],
      ['target.domain', 'localhost'],
      ['target.software', 'Prosody 0.12.3 (Linux)'],
      ['seed', '42'],
    ]);
  });

  it('names each testcase "<id> — <title>", classname area, time in seconds, refs and requirements as properties', () => {
    const tc = testcase(FAILED.id);
    expect(tc.attrs['name']).to.equal(`${FAILED.id} — ${FAILED.title}`);
    expect(tc.attrs['classname']).to.equal('im');
    expect(tc.attrs['time']).to.equal('5.012');
    expect(props(tc)).to.deep.include.members([
      ['ref', 'RFC 6121 §8.5.3.1 MUST'],
      ['ref', 'RFC 6120 §10.5.4 SHOULD'],
      ['requirement', 'rfc6121-8.5.3.1-deliver-full-jid'],
    ]);
    expect(testcase(ERRORED.id).attrs['name']).to.equal(`${ERRORED.id} — ${ERRORED.title}`);
  });

  it('marks a failure with its message and refs', () => {
    const f = one(testcase(FAILED.id), 'failure');
    expect(f.attrs['message']).to.equal(FAILED.message);
    expect(f.text).to.include(FAILED.message);
    expect(f.text).to.include('RFC 6121 §8.5.3.1 MUST https://www.rfc-editor.org/rfc/rfc6121#section-8.5.3.1');
  });

  it('marks an error, a skip with its reason, and nothing on a pass', () => {
    const e = one(testcase(ERRORED.id), 'error');
    expect(e.attrs['message']).to.equal(ERRORED.message);
    expect(all(testcase(ERRORED.id), 'failure')).to.have.length(0);
    expect(one(testcase(SKIPPED.id), 'skipped').attrs['message']).to.equal(SKIPPED.message);
    const pass = testcase(PASSED.id);
    expect(pass.children.map((c) => c.name)).to.deep.equal(['properties']);
  });

  it('gives failed and errored cases the transcript as system-out, special characters intact', () => {
    const out = one(testcase(FAILED.id), 'system-out').text;
    const lines = out.split('\n');
    expect(lines).to.have.length(12);
    expect(lines[0]).to.equal("+0ms out <presence id='p0'/>");
    expect(lines[10]).to.equal(`+20ms out [romeo] ${NASTY}`);
    expect(lines[11]).to.match(/^\+31ms in \[juliet\] <iq type='error' from='example.com'>\\x01\\x1b\[31mx+<\/iq>$/);
    expect(one(testcase(ERRORED.id), 'system-out').text).to.equal('+0ms in <stream:features>ß</stream:features>');
    expect(all(testcase(SKIPPED.id), 'system-out')).to.have.length(0);
  });

  it('caps system-out at 64 KiB, keeping the newest entries', () => {
    const transcript = Array.from({ length: 2000 }, (_, i) => ({ dir: 'in' as const, t: i, data: `<m n='${i}'>${'é'.repeat(40)}</m>` }));
    const out = formatSystemOut(transcript);
    expect(Buffer.byteLength(out, 'utf8')).to.be.at.most(SYSTEM_OUT_CAP);
    expect(out).to.match(/^\[… \d+ bytes of earlier transcript omitted\]\n/);
    expect(out.endsWith(`+1999ms in <m n='1999'>${'é'.repeat(40)}</m>`)).to.equal(true);
    expect(out).not.to.include('\ufffd');
    const big = sampleReport({
      results: [{ ...FAILED, transcript }],
      summary: { total: 1, passed: 0, failed: 1, skipped: 0, errored: 0, 'expected-fail': 0, fixed: 0 },
    });
    parseXml(renderJunit(big));
  });

  it('stays well-formed with characters XML forbids', () => {
    const nasty = {
      ...FAILED,
      title: 'nul\u0000 and \ufffe',
      message: 'bad \u0008 ]]> ]]> <x/>',
      transcript: [{ dir: 'in' as const, t: 1, data: '\u0000]]>]]><![CDATA[\ud800' }],
    };
    const x = parseXml(
      renderJunit(sampleReport({ results: [nasty], summary: { total: 1, passed: 0, failed: 1, skipped: 0, errored: 0, 'expected-fail': 0, fixed: 0 } })),
    );
    const tc = one(one(x, 'testsuite'), 'testcase');
    expect(one(tc, 'failure').attrs['message']).to.equal('bad \\x08 ]]> ]]> <x/>');
    expect(one(tc, 'system-out').text).to.equal('+1ms in \\x00]]>]]><![CDATA[\\ud800');
  });

  it('writes <outDir>/junit.xml, creating outDir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xc-junit-'));
    try {
      const outDir = join(dir, 'a', 'b');
      await new JunitReporter({ outDir }).onEnd(report);
      const xml = readFileSync(join(outDir, 'junit.xml'), 'utf8');
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).to.equal(true);
      expect(parseXml(xml).attrs['tests']).to.equal('4');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
