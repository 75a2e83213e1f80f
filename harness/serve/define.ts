// Declaring a client case: a normal case (same metadata, same load-time checks) whose script plays
// the server side against a client. `run` against a server does not apply, so it only skips.
import { defineCase, type CaseDefinition, type CaseMeta } from '../cases/index.js';
import type { ClientCaseContext } from './context.js';

export interface ClientCaseDefinition extends CaseDefinition {
  play(t: ClientCaseContext): Promise<void>;
}

export type ClientCaseMeta = Omit<CaseMeta, 'area' | 'role'>;

export function defineClientCase(def: ClientCaseMeta & { play(t: ClientCaseContext): Promise<void> }): ClientCaseDefinition {
  const full = {
    ...def,
    area: 'client' as const,
    role: 'client' as const,
    async run(t: { skip(reason: string): never }): Promise<void> {
      t.skip('a client case: it runs with `xmpp-conformance serve` against a client, not against a server');
    },
  };
  return defineCase(full) as ClientCaseDefinition;
}

export function isClientCase(def: CaseDefinition): def is ClientCaseDefinition {
  return def.role === 'client' && typeof (def as Partial<ClientCaseDefinition>).play === 'function';
}
