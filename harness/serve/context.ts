// What a client case's script receives: the connections the client makes, the account it was
// given, a deadline, and ways to fail, skip or note with the rule cited.
import type { SpecRef } from '../spec.js';
import type { ClientPeer, ServeAccount } from './peer.js';
import type { SentLog } from './sent-log.js';

export interface ClientCaseContext {
  readonly domain: string;
  readonly account: ServeAccount;
  /** per-step deadline (--timeout) */
  readonly timeout: number;
  readonly refs: readonly SpecRef[];
  readonly ref: SpecRef;
  /** what the client has sent so far in this run, this case included (passive cases judge it) */
  readonly sent: SentLog;
  id(): string;
  /** the client's next connection (after a case starts the client, or a redirect), within the connect timeout */
  accept(opts?: { within?: number; actor?: string }): Promise<ClientPeer>;
  /** a second listening port on 127.0.0.1, for see-other-host (RFC 6120 §4.9.3.19) */
  otherPort(): Promise<number>;
  /** the next connection to the port from otherPort() */
  acceptOther(within?: number): Promise<ClientPeer>;
  skip(reason: string): never;
  fail(expected: string, received: string, ref?: SpecRef): never;
  check(cond: boolean, expected: string, received: string | (() => string), ref?: SpecRef): void;
  note(message: string): void;
  step<T>(title: string, fn: () => Promise<T>): Promise<T>;
}
