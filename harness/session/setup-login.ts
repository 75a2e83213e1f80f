// Logging in as a case's setup (not what the case checks): more tries on new connections when the
// server ended a login with <internal-server-error/>, which jabberd2 2.7 does now and then when
// connections open and close in quick succession (README.md, jabberd2's deviations: a pause of
// 200 ms before reconnecting made it go away in a loop of 80 logins). Under parallel lanes two
// tries in a row were seen to meet it, so a setup login gets up to SETUP_LOGIN_TRIES, a pause
// before each new try.
import type { Account } from '../config.js';
import type { LoginOptions, Session } from './session.js';

/** How many connections a setup login may use in all, and the pause before each new one. */
export const SETUP_LOGIN_TRIES = 3;
export const SETUP_LOGIN_PAUSE_MS = 250;

/**
 * `connect(retry)` opens a connection (`retry` true for the later ones); the login on it is
 * tried again on a new connection, after a pause, only after an <internal-server-error/> stream
 * error, up to SETUP_LOGIN_TRIES connections in all, and `note` says so each time.
 */
export async function setupLogin(
  connect: (retry: boolean) => Promise<Session>,
  account: Account,
  opts: LoginOptions,
  note: (text: string) => void,
  pauseMs: number = SETUP_LOGIN_PAUSE_MS,
): Promise<Session> {
  for (let tries = 1; ; tries++) {
    const s = await connect(tries > 1);
    try {
      await s.login(account, opts);
      return s;
    } catch (e) {
      if (s.receivedStreamError !== 'internal-server-error' || tries >= SETUP_LOGIN_TRIES) throw e;
      note(
        `setup: the server ended a login with <internal-server-error/>; logged in again on a new connection after ${pauseMs} ms (try ${tries + 1} of ${SETUP_LOGIN_TRIES})`,
      );
      s.destroy();
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  }
}
