// The interop matrix and the run page in a real browser (Debian chromium through playwright-core):
// the matrix renders, the filters work, a click shows the transcript, and hostile transcripts stay text.
import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { mergeReports, writeMerged, type MergeOutcome } from '../../harness/report/index.js';
import { summarize, type CaseResult, type Report, type Status } from '../../harness/runner/result.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const HOSTILE = `<script>alert(1)</script><img src=x onerror="window.__pwned=2"><script>window.__pwned=1</script></pre></template>`;

function result(
  id: string,
  area: CaseResult['area'],
  rfc: number,
  section: string,
  level: 'MUST' | 'SHOULD' | 'MAY',
  status: Status,
  extra: Partial<CaseResult> = {},
): CaseResult {
  return {
    id,
    title: `title of ${id}`,
    area,
    role: 'server',
    refs: [{ rfc, section, level }],
    requirements: [],
    tags: [],
    status,
    durationMs: 5,
    ...(status !== 'passed' ? { message: `${status}: because of ${id}` } : {}),
    ...extra,
  };
}

function report(results: CaseResult[], target: Report['target']): Report {
  return {
    schema: 'xmpp-conformance/report@1',
    tool: { name: 'xmpp-conformance', version: '0.1.0' },
    target,
    seed: 1,
    startedAt: '2024-05-01T10:00:00.000Z',
    durationMs: 10,
    summary: summarize(results),
    results,
  };
}

/** 6 cases over 3 areas and 3 servers; 3 of them differ between servers. */
function fabricate(): Report[] {
  const hostileTranscript = {
    transcript: [
      { dir: 'out' as const, t: 0, data: '<iq type="get"/>' },
      { dir: 'in' as const, t: 3, data: HOSTILE },
    ],
  };
  const rows: [string, CaseResult['area'], number, string, 'MUST' | 'SHOULD' | 'MAY', Status[]][] = [
    ['rfc6120/stream/header-version', 'stream', 6120, '4.7.5', 'MUST', ['passed', 'passed', 'passed']],
    ['rfc6120/stream/header-id', 'stream', 6120, '4.7.3', 'MUST', ['passed', 'failed', 'passed']],
    ['rfc6120/tls/starttls-offered', 'tls', 6120, '5.3.1', 'SHOULD', ['passed', 'passed', 'passed']],
    ['rfc6121/im/roster-get', 'im', 6121, '2.1.3', 'MUST', ['passed', 'passed', 'failed']],
    ['rfc6121/im/roster-version', 'im', 6121, '2.6', 'MAY', ['skipped', 'passed', 'skipped']],
    ['rfc6121/im/presence-probe', 'im', 6121, '4.3', 'SHOULD', ['errored', 'errored', 'errored']],
  ];
  const targets: Report['target'][] = [
    { url: 'xmpp://127.0.0.1:15222', domain: 'localhost', software: { name: 'Prosody', version: '0.12.3' } },
    { url: 'xmpp://127.0.0.1:25222', domain: 'localhost', software: { name: 'ejabberd', version: '23.10' } },
    { url: 'xmpp://127.0.0.1:35222', domain: 'localhost' },
  ];
  return targets.map((t, col) =>
    report(
      rows.map(([id, area, rfc, section, level, statuses]) =>
        result(id, area, rfc, section, level, statuses[col] as Status, statuses[col] === 'failed' ? hostileTranscript : {}),
      ),
      t,
    ),
  );
}

async function visibleRows(page: Page): Promise<string[]> {
  return page.$$eval('tr.case-row', (rows) => rows.filter((r) => !(r as HTMLElement).hidden).map((r) => r.getAttribute('data-id') ?? ''));
}

