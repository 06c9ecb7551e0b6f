/**
 * Podscope's features through the VS Code API, inside a real extension host (code-server's, or
 * desktop VS Code's): what the editor asks the language client for, and what comes back.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { expandSnippet, type SnippetDefinition } from '../../support/snippets';
import { withCursor } from '../../support/cursor';
import { pollUntil } from '../../support/polling';
import {
  duplicateContainerNameRuleStatus,
  expectedPodDiagnostics,
  podOutline,
  rangeOfExpected,
  unknownFieldDiagnostic,
} from '../podExpectations';
import { codeOf, waitForDiagnostics } from './waitForDiagnostics';

const extensionId = 'podscope.podscope';

/** A Pod whose first container is being written; `|` is the cursor. */
const podBeingWritten = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  'spec:',
  '  containers:',
  '    - name: web',
  '      image: nginx:1.27',
  '      |',
  '',
].join('\n');

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function markdownOf(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n---\n');
}

function toRange(range: { line: number; character: number; endLine: number; endCharacter: number }) {
  return new vscode.Range(range.line, range.character, range.endLine, range.endCharacter);
}

suite('Podscope through the VS Code API', () => {
  let extensionPath: string;
  /** The repository, for what the tests expect of the fixtures (the extension may be a VSIX copy). */
  const repoRoot = process.env.PODSCOPE_REPO_ROOT ?? path.resolve(__dirname, '../../..');
  let packageJson: { contributes?: { commands?: { command: string }[] } };
  let pod: vscode.TextDocument;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    pod = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'pod.yaml'));
    await vscode.window.showTextDocument(pod);
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is loaded`);
    await extension.activate();
    extensionPath = extension.extensionPath;
    packageJson = extension.packageJSON as typeof packageJson;
    console.log(
      `[env] ${vscode.env.appName} ${vscode.version}, node ${process.version}, ` +
        `uiKind ${vscode.UIKind[vscode.env.uiKind]}, remoteName ${vscode.env.remoteName ?? '-'}, ` +
        `extension in ${extensionPath}`,
    );
  });

  test('diagnostics: our messages, codes and exact ranges', async () => {
    const expected = expectedPodDiagnostics(repoRoot);
    const diagnostics = await waitForDiagnostics(pod.uri, (list) =>
      expected.every((want) => list.some((d) => codeOf(d) === want.code)),
    );
    for (const want of expected) {
      const found = diagnostics.find((d) => codeOf(d) === want.code);
      assert.ok(found);
      if (want.exact) {
        assert.equal(found.message, want.message);
      } else {
        assert.ok(found.message.startsWith(want.message), found.message);
      }
      assert.equal(found.source, 'podscope');
      assert.equal(found.severity, vscode.DiagnosticSeverity.Error);
      assert.deepEqual(found.range, toRange(rangeOfExpected(pod.getText(), want)), want.code);
    }
    if (duplicateContainerNameRuleStatus(repoRoot) !== 'registered') {
      console.log(
        'TODO host: duplicate-container-name is asserted once server/src/rules/duplicateContainerName.ts ' +
          'exists and is registered in server/src/rules/index.ts',
      );
    }
  });

  test('completion: livenessProbe inside containers[0], inserted with the right indentation', async () => {
    const { text, position } = withCursor(podBeingWritten);
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
    const cursor = new vscode.Position(position.line, position.character);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      cursor,
    );
    const item = list.items.find((candidate) => labelOf(candidate) === 'livenessProbe');
    assert.ok(item, `livenessProbe among ${list.items.map(labelOf).slice(0, 20).join(', ')}`);
    assert.equal(item.detail, '<Probe>');
    // Podscope indents the snippet itself (insertTextMode asIs), so the editor must keep it as is.
    assert.equal(item.keepWhitespace, true);
    assert.ok(item.insertText instanceof vscode.SnippetString);
    const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
    assert.ok(range);
    // Accepting it the way the suggest widget does for keepWhitespace items: the snippet as is,
    // the final tab stop ($0) being only a cursor position.
    const snippet = item.insertText.value;
    assert.doesNotMatch(snippet.replace('$0', ''), /\$/, 'only the final tab stop');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, snippet.replace('$0', ''));
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(document.getText(), podBeingWritten.replace('|', 'livenessProbe:\n        '));
  });

  test('hover: the kubectl explain view of livenessProbe', async () => {
    const offset = pod.getText().indexOf('livenessProbe:') + 'live'.length;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      pod.uri,
      pod.positionAt(offset),
    );
    const markdown = markdownOf(hovers);
    assert.ok(markdown.includes('**`pod.spec.containers.livenessProbe`** `<Probe>`'), markdown);
    assert.ok(markdown.includes('Periodic probe of container liveness.'), markdown);
    assert.ok(markdown.includes('httpGet                        <HTTPGetAction>'), markdown);
  });

  test('quick fix: Rename to "ports" changes exactly that key', async () => {
    // A copy, so the workspace file stays as the other tests expect it.
    const original = pod.getText();
    const copy = await vscode.workspace.openTextDocument({ language: 'yaml', content: original });
    // The fix comes from the diagnostic, so wait for it to be there first.
    await waitForDiagnostics(copy.uri, (list) => list.some((d) => codeOf(d) === 'unknown-field'));
    const range = toRange(rangeOfExpected(original, unknownFieldDiagnostic));
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      copy.uri,
      range,
    );
    const titles = actions.map((action) => action.title);
    const rename = actions.find((action) => action.title === 'Rename to "ports"');
    assert.ok(rename && 'edit' in rename && rename.edit, `a rename fix among ${titles.join(', ')}`);
    assert.equal(rename.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(await vscode.workspace.applyEdit(rename.edit));
    assert.equal(copy.getText(), original.replace('      poarts:\n', '      ports:\n'));
    await waitForDiagnostics(copy.uri, (list) => !list.some((d) => codeOf(d) === 'unknown-field'));
  });

  test('outline: the Pod and its containers', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      pod.uri,
    );
    assert.deepEqual(
      symbols.map((symbol) => ({
        name: symbol.name,
        containers: symbol.children.map((child) => child.name),
      })),
      [{ name: podOutline.name, containers: [...podOutline.containers] }],
    );
    assert.equal(symbols[0]?.detail, 'v1');
  });

  test('code lens: ▶ Simulate above the Pod', async function () {
    if (!packageJson.contributes?.commands?.some((command) => command.command === 'podscope.simulate')) {
      this.skip(); // the simulator is not in this build yet
    }
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      pod.uri,
      10,
    );
    assert.deepEqual(
      lenses.map((lens) => [lens.range.start.line, lens.command?.title, lens.command?.command]),
      [[pod.getText().split('\n').indexOf('apiVersion: v1'), '▶ Simulate', 'podscope.simulate']],
    );
  });

  test('snippets: k8s-deployment is offered in an empty YAML file', async () => {
    const snippets = JSON.parse(
      fs.readFileSync(path.join(extensionPath, 'snippets/kubernetes.json'), 'utf8'),
    ) as Record<string, SnippetDefinition>;
    const deployment = Object.values(snippets).find((snippet) => snippet.prefix === 'k8s-deployment');
    assert.ok(deployment);
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'k8s-deployment' });
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      document.positionAt(document.getText().length),
    );
    const item = list.items.find((candidate) => labelOf(candidate) === 'k8s-deployment');
    assert.ok(item, `k8s-deployment among ${list.items.map(labelOf).slice(0, 20).join(', ')}`);
    assert.equal(item.kind, vscode.CompletionItemKind.Snippet);
    assert.ok(item.insertText instanceof vscode.SnippetString);
    assert.equal(expandSnippet(item.insertText.value).text, expandSnippet(deployment.body).text);
  });

  test('a killed language server is restarted, and the documents are checked again', async () => {
    await waitForDiagnostics(pod.uri, (diagnostics) =>
      diagnostics.some((d) => codeOf(d) === 'unknown-field'),
    );
    const first = languageServerPid();
    assert.ok(first, 'the language server runs as a child of this extension host');
    // What happens to the Pod's diagnostics from now on: cleared with the old server, then
    // published again by the new one.
    const seen: number[] = [];
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((uri) => uri.toString() === pod.uri.toString())) {
        seen.push(vscode.languages.getDiagnostics(pod.uri).length);
      }
    });
    try {
      process.kill(first, 'SIGKILL');
      const restarted = await pollUntil('a new language server process', 30_000, () => {
        const pid = languageServerPid();
        return pid !== undefined && pid !== first ? pid : undefined;
      });
      assert.notEqual(restarted, first);
      await pollUntil('the Pod checked again by the new server', 30_000, () => {
        const cleared = seen.indexOf(0);
        return cleared >= 0 && seen.slice(cleared + 1).some((count) => count > 0) ? true : undefined;
      });
    } finally {
      subscription.dispose();
    }
    // And a document opened now is checked by the new server.
    const fresh = await vscode.workspace.openTextDocument({ language: 'yaml', content: pod.getText() });
    await waitForDiagnostics(fresh.uri, (diagnostics) =>
      diagnostics.some((d) => codeOf(d) === 'unknown-field'),
    );
  });
});

/** The pid of our language server: a child of this extension host running dist/server.js. */
function languageServerPid(): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      if (
        parent === process.pid &&
        state !== 'Z' &&
        cmdline.some((argument) => argument.endsWith(path.join('dist', 'server.js')))
      ) {
        return Number(entry);
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}
