// How `fuzz server` logs in, and what it reuses between logins. A login (TCP, header, STARTTLS,
// SASL, restart, bind: nine round trips) is most of what a sequence costs, so with `reuse` on:
// - SCRAM keys are derived once per password, salt and iteration count (RFC 5802 §5.1 lets a
//   client keep them), so a login after the first skips Hi(), the PBKDF2 step;
// - the session a liveness check logged in and pinged after one sequence becomes the next
//   sequence's first session, instead of being closed for the next sequence to log in anew;
// - the sessions a sequence will need after the streams it breaks on purpose (bad XML ends a
//   stream) are logged in together, in parallel, before its first action, instead of one by one
//   after each break.
// This keeps the oracles' meaning: every session a sequence gets from here was logged in after all
// connections of the earlier sequence were closed and its liveness check passed, and before the
// sequence sent anything, so no earlier sequence can have left state in it; it carried the login
// (and the liveness session one answered ping) and nothing else, and it is given out only while its
// stream is open with nothing unread, so anything the server sends on it afterwards answers this
// sequence's input. A sequence's own sessions are never carried over; a reconnect, a login after a
// break nobody planned for, and every liveness check still open a new connection.
import type { Account } from '../config.js';
import { ScramKeyCache } from '../sasl/index.js';
import type { Session } from '../session/index.js';
import { openConnection, type ConnectOptions } from './server-connect.js';

export interface FuzzLoginOptions extends ConnectOptions {
  readonly account: Account;
  /** keep SCRAM keys, hand sessions on and log in ahead (see above); false logs in afresh each time */
  readonly reuse: boolean;
}

/** At most this many sessions are logged in ahead for one sequence. */
export const MAX_SPARES = 4;

/** A session from the pool only while nothing can have touched it: open, nothing unread. */
function usable(s: Session): boolean {
  if (!s.stream.closed && s.stream.pending().length === 0) return true;
  s.destroy();
  return false;
}

export class FuzzLogins {
  private readonly scramKeys: ScramKeyCache | undefined;
  private kept: Session | undefined;
  private spares: Session[] = [];
  /** a spare logging in alongside a liveness check */
  private inFlight: Promise<void> | undefined;
  /** connections that logged in (or tried to) */
  logins = 0;
  /** sessions a sequence got from here instead of logging in when it needed them */
  reused = 0;

  constructor(private readonly opts: FuzzLoginOptions) {
    this.scramKeys = opts.reuse ? new ScramKeyCache() : undefined;
  }

  get reuse(): boolean {
    return this.opts.reuse;
  }

  /** SCRAM logins that skipped Hi() thanks to the cache. */
  get scramHits(): number {
    return this.scramKeys?.hits ?? 0;
  }

  /** A new connection, logged in and bound to a resource of its own; `connected` runs once the TCP connection is up. */
  async login(actor: string, connected?: () => void): Promise<Session> {
    this.logins++;
    const s = await openConnection({ ...this.opts, ackTlsTickets: this.opts.reuse }, actor);
    connected?.();
    try {
      await s.login(this.opts.account, {
        resource: `xc-fuzz-${actor}-${Math.random().toString(36).slice(2, 8)}`,
        ...(this.scramKeys ? { scramKeys: this.scramKeys } : {}),
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
   * Before a sequence's first action: logs in `n` sessions (at most MAX_SPARES) in parallel for
   * after the streams it will break. One that fails to log in is left out: the sequence then logs
   * in when it needs the session, and meets the failure there, as it would have without reuse.
   */
  async prepare(n: number): Promise<void> {
    await this.inFlight;
    const count = Math.min(n, MAX_SPARES) - this.spares.length;
    if (!this.opts.reuse || count <= 0) return;
    const got = await Promise.allSettled(Array.from({ length: count }, () => this.login('fuzz')));
    for (const r of got) if (r.status === 'fulfilled') this.spares.push(r.value);
  }

  /**
   * Starts one spare logging in, unless one is already there or on its way: called by a liveness
   * check once its own connection is up, so the spare overlaps that login (the check's connection
   * stays the first one opened after the sequence). `prepare` waits for it.
   */
  startSpare(): void {
    if (!this.opts.reuse || this.inFlight || this.spares.length > 0) return;
    this.inFlight = this.login('fuzz').then(
      (s) => void this.spares.push(s),
      () => undefined,
    ).finally(() => {
      this.inFlight = undefined;
    });
  }

  /** The session the liveness check kept, once, if still usable: for a sequence's first session. */
  takeKept(): Session | undefined {
    const s = this.kept;
    this.kept = undefined;
    return s && usable(s) ? this.count(s) : undefined;
  }

  /** A session logged in ahead by `prepare`, if one is left and still usable. */
  takeSpare(): Session | undefined {
    for (let s = this.spares.shift(); s; s = this.spares.shift()) if (usable(s)) return this.count(s);
    return undefined;
  }

  private count(s: Session): Session {
    this.reused++;
    return s;
  }

  /** Closes what nobody took (after a sequence, at the end of a stage or of the run), all at once. */
  async drop(): Promise<void> {
    await this.inFlight;
    const left = [...(this.kept ? [this.kept] : []), ...this.spares];
    this.kept = undefined;
    this.spares = [];
    await Promise.all(left.map((s) => s.closeGracefully(300)));
  }
}
