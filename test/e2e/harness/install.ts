/**
 * Installs what the end-to-end tests run on, from the npm registry only, into the e2e home:
 * node 24 (the npm package `node@24`) and code-server, installed *by* node 24 because its
 * postinstall refuses any other major and builds native modules with node-gyp. A second run
 * finds both in place and skips them. A missing system prerequisite stops the run with a message
 * that says how to install it; nothing is skipped silently.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeServerVersion, type E2eLayout, nodeMajor } from './e2eHome';

/** A system package the tests cannot do without; the message says how to install it. */
export class MissingPrerequisiteError extends Error {}

type Log = (line: string) => void;

const chromiumCandidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The browser that shows the workbench: `CHROMIUM_PATH`, else Debian's chromium. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : chromiumCandidates;
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) {
    throw new MissingPrerequisiteError(
      `Chromium not found (looked for ${candidates.join(', ')}). The end-to-end tests show VS Code in it.\n` +
        `  Install it: sudo apt-get install chromium   (Debian/Ubuntu; .ci/run does this)\n` +
        `  or point CHROMIUM_PATH at a Chromium or Chrome binary.`,
    );
  }
  return found;
}

/** Installs node 24 and code-server when they are missing; returns quickly when they are there. */
export async function ensureInstalled(layout: E2eLayout, log: Log): Promise<void> {
  fs.mkdirSync(layout.tmp, { recursive: true });
  await ensureNode(layout, log);
  await ensureCodeServer(layout, log);
}

async function ensureNode(layout: E2eLayout, log: Log): Promise<void> {
  const version = commandOutput(layout.node, ['--version']);
  if (version?.startsWith(`v${nodeMajor}.`)) {
    log(`node ${version} already in ${path.dirname(layout.node)}`);
    return;
  }
  const prefix = path.join(layout.home, 'node24');
  log(`installing node@${nodeMajor} from npm into ${prefix} …`);
  const started = Date.now();
  fs.mkdirSync(prefix, { recursive: true });
  const logFile = path.join(layout.home, 'node24-install.log');
  const code = await runLogged(
    'npm',
    ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `node@${nodeMajor}`],
    { cwd: prefix, env: installEnv(layout, {}), logFile, progress: progressReporter('node', log) },
  );
  const installed = commandOutput(layout.node, ['--version']);
  if (code !== 0 || !installed?.startsWith(`v${nodeMajor}.`)) {
    throw new Error(`npm install node@${nodeMajor} failed (exit ${code}); log: ${logFile}\n${tail(logFile)}`);
  }
  log(`node ${installed}: ${seconds(started)}`);
}

async function ensureCodeServer(layout: E2eLayout, log: Log): Promise<void> {
  const installed = installedCodeServer(layout);
  if (installed === codeServerVersion) {
    log(`code-server ${installed} already in ${layout.codeServerDir}`);
    return;
  }
  const nodedir = checkBuildPrerequisites(layout);
  fs.mkdirSync(layout.codeServerDir, { recursive: true });
  const manifest = path.join(layout.codeServerDir, 'package.json');
  if (!fs.existsSync(manifest)) {
    fs.writeFileSync(manifest, '{ "name": "podscope-e2e-code-server", "private": true }\n');
  }
  const logFile = path.join(layout.home, 'code-server-install.log');
  log(
    `installing code-server@${codeServerVersion} with node ${nodeMajor} into ${layout.codeServerDir} ` +
      `(builds native modules, about 2-3 minutes; node-gyp headers: ${nodedir}; log: ${logFile}) …`,
  );
  const started = Date.now();
  // PATH first: npm's `#!/usr/bin/env node` and every postinstall script then run on node 24.
  // npm_config_nodedir: node-gyp builds against local headers instead of fetching them from nodejs.org.
  const env = installEnv(layout, {
    PATH: `${layout.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: nodedir,
  });
  const code = await runLogged(
    'npm',
    ['install', '--no-audit', '--no-fund', '--foreground-scripts', `code-server@${codeServerVersion}`],
    { cwd: layout.codeServerDir, env, logFile, progress: progressReporter('code-server', log) },
  );
  const version = code === 0 ? installedCodeServer(layout) : undefined;
  if (version !== codeServerVersion) {
    // A half-built install would be taken for a good one next time: start over then.
    fs.rmSync(path.join(layout.codeServerDir, 'node_modules'), { recursive: true, force: true });
    throw new Error(
      `npm install code-server@${codeServerVersion} failed (exit ${code}); full log: ${logFile}\n${tail(logFile)}`,
    );
  }
  log(`code-server ${version}: ${seconds(started)}`);
}

/** The code-server version that is installed and starts, or undefined. */
function installedCodeServer(layout: E2eLayout): string | undefined {
  if (!fs.existsSync(layout.codeServerEntry) || !fs.existsSync(layout.node)) {
    return undefined;
  }
  // npm writes its hidden lockfile when an install has finished, install scripts included: an
  // interrupted or failed install (native modules half built) has none, or one without code-server.
  const hiddenLockfile = path.join(layout.codeServerDir, 'node_modules/.package-lock.json');
  try {
    const lock = JSON.parse(fs.readFileSync(hiddenLockfile, 'utf8')) as {
      packages?: Record<string, { version?: string }>;
    };
    if (lock.packages?.['node_modules/code-server']?.version !== codeServerVersion) {
      return undefined;
    }
  } catch {
    return undefined;
  }
  // `--version` writes a default config file: keep it inside the e2e home.
  const xdg = path.join(layout.tmp, 'xdg');
  const output = commandOutput(layout.node, [layout.codeServerEntry, '--version'], {
    ...process.env,
    XDG_CONFIG_HOME: xdg,
    XDG_DATA_HOME: xdg,
  });
  // "4.139.1 <commit> with Code 1.139.1", after a note about that config file on the first run.
  return output ? /^(\d+\.\d+\.\d+) \S+ with Code /m.exec(output)?.[1] : undefined;
}

/**
 * What node-gyp needs to build code-server's native modules. Returns the node headers folder
 * for `npm_config_nodedir`: the one shipped in the node@24 package, else the system's.
 */
function checkBuildPrerequisites(layout: E2eLayout): string {
  const missing: string[] = [];
  // The kerberos module compiles against GSSAPI; its prebuilt binary would come from github.com.
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) {
    missing.push('the GSSAPI header /usr/include/gssapi/gssapi.h (Debian package libkrb5-dev)');
  }
  for (const [tool, debianPackage] of [
    ['make', 'make'],
    ['g++', 'g++'],
    ['python3', 'python3'],
  ] as const) {
    if (!onPath(tool)) {
      missing.push(`${tool} (Debian package ${debianPackage})`);
    }
  }
  if (missing.length > 0) {
    throw new MissingPrerequisiteError(
      `Building code-server's native modules needs ${missing.join(', ')}.\n` +
        `  Install them: sudo apt-get install libkrb5-dev make g++ python3   (.ci/run does this)`,
    );
  }
  const candidates = [
    process.env.PODSCOPE_E2E_NODEDIR,
    ...listDirectories(path.join(layout.home, 'node24/node_modules/node/node_modules')),
    '/usr',
  ].filter((dir): dir is string => dir !== undefined);
  const nodedir = candidates.find((dir) => fs.existsSync(path.join(dir, 'include/node/node_api.h')));
  if (!nodedir) {
    throw new MissingPrerequisiteError(
      `No Node.js headers for node-gyp (looked for include/node/node_api.h in ${candidates.join(', ')}).\n` +
        `  The node@${nodeMajor} package normally ships them: delete ${path.join(layout.home, 'node24')} and run again,\n` +
        `  or install the system's (sudo apt-get install libnode-dev), or set PODSCOPE_E2E_NODEDIR to a folder with include/node.`,
    );
  }
  return nodedir;
}

