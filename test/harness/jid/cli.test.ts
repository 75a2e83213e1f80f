import { expect } from 'chai';
import { PassThrough, Readable } from 'node:stream';
import { jidCommand } from '../../../harness/cli/jid.js';
import type { CliIO } from '../../../harness/cli/io.js';

async function run(args: string[], input?: string | Buffer[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const io: CliIO = { stdout, stderr, env: {} };
  const code = await jidCommand(args, io, Readable.from(input === undefined ? [] : typeof input === 'string' ? [Buffer.from(input)] : input));
  return { code, out, err };
}

describe('cli/jid', () => {
  it('prints the documented JSON shape', async () => {
    const r = await run(['--json', 'Juliet@Example.COM/Balcony']);
    expect(r.code).to.equal(0);
    expect(JSON.parse(r.out)).to.deep.equal({
      input: 'Juliet@Example.COM/Balcony',
      valid: true,
      jid: 'juliet@example.com/Balcony',
      local: 'juliet',
      domain: 'example.com',
      resource: 'Balcony',
    });
  });

  it('plain output, exit 1 when any is invalid', async () => {
    const r = await run(['example.com', 'a b@c']);
    expect(r.code).to.equal(1);
    const [a, b] = r.out.trimEnd().split('\n');
    expect(a).to.equal('valid\texample.com');
    expect(b).to.match(/^invalid\tlocalpart\t.*RFC 8264/);
  });

  it('reads stdin line by line (CRLF, no final newline, overlong lines)', async () => {
    const r = await run(['--json'], `A@B\r\n\n${'x'.repeat(40_000)}\nc@d`);
    expect(r.code).to.equal(1);
    const lines = r.out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { input: string; valid: boolean; part?: string; jid?: string });
    expect(lines.map((l) => l.valid)).to.deep.equal([true, false, false, true]);
    expect(lines[0]?.jid).to.equal('a@b');
    expect(lines[2]?.part).to.equal('jid');
    expect(lines[2]?.input.length).to.be.lessThan(100);
  });

  it('gives the same output however the input is cut into chunks (inside lines, CRLF, UTF-8 sequences)', async () => {
    const text = `Juliet@Example.COM/Balcony\r\nfußball@bücher.example/résumé\r\n\na b@c\n${'y'.repeat(20_000)}\n例え.テスト\nlast@x`;
    const bytes = Buffer.from(text);
    for (const json of [[], ['--json']]) {
      const whole = await run(json, text);
      for (const size of [1, 2, 3, 7, 4096]) {
        const chunks: Buffer[] = [];
        for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
        const cut = await run(json, chunks);
        expect(cut.out).to.equal(whole.out);
        expect(cut.code).to.equal(whole.code);
      }
    }
  });

  it('streams many lines', async () => {
    const n = 20_000;
    const r = await run([], Array.from({ length: n }, (_, i) => `user${i}@example.com/r`).join('\n'));
    expect(r.code).to.equal(0);
    expect(r.out.split('\n').length - 1).to.equal(n);
  });

  it('exit 2 on bad flags; --version names the Unicode version', async () => {
    const bad = await run(['--nope']);
    expect(bad.code).to.equal(2);
    expect(bad.err).to.match(/nope/);
    const v = await run(['--version']);
    expect(v.code).to.equal(0);
    expect(v.out).to.match(/Unicode 17\.0/);
  });
});
