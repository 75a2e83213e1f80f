// Flag parsing on node:util parseArgs; every problem becomes a one-line UsageError (exit 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags(
  args: string[],
  options: Options,
  allowPositionals = false,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals, strict: true });
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (e) {
    const msg = e instanceof Error ? (e.message.split('\n')[0] ?? 'bad arguments') : 'bad arguments';
    throw new UsageError(msg.replace(/\. To specify a positional argument.*$/, ''));
  }
}

export function str(v: string | boolean | string[] | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
