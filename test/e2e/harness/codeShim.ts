/**
 * A stand-in for the VS Code executable, for `@vscode/test-electron`'s `runTests` (and
 * `@vscode/test-cli`'s `useInstallation.fromPath`) where VS Code cannot be downloaded.
 *
 * It takes the command line those pass to VS Code (`--extensionDevelopmentPath=`,
 * `--extensionTestsPath=`, `--user-data-dir=`, `--extensions-dir=` and a folder; other flags are
 * ignored), starts code-server on a free loopback port, runs the tests in its Node extension host
 * and exits with 0 when they passed. Its environment reaches the extension host.
 *
 * Bundled by esbuild into out/e2e/code-shim.js, an executable script. Environment:
 *   PODSCOPE_E2E_HOME      where node 24 and code-server are installed (see e2eHome.ts)
 *   PODSCOPE_E2E_RUN_DIR   run folder to use (kept for the caller); default: a new one, removed after a pass
 *   PODSCOPE_E2E_TIMEOUT_MS  how long the tests may take (default 300000)
 *   PODSCOPE_E2E_KEEP_RUN=1  keep the run folder after a pass too
 *   PODSCOPE_E2E_VERBOSE=1   print everything the workbench logs (always in <run folder>/extension-tests.log)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startCodeServer, type CodeServer } from './codeServer';
import { e2eLayout } from './e2eHome';
import { runExtensionTests } from './extensionTests';
import { exitOnInterrupt } from './interrupt';

const valueFlags = [
  'extensionDevelopmentPath',
  'extensionTestsPath',
  'user-data-dir',
  'extensions-dir',
] as const;
type ValueFlag = (typeof valueFlags)[number];

export function parseArguments(argv: readonly string[]): {
  values: Record<ValueFlag, string[]>;
  folders: string[];
} {
  const values: Record<ValueFlag, string[]> = {
    extensionDevelopmentPath: [],
    extensionTestsPath: [],
    'user-data-dir': [],
    'extensions-dir': [],
  };
  const folders: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!;
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(argument);
    const flag = match?.[1] as ValueFlag | undefined;
    if (match && flag && valueFlags.includes(flag)) {
      const value = match[2] ?? argv[++index];
      if (value !== undefined) {
        values[flag].push(value);
      }
    } else if (!argument.startsWith('-')) {
      folders.push(argument);
    }
  }
  return { values, folders };
}

async function main(): Promise<number> {
  const { values, folders } = parseArguments(process.argv.slice(2));
  const testsPath = values.extensionTestsPath[0];
  if (!testsPath) {
    console.error('[code-shim] only test runs are supported: pass --extensionTestsPath=…');
    return 2;
  }
  const layout = e2eLayout();
  if (!fs.existsSync(layout.codeServerEntry)) {
    console.error(
      `[code-shim] code-server is not installed under ${layout.home}: run \`npm run test:e2e\` once ` +
        `(it installs it), or set PODSCOPE_E2E_HOME`,
    );
    return 2;
  }
  fs.mkdirSync(layout.runs, { recursive: true });
  const ownRunDir = !process.env.PODSCOPE_E2E_RUN_DIR;
  const runDir = process.env.PODSCOPE_E2E_RUN_DIR ?? fs.mkdtempSync(path.join(layout.runs, 'code-shim-'));
  fs.mkdirSync(runDir, { recursive: true });
  let workspace = folders[0] && path.resolve(folders[0]);
  if (!workspace) {
    workspace = path.join(runDir, 'empty-workspace');
    fs.mkdirSync(workspace, { recursive: true });
  }
  let server: CodeServer | undefined;
  exitOnInterrupt(async () => {
    await server?.stop();
  });
  let code: number;
  try {
    const userDataDir = values['user-data-dir'][0];
    const extensionsDir = values['extensions-dir'][0];
    server = await startCodeServer({
      layout,
      runDir,
      workspace,
      smokeTestDriver: true,
      ...(userDataDir ? { userDataDir: path.resolve(userDataDir) } : {}),
      ...(extensionsDir ? { extensionsDir: path.resolve(extensionsDir) } : {}),
    });
    console.log(`[code-shim] code-server on 127.0.0.1:${server.port}, workspace ${workspace}`);
    code = await runExtensionTests({
      port: server.port,
      extensionDevelopmentPaths: values.extensionDevelopmentPath.map((dir) => path.resolve(dir)),
      extensionTestsPath: path.resolve(testsPath),
      workspace,
      tmp: path.join(runDir, 'tmp'),
      timeoutMs: Number(process.env.PODSCOPE_E2E_TIMEOUT_MS ?? 300_000),
      logFile: path.join(runDir, 'extension-tests.log'),
      showMessage: (message) => /^(PASS|FAIL|SKIP|TODO) host:|^\[env\]/.test(message),
      verbose: Boolean(process.env.PODSCOPE_E2E_VERBOSE),
    });
  } finally {
    await server?.stop();
  }
  if (code === 0 && ownRunDir && !process.env.PODSCOPE_E2E_KEEP_RUN) {
    fs.rmSync(runDir, { recursive: true, force: true });
  } else if (code !== 0 || process.env.PODSCOPE_E2E_KEEP_RUN) {
    console.log(
      `[code-shim] logs: ${path.join(runDir, 'code-server.log')}, ${path.join(runDir, 'extension-tests.log')}`,
    );
  }
  return code === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('[code-shim]', error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
