// `list | head`: a reader that closes our stdout early ends the output quietly, with no stack trace.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { BIN } from '../support/cli-process.js';

describe('command line: a reader that stops reading', () => {
  for (const args of [['list'], ['list', '--json'], ['coverage', '--json']]) {
    it(`${args.join(' ')} | head: exit 0, nothing on stderr`, async () => {
      const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // read the first chunk, then close the pipe as `head -c` does
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error('the command did not end within 20 s'));
        }, 20_000);
        child.on('exit', (c) => {
          clearTimeout(timer);
          resolve(c);
        });
      });
      expect(stderr, 'stderr').to.equal('');
      expect(code).to.equal(0);
    });
  }
});
