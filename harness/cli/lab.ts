// `xmpp-conformance lab up|down|status NAME [--json] [--starttls required|optional]
//   [--registration on|off] [--state DIR] [--port-base N]` (CONTRACT.md).
// Exit codes: 0 done (status: running), 1 the server failed to start or stop, 2 usage or missing
// package, 3 status: not running.
import { HarnessError, UsageError, oneLine } from '../errors.js';
import { labDown, labStatus, labUp, isLabName, IMPLEMENTED_LABS, NotImplementedLabError, type LabInfo, type LabName, type LabOptions } from '../lab/index.js';
import { parseFlags, str } from './args.js';

export const LAB_USAGE =
  'usage: xmpp-conformance lab up|down|status prosody|ejabberd|jabberd2 [--json] [--starttls required|optional] ' +
  '[--registration on|off] [--state DIR] [--port-base N]';

interface LabIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

const ACTIONS = ['up', 'down', 'status'] as const;
type Action = (typeof ACTIONS)[number];

interface LabCommand {
  readonly action: Action;
  readonly name: LabName;
  readonly json: boolean;
  readonly options: LabOptions;
}

/** Flags → a checked command; every problem is a one-line UsageError. */
export function parseLabArgs(args: string[], stderr?: NodeJS.WritableStream): LabCommand {
  const { values, positionals } = parseFlags(
    args,
    {
      json: { type: 'boolean' },
      starttls: { type: 'string' },
      registration: { type: 'string' },
      state: { type: 'string' },
      'port-base': { type: 'string' },
    },
    true,
  );
  const [action, name, ...extra] = positionals;
  if (action === undefined || !(ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(`lab: expected up, down or status${action ? `, got '${action}'` : ''}; ${LAB_USAGE}`);
  }
  if (name === undefined) throw new UsageError(`lab ${action}: which server? available: ${IMPLEMENTED_LABS.join(', ')}`);
  if (!(IMPLEMENTED_LABS as readonly string[]).includes(name)) {
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
  const options: LabOptions = {
    ...(state !== undefined ? { stateRoot: state } : {}),
    ...(starttls !== undefined ? { starttls } : {}),
    ...(registration !== undefined ? { registration: registration === 'on' } : {}),
    ...(portBase !== undefined ? { portBase } : {}),
    ...(stderr ? { log: (line: string) => void stderr.write(line + '\n') } : {}),
  };
  return { action: action as Action, name: name as LabName, json: values['json'] === true, options };
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
    `  state     ${info.dir}`,
  ].join('\n');
}

export async function runLab(args: string[], io: LabIO): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(LAB_USAGE + '\n');
    return 0;
  }
  let cmd: LabCommand;
  try {
    cmd = parseLabArgs(args, io.stderr);
  } catch (err) {
    io.stderr.write(`${oneLine(err)}\n`);
    return 2;
  }
  try {
    switch (cmd.action) {
      case 'up': {
        const info = await labUp(cmd.name, cmd.options);
        io.stdout.write((cmd.json ? JSON.stringify(info) : summary(info)) + '\n');
        return 0;
      }
      case 'down': {
        const res = await labDown(cmd.name, cmd.options);
        if (cmd.json) io.stdout.write(JSON.stringify(res) + '\n');
        else {
          const what = res.stopped !== undefined ? `stopped (pid ${res.stopped}${res.killed ? ', needed SIGKILL' : ''})` : 'was not running';
          io.stdout.write(`${res.server} ${what}; ${res.removed ? `removed ${res.dir}` : `nothing at ${res.dir}`}\n`);
        }
        return 0;
      }
      case 'status': {
        const st = await labStatus(cmd.name, cmd.options);
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
        return st.running ? 0 : 3;
      }
    }
  } catch (err) {
    const msg = oneLine(err);
    io.stderr.write(`${msg.startsWith('lab ') ? msg : `lab ${cmd.name}: ${msg}`}\n`);
    if (err instanceof UsageError) return 2;
    if (err instanceof HarnessError) return 1;
    return 1;
  }
}
