/**
 * "Podscope: Show Kustomize Build": `kubectl kustomize <folder>` for the active kustomization
 * (or the folder of the active file), shown as a read-only YAML document that the language
 * server checks like any manifest (the client's documentSelector includes its scheme).
 *
 * The only process Podscope starts, and only on the user's command in a trusted workspace:
 * `kubectl kustomize` runs the kustomization's generators and plugins, and may fetch remote
 * resources, so an untrusted workspace never gets here (the command's `enablement` is
 * `isWorkspaceTrusted`, and the trust is checked again before the process starts). No shell;
 * the arguments are an array; a timeout stops a build that hangs.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ReadOnlyDocuments } from './readOnlyDocuments';

/** The scheme of the build documents. */
export const kustomizeBuildScheme = 'podscope-kustomize';
export const showKustomizeBuildCommand = 'podscope.showKustomizeBuild';

/** A build that takes longer is stopped (remote resources can hang on the network). */
const buildTimeoutMs = 60_000;

function runKustomize(folder: string): Promise<{ ok: true; yaml: string } | { ok: false; message: string }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      ['kustomize', folder],
      { cwd: folder, timeout: buildTimeoutMs, maxBuffer: 64 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ ok: true, yaml: stdout });
        } else if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          resolve({ ok: false, message: 'kubectl is not on PATH: install it to see the Kustomize build.' });
        } else if (error.killed) {
          resolve({
            ok: false,
            message: `kubectl kustomize took longer than ${buildTimeoutMs / 1000} s and was stopped.`,
          });
        } else {
          resolve({ ok: false, message: `kubectl kustomize failed: ${stderr.trim() || error.message}` });
        }
      },
    );
  });
}

export function registerKustomizeBuild(context: vscode.ExtensionContext): void {
  const documents = new ReadOnlyDocuments(
    '# Run "Podscope: Show Kustomize Build" again to render this build.\n',
  );
  context.subscriptions.push(
    documents,
    vscode.workspace.registerTextDocumentContentProvider(kustomizeBuildScheme, documents),
    vscode.commands.registerCommand(showKustomizeBuildCommand, async (resource?: unknown) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showInformationMessage(
          'Podscope runs kubectl kustomize only in a trusted workspace: the build may run plugins and fetch remote resources.',
        );
        return;
      }
      const uri = resource instanceof vscode.Uri ? resource : vscode.window.activeTextEditor?.document.uri;
      if (uri?.scheme !== 'file') {
        void vscode.window.showInformationMessage(
          'Open a kustomization.yaml (or a file beside one) to see its build.',
        );
        return;
      }
      const folder = path.dirname(uri.fsPath);
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'kubectl kustomize' },
        () => runKustomize(folder),
      );
      if (!result.ok) {
        void vscode.window.showErrorMessage(result.message);
        return;
      }
      const buildUri = vscode.Uri.from({
        scheme: kustomizeBuildScheme,
        path: `${path.posix.dirname(uri.path)}/kustomize build.yaml`,
      });
      documents.set(buildUri, result.yaml);
      const document = await vscode.workspace.openTextDocument(buildUri);
      await vscode.languages.setTextDocumentLanguage(document, 'yaml');
      await vscode.window.showTextDocument(document, { preview: false });
    }),
  );
}
