// Logging in as a case's setup (not what the case checks): one more try on a new connection when
// the server ended the first with <internal-server-error/>, which jabberd2 2.7 does now and then
// when connections open and close in quick succession (README.md, jabberd2's deviations).
import type { Account } from '../config.js';
import type { LoginOptions, Session } from './session.js';

/**
 * `connect(retry)` opens a connection (`retry` true for the second one); the login on it is
 * retried once, on a new connection, only after an <internal-server-error/> stream error, and
 * `note` says so.
 */
export async function setupLogin(
  connect: (retry: boolean) => Promise<Session>,
  account: Account,
  opts: LoginOptions,
  note: (text: string) => void,
): Promise<Session> {
  const s = await connect(false);
  try {
    await s.login(account, opts);
    return s;
  } catch (e) {
    if (s.receivedStreamError !== 'internal-server-error') throw e;
    note('setup: the server ended a login with <internal-server-error/>; logged in again on a new connection');
    s.destroy();
    const again = await connect(true);
    await again.login(account, opts);
    return again;
  }
}
