// Proven (case, requirement) pairs from the negative-control tables: a control names the catalog
// requirement ids its broken peer violates, and test/suites/controls.test.ts shows the case fails
// on it. vectors/proven.json is this module's output, so the CLI can read it without mocha;
// test/suites/proven.test.ts keeps the file current and every other pair on the allow-list.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROVEN_PATH } from '../../harness/coverage/index.js';
import { allCases } from '../../suites/index.js';
import { federationCases } from '../../suites/federation/index.js';
import { ADDRESS_CONTROLS } from '../suites/address/controls.js';
import { BIND_CONTROLS } from '../suites/bind/controls.js';
import { CLIENT_CONTROLS } from '../suites/client/controls.js';
import { IM_CONTROLS } from '../suites/im/controls.js';
import { SASL_CONTROLS } from '../suites/sasl/controls.js';
import { STANZA_CONTROLS } from '../suites/stanza/controls.js';
import { STREAM_CONTROLS } from '../suites/stream/controls.js';
import { TLS_CONTROLS } from '../suites/tls/controls.js';
import { S2S_CONTROLS } from '../suites/s2s/controls.js';
import { FEDERATION_CONTROLS } from '../suites/federation/controls.js';
import { COMPONENT_CONTROLS } from '../suites/component/controls.js';
import { DISCO_CONTROLS } from '../suites/disco/controls.js';
import { PEP_CONTROLS } from '../suites/pep/controls.js';
import type { FailurePoint } from './control-verdict.js';

/** Every case whose pairs count: the `run` cases and the federation cases (`list --federation`). */
export function provenCases(): readonly { readonly id: string; readonly requirements: readonly string[] }[] {
  return [...allCases, ...federationCases];
}

/** What every control table's entries share: the broken peer's words and requirement ids, and more peers. */
export type ControlEntry = FailurePoint & { readonly also?: readonly FailurePoint[] };

/** Every negative-control table, of every kind (fake server, client, s2s, federation, component). */
export function controlTables(): readonly Readonly<Record<string, ControlEntry>>[] {
  return [
    STREAM_CONTROLS,
    TLS_CONTROLS,
    SASL_CONTROLS,
    BIND_CONTROLS,
    STANZA_CONTROLS,
    IM_CONTROLS,
    ADDRESS_CONTROLS,
    CLIENT_CONTROLS,
    S2S_CONTROLS,
    FEDERATION_CONTROLS,
    COMPONENT_CONTROLS,
    DISCO_CONTROLS,
    PEP_CONTROLS,
  ];
}

/** Every control's broken peers, by case id: the requirement ids each one names. */
export function controlRequirements(): Map<string, (readonly string[])[]> {
  const out = new Map<string, (readonly string[])[]>();
  for (const table of controlTables()) {
    for (const [id, control] of Object.entries(table)) {
      out.set(id, [control.requirements, ...(control.also ?? []).map((p) => p.requirements)]);
    }
  }
  return out;
}

/** case id -> sorted requirement ids some control of that case breaks (only ids the case lists). */
export function provenPairs(): Record<string, string[]> {
  const controls = controlRequirements();
  const out: Record<string, string[]> = {};
  for (const c of [...provenCases()].sort((a, b) => a.id.localeCompare(b.id))) {
    const named = new Set((controls.get(c.id) ?? []).flat());
    const proven = c.requirements.filter((q) => named.has(q)).sort();
    if (proven.length > 0) out[c.id] = proven;
  }
  return out;
}

/** The text of vectors/proven.json for the current control tables. */
export function provenFileText(): string {
  const note =
    'Generated from the negative-control tables (test/suites/*/controls.ts) by `npm run proven`; do not edit. A pair is proven when a control of the case breaks the requirement and the case fails on it (test/suites/*/controls.test.ts).';
  return JSON.stringify({ note, pairs: provenPairs() }, null, 2) + '\n';
}

export { PROVEN_PATH };

/** The allow-list of pairs with no control yet: `<case id> <requirement id>: <reason>` per line. */
export const ALLOW_LIST_PATH = fileURLToPath(new URL('../../../test/unproven-pairs.txt', import.meta.url));

export interface AllowedPair {
  readonly caseId: string;
  readonly requirement: string;
  readonly reason: string;
  readonly line: number;
}

export function readAllowList(file = ALLOW_LIST_PATH): AllowedPair[] {
  const out: AllowedPair[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const line = text.trim();
      if (!line || line.startsWith('#')) return;
      const m = /^(\S+) (\S+?): (.+)$/.exec(line);
      if (!m) throw new Error(`${file}:${i + 1}: expected '<case id> <requirement id>: <reason>'`);
      out.push({ caseId: m[1] as string, requirement: m[2] as string, reason: m[3] as string, line: i + 1 });
    });
  return out;
}

/** `npm run proven`: rewrite vectors/proven.json from the control tables. */
export function writeProvenFile(): void {
  writeFileSync(PROVEN_PATH, provenFileText());
}
