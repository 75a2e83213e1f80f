// How `fuzz server` logs in, and what it reuses between logins. A login (TCP, header, STARTTLS,
// SASL, restart, bind: nine round trips) is most of what a sequence costs (the SCRAM salted
// password is kept per password, salt and iteration count for every login, harness/sasl), so with
// `reuse` on:
// - the session a liveness check logged in and pinged after one sequence becomes the next
//   sequence's first session, instead of being closed for the next sequence to log in anew;
// - after STARTTLS a space answers each TLS 1.3 session ticket (Session's `ackTlsTickets`), which
//   saves a server with Nagle's algorithm on (Prosody) two delayed acknowledgements per login.
// The hand-on keeps the oracles' meaning: the session is what the next sequence's own first login
// would have given it. It was opened after every connection of the earlier sequence was closed,
// carried the login and one answered ping and nothing else, and `takeKept` gives it out only while
// its stream is open with nothing unread, so whatever the server sends on it afterwards answers
// the new sequence's input. The old way logged in at the same point, only after closing the
// liveness connection. A sequence's own sessions are never carried over: a login after a stream
// the sequence broke, a reconnect and every liveness check open a new connection.
import type { Account } from '../config.js';
import type { Session } from '../session/index.js';
import { openConnection, type ConnectOptions } from './server-connect.js';

export interface FuzzLoginOptions extends ConnectOptions {
  readonly account: Account;
  /** hand the liveness session on, answer TLS tickets (see above); false logs in afresh each time */
  readonly reuse: boolean;
}

export class FuzzLogins {
  private kept: Session | undefined;
  /** connections that logged in (or tried to) */
  logins = 0;
  /** sequences whose first session was the liveness check's before them */
  reused = 0;

  constructor(private readonly opts: FuzzLoginOptions) {}

  get reuse(): boolean {
    return this.opts.reuse;
  }

  /** A new connection, logged in and bound to a resource of its own. */
  async login(actor: string): Promise<Session> {
    this.logins++;
    const s = await openConnection({ ...this.opts, ackTlsTickets: this.opts.reuse }, actor);
    try {
      await s.login(this.opts.account, {
        resource: `xc-fuzz-${actor}-${Math.random().toString(36).slice(2, 8)}`,
      });
      return s;
    } catch (e) {
      s.destroy();
      throw e;
    }
  }

  /** Keeps a session a liveness check has just logged in and pinged, for the next sequence's first session. */
  keep(s: Session): void {
    this.kept?.destroy();
    this.kept = s;
  }

  /**
   * The kept session, once, for a sequence's first session: only while its stream is open and
   * nothing came in after the ping's answer (anything unread would be blamed on the sequence's
   * first input). Otherwise undefined (and it is dropped), and the caller logs in.
   */
  takeKept(): Session | undefined {
    const s = this.kept;
    this.kept = undefined;
    if (!s) return undefined;
    if (s.stream.closed || s.stream.pending().length > 0) {
      s.destroy();
      return undefined;
    }
    this.reused++;
    return s;
  }

  /** Closes a kept session nobody took (an empty sequence, the end of a stage or of the run). */
  async drop(): Promise<void> {
    const s = this.kept;
    this.kept = undefined;
    if (s) await s.closeGracefully(300);
  }
}
