import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  type ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from './paths';

/** A language server process spoken to over stdio, the way any LSP client does. */
export interface LspProcess {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcess;
  readonly stderr: () => string;
  /** Resolves with the exit code when the process has ended. */
  readonly exited: Promise<number | null>;
  /** Whether the process is still running. */
  readonly alive: () => boolean;
  /** Sends shutdown and exit (unless the process has ended already), and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts the server from its sources (`server/src/main.ts --stdio`) under tsx, in any working
 * folder (tsx is loaded from the repository by URL), with extra arguments after `--stdio`.
 */
export function startServerFromSources(options: { cwd?: string; args?: string[] } = {}): LspProcess {
  const tsx = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
  return startLspProcess(
    process.execPath,
    ['--import', tsx, path.join(repoRoot, 'server/src/main.ts'), '--stdio', ...(options.args ?? [])],
    options.cwd === undefined ? {} : { cwd: options.cwd },
  );
}

/**
 * Starts `command args` and speaks LSP to it over stdio; in the repository and with this
 * process's environment unless `options` say otherwise (`env.PATH` also finds `command`).
 */
export function startLspProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): LspProcess {
  const child = spawn(command, args, {
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  connection.listen();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    connection,
    child,
    stderr: () => stderr,
    exited,
    alive,
    async stop() {
      if (alive()) {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      }
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}
