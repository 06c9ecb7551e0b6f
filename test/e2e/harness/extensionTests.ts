/**
 * Runs a tests module inside code-server's Node extension host, the way
 * `code --extensionDevelopmentPath=… --extensionTestsPath=…` does on the desktop.
 *
 * code-server has no such flags. With `--vscode-option enable-smoke-test-driver`, the workbench
 * reads them from the `payload` URL parameter instead, loads the extension in development mode,
 * calls the module's `run()`, and reports through `window.codeAutomationLog(level, args)` and
 * `window.codeAutomationExit(code)`, which Playwright provides here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium, remoteUri, workbenchUrl } from './browser';

export interface ExtensionTestsOptions {
  readonly port: number;
  readonly extensionDevelopmentPaths: readonly string[];
  readonly extensionTestsPath: string;
  readonly workspace: string;
  readonly tmp: string;
  readonly timeoutMs: number;
  readonly screenshot?: string;
  /** Everything the workbench logs goes here. */
  readonly logFile: string;
  /** Which messages to print; all of them when `verbose`. */
  readonly showMessage: (message: string) => boolean;
  readonly verbose: boolean;
}

/** Resolves with the exit code the workbench reported (0: every test passed). */
export async function runExtensionTests(options: ExtensionTestsOptions): Promise<number> {
  const payload: [string, string][] = [
    ...options.extensionDevelopmentPaths.map((dir): [string, string] => [
      'extensionDevelopmentPath',
      remoteUri(options.port, dir),
    ]),
    ['extensionTestsPath', remoteUri(options.port, options.extensionTestsPath)],
    ['skipWelcome', 'true'],
  ];
  const browser = await launchChromium(options.tmp);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let report: (code: number) => void = () => undefined;
    const finished = new Promise<number>((resolve) => (report = resolve));
    fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => {
      const message = (Array.isArray(args) ? args : [args]).map(String).join(' ');
      fs.appendFileSync(options.logFile, `[${level}] ${message}\n`);
      // The workbench forwards its own log too: show the tests' lines and errors only.
      if (options.verbose || options.showMessage(message)) {
        console.log(message);
      } else if (level === 'error') {
        console.error(`[workbench error] ${message.split('\n')[0]}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => report(code));
    await page.goto(workbenchUrl(options.port, options.workspace, payload));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        console.error(`the extension tests did not finish within ${options.timeoutMs} ms`);
        resolve(1);
      }, options.timeoutMs);
    });
    const code = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    if (options.screenshot) {
      await page.screenshot({ path: options.screenshot }).catch(() => undefined);
    }
    return code;
  } finally {
    await browser.close();
  }
}
