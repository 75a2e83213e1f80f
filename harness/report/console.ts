// The console reporter: progress while the run goes, then failures, skips and a summary.
// The only reporter that writes to stdout during a run.
import type { CaseMeta } from '../cases/index.js';
import { failedOrErrored, isNotRun, type CaseResult, type Report, type Status, type TranscriptEntry } from '../runner/index.js';
import { formatRef, rfcUrl } from '../spec.js';
import type { Reporter, ReporterOptions, RunPlan } from './reporter.js';
import { levelsText } from './levels-text.js';

/** How many transcript entries a failure block shows, and how wide each may be. */
export const CONSOLE_TRANSCRIPT_ENTRIES = 8;
export const CONSOLE_ENTRY_WIDTH = 200;

export const STATUS_MARK: Readonly<Record<Status, string>> = {
  passed: '✓',
  failed: '✗',
  skipped: '○',
  errored: '!',
  'expected-fail': '≈',
  fixed: '↑',
};

const ANSI = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  magenta: '\x1b[35m',
  clearLine: '\r\x1b[2K',
} as const;

const STATUS_COLOUR: Readonly<Record<Status, string>> = {
  passed: ANSI.green,
  failed: ANSI.red,
  skipped: ANSI.yellow,
  errored: ANSI.magenta,
  'expected-fail': ANSI.dim,
  fixed: ANSI.green,
};

/**
 * Makes peer-controlled text safe for one terminal line: control characters (C0, DEL, C1 — ESC among
 * them, so a hostile peer cannot drive the terminal) and lone surrogates become visible escapes.
 * With `keepNewlines`, \n is left alone.
 */
export function escapeControls(text: string, keepNewlines = false): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
    if (c === '\n') return keepNewlines ? '\n' : '\\n';
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Cuts `text` to at most `max` UTF-16 units (the last one '…'), never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `57 cases: 50 passed, 3 failed, 4 skipped, 0 errored in 12.3 s (seed 42)` */
export function formatSummaryLine(report: Report): string {
  const s = report.summary;
  const shard = report.shard ? `, shard ${report.shard.index}/${report.shard.total}` : '';
  const known = s['expected-fail'] || s.fixed ? `, ${s['expected-fail']} expected-fail, ${s.fixed} fixed` : '';
  const flaky = report.repeat ? `, ${report.repeat.flaky.length} flaky over ${report.repeat.runs} runs` : '';
  const cut = report.incomplete
    ? ` (${report.incomplete.notRun} of them not run: ${report.incomplete.stage === 'preflight' ? 'the run did not start' : `stopped early, ${report.incomplete.stage}`})`
    : '';
  return (
    `${plural(s.total, 'case')}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped${cut}, ` +
    `${s.errored} errored${known}${flaky} in ${(report.durationMs / 1000).toFixed(1)} s (seed ${report.seed}${shard})`
  );
}

/** One transcript entry as a console line: `→ out  +12ms [romeo] <data>`, cut to ~200 chars. */
export function formatTranscriptLine(e: TranscriptEntry): string {
  const arrow = e.dir === 'out' ? '→ out ' : '← in  ';
  const actor = e.actor !== undefined ? `[${escapeControls(e.actor)}] ` : '';
  return truncate(`${arrow} +${e.t}ms ${actor}${escapeControls(e.data)}`, CONSOLE_ENTRY_WIDTH);
}

export class ConsoleReporter implements Reporter {
  private readonly out: NodeJS.WritableStream;
  private readonly interactive: boolean;
  private total = 0;
  private readonly counts: Record<Status, number> = { passed: 0, failed: 0, skipped: 0, errored: 0, 'expected-fail': 0, fixed: 0 };
  /** cases begun and not yet ended, in start order (several run at once with --concurrency) */
  private readonly running: string[] = [];
  private lastId = '';
  private progressShown = false;

  constructor(opts: Pick<ReporterOptions, 'stdout' | 'interactive'> = {}) {
    this.out = opts.stdout ?? process.stdout;
    this.interactive = opts.interactive === true;
  }

  onBegin(plan: RunPlan): void {
    this.total = plan.cases.length;
    const t = plan.target;
    this.println(
      `xmpp-conformance: ${plural(this.total, 'case')} against ${escapeControls(t.url)}` + ` (domain ${escapeControls(t.domain)}, seed ${plan.seed})`,
    );
    this.redraw();
  }

  onCaseBegin(meta: CaseMeta): void {
    this.running.push(meta.id);
    this.lastId = meta.id;
    this.redraw();
  }

  onCaseEnd(meta: CaseMeta, result: CaseResult): void {
    const i = this.running.indexOf(meta.id);
    if (i >= 0) this.running.splice(i, 1);
    this.counts[result.status] += 1;
    this.lastId = this.running[this.running.length - 1] ?? meta.id;
    if (this.interactive) {
      this.redraw();
    } else {
      this.println(`  ${STATUS_MARK[result.status]} ${escapeControls(result.id)} — ${escapeControls(result.title)} (${result.durationMs} ms)`);
    }
  }

