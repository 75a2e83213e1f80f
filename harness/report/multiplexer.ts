// Fans every run event out to several reporters. A reporter that throws (or hangs in onBegin/onEnd)
// is reported once and does not stop the others, nor the run.
import type { CaseMeta } from '../cases/index.js';
import { oneLine } from '../errors.js';
import type { CaseResult, Report } from '../runner/index.js';
import type { Reporter, RunPlan } from './reporter.js';

export interface NamedReporter {
  readonly name: string;
  readonly reporter: Reporter;
}

export interface MultiplexerOptions {
  /** where reporter failures go when no diagnostics reporter can take them (default process.stderr) */
  readonly stderr?: NodeJS.WritableStream;
  /** the reporter whose onDiagnostic hears about the others' failures (default 'console') */
  readonly diagnosticsTo?: string;
  /** deadline for one reporter's onBegin or onEnd, in ms (default 60 000) */
  readonly hookTimeoutMs?: number;
}

type Hook = 'onBegin' | 'onCaseBegin' | 'onCaseEnd' | 'onDiagnostic' | 'onEnd';

export class Multiplexer implements Reporter {
  private readonly entries: readonly NamedReporter[];
  private readonly stderr: NodeJS.WritableStream;
  private readonly sinkName: string;
  private readonly hookTimeoutMs: number;
  /** per reporter name: how many of its errors were contained */
  private readonly failures = new Map<string, number>();

  constructor(reporters: readonly NamedReporter[], opts: MultiplexerOptions = {}) {
    this.entries = [...reporters];
    this.stderr = opts.stderr ?? process.stderr;
    this.sinkName = opts.diagnosticsTo ?? 'console';
    this.hookTimeoutMs = opts.hookTimeoutMs ?? 60_000;
  }

  /** the names of the reporters, in fan-out order */
  get names(): readonly string[] {
    return this.entries.map((e) => e.name);
  }

  async onBegin(plan: RunPlan): Promise<void> {
    for (const e of this.entries) await this.callAsync(e, 'onBegin', () => e.reporter.onBegin?.(plan));
  }

  onCaseBegin(meta: CaseMeta): void {
    for (const e of this.entries) this.call(e, 'onCaseBegin', () => e.reporter.onCaseBegin?.(meta));
  }

  onCaseEnd(meta: CaseMeta, result: CaseResult): void {
    for (const e of this.entries) this.call(e, 'onCaseEnd', () => e.reporter.onCaseEnd?.(meta, result));
  }

  onDiagnostic(message: string): void {
    for (const e of this.entries) this.call(e, 'onDiagnostic', () => e.reporter.onDiagnostic?.(message));
  }

  async onEnd(report: Report): Promise<void> {
    // the diagnostics reporter ends last, so the others' failures are told before its summary
    const sink = this.entries.filter((e) => e.name === this.sinkName);
    const rest = this.entries.filter((e) => e.name !== this.sinkName);
    for (const e of rest) await this.callAsync(e, 'onEnd', () => e.reporter.onEnd?.(report));
    this.tellSuppressed();
    for (const e of sink) await this.callAsync(e, 'onEnd', () => e.reporter.onEnd?.(report));
  }

  private call(e: NamedReporter, hook: Hook, fn: () => unknown): void {
    try {
      fn();
    } catch (err) {
      this.contain(e, hook, err);
    }
  }

  private async callAsync(e: NamedReporter, hook: Hook, fn: () => void | Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not finish within ${this.hookTimeoutMs} ms`)), this.hookTimeoutMs);
      });
      await Promise.race([Promise.resolve().then(fn), deadline]);
    } catch (err) {
      this.contain(e, hook, err);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }

  private contain(e: NamedReporter, hook: Hook, err: unknown): void {
    const n = (this.failures.get(e.name) ?? 0) + 1;
    this.failures.set(e.name, n);
    // once per reporter: a reporter broken in onCaseEnd would otherwise repeat itself for every case
    if (n === 1) this.tell(`reporter ${e.name} failed in ${hook}: ${oneLine(err)}`, e.name);
  }

  private tellSuppressed(): void {
    for (const [name, n] of this.failures) {
      if (n > 1) this.tell(`reporter ${name}: ${n - 1} more error${n === 2 ? '' : 's'} not shown`, name);
    }
  }

  /** Tells the diagnostics reporter, unless it is the one failing (or it throws too); else stderr. */
  private tell(message: string, failing: string): void {
    const sink = failing === this.sinkName ? undefined : this.entries.find((x) => x.name === this.sinkName);
    if (sink?.reporter.onDiagnostic) {
      try {
        sink.reporter.onDiagnostic(message);
        return;
      } catch {
        // fall through to stderr
      }
    }
    this.stderr.write(`xmpp-conformance: ${message}\n`);
  }
}
