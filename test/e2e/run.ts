/**
 * The end-to-end tests: `npm run test:e2e` (both suites), `test:e2e:ui`, `test:e2e:host`.
 *
 *  1. installs node 24 and code-server into the e2e home when missing (e2eHome.ts),
 *  2. `npm run package`: the production bundles and podscope-<version>.vsix,
 *  3. ui: installs that VSIX into code-server and walks through the features in Chromium
 *     (ui/uiSuite.ts), one PASS/FAIL line and one screenshot per step,
 *  4. host: the mocha suite in host/ inside the extension host, through @vscode/test-electron's
 *     runTests, with our code-server stand-in as the VS Code executable, or a downloaded
 *     desktop VS Code with PODSCOPE_E2E_VSCODE=stable (or insiders, or a version).
 *
 *  5. start: `npm start -- --browser` as a person runs it (startSuite.ts).
 *
 * Environment: PODSCOPE_E2E_HOME (install and run folders), PODSCOPE_E2E_VSCODE,
 * PODSCOPE_E2E_KEEP_RUN=1 (keep run folders after a pass), PODSCOPE_E2E_DOCS_IMAGES=1 (copy the
 * README screenshots to docs/images after a passing UI run), PODSCOPE_E2E_HEADED=1, CHROMIUM_PATH.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, recordRequests, workbenchUrl } from './harness/browser';
import { bundleE2e } from './harness/bundle';
import { type CodeServer, installVsix, startCodeServer } from './harness/codeServer';
import { e2eLayout, type E2eLayout } from './harness/e2eHome';
import { ensureInstalled, findChromium, MissingPrerequisiteError } from './harness/install';
import { exitOnInterrupt } from './harness/interrupt';
import { StepRunner } from './harness/stepRunner';
import { runStartSuite } from './startSuite';
import { documentationImages, type UiContext, uiSteps } from './ui/uiSuite';
import { Workbench } from './ui/workbench';

const repoRoot = path.resolve(__dirname, '../..');
const fixtureWorkspace = path.join(repoRoot, 'test/e2e/workspace');
const screenshots = path.join(repoRoot, 'test/e2e/screenshots');

type Suite = 'ui' | 'host' | 'start';

const log = (line: string): void => console.log(`[e2e] ${line}`);

/** Things to stop on Ctrl+C, or when a suite ends however it ends. */
const running: { server?: CodeServer; browser?: Browser; runDir?: string } = {};

async function main(): Promise<number> {
  const argument = process.argv[2] ?? 'all';
  if (!['ui', 'host', 'start', 'all'].includes(argument)) {
    console.error('usage: tsx test/e2e/run.ts [ui|host|start|all]');
    return 2;
  }
  const suites: Suite[] = argument === 'all' ? ['ui', 'host', 'start'] : [argument as Suite];
  const desktopVersion = desktopVsCode();
  const layout = e2eLayout();
  // The code-server stand-in, started by test-electron, finds the same home through this.
  process.env.PODSCOPE_E2E_HOME = layout.home;
  exitOnInterrupt(async () => {
    await running.browser?.close().catch(() => undefined);
    await running.server?.stop();
    if (running.runDir) {
      log(`run folder kept: ${running.runDir}`);
    }
  });

  const steps = new StepRunner(screenshots, () => undefined);
  const needsCodeServer = suites.includes('ui') || suites.includes('start') || !desktopVersion;
  if (needsCodeServer) {
    log(`e2e home: ${layout.home} (set PODSCOPE_E2E_HOME to move it)`);
    findChromium();
    await ensureInstalled(layout, (line) => log(`install: ${line}`));
  }

  let vsix = '';
  await steps.step('package', async () => {
    vsix = await packageVsix();
    return `${path.basename(vsix)}, ${Math.round(fs.statSync(vsix).size / 1024)} KB`;
  });
  if (steps.failed > 0) {
    return 1;
  }
  const bundles = await bundleE2e(repoRoot);

  let failed = 0;
  if (suites.includes('ui')) {
    failed += await runUiSuite(layout, vsix);
  }
  if (suites.includes('host')) {
    failed += await runHostSuite(layout, vsix, bundles, desktopVersion);
  }
  if (suites.includes('start')) {
    const startSteps = new StepRunner(screenshots, () => undefined);
    await runStartSuite(layout, repoRoot, startSteps);
    failed += startSteps.failed;
  }
  log(failed === 0 ? 'all end-to-end steps passed' : `${failed} end-to-end step(s) failed`);
  return failed === 0 ? 0 : 1;
}

/** PODSCOPE_E2E_VSCODE: unset or `code-server` → our stand-in; `download` → stable; else a version. */
function desktopVsCode(): string | undefined {
  const value = process.env.PODSCOPE_E2E_VSCODE;
  if (!value || value === 'code-server') {
    return undefined;
  }
  return value === 'download' ? 'stable' : value;
}

/** `npm run package`, the README's own command; returns the .vsix it wrote. */
async function packageVsix(): Promise<string> {
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const vsix = path.join(repoRoot, `podscope-${version}.vsix`);
  fs.rmSync(vsix, { force: true });
  const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn('npm', ['run', 'package'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, text }));
  });
  if (output.code !== 0 || !fs.existsSync(vsix)) {
    throw new Error(`npm run package failed (exit ${output.code}):\n${output.text}`);
  }
  return vsix;
}

function newRunDir(layout: E2eLayout, suite: Suite): { runDir: string; workspace: string } {
  fs.mkdirSync(layout.runs, { recursive: true });
  const runDir = fs.mkdtempSync(path.join(layout.runs, `${suite}-`));
  // A fresh copy per run: the tests type into the files and save them.
  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(fixtureWorkspace, workspace, { recursive: true });
  running.runDir = runDir;
  return { runDir, workspace };
}

