/**
 * A real kubectl, run against a fake API server (`fakeApiServer.ts`) with a kubeconfig and a
 * home folder of its own, so that it reads nothing of the user's and writes its cache nowhere
 * but a temporary folder.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where the Debian `kubectl` package installs one binary per minor version. */
export const kubectlFolder = '/usr/lib/google-cloud-sdk/bin';

/**
 * The newest `kubectl.1.N` with N ≥ `minimumMinor` (not the `/usr/bin/kubectl` dispatcher, which
 * picks a binary by the server's version), or the reason there is none.
 */
export function findKubectl(minimumMinor: number): { path: string; minor: number } | { missing: string } {
  const names = fs.existsSync(kubectlFolder) ? fs.readdirSync(kubectlFolder) : [];
  const minors = names
    .map((name) => /^kubectl\.1\.(\d+)$/.exec(name)?.[1])
    .filter((minor): minor is string => minor !== undefined)
    .map(Number)
    .filter((minor) => minor >= minimumMinor)
    .sort((a, b) => b - a);
  const minor = minors[0];
  if (minor === undefined) {
    return {
      missing: `no ${kubectlFolder}/kubectl.1.N with N >= ${minimumMinor} (the kubectl Debian package)`,
    };
  }
  return { path: path.join(kubectlFolder, `kubectl.1.${minor}`), minor };
}

export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

export class KubectlSandbox {
  private constructor(
    private readonly binary: string,
    readonly home: string,
    private readonly kubeconfig: string,
  ) {}

  static create(binary: string, serverUrl: string): KubectlSandbox {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-kubectl-'));
    const kubeconfig = path.join(home, 'kubeconfig');
    fs.writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: fake',
        '  cluster:',
        `    server: ${serverUrl}`,
        'contexts:',
        '- name: fake',
        '  context:',
        '    cluster: fake',
        '    user: nobody',
        'users:',
        '- name: nobody',
        '  user: {}',
        'current-context: fake',
        '',
      ].join('\n'),
    );
    return new KubectlSandbox(binary, home, kubeconfig);
  }

  run(args: readonly string[]): Promise<KubectlRun> {
    return new Promise((resolve) => {
      execFile(
        this.binary,
        ['--kubeconfig', this.kubeconfig, ...args],
        { env: { HOME: this.home, PATH: '/usr/bin:/bin' }, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  dispose(): void {
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}

/** Runs `task` over `items` with at most `limit` running at once, results in input order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
