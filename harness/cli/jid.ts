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
import { MAX_INPUT_LENGTH, UNICODE_DATA_VERSION, parseJid, type JidResult } from '../jid/index.js';
import { parseFlags } from './args.js';
import type { CliIO } from './io.js';
import { EXIT } from './exit-codes.js';

const FLUSH_AT = 64 * 1024;

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

/** Splits a byte stream into lines without ever holding more than `cap` characters of one line. */
export async function* readLines(stdin: NodeJS.ReadableStream, cap: number): AsyncGenerator<Line> {
  const decoder = new StringDecoder('utf8');
  let cur = '';
  let overlong = -1; // -1: normal; otherwise the length seen so far of a line past the cap
  const take = function* (text: string): Generator<Line> {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const piece = nl < 0 ? text.slice(start) : text.slice(start, nl);
      if (overlong >= 0) overlong += piece.length;
      else if (cur.length + piece.length > cap + 1) {
        overlong = cur.length + piece.length;
        cur = (cur + piece.slice(0, 64)).slice(0, 64);
      } else cur += piece;
      if (nl < 0) return;
      if (overlong >= 0) yield { text: cur, overlong };
      else yield { text: cur.endsWith('\r') ? cur.slice(0, -1) : cur };
      cur = '';
      overlong = -1;
      start = nl + 1;
    }
  };
  for await (const chunk of stdin) {
    yield* take(typeof chunk === 'string' ? chunk : decoder.write(chunk));
  }
  yield* take(decoder.end());
  if (overlong >= 0) yield { text: cur, overlong };
  else if (cur.length > 0) yield { text: cur.endsWith('\r') ? cur.slice(0, -1) : cur };
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
  let buf = '';
  for await (const line of readLines(stdin, MAX_INPUT_LENGTH)) {
    const input = line.overlong === undefined ? line.text : `${line.text}…`;
    const r: JidResult = line.overlong === undefined
      ? parseJid(input)
      : { valid: false, part: 'jid', reason: `the line is ${line.overlong} UTF-16 code units, more than the harness cap of ${MAX_INPUT_LENGTH} (RFC 7622 §3.1 allows 3 × 1023 octets)` };
    if (!r.valid) anyInvalid = true;
    buf += format(input, r, json) + '\n';
    if (buf.length >= FLUSH_AT) {
      const wait = write(io.stdout, buf);
      buf = '';
      if (wait) await wait;
    }
  }
  if (buf) await write(io.stdout, buf);
  return anyInvalid ? EXIT.FAILED : EXIT.OK;
}
