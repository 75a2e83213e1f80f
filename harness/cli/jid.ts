// `xmpp-conformance jid [--json] [JID ...]`: validates and normalizes XMPP addresses (RFC 7622).
// With no JID arguments it reads standard input one address per line (a trailing CR is dropped),
// streaming: memory stays bounded however many lines arrive and however long one is (a line over the
// parser's input cap is skipped to its end and reported invalid unread), and output keeps input order.
//
// Output, one line per input:
//   plain:   valid<TAB><canonical JID>        or   invalid<TAB><part><TAB><reason>
//   --json:  {"input":…,"valid":true,"jid":…,"local":…,"domain":…,"resource":…}   (docs/reference.md, "jid";
//            absent parts are omitted)   or   {"input":…,"valid":false,"part":…,"reason":…}
// Exit status: 0 when every address is valid, 1 when any is invalid, 2 on bad flags.
// `jid --version` prints the tool version and the Unicode versions used.
import { StringDecoder } from 'node:string_decoder';
import { UsageError, oneLine } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { MAX_INPUT_LENGTH, UNICODE_DATA_VERSION, fastCanonicalJid, parseJid, type JidResult } from '../jid/index.js';
import { parseFlags } from './args.js';
import type { CliIO } from './io.js';
import { EXIT } from './exit-codes.js';

const FLUSH_AT = 256 * 1024;

function format(input: string, r: JidResult, json: boolean): string {
  if (json) return JSON.stringify({ input, ...r });
  return r.valid ? `valid\t${r.jid}` : `invalid\t${r.part}\t${r.reason}`;
}

/** Writes `text`, waiting for 'drain' when the stream's buffer is full (bounded memory). */
function write(out: NodeJS.WritableStream, text: string): Promise<void> | undefined {
  if (out.write(text)) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}

interface Line {
  readonly text: string;
  /** Set when the line exceeded the cap: its length; `text` then holds only its start. */
  readonly overlong?: number;
}

/**
 * Splits decoded text into lines without ever holding more than `cap` characters of one line; calls
 * `line(text, overlong)` for each (overlong: -1, or the length of a line past the cap, whose start only
 * is passed). Synchronous per chunk: the lines of one chunk cost no promise each.
 */
export class LineSplitter {
  private cur = '';
  private overlong = -1; // -1: normal; otherwise the length seen so far of a line past the cap

  constructor(
    private readonly cap: number,
    private readonly line: (text: string, overlong: number) => void,
  ) {}

  push(text: string): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl >= 0 && this.cur.length === 0 && this.overlong < 0 && nl - start <= this.cap + 1) {
        // the common case: a whole line inside this chunk
        const end = nl > start && text.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
        this.line(text.slice(start, end), -1);
        start = nl + 1;
        continue;
      }
      const piece = nl < 0 ? text.slice(start) : text.slice(start, nl);
      if (this.overlong >= 0) this.overlong += piece.length;
      else if (this.cur.length + piece.length > this.cap + 1) {
        this.overlong = this.cur.length + piece.length;
        this.cur = (this.cur + piece.slice(0, 64)).slice(0, 64);
      } else this.cur += piece;
      if (nl < 0) return;
      this.emit();
      start = nl + 1;
    }
  }

  /** The last line, when the input does not end with a newline. */
  end(): void {
    if (this.overlong >= 0 || this.cur.length > 0) this.emit();
  }

  private emit(): void {
    const cur = this.cur;
    if (this.overlong >= 0) this.line(cur, this.overlong);
    else this.line(cur.endsWith('\r') ? cur.slice(0, -1) : cur, -1);
    this.cur = '';
    this.overlong = -1;
  }
}

/** Splits a byte stream into lines without ever holding more than `cap` characters of one line. */
export async function* readLines(stdin: NodeJS.ReadableStream, cap: number): AsyncGenerator<Line> {
  const decoder = new StringDecoder('utf8');
  let lines: Line[] = [];
  const splitter = new LineSplitter(cap, (text, overlong) => lines.push(overlong < 0 ? { text } : { text, overlong }));
  for await (const chunk of stdin) {
    splitter.push(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    yield* lines;
    lines = [];
  }
  splitter.push(decoder.end());
  splitter.end();
  yield* lines;
}

export function jidVersion(): string {
  return `xmpp-conformance ${TOOL_VERSION} (jid: PRECIS/IDNA tables Unicode ${UNICODE_DATA_VERSION}; normalization and case mapping by the engine's ICU ${process.versions.icu ?? '?'}, Unicode ${process.versions.unicode ?? '?'})`;
}

export async function jidCommand(args: string[], io: CliIO, stdin: NodeJS.ReadableStream = process.stdin): Promise<number> {
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseFlags(args, { json: { type: 'boolean' }, version: { type: 'boolean' } }, true));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`xmpp-conformance: jid: ${oneLine(e)}\n`);
    return EXIT.USAGE;
  }
  if (values['version']) {
    io.stdout.write(jidVersion() + '\n');
    return EXIT.OK;
  }
  const json = values['json'] === true;
  let anyInvalid = false;
  if (positionals.length > 0) {
    let out = '';
    for (const input of positionals) {
      const r = parseJid(input);
      if (!r.valid) anyInvalid = true;
      out += format(input, r, json) + '\n';
    }
    await write(io.stdout, out);
    return anyInvalid ? EXIT.FAILED : EXIT.OK;
  }
  // One pass per chunk read: every line of the chunk is judged synchronously and the verdicts are
  // written with one write once FLUSH_AT characters have gathered (waiting for 'drain' keeps memory
  // bounded). Plain output takes the canonical form straight from the ASCII fast path when it applies.
  // Refused parts are exceptions inside the general path; their stack traces are never shown (the
  // reason is one line), so none is captured while the lines are judged.
  // The verdicts gathered since the last write.
  let buf = '';
  const onLine = (text: string, overlong: number): void => {
    if (overlong < 0 && !json) {
      const fast = fastCanonicalJid(text);
      if (fast !== undefined) {
        buf += 'valid\t' + fast + '\n';
        return;
      }
    }
    const input = overlong < 0 ? text : `${text}…`;
    const r: JidResult =
      overlong < 0
        ? parseJid(input)
        : {
            valid: false,
            part: 'jid',
            reason: `the line is ${overlong} UTF-16 code units, more than the harness cap of ${MAX_INPUT_LENGTH} (RFC 7622 §3.1 allows 3 × 1023 octets)`,
          };
    if (!r.valid) anyInvalid = true;
    const line = format(input, r, json);
    buf += line + '\n';
  };
  const flush = (): Promise<void> | undefined => {
    const text = buf;
    buf = '';
    return write(io.stdout, text);
  };
  const splitter = new LineSplitter(MAX_INPUT_LENGTH, onLine);
  const decoder = new StringDecoder('utf8');
  const judge = (text: string, last = false): void => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      splitter.push(text);
      if (last) splitter.end();
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  for await (const chunk of stdin) {
    judge(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    if (buf.length >= FLUSH_AT) await flush();
  }
  judge(decoder.end(), true);
  if (buf.length > 0) await flush();
  return anyInvalid ? EXIT.FAILED : EXIT.OK;
}
