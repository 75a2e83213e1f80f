// Parser targets for `fuzz parser`: the harness's own parser or a module (`--target FILE`), run in a
// worker thread under a deadline and a heap cap; or a program (`--exec CMD`) that reads the stream
// on standard input and answers with its exit code (0 accepted, 1 rejected, anything else a crash).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../errors.js';
import { piecesOf, type FuzzInput, type Takes } from './inputs.js';
import { howGiven, type OracleFailure, type Pieces } from './oracle.js';
import type { ParseOutcome } from './own-parser.js';
import { packBatch } from './batch-pack.js';
import {
  HEARTBEAT_INPUT,
  HEARTBEAT_PARSES,
  HEARTBEAT_PIECES,
  HEARTBEAT_SLOTS,
  type BatchItem,
  type BatchReply,
  type BatchRequest,
  type WorkerReply,
  type WorkerRequest,
} from './worker.js';

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
  /** Whether it is given bytes (own parser, exec) or strings (a parser module). */
  readonly takes: Takes;
  parse(input: FuzzInput): Promise<Verdict>;
  /** One parse of the pieces as given (already in the form `takes` says). */
  parsePieces(pieces: Pieces): Promise<Verdict>;
  /**
   * The oracles over many inputs in one round trip, each parse under its own deadline. One entry
   * per input, in order (null: passed); shorter when a hang or a blown heap ended the batch (its
   * entry is the last) or, with `stopAtFirst`, at the first failure. Targets without it are
   * judged one input at a time.
   */
  judgeBatch?(items: readonly BatchItem[], stopAtFirst: boolean): Promise<(OracleFailure | null)[]>;
  close(): Promise<void>;
}

export interface TargetLimits {
  /** Per-parse deadline, ms. */
  readonly timeoutMs: number;
  /** Heap cap of the worker, MiB (in-process targets). */
  readonly maxMemoryMb: number;
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

type Fault = { readonly kind: 'crash' | 'hang' | 'memory'; readonly message: string };

interface Pending {
  /** A reply for this request arrived. */
  onReply(m: WorkerReply | BatchReply): boolean;
  /** The worker died or was stopped; `at` is where its heartbeat stood. */
  onFault(f: Fault, at: { input: number; pieces: number }): void;
}

/** A worker-hosted target; restarted after a hang, an out-of-memory or a death. */
class WorkerTarget implements ParserTarget {
  readonly hasEvents = true;
  readonly takes: Takes;
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private heartbeat: Int32Array<ArrayBufferLike> = new Int32Array(HEARTBEAT_SLOTS);
  private seq = 0;
  private pending: Pending | undefined;
  /** The worker the pending request went to: a late event of a terminated one is not about it. */
  private pendingOn: Worker | undefined;

  constructor(
    readonly name: string,
    private readonly module: string | undefined,
    private readonly limits: TargetLimits,
  ) {
    this.takes = module === undefined ? 'bytes' : 'strings';
  }

