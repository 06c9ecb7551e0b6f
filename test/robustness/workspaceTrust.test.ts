/**
 * Podscope declares that it is safe in untrusted workspaces: it executes nothing from the
 * workspace, and it writes no file without the user's explicit action. These tests read the
 * sources of the server and the client to keep it so; serverWorkspace.test.ts checks the other
 * half at run time (a whole server session leaves the workspace unchanged).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

/** The TypeScript sources under a folder, with comments removed (so that prose cannot match). */
function sources(folder: string): { file: string; code: string }[] {
  const result: { file: string; code: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (/\.ts$/.test(entry.name)) {
        const code = fs
          .readFileSync(full, 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
        result.push({ file: path.relative(repoRoot, full), code });
      }
    }
  };
  walk(path.join(repoRoot, folder));
  return result.sort((a, b) => a.file.localeCompare(b.file));
}

/** The files (and the matching text) where a pattern occurs. */
function occurrences(files: readonly { file: string; code: string }[], pattern: RegExp): string[] {
  return files.flatMap(({ file, code }) =>
    [...code.matchAll(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`))].map(
      (match) => `${file}: ${match[0]}`,
    ),
  );
}

const server = sources('server/src').filter(({ file }) => !file.startsWith('server/src/cli/'));
const cli = sources('server/src/cli');
const client = sources('client/src');

describe('workspace trust: nothing from the workspace is executed, nothing is written unasked', () => {
  it('declares limited support for untrusted workspaces: the helm settings are restricted, rendering is off by default', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: unknown } };
      contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
    };
    // Everything but the two commands that run a program works untrusted; VS Code ignores a
    // workspace's own value of a restricted setting until the workspace is trusted.
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, 'limited');
    assert.deepEqual(manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations, [
      'podscope.helm.render.enable',
      'podscope.helm.path',
    ]);
    assert.equal(
      manifest.contributes.configuration.properties['podscope.helm.render.enable']?.default,
      false,
    );
  });

  const spawning =
    /\bchild_process\b|\bexecSync\b|\bexecFile(?:Sync)?\b|\bspawn(?:Sync)?\s*\(|\bfork\s*\(|\bworker_threads\b|\beval\s*\(|\bnew\s+Function\s*\(|\bnode:vm\b|['"]vm['"]/;

  it('the server starts no process and evaluates no code: no child_process, eval, Function or vm', () => {
    assert.deepEqual(occurrences(server, spawning), []);
    // The pattern does find what it looks for: the tests start servers.
    assert.ok(occurrences(sources('test/support'), spawning).length > 0);
  });

  it('the client starts kubectl kustomize and helm template, the CLI the same for --kustomize and --helm: on request, without a shell', () => {
    assert.deepEqual(occurrences([...client, ...cli], spawning), [
      // The import, and the one call, of each.
      'client/src/helmRender.ts: execFile',
      'client/src/helmRender.ts: child_process',
      'client/src/helmRender.ts: execFile',
      'client/src/kustomizeBuild.ts: execFile',
      'client/src/kustomizeBuild.ts: child_process',
      'client/src/kustomizeBuild.ts: execFile',
      'server/src/cli/helmLint.ts: child_process',
      'server/src/cli/helmLint.ts: spawnSync(',
      'server/src/cli/lintCommand.ts: child_process',
      'server/src/cli/lintCommand.ts: spawnSync(',
    ]);
    const build = client.find(({ file }) => file === 'client/src/kustomizeBuild.ts')!.code;
    assert.match(build, /execFile\(\s*'kubectl',\s*\['kustomize', folder\],/);
    assert.doesNotMatch(build, /shell\s*:/);
    // In the command, the trust is checked before anything else, and the build follows it.
    const command = build.slice(build.indexOf('registerCommand(showKustomizeBuildCommand'));
    const trust = command.search(/if \(!vscode\.workspace\.isTrusted\) \{[^}]*return;\s*\}/);
    const run = command.indexOf('runKustomize(folder)');
    assert.ok(trust >= 0 && run > trust, 'the trust check comes before the build');
    assert.deepEqual(occurrences(client, /runKustomize\(/), [
      'client/src/kustomizeBuild.ts: runKustomize(',
      'client/src/kustomizeBuild.ts: runKustomize(',
    ]);
    // The command is disabled in an untrusted workspace too.
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string; enablement?: string }[] };
    };
    const contributed = manifest.contributes.commands.find(
      ({ command: id }) => id === 'podscope.showKustomizeBuild',
    );
    assert.equal(contributed?.enablement, 'isWorkspaceTrusted');
    // helm: in the command, the refusal (untrusted, or the setting off) comes first, then the render.
    const render = client.find(({ file }) => file === 'client/src/helmRender.ts')!.code;
    assert.match(render, /execFile\(\s*helm,\s*helmTemplateArguments\(chart, valuesFiles\),/);
    assert.doesNotMatch(render, /shell\s*:/);
    const helmCommand = render.slice(render.indexOf('registerCommand(showRenderedManifestCommand'));
    const refusal = helmCommand.search(
      /const refusal = helmRenderRefusal\(\{\s*trusted: vscode\.workspace\.isTrusted,\s*enabled:\s*vscode\.workspace\.getConfiguration\('podscope', uri\)\.get<boolean>\('helm\.render\.enable'\) === true,\s*\}\);\s*if \(refusal !== undefined\) \{[^}]*return;\s*\}/,
    );
    const renderCall = helmCommand.indexOf('runHelm(helm, chart.fsPath, valuesFiles)');
    assert.ok(refusal >= 0 && renderCall > refusal, 'the trust and the setting are checked before helm runs');
    assert.deepEqual(occurrences(client, /runHelm\(/), [
      'client/src/helmRender.ts: runHelm(',
      'client/src/helmRender.ts: runHelm(',
    ]);
    const renderCommand = manifest.contributes.commands.find(
      ({ command: id }) => id === 'podscope.showRenderedManifest',
    );
    assert.equal(renderCommand?.enablement, 'isWorkspaceTrusted');
    // The CLI runs kubectl only for --kustomize.
    const lint = cli.find(({ file }) => file === 'server/src/cli/lintCommand.ts')!.code;
    assert.match(lint, /spawnSync\('kubectl', \['kustomize', directory\], \{/);
    assert.doesNotMatch(lint, /shell\s*:/);
    assert.deepEqual(occurrences(cli, /runKustomize\(/), [
      'server/src/cli/lintCommand.ts: runKustomize(',
      'server/src/cli/lintCommand.ts: runKustomize(',
    ]);
    // And helm only for --helm: `helm template`, its arguments from helmTemplateArguments.
    const helmLint = cli.find(({ file }) => file === 'server/src/cli/helmLint.ts')!.code;
    assert.match(helmLint, /spawnSync\('helm', helmTemplateArguments\(chart, valuesFiles\), \{/);
    assert.doesNotMatch(helmLint, /shell\s*:/);
    assert.deepEqual(occurrences(cli, /runHelmTemplate\(/), [
      'server/src/cli/helmLint.ts: runHelmTemplate(',
      'server/src/cli/lintCommand.ts: runHelmTemplate(',
    ]);
  });

  it('loads code only from its own folder: the precompiled validators beside the bundle', () => {
    const dynamicLoads = occurrences(
      [...server, ...client],
      /\brequire\s*\((?!\s*['"])[^)]*\)|\bimport\s*\((?!\s*['"])[^)]*\)/,
    );
    assert.deepEqual(dynamicLoads, ['server/src/schema/precompiledValidators.ts: require(file)']);
    const loader = server.find(({ file }) => file === 'server/src/schema/precompiledValidators.ts')!.code;
    assert.match(loader, /loadPrecompiledValidators\(directory = __dirname\)/);
    assert.match(loader, /const file = path\.join\(directory, 'validators\.js'\);/);
    // Its only caller passes nothing: the folder of the bundle, never a workspace folder.
    assert.deepEqual(occurrences(server, /loadPrecompiledValidators\([^)]*\)/), [
      'server/src/main.ts: loadPrecompiledValidators()',
      'server/src/schema/precompiledValidators.ts: loadPrecompiledValidators(directory = __dirname)',
    ]);
  });

  it('the server writes no file, and asks the editor to apply no edit', () => {
    const writes =
      /\b(?:writeFile|appendFile|mkdir|mkdtemp|rmSync|rmdir|unlink|rename|copyFile|cp|createWriteStream|truncate|symlink|chmod|chown|utimes)(?:Sync)?\s*\(|\bfs\.rm\s*\(|\bapplyEdit\b|ApplyWorkspaceEdit/;
    assert.deepEqual(occurrences(server, writes), []);
    // The pattern does find what it looks for: the tests write their workspaces.
    assert.ok(occurrences(sources('test/robustness'), writes).length > 0);
  });

  it('the client writes one file only: the exported scenario, where the user chose in a save dialog', () => {
    const writes = occurrences(
      client,
      /\b(?:writeFile|appendFile|mkdir|createWriteStream|rename|copy|delete|createDirectory|copyFile|unlink)(?:Sync)?\s*\(|\bapplyEdit\b|new\s+(?:vscode\.)?WorkspaceEdit\b/,
    );
    assert.deepEqual(writes, ['client/src/simulatorPanel.ts: writeFile(']);
    const panel = client.find(({ file }) => file === 'client/src/simulatorPanel.ts')!.code;
    const start = panel.indexOf('private async exportScenario(): Promise<void> {');
    assert.ok(start >= 0, 'exportScenario is where the file is written');
    const method = panel.slice(start, panel.indexOf('\n  }\n', start));
    const dialog = method.indexOf('await vscode.window.showSaveDialog(');
    const guard = method.search(/if \(!target\) \{\s*return;\s*\}/);
    const write = method.indexOf('vscode.workspace.fs.writeFile(target,');
    assert.ok(dialog >= 0 && guard > dialog && write > guard, 'the write follows the dialog and its cancel');
    // And only a message from the simulator's own panel (a button the user pressed) gets there.
    assert.deepEqual(occurrences(client, /this\.exportScenario\(\)/), [
      'client/src/simulatorPanel.ts: this.exportScenario()',
    ]);
    assert.match(panel, /case 'exportScenario':\s*await this\.exportScenario\(\);/);
  });
});
