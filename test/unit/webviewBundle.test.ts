/**
 * The simulator webview's bundle takes only pure code from the server: the simulator's types,
 * its schema and its time formatting, and the keys of the fields explanations name — no Node.js
 * module, no ajv, no YAML parser, no engine.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from '../support/paths';

describe('the webview bundle', () => {
  it('holds the webview and the simulator’s pure modules only, and stays small', async () => {
    const bundle = await esbuild.build({
      entryPoints: [path.join(repoRoot, 'client/src/webview/main.ts')],
      absWorkingDir: repoRoot,
      bundle: true,
      write: false,
      metafile: true,
      minify: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      logLevel: 'silent',
    });
    const inputs = Object.keys(bundle.metafile.inputs).filter(
      (input) => !input.startsWith('client/src/webview/'),
    );
    assert.deepEqual(inputs.sort(), [
      'server/src/common/guards.ts',
      'server/src/common/sourceFields.ts',
      'server/src/simulator/backOff.ts',
      'server/src/simulator/formatTime.ts',
      'server/src/simulator/scenarioSchema.ts',
      'server/src/simulator/types.ts',
    ]);
    const size = bundle.outputFiles[0]!.contents.byteLength;
    // 24 kB for the pod view; the workload view (its model, chart, events and links) adds about 12 kB.
    assert.ok(size < 40_000, `the minified webview is ${size} bytes`);
  });
});
