// How fuzz server opens a connection: every stage and the liveness check go through here, so a
// pause between connections applies to all of them.
import type { ResolvedTarget } from '../config.js';
import { Session } from '../session/index.js';
import { sleep } from '../util/index.js';

export interface ConnectOptions {
  readonly target: ResolvedTarget;
  readonly timeoutMs: number;
  /**
   * Wait this long before each new connection; default 0. For servers that key state by a
   * recycled socket and misattribute late packets to a connection opened at once (jabberd2's c2s:
   * README.md, "What fuzz server found"), so a run can get past that known finding.
   */
  readonly connectPauseMs?: number;
  /** SessionOptions.ackTlsTickets for the connections that log in; default false */
  readonly ackTlsTickets?: boolean;
}

export async function openConnection(opts: ConnectOptions, actor: string): Promise<Session> {
  if (opts.connectPauseMs) await sleep(opts.connectPauseMs);
  return Session.connect({ target: opts.target, timeout: opts.timeoutMs, actor, ...(opts.ackTlsTickets ? { ackTlsTickets: true } : {}) });
}
