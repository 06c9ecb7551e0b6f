/**
 * The status bar item "Kubernetes 1.31" for the active file when it holds Kubernetes objects
 * (hidden otherwise): the target version the server judges it for, asked of the server
 * (`podscope/documentInfo`) so that `.podscope.yaml` counts. A click opens a Quick Pick of the
 * covered versions, which writes `podscope.kubernetesVersion` for the file's workspace folder.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { type DocumentInfo, DocumentInfoRequest } from '../../server/src/protocol/customMessages';
import { settingScope, statusText, statusTooltip, versionChoices } from './kubernetesVersionItems';

export const selectKubernetesVersionCommand = 'podscope.selectKubernetesVersion';

/** Waits this long after the last edit before asking again whether the file is Kubernetes. */
const editDelay = 500;

export function registerKubernetesVersionStatus(
  context: vscode.ExtensionContext,
  client: LanguageClient,
): void {
  const item = vscode.window.createStatusBarItem(
    'podscope.kubernetesVersion',
    vscode.StatusBarAlignment.Right,
    100,
  );
  item.name = 'Podscope: Kubernetes Version';
  item.command = selectKubernetesVersionCommand;
  let shown: { uri: string; info: DocumentInfo } | undefined;
  /** Only the answer to the latest question is shown. */
  let generation = 0;
  let timer: NodeJS.Timeout | undefined;

  const update = async (): Promise<void> => {
    const asked = ++generation;
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'yaml') {
      shown = undefined;
      item.hide();
      return;
    }
    const uri = document.uri.toString();
    let info: DocumentInfo;
    try {
      info = await client.sendRequest(DocumentInfoRequest.type, { textDocument: { uri } });
    } catch {
      // The server is restarting, say: the next change asks again.
      return;
    }
    if (asked !== generation) {
      return;
    }
    if (!info.kubernetes) {
      shown = undefined;
      item.hide();
      return;
    }
    shown = { uri, info };
    const inspected = vscode.workspace
      .getConfiguration('podscope', document.uri)
      .inspect('kubernetesVersion');
    item.text = statusText(info);
    item.tooltip = statusTooltip(info, settingScope(inspected), (file) =>
      vscode.workspace.asRelativePath(vscode.Uri.file(file), true),
    );
    item.show();
  };
  const refresh = (): void => void update();

  context.subscriptions.push(
    item,
    vscode.window.onDidChangeActiveTextEditor(refresh),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('podscope')) {
        refresh();
      }
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === vscode.window.activeTextEditor?.document) {
        clearTimeout(timer);
        timer = setTimeout(refresh, editDelay);
      }
    }),
    // A project file that sets the version (the server re-reads it on change).
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (document.uri.path.endsWith('/.podscope.yaml')) {
        refresh();
      }
    }),
    { dispose: () => clearTimeout(timer) },
    vscode.commands.registerCommand(selectKubernetesVersionCommand, async () => {
      if (!shown) {
        void vscode.window.showInformationMessage(
          'Open a Kubernetes YAML file to choose its Kubernetes version.',
        );
        return;
      }
      const uri = vscode.Uri.parse(shown.uri);
      const chosen = await vscode.window.showQuickPick(versionChoices(shown.info), {
        title: 'The Kubernetes version you deploy to',
        placeHolder: `Podscope judges this file for Kubernetes ${shown.info.kubernetesVersion}`,
      });
      if (!chosen) {
        return;
      }
      // The file's workspace folder; the workspace, or the user's settings, for a file outside one.
      const target = vscode.workspace.getWorkspaceFolder(uri)
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : vscode.workspace.workspaceFolders
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
      await vscode.workspace
        .getConfiguration('podscope', uri)
        .update('kubernetesVersion', chosen.value, target);
      refresh();
    }),
  );
  refresh();
}
