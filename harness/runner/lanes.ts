// The run's schedule: at most `concurrency` cases at once, and cases that change shared state kept
// apart. A case either reads the test accounts (any number of readers share a set) or holds a set
// of its own ('accounts' in needs.shares), and may hold named locks ('s2s', 'component') that one
// case at a time holds. With several account sets the serial cases run in parallel, each on a set
// no other case touches meanwhile; with one set they run one at a time, as before.
import type { CaseDefinition } from '../cases/index.js';

/** What one scheduled job needs. */
export interface LaneNeeds {
  /** 'read': shares an account set with other readers; 'own': a set no other case uses meanwhile */
  readonly accounts: 'read' | 'own' | 'none';
  /** held by one job at a time */
  readonly locks: readonly string[];
}

/** A case's needs: non-serial cases read; serial cases own what needs.shares names (default the accounts). */
export function laneNeedsOf(def: Pick<CaseDefinition, 'needs'>): LaneNeeds {
  if (!def.needs?.serial) return { accounts: 'read', locks: [] };
  const shares = def.needs.shares ?? ['accounts'];
  return { accounts: shares.includes('accounts') ? 'own' : 'none', locks: shares.filter((s) => s !== 'accounts') };
}

export interface LaneOptions<T> {
  readonly concurrency: number;
  /** account sets (at least 1) */
  readonly sets: number;
  readonly needs: (item: T) => LaneNeeds;
}

/**
 * Runs every item once, `job(item, set)` with the account set it holds (0 when it needs none).
 * Items start in the order given whenever what they need is free; one that must wait does not hold
 * back later ones that can start. With concurrency 1 that is exactly the order given.
 */
export async function runLanes<T>(items: readonly T[], opts: LaneOptions<T>, job: (item: T, set: number) => Promise<void>): Promise<void> {
  const sets = Math.max(1, opts.sets);
  const readers = new Array<number>(sets).fill(0);
  const owned = new Array<boolean>(sets).fill(false);
  const locks = new Set<string>();
  const pending = items.map((item) => ({ item, needs: opts.needs(item) }));
  let running = 0;
  return new Promise<void>((resolve, reject) => {
    let failed = false;
    // readers gather on the lowest set without an owner, so owners find whole sets free
    const setFor = (n: LaneNeeds): number | undefined => {
      if (n.accounts === 'none') return 0;
      for (let s = 0; s < sets; s++) {
        if (owned[s]) continue;
        if (n.accounts === 'read' || readers[s] === 0) return s;
      }
      return undefined;
    };
    const pump = (): void => {
      if (failed) return;
      for (let i = 0; i < pending.length && running < opts.concurrency; ) {
        const p = pending[i] as (typeof pending)[number];
        const set = p.needs.locks.some((l) => locks.has(l)) ? undefined : setFor(p.needs);
        if (set === undefined) {
          i++;
          continue;
        }
        pending.splice(i, 1);
        running++;
        for (const l of p.needs.locks) locks.add(l);
        if (p.needs.accounts === 'read') readers[set] = (readers[set] ?? 0) + 1;
        if (p.needs.accounts === 'own') owned[set] = true;
        const release = (): void => {
          running--;
          for (const l of p.needs.locks) locks.delete(l);
          if (p.needs.accounts === 'read') readers[set] = (readers[set] ?? 1) - 1;
          if (p.needs.accounts === 'own') owned[set] = false;
        };
        job(p.item, set).then(
          () => {
            release();
            if (pending.length === 0 && running === 0) resolve();
            else pump();
          },
          (e: unknown) => {
            release();
            failed = true;
            reject(e);
          },
        );
      }
    };
    if (pending.length === 0) resolve();
    else pump();
  });
}
