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
  /** the case changes state the accounts share between sessions (roster, subscriptions): run it alone */
  readonly serial?: boolean;
}

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
