// A listening socket (serve's, and the s2s cases' receiving side): accepted connections wait in a bounded queue until the case that
// expects a client takes them; every wait has a deadline.
import net from 'node:net';
import { HarnessError, TimeoutError, UsageError } from '../errors.js';

/** More unclaimed connections than this are refused (a reconnect loop must not exhaust us). */
const MAX_QUEUED = 16;

export class ClientListener {
  private readonly queue: net.Socket[] = [];
  private waiter: (() => void) | undefined;
  private readonly all = new Set<net.Socket>();
  private closed = false;

  private constructor(private readonly server: net.Server) {
    server.on('connection', (sock) => {
      if (this.queue.length >= MAX_QUEUED) {
        sock.destroy();
        return;
      }
      this.all.add(sock);
      sock.on('close', () => this.all.delete(sock));
      sock.on('error', () => undefined);
      this.queue.push(sock);
      const w = this.waiter;
      this.waiter = undefined;
      w?.();
    });
  }

  /** Listens on host:port (port 0: any free port). A port in use is a usage error (exit 2). */
  static listen(host: string, port: number, flag = '--listen'): Promise<ClientListener> {
    return new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', (e: NodeJS.ErrnoException) => reject(new UsageError(`${flag} ${host}:${port}: cannot listen (${e.code ?? e.message})`)));
      server.listen({ host, port }, () => {
        server.removeAllListeners('error');
        server.on('error', () => undefined);
        resolve(new ClientListener(server));
      });
    });
  }

  get port(): number {
    const a = this.server.address();
    if (!a || typeof a === 'string') throw new HarnessError('CLOSED', 'the listener is not listening');
    return a.port;
  }

  get host(): string {
    const a = this.server.address();
    return a && typeof a !== 'string' ? a.address : '127.0.0.1';
  }

  /** The next connection, waiting up to `ms`; closing the listener ends the wait. */
  async accept(ms: number, what = 'a client connection'): Promise<net.Socket> {
    const deadline = Date.now() + ms;
    for (;;) {
      if (this.closed) throw new HarnessError('CLOSED', `the listener was closed while waiting for ${what}`);
      const s = this.queue.shift();
      if (s) {
        if (!s.destroyed) return s;
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new TimeoutError(`expected ${what} within ${ms} ms; none came`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.waiter = undefined;
          resolve();
        }, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Drops connections nobody took (a client's reconnects after its case ended). */
  drop(): void {
    for (const s of this.queue.splice(0)) s.destroy();
  }

  /** Destroys every connection still open, taken or not. */
  dropAll(): void {
    this.drop();
    for (const s of this.all) s.destroy();
    this.all.clear();
  }

  close(): Promise<void> {
    this.closed = true;
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
    this.dropAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
