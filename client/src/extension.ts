import * as vscode from 'vscode';
import {
  CloseAction,
  type CloseHandlerResult,
  ErrorAction,
  type ErrorHandler,
  type ErrorHandlerResult,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  type StaticFeature,
  TransportKind,
} from 'vscode-languageclient/node';
import {
  CustomResourcesRequest,
  listCustomResourcesCommand,
  type PodscopeClientCapabilities,
  podscopeCapabilityKey,
  isSimulateCommandOptions,
  simulateCommand,
  triggerSuggestCommand,
} from '../../server/src/protocol/customMessages';
import { helmRenderedScheme } from '../../server/src/protocol/helmMessages';
import { serverNodeOptions } from '../../server/src/protocol/serverProcess';
import { customResourceItems } from './customResourceItems';
import { registerHelmRender } from './helmRender';
import { registerKubernetesVersionStatus } from './kubernetesVersionStatus';
import { kustomizeBuildScheme, registerKustomizeBuild } from './kustomizeBuild';
import { RestartPolicy } from './restartPolicy';
import { SimulatorPanel, simulatorViewType } from './simulatorPanel';

let client: LanguageClient | undefined;

/**
 * Restarts a crashed server a few times, then stops and says so once, with a way to the log.
 * The client re-opens every document on restart, so everything is validated again.
 */
class RestartingErrorHandler implements ErrorHandler {
  private readonly policy = new RestartPolicy();

  constructor(private readonly output: vscode.LogOutputChannel) {}

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    const decision = this.policy.serverStopped();
    if (decision.restart) {
      this.output.appendLine(decision.message);
      return { action: CloseAction.Restart, handled: true };
    }
    void vscode.window.showErrorMessage(decision.message, 'Show Output').then((choice) => {
      if (choice === 'Show Output') {
        this.output.show(true);
      }
    });
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}

/**
 * Tells the server what this client runs beyond LSP (`capabilities.experimental.podscope`): the
 * simulator panel and VS Code's suggest widget. Other editors do not declare them, and get
 * neither command from the server.
 */
const podscopeCapabilities: StaticFeature = {
  fillClientCapabilities(capabilities) {
    const podscope: PodscopeClientCapabilities = {
      commands: [simulateCommand, triggerSuggestCommand],
    };
    capabilities.experimental = {
      ...(capabilities.experimental as object | undefined),
      [podscopeCapabilityKey]: podscope,
    };
  },
  getState: () => ({ kind: 'static' }),
  initialize: () => undefined,
  clear: () => undefined,
};

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Podscope', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: [...serverNodeOptions] },
    },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: [...serverNodeOptions, '--nolazy', '--inspect=6009'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
      // A kustomization without an extension; and the output of "Show Kustomize Build".
      { scheme: 'file', pattern: '**/Kustomization' },
      { scheme: kustomizeBuildScheme, language: 'yaml' },
      // The output of "Show Rendered Manifest" (helm template).
      { scheme: helmRenderedScheme, language: 'yaml' },
    ],
    outputChannel: output,
    errorHandler: new RestartingErrorHandler(output),
  };
  client = new LanguageClient('podscope', 'Podscope', serverOptions, clientOptions);
  // The server registers its own watcher for config files (workspace/didChangeWatchedFiles).
  client.registerFeature(podscopeCapabilities);

  const languageClient = client;
  registerKustomizeBuild(context);
  registerHelmRender(context, languageClient);
  context.subscriptions.push(
    vscode.commands.registerCommand('podscope.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('podscope.showOutput', () => output.show(true)),
    // From the code lens: (uri, document index); from a "Show in simulator" link, with the
    // scenario and the moment to open at. From the palette: the active editor's cursor.
    vscode.commands.registerCommand(
      simulateCommand,
      (uri?: unknown, documentIndex?: unknown, options?: unknown) => {
        if (typeof uri === 'string' && typeof documentIndex === 'number') {
          SimulatorPanel.show(
            context,
            languageClient,
            vscode.Uri.parse(uri),
            { documentIndex },
            isSimulateCommandOptions(options) ? options : undefined,
          );
          return;
        }
        const editor = vscode.window.activeTextEditor;
        if (!editor || editor.document.languageId !== 'yaml') {
          void vscode.window.showInformationMessage('Open a Kubernetes YAML file to simulate its pod.');
          return;
        }
        const { line, character } = editor.selection.active;
        SimulatorPanel.show(context, languageClient, editor.document.uri, { position: { line, character } });
      },
    ),
    vscode.commands.registerCommand(listCustomResourcesCommand, () => listCustomResources(languageClient)),
    vscode.window.registerWebviewPanelSerializer(simulatorViewType, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        await languageClient.start();
        SimulatorPanel.revive(panel, context, languageClient, state);
      },
    }),
  );
  await client.start();
  registerKubernetesVersionStatus(context, languageClient);
}

/**
 * "Podscope: List Custom Resource Kinds": the kinds the server knows (with the active file's
 * settings, which choose the bundled projects) in a Quick Pick; choosing one opens its CRD at
 * its line, or says which bundled project it comes from.
 */
async function listCustomResources(languageClient: LanguageClient): Promise<void> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const entries = await languageClient.sendRequest(
    CustomResourcesRequest.type,
    active ? { textDocument: { uri: active.toString() } } : {},
  );
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(
      'No custom resource kinds are known: the workspace has no CustomResourceDefinition, and no bundled project is selected.',
    );
    return;
  }
  const items = customResourceItems(entries, (uri) =>
    vscode.workspace.asRelativePath(vscode.Uri.parse(uri), true),
  );
  const chosen = await vscode.window.showQuickPick(items, {
    title: 'Custom resource kinds',
    placeHolder: 'Kind, apiVersion or source',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!chosen) {
    return;
  }
  const { source } = chosen.entry;
  if (source.kind === 'workspace') {
    const position = new vscode.Position(source.line, 0);
    await vscode.window.showTextDocument(vscode.Uri.parse(source.uri), {
      selection: new vscode.Range(position, position),
    });
  } else {
    void vscode.window.showInformationMessage(`${chosen.label} ${chosen.description}: ${chosen.detail}`);
  }
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
