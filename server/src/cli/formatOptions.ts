/**
 * The command line of a command whose only options are `--format` and `--help` (`lint`,
 * `rules`): parsed in one place so that both accept the same spellings. An unknown option
 * throws, as `parseArgs` does.
 */
import { parseArgs } from 'node:util';

export interface FormatOptions {
  /** The value of `--format`, not yet checked against the formats the command knows. */
  format: string;
  help: boolean;
  positionals: string[];
}

export function parseFormatOptions(args: readonly string[]): FormatOptions {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return { format: values.format, help: values.help, positionals };
}
