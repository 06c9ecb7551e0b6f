/**
 * The workspace through the VS Code API: from the Deployment in storefront.yaml to the ConfigMap
 * it names in storefront-config.yaml (definition), and the edits a rename of that ConfigMap makes
 * in both files. The ConfigMap's file is never opened: the language server knows it from indexing
 * the workspace folder in the background.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { pollUntil } from '../../support/polling';
import type { TextRange } from '../podExpectations';
import {
  configMapFile,
  declaration,
  deploymentFile,
  envFromReference,
  keyReference,
  nameAfter,
  renamedConfigMap,
} from '../workspaceExpectations';

function toRange(range: TextRange): vscode.Range {
  return new vscode.Range(range.line, range.character, range.endLine, range.endCharacter);
}

/** A location as the provider gives it, Location or LocationLink, as `file line:character-…`. */
function describe(location: vscode.Location | vscode.LocationLink): string {
  const uri = 'uri' in location ? location.uri : location.targetUri;
  const range =
    'range' in location ? location.range : (location.targetSelectionRange ?? location.targetRange);
  return `${vscode.workspace.asRelativePath(uri)} ${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

const rangeText = (range: TextRange): string =>
  `${range.line}:${range.character}-${range.endLine}:${range.endCharacter}`;

suite('The workspace through the VS Code API', () => {
  let folder: vscode.Uri;
  let deployment: vscode.TextDocument;
  let configMapText: string;

  suiteSetup(async () => {
    const workspaceFolder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspaceFolder, 'a workspace folder is open');
    folder = workspaceFolder.uri;
    deployment = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, deploymentFile));
    await vscode.window.showTextDocument(deployment);
    configMapText = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, configMapFile)),
    );
  });

  test("definition: from envFrom's configMapRef to the ConfigMap's name in the other file", async () => {
    const reference = nameAfter(deployment.getText(), envFromReference);
    // Inside the name, not at its start: the whole name is the link.
    const position = new vscode.Position(reference.line, reference.character + 3);
    // The other file is known once the background indexing has read it: ask until it answers.
    const locations = await pollUntil('a definition of the configMapRef', 30_000, async () => {
      const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
        'vscode.executeDefinitionProvider',
        deployment.uri,
        position,
      );
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(locations.map(describe), [
      `${configMapFile} ${rangeText(nameAfter(configMapText, declaration))}`,
    ]);
  });

  test('rename: the ConfigMap and both references to it, and nothing else', async () => {
    const deploymentText = deployment.getText();
    const reference = nameAfter(deploymentText, keyReference);
    const position = new vscode.Position(reference.line, reference.character);
    // The same wait as above, in case this test runs alone.
    await pollUntil('a definition of the configMapKeyRef', 30_000, async () => {
      const found = await vscode.commands.executeCommand<unknown[]>(
        'vscode.executeDefinitionProvider',
        deployment.uri,
        position,
      );
      return found.length > 0 ? true : undefined;
    });
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      deployment.uri,
      position,
      renamedConfigMap,
    );
    const edits = edit
      .entries()
      .map(([uri, textEdits]) => ({
        file: vscode.workspace.asRelativePath(uri),
        edits: textEdits.map((textEdit) => `${describeRange(textEdit.range)} ${textEdit.newText}`).sort(),
      }))
      .sort((a, b) => a.file.localeCompare(b.file));
    assert.deepEqual(edits, [
      {
        file: configMapFile,
        edits: [`${rangeText(nameAfter(configMapText, declaration))} ${renamedConfigMap}`],
      },
      {
        file: deploymentFile,
        edits: [envFromReference, keyReference]
          .map((anchor) => `${rangeText(nameAfter(deploymentText, anchor))} ${renamedConfigMap}`)
          .sort(),
      },
    ]);
    // The same ranges as the API's own type, to be sure of the conversion above.
    const configMapUri = vscode.Uri.joinPath(folder, configMapFile);
    assert.deepEqual(
      edit.get(configMapUri).map((textEdit) => textEdit.range),
      [toRange(nameAfter(configMapText, declaration))],
    );
  });

  test('rename: a name the API server would refuse is refused, with the reason', async () => {
    const reference = nameAfter(deployment.getText(), envFromReference);
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand(
          'vscode.executeDocumentRenameProvider',
          deployment.uri,
          new vscode.Position(reference.line, reference.character),
          'Storefront_Settings',
        ),
      ),
      /"Storefront_Settings" is not a valid ConfigMap name/,
    );
  });
});

function describeRange(range: vscode.Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}
