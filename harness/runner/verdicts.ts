// The verdict half of a case context, shared by server cases (run) and client cases (serve):
// skip, fail, check, notes and the step a failure happened in. Throwing is the whole protocol:
// the runner turns SkipError into 'skipped' and an ExpectationError into 'failed'.
import { ExpectationError, SkipError } from '../errors.js';
import type { SpecRef } from '../spec.js';

class CaseFailure extends ExpectationError {}

export abstract class CaseVerdicts {
  readonly notes: string[] = [];
  /** The innermost step() running; left as it was when a step throws, so the message can name it. */
  currentStep: string | undefined;

  /** The rule a failure cites when the case does not name another one. */
  abstract get ref(): SpecRef;

  skip(reason: string): never {
    throw new SkipError(reason);
  }

  fail(expected: string, received: string, ref?: SpecRef): never {
    throw new CaseFailure(expected, received, ref ?? this.ref);
  }

  check(cond: boolean, expected: string, received: string | (() => string), ref?: SpecRef): void {
    if (!cond) this.fail(expected, typeof received === 'function' ? received() : received, ref);
  }

  note(message: string): void {
    this.notes.push(message);
  }

  async step<T>(title: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.currentStep;
    this.currentStep = title;
    const r = await fn();
    this.currentStep = prev;
    return r;
  }
}
