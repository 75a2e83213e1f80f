import { expect } from 'chai';
import type { Session } from '../../harness/session/index.js';
import { onOpenSessionOrFresh } from '../../suites/steps.js';

/** Only what onOpenSessionOrFresh reads of a session, and a name to tell them apart. */
function session(name: string, state: { closed?: boolean; jid?: string | undefined; receivedStreamError?: string } = {}): Session {
  return {
    name,
    closed: state.closed ?? false,
    jid: 'jid' in state ? state.jid : 'alice@example.org/r',
    receivedStreamError: state.receivedStreamError,
  } as unknown as Session;
}
const nameOf = (s: Session): string => (s as unknown as { name: string }).name;

describe('onOpenSessionOrFresh (a cleanup on the case session, else a fresh login)', () => {
  async function used(s: Session, failOn: string[] = []): Promise<{ on: string[]; logins: number }> {
    const on: string[] = [];
    let logins = 0;
    await onOpenSessionOrFresh(
      s,
      () => {
        logins++;
        return Promise.resolve(session('fresh'));
      },
      (x) => {
        on.push(nameOf(x));
        return failOn.includes(nameOf(x)) ? Promise.reject(new Error('timed out')) : Promise.resolve();
      },
    );
    return { on, logins };
  }

  it('works on the open, bound session without logging in', async () => {
    expect(await used(session('case'))).to.deep.equal({ on: ['case'], logins: 0 });
  });

  it('logs in afresh when the session is closed, unbound or got a stream error', async () => {
    for (const s of [session('case', { closed: true }), session('case', { jid: undefined }), session('case', { receivedStreamError: 'conflict' })])
      expect(await used(s)).to.deep.equal({ on: ['fresh'], logins: 1 });
  });

  it('does the work again on a fresh session when it failed on the case session', async () => {
    expect(await used(session('case'), ['case'])).to.deep.equal({ on: ['case', 'fresh'], logins: 1 });
  });

  it('a failure on the fresh session is the cleanup failure', async () => {
    let err: unknown;
    await used(session('case'), ['case', 'fresh']).catch((e: unknown) => (err = e));
    expect(String(err)).to.include('timed out');
  });
});
