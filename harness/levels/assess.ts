// A verdict per compliance level, from the results of a run: each level line is assessed from the
// cases that cite its documents (a ref to the document, or a requirement id of it). Nothing is
// "met" without a case that ran and passed; a known deviation (a baseline's expected failure) is
// still a requirement not met, and says so.
import { documentName, type SpecRef } from '../spec.js';
import type { DocumentName, LevelLine, LevelSuite } from './xep0479.js';

/** What the assessment reads of a case result (runner's CaseResult has all of it). */
export interface LevelInput {
  readonly id: string;
  readonly role?: string;
  readonly refs: readonly SpecRef[];
  readonly requirements: readonly string[];
  readonly status: string;
  readonly message?: string;
}

/**
 * met: every document of the line has a case that ran, and none failed; not-met: a case failed or
 * errored outside the baseline; not-met-known-deviations: the only failures are the baseline's
 * known ones; not-assessed: some document has no case that ran (none cited it, or all skipped).
 */
export type LevelVerdict = 'met' | 'not-met' | 'not-met-known-deviations' | 'not-assessed';
export const LEVEL_VERDICTS: readonly LevelVerdict[] = ['met', 'not-met', 'not-met-known-deviations', 'not-assessed'];

/** The words reports print for a verdict. */
export const VERDICT_LABELS: Readonly<Record<LevelVerdict, string>> = {
  met: 'met',
  'not-met': 'not met',
  'not-met-known-deviations': 'not met (known deviations)',
  'not-assessed': 'not assessed',
};

/** A case that broke the line: its status, the line's requirements it lists, its message. */
export interface LevelFailure {
  readonly case: string;
  /** failed, errored, or expected-fail (a known deviation) */
  readonly status: string;
  readonly requirements: readonly string[];
  readonly message?: string;
}

/** How the cases citing one document of the line went. */
export interface LevelDocumentResult {
  readonly document: DocumentName;
  /** cases that cite the document and ran (passed, fixed, failed, errored, expected-fail) */
  readonly ran: number;
  readonly passed: number;
  readonly skipped: number;
  /** why the document is not assessed, when it is not: no case cites it, or every case citing it was skipped (with their reasons) */
  readonly notAssessed?: string;
}

export interface LevelLineResult {
  readonly feature: string;
  readonly documents: readonly DocumentName[];
  readonly verdict: LevelVerdict;
  /** one line, for people */
  readonly reason: string;
  readonly byDocument: readonly LevelDocumentResult[];
  readonly failures: readonly LevelFailure[];
  readonly note?: string;
}

export interface LevelResult {
  /** the --level-suite name */
  readonly name: string;
  readonly title: string;
  readonly verdict: LevelVerdict;
  /** one line, for people */
  readonly reason: string;
  readonly lines: readonly LevelLineResult[];
}

const RAN = new Set(['passed', 'fixed', 'failed', 'errored', 'expected-fail']);
const PASSED = new Set(['passed', 'fixed']);
const BROKEN = new Set(['failed', 'errored']);
/** skip reasons listed per document before "and N more" */
const MAX_REASONS = 3;

/** "RFC 6120" for a requirement id `rfc6120-…`, "XEP-0030" for `xep0030-…`. */
export function requirementDocument(id: string): DocumentName | undefined {
  const m = /^(rfc|xep)(\d+)-/.exec(id);
  if (!m) return undefined;
  return m[1] === 'xep' ? documentName({ xep: Number(m[2]) }) : documentName({ rfc: Number(m[2]) });
}

