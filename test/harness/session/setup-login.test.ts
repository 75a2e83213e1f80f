// A case's setup login: tried again on a new connection only after <internal-server-error/>, at
// most SETUP_LOGIN_TRIES connections in all, each retry noted.
import { expect } from 'chai';
import { parseAccount } from '../../../harness/config.js';
import { SETUP_LOGIN_TRIES, setupLogin, type Session } from '../../../harness/session/index.js';

/** Connections whose logins fail with `errors[i]` (a stream error condition) or succeed (undefined). */
function connections(errors: readonly (string | undefined)[]): { connect: (retry: boolean) => Promise<Session>; opened: boolean[]; destroyed: number } {
  const state = { opened: [] as boolean[], destroyed: 0 };
  const connect = async (retry: boolean): Promise<Session> => {
    const i = state.opened.length;
    state.opened.push(retry);
    const condition = errors[i];
    return {
      receivedStreamError: condition,
      login: async () => {
        if (condition !== undefined) throw new Error(`login ${i} ended with <${condition}/>`);
      },
      destroy: () => void (state.destroyed += 1),
    } as unknown as Session;
  };
  return {
    connect,
    get opened() {
      return state.opened;
    },
    get destroyed() {
      return state.destroyed;
    },
  };
}

const alice = parseAccount('alice@localhost:secret');

describe('harness/session setupLogin', () => {
  it('logs in on the first connection when nothing goes wrong, with no note', async () => {
    const c = connections([undefined]);
    const notes: string[] = [];
    await setupLogin(c.connect, alice, {}, (t) => notes.push(t), 0);
    expect(c.opened).to.deep.equal([false]);
    expect(notes).to.deep.equal([]);
  });

  it('tries again after <internal-server-error/>, noting each retry, up to the limit', async () => {
    const c = connections(['internal-server-error', 'internal-server-error', undefined]);
    const notes: string[] = [];
    await setupLogin(c.connect, alice, {}, (t) => notes.push(t), 0);
    expect(SETUP_LOGIN_TRIES).to.equal(3);
    expect(c.opened).to.deep.equal([false, true, true]);
    expect(c.destroyed).to.equal(2);
    expect(notes).to.have.length(2);
    expect(notes[1]).to.match(/internal-server-error.*try 3 of 3/);
  });

  it('gives up with the last error when every try meets <internal-server-error/>', async () => {
    const c = connections(['internal-server-error', 'internal-server-error', 'internal-server-error', undefined]);
    let err: unknown;
    await setupLogin(c.connect, alice, {}, () => undefined, 0).catch((e: unknown) => (err = e));
    expect(String(err)).to.include('login 2 ended');
    expect(c.opened).to.have.length(SETUP_LOGIN_TRIES);
  });

  it('does not try again after any other failure', async () => {
    const c = connections(['not-authorized', undefined]);
    let err: unknown;
    await setupLogin(c.connect, alice, {}, () => undefined, 0).catch((e: unknown) => (err = e));
    expect(String(err)).to.include('login 0 ended');
    expect(c.opened).to.deep.equal([false]);
  });
});
