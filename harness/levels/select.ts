// --level-suite: the names, checked once, and which cases a set of levels needs.
import { UsageError } from '../errors.js';
import { documentsCited, type LevelInput } from './assess.js';
import { DEFAULT_LEVEL_SUITES, LEVEL_SUITES, type DocumentName, type LevelSuite } from './xep0479.js';

/** The level suites named, each once, in the order given (a name may repeat, or hold a comma list); a bad name is a UsageError. */
export function parseLevelSuites(names: readonly string[]): LevelSuite[] {
  const out: LevelSuite[] = [];
  for (const name of names.flatMap((n) => n.split(',')).map((n) => n.trim())) {
    if (name === '') continue;
    const found = LEVEL_SUITES.find((s) => s.name === name);
    if (!found) throw new UsageError(`--level-suite '${name}' is not a level suite; one of ${LEVEL_SUITES.map((s) => s.name).join(', ')}`);
    if (!out.includes(found)) out.push(found);
  }
  if (out.length === 0) throw new UsageError('--level-suite needs a name; one of ' + LEVEL_SUITES.map((s) => s.name).join(', '));
  return out;
}

/** The levels a report assesses: those chosen by --level-suite (or named by the reports merged), else the defaults. */
export function levelsFor(chosen: readonly LevelSuite[] | undefined): readonly LevelSuite[] {
  return chosen !== undefined && chosen.length > 0 ? chosen : LEVEL_SUITES.filter((s) => DEFAULT_LEVEL_SUITES.includes(s.name));
}

/** Every document the levels' lines need. */
export function documentsOf(levels: readonly LevelSuite[]): Set<DocumentName> {
  return new Set(levels.flatMap((l) => l.lines.flatMap((line) => line.documents)));
}

/** Whether a case cites a document one of the levels needs (the plan's --level-suite filter). */
export function neededBy(levels: readonly LevelSuite[]): (c: Pick<LevelInput, 'refs' | 'requirements'>) => boolean {
  const docs = documentsOf(levels);
  return (c) => [...documentsCited(c)].some((d) => docs.has(d));
}

/** The level suites of these names that this version knows (a report from another version may name others), each once. */
export function levelSuitesNamed(names: readonly string[]): LevelSuite[] {
  return LEVEL_SUITES.filter((s) => names.includes(s.name)).sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
}
