/**
 * Where the end-to-end tests keep what they install (node 24, code-server) and their throwaway
 * run folders. Nothing here needs root; nothing is written outside this folder.
 */
import * as os from 'node:os';
import * as path from 'node:path';

/** code-server 4.139.1 is VS Code 1.139.1; it refuses any node major but 24. */
export const codeServerVersion = '4.139.1';
export const nodeMajor = 24;

/** `PODSCOPE_E2E_HOME`, else `$XDG_CACHE_HOME/podscope-e2e`, else `~/.cache/podscope-e2e`. */
export function e2eHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PODSCOPE_E2E_HOME) {
    return path.resolve(env.PODSCOPE_E2E_HOME);
  }
  const cache = env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), '.cache');
  return path.join(cache, 'podscope-e2e');
}

export interface E2eLayout {
  readonly home: string;
  /** The folder holding node 24's `node` (put first on PATH for code-server and its installer). */
  readonly nodeBinDir: string;
  readonly node: string;
  readonly codeServerDir: string;
  readonly codeServerEntry: string;
  /** TMPDIR for installs and browsers: npm under node 24 would otherwise litter /tmp. */
  readonly tmp: string;
  /** One folder per run: server state, logs, the workspace copy. Removed after a pass. */
  readonly runs: string;
}

export function e2eLayout(home = e2eHome()): E2eLayout {
  const nodeBinDir = path.join(home, 'node24', 'node_modules', '.bin');
  const codeServerDir = path.join(home, 'code-server');
  return {
    home,
    nodeBinDir,
    node: path.join(nodeBinDir, 'node'),
    codeServerDir,
    codeServerEntry: path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    tmp: path.join(home, 'tmp'),
    runs: path.join(home, 'runs'),
  };
}
