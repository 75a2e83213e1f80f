// Parser targets for `fuzz parser`: the harness's own parser or a module (`--target FILE`), run in a
// worker thread under a deadline and a heap cap; or a program (`--exec CMD`) that reads the stream
// on standard input and answers with its exit code (0 accepted, 1 rejected, anything else a crash).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../errors.js';
import { toStringChunks, type FuzzInput } from './inputs.js';
import type { ParseOutcome } from './own-parser.js';
import type { WorkerReply } from './worker.js';

/** What one parse came to: the parser's own answer, or a failure of the parser itself. */
export type Verdict =
  | { readonly kind: 'answered'; readonly outcome: ParseOutcome }
  | { readonly kind: 'crash'; readonly message: string }
  | { readonly kind: 'hang'; readonly message: string }
  | { readonly kind: 'memory'; readonly message: string }
  /** The input cannot be given to this target (bytes to a string target, or the reverse). */
  | { readonly kind: 'not-applicable' };

export interface ParserTarget {
  /** For reports: 'own', a module path, or 'exec:CMD'. */
  readonly name: string;
  /** Whether the target compares events (in-process) or only verdicts (exec). */
  readonly hasEvents: boolean;
  parse(input: FuzzInput): Promise<Verdict>;
  close(): Promise<void>;
}

export interface TargetLimits {
  /** Per-parse deadline, ms. */
  readonly timeoutMs: number;
  /** Heap cap of the worker, MiB (in-process targets). */
  readonly maxMemoryMb: number;
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

/** A worker-hosted target; restarted after a hang or an out-of-memory. */
class WorkerTarget implements ParserTarget {
  readonly hasEvents = true;
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private seq = 0;
  private pending: { id: number; resolve: (v: Verdict) => void } | undefined;

  constructor(
    readonly name: string,
    private readonly module: string | undefined,
    private readonly limits: TargetLimits,
  ) {}

  private start(): Promise<void> {
    const w = new Worker(WORKER_URL, {
      workerData: this.module ? { module: this.module } : {},
      resourceLimits: { maxOldGenerationSizeMb: this.limits.maxMemoryMb, maxYoungGenerationSizeMb: Math.min(64, this.limits.maxMemoryMb) },
      stdout: true,
      stderr: true,
    });
    // the target's own console output is not ours to print
    w.stdout.resume();
    w.stderr.resume();
    this.worker = w;
    const ready = new Promise<void>((resolve, reject) => {
      const onMsg = (m: { ready?: boolean; error?: string }) => {
        if (m.ready === true) resolve();
        else if (m.ready === false) reject(new UsageError(`fuzz parser: cannot load the target: ${m.error ?? '?'}`));
      };
      w.once('message', onMsg);
      w.once('error', (e) => reject(new UsageError(`fuzz parser: the target's worker failed to start: ${e.message}`)));
    });
    w.on('message', (m: WorkerReply | { ready: boolean }) => {
      if (!('id' in m) || !this.pending || m.id !== this.pending.id) return;
      const p = this.pending;
      this.pending = undefined;
      p.resolve('threw' in m ? { kind: 'crash', message: `threw ${m.threw}` } : { kind: 'answered', outcome: m.outcome });
    });
    w.on('error', (e: Error & { code?: string }) => {
      const p = this.pending;
      this.pending = undefined;
      this.worker = undefined;
      this.ready = undefined;
      if (!p) return;
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') p.resolve({ kind: 'memory', message: `heap over ${this.limits.maxMemoryMb} MiB (--max-memory)` });
      else p.resolve({ kind: 'crash', message: `the worker died: ${e.message}` });
    });
    w.on('exit', () => {
      if (this.worker === w) {
        this.worker = undefined;
        this.ready = undefined;
      }
      const p = this.pending;
      this.pending = undefined;
      p?.resolve({ kind: 'crash', message: 'the worker exited in the middle of a parse' });
    });
    return ready;
  }

  async parse(input: FuzzInput): Promise<Verdict> {
    const own = this.module === undefined;
    if (!own && input.bytesOnly) return { kind: 'not-applicable' };
    if (own && input.strings) return { kind: 'not-applicable' };
    const chunks: (string | Uint8Array)[] = own ? [...input.chunks] : [...(input.strings ?? toStringChunks(input.chunks))];
    if (!this.worker || !this.ready) this.ready = this.start();
    await this.ready;
    const w = this.worker;
    if (!w) return { kind: 'crash', message: 'the worker is gone' };
    const id = ++this.seq;
    return new Promise<Verdict>((resolve) => {
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.pending = undefined;
        this.worker = undefined;
        this.ready = undefined;
        void w.terminate();
        resolve({ kind: 'hang', message: `no answer within ${this.limits.timeoutMs} ms (--timeout)` });
      }, this.limits.timeoutMs);
      this.pending = {
        id,
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
      };
      w.postMessage({ id, chunks });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}

const OUTPUT_CAP = 64 * 1024;

/** A program that reads the stream on standard input: exit 0 accepted, 1 rejected. */
class ExecTarget implements ParserTarget {
  readonly hasEvents = false;
  constructor(
    private readonly cmd: string,
    private readonly limits: TargetLimits,
  ) {}

  get name(): string {
    return `exec:${this.cmd}`;
  }

  parse(input: FuzzInput): Promise<Verdict> {
    if (input.strings) return Promise.resolve({ kind: 'not-applicable' });
    return new Promise<Verdict>((resolve) => {
      const child = spawn(this.cmd, { shell: true, stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      let done = false;
      const finish = (v: Verdict) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(v);
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        finish({ kind: 'hang', message: `still running after ${this.limits.timeoutMs} ms (--timeout)` });
      }, this.limits.timeoutMs);
      child.stdout.on('data', () => undefined);
      child.stderr.on('data', (d: Buffer) => {
        if (stderr.length < OUTPUT_CAP) stderr += d.toString('utf8').slice(0, OUTPUT_CAP - stderr.length);
      });
      child.on('error', (e) => finish({ kind: 'crash', message: `could not run '${this.cmd}': ${e.message}` }));
      child.on('close', (code, signal) => {
        if (signal) return finish({ kind: 'crash', message: `killed by ${signal}${stderr ? `: ${lastLine(stderr)}` : ''}` });
        if (code === 0) return finish({ kind: 'answered', outcome: { ok: true, events: [] } });
        if (code === 1) return finish({ kind: 'answered', outcome: { ok: false, error: lastLine(stderr) || 'exit 1' } });
        finish({ kind: 'crash', message: `exit code ${code ?? '?'}${stderr ? `: ${lastLine(stderr)}` : ''}` });
      });
      // EPIPE when the program exits before reading everything is its answer, not our error
      child.stdin.on('error', () => undefined);
      for (const c of input.chunks) child.stdin.write(c);
      child.stdin.end();
    });
  }

  async close(): Promise<void> {
    // nothing kept between parses
  }
}

function lastLine(s: string): string {
  return s.trim().split('\n').slice(-1)[0]?.slice(0, 300) ?? '';
}

export function ownParserTarget(limits: TargetLimits): ParserTarget {
  return new WorkerTarget('own', undefined, limits);
}

export function moduleTarget(file: string, limits: TargetLimits): ParserTarget {
  const abs = path.resolve(file);
  if (!existsSync(abs)) throw new UsageError(`fuzz parser: --target ${file}: no such file`);
  return new WorkerTarget(abs, abs, limits);
}

export function execTarget(cmd: string, limits: TargetLimits): ParserTarget {
  if (cmd.trim() === '') throw new UsageError('fuzz parser: --exec needs a command');
  return new ExecTarget(cmd, limits);
}
