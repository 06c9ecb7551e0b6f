import { CatalogError } from '../catalog/catalog';
import { type CliOptions, explainCommand } from './explainCommand';
import { lintCommand } from './lintCommand';
import { rulesCommand } from './rulesCommand';
import { simulateCommand } from './simulateCommand';

import { type CliIo, processIo } from './cliIo';

const usage = `Usage: podscope <command> [options]

Commands:
  explain <resource>[.<field>…]   Describe a resource or field as kubectl 1.30+ explain does (offline)
      --recursive                 Print the nested field tree instead of the field list
      --api-version <group/ver>   Choose the API version, e.g. apps/v1
      --kubernetes-version <1.x>  Answer as that Kubernetes version's API server (default the newest)
      --list                      List the custom resource kinds known here (CRDs below this
                                  folder, the bundled pack) and where each comes from
  lint <files or dirs…>           Check manifests as the editor does; exits 1 on errors
      --format text|json|sarif    Output format (default text)
      --helm <chart> [-f values]  Check what helm template renders, at the template lines
  rules [--format text|json]      List the lint rules: id, default severity, summary
  simulate <file>                 Simulate how the kubelet runs the file's pod, or a workload's pods
                                  with its controller; exits 1 when an --assert fails (see --help)

Run \`podscope <command> --help\` for a command's options.
`;

/** Runs the CLI and returns its exit code. */
export function runCli(argv: readonly string[], io: CliIo = processIo, options: CliOptions = {}): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'explain':
        return explainCommand(rest, io, options, usage);
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
