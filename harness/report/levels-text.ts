// The compliance levels as plain text lines (the console summary; junit properties use the same words).
import { LEVELS_SOURCE, VERDICT_LABELS, type LevelLineResult, type LevelResult, type LevelVerdict } from '../levels/index.js';

/** failures listed per line before "and N more" */
export const LEVEL_FAILURES_SHOWN = 10;

export const VERDICT_MARK: Readonly<Record<LevelVerdict, string>> = {
  met: '✓',
  'not-met': '✗',
  'not-met-known-deviations': '≈',
  'not-assessed': '○',
};

/** "TLS (RFC 7590)" */
export function lineName(l: Pick<LevelLineResult, 'feature' | 'documents'>): string {
  return `${l.feature} (${l.documents.join(', ')})`;
}

/** The distinct lines of several levels (a line shared by levels is assessed the same in each), in first-seen order. */
export function distinctLines(levels: readonly LevelResult[]): LevelLineResult[] {
  const seen = new Map<string, LevelLineResult>();
  for (const l of levels) for (const line of l.lines) if (!seen.has(lineName(line))) seen.set(lineName(line), line);
  return [...seen.values()];
}

/** "rfc7590-3.4-x: rfc7590/s2s/y (failed)", one per failing requirement and case. */
export function failureLines(line: LevelLineResult, cap = LEVEL_FAILURES_SHOWN): string[] {
  const pairs = line.failures.flatMap((f) => f.requirements.map((q) => `${q}: ${f.case} (${f.status === 'expected-fail' ? 'known deviation' : f.status})`));
  const shown = pairs.slice(0, cap);
  return pairs.length > cap ? [...shown, `and ${pairs.length - cap} more (report.json, levels)`] : shown;
}

/** The block the console prints after the skips: each level's verdict, then each of their lines once. */
export function levelsText(levels: readonly LevelResult[], clean: (s: string) => string = (s) => s): string[] {
  if (levels.length === 0) return [];
  const width = Math.max(...Object.values(VERDICT_LABELS).map((v) => v.length));
  const out = [
    `Compliance levels (XEP-${String(LEVELS_SOURCE.xep).padStart(4, '0')} ${LEVELS_SOURCE.version}, server side; a line is met only when cases citing its documents ran and passed):`,
  ];
  for (const l of levels) out.push(`  ${VERDICT_MARK[l.verdict]} ${VERDICT_LABELS[l.verdict].padEnd(width)}  ${l.title} (${l.name}) — ${l.reason}`);
  out.push('  lines:');
  for (const line of distinctLines(levels)) {
    out.push(`  ${VERDICT_MARK[line.verdict]} ${VERDICT_LABELS[line.verdict].padEnd(width)}  ${lineName(line)} — ${clean(line.reason)}`);
    for (const f of failureLines(line)) out.push(`        ${clean(f)}`);
  }
  return out;
}

/** "xep0479-core-server not met, xep0479-im-server not assessed": a target's levels on one line (report merge, the matrix job). */
export function levelsOneLine(levels: readonly LevelResult[]): string {
  return levels.map((l) => `${l.name} ${VERDICT_LABELS[l.verdict]}`).join(', ');
}
