// Everything a client under test sends during a serve run, as parsed: stream headers and top-level
// elements, each with the case, connection and time it came in, so passive cases can check it all
// against stanza-level rules and name the transcript line of each violation. Bounded.
import { describeShort, serialize, streamContext, NS_CLIENT, type XmlElement } from '../xml/index.js';

export interface SentItem {
  /** the case during which the client sent it */
  readonly caseId: string;
  /** the connection, as the transcript names it ('client', 'client-2', 'client-redirected') */
  readonly actor: string;
  /** milliseconds since that case began, as in its transcript */
  readonly t: number;
  /** whether the stream was under TLS when it arrived */
  readonly secure: boolean;
  readonly kind: 'header' | 'element';
  readonly el: XmlElement;
}

/** At most this many items per run; more are counted, not kept. */
export const SENT_LOG_CAP = 5000;
const LINE_CAP = 240;

export class SentLog {
  private readonly items: SentItem[] = [];
  private droppedCount = 0;

  add(item: SentItem): void {
    if (this.items.length >= SENT_LOG_CAP) {
      this.droppedCount++;
      return;
    }
    this.items.push(item);
  }

  all(): readonly SentItem[] {
    return this.items;
  }

  get dropped(): number {
    return this.droppedCount;
  }
}

/** The item as it stood in the transcript (shortened), with where to find it. */
export function sentLine(item: SentItem): string {
  const xml = item.kind === 'header' ? describeShort(item.el) : serialize(item.el, streamContext(NS_CLIENT));
  const cut = xml.length > LINE_CAP ? `${xml.slice(0, LINE_CAP)}…` : xml;
  return `[${item.caseId}, ${item.actor} +${item.t} ms] ${cut}`;
}
