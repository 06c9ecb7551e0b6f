/**
 * The simulator webview's page: a strict Content Security Policy (nothing but our own script,
 * with a nonce, and our own stylesheet), and no data in the markup.
 */
export interface WebviewPageOptions {
  /** The webview's resource origin (`webview.cspSource`). */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function webviewHtml({ cspSource, nonce, scriptUri, styleUri }: WebviewPageOptions): string {
  const csp = [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${styleUri}">
<title>Pod Lifecycle</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="placeholder">Simulating…</p></main>
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}
