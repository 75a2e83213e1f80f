// Which catalog requirements the cases cover (CONTRACT.md `coverage --json`), by RFC, area, level and role.
import type { Requirement } from './catalog.js';

export interface Tally {
  testable: number;
  covered: number;
}

export interface Coverage {
  requirements: number;
  testable: number;
  covered: number;
  byRfc: Record<string, Tally>;
  byLevel: Record<string, Tally>;
  /** added fields (CONTRACT allows adding): */
  byArea: Record<string, Tally>;
  byRole: Record<string, Tally>;
  /** the testable MUST/MUST NOT requirements on servers, per RFC: the figure the coverage goal sets a bar on */
  serverMustByRfc: Record<string, Tally>;
  uncovered: string[];
}

function bump(map: Record<string, Tally>, key: string, covered: boolean): void {
  const t = (map[key] ??= { testable: 0, covered: 0 });
  t.testable += 1;
  if (covered) t.covered += 1;
}

/** A case covers the requirement ids it lists; only testable requirements count towards the figures. */
export function computeCoverage(catalog: readonly Requirement[], cases: readonly { requirements: readonly string[] }[]): Coverage {
  const cited = new Set(cases.flatMap((c) => c.requirements));
  const out: Coverage = { requirements: catalog.length, testable: 0, covered: 0, byRfc: {}, byLevel: {}, byArea: {}, byRole: {}, serverMustByRfc: {}, uncovered: [] };
  for (const r of catalog) {
    if (!r.testable) continue;
    const covered = cited.has(r.id);
    out.testable += 1;
    if (covered) out.covered += 1;
    else out.uncovered.push(r.id);
    bump(out.byRfc, String(r.rfc), covered);
    bump(out.byLevel, r.level, covered);
    bump(out.byArea, r.area, covered);
    bump(out.byRole, r.role, covered);
    if ((r.role === 'server' || r.role === 'both') && (r.level === 'MUST' || r.level === 'MUST NOT')) bump(out.serverMustByRfc, String(r.rfc), covered);
  }
  return out;
}

const pct = (t: Tally): string => (t.testable ? `${((100 * t.covered) / t.testable).toFixed(1)}%` : '-');

/** The human-readable form: one table per grouping, then the uncovered ids. */
export function renderCoverage(c: Coverage, opts: { uncovered?: boolean } = {}): string {
  const lines: string[] = [];
  lines.push(`requirements: ${c.requirements} in the catalog, ${c.testable} testable, ${c.covered} covered (${pct(c)})`);
  const table = (title: string, m: Record<string, Tally>): void => {
    lines.push('', title);
    for (const [k, t] of Object.entries(m).sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${k.padEnd(12)} ${String(t.covered).padStart(4)} / ${String(t.testable).padEnd(4)} ${pct(t)}`);
  };
  table('by RFC', c.byRfc);
  table('by level', c.byLevel);
  table('by area', c.byArea);
  table('server MUSTs by RFC', c.serverMustByRfc);
  if (opts.uncovered) {
    lines.push('', `uncovered (${c.uncovered.length}):`);
    for (const id of c.uncovered) lines.push(`  ${id}`);
  } else {
    lines.push('', `${c.uncovered.length} testable requirements uncovered (--uncovered lists them)`);
  }
  return lines.join('\n');
}
