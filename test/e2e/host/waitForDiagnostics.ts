import * as vscode from 'vscode';

/**
 * Resolves with a document's diagnostics once `ready` accepts them: checked now and on every
 * change VS Code announces for that document. Rejects after `timeoutMs` with what it last saw.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  ready: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 30_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!ready(diagnostics)) {
        return false;
      }
      finish();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) {
        check();
      }
    });
    const timer = setTimeout(() => {
      finish();
      const seen = vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}: ${d.message}`);
      reject(
        new Error(
          `diagnostics of ${uri.toString()} not as expected after ${timeoutMs} ms: ${seen.join(' | ')}`,
        ),
      );
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

/** The diagnostic's code as a string (`{ value, target }` codes carry a link). */
export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}
