export { withTimeout, sleep } from './deadline.js';
export { seededRandom, hashString, IdSource } from './ids.js';
