import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HtmlReporter, createReporters, escapeHtml, renderHtml } from '../../../harness/report/index.js';
import { summarize, type CaseResult, type Report } from '../../../harness/runner/result.js';
import { FAILED, NASTY, PASSED, RESULTS, XSS, expectInert, hostileResult, sampleReport } from '../../support/report-fixture.js';

function report(results: readonly CaseResult[], overrides: Partial<Report> = {}): Report {
  return sampleReport({ results, summary: summarize(results), ...overrides });
}

describe('report/html', () => {
  it('escapes the five characters and control characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&\`</a>`)).to.equal('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
    expect(escapeHtml('a\u0000b\u001bc\nd')).to.equal('a\\x00b\\x1bc\nd');
  });

  it('renders summary, software, areas, RFC sections, links, statuses and transcripts', () => {
    const html = renderHtml(sampleReport());
    expect(html).to.match(/^<!DOCTYPE html>/);
    expect(html).to.include('XMPP conformance: Prosody 0.12.3');
    expect(html).to.include('<dd>Prosody 0.12.3 (Linux)</dd>');
    expect(html).to.include('xmpp://127.0.0.1:15222');
    for (const s of ['passed', 'failed', 'skipped', 'errored']) expect(html).to.include(`data-count="${s}">1 ${s}</span>`);
    expect(html).to.include('<section class="area" data-area="stream">');
    expect(html).to.include('<section class="area" data-area="im">');
    expect(html.indexOf('data-area="stream"')).to.be.lessThan(html.indexOf('data-area="im"'));
    expect(html).to.include('<a href="https://www.rfc-editor.org/rfc/rfc6121#section-8.5.3.1" rel="noreferrer">RFC 6121 §8.5.3.1</a>');
    expect(html).to.include('<div class="case st-failed" data-status="failed"');
    expect(html).to.include('<details class="transcript"><summary>transcript (12 entries)</summary>');
    // the fixture's transcript: XML shown as text, control characters visible
    expect(html).to.include(escapeHtml(NASTY));
    expect(html).to.include('\\x01\\x1b[31m');
    expect(html).to.include(escapeHtml(FAILED.message as string));
  });

  it('groups cases of an area by RFC section, numerically ordered', () => {
    const mk = (id: string, section: string): CaseResult => ({ ...PASSED, id, refs: [{ rfc: 6120, section, level: 'MUST' }] });
    const html = renderHtml(report([mk('rfc6120/stream/c', '4.10'), mk('rfc6120/stream/a', '4.9.1'), mk('rfc6120/stream/b', '4.9.1')]));
    const order = [...html.matchAll(/<h3><a [^>]*>RFC 6120 §([\d.]+)<\/a><\/h3>/g)].map((m) => m[1]);
    expect(order).to.deep.equal(['4.9.1', '4.10']);
    expect(html.indexOf('rfc6120/stream/a')).to.be.lessThan(html.indexOf('rfc6120/stream/b'));
  });

  it('is XSS-proof: hostile titles, messages, transcripts, actors and software stay text', () => {
    const html = renderHtml(
      report([hostileResult()], {
        target: { url: `xmpp://x/${XSS}`, domain: XSS, software: { name: `Evil ${XSS}`, version: XSS, os: XSS } },
      }),
    );
    expectInert(html);
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('allows only its own script and style, by hash, and fetches nothing', () => {
    const html = renderHtml(sampleReport());
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'") ?? '';
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*)<\/style>/.exec(html)?.[1] ?? '';
    const hash = (s: string): string => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(csp).to.include("default-src 'none'");
    expect(csp).to.include(`script-src ${hash(script)}`);
    expect(csp).to.include(`style-src ${hash(style)}`);
    expect(html).not.to.match(/<(link|img|iframe)\b|src=/i);
  });

  it('truncates a huge transcript and says so, keeping the end', () => {
    const big: CaseResult = {
      ...FAILED,
      transcript: [
        ...Array.from({ length: 2000 }, (_, i) => ({ dir: 'in' as const, t: i, data: `<presence id='p${i}'>${'y'.repeat(1000)}</presence>` })),
        { dir: 'in', t: 3000, data: 'z'.repeat(5_000_000) },
        { dir: 'in', t: 3001, data: '<the-last-one/>' },
      ],
    };
    const html = renderHtml(report([big]));
    expect(html.length).to.be.lessThan(200_000);
    expect(html).to.include('&lt;the-last-one/&gt;');
    expect(html).to.include('[entry cut: 5000000 characters]');
    expect(html).to.match(/\[… 19\d\d earlier entries \(\d+ characters\) omitted: transcript larger than 65536 characters\]/);
  });

  it('stops adding transcripts once the page budget is spent', () => {
    const many = Array.from({ length: 5 }, (_, i): CaseResult => ({
      ...FAILED,
      id: `rfc6120/stream/t${i}`,
      transcript: [{ dir: 'in', t: 0, data: 'q'.repeat(1000) }],
    }));
    const html = renderHtml(report(many), { pageBudget: 2500 });
    expect(html.match(/q{1000}/g) ?? []).to.have.length(3);
    expect(html.match(/left out: this page already holds 2500 characters/g) ?? []).to.have.length(2);
  });

  it('HtmlReporter writes <out>/index.html, and --reporter html selects it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xc-html-'));
    try {
      await new HtmlReporter({ outDir: dir }).onEnd(sampleReport());
      expect(readFileSync(join(dir, 'index.html'), 'utf8')).to.include('Prosody 0.12.3');
      const r = createReporters(['html'], { outDir: join(dir, 'sub') });
      await r.onEnd?.(report(RESULTS));
      expect(readFileSync(join(dir, 'sub', 'index.html'), 'utf8')).to.include('<!DOCTYPE html>');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
