/**
 * The "Pod Lifecycle" webview beside the editor: asks the language server to simulate the pod of
 * one document, renders nothing itself (the webview does), and re-runs the simulation as the YAML
 * or the scenario changes.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { stringify } from 'yaml';
import {
  type SimulateCommandOptions,
  SimulateRequest,
  type SimulateResult,
  type SimulationTarget,
  type SimulatorFocus,
} from '../../server/src/protocol/customMessages';
import type { Scenario } from '../../server/src/simulator/types';
import { webviewHtml } from './webview/html';
import { type FromWebview, isFromWebview, isWebviewState, type ToWebview } from './webview/messages';

export const simulatorViewType = 'podscope.simulator';

/** How long to wait after the last edit before simulating again. */
const refreshDelay = 250;

export class SimulatorPanel implements vscode.Disposable {
  private static current: SimulatorPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private uri: vscode.Uri | undefined;
  private target: SimulationTarget = { documentIndex: 0 };
  /** The name of the simulated document, for the scenario's storage key. */
  private documentKey = '';
  private scenario: Scenario = {};
  private timer: NodeJS.Timeout | undefined;
  private lastContainers: Record<string, vscode.Range> = {};
  private lastFields: Record<string, vscode.Range> = {};
  /** Where a link asked to open the timeline: sent with the next result, once. */
  private pendingFocus: SimulatorFocus | undefined;

