// `npm start`: the main job — a local Prosody from the lab, the full suite against it, reports in
// reports/, and the lab taken down again (also on Ctrl-C).
import { labDown, labUp } from '../lab/index.js';
import { oneLine } from '../errors.js';
import { main } from './index.js';
import { processIO } from './io.js';

export async function mainJob(): Promise<number> {
  const io = processIO();
  io.stdout.write('xmpp-conformance: starting a local Prosody (lab up prosody)…\n');
  let info;
  try {
    info = await labUp('prosody', {});
  } catch (e) {
    io.stderr.write(`xmpp-conformance: lab up prosody failed: ${oneLine(e)}\n`);
    return 2;
  }
  const stop = (): void => {
    void labDown('prosody', {}).finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  try {
    io.stdout.write(`xmpp-conformance: Prosody ${info.version} at ${info.target} (domain ${info.domain})\n`);
    // Known Prosody deviations (baselines/prosody.json, explained in README.md) show as expected-fail.
    const args = ['run', '--target', info.target, '--domain', info.domain, '--ca', info.ca, '--out', 'reports', '--baseline', 'baselines/prosody.json', '--reporter', 'console,json,junit,html'];
    for (const a of info.accounts) args.push('--account', a);
    return await main(args, io);
  } finally {
    process.removeListener('SIGINT', stop);
    await labDown('prosody', {}).catch((e: unknown) => io.stderr.write(`xmpp-conformance: lab down failed: ${oneLine(e)}\n`));
  }
}

mainJob().then((code) => {
  process.exitCode = code;
});
