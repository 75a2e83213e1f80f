// `xmpp-conformance lab up|down|status NAME [--json] [--starttls required|optional]
//   [--registration on|off] [--s2s-auth certs-required|dialback-allowed] [--state DIR]
//   [--port-base N] [--port-fallbacks N]` (docs/reference.md), and
// `lab status [--json] [--state DIR]` without a server: every lab instance and leftover.
// Exit codes (exit-codes.ts): 0 done (status: running; status without a server: nothing found), 1
// the server failed to start or stop, 2 usage or missing package, 3 status: not running (without a
// server: something was found), 4 an internal error.
import { UsageError, errorLine } from '../errors.js';
import {
  DEFAULT_STATE_ROOT,
  findLabInstances,
  labDown,
  labStatus,
  labUp,
  isLabName,
  labInterrupted,
  releaseInstance,
  stopOnSignals,
  IMPLEMENTED_LABS,
  NotImplementedLabError,
  S2S_AUTH_POLICIES,
  type LabInfo,
  type LabInstanceSeen,
  type LabName,
  type LabOptions,
} from '../lab/index.js';
import { parseFlags, str } from './args.js';
import { EXIT, exitCodeOf } from './exit-codes.js';

export const LAB_USAGE =
  'usage: xmpp-conformance lab up|down|status prosody|ejabberd|jabberd2 [--json] [--starttls required|optional] ' +
  '[--registration on|off] [--s2s-auth certs-required|dialback-allowed] [--state DIR] [--port-base N] [--port-fallbacks N]\n' +
  '       xmpp-conformance lab status [--json] [--state DIR]   (every lab instance and leftover on this machine)';

interface LabIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

const ACTIONS = ['up', 'down', 'status'] as const;
type Action = (typeof ACTIONS)[number];

interface LabCommand {
  readonly action: Action;
  /** Undefined only for `status` without a server: list everything. */
  readonly name: LabName | undefined;
  readonly json: boolean;
  readonly options: LabOptions;
}

/** Where a lab goes: `--state DIR` and `--port-base N` (also taken by `npm start` and `npm run matrix`). */
export const LAB_PLACE_FLAGS = {
  state: { type: 'string' },
  'port-base': { type: 'string' },
} as const;

/** The checked --state and --port-base of parsed flags; a bad value is a one-line UsageError. */
export function labPlaceFrom(values: Record<string, string | boolean | string[] | undefined>): Pick<LabOptions, 'stateRoot' | 'portBase'> {
  const portBaseText = str(values['port-base']);
  let portBase: number | undefined;
  if (portBaseText !== undefined) {
    portBase = Number(portBaseText);
    if (!/^\d+$/.test(portBaseText) || portBase < 1024 || portBase > 65535 - 59) {
      throw new UsageError(`--port-base must be an integer from 1024 to ${65535 - 59}, got '${portBaseText}'`);
    }
  }
  const state = str(values['state']);
  if (state === '') throw new UsageError('--state needs a directory');
  return { ...(state !== undefined ? { stateRoot: state } : {}), ...(portBase !== undefined ? { portBase } : {}) };
}

