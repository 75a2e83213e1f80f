// A hand-built report with one case of each status, shared by the reporter tests
// (test/harness/report/report-fixture.test.ts checks it). A module of its own, not a test file: a
// test file other files import registers its tests again in every parallel worker that loads it.
import { expect } from 'chai';
import { summarize, type CaseResult, type Report } from '../../harness/runner/result.js';
import type { CaseMeta } from '../../harness/cases/meta.js';

export const NASTY = `<message to='juliet@example.com'><body>a &amp; b &lt; c ]]> "q" 'a' ünïcødé 😀 日本</body></message>`;

export const PASSED: CaseResult = {
  id: 'rfc6120/stream/header-version',
  title: "server answers version='1.0' in its response stream header",
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '4.7.5', level: 'MUST' }],
  requirements: ['rfc6120-4.7.5-version-response'],
  tags: ['header'],
  status: 'passed',
  durationMs: 12,
};

export const FAILED: CaseResult = {
  id: 'rfc6121/im/message-chat-full-jid',
  title: 'a chat message to an available full JID is delivered to that resource',
  area: 'im',
  role: 'server',
  refs: [
    { rfc: 6121, section: '8.5.3.1', level: 'MUST' },
    { rfc: 6120, section: '10.5.4', level: 'SHOULD' },
  ],
  requirements: ['rfc6121-8.5.3.1-deliver-full-jid'],
  tags: ['message', 'routing'],
  status: 'failed',
  durationMs: 5012,
  message: "expected <message type='chat'> at juliet within 5000 ms; got <iq type='error'> (RFC 6121 §8.5.3.1 MUST)",
  transcript: [
    ...Array.from({ length: 10 }, (_, i) => ({ dir: 'out' as const, t: i, data: `<presence id='p${i}'/>` })),
    { dir: 'out', t: 20, data: NASTY, actor: 'romeo' },
    { dir: 'in', t: 31, data: `<iq type='error' from='example.com'>\u0001\u001b[31m${'x'.repeat(400)}</iq>`, actor: 'juliet' },
  ],
};

export const SKIPPED: CaseResult = {
  id: 'rfc6120/tls/direct-tls-alpn',
  title: 'direct TLS offers the xmpp-client ALPN protocol',
  area: 'tls',
  role: 'server',
  refs: [{ rfc: 7590, section: '3.1', level: 'SHOULD' }],
  requirements: [],
  tags: [],
  status: 'skipped',
  durationMs: 0,
  message: 'target has no direct TLS port (XEP-0368) — needs xmpps://',
};

export const ERRORED: CaseResult = {
  id: 'rfc6120/stream/restart-after-tls',
  title: 'the stream restarts after TLS negotiation <with> & "quotes"',
  area: 'stream',
  role: 'server',
  refs: [{ rfc: 6120, section: '5.4.3.3', level: 'MUST' }],
  requirements: [],
  tags: [],
  status: 'errored',
  durationMs: 3,
  message: 'setup failed: account romeo@example.com could not log in',
  transcript: [{ dir: 'in', t: 0, data: `<stream:features>ß</stream:features>` }],
};

export const RESULTS: readonly CaseResult[] = [PASSED, FAILED, SKIPPED, ERRORED];

export function metaOf(r: CaseResult): CaseMeta {
  return { id: r.id, title: r.title, area: r.area, role: r.role, refs: r.refs, requirements: r.requirements, tags: r.tags };
}

export function sampleReport(overrides: Partial<Report> = {}): Report {
  return {
    schema: 'xmpp-conformance/report@1',
    tool: { name: 'xmpp-conformance', version: '0.1.0' },
    target: {
      url: 'xmpp://127.0.0.1:15222',
      domain: 'localhost',
      software: { name: 'Prosody', version: '0.12.3', os: 'Linux' },
    },
    seed: 42,
    startedAt: '2024-05-01T10:00:00.000Z',
    durationMs: 12_345,
    summary: summarize(RESULTS),
    results: RESULTS,
    ...overrides,
  };
}

/** Markup in every field a report page shows, for the tests that the page keeps it inert. */
export const XSS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "'><svg onload=alert(3)>",
  '</template></pre></details><script>alert(4)</script>',
  '<!-- --><iframe src="javascript:alert(5)"></iframe>',
  '`${alert(6)}`',
].join(' ');

export function hostileResult(overrides: Partial<CaseResult> = {}): CaseResult {
  return {
    ...FAILED,
    id: 'rfc6120/stanza/hostile',
    title: `title ${XSS}`,
    message: `message ${XSS}`,
    transcript: [
      { dir: 'in', t: 1, data: `<stream:stream>${XSS}`, actor: `actor ${XSS}` },
      { dir: 'out', t: 2, data: `\u0000\u001b[31m\u0085 ${XSS}` },
    ],
    ...overrides,
  };
}

/** Markup that would run code if the page were parsed from it: only our one <script> may appear. */
export function expectInert(html: string): void {
  expect(html.match(/<script\b/gi) ?? []).to.have.length(1);
  expect(html).not.to.match(/<img\b|<svg\b|<iframe\b|<!--/i);
  expect(html).not.to.match(/href="javascript:/i);
}
