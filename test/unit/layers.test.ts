/**
 * The layers are checked, not hoped for: an upward import fails `npm run lint`. These tests lint
 * probe files against the layer rules, and check that the project's ESLint config applies them.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { repoRoot } from '../support/paths';

interface Layers {
  serverLayers: Record<string, string[]>;
  layerConfigs: Linter.Config[];
}

async function layers(): Promise<Layers> {
  return (await import(pathToFileURL(path.join(repoRoot, 'eslint.layers.mjs')).href)) as Layers;
}

async function lintProbe(file: string, code: string): Promise<string[]> {
  const { layerConfigs } = await layers();
  const eslint = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...layerConfigs],
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return result!.messages.map((message) => `${message.ruleId ?? ''}: ${message.message}`);
}

describe('layers', function () {
  this.timeout(60_000);

  it('an upward import fails, also as a type import; a downward one passes', async () => {
    const upward = await lintProbe(
      'server/src/rules/probe.ts',
      "import type { LanguageService } from '../service/languageService';\nexport type Probe = LanguageService;\n",
    );
    assert.deepEqual(upward, [
      "no-restricted-imports: '../service/languageService' import is restricted from being used by a pattern. server/src/rules may import only common, util, yaml, catalog, schema, kubernetes (docs/ARCHITECTURE.md, eslint.layers.mjs).",
    ]);
    assert.deepEqual(
      await lintProbe(
        'server/src/rules/probe.ts',
        "import { edit } from '../kubernetes/podSpecs';\nexport const p = edit;\n",
      ),
      [],
    );
    assert.equal(
      (await lintProbe('server/src/common/nested/probe.ts', "export * from '../../util/glob';\n")).length,
      1,
      'common is the bottom: it imports nothing, from any depth',
    );
  });

  it('the client imports only what is shared with it', async () => {
    assert.equal(
      (await lintProbe('client/src/webview/probe.ts', "export * from '../../../server/src/service/hover';\n"))
        .length,
      1,
    );
    assert.deepEqual(
      await lintProbe('client/src/probe.ts', "export * from '../../server/src/protocol/customMessages';\n"),
      [],
    );
  });

  it('every folder of server/src has its layer, and the project’s ESLint config applies them', async () => {
    const { serverLayers } = await layers();
    const fs = await import('node:fs');
    const folders = fs
      .readdirSync(path.join(repoRoot, 'server/src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    assert.deepEqual(
      folders.filter((folder) => !(folder in serverLayers)),
      [],
      'a folder without a layer in eslint.layers.mjs',
    );
    const eslint = new ESLint({ cwd: repoRoot });
    for (const folder of folders) {
      const config = (await eslint.calculateConfigForFile(
        path.join(repoRoot, 'server/src', folder, 'probe.ts'),
      )) as Linter.Config;
      const rule = config.rules?.['no-restricted-imports'];
      assert.ok(Array.isArray(rule) && rule[0] === 2, `no layer rule for server/src/${folder}`);
    }
  });
});
