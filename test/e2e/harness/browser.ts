/**
 * Debian's Chromium, driven by playwright-core (which downloads no browser), showing the
 * workbench of a code-server on 127.0.0.1. Every request is recorded, so a run can prove that
 * nothing left the machine.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Request } from 'playwright-core';
import { findChromium } from './install';

export async function launchChromium(tmp: string): Promise<Browser> {
  // Chromium's crash handler would otherwise create ~/.config/chromium. Playwright gives each
  // launch a fresh profile under TMPDIR and deletes it on close.
  const xdg = path.join(tmp, 'chromium-xdg');
  fs.mkdirSync(xdg, { recursive: true });
  return chromium.launch({
    executablePath: findChromium(),
    headless: !process.env.PODSCOPE_E2E_HEADED,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    env: { ...process.env, TMPDIR: tmp, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: xdg },
    // Our entry points handle the signals: they close the browser and stop code-server.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

/** The `vscode-remote:` URI of a path on the server, as the workbench payload expects. */
export function remoteUri(port: number, file: string): string {
  return `vscode-remote://127.0.0.1:${port}${path.resolve(file)}`;
}

/**
 * The workbench URL. 127.0.0.1 is a secure context, which webviews need for their service
 * worker. The payload (`[[key, value], …]`) is read only with the smoke-test driver enabled.
 */
export function workbenchUrl(port: number, folder: string, payload?: [string, string][]): string {
  let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(path.resolve(folder))}`;
  if (payload) {
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  return url;
}

export interface RequestLog {
  /** Origins of requests for anything but 127.0.0.1 that were not answered inside the browser. */
  external(): string[];
  /** How many requests VS Code's webview service worker answered (webview resources). */
  readonly servedByServiceWorker: number;
}

/**
 * Records every http(s)/ws(s) request for anything but 127.0.0.1. Webview resources have URLs on
 * `*.vscode-resource.vscode-cdn.net`, but the webview's service worker answers them from the
 * workbench, so those never reach the network and do not count.
 */
export function recordRequests(context: BrowserContext): RequestLog {
  const attempts = new Map<Request, string>();
  let servedByServiceWorker = 0;
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (/^(https?|wss?):$/.test(url.protocol) && url.hostname !== '127.0.0.1') {
      attempts.set(request, url.origin);
    }
  });
  context.on('response', (response) => {
    if (response.fromServiceWorker() && attempts.delete(response.request())) {
      servedByServiceWorker++;
    }
  });
  return {
    external: () => [...new Set(attempts.values())],
    get servedByServiceWorker() {
      return servedByServiceWorker;
    },
  };
}
