// Compliance levels (XEP-0479): the server-side level suites, and a verdict per level from a run's results.
export { LEVEL_SUITES, DEFAULT_LEVEL_SUITES, LEVELS_SOURCE, type LevelLine, type LevelSuite, type DocumentName } from './xep0479.js';
export {
  assessLevels,
  assessLevel,
  assessLine,
  documentsCited,
  requirementDocument,
  LEVEL_VERDICTS,
  VERDICT_LABELS,
  type LevelInput,
  type LevelVerdict,
  type LevelResult,
  type LevelLineResult,
  type LevelDocumentResult,
  type LevelFailure,
} from './assess.js';
export { parseLevelSuites, levelsFor, levelSuitesNamed, documentsOf, neededBy } from './select.js';