/** Removes the run folder after a pass; keeps it, and says where, after a failure. */
function finishRun(runDir: string, passed: boolean): void {
  running.runDir = undefined;
  if (passed && !process.env.PODSCOPE_E2E_KEEP_RUN) {
    fs.rmSync(runDir, { recursive: true, force: true });
  } else {
    log(`run folder kept (code-server.log, user-data/logs, workspace): ${runDir}`);
  }
}

async function runUiSuite(layout: E2eLayout, vsix: string): Promise<number> {
  const { runDir, workspace } = newRunDir(layout, 'ui');
  for (const file of fs.existsSync(screenshots) ? fs.readdirSync(screenshots) : []) {
    if (file.endsWith('.png')) {
      fs.rmSync(path.join(screenshots, file));
    }
  }
  let page: Page | undefined;
  const steps = new StepRunner(screenshots, () => page);
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  try {
    const installed = await steps.step('install-vsix', async () => {
      const folder = await installVsix({ layout, runDir, userDataDir, extensionsDir }, vsix);
      return `installed into ${path.relative(runDir, folder)}`;
    });
    if (installed) {
      const server = await startCodeServer({ layout, runDir, workspace, userDataDir, extensionsDir });
      running.server = server;
      const browser = await launchChromium(path.join(runDir, 'tmp'));
      running.browser = browser;
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const requests = recordRequests(context);
      const newPage = await context.newPage();
      page = newPage;
      newPage.setDefaultTimeout(30_000);
      const pageLog = path.join(runDir, 'page-errors.log');
      newPage.on('pageerror', (error) => fs.appendFileSync(pageLog, `${error.stack ?? error.message}\n`));
      const ui: UiContext = {
        page: newPage,
        workbench: new Workbench(newPage),
        steps,
        workspace,
        repoRoot,
        requests,
        loadWorkbench: async () => {
          await newPage.goto(workbenchUrl(server.port, workspace));
        },
      };
      for (const step of uiSteps) {
        const pending = step.pending?.(ui);
        if (pending) {
          steps.todo(step.name, pending);
          continue;
        }
        const passed = await steps.step(step.name, () => step.run(ui));
        if (!passed && step.required) {
          log(`"${step.name}" failed; the steps after it need it, so the UI suite stops here`);
          break;
        }
      }
    }
  } catch (error) {
    steps.results.push({ name: 'ui-suite', status: 'FAIL', ms: 0 });
    console.log(`FAIL ui-suite  ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    await running.browser?.close().catch(() => undefined);
    running.browser = undefined;
    await running.server?.stop();
    running.server = undefined;
  }
  const failed = steps.failed;
  if (failed === 0 && process.env.PODSCOPE_E2E_DOCS_IMAGES) {
    copyDocumentationImages();
  }
  log(`screenshots: ${path.relative(repoRoot, screenshots)}/`);
  finishRun(runDir, failed === 0);
  return failed;
}

function copyDocumentationImages(): void {
  const files = fs.readdirSync(screenshots);
  for (const [label, target] of Object.entries(documentationImages)) {
    const shot = files.find((file) => file.replace(/^\d+-/, '') === `${label}.png`);
    if (shot) {
      fs.copyFileSync(path.join(screenshots, shot), path.join(repoRoot, 'docs/images', target));
      log(`docs/images/${target} ← ${shot}`);
    }
  }
}

async function runHostSuite(
  layout: E2eLayout,
  vsix: string,
  bundles: { codeShim: string; hostTests: string },
  desktopVersion: string | undefined,
): Promise<number> {
  const { runDir, workspace } = newRunDir(layout, 'host');
  const profile = [
    `--user-data-dir=${path.join(runDir, 'user-data')}`,
    `--extensions-dir=${path.join(runDir, 'extensions')}`,
  ];
  // The tests read what they expect of the fixtures from the repository, wherever the extension is.
  const testsEnv = { PODSCOPE_REPO_ROOT: repoRoot };
  const steps = new StepRunner(screenshots, () => undefined);
  await steps.step(
    desktopVersion ? `host-suite (VS Code ${desktopVersion})` : 'host-suite (code-server)',
    async () => {
      let code: number;
      if (desktopVersion) {
        // Desktop VS Code runs the extension from the repository, as F5 does.
        code = await runTests({
          version: desktopVersion,
          extensionDevelopmentPath: repoRoot,
          extensionTestsPath: bundles.hostTests,
          launchArgs: [workspace, '--disable-extensions', ...profile],
          extensionTestsEnv: testsEnv,
        });
      } else {
        // code-server runs the packaged extension, unpacked from the VSIX into the run folder, so
        // that a `npm run build` elsewhere (which empties dist/) cannot pull it away mid-run.
        const extension = await installVsix(
          {
            layout,
            runDir,
            userDataDir: path.join(runDir, 'staging-user-data'),
            extensionsDir: path.join(runDir, 'staging'),
          },
          vsix,
        );
        code = await runTests({
          vscodeExecutablePath: bundles.codeShim,
          extensionDevelopmentPath: extension,
          extensionTestsPath: bundles.hostTests,
          launchArgs: [workspace, ...profile],
          extensionTestsEnv: { ...testsEnv, PODSCOPE_E2E_HOME: layout.home, PODSCOPE_E2E_RUN_DIR: runDir },
        });
      }
      if (code !== 0) {
        throw new Error(`the extension host tests exited with ${code}`);
      }
    },
  );
  finishRun(runDir, steps.failed === 0);
  return steps.failed;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof MissingPrerequisiteError) {
      console.error(`[e2e] missing prerequisite: ${error.message}`);
    } else {
      console.error('[e2e]', error);
    }
    process.exit(1);
  },
);
