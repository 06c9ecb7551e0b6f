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
    asciiOnly(bin);
    fs.chmodSync(bin, 0o755);
  }
}

/**
 * Writes a bundle's non-ASCII characters as `\uXXXX` escapes. esbuild escapes them in strings
 * (charset ascii) but not in regular expressions (`/(ns|µs)/`) nor in the comments it keeps, and
 * one such character makes V8 hold the whole source, which it keeps for lazy compilation, as a
 * two-byte string: the server's 2.1 MB source took 4.1 MB of every server's heap, and now takes
 * 2.1. An escape means the same character in a regular expression, a string or an identifier, and
 * is text in a comment; the columns after it on its line move in the source map (a few lines).
 */
function asciiOnly(file) {
  const text = fs.readFileSync(file, 'utf8');
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[^\x00-\x7f]/g, (char, offset) => {
    if (text[offset - 1] === '\\') {
      // `\µ` would become `\\u00b5`: not the same; no bundle has one, and none may pass unseen.
      throw new Error(`${file}: a backslash before a non-ASCII character at offset ${offset}`);
    }
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  if (escaped !== text) {
    fs.writeFileSync(file, escaped);
  }
}
