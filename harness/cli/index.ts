// The command line (docs/reference.md). An error a command throws ends it through the one mapping of
// exit-codes.ts (usage 2, unreachable 3, a lab that did not start 1, anything else internal, 4),
// printed as one line, never a stack trace. `run` and `serve` return 130/143 after SIGINT/SIGTERM
// (signals.ts) and 4 after an internal error, with their reports.
import { UsageError, errorLine } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { processIO, type CliIO } from './io.js';
import { EXIT, exitCodeOf } from './exit-codes.js';

// Each command's module is loaded when that command runs: `--version` and `jid` start without
// the suites, the runner, TLS, the lab or the fuzzer.

const USAGE = `usage: xmpp-conformance <command> [flags]   (defaults and exit codes: docs/reference.md in the source repository)
commands:
  run --target URL [--domain D] [--account JID:PASS ...] [--register] [--ca FILE|--tls-insecure]
      [--area LIST] [--grep RE] [--level must|should|may] [--shard I/N] [--concurrency N]
      [--timeout MS] [--reporter console,json,junit,html] [--out DIR] [--seed S] [--max-time SECONDS]
      [--baseline FILE] [--write-baseline FILE] [--strict-baseline] [--fail-on-skip] [--repeat N] [--retries N]
      [--s2s-target URL [--s2s-target-domain D] [--s2s-domain D] [--s2s-ca FILE --s2s-ca-key FILE |
       --s2s-cert FILE --s2s-key FILE] [--s2s-account JID:PASS ...] [--s2s-direct-tls-target xmpps://H:P]
       [--lab-dns IP:PORT] [--i-own-this-target]]
       [--component-target xmpp://H:P --component-domain D --component-secret S]
      [--level-suite NAME[,NAME] ...]   (XEP-0479 levels: select the cases they need, assess them; docs/reference.md)
  list [--json] [--federation]   (--federation: also the federation cases, npm run federation)
  coverage [--json] [--uncovered] [--federation]
  jid [--json] [--version] [JID ...]   (no JIDs: one per line from standard input)
  report merge FILE... --out DIR [--last-wins] [--federation FILE]   (FILE: report.json, events.jsonl or a directory)
  tls --target xmpp://H:P|xmpps://H:P [--domain D] [--ca FILE] [--json] [--timeout MS] [--concurrency N] [--quiet]
  fuzz parser [--target FILE|--exec CMD] [--runs N] [--seed S] [--replay FILE] [--json]   (fuzz --help: all flags)
  fuzz server --target xmpp://127.0.0.1:P --domain D --account JID:PASS [--runs N] [--seed S] [--replay FILE]
  lab up|down|status prosody|ejabberd|jabberd2 [--json] [--starttls required|optional] [--registration on|off]
      [--s2s-auth certs-required|dialback-allowed] [--state DIR] [--port-base N] [--port-fallbacks N]
  lab status [--json] [--state DIR]   (every lab instance and leftover on this machine)
  serve --listen IP:PORT --domain D [--client-cmd CMD] [--client-name NAME] [--account USER:PASS] [--grep RE]
      [--level L] [--timeout MS] [--connect-timeout MS] [--concurrency N] [--reporter LIST] [--out DIR]
      [--seed S] [--baseline FILE] [--strict-baseline]
  --version, --help`;

const LATER: Record<string, string> = {};

/**
 * A reader that goes away (`list | head`) closes our stdout: that ends the output, not the program
 * with a stack trace. The process exits quietly with the code it had.
 */
function quietOnClosedStdout(): void {
  if (process.stdout.listenerCount('error') > 0) return;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw e;
  });
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  if (io.stdout === process.stdout) quietOnClosedStdout();
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'run':
        return await (await import('./run.js')).runCommand(rest, io);
      case 'list':
        return await (await import('./list.js')).listCommand(rest, io);
      case 'lab':
        return await (await import('./lab.js')).runLab(rest, io);
      case 'tls':
        return await (await import('./tls.js')).tlsCommand(rest, io);
      case 'coverage':
        return await (await import('./coverage.js')).coverageCommand(rest, io);
      case 'jid':
        return await (await import('./jid.js')).jidCommand(rest, io);
      case 'report':
        return await (await import('./report.js')).reportCommand(rest, io);
      case 'fuzz':
        return await (await import('./fuzz.js')).fuzzCommand(rest, io);
      case 'serve':
        return await (await import('./serve.js')).serveCommand(rest, io);
      case '--version':
      case 'version':
        io.stdout.write(`xmpp-conformance ${TOOL_VERSION}\n`);
        return EXIT.OK;
      case undefined:
      case '--help':
      case 'help':
        io.stdout.write(USAGE + '\n');
        return cmd === undefined ? EXIT.USAGE : EXIT.OK;
      default:
        if (cmd in LATER) throw new UsageError(`'${cmd}' is not available in this version yet (planned: ${LATER[cmd]})`);
        throw new UsageError(`unknown command '${cmd}'; try --help`);
    }
  } catch (err) {
    io.stderr.write(`xmpp-conformance: ${errorLine(err)}\n`);
    return exitCodeOf(err);
  }
}