/** Flags → a checked command; every problem is a one-line UsageError. */
export function parseLabArgs(args: string[], stderr?: NodeJS.WritableStream): LabCommand {
  const { values, positionals } = parseFlags(
    args,
    {
      json: { type: 'boolean' },
      starttls: { type: 'string' },
      registration: { type: 'string' },
      's2s-auth': { type: 'string' },
      ...LAB_PLACE_FLAGS,
      'port-fallbacks': { type: 'string' },
    },
    true,
  );
  const [action, name, ...extra] = positionals;
  if (action === undefined || !(ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(`lab: expected up, down or status${action ? `, got '${action}'` : ''}; ${LAB_USAGE}`);
  }
  if (name === undefined && action !== 'status') throw new UsageError(`lab ${action}: which server? available: ${IMPLEMENTED_LABS.join(', ')}`);
  if (name !== undefined && !(IMPLEMENTED_LABS as readonly string[]).includes(name)) {
    if (isLabName(name)) throw new NotImplementedLabError(name);
    throw new UsageError(`lab: unknown server '${name}'; available: ${IMPLEMENTED_LABS.join(', ')}`);
  }
  if (extra.length) throw new UsageError(`lab: unexpected argument '${extra[0]}'`);

  const starttls = str(values['starttls']);
  if (starttls !== undefined && starttls !== 'required' && starttls !== 'optional') {
    throw new UsageError(`--starttls must be required or optional, got '${starttls}'`);
  }
  const registration = str(values['registration']);
  if (registration !== undefined && registration !== 'on' && registration !== 'off') {
    throw new UsageError(`--registration must be on or off, got '${registration}'`);
  }
  const s2sAuth = str(values['s2s-auth']);
  if (s2sAuth !== undefined && !(S2S_AUTH_POLICIES as readonly string[]).includes(s2sAuth)) {
    throw new UsageError(`--s2s-auth must be ${S2S_AUTH_POLICIES.join(' or ')}, got '${s2sAuth}'`);
  }
  const fallbackText = str(values['port-fallbacks']);
  if (fallbackText !== undefined && !/^\d{1,2}$/.test(fallbackText)) {
    throw new UsageError(`--port-fallbacks must be an integer from 0 to 99, got '${fallbackText}'`);
  }
  const options: LabOptions = {
    ...labPlaceFrom(values),
    ...(starttls !== undefined ? { starttls } : {}),
    ...(registration !== undefined ? { registration: registration === 'on' } : {}),
    ...(s2sAuth !== undefined ? { s2sAuth: s2sAuth as (typeof S2S_AUTH_POLICIES)[number] } : {}),
    ...(fallbackText !== undefined ? { portFallbacks: Number(fallbackText) } : {}),
    ...(stderr ? { log: (line: string) => void stderr.write(line + '\n') } : {}),
  };
  return { action: action as Action, name: name as LabName | undefined, json: values['json'] === true, options };
}

function summary(info: LabInfo): string {
  const ready = typeof info.readyMs === 'number' ? ` (ready in ${info.readyMs} ms)` : '';
  return [
    `${info.server} ${info.version} running, pid ${info.pid}${ready}`,
    `  c2s       ${info.target} (STARTTLS ${info.starttls}), direct TLS ${info.directTlsTarget}`,
    `  http      ${info.websocket}  ${info.bosh}`,
    `  domain    ${info.domain}, in-band registration ${info.registration ? 'on' : 'off'}`,
    `  accounts  ${info.accounts.join(' ')}`,
    `  ca        ${info.ca}`,
    ...(info.s2s
      ? [
          `  s2s       ${info.s2s.target}, direct TLS ${info.s2s.directTlsTarget ?? 'none'} (auth ${info.s2s.auth})`,
          `  s2s domain ${info.s2s.domain}, lab DNS ${info.s2s.dns}, lab CA ${info.s2s.ca}`,
          `  s2s accounts ${info.s2s.accounts.join(' ')}`,
        ]
      : []),
    `  state     ${info.dir}`,
  ].join('\n');
}

export async function runLab(args: string[], io: LabIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(LAB_USAGE + '\n');
    return EXIT.OK;
  }
  let cmd: LabCommand;
  try {
    cmd = parseLabArgs(args, io.stderr);
  } catch (err) {
    io.stderr.write(`${errorLine(err)}\n`);
    return exitCodeOf(err);
  }
  if (cmd.name === undefined) return listInstances(cmd, io);
  const name = cmd.name;
  try {
    switch (cmd.action) {
      case 'up': {
        // Interrupted while starting: what was started is stopped and its dir removed.
        const unhook = stopOnSignals((line) => void io.stderr.write(line + '\n'));
        let info: LabInfo;
        try {
          info = await labUp(name, cmd.options);
        } finally {
          unhook();
        }
        // Interrupted while starting: the lab is being stopped and the process exits (130/143/129).
        if (labInterrupted()) await new Promise<never>(() => undefined);
        // Up and ready: from here it is `lab down`'s to stop, not this process's.
        releaseInstance(info.dir);
        io.stdout.write((cmd.json ? JSON.stringify(info) : summary(info)) + '\n');
        return EXIT.OK;
      }
      case 'down': {
        const res = await labDown(name, cmd.options);
        if (cmd.json) io.stdout.write(JSON.stringify(res) + '\n');
        else {
          const what = res.stopped !== undefined ? `stopped (pid ${res.stopped}${res.killed ? ', needed SIGKILL' : ''})` : 'was not running';
          io.stdout.write(`${res.server} ${what}; ${res.removed ? `removed ${res.dir}` : `nothing at ${res.dir}`}\n`);
        }
        return EXIT.OK;
      }
      case 'status': {
        const st = await labStatus(name, cmd.options);
        if (cmd.json) {
          io.stdout.write(JSON.stringify({ ...(st.info ?? { server: st.server, dir: st.dir, ports: st.ports }), running: st.running }) + '\n');
        } else if (st.running && st.info) {
          io.stdout.write(
            `${st.server} running, pid ${st.info.pid}, c2s 127.0.0.1:${st.ports.c2s}, direct TLS ${st.ports.directTls}, ` +
              `http ${st.ports.http}, https ${st.ports.https}, s2s ${st.ports.s2s}; state ${st.dir}\n`,
          );
        } else {
          io.stdout.write(`${st.server} not running (state ${st.dir}${st.info ? ', stale' : ''})\n`);
        }
        return st.running ? EXIT.OK : EXIT.UNREACHABLE;
      }
    }
  } catch (err) {
    const msg = errorLine(err);
    io.stderr.write(`${msg.startsWith('lab ') ? msg : `lab ${name}: ${msg}`}\n`);
    return exitCodeOf(err);
  }
}

function describe(i: LabInstanceSeen): string {
  const pids = i.pids.length ? `pid${i.pids.length > 1 ? 's' : ''} ${i.pids.join(' ')}` : 'no process';
  const what = { running: 'running', stale: 'stale: state dir without a server', orphan: 'orphan: server processes without their lab.json' }[i.state];
  return `${i.server.padEnd(8)} ${String(i.portBase).padEnd(5)} ${what}; ${pids}; ${i.dir}`;
}

/** `lab status` without a server: every instance and leftover; exit 0 when there is none, 3 otherwise. */
function listInstances(cmd: LabCommand, io: LabIO): number {
  const stateRoot = cmd.options.stateRoot ?? DEFAULT_STATE_ROOT;
  const found = findLabInstances(stateRoot);
  if (cmd.json) io.stdout.write(JSON.stringify({ stateRoot, instances: found }) + '\n');
  else if (found.length === 0) io.stdout.write(`no lab instance: no state dir under ${stateRoot} and no lab server process\n`);
  else {
    for (const i of found) io.stdout.write(describe(i) + '\n');
    const left = found.filter((i) => i.state !== 'running');
    if (left.length) io.stdout.write(`${left.length} left behind; 'lab down SERVER --port-base N [--state ROOT]' stops and removes one\n`);
  }
  return found.length === 0 ? EXIT.OK : EXIT.UNREACHABLE;
}
