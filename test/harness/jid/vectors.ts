// Loads vectors/jid/*.json (from the source tree: dist/test/harness/jid → ../../../../vectors/jid).
import { readFileSync } from 'node:fs';

export interface JidVector {
  readonly input: string;
  readonly valid: boolean;
  readonly jid?: string;
  readonly local?: string;
  readonly domain?: string;
  readonly resource?: string;
  readonly part?: string;
  readonly reasonIncludes?: string;
  readonly note: string;
}

export interface ProfileVector {
  readonly profile: 'UsernameCaseMapped' | 'UsernameCasePreserved' | 'OpaqueString' | 'Nickname';
  readonly input: string;
  readonly output?: string;
  readonly rule?: string;
  readonly note: string;
}

function load<T>(name: string): T[] {
  const url = new URL(`../../../../vectors/jid/${name}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: T[] }).cases;
}

export const rfc7622Vectors = (): JidVector[] => load<JidVector>('rfc7622.json');
export const edgeVectors = (): JidVector[] => load<JidVector>('edge-cases.json');
export const profileVectors = (): ProfileVector[] => load<ProfileVector>('precis.json');

export function show(s: string): string {
  const j = JSON.stringify(s.length > 60 ? `${s.slice(0, 40)}…(${s.length})` : s);
  return j.replace(/[^\x20-\x7e]/g, (c) => `\\u{${(c.codePointAt(0) as number).toString(16)}}`);
}
