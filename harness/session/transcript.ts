// Every byte each way, as recorded for a case; SASL secrets are redacted before anything is stored.

/** One chunk of a transcript (docs/reference.md, report.json results[].transcript[]). */
export interface TranscriptEntry {
  readonly dir: 'out' | 'in';
  /** milliseconds since the case began */
  readonly t: number;
  readonly data: string;
  /** which session of the case (an added field; the interface only grows) */
  readonly actor?: string;
}

/** 256 KiB of transcript per case; beyond that a single truncation marker. */
export const TRANSCRIPT_CAP = 256 * 1024;

// Elements whose text content is a secret: SASL exchanges (RFC 6120 §6.4) carry credentials or
// proofs; XEP-0077 carries a password.
const SECRET_TAGS = new Set(['auth', 'response', 'challenge', 'success', 'password']);

/**
 * Streaming redactor for one direction: replaces the text content of secret elements with
 * "[redacted]", even when a tag or its content is split across chunks.
 */
export class Redactor {
  private carry = '';
  private inSecret = false;

  /** Returns the redacted text ready to record (an incomplete trailing tag is held back). */
  push(chunk: string): string {
    const input = this.carry + chunk;
    this.carry = '';
    let out = '';
    let i = 0;
    while (i < input.length) {
      if (this.inSecret) {
        const lt = input.indexOf('<', i);
        if (lt === -1) {
          i = input.length; // still inside the secret: drop it
          break;
        }
        out += '[redacted]';
        this.inSecret = false;
        i = lt;
        continue;
      }
      const lt = input.indexOf('<', i);
      if (lt === -1) {
        out += input.slice(i);
        break;
      }
      out += input.slice(i, lt);
      const gt = input.indexOf('>', lt);
      if (gt === -1) {
        this.carry = input.slice(lt);
        break;
      }
      const tag = input.slice(lt, gt + 1);
      out += tag;
      i = gt + 1;
      const m = /^<(?:[\w.-]+:)?([\w.-]+)[\s>/]/.exec(tag);
      if (m && m[1] !== undefined && SECRET_TAGS.has(m[1]) && !tag.endsWith('/>')) {
        this.inSecret = true;
        if (i < input.length && input[i] === '<') this.inSecret = false; // empty content
      }
    }
    return out;
  }

  /** Whatever is held back, at the end of the case. */
  flush(): string {
    const rest = this.inSecret ? '[redacted]' : this.carry;
    this.carry = '';
    this.inSecret = false;
    return rest;
  }
}

/** The transcript of one case, shared by all its sessions (each tagged with its actor). */
export class Transcript {
  private readonly entries: TranscriptEntry[] = [];
  private size = 0;
  private dropped = 0;
  private readonly started = Date.now();

  record(dir: 'out' | 'in', data: string, actor?: string): void {
    if (data.length === 0) return;
    if (this.size + data.length > TRANSCRIPT_CAP) {
      this.dropped += Buffer.byteLength(data);
      return;
    }
    this.size += data.length;
    const entry: TranscriptEntry = { dir, t: Date.now() - this.started, data, ...(actor ? { actor } : {}) };
    this.entries.push(entry);
  }

  /** A tap for one session and direction: redacts, then records. */
  tap(dir: 'out' | 'in', actor?: string): { push(chunk: string): void; flush(): void } {
    const redactor = new Redactor();
    return {
      push: (chunk) => this.record(dir, redactor.push(chunk), actor),
      flush: () => this.record(dir, redactor.flush(), actor),
    };
  }

  snapshot(): TranscriptEntry[] {
    const out = [...this.entries];
    if (this.dropped > 0) {
      out.push({ dir: 'in', t: Date.now() - this.started, data: `…truncated ${this.dropped} bytes` });
    }
    return out;
  }
}