/** Every document a case cites, through its refs or its requirement ids. */
export function documentsCited(c: Pick<LevelInput, 'refs' | 'requirements'>): Set<DocumentName> {
  const out = new Set<DocumentName>(c.refs.map((r) => documentName(r)));
  for (const q of c.requirements) {
    const d = requirementDocument(q);
    if (d !== undefined) out.add(d);
  }
  return out;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function assessDocument(document: DocumentName, cases: readonly LevelInput[]): LevelDocumentResult {
  const ran = cases.filter((c) => RAN.has(c.status)).length;
  const passed = cases.filter((c) => PASSED.has(c.status)).length;
  const skipped = cases.filter((c) => c.status === 'skipped');
  const base = { document, ran, passed, skipped: skipped.length };
  if (ran > 0) return base;
  if (cases.length === 0) return { ...base, notAssessed: `no case citing ${document} was in the run` };
  const reasons = [...new Set(skipped.map((c) => c.message ?? '(no reason given)'))];
  const shown = reasons.slice(0, MAX_REASONS).join('; ') + (reasons.length > MAX_REASONS ? `; and ${reasons.length - MAX_REASONS} more` : '');
  return { ...base, notAssessed: `all ${plural(skipped.length, 'case')} citing ${document} skipped: ${shown}` };
}

function lineReason(verdict: LevelVerdict, docs: readonly LevelDocumentResult[], failures: readonly LevelFailure[]): string {
  const broken = failures.filter((f) => f.status !== 'expected-fail').length;
  const known = failures.length - broken;
  const unassessed = docs.filter((d) => d.notAssessed !== undefined).map((d) => d.notAssessed as string);
  const tail = unassessed.length > 0 && verdict !== 'not-assessed' ? `; not assessed: ${unassessed.join('; ')}` : '';
  if (verdict === 'not-met')
    return `${plural(broken, 'case')} failed or errored${known > 0 ? `, ${known} known deviation${known === 1 ? '' : 's'}` : ''}${tail}`;
  if (verdict === 'not-met-known-deviations') return `${plural(known, 'known deviation')} (baseline): the requirements are not met${tail}`;
  if (verdict === 'not-assessed') return unassessed.join('; ');
  const passed = docs.reduce((n, d) => n + d.passed, 0);
  const skipped = docs.reduce((n, d) => n + d.skipped, 0);
  return `${plural(passed, 'case')} passed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

/** One line's verdict from the run's server-role results. */
export function assessLine(line: LevelLine, results: readonly LevelInput[]): LevelLineResult {
  const wanted = new Set(line.documents);
  const byDoc = new Map<DocumentName, LevelInput[]>(line.documents.map((d) => [d, []]));
  const failures: LevelFailure[] = [];
  for (const r of results) {
    if (r.role !== undefined && r.role !== 'server') continue;
    const cited = documentsCited(r);
    const here = [...cited].filter((d) => wanted.has(d));
    if (here.length === 0) continue;
    for (const d of here) byDoc.get(d)?.push(r);
    if (!BROKEN.has(r.status) && r.status !== 'expected-fail') continue;
    // a failure counts against every document the case cites, even where its message cites one
    // rule: cases cite one rule from several documents (RFC 6120 §5.4.3.3 and XEP-0368 §3), and a
    // line must never read "met" beside a failing case that cites it
    const reqs = r.requirements.filter((q) => wanted.has(requirementDocument(q) ?? ''));
    failures.push({
      case: r.id,
      status: r.status,
      requirements: reqs.length > 0 ? reqs : [...r.requirements],
      ...(r.message !== undefined ? { message: r.message } : {}),
    });
  }
  const docs = line.documents.map((d) => assessDocument(d, byDoc.get(d) ?? []));
  const verdict: LevelVerdict = failures.some((f) => f.status !== 'expected-fail')
    ? 'not-met'
    : failures.length > 0
      ? 'not-met-known-deviations'
      : docs.some((d) => d.notAssessed !== undefined)
        ? 'not-assessed'
        : 'met';
  return {
    feature: line.feature,
    documents: line.documents,
    verdict,
    reason: lineReason(verdict, docs, failures),
    byDocument: docs,
    failures,
    ...(line.note !== undefined ? { note: line.note } : {}),
  };
}

/** The level's verdict from its lines': the worst of not met, known deviations, not assessed, met. */
export function assessLevel(level: LevelSuite, results: readonly LevelInput[]): LevelResult {
  const lines = level.lines.map((l) => assessLine(l, results));
  const count = (v: LevelVerdict): number => lines.filter((l) => l.verdict === v).length;
  const verdict: LevelVerdict = (['not-met', 'not-met-known-deviations', 'not-assessed'] as const).find((v) => count(v) > 0) ?? 'met';
  const parts = [`${count('met')} of ${plural(lines.length, 'line')} met`];
  if (count('not-met') > 0) parts.push(`${count('not-met')} not met`);
  if (count('not-met-known-deviations') > 0) parts.push(`${count('not-met-known-deviations')} not met by known deviations`);
  if (count('not-assessed') > 0) parts.push(`${count('not-assessed')} not assessed`);
  return { name: level.name, title: level.title, verdict, reason: parts.join(', '), lines };
}

/** The verdicts of the given levels (in their order). */
export function assessLevels(levels: readonly LevelSuite[], results: readonly LevelInput[]): LevelResult[] {
  return levels.map((l) => assessLevel(l, results));
}
