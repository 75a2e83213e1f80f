// A loopback TCP relay in front of a fake server that "crashes" when a client sends more than
// `limitBytes` without a '>' (one text node or tag that long): every connection is dropped, new ones are closed at once for
// `downMs`, then it serves again (a supervisor's restart). For the fuzzer's liveness self-tests;
// the fake behind it must speak plain TCP (starttls: 'none') for the byte count to mean anything.
import net from 'node:net';

export interface TripwireOptions {
  readonly limitBytes?: number;
  readonly downMs?: number;
}

export class Tripwire {
  /** false: the fixed server, which relays everything. */
  armed = true;
  trips = 0;
  private downUntil = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    private readonly opts: Required<TripwireOptions>,
  ) {}

  static async start(backendPort: number, opts: TripwireOptions = {}): Promise<Tripwire> {
    const server = net.createServer((client) => self.accept(client, backendPort));
    const self = new Tripwire(server, { limitBytes: opts.limitBytes ?? 1_048_576, downMs: opts.downMs ?? 300 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return self;
  }

  get url(): string {
    return `xmpp://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  private accept(client: net.Socket, backendPort: number): void {
    if (Date.now() < this.downUntil) {
      client.destroy();
      return;
    }
    const backend = net.connect(backendPort, '127.0.0.1');
    this.sockets.add(client).add(backend);
    let run = 0;
    // a run without '>' is held back until its '>' comes: the fake behind does not parse (and so
    // slow down this process) an input the relay may yet trip on, and a trip follows the input's
    // bytes at once instead of after the fake has read most of them, when a liveness check made in
    // the meantime may already have passed
    let held: Buffer[] = [];
    client.on('data', (chunk: Buffer) => {
      const gt = chunk.lastIndexOf(0x3e);
      run = gt === -1 ? run + chunk.length : chunk.length - gt - 1;
      if (this.armed && run > this.opts.limitBytes) return this.trip();
      if (this.armed && gt === -1) {
        held.push(chunk);
        return;
      }
      backend.write(held.length ? Buffer.concat([...held, chunk]) : chunk);
      held = [];
    });
    backend.on('data', (chunk: Buffer) => client.write(chunk));
    for (const [a, b] of [
      [client, backend],
      [backend, client],
    ] as const) {
      a.on('close', () => {
        this.sockets.delete(a);
        b.destroy();
      });
      a.on('error', () => a.destroy());
    }
  }

  private trip(): void {
    this.trips += 1;
    this.downUntil = Date.now() + this.opts.downMs;
    for (const s of this.sockets) s.destroy();
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
