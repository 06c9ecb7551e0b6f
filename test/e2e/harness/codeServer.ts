/**
 * One code-server (VS Code 1.139 in the browser, with a real Node extension host) on 127.0.0.1,
 * with no auth, no marketplace and all of its state in a throwaway run folder.
 *
 * It runs in its own process group, and stopping it signals the whole group: killing only the
 * parent would leave its file watcher and extension host behind. A process `exit` hook kills the
 * group too, so a crash or an interrupted run never leaves a server running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { E2eLayout } from './e2eHome';

export interface CodeServerOptions {
  readonly layout: E2eLayout;
  /** Holds code-server.log, the XDG folders, TMPDIR and (unless given) user data and extensions. */
  readonly runDir: string;
  readonly workspace: string;
  readonly userDataDir?: string;
  readonly extensionsDir?: string;
  /** Lets the workbench URL carry a `payload` (extension development path, tests module). */
  readonly smokeTestDriver?: boolean;
  /** User settings merged over the quiet defaults below. */
  readonly settings?: Record<string, unknown>;
}

export interface CodeServer {
  readonly port: number;
  readonly logFile: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** TERM to the process group, up to 5 s, then KILL. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Quiet, deterministic settings. `files.autoSave`: the web default (afterDelay) would write test
 * keystrokes into the workspace. `editor.quickSuggestions` off, also for YAML (where Podscope
 * turns it on): a suggest widget popping up while the test types would race with the keys; the
 * tests open it with Ctrl+Space, as a person may.
 */
const defaultSettings: Record<string, unknown> = {
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'editor.minimap.enabled': false,
  'editor.hover.delay': 300,
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  '[yaml]': { 'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' } },
};

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { layout, runDir } = options;
  const userDataDir = options.userDataDir ?? path.join(runDir, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(runDir, 'extensions');
  for (const dir of ['xdg-config', 'xdg-data', 'xdg-cache', 'xdg-runtime', 'tmp']) {
    fs.mkdirSync(path.join(runDir, dir), { recursive: true });
  }
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...defaultSettings, ...options.settings }, null, 2),
  );
  const port = await freePort();
  const configFile = path.join(runDir, 'config.yaml');
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = path.join(runDir, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const args = [
    layout.codeServerEntry,
    ...['--config', configFile, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none'],
    ...['--disable-telemetry', '--disable-update-check', '--disable-workspace-trust'],
    '--disable-getting-started-override',
    // Without it, an extension host outlives the browser for up to 3 hours.
    ...['--reconnection-grace-time', '5'],
    ...['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir],
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    options.workspace,
  ];
  // detached: setsid(), so the server leads a process group whose id is its pid.
  const child = spawn(layout.node, args, {
    env: codeServerEnv(layout, runDir),
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const killOnExit = (): void => signalGroup(child, 'SIGKILL');
  process.on('exit', killOnExit);
  let stopped: Promise<void> | undefined;
  const server: CodeServer = {
    port,
    logFile,
    userDataDir,
    extensionsDir,
    stop: () =>
      (stopped ??= stopGroup(child).finally(() => {
        process.removeListener('exit', killOnExit);
      })),
  };
  try {
    await waitForPort(port, child, logFile, 60_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/**
 * Installs a .vsix with code-server's own CLI into the extensions folder (about a second).
 * Returns the folder it unpacked the extension into, checked to hold the extension's `main`.
 */
export async function installVsix(
  options: Pick<CodeServerOptions, 'layout' | 'runDir'> & { userDataDir: string; extensionsDir: string },
  vsix: string,
): Promise<string> {
  const { layout, runDir } = options;
  for (const dir of ['xdg-config', 'xdg-data', 'xdg-cache', 'xdg-runtime', 'tmp']) {
    fs.mkdirSync(path.join(runDir, dir), { recursive: true });
  }
  const args = [
    layout.codeServerEntry,
    ...['--user-data-dir', options.userDataDir, '--extensions-dir', options.extensionsDir],
    ...['--install-extension', vsix],
  ];
  const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn(layout.node, args, { env: codeServerEnv(layout, runDir) });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, text }));
  });
  fs.appendFileSync(path.join(runDir, 'code-server.log'), output.text);
  if (output.code !== 0 || !/successfully installed/.test(output.text)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${output.code}):\n${output.text}`);
  }
  for (const name of fs.readdirSync(options.extensionsDir)) {
    const folder = path.join(options.extensionsDir, name);
    const manifest = path.join(folder, 'package.json');
    if (!fs.existsSync(manifest)) {
      continue;
    }
    const { main } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { main?: string };
    if (main && !fs.existsSync(path.join(folder, main))) {
      throw new Error(`${path.basename(vsix)} has no ${main}: was dist/ rebuilt while it was packaged?`);
    }
    return folder;
  }
  throw new Error(`code-server --install-extension ${vsix} left no extension in ${options.extensionsDir}`);
}

/** node 24 first on PATH; XDG folders and TMPDIR inside the run folder; no marketplace lookups. */
function codeServerEnv(layout: E2eLayout, runDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${layout.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'),
    XDG_DATA_HOME: path.join(runDir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg-cache'),
    XDG_RUNTIME_DIR: path.join(runDir, 'xdg-runtime'),
    TMPDIR: path.join(runDir, 'tmp'),
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) {
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) {
    return false;
  }
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  signalGroup(child, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (groupAlive(child) && Date.now() < deadline) {
    await delay(100);
  }
  signalGroup(child, 'SIGKILL');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no free port on 127.0.0.1')),
      );
    });
  });
}

async function waitForPort(
  port: number,
  child: ChildProcess,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) {
      return;
    }
    await delay(100);
  }
  const log = fs.existsSync(logFile)
    ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')
    : '';
  throw new Error(`code-server did not come up on 127.0.0.1:${port}; ${logFile} ends with:\n${log}`);
}

/** The polling interval of the waits above; never a wait for time itself. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
