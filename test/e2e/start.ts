/**
 * `npm start`: opens VS Code with Podscope on the examples/ workspace.
 *
 * - With a desktop VS Code on PATH (`code`), it builds if needed and launches it in extension
 *   development mode: `code --extensionDevelopmentPath=<repo> examples/`.
 * - Otherwise (or with `npm start -- --browser`), it starts the offline browser VS Code that the
 *   end-to-end tests use — code-server from npm under Node 24 from npm — on 127.0.0.1 with the
 *   packaged extension installed, prints the URL, and stops cleanly on Ctrl+C, killing its whole
 *   process group. The first run installs from the npm registry only (with progress) and caches
 *   what it installed.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startCodeServer, installVsix, type CodeServer } from './harness/codeServer';
import { e2eLayout } from './harness/e2eHome';
import { ensureInstalled, MissingPrerequisiteError } from './harness/install';

const repoRoot = path.resolve(__dirname, '../..');
const examples = path.join(repoRoot, 'examples');
const started = Date.now();

function log(line: string): void {
  console.log(`[podscope start ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
}

/** The newest modification time among the files a build or package is made from. */
function newestSource(): number {
  let newest = 0;
  const visit = (entry: string): void => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) {
      return;
    }
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(entry)) {
        visit(path.join(entry, child));
      }
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const entry of [
    'client/src',
    'server/src',
    'server/generated',
    'syntaxes',
    'snippets',
    'package.json',
    'README.md',
  ]) {
    visit(path.join(repoRoot, entry));
  }
  return newest;
}

function isStale(output: string): boolean {
  const stat = fs.statSync(output, { throwIfNoEntry: false });
  return !stat || stat.mtimeMs < newestSource();
}

function runNpm(script: string): void {
  log(`npm run ${script} …`);
  const result = spawnSync('npm', ['run', script], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`npm run ${script} failed (exit ${result.status ?? result.signal})`);
  }
}

function hasDesktopCode(): boolean {
  const result = spawnSync('code', ['--version'], { stdio: 'ignore' });
  return result.status === 0;
}

function startDesktop(): void {
  if (isStale(path.join(repoRoot, 'dist', 'client.js'))) {
    runNpm('build');
  }
  log(`opening VS Code with --extensionDevelopmentPath=${repoRoot} on ${examples}`);
  const child = spawn('code', [`--extensionDevelopmentPath=${repoRoot}`, examples], {
    stdio: 'inherit',
    detached: true,
  });
  child.unref();
  log('VS Code is starting in a window of its own ([Extension Development Host]). Open mistakes.yaml first.');
}

/** The settings a person trying Podscope expects: suggestions as they type, the README first. */
const demoSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'readme',
  'editor.quickSuggestions': { other: 'on', comments: 'off', strings: 'off' },
  '[yaml]': {
    'editor.quickSuggestions': { other: 'on', comments: 'off', strings: 'on' },
    'editor.tabSize': 2,
    'editor.insertSpaces': true,
  },
};

async function startBrowser(): Promise<void> {
  const layout = e2eLayout();
  log(`offline VS Code in the browser; installs are cached in ${layout.home}`);
  await ensureInstalled(layout, log);
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const vsix = path.join(repoRoot, `podscope-${version}.vsix`);
  if (isStale(vsix)) {
    runNpm('package');
  }
  fs.mkdirSync(layout.runs, { recursive: true });
  const runDir = fs.mkdtempSync(path.join(layout.runs, 'start-'));
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  log(`installing ${path.basename(vsix)} into code-server …`);
  await installVsix({ layout, runDir, userDataDir, extensionsDir }, vsix);
  // Filled in once the server is up; a Ctrl+C before that only removes the run folder.
  const running: { server?: CodeServer } = {};
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) {
      return;
    }
    stopping = true;
    log(`${signal}: stopping code-server (its whole process group) …`);
    await running.server?.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
    log('stopped.');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void stop(signal));
  }
  const server = await startCodeServer({
    layout,
    runDir,
    workspace: examples,
    userDataDir,
    extensionsDir,
    settings: demoSettings,
  });
  running.server = server;
  const url = `http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(examples)}`;
  log('ready.');
  console.log(
    `\n  Podscope is running in VS Code at:\n\n    ${url}\n\n  Open it in a browser, then open mistakes.yaml. Press Ctrl+C to stop.\n`,
  );
}

async function main(): Promise<void> {
  const browser = process.argv.includes('--browser');
  if (!browser && hasDesktopCode()) {
    startDesktop();
    return;
  }
  if (!browser) {
    log('no desktop VS Code (`code`) on PATH: starting the browser VS Code instead');
  }
  await startBrowser();
}

main().catch((error: unknown) => {
  if (error instanceof MissingPrerequisiteError) {
    console.error(`\n${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
