// The run's schedule: at most `concurrency` cases at once, and cases that change shared state kept
// apart. A case either reads the test accounts (any number of readers share a set) or holds a set
// of its own ('accounts' in needs.shares), and may hold named locks ('s2s', 'component') that one
// case at a time holds, or one case per slot where the run has several (the s2s lock has one slot
// per s2s lane: a harness domain, listener and account of its own; run.ts). With several account
// sets the serial cases run in parallel, each on a set no other case touches meanwhile; with one
// set they run one at a time, as before.
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
  /** how many jobs may hold a lock at once, each in a slot of its own (default 1 for every lock) */
  readonly slots?: Readonly<Record<string, number>>;
}

/** The slot of each lock a job holds (0 for a lock with one slot). */
export type HeldSlots = ReadonlyMap<string, number>;

/**
 * Runs every item once, `job(item, set, slots)` with the account set it holds (0 when it needs
 * none) and the slot of each lock it holds. Items start in the order given whenever what they need
 * is free; one that must wait does not hold back later ones that can start. With concurrency 1
 * that is exactly the order given (and every lock's slot 0).
 */
export async function runLanes<T>(items: readonly T[], opts: LaneOptions<T>, job: (item: T, set: number, slots: HeldSlots) => Promise<void>): Promise<void> {
  const sets = Math.max(1, opts.sets);
  const readers = new Array<number>(sets).fill(0);
  const owned = new Array<boolean>(sets).fill(false);
  /** per lock, which of its slots are taken */
  const taken = new Map<string, boolean[]>();
  const slotsOf = (lock: string): boolean[] => {
    let t = taken.get(lock);
    if (!t) taken.set(lock, (t = new Array<boolean>(Math.max(1, opts.slots?.[lock] ?? 1)).fill(false)));
    return t;
  };
  const freeSlot = (lock: string): number | undefined => {
    const i = slotsOf(lock).indexOf(false);
    return i === -1 ? undefined : i;
  };
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
      for (let i = 0; i < pending.length && running < opts.concurrency;) {
        const p = pending[i] as (typeof pending)[number];
        const set = p.needs.locks.some((l) => freeSlot(l) === undefined) ? undefined : setFor(p.needs);
        if (set === undefined) {
          i++;
          continue;
        }
        pending.splice(i, 1);
        running++;
        const held = new Map<string, number>();
        for (const l of p.needs.locks) {
          const slot = freeSlot(l) as number;
          slotsOf(l)[slot] = true;
          held.set(l, slot);
        }
        if (p.needs.accounts === 'read') readers[set] = (readers[set] ?? 0) + 1;
        if (p.needs.accounts === 'own') owned[set] = true;
        const release = (): void => {
          running--;
          for (const [l, slot] of held) slotsOf(l)[slot] = false;
          if (p.needs.accounts === 'read') readers[set] = (readers[set] ?? 1) - 1;
          if (p.needs.accounts === 'own') owned[set] = false;
        };
        job(p.item, set, held).then(
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
