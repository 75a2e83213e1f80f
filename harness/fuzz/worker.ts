// Runs a parser target in a worker thread, so the fuzzer can stop a hang (terminate) and cap its
// memory (resourceLimits) without taking the fuzzer down. One message in, one message out.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { parseWithOwnParser, type ParseOutcome } from './own-parser.js';

interface Init {
  /** Absolute path of a module exporting parse(chunks: string[]); undefined: the harness's own parser. */
  readonly module?: string;
}

export interface WorkerRequest {
  readonly id: number;
  readonly chunks: readonly (string | Uint8Array)[];
}

export type WorkerReply = { readonly id: number; readonly outcome: ParseOutcome } | { readonly id: number; readonly threw: string };

type ParseFn = (chunks: (string | Uint8Array)[]) => ParseOutcome | Promise<ParseOutcome>;

async function load(init: Init): Promise<ParseFn> {
  if (!init.module) return (chunks) => parseWithOwnParser(chunks);
  const mod = (await import(pathToFileURL(init.module).href)) as { parse?: unknown; default?: { parse?: unknown } };
  const fn = mod.parse ?? mod.default?.parse;
  if (typeof fn !== 'function') throw new Error(`${init.module} does not export parse(chunks)`);
  return fn as ParseFn;
}

const port = parentPort;
if (port) {
  const ready = load(workerData as Init);
  ready.then(
    () => port.postMessage({ ready: true }),
    (e: unknown) => port.postMessage({ ready: false, error: e instanceof Error ? e.message : String(e) }),
  );
  port.on('message', (req: WorkerRequest) => {
    void ready.then(async (parse) => {
      let reply: WorkerReply;
      try {
        const outcome = await parse([...req.chunks]);
        reply = { id: req.id, outcome: normalize(outcome) };
      } catch (e) {
        reply = { id: req.id, threw: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
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
