// The s2s area in parallel lanes. A target keeps its server-to-server connections per domain pair
// (RFC 6120 §10.4.1: it reuses a stream to a domain it already holds), registers a XEP-0288 bidi
// stream as its route to the domain that authenticated it, and finds the harness's domain by the
// lab DNS records a case publishes; cases that ran side by side as one domain would see each
// other's connections and stanzas. So each lane plays a remote server of its own: lane 0 the
// harness's domain, lane k a sibling name (its certificates issued for that name by --s2s-ca),
// with listening sockets of its own (run-case.ts) and its own share of --s2s-account, so no two
// lanes ever share a connection, a record, a listener or a recipient.
import type { S2sConfig } from '../config.js';

/** At most this many s2s lanes: the lab gives three accounts on its federating domain, one per lane. */
export const MAX_S2S_LANES = 3;

/**
 * How many s2s lanes a run can have: one unless the harness makes its certificates itself
 * (--s2s-ca, so also for new names) and serves the DNS the target asks (--lab-dns), so that a lane's domain is as real to
 * the target as the harness's own; then one per --s2s-account (each lane needs a recipient of its
 * own), at most MAX_S2S_LANES and the run's concurrency.
 */
export function s2sLaneCount(config: S2sConfig | undefined, concurrency: number, servesZone: boolean): number {
  // a ready certificate (--s2s-cert) names the harness's domain only
  if (!config || !config.ca || config.cert || !servesZone) return 1;
  const byAccounts = config.accounts.length === 0 ? MAX_S2S_LANES : config.accounts.length;
  return Math.max(1, Math.min(MAX_S2S_LANES, concurrency, byAccounts));
}

/**
 * The domain lane `lane` speaks for: the harness's own for lane 0, else a sibling of it,
 * `laneN-<first label>.<the rest>` (lane2-xc.lab.test): not a name below the harness's domain, so
 * no lane's names fall under another's (the valid certificate covers the names below its domain,
 * and a case reads the lab DNS queries for its domain and the names below it).
 */
export function s2sLaneDomain(localDomain: string, lane: number): string {
  return lane === 0 ? localDomain : `lane${lane + 1}-${localDomain}`;
}

/**
 * The s2s configuration lane `lane` of `lanes` runs with: its domain, and its share of the
 * accounts (an equal slice in the order given; a remainder goes to no lane). One lane: `config`.
 */
export function s2sLaneConfig(config: S2sConfig, lane: number, lanes: number): S2sConfig {
  if (lanes <= 1) return config;
  const per = Math.floor(config.accounts.length / lanes);
  return { ...config, localDomain: s2sLaneDomain(config.localDomain, lane), accounts: config.accounts.slice(lane * per, (lane + 1) * per) };
}
