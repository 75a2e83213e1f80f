// The stream-layer side of a transport that is not a byte socket (WebSocket, BOSH): one data and
// one close listener, data that arrives before the listener is set kept for it, and a close
// recorded once with its reason (a listener set after the close still hears it).
export class TransportInbox {
  private dataListener: ((chunk: Buffer) => void) | undefined;
  private closeListener: ((reason: string) => void) | undefined;
  private readonly early: Buffer[] = [];
  private reason: string | undefined;

  get closed(): boolean {
    return this.reason !== undefined;
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListener = listener;
    for (const b of this.early.splice(0)) listener(b);
  }

  onClose(listener: (reason: string) => void): void {
    this.closeListener = listener;
    if (this.reason !== undefined) listener(this.reason);
  }

  /** Text for the stream parser, as UTF-8 bytes. */
  deliver(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    if (this.dataListener) this.dataListener(bytes);
    else this.early.push(bytes);
  }

  /**
   * Records the close, runs the transport's `release` (already seen as closed), then tells the
   * listener; nothing happens when already closed.
   */
  close(reason: string, release: () => void): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    release();
    this.closeListener?.(reason);
  }
}
