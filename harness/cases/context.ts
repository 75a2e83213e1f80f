// What a case's script receives: its sessions, its deadline, ids, and ways to fail or skip
// with the rule cited. Suites depend on this interface, not on the runner.
import type { Account, ResolvedTarget } from '../config.js';
import type { Session, LoginOptions } from '../session/index.js';
import type { SpecRef } from '../spec.js';
import type { XmlElement } from '../xml/index.js';

export interface ConnectOptions {
  /** name of this connection in the transcript (default 'c1', 'c2', …) */
  readonly actor?: string;
  readonly transport?: 'starttls' | 'direct-tls';
}

export interface CaseContext {
  readonly target: ResolvedTarget;
  /** per-step deadline (--timeout) */
  readonly timeout: number;
  /** the case's own refs; `ref` is the first, the default citation for failures */
  readonly refs: readonly SpecRef[];
  readonly ref: SpecRef;
  readonly seed: number;
  /** a reproducible id, unique within the run */
  id(): string;
  /** the i-th test account; skips the case when there is none */
  account(i: number): Account;
  /** a connected TCP/TLS session; nothing sent yet */
  connect(opts?: ConnectOptions): Promise<Session>;
  /** a session that has opened the stream and read the first features */
  opened(opts?: ConnectOptions): Promise<Session>;
  /** a session past STARTTLS (or direct TLS), with the post-TLS features read */
  secured(opts?: ConnectOptions): Promise<Session>;
  /** a logged-in session for account i (bound unless opts.bind === false) */
  login(i: number, opts?: LoginOptions & ConnectOptions): Promise<Session>;
  /** ends the case as `skipped` with this reason */
  skip(reason: string): never;
  /** ends the case as `failed` */
  fail(expected: string, received: string, ref?: SpecRef): never;
  /** fails unless `cond` */
  check(cond: boolean, expected: string, received: string | (() => string), ref?: SpecRef): void;
  /** adds to the result's message (e.g. which of two permitted behaviours the target chose) */
  note(message: string): void;
  /** names the step now running, for failure messages */
  step<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** runs after the case whatever its outcome (undo roster changes...); a failure there is noted */
  cleanup(fn: () => Promise<void>): void;
  /** every test account's bare JID, for cleanups that touch only what the suite created */
  readonly accountJids: readonly string[];
  /** the next element must be a stanza error of one of these conditions (RFC 6120 §8.3) */
  stanzaErrorCondition(stanza: XmlElement): string | undefined;
}
