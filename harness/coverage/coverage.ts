// Which catalog requirements the cases cover (docs/reference.md, `coverage --json`), by RFC, area, level and role.
// "covered": some case lists the requirement. "proven": some case lists it and a negative control
// of that case breaks it and makes the case fail (vectors/proven.json).
import { documentKey, type Requirement } from './catalog.js';
import type { ProvenPairs } from './proven.js';

export interface Tally {
  testable: number;
  covered: number;
  proven: number;
}

export interface Coverage {
  requirements: number;
  testable: number;
  covered: number;
  /** added: covered, and backed by a control that breaks it on a case that lists it */
  proven: number;
  byRfc: Record<string, Tally>;
  byLevel: Record<string, Tally>;
  /** added fields (the interface only grows): */
  byArea: Record<string, Tally>;
  byRole: Record<string, Tally>;
  /** the testable MUST/MUST NOT requirements on servers, per RFC: the figure the coverage goal sets a bar on */
  serverMustByRfc: Record<string, Tally>;
  uncovered: string[];
  /** added: covered requirements that no control proves yet */
  unproven: string[];
}

function bump(map: Record<string, Tally>, key: string, covered: boolean, proven: boolean): void {
  const t = (map[key] ??= { testable: 0, covered: 0, proven: 0 });
  t.testable += 1;
  if (covered) t.covered += 1;
  if (proven) t.proven += 1;
}

/**
 * A case covers the requirement ids it lists, and proves those of them `proven` names for it; only
 * testable requirements count towards the figures. Without `proven` nothing counts as proven.
 */
export function computeCoverage(
  catalog: readonly Requirement[],
  cases: readonly { id?: string; requirements: readonly string[] }[],
  proven: ProvenPairs = new Map(),
): Coverage {
  const cited = new Set(cases.flatMap((c) => c.requirements));
  const backed = new Set(cases.flatMap((c) => c.requirements.filter((q) => c.id !== undefined && proven.get(c.id)?.has(q))));
  const out: Coverage = {
    requirements: catalog.length,
    testable: 0,
    covered: 0,
    proven: 0,
    byRfc: {},
    byLevel: {},
    byArea: {},
    byRole: {},
    serverMustByRfc: {},
    uncovered: [],
    unproven: [],
  };
  for (const r of catalog) {
    if (!r.testable) continue;
    const covered = cited.has(r.id);
    const isProven = backed.has(r.id);
    out.testable += 1;
    if (covered) out.covered += 1;
    else out.uncovered.push(r.id);
    if (isProven) out.proven += 1;
    else if (covered) out.unproven.push(r.id);
    bump(out.byRfc, documentKey(r), covered, isProven);
    bump(out.byLevel, r.level, covered, isProven);
    bump(out.byArea, r.area, covered, isProven);
    bump(out.byRole, r.role, covered, isProven);
    if ((r.role === 'server' || r.role === 'both') && (r.level === 'MUST' || r.level === 'MUST NOT'))
      bump(out.serverMustByRfc, documentKey(r), covered, isProven);
  }
  return out;
}

const pct = (n: number, of: number): string => (of ? `${((100 * n) / of).toFixed(1)}%` : '-');

/** The human-readable form: proven first, then covered, one table per grouping, then the uncovered ids. */
export function renderCoverage(c: Coverage, opts: { uncovered?: boolean } = {}): string {
  const lines: string[] = [];
  lines.push(
    `requirements: ${c.requirements} in the catalog, ${c.testable} testable, ${c.proven} proven (${pct(c.proven, c.testable)}), ${c.covered} covered (${pct(c.covered, c.testable)})`,
  );
  lines.push('proven: a case lists it and a negative control that breaks it makes that case fail; covered: a case lists it');
  const table = (title: string, m: Record<string, Tally>): void => {
    lines.push('', `${title.padEnd(14)} ${'proven'.padStart(15)}   ${'covered'.padStart(15)}`);
    for (const [k, t] of Object.entries(m).sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(
        `  ${k.padEnd(12)} ${`${t.proven} / ${t.testable}`.padStart(9)} ${pct(t.proven, t.testable).padStart(6)}   ${`${t.covered} / ${t.testable}`.padStart(9)} ${pct(t.covered, t.testable).padStart(6)}`,
      );
    }
  };
  table('by RFC', c.byRfc);
  table('by level', c.byLevel);
  table('by area', c.byArea);
  table('server MUSTs by RFC', c.serverMustByRfc);
  if (opts.uncovered) {
    lines.push('', `uncovered (${c.uncovered.length}):`);
    for (const id of c.uncovered) lines.push(`  ${id}`);
    lines.push('', `covered but not proven (${c.unproven.length}):`);
    for (const id of c.unproven) lines.push(`  ${id}`);
  } else {
    lines.push('', `${c.uncovered.length} testable requirements uncovered, ${c.unproven.length} covered but not proven (--uncovered lists them)`);
  }
  return lines.join('\n');
}
