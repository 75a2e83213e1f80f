// A hand-built report with one case of each status, shared by the reporter tests; checked here first.
import { expect } from 'chai';
import { summarize, type CaseResult, type Report } from '../../../harness/runner/result.js';
import type { CaseMeta } from '../../../harness/cases/meta.js';

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

describe('report fixture', () => {
  it('has one case of each status and a consistent summary', () => {
    const r = sampleReport();
    expect(r.summary).to.deep.equal({ total: 4, passed: 1, failed: 1, skipped: 1, errored: 1, 'expected-fail': 0, fixed: 0 });
  });
});
