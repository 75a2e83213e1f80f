// A federation case: two lab servers that talk to each other over server-to-server streams, an
// account logged in on each, and checks of what crosses from one domain to the other (RFC 6120
// §8, §10; RFC 6121 §3-§5). The case sees the sending side as `a` and the receiving side as `b`;
// the job runs every case once per directed pair of servers.
import { HarnessError } from '../errors.js';
import type { Account } from '../config.js';
import type { Session } from '../session/index.js';
import type { SpecRef } from '../spec.js';

/** One server of the pair as a case sees it. */
export interface FederationSide {
  /** the lab server's name (prosody, ejabberd...) */
  readonly server: string;
  /** its federating domain */
  readonly domain: string;
  /** the i-th account on that domain (alice, bob, carol) */
  account(i: number): Account;
  /** that account logged in through the server's c2s port and bound, with a resource unique to the case */
  login(i: number, opts?: { readonly actor?: string }): Promise<Session>;
}

export interface FederationContext {
  /** the side whose account starts the exchange */
  readonly a: FederationSide;
  /** the other server */
  readonly b: FederationSide;
  /** per-step deadline, ms */
  readonly timeout: number;
  /** every account JID of both sides (bare): what roster clean-ups remove */
  readonly accountJids: readonly string[];
  /** a reproducible id, unique within the run */
  id(): string;
  skip(reason: string): never;
  fail(expected: string, received: string, ref?: SpecRef): never;
  check(cond: boolean, expected: string, received: string | (() => string), ref?: SpecRef): void;
  note(message: string): void;
  step<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** runs after the case whatever its outcome (last registered first); a failure there is noted */
  cleanup(fn: () => Promise<void>): void;
}

export interface FederationCase {
  /** `rfc<N>/federation/<slug>` */
  readonly id: string;
  readonly title: string;
  readonly refs: readonly SpecRef[];
  /** ids from vectors/requirements.json */
  readonly requirements: readonly string[];
  readonly tags: readonly string[];
  run(t: FederationContext): Promise<void>;
}

const ID = /^rfc\d+\/federation\/[a-z0-9-]+$/;

/** Checks the definition's shape (id form, at least one citation) and returns it. */
export function defineFederationCase(def: Omit<FederationCase, 'tags'> & { readonly tags?: readonly string[] }): FederationCase {
  if (!ID.test(def.id)) throw new HarnessError('DEFINITION', `federation case id '${def.id}' is not rfc<N>/federation/<slug>`);
  if (def.refs.length === 0) throw new HarnessError('DEFINITION', `federation case ${def.id} cites no rule`);
  return { ...def, tags: def.tags ?? [] };
}
