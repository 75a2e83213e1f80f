// Runs a parser target in a worker thread, so the fuzzer can stop a hang (terminate) and cap its
// memory (resourceLimits) without taking the fuzzer down. Two kinds of message: one parse
// ({ id, chunks }, answered with its outcome), or a batch of inputs judged here by the oracles
// ({ batch, packed }, batch-pack.ts; answered with one verdict per input). Before every parse the
// worker bumps a counter in shared memory and notes which input and how many pieces, so the fuzzer
// keeps a deadline per parse and knows which input hung or blew the heap, without a message per
// parse.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { unpackBatch, type PackedBatch } from './batch-pack.js';
import { judgePieces, type OracleFailure, type Pieces } from './oracle.js';
import { parseWithOwnParserTrees, type ParseOutcome } from './own-parser.js';
import type { Verdict } from './targets.js';

interface Init {
  /** Absolute path of a module exporting parse(chunks: string[]); undefined: the harness's own parser. */
  readonly module?: string;
  /** Int32 slots: HEARTBEAT_* below. */
  readonly heartbeat?: SharedArrayBuffer;
}

/** Parses started so far; the batch index of the input being judged; its pieces in the current parse. */
export const HEARTBEAT_PARSES = 0;
export const HEARTBEAT_INPUT = 1;
export const HEARTBEAT_PIECES = 2;
export const HEARTBEAT_SLOTS = 3;

export interface WorkerRequest {
  readonly id: number;
  readonly chunks: readonly (string | Uint8Array)[];
}

export type { BatchItem } from './batch-pack.js';

export interface BatchRequest {
  readonly batch: number;
  readonly packed: PackedBatch;
  /** Stop after the first input that fails (shrinking wants only the first). */
  readonly stopAtFirst: boolean;
}

export type WorkerReply = { readonly id: number; readonly outcome: ParseOutcome } | { readonly id: number; readonly threw: string };
/** One entry per judged input (null: it passed); shorter than the batch only with stopAtFirst. */
export interface BatchReply {
  readonly batch: number;
  readonly results: readonly (OracleFailure | null)[];
}

type ParseFn = (chunks: (string | Uint8Array)[]) => unknown;

async function load(init: Init): Promise<ParseFn> {
  if (!init.module) return (chunks) => parseWithOwnParserTrees(chunks);
  const mod = (await import(pathToFileURL(init.module).href)) as { parse?: unknown; default?: { parse?: unknown } };
  const fn = mod.parse ?? mod.default?.parse;
  if (typeof fn !== 'function') throw new Error(`${init.module} does not export parse(chunks)`);
  return fn as ParseFn;
}

function isThenable(o: unknown): o is PromiseLike<unknown> {
  return typeof o === 'object' && o !== null && typeof (o as { then?: unknown }).then === 'function';
}

function threw(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

const port = parentPort;
if (port) {
  const init = workerData as Init;
  const own = !init.module;
  // the own parser makes an error object for every input it rejects (half of them); nothing here
  // reads their stacks, and capturing them was a tenth of the worker's time
  if (own) Error.stackTraceLimit = 0;
  const hb = init.heartbeat ? new Int32Array(init.heartbeat) : new Int32Array(HEARTBEAT_SLOTS);
  const ready = load(init);
  ready.then(
    () => port.postMessage({ ready: true }),
    (e: unknown) => port.postMessage({ ready: false, error: e instanceof Error ? e.message : String(e) }),
  );
  // the own parser's events are plain data already; a module's are made JSON-safe as a reply would be
  const settle = (o: unknown): Verdict => ({ kind: 'answered', outcome: own ? (o as ParseOutcome) : normalize(o) });
  const verdictOf = (parse: ParseFn, pieces: Pieces): Verdict | Promise<Verdict> => {
    Atomics.store(hb, HEARTBEAT_PIECES, pieces.length);
    Atomics.add(hb, HEARTBEAT_PARSES, 1);
    try {
      const o = parse([...pieces]);
      if (isThenable(o)) return Promise.resolve(o).then(settle, (e: unknown): Verdict => ({ kind: 'crash', message: `threw ${threw(e)}` }));
      return settle(o);
    } catch (e) {
      return { kind: 'crash', message: `threw ${threw(e)}` };
    }
  };
  port.on('message', (req: WorkerRequest | BatchRequest) => {
    void ready.then(async (parse) => {
      if ('batch' in req) {
        const results: (OracleFailure | null)[] = [];
        for (const [i, item] of unpackBatch(req.packed).entries()) {
          Atomics.store(hb, HEARTBEAT_INPUT, i);
          const f = await judgePieces((p) => verdictOf(parse, p), true, item.expect, item.reason, item.pieces);
          results.push(f ?? null);
          if (f && req.stopAtFirst) break;
        }
        const reply: BatchReply = { batch: req.batch, results };
        port.postMessage(reply);
        return;
      }
      Atomics.store(hb, HEARTBEAT_INPUT, 0);
      Atomics.add(hb, HEARTBEAT_PARSES, 1);
      let reply: WorkerReply;
      try {
        const outcome = await parse([...req.chunks]);
        reply = { id: req.id, outcome: normalize(outcome) };
      } catch (e) {
        reply = { id: req.id, threw: threw(e) };
      }
      port.postMessage(reply);
    });
  });
}

/** Whatever the module returned, in the parser-module shape of docs/reference.md (events made structured-clone safe). */
function normalize(o: unknown): ParseOutcome {
  if (typeof o !== 'object' || o === null || typeof (o as { ok?: unknown }).ok !== 'boolean') {
    return { ok: false, error: `parse() returned ${JSON.stringify(o)?.slice(0, 100)} instead of { ok, events | error }` };
  }
  const r = o as { ok: boolean; events?: unknown; error?: unknown };
  if (!r.ok) return { ok: false, error: String(r.error ?? '') };
  let events: unknown[] = [];
  try {
    events = JSON.parse(JSON.stringify(Array.isArray(r.events) ? r.events : [])) as unknown[];
  } catch {
    events = ['<events not serializable>'];
  }
  return { ok: true, events };
}
