// A deadline on any promise (a whole case, a clean-up), with its timer cleared either way. Waits
// for the peer's data have theirs in XmppStream.take and the transports, each with a deadline too.
import { TimeoutError } from '../errors.js';
import type { SpecRef } from '../spec.js';

/**
 * Resolves with `promise`, or rejects with a TimeoutError after `ms`. `onTimeout` runs before the
 * rejection (to remove listeners or abort the underlying work); `message` replaces the default
 * "WHAT: nothing within MS ms".
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  opts: { ref?: SpecRef; onTimeout?: () => void; message?: string } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      opts.onTimeout?.();
      reject(new TimeoutError(opts.message ?? `${what}: nothing within ${ms} ms`, opts.ref));
    }, ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
