// The fuzzer: arbitraries for XMPP streams, parser targets and oracles, the parser
// campaign with saved, replayable failures, and the live-server campaign.
export * as arb from './arbitraries/index.js';
export type { FuzzInput, Expectation, Violation, ViolationRule } from './arbitraries/index.js';
export { toStringChunks, piecesOf, wholeOf, describeInput, storeInput, loadInput, utf8, concatBytes, type Takes } from './inputs.js';
export type { StoredInput } from './inputs.js';
export { parseWithOwnParser, parseWithOwnParserTrees, type ParseOutcome } from './own-parser.js';
export { ownParserTarget, moduleTarget, execTarget, type ParserTarget, type Verdict, type TargetLimits } from './targets.js';
export { judge, judgePieces, type OracleFailure, type ParserFailureKind, type Pieces } from './oracle.js';
export { fuzzParser, campaignInputs, readFailureFile, replayFailure, FAILURE_SCHEMA, PARSER_PROPERTIES } from './parser-fuzz.js';
export type { FuzzSummary, FuzzFailure, FailureFile, ParserFuzzOptions } from './parser-fuzz.js';
export {
  fuzzServer,
  replayServerFailure,
  readServerFailureFile,
  actionArb,
  sessionActionArb,
  describeAction,
  ServerFuzzFailure,
  SERVER_STAGES,
  type Action,
  type ServerFuzzOptions,
  type ServerStage,
  type ServerFailureFile,
} from './server-fuzz.js';
export { preAuthActionArb, describePreAuthAction, type PreAuthAction } from './pre-auth.js';
