// What a network does to a TLS stream: the ciphertext our TLS layer writes reaches the raw TCP
// socket in pieces of a few bytes, each its own write with a short pause before it, so TLS records
// (and the XML inside them) arrive cut at arbitrary points. Sits between the TLS socket and the
// accepted TCP socket; reads pass through unchanged.
import type net from 'node:net';
import { Duplex } from 'node:stream';

export class SegmentingDuplex extends Duplex {
  private writing = false;
  private idleWaiters: (() => void)[] = [];
  /** when our last piece went out (or the segmenter was made): deadlines count from here */
  lastWriteAt = Date.now();

  constructor(
    private readonly raw: net.Socket,
    private readonly size: number,
    private readonly pauseMs = 1,
  ) {
    super();
    raw.on('data', (b: Buffer) => {
      if (!this.push(b)) raw.pause();
    });
    raw.on('end', () => this.push(null));
    raw.on('close', () => this.destroy());
    raw.on('error', (e) => this.destroy(e));
  }

  /** True while ciphertext is still being cut and written. */
  get busy(): boolean {
    return this.writing || this.writableLength > 0;
  }

  /** Resolves once every piece written so far has gone out to the socket. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  override _read(): void {
    this.raw.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.writing = true;
    const pieces = async (): Promise<void> => {
      for (let i = 0; i < chunk.length; i += this.size) {
        await new Promise((r) => setTimeout(r, this.pauseMs));
        if (this.raw.destroyed) return;
        this.raw.write(chunk.subarray(i, i + this.size));
        this.lastWriteAt = Date.now();
      }
    };
    pieces().then(
      () => this.wrote(done),
      (err: Error) => this.wrote(done, err),
    );
  }

  private wrote(done: (err?: Error | null) => void, err?: Error): void {
    this.writing = false;
    done(err);
    if (!this.busy) {
      const ws = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of ws) w();
    }
  }

  override _final(done: (err?: Error | null) => void): void {
    this.raw.end();
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    this.raw.destroy();
    const ws = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of ws) w();
    done(err);
  }
}
