/**
 * "Podscope: Show Rendered Manifest": `helm template` on the chart of the active file (with its
 * default values, and a values file the user picks), shown as a read-only YAML document that the
 * language server checks like any manifest (the client's documentSelector includes its scheme);
 * the findings of that output are also shown on the template files, at the lines they came from
 * (the server maps them: podscope/renderedFindings).
 *
 * Nothing runs in an untrusted workspace or without `podscope.helm.render.enable`
 * (helmRenderGate.ts); the command's `enablement` is `isWorkspaceTrusted` too, and the trust is
 * checked again before the process starts. No shell; the arguments are an array
 * (common/helmTemplate.ts: no `--dependency-update`, nothing fetched); a timeout stops a render
 * that hangs. The language server never runs helm.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  helmFailureMessage,
  helmMaxOutput,
  helmTemplateArguments,
  helmTimeoutMs,
} from '../../server/src/common/helmTemplate';
import {
  helmRenderedScheme,
  RenderedFindingsRequest,
  showRenderedManifestCommand,
} from '../../server/src/protocol/helmMessages';
import { helmExecutable, helmRenderRefusal } from './helmRenderGate';
import { ReadOnlyDocuments } from './readOnlyDocuments';

function runHelm(
  helm: string,
  chart: string,
  valuesFiles: readonly string[],
): Promise<{ ok: true; output: string } | { ok: false; message: string }> {
  return new Promise((resolve) => {
    execFile(
      helm,
      helmTemplateArguments(chart, valuesFiles),
      { cwd: chart, timeout: helmTimeoutMs, maxBuffer: helmMaxOutput, windowsHide: true },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        const message = helmFailureMessage(
          helm,
          chart,
          {
            ...(typeof code === 'string' ? { errorCode: code } : {}),
            ...(error?.killed ? { killed: true } : {}),
            status: error ? (typeof code === 'number' ? code : 1) : 0,
            stderr,
            ...(error ? { errorMessage: error.message } : {}),
          },
          'install helm, put it on PATH or set podscope.helm.path.',
        );
        resolve(message === undefined ? { ok: true, output: stdout } : { ok: false, message });
      },
    );
  });
}

/** The chart folder of a file: the nearest folder above it with a Chart.yaml. */
async function chartFolderOf(file: vscode.Uri): Promise<vscode.Uri | undefined> {
  let folder = vscode.Uri.joinPath(file, '..');
  for (let depth = 0; depth < 16; depth++) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, 'Chart.yaml'));
      return folder;
    } catch {
      const parent = vscode.Uri.joinPath(folder, '..');
      if (parent.path === folder.path) {
        return undefined;
      }
      folder = parent;
    }
  }
  return undefined;
}

/** The values files to offer: the chart's own YAML files that look like values (values.yaml is always used). */
async function pickValues(chart: vscode.Uri): Promise<string[] | undefined> {
  const entries = await vscode.workspace.fs.readDirectory(chart);
  const candidates = entries
    .filter(
      ([name, type]) =>
        type === vscode.FileType.File && /values.*\.ya?ml$/i.test(name) && name !== 'values.yaml',
    )
    .map(([name]) => name)
    .sort();
  const defaults = {
    label: 'Default values',
    description: 'values.yaml',
    file: undefined as string | undefined,
  };
  const other = { label: 'Another values file…', description: '', file: '' as string | undefined };
  const chosen = await vscode.window.showQuickPick(
    [
      defaults,
      ...candidates.map((name) => ({ label: name, description: 'with values.yaml', file: name })),
      other,
    ],
    {
      title: 'helm template: values',
      placeHolder: 'The chart is rendered with values.yaml and the file you pick',
    },
  );
  if (!chosen) {
    return undefined;
  }
  if (chosen === other) {
    const picked = await vscode.window.showOpenDialog({
      defaultUri: chart,
      canSelectMany: false,
      filters: { YAML: ['yaml', 'yml'] },
      title: 'A values file for helm template',
    });
    return picked?.[0] ? [picked[0].fsPath] : undefined;
  }
  return chosen.file === undefined ? [] : [path.join(chart.fsPath, chosen.file)];
}

export function registerHelmRender(context: vscode.ExtensionContext, client: LanguageClient): void {
  const documents = new ReadOnlyDocuments(
    '# Run "Podscope: Show Rendered Manifest" again to render this chart.\n',
  );
  const templateFindings = vscode.languages.createDiagnosticCollection('podscope-helm');
  context.subscriptions.push(
    documents,
    templateFindings,
    vscode.workspace.registerTextDocumentContentProvider(helmRenderedScheme, documents),
    // A template edited since the render: its rendered findings no longer hold.
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0 && (templateFindings.get(event.document.uri)?.length ?? 0) > 0) {
        templateFindings.set(event.document.uri, []);
      }
    }),
    vscode.commands.registerCommand(showRenderedManifestCommand, async (resource?: unknown) => {
      const uri = resource instanceof vscode.Uri ? resource : vscode.window.activeTextEditor?.document.uri;
      const refusal = helmRenderRefusal({
        trusted: vscode.workspace.isTrusted,
        enabled:
          vscode.workspace.getConfiguration('podscope', uri).get<boolean>('helm.render.enable') === true,
      });
      if (refusal !== undefined) {
        void vscode.window.showInformationMessage(refusal);
        return;
      }
      const chart = uri?.scheme === 'file' ? await chartFolderOf(uri) : undefined;
      if (!chart) {
        void vscode.window.showInformationMessage(
          'Open a file of a Helm chart (a folder with Chart.yaml) to render it.',
        );
        return;
      }
      const valuesFiles = await pickValues(chart);
      if (!valuesFiles) {
        return;
      }
      const helm = helmExecutable(vscode.workspace.getConfiguration('podscope', uri).get('helm.path'));
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'helm template' },
        () => runHelm(helm, chart.fsPath, valuesFiles),
      );
      if (!result.ok) {
        void vscode.window.showErrorMessage(result.message);
        return;
      }
      const renderedUri = vscode.Uri.from({
        scheme: helmRenderedScheme,
        path: `${chart.path}/helm template.yaml`,
        query: valuesFiles.map((file) => path.basename(file)).join(','),
      });
      documents.set(renderedUri, result.output);
      const document = await vscode.workspace.openTextDocument(renderedUri);
      await vscode.languages.setTextDocumentLanguage(document, 'yaml');
      await vscode.window.showTextDocument(document, { preview: false });
      const findings = await client.sendRequest(RenderedFindingsRequest.type, {
        textDocument: { uri: renderedUri.toString() },
        text: result.output,
        chart: chart.toString(),
      });
      templateFindings.clear();
      for (const template of findings.templates) {
        templateFindings.set(
          vscode.Uri.parse(template.uri),
          template.diagnostics.map((diagnostic) => client.protocol2CodeConverter.asDiagnostic(diagnostic)),
        );
      }
      const placed = findings.exact + findings.action + findings.approximate;
      void vscode.window.setStatusBarMessage(
        `Podscope: ${placed} finding(s) of the rendered output on the templates (${findings.exact} on the line's own text, ${findings.action} on the action that printed it, ${findings.approximate} approximate); ${findings.unmapped} only in the rendered document.`,
        15_000,
      );
    }),
  );
}
