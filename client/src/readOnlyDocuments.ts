import * as vscode from 'vscode';

/**
 * The text of each generated document (a Kustomize build, a rendered Helm chart), by URI: a
 * content provider, so VS Code opens them read-only. A URI whose text is gone (a reloaded
 * window) shows `placeholder`, which says how to generate it again.
 */
export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly placeholder: string) {}

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? this.placeholder;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
