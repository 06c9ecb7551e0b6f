// Bundles the extension client, the language server and the CLI into dist/, and copies the
// catalog beside them. `node esbuild.mjs --production` minifies and drops source maps.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  // yaml and the LSP libraries ship ESM and CJS builds; prefer the CJS "main" for a CJS bundle.
  mainFields: ['main', 'module'],
};

const builds = [
  { ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  {
    ...common,
    entryPoints: { server: 'server/src/main.ts', cli: 'server/src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
    // yaml's ES module build (the same code as its CommonJS one, but for a warning written with
    // console.warn instead of process.emitWarning, which our `logLevel: 'error'` never writes):
    // bundled as ES modules, its functions are called directly, not through the getters that
    // esbuild puts on a CommonJS module's exports (28 ms of the 1 MB file's cold start).
    alias: { yaml: './node_modules/yaml/browser/index.js' },
  },
  // The simulator webview: a browser script, loaded under a strict CSP with a nonce.
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: { webview: 'client/src/webview/main.ts' },
    outdir: 'dist',
  },
  // The precompiled schema validators (generated into out/ by server/scripts/generateValidators.ts).
  {
    ...common,
    entryPoints: { validators: 'out/validators.js' },
    outdir: 'dist',
    sourcemap: false,
    minify: true,
  },
];

fs.rmSync('dist', { recursive: true, force: true });
fs.mkdirSync('dist', { recursive: true });
fs.copyFileSync('server/generated/catalog.json', 'dist/catalog.json');
fs.copyFileSync('client/src/webview/style.css', 'dist/webview.css');

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  for (const bin of ['dist/server.js', 'dist/cli.js']) {
    fs.chmodSync(bin, 0o755);
  }
}
