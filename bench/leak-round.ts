// One round of the leak benchmark: `xmpp-conformance run ARGS` in this process (console off), and
// what the process holds afterwards. Shared by the in-process rounds and the child of each
// separate-process round (bench/leak-child.ts).
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { main } from '../harness/cli/index.js';
import { childrenOf, openFds, rssSampler } from './proc-stats.js';

export interface RoundStats {
  readonly code: number;
  readonly ms: number;
  /** highest RSS sampled during the round, bytes */
  readonly peakRss: number;
  /** RSS and V8 heap after the round and a full garbage collection, bytes */
  readonly rss: number;
  readonly heapUsed: number;
  readonly fds: number | undefined;
  /** kinds of the handles and requests still keeping the event loop alive (timers included) */
  readonly resources: readonly string[];
  /** processes this process started that are still there, lab servers aside */
  readonly children: readonly string[];
  /** the run's last stderr line, when it exited other than 0 */
  readonly said?: string;
}

function sink(keep?: (s: string) => void): NodeJS.WritableStream {
  return new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      keep?.(chunk.toString());
      cb();
    },
  });
}

let gcFn: (() => void) | undefined;
/** A full collection, so the figures after a round count what is still referenced. */
export function collectGarbage(): void {
  if (!gcFn) {
    v8.setFlagsFromString('--expose_gc');
    gcFn = vm.runInNewContext('gc') as () => void;
  }
  gcFn();
}

export async function runRound(args: readonly string[], labGroups: readonly number[] = []): Promise<RoundStats> {
  const sampler = rssSampler();
  let err = '';
  const t0 = Date.now();
  const code = await main([...args], { stdout: sink(), stderr: sink((s) => (err = (err + s).slice(-2000))), env: { ...process.env, CI: '1' } });
  const ms = Date.now() - t0;
  const peakRss = sampler.stop();
  // what closes on the next turns of the loop (sockets ending) is not a leak
  await new Promise((r) => setTimeout(r, 500));
  collectGarbage();
  const mem = process.memoryUsage();
  const said = err.trim().split('\n').at(-1);
  return {
    code,
    ms,
    peakRss,
    rss: mem.rss,
    heapUsed: mem.heapUsed,
    fds: openFds(),
    resources: process.getActiveResourcesInfo(),
    children: childrenOf(process.pid, labGroups),
    ...(code !== 0 && said ? { said } : {}),
  };
}