describe('html matrix in chromium @browser', function () {
  this.timeout(30_000);
  let browser: Browser | undefined;
  let dir = '';
  let outcome: MergeOutcome;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(`    skipped: ${CHROMIUM} is missing (apt-get install chromium to run the @browser tests)`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'xc-browser-'));
    outcome = mergeReports(fabricate());
    await writeMerged(dir, outcome);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 20_000 });
  });

  after(async () => {
    await browser?.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  async function open(file: string): Promise<Page> {
    const page = await (browser as Browser).newPage();
    page.setDefaultTimeout(5_000);
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(pathToFileURL(join(dir, file)).href);
    return page;
  }

  it('renders the matrix: one row per case, one column per server, our script running', async () => {
    const page = await open('index.html');
    expect(await page.locator('tr.case-row').count()).to.equal(6);
    expect(await page.locator('thead th[data-col]').count()).to.equal(3);
    expect(await page.locator('thead th[data-col] a').allTextContents()).to.deep.equal(['Prosody 0.12.3', 'ejabberd 23.10', 'xmpp://127.0.0.1:35222']);
    expect(await page.locator('tr.case-row td.cell').count()).to.equal(18);
    // the filter script ran (and was allowed by the page's CSP)
    expect(await page.locator('#shown').textContent()).to.equal('6 of 6 cases shown');
    // grouped by RFC section, in numeric order
    const groups = await page.locator('tr.group th').allTextContents();
    expect(groups).to.deep.equal(['RFC 6120 §4.7.3', 'RFC 6120 §4.7.5', 'RFC 6120 §5.3.1', 'RFC 6121 §2.1.3', 'RFC 6121 §2.6', 'RFC 6121 §4.3']);
    expect(await page.locator('tr.case-row[data-id="rfc6120/stream/header-id"] td.cell').nth(1).getAttribute('title')).to.equal(
      'failed: failed: because of rfc6120/stream/header-id',
    );
    expect(pageErrors).to.deep.equal([]);
    await page.close();
  });

  it('filters by area, level and "differs between servers"', async () => {
    const page = await open('index.html');
    await page.selectOption('#f-area', 'im');
    expect(await visibleRows(page)).to.deep.equal(['rfc6121/im/roster-get', 'rfc6121/im/roster-version', 'rfc6121/im/presence-probe']);
    expect(await page.locator('tr.group:not([hidden])').count()).to.equal(3);
    await page.selectOption('#f-area', '');
    await page.selectOption('#f-level', 'should');
    expect(await visibleRows(page)).to.deep.equal(['rfc6120/tls/starttls-offered', 'rfc6121/im/presence-probe']);
    await page.selectOption('#f-level', '');
    await page.check('#f-differs');
    const differing = outcome.matrix.rows.filter((r) => r.differs).map((r) => r.id);
    expect(differing).to.have.length(3);
    expect(await visibleRows(page)).to.deep.equal(['rfc6120/stream/header-id', 'rfc6121/im/roster-get', 'rfc6121/im/roster-version']);
    expect(await page.locator('#shown').textContent()).to.equal('3 of 6 cases shown');
    await page.selectOption('#f-area', 'tls');
    expect(await visibleRows(page)).to.deep.equal([]);
    expect(await page.locator('tr.group:not([hidden])').count()).to.equal(0);
    await page.close();
  });

  it('a click on a cell shows its transcript as text; hostile markup never runs', async () => {
    const page = await open('index.html');
    expect(await page.locator('#panel').isHidden()).to.equal(true);
    await page.locator('tr.case-row[data-id="rfc6121/im/roster-get"] td.cell button').nth(2).click();
    expect(await page.locator('#panel').isVisible()).to.equal(true);
    const text = (await page.locator('#panel-body').textContent()) ?? '';
    expect(text).to.include('rfc6121/im/roster-get');
    expect(text).to.include('xmpp://127.0.0.1:35222');
    expect(text).to.include('<script>alert(1)</script>');
    expect(text).to.include('<iq type="get"/>');
    expect(await page.locator('#panel-body script, #panel-body img').count()).to.equal(0);
    // close, open another
    await page.click('#panel-close');
    expect(await page.locator('#panel').isHidden()).to.equal(true);
    await page.locator('tr.case-row[data-id="rfc6120/stream/header-version"] td.cell button').first().click();
    expect(await page.locator('#panel-body').textContent()).to.include('no transcript recorded');
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).to.equal(undefined);
    expect(await page.locator('body script').count()).to.equal(1);
    expect(dialogs).to.deep.equal([]);
    await page.close();
  });

  it("a target's run page: status filters hide cases, transcripts expand and stay inert", async () => {
    const page = await open('targets/ejabberd-23.10/index.html');
    expect(await page.locator('.case').count()).to.equal(6);
    await page.uncheck('input[data-status-filter="passed"]');
    expect(await page.locator('.case:not([hidden])').count()).to.equal(2);
    expect(await page.locator('section.area:not([hidden])').count()).to.equal(2);
    await page.click('#expand-all');
    const tx = page.locator('.case[data-id="rfc6120/stream/header-id"] pre.tx');
    expect(await tx.isVisible()).to.equal(true);
    expect(await tx.textContent()).to.include('<script>alert(1)</script>');
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).to.equal(undefined);
    expect(dialogs).to.deep.equal([]);
    expect(pageErrors).to.deep.equal([]);
    await page.close();
  });
});
