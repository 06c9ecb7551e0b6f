import { parseArgs } from 'node:util';
import { Catalog, CatalogError } from '../catalog/catalog';
import { defaultCatalogPath } from '../catalog/catalogLocation';
import { explain } from '../catalog/explain';
import { lintCommand } from './lintCommand';
import { rulesCommand } from './rulesCommand';
import { simulateCommand } from './simulateCommand';

import { type CliIo, processIo } from './cliIo';

const usage = `Usage: podscope <command> [options]

Commands:
  explain <resource>[.<field>…]   Describe a resource or field as kubectl 1.30+ explain does (offline)
      --recursive                 Print the nested field tree instead of the field list
      --api-version <group/ver>   Choose the API version, e.g. apps/v1
  lint <files or dirs…>           Check manifests as the editor does; exits 1 on errors
      --format text|json|sarif    Output format (default text)
  rules [--format text|json]      List the lint rules: id, default severity, summary
  simulate <file>                 Simulate how the kubelet runs the file's pod, or a workload's pods
                                  with its controller; exits 1 when an --assert fails (see --help)

Run \`podscope <command> --help\` for a command's options.
`;

/** Runs the CLI and returns its exit code. */
export function runCli(argv: readonly string[], io: CliIo = processIo): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'explain':
        return explainCommand(rest, io);
      case 'lint':
        return lintCommand(rest, io);
      case 'rules':
        return rulesCommand(rest, io);
      case 'simulate':
        return simulateCommand(rest, io);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(usage);
        return command === undefined ? 1 : 0;
      default:
        io.stderr(`error: unknown command "${command}"\n\n${usage}`);
        return 1;
    }
  } catch (error) {
    if (error instanceof CatalogError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`error: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}

function explainCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      recursive: { type: 'boolean', default: false },
      'api-version': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  if (positionals.length !== 1) {
    io.stderr(`error: You must specify the type of resource to explain.\n\n${usage}`);
    return 1;
  }
  const catalog = Catalog.load(defaultCatalogPath());
  const result = explain(catalog, positionals[0]!, {
    recursive: values.recursive,
    ...(values['api-version'] !== undefined ? { apiVersion: values['api-version'] } : {}),
  });
  for (const warning of result.warnings ?? []) {
    io.stderr(`Warning: ${warning}\n`);
  }
  if (!result.ok) {
    if (result.text !== undefined) {
      io.stdout(result.text);
    }
    io.stderr(`${result.error}\n`);
    return 1;
  }
  io.stdout(result.text);
  return 0;
}
