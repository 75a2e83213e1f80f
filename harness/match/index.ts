// Public API of harness/match: scansion-style template matching.
export { match, matches, formatMismatch } from './match.js';
export type { MatchResult, MatchOptions } from './match.js';
export { ANY, ABSENT } from '../xml/index.js';
