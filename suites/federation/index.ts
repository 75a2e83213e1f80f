// The federation cases, in the order the job runs them: each runs once per directed pair of lab
// servers (harness/federation), side a sending, side b the other domain.
import type { FederationCase } from '../../harness/federation/index.js';
import * as iq from './iq.js';
import * as messages from './messages.js';
import * as presence from './presence.js';
import * as subscription from './subscription.js';

function collect(...modules: Record<string, unknown>[]): FederationCase[] {
  const out: FederationCase[] = [];
  for (const m of modules) for (const v of Object.values(m)) if (v && typeof v === 'object' && 'run' in v && 'id' in v) out.push(v as FederationCase);
  return out;
}

export const federationCases: readonly FederationCase[] = collect(messages, iq, subscription, presence);