/** The npm settings a nested install keeps from the npm that runs us: where and how to download. */
const keptNpmConfig = new Set(
  [
    'registry',
    'cafile',
    'proxy',
    'https_proxy',
    'noproxy',
    'strict_ssl',
    'cache',
    'userconfig',
    'globalconfig',
  ].map((name) => `npm_config_${name}`),
);

/**
 * The environment for a nested `npm install`. Under `npm test`, npm exported its whole
 * configuration and the project's package variables; they must not reach the cache's installs.
 * `npm_config_user_agent`, for one, names node 20, and code-server's postinstall reads the node
 * version from it.
 */
function installEnv(layout: E2eLayout, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const fromParentNpm =
      (/^npm_/i.test(key) && !keptNpmConfig.has(key.toLowerCase())) || key === 'INIT_CWD' || key === 'NODE';
    if (!fromParentNpm) {
      env[key] = value;
    }
  }
  return { ...env, TMPDIR: layout.tmp, npm_config_update_notifier: 'false', ...extra };
}

/** Prints a line every 15 s while a long install runs, with the last thing it logged. */
function progressReporter(what: string, log: Log): (elapsedMs: number, lastLine: string) => void {
  return (elapsedMs, lastLine) =>
    log(`  ${what}: ${Math.round(elapsedMs / 1000)} s …${lastLine ? ` ${lastLine.slice(0, 100)}` : ''}`);
}

/** Runs a command with its output in a log file; resolves with the exit code. */
function runLogged(
  command: string,
  args: string[],
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    logFile: string;
    progress: (elapsedMs: number, lastLine: string) => void;
  },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(options.logFile, 'w');
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', out, out] });
    const started = Date.now();
    const timer = setInterval(
      () => options.progress(Date.now() - started, lastLine(options.logFile)),
      15_000,
    );
    const done = (result: () => void): void => {
      clearInterval(timer);
      fs.closeSync(out);
      result();
    };
    child.once('error', (error) => done(() => reject(new Error(`cannot run ${command}: ${error.message}`))));
    child.once('close', (code) => done(() => resolve(code ?? 1)));
  });
}

function commandOutput(command: string, args: string[], env = process.env): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8', env, timeout: 60_000 });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .some((dir) => dir !== '' && fs.existsSync(path.join(dir, tool)));
}

function listDirectories(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(dir, entry.name));
  } catch {
    return [];
  }
}

function lastLine(file: string): string {
  const lines = readTail(file, 4096)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines[lines.length - 1] ?? '';
}

function tail(file: string): string {
  return readTail(file, 4000);
}

function readTail(file: string, bytes: number): string {
  try {
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(bytes, size));
      fs.readSync(fd, buffer, 0, buffer.length, size - buffer.length);
      return buffer.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

function seconds(started: number): string {
  return `${Math.round((Date.now() - started) / 1000)} s`;
}
