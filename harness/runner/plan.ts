// Which cases run: filters (--area, --grep, --level, --level-suite) then a deterministic shard (--shard I/N).
import type { CaseMeta } from '../cases/index.js';
import type { LevelFilter } from '../spec.js';
import { levelMatches } from '../spec.js';
import type { Shard } from '../config.js';
import { neededBy, type LevelSuite } from '../levels/index.js';

export interface PlanFilter {
  readonly areas?: readonly string[] | undefined;
  readonly grep?: RegExp | undefined;
  readonly level?: LevelFilter | undefined;
  readonly shard?: Shard | undefined;
  /** added: only cases citing a document these levels' lines need (narrows like the other filters) */
  readonly levelSuites?: readonly LevelSuite[] | undefined;
}

export function selectCases<T extends CaseMeta>(all: readonly T[], f: PlanFilter): T[] {
  const needed = f.levelSuites ? neededBy(f.levelSuites) : undefined;
  const sorted = [...all].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const selected = sorted.filter(
    (c) =>
      (!f.areas || f.areas.includes(c.area)) &&
      (!f.grep || f.grep.test(c.id) || f.grep.test(c.title)) &&
      (!f.level || c.refs.some((r) => levelMatches(r.level, f.level as LevelFilter))) &&
      (!needed || needed(c)),
  );
  return f.shard ? shardOf(selected, f.shard) : selected;
}

/**
 * Contiguous slices of the id-sorted plan, sizes differing by at most one: shard i of n gets
 * [floor((i-1)·len/n), floor(i·len/n)). Disjoint, and together they cover the plan.
 */
export function shardOf<T>(plan: readonly T[], shard: Shard): T[] {
  const start = Math.floor(((shard.index - 1) * plan.length) / shard.total);
  const end = Math.floor((shard.index * plan.length) / shard.total);
  return plan.slice(start, end);
}
