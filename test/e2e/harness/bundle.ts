/**
 * The two plain JavaScript files the suites need, bundled with esbuild into out/e2e/:
 * the VS Code executable stand-in (code-shim.js, run by @vscode/test-electron) and the
 * extension-host tests (host/index.js with mocha inside, plus one file per *.test.ts).
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface E2eBundles {
  readonly codeShim: string;
  readonly hostTests: string;
}

export async function bundleE2e(repoRoot: string): Promise<E2eBundles> {
  const outDir = path.join(repoRoot, 'out/e2e');
  fs.rmSync(outDir, { recursive: true, force: true });
  const common: esbuild.BuildOptions = {
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    mainFields: ['main', 'module'],
  };
  const hostDir = path.join(repoRoot, 'test/e2e/host');
  const testFiles = fs.readdirSync(hostDir).filter((file) => file.endsWith('.test.ts'));
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: { 'code-shim': 'test/e2e/harness/codeShim.ts' },
      outdir: outDir,
      banner: { js: '#!/usr/bin/env node' },
      // Resolved from the repository's node_modules at run time.
      external: ['playwright-core'],
    }),
    esbuild.build({
      ...common,
      entryPoints: [
        { in: 'test/e2e/host/index.ts', out: 'index' },
        ...testFiles.map((file) => ({ in: `test/e2e/host/${file}`, out: file.replace(/\.ts$/, '') })),
      ],
      outdir: path.join(outDir, 'host'),
      external: ['vscode'],
      // mocha's parallel mode (worker files found with require.resolve) is not used here.
      logOverride: { 'require-resolve-not-external': 'silent' },
    }),
  ]);
  const codeShim = path.join(outDir, 'code-shim.js');
  fs.chmodSync(codeShim, 0o755);
  return { codeShim, hostTests: path.join(outDir, 'host', 'index.js') };
}