  /**
   * Opens the panel on a document of a file, or points the open panel at it; a link's options
   * bring the scenario that makes its prediction happen and the moment to show.
   */
  static show(
    context: vscode.ExtensionContext,
    client: LanguageClient,
    uri: vscode.Uri,
    target: SimulationTarget,
    options?: SimulateCommandOptions,
  ): void {
    if (!SimulatorPanel.current) {
      const panel = vscode.window.createWebviewPanel(
        simulatorViewType,
        'Pod Lifecycle',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        SimulatorPanel.webviewOptions(context),
      );
      SimulatorPanel.current = new SimulatorPanel(panel, context, client);
    } else {
      SimulatorPanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    SimulatorPanel.current.track(uri, target, options?.scenario, options?.focus);
  }

  /** Restores a panel after a reload, from the state the webview saved. */
  static revive(
    panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    client: LanguageClient,
    state: unknown,
  ): void {
    panel.webview.options = SimulatorPanel.webviewOptions(context);
    SimulatorPanel.current?.dispose();
    const revived = new SimulatorPanel(panel, context, client);
    SimulatorPanel.current = revived;
    if (isWebviewState(state) && state.uri) {
      revived.track(vscode.Uri.parse(state.uri), { documentIndex: state.documentIndex ?? 0 }, state.scenario);
    }
  }

  private static webviewOptions(
    context: vscode.ExtensionContext,
  ): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // Only the webview's own bundle and stylesheet can be loaded.
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')],
      retainContextWhenHidden: false,
    };
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
  ) {
    panel.webview.html = this.html();
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'docs', 'images', 'icon.png');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => {
        // The webview is untrusted: anything that is not one of our messages is dropped.
        if (isFromWebview(message)) {
          void this.onMessage(message);
        }
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.uri && event.document.uri.toString() === this.uri.toString()) {
          this.scheduleRefresh();
        }
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (
          this.uri &&
          event.textEditor.document.uri.toString() === this.uri.toString() &&
          event.selections[0]
        ) {
          this.followCursor(event.selections[0].active);
        }
      }),
    );
  }

  dispose(): void {
    if (SimulatorPanel.current === this) {
      SimulatorPanel.current = undefined;
    }
    clearTimeout(this.timer);
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) {
      disposable.dispose();
    }
  }

  private track(
    uri: vscode.Uri,
    target: SimulationTarget,
    scenario?: Scenario,
    focus?: SimulatorFocus,
  ): void {
    this.uri = uri;
    this.target = target;
    this.scenario = scenario ?? {};
    this.pendingFocus = focus;
    // A link's scenario is the one to show, not the one saved for the document.
    this.documentKey = '';
    this.skipSavedScenario = focus !== undefined;
    void this.refresh();
  }

  private skipSavedScenario = false;

  /** When the cursor moves into another pod document of the same file, simulate that one. */
  private followCursor(position: vscode.Position): void {
    const range = this.documentRange;
    if (range && !range.contains(position)) {
      this.target = { position: { line: position.line, character: position.character } };
      this.documentKey = '';
      this.scheduleRefresh();
    }
  }

  private documentRange: vscode.Range | undefined;

  private scheduleRefresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), refreshDelay);
  }

  private scenarioStorageKey(): string | undefined {
    return this.uri && this.documentKey
      ? `podscope.scenario:${this.uri.toString()}#${this.documentKey}`
      : undefined;
  }

  private async refresh(): Promise<void> {
    const uri = this.uri;
    if (!uri) {
      return;
    }
    let response: SimulateResult;
    try {
      // The document must be open for the server to know it.
      await vscode.workspace.openTextDocument(uri);
      response = await this.client.sendRequest(SimulateRequest.type, {
        textDocument: { uri: uri.toString() },
        target: this.target,
        scenario: this.scenario,
      });
    } catch (error) {
      response = { ok: false, error: `The simulation failed: ${(error as Error).message}` };
    }
    if (!response.ok) {
      this.post({ type: 'error', message: response.error, scenario: this.scenario });
      return;
    }
    const { document } = response;
    this.skipSavedScenario = false;
    const key = `${document.kind}/${document.name}`;
    if (key !== this.documentKey) {
      // A document seen for the first time in this panel: restore the scenario saved for it.
      this.documentKey = key;
      const saved = this.context.workspaceState.get<Scenario>(this.scenarioStorageKey()!);
      if (saved && Object.keys(this.scenario).length === 0 && !this.skipSavedScenario) {
        this.scenario = saved;
        return this.refresh();
      }
    }
    this.target = { documentIndex: document.index };
    this.documentRange = this.client.protocol2CodeConverter.asRange(document.range);
    this.lastContainers = Object.fromEntries(
      Object.entries(document.containers).map(([name, range]) => [
        name,
        this.client.protocol2CodeConverter.asRange(range),
      ]),
    );
    this.lastFields = Object.fromEntries(
      Object.entries(document.fields).map(([key, range]) => [
        key,
        this.client.protocol2CodeConverter.asRange(range),
      ]),
    );
    const source = {
      uri: uri.toString(),
      fileName: vscode.workspace.asRelativePath(uri),
      documentIndex: document.index,
      kind: document.kind,
      name: document.name,
      fields: Object.keys(document.fields),
    };
    const focus = this.pendingFocus;
    this.pendingFocus = undefined;
    if (response.level === 'workload') {
      this.panel.title = `Workload: ${document.name}`;
      this.post({
        type: 'workload',
        source,
        scenario: this.scenario,
        result: response.result,
        ...(focus ? { focus } : {}),
      });
    } else {
      this.panel.title = `Pod Lifecycle: ${document.name}`;
      this.post({
        type: 'simulation',
        source,
        scenario: this.scenario,
        result: response.result,
        ...(focus ? { focus } : {}),
      });
    }
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private async onMessage(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.refresh();
        break;
      case 'scenarioChanged': {
        this.scenario = message.scenario;
        const key = this.scenarioStorageKey();
        if (key) {
          await this.context.workspaceState.update(key, message.scenario);
        }
        await this.refresh();
        break;
      }
      case 'revealContainer':
        await this.reveal(this.lastContainers, message.name);
        break;
      case 'revealField':
        await this.reveal(this.lastFields, message.key);
        break;
      case 'exportScenario':
        await this.exportScenario();
        break;
    }
  }

  /** Reveals a range of the last result in the editor: a container's name, or a field's key. */
  private async reveal(ranges: Record<string, vscode.Range>, key: string): Promise<void> {
    const range = Object.prototype.hasOwnProperty.call(ranges, key) ? ranges[key] : undefined;
    if (!this.uri || !range) {
      return;
    }
    const editor = await vscode.window.showTextDocument(this.uri, {
      viewColumn: vscode.ViewColumn.One,
      selection: range,
      preserveFocus: false,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** Writes the scenario to a file the user chooses: nothing is written without asking. */
  private async exportScenario(): Promise<void> {
    if (!this.uri) {
      return;
    }
    const name = this.documentKey.split('/')[1] ?? 'pod';
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(this.uri, '..', `${name}.scenario.yaml`),
      filters: { 'Scenario files': ['yaml', 'yml', 'json'] },
      title: 'Export the simulation scenario',
    });
    if (!target) {
      return;
    }
    const text = target.path.endsWith('.json')
      ? `${JSON.stringify(this.scenario, null, 2)}\n`
      : `# podscope simulate --scenario ${target.path.split('/').pop() ?? ''}\n${stringify(this.scenario)}`;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(
      `Scenario exported to ${vscode.workspace.asRelativePath(target)}.`,
    );
  }

  private html(): string {
    const webview = this.panel.webview;
    return webviewHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webview
        .asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview.js'))
        .toString(),
      styleUri: webview
        .asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview.css'))
        .toString(),
    });
  }
}