  onDiagnostic(message: string): void {
    this.println(this.paint(ANSI.dim, `  note: ${escapeControls(message)}`));
    this.redraw();
  }

  onEnd(report: Report): void {
    this.clearProgress();
    const lines: string[] = [];
    const bad = report.results.filter(failedOrErrored);
    if (bad.length > 0) {
      lines.push('', this.paint(ANSI.bold, `Failures (${bad.length}):`));
      for (const r of bad) lines.push('', ...this.failureBlock(r));
    }
    // cases a stopped run never got to share one reason: one line, not one per case
    const notRun = report.incomplete ? report.results.filter((r) => isNotRun(r)) : [];
    const skipped = report.results.filter((r) => r.status === 'skipped' && !notRun.includes(r));
    if (notRun.length > 0 && report.incomplete) {
      lines.push('', this.paint(ANSI.bold, `Not run (${notRun.length}): ${escapeControls(report.incomplete.reason)}`));
    }
    if (skipped.length > 0) {
      lines.push('', this.paint(ANSI.bold, `Skipped (${skipped.length}):`));
      for (const r of skipped) {
        const reason = r.message !== undefined && r.message !== '' ? escapeControls(r.message) : '(no reason given)';
        lines.push(`  ${this.mark('skipped')} ${escapeControls(r.id)} — ${reason}`);
      }
    }
    const fixed = report.results.filter((r) => r.status === 'fixed');
    if (fixed.length > 0) {
      lines.push('', this.paint(ANSI.bold, `Fixed since the baseline (${fixed.length}) — remove them from it:`));
      for (const r of fixed) lines.push(`  ${this.mark('fixed')} ${escapeControls(r.id)}`);
    }
    for (const f of report.repeat?.flaky ?? []) {
      lines.push(`  flaky: ${escapeControls(f.id)} (${f.statuses.join(', ')})`);
      (f.messages ?? []).forEach((m, i) => {
        if (m) lines.push(`    run ${i + 1}: ${escapeControls(m)}`);
      });
    }
    const levels = levelsText(report.levels ?? [], escapeControls);
    if (levels.length > 0) lines.push('', ...levels);
    lines.push('', this.summaryLine(report));
    const sw = report.target.software;
    const software = sw ? ` — ${sw.name} ${sw.version}${sw.os ? ` on ${sw.os}` : ''}` : '';
    lines.push(`target: ${escapeControls(report.target.url + software)}`);
    this.out.write(`${lines.join('\n')}\n`);
  }

  private failureBlock(r: CaseResult): string[] {
    const lines = [
      `${this.mark(r.status)} ${escapeControls(r.id)} — ${escapeControls(r.title)}`,
      `    status:  ${this.paint(STATUS_COLOUR[r.status], r.status)}`,
      `    message: ${r.message !== undefined && r.message !== '' ? escapeControls(r.message) : '(none)'}`,
    ];
    if (r.refs.length > 0) {
      lines.push('    refs:');
      for (const ref of r.refs) lines.push(`      ${formatRef(ref)}  ${rfcUrl(ref)}`);
    }
    const transcript = r.transcript ?? [];
    if (transcript.length > 0) {
      const shown = transcript.slice(-CONSOLE_TRANSCRIPT_ENTRIES);
      const of = transcript.length > shown.length ? ` (last ${shown.length} of ${transcript.length})` : '';
      lines.push(`    transcript${of}:`);
      for (const e of shown) lines.push(`      ${formatTranscriptLine(e)}`);
    }
    return lines;
  }

  private summaryLine(report: Report): string {
    const line = formatSummaryLine(report);
    if (!this.interactive) return line;
    const ok = report.summary.failed + report.summary.errored === 0;
    return this.paint(ok ? ANSI.green : ANSI.red, line);
  }

  private mark(status: Status): string {
    return this.paint(STATUS_COLOUR[status], STATUS_MARK[status]);
  }

  private paint(code: string, text: string): string {
    return this.interactive ? `${code}${text}${ANSI.reset}` : text;
  }

  private println(line: string): void {
    this.clearProgress();
    this.out.write(`${line}\n`);
  }

  private clearProgress(): void {
    if (this.progressShown) {
      this.out.write(ANSI.clearLine);
      this.progressShown = false;
    }
  }

  /** `[12/57] ✓ 10 ✗ 1 ○ 1 ! 0  rfc6120/stream/header-version`, redrawn in place (interactive only). */
  private redraw(): void {
    if (!this.interactive) return;
    const c = this.counts;
    const done = c.passed + c.failed + c.skipped + c.errored;
    const plain =
      `[${done}/${this.total}] ✓ ${c.passed} ✗ ${c.failed} ○ ${c.skipped} ! ${c.errored}` + (this.lastId !== '' ? `  ${escapeControls(this.lastId)}` : '');
    // keep the line shorter than the terminal, or the \r redraw would leave wrapped remnants
    const columns = (this.out as { columns?: number }).columns;
    const line = columns !== undefined && columns > 10 ? truncate(plain, columns - 1) : plain;
    this.out.write(`${ANSI.clearLine}${line}`);
    this.progressShown = true;
  }
}
