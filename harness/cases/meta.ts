// What a case declares about itself: identity, citations, and what it needs from the target.
import type { SpecRef } from '../spec.js';

import { AREAS, type Area } from '../spec.js';

export { AREAS, type Area };
export type Role = 'server' | 'client';

/** Preconditions; when the target cannot meet one, the case is `skipped` with the reason. */
export interface CaseNeeds {
  /** how many test accounts (from --account or --register) */
  readonly accounts?: number;
  /** the transport the case speaks: plain TCP with STARTTLS, or direct TLS */
  readonly transport?: 'starttls' | 'direct-tls';
  /** the case changes shared state (by default the accounts': roster, subscriptions): see `shares` */
  readonly serial?: boolean;
  /**
   * With `serial`: the shared state the case changes (default ['accounts']). Cases that share one
   * kind run one at a time; 'accounts' cases run in parallel when the run has several account sets
   * (each case then has a set of its own), and never beside a case reading the same set.
   */
  readonly shares?: readonly SharedState[];
}

/** What a serial case may change: the test accounts' state, the harness's s2s side, the external component. */
export type SharedState = 'accounts' | 's2s' | 'component';

export interface CaseMeta {
  /** `rfc<N>/<area>/<slug>`, permanent once published */
  readonly id: string;
  readonly title: string;
  readonly area: Area;
  readonly role: Role;
  readonly refs: readonly SpecRef[];
  /** ids from vectors/requirements.json */
  readonly requirements: readonly string[];
  readonly tags: readonly string[];
  readonly needs?: CaseNeeds;
}