  private start(): Promise<void> {
    const sab = new SharedArrayBuffer(HEARTBEAT_SLOTS * 4);
    this.heartbeat = new Int32Array(sab);
    const w = new Worker(WORKER_URL, {
      workerData: { ...(this.module ? { module: this.module } : {}), heartbeat: sab },
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
    w.on('message', (m: WorkerReply | BatchReply | { ready: boolean }) => {
      if ('ready' in m || !this.pending) return;
      if (this.pending.onReply(m)) this.pending = undefined;
    });
    const hb = this.heartbeat;
    w.on('error', (e: Error & { code?: string }) => {
      if (this.worker === w) this.forget();
      if (this.pendingOn !== w) return;
      const memory = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fault(
        memory
          ? { kind: 'memory', message: `heap over ${this.limits.maxMemoryMb} MiB (--max-memory)` }
          : { kind: 'crash', message: `the worker died: ${e.message}` },
        hb,
      );
    });
    w.on('exit', () => {
      if (this.worker === w) this.forget();
      if (this.pendingOn !== w) return;
      this.fault({ kind: 'crash', message: 'the worker exited in the middle of a parse' }, hb);
    });
    return ready;
  }

  private forget(): void {
    this.worker = undefined;
    this.ready = undefined;
  }

  private fault(f: Fault, hb: Int32Array<ArrayBufferLike>): void {
    const p = this.pending;
    this.pending = undefined;
    p?.onFault(f, { input: Atomics.load(hb, HEARTBEAT_INPUT), pieces: Atomics.load(hb, HEARTBEAT_PIECES) });
  }

  private async running(): Promise<Worker> {
    if (!this.worker || !this.ready) this.ready = this.start();
    await this.ready;
    const w = this.worker;
    if (!w) throw new Error('the worker is gone');
    return w;
  }

  /**
   * Sends one request and watches the heartbeat: a parse that has not ended `timeoutMs` after it
   * began is a hang (the worker is terminated, restarted on the next request).
   */
  private watched<T>(
    w: Worker,
    msg: WorkerRequest | BatchRequest,
    onReply: (m: WorkerReply | BatchReply) => T | undefined,
    onFault: (f: Fault, at: { input: number; pieces: number }) => T,
  ): Promise<T> {
    const hb = this.heartbeat;
    return new Promise<T>((resolve) => {
      let seen = Atomics.load(hb, HEARTBEAT_PARSES);
      let since = Date.now();
      const every = Math.max(5, Math.min(50, Math.floor(this.limits.timeoutMs / 4)));
      const timer = setInterval(() => {
        const now = Atomics.load(hb, HEARTBEAT_PARSES);
        if (now !== seen) {
          seen = now;
          since = Date.now();
          return;
        }
        if (Date.now() - since < this.limits.timeoutMs) return;
        const p = this.pending;
        this.pending = undefined;
        this.forget();
        clearInterval(timer);
        void w.terminate();
        p?.onFault(
          { kind: 'hang', message: `no answer within ${this.limits.timeoutMs} ms (--timeout)` },
          { input: Atomics.load(hb, HEARTBEAT_INPUT), pieces: Atomics.load(hb, HEARTBEAT_PIECES) },
        );
      }, every);
      this.pending = {
        onReply: (m) => {
          const v = onReply(m);
          if (v === undefined) return false;
          clearInterval(timer);
          resolve(v);
          return true;
        },
        onFault: (f, at) => {
          clearInterval(timer);
          resolve(onFault(f, at));
        },
      };
      this.pendingOn = w;
      if ('packed' in msg) w.postMessage(msg, [msg.packed.bytes.buffer]);
      else w.postMessage(msg);
    });
  }

  parse(input: FuzzInput): Promise<Verdict> {
    const pieces = piecesOf(this.takes, input);
    return pieces ? this.parsePieces(pieces) : Promise.resolve({ kind: 'not-applicable' });
  }

  async parsePieces(pieces: Pieces): Promise<Verdict> {
    let w: Worker;
    try {
      w = await this.running();
    } catch (e) {
      if (e instanceof UsageError) throw e;
      return { kind: 'crash', message: 'the worker is gone' };
    }
    const id = ++this.seq;
    return this.watched<Verdict>(
      w,
      { id, chunks: pieces },
      (m) =>
        !('id' in m) || m.id !== id ? undefined : 'threw' in m ? { kind: 'crash', message: `threw ${m.threw}` } : { kind: 'answered', outcome: m.outcome },
      (f) => f,
    );
  }

  async judgeBatch(items: readonly BatchItem[], stopAtFirst: boolean): Promise<(OracleFailure | null)[]> {
    const out: (OracleFailure | null)[] = [];
    let from = 0;
    while (from < items.length) {
      const part = items.slice(from);
      const w = await this.running();
      const batch = ++this.seq;
      const r = await this.watched<{ results: readonly (OracleFailure | null)[] } | { at: number; failure: OracleFailure }>(
        w,
        { batch, packed: packBatch(part), stopAtFirst },
        (m) => ('batch' in m && m.batch === batch ? { results: m.results } : undefined),
        (f, at) => ({ at: Math.min(at.input, part.length - 1), failure: { kind: f.kind, message: `${f.message} (${howGiven(at.pieces)})` } }),
      );
      if ('results' in r) {
        out.push(...r.results);
        return out;
      }
      // the worker is gone with the results before `at`: judge those again in a fresh one
      if (r.at > 0) {
        const before = await this.judgeBatch(part.slice(0, r.at), stopAtFirst);
        out.push(...before);
        if (before.length < r.at || (stopAtFirst && before.some((b) => b !== null))) return out;
      }
      out.push(r.failure);
      if (stopAtFirst || r.failure.kind !== 'crash') return out;
      from += r.at + 1;
    }
    return out;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.forget();
    if (w) await w.terminate();
  }
}

const OUTPUT_CAP = 64 * 1024;

/** A program that reads the stream on standard input: exit 0 accepted, 1 rejected. */
class ExecTarget implements ParserTarget {
  readonly hasEvents = false;
  readonly takes = 'bytes' as const;
  constructor(
    private readonly cmd: string,
    private readonly limits: TargetLimits,
  ) {}

  get name(): string {
    return `exec:${this.cmd}`;
  }

  parse(input: FuzzInput): Promise<Verdict> {
    const pieces = piecesOf(this.takes, input);
    return pieces ? this.parsePieces(pieces) : Promise.resolve({ kind: 'not-applicable' });
  }

  parsePieces(pieces: Pieces): Promise<Verdict> {
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
      for (const c of pieces) child.stdin.write(c);
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
