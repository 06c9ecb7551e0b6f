/**
 * What a person sees when using the installed Podscope VSIX in a real VS Code workbench: the
 * steps below run in order on one window, each printed as PASS/FAIL with its duration and ending
 * with a screenshot. A new step is one more entry in `uiSteps`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { expandSnippet, loadSnippets } from '../../support/snippets';
import {
  duplicateContainerNameRuleStatus,
  expectedPodDiagnostics,
  podOutline,
  problemsPosition,
  rangeOfExpected,
  unknownFieldDiagnostic,
} from '../podExpectations';
import type { RequestLog } from '../harness/browser';
import type { StepRunner } from '../harness/stepRunner';
import { pollUntil } from '../../support/polling';
import {
  configMapFile,
  configMapName,
  declaration,
  deploymentFile,
  envFromReference,
  nameAfter,
  renamedAnchors,
  renamedConfigMap,
  renamedText,
} from '../workspaceExpectations';
import { Catalog, minorName } from '../../../server/src/catalog/catalog';
import { coveredMinors } from '../../../server/src/catalog/targetMinor';
import { scenarioSchema } from '../../../server/src/simulator/scenarioSchema';
import { hasWorkloadController } from '../../../server/src/simulator/workloadSimulator';
import { oneLine, type Workbench } from './workbench';

export interface UiContext {
  readonly page: Page;
  readonly workbench: Workbench;
  readonly steps: StepRunner;
  /** The workspace folder open in the window (a fresh copy of test/e2e/workspace). */
  readonly workspace: string;
  readonly repoRoot: string;
  readonly loadWorkbench: () => Promise<void>;
  readonly requests: RequestLog;
}

export interface UiStep {
  readonly name: string;
  /** Why the step cannot run yet, if so: it is then reported as TODO, not run. */
  readonly pending?: (context: UiContext) => string | undefined;
  /** A failed step that the following ones need stops the run. */
  readonly required?: boolean;
  readonly run: (context: UiContext) => Promise<string | void>;
}

/** Screenshots worth showing in the README: step screenshot label → docs/images file. */
export const documentationImages: Record<string, string> = {
  diagnostics: 'diagnostics.png',
  'completion-list': 'completion.png',
  hover: 'hover.png',
  'quick-fix-menu': 'quick-fix.png',
  simulator: 'simulator.png',
  rollout: 'simulator-rollout.png',
  'rollout-pod': 'simulator-rollout-pod.png',
};

const podFile = 'pod.yaml';
const rolloutFile = 'rollout.yaml';

export const uiSteps: UiStep[] = [
  {
    name: 'workbench',
    required: true,
    async run({ page, loadWorkbench }) {
      await loadWorkbench();
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page
        .locator('.explorer-folders-view .monaco-list-row', { hasText: podFile })
        .waitFor({ timeout: 60_000 });
      return await page.title();
    },
  },
  {
    name: 'diagnostics',
    required: true,
    async run({ page, workbench, workspace, repoRoot }) {
      await workbench.openFile(podFile);
      const mode = oneLine(await page.locator('#status\\.editor\\.mode').innerText());
      if (mode !== 'YAML') {
        throw new Error(`language mode ${mode}, expected YAML`);
      }
      const text = fs.readFileSync(path.join(workspace, podFile), 'utf8');
      const expected = expectedPodDiagnostics(repoRoot);
      const squiggles = workbench.activeEditor.locator('.squiggly-error');
      await squiggles.nth(expected.length - 1).waitFor({ timeout: 60_000 });
      await page.keyboard.press('Control+Shift+M');
      const rows: string[] = [];
      for (const want of expected) {
        // A row reads "message podscope code [Ln x, Col y]".
        const row = page.locator('.markers-panel .monaco-list-row', { hasText: want.message }).first();
        await row.waitFor({ timeout: 30_000 });
        const rowText = oneLine(await row.innerText());
        const ending = `podscope ${want.code} ${problemsPosition(rangeOfExpected(text, want))}`;
        const matches = want.exact
          ? rowText === `${want.message} ${ending}`
          : rowText.startsWith(want.message) && rowText.endsWith(ending);
        if (!matches) {
          throw new Error(
            `Problems row "${rowText}", expected "${want.message}${want.exact ? '' : '…'} ${ending}"`,
          );
        }
        rows.push(`"${rowText}"`);
      }
      const status = oneLine(await page.locator('#status\\.problems').innerText());
      const todo =
        duplicateContainerNameRuleStatus(repoRoot) === 'registered'
          ? ''
          : ' TODO: duplicate-container-name not asserted until the rule is in server/src/rules/index.ts;';
      return `${rows.join(' ')} status bar "${status}";${todo}`;
    },
  },
  {
    name: 'hover',
    async run({ page, workbench, workspace }) {
      await workbench.dismiss();
      await page.keyboard.press('Control+J'); // hide the panel: the hover gets the room
      const text = fs.readFileSync(path.join(workspace, podFile), 'utf8');
      const offset = text.indexOf('livenessProbe:') + 'live'.length;
      const [line, character] = lineAndCharacter(text, offset);
      await workbench.goTo(line, character);
      await page.keyboard.press('Control+K'); // the chord Ctrl+K Ctrl+I: Show or Focus Hover
      await page.keyboard.press('Control+I');
      const hover = page
        .locator('.monaco-hover-content')
        .filter({ hasText: 'pod.spec.containers.livenessProbe' });
      await hover.first().waitFor({ timeout: 30_000 });
      const content = oneLine(await hover.first().innerText());
      for (const expected of [
        'pod.spec.containers.livenessProbe <Probe>',
        'Periodic probe of container liveness.',
      ]) {
        if (!content.includes(expected)) {
          throw new Error(`hover lacks "${expected}": ${content.slice(0, 300)}`);
        }
      }
      return `"${content.slice(0, 120)}…"`;
    },
  },
  {
    name: 'completion',
    async run({ page, workbench, steps, workspace }) {
      await workbench.dismiss();
      const file = path.join(workspace, podFile);
      const before = fs.readFileSync(file, 'utf8');
      // The end of containers[0]'s `image:` line; Enter keeps its indentation.
      const imageLine = before.indexOf('      image: nginx:1.27\n');
      const [line, character] = lineAndCharacter(before, imageLine + '      image: nginx:1.27'.length);
      await workbench.goTo(line, character);
      await page.keyboard.press('Enter');
      await workbench.openSuggestions();
      await steps.screenshot('completion-list');
      await workbench.narrowSuggestions('livenessP', 'livenessProbe');
      const labels = await workbench.suggestWidget.locator('.monaco-list-row .label-name').allInnerTexts();
      await page.keyboard.press('Enter');
      await workbench.suggestWidget.waitFor({ state: 'hidden' });
      // The cursor waits in the probe's body, one level deeper than the key.
      await workbench.waitForCursor(line + 2, 8);
      const after = await workbench.saveAndRead(file);
      const insertAt = imageLine + '      image: nginx:1.27\n'.length;
      const expected = `${before.slice(0, insertAt)}      livenessProbe:\n        \n${before.slice(insertAt)}`;
      if (after !== expected) {
        throw new Error(`after accepting livenessProbe the file reads:\n${after}`);
      }
      return `listed ${JSON.stringify(labels)}; inserted "livenessProbe:" with its body indented by 8`;
    },
  },
  {
    name: 'quick-fix',
    async run({ page, workbench, steps, workspace }) {
      await workbench.dismiss();
      const file = path.join(workspace, podFile);
      const before = fs.readFileSync(file, 'utf8');
      const range = rangeOfExpected(before, unknownFieldDiagnostic);
      await workbench.goTo(range.line, range.character);
      // The light bulb shows that a fix is there; Ctrl+. opens its menu.
      await workbench.activeEditor.locator('.lightBulbWidget').waitFor({ timeout: 30_000 });
      await page.keyboard.press('Control+.');
      const row = page.locator('.monaco-list-row', { hasText: 'Rename to "ports"' });
      const menu = page.locator('.action-widget', { has: row });
      const fix = menu.locator(row);
      await fix.waitFor({ timeout: 30_000 });
      const menuText = oneLine(await menu.innerText());
      await steps.screenshot('quick-fix-menu');
      await fix.click();
      await fix.waitFor({ state: 'hidden' });
      const after = await workbench.saveAndRead(file);
      const expected = before.replace('      poarts:\n', '      ports:\n');
      if (after !== expected) {
        throw new Error(`after the fix the file reads:\n${after}`);
      }
      return `menu "${menuText}"; the file changed only poarts: → ports:`;
    },
  },
  {
    name: 'snippet',
    async run({ page, workbench, workspace, repoRoot }) {
      await workbench.dismiss();
      const file = path.join(workspace, 'deployment.yaml');
      await workbench.openFile('deployment.yaml');
      await page.keyboard.type('k8s-deployment');
      await workbench.openSuggestions();
      await workbench.narrowSuggestions('', 'k8s-deployment');
      await page.keyboard.press('Enter');
      await workbench.suggestWidget.waitFor({ state: 'hidden' });
      await page.keyboard.press('Escape'); // leave snippet mode: every placeholder keeps its default
      const snippet = [...loadSnippets(path.join(repoRoot, 'snippets/kubernetes.json')).values()].find(
        (candidate) => candidate.prefix === 'k8s-deployment',
      );
      if (!snippet) {
        throw new Error('snippets/kubernetes.json has no k8s-deployment');
      }
      const after = await workbench.saveAndRead(file);
      const expected = expandSnippet(snippet.body).text;
      if (after !== expected) {
        throw new Error(`after the snippet the file reads:\n${after}\nexpected:\n${expected}`);
      }
      return `inserted the ${expected.split('\n').length}-line Deployment`;
    },
  },
  {
    name: 'outline',
    async run({ page, workbench }) {
      await workbench.dismiss();
      await workbench.openFile(podFile);
      await workbench.runCommand('Explorer: Focus on Outline View');
      const rows = page.locator('.outline-pane .monaco-list-row');
      const wanted = [podOutline.name, ...podOutline.containers];
      await rows.nth(wanted.length - 1).waitFor({ timeout: 30_000 });
      const labels = (await rows.locator('.label-name').allInnerTexts()).map(oneLine);
      if (JSON.stringify(labels) !== JSON.stringify(wanted)) {
        throw new Error(`outline rows ${JSON.stringify(labels)}, expected ${JSON.stringify(wanted)}`);
      }
      return `rows ${JSON.stringify(labels)}`;
    },
  },
  {
    name: 'go-to-definition',
    async run({ page, workbench, workspace }) {
      await workbench.dismiss();
      await workbench.openFile(deploymentFile);
      const text = fs.readFileSync(path.join(workspace, deploymentFile), 'utf8');
      const reference = nameAfter(text, envFromReference);
      await workbench.goTo(reference.line, reference.character + 3);
      // The ConfigMap's file is known once the server has indexed the workspace in the background
      // (it is never opened before): until then F12 finds nothing, and is pressed again.
      const target = page.locator('.tab.active', { hasText: configMapFile });
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('F12');
        try {
          await target.waitFor({ timeout: 5_000 });
          break;
        } catch (error) {
          if (attempt === 6) {
            throw error;
          }
          await page.keyboard.press('Escape'); // the "No definition found" message
        }
      }
      const declared = nameAfter(fs.readFileSync(path.join(workspace, configMapFile), 'utf8'), declaration);
      await workbench.waitForCursor(declared.line, declared.character);
      return `F12 on ${deploymentFile} Ln ${reference.line + 1} opened ${configMapFile} at metadata.name, Ln ${declared.line + 1}, Col ${declared.character + 1}`;
    },
  },
  {
    name: 'rename',
    async run({ page, workbench, steps, workspace }) {
      const files = [deploymentFile, configMapFile].map((file) => path.join(workspace, file));
      const before = files.map((file) => fs.readFileSync(file, 'utf8'));
      // From where go-to-definition left the cursor, the ConfigMap's name (put there if it failed).
      if ((await page.locator('.tab.active', { hasText: configMapFile }).count()) === 0) {
        await workbench.dismiss();
        await workbench.openFile(configMapFile);
      }
      const declared = nameAfter(before[1]!, declaration);
      await workbench.goTo(declared.line, declared.character);
      const expected = [deploymentFile, configMapFile].map((file, index) =>
        renamedText(before[index]!, renamedAnchors[file]!),
      );
      await page.keyboard.press('F2');
      // The box shows before it takes the focus (after the server's prepareRename answers): a key
      // pressed in between goes to the editor, so wait for the focus, and enter the name with
      // `fill`, which sets the input's whole value at once, as Workbench.quickInput does.
      const input = page.locator('.monaco-editor .rename-box .rename-input');
      await page.locator('.monaco-editor .rename-box .rename-input:focus').waitFor({ timeout: 30_000 });
      const offered = await input.inputValue();
      if (offered !== configMapName) {
        throw new Error(`the rename box offers "${offered}", expected "${configMapName}"`);
      }
      await input.fill(renamedConfigMap);
      await steps.screenshot('rename-box');
      await input.press('Enter');
      await input.waitFor({ state: 'hidden' });
      await workbench.activeEditor.locator('.view-lines', { hasText: renamedConfigMap }).waitFor();
      // Both files changed (the Deployment's in its tab, in the background): save them all.
      await workbench.runCommand('File: Save All');
      await page.locator('.tab.dirty').first().waitFor({ state: 'detached' });
      const after = await pollUntil('both files saved with the new name', 10_000, () => {
        const read = files.map((file) => fs.readFileSync(file, 'utf8'));
        return read.every((text, index) => text === expected[index]) ? read : undefined;
      }).catch(() => files.map((file) => fs.readFileSync(file, 'utf8')));
      [deploymentFile, configMapFile].forEach((file, index) => {
        if (after[index] !== expected[index]) {
          throw new Error(`after the rename ${file} reads:\n${after[index]}\nexpected:\n${expected[index]}`);
        }
      });
      return (
        `"${configMapName}" → "${renamedConfigMap}": ${deploymentFile} changed in its configMapRef and ` +
        `configMapKeyRef, ${configMapFile} in metadata.name, nothing else`
      );
    },
  },
  {
    name: 'simulator',
    pending: ({ repoRoot }) =>
      contributesCommand(repoRoot, simulateTitle)
        ? undefined
        : `the "${simulateTitle}" command is not in package.json yet`,
    async run({ page, workbench, workspace }) {
      await workbench.dismiss();
      const file = 'lifecycle.yaml';
      await workbench.openFile(file);
      await workbench.runCommand(`Podscope: ${simulateTitle}`);
      // The outer frame is VS Code's webview host page, the inner one our HTML.
      const webview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      await webview.locator('header h1', { hasText: 'Pod batch' }).waitFor({ timeout: 30_000 });
      const lanes = (await webview.locator('.lane-container .lane-label').allTextContents()).map(oneLine);
      for (const container of ['worker', 'metrics']) {
        if (!lanes.some((lane) => lane.startsWith(`${container} `))) {
          throw new Error(`no lane for ${container}: ${JSON.stringify(lanes)}`);
        }
      }
      // The scenario says what the manifest cannot: the worker fails 10 s after each start. Each
      // field commits on Enter and the panel then renders a new simulation, replacing the inputs:
      // wait for that render before the next field. A value typed into an input that a render
      // replaced in between is lost, as it would be for a person, who would type it again: so do we.
      // (SVG <title> tooltips are never visible: wait for them to be attached.)
      const worker = webview.locator('g.lane-container[data-lane^="worker "] rect title');
      for (const [field, value, rendered] of [
        ['#c0-exitAfter', '10', 'Terminated:'],
        ['#c0-exitCode', '1', 'Terminated: Error (exit 1)'],
      ] as const) {
        for (let attempt = 1; ; attempt++) {
          await webview.locator(field).fill(value);
          await webview.locator(field).press('Enter');
          try {
            await worker
              .filter({ hasText: rendered })
              .first()
              .waitFor({ state: 'attached', timeout: 10_000 });
            break;
          } catch (error) {
            if (attempt === 3) {
              throw error;
            }
          }
        }
      }
      await worker.filter({ hasText: 'CrashLoopBackOff' }).first().waitFor({ state: 'attached' });
      const always = await timelineOf(webview);
      // restartPolicy: Never in the editor (unsaved): the panel simulates again as the YAML changes.
      const text = fs.readFileSync(path.join(workspace, file), 'utf8');
      const [line, character] = lineAndCharacter(
        text,
        text.indexOf('restartPolicy: Always') + 'restartPolicy: '.length,
      );
      await page
        .locator('.editor-group-container', { has: page.locator('.tab', { hasText: file }) })
        .locator('.view-lines')
        .click();
      await workbench.goTo(line, character);
      await page.keyboard.press('Control+Shift+ArrowRight');
      await page.keyboard.type('Never');
      await webview.locator('header', { hasText: 'restartPolicy Never' }).waitFor({ timeout: 30_000 });
      await worker
        .filter({ hasText: 'Terminated: Error (exit 1)' })
        .first()
        .waitFor({ state: 'attached', timeout: 30_000 });
      const never = await timelineOf(webview);
      // For the screenshot: the side bar away (Ctrl+B), the timeline at the top of the panel. The
      // wider panel renders the timeline again (100 ms after the resize), replacing its elements:
      // wait for that render before touching them.
      const rendersBefore = await webview.locator('#app').getAttribute('data-renders');
      await page.keyboard.press('Control+B');
      await page.locator('#workbench\\.parts\\.sidebar').waitFor({ state: 'hidden' });
      await webview.locator(`#app:not([data-renders="${rendersBefore ?? ''}"])`).waitFor();
      await webview.locator('header').scrollIntoViewIfNeeded();
      if (never.worker.some((segment) => segment.includes('CrashLoopBackOff')) || never.backOffs > 0) {
        throw new Error(`with restartPolicy Never the worker still backs off: ${JSON.stringify(never)}`);
      }
      return (
        `lanes ${JSON.stringify(lanes)}; worker, Always: ${always.backOffs} BackOff events, ` +
        `Never: ends "${never.worker[never.worker.length - 1] ?? ''}"`
      );
    },
  },
  {
    // A Deployment's update whose new pods never become ready: the rollout stalls (maxSurge 1,
    // maxUnavailable 0 for 3 replicas, pkg/controller/deployment/rolling.go), the old pods keep
    // serving, and Progressing turns False (ProgressDeadlineExceeded, progress.go).
    name: 'workload-rollout',
    pending: ({ repoRoot }) =>
      !contributesCommand(repoRoot, simulateTitle)
        ? `the "${simulateTitle}" command is not in package.json yet`
        : !hasWorkloadController('Deployment')
          ? 'the simulator has no Deployment controller yet'
          : scenarioSchema.properties?.['update']?.['x-form'] === undefined
            ? 'the scenario form does not offer the update knob yet'
            : undefined,
    async run({ page, workbench, steps }) {
      await workbench.dismiss();
      await workbench.openFile(rolloutFile);
      await workbench.runCommand(`Podscope: ${simulateTitle}`);
      const webview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      await webview.locator('header h1', { hasText: 'Deployment web' }).waitFor({ timeout: 30_000 });
      await webview.locator('svg.workload .revision-label').first().waitFor();
      const before = await webview.locator('svg.workload .revision-label').allTextContents();
      if (before.length !== 1) {
        throw new Error(`before the update: ${JSON.stringify(before)}, expected one revision`);
      }
      // The update, in the scenario form: at 60 s a new revision whose readiness probe fails from
      // its start. Each field commits on Enter; the form stays in place across renders.
      for (const [field, value] of [
        ['#pod-update-containers-c0-readiness-from', '0'],
        ['#pod-update-at', '60'],
      ] as const) {
        await webview.locator(field).fill(value);
        await webview.locator(field).press('Enter');
      }
      const revisions = webview.locator('svg.workload .revision-label');
      await revisions.nth(1).waitFor({ timeout: 30_000 });
      const progressing = webview.locator(
        'svg.workload [data-lane="Progressing"] .segment.state-failed title',
      );
      await progressing.first().waitFor({ state: 'attached', timeout: 30_000 });
      const labels = (await revisions.allTextContents()).map(oneLine);
      const newRevision = labels[1]?.replace(/^revision (\S+) .*$/, '$1') ?? '';
      const newPods = webview.locator(`svg.workload g.lane-pod[data-revision="${newRevision}"]`);
      const newStates = await newPods
        .locator('.segment')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('class')));
      if (newStates.length === 0 || newStates.some((state) => state?.includes('state-ready'))) {
        throw new Error(`the new revision's pods: ${JSON.stringify(newStates)}, expected never ready`);
      }
      // The endpoints line holds at 3 from the first readiness on: the old pods keep serving.
      const endpointSteps = (
        await webview.locator('svg.workload .lane-endpoints rect title').allTextContents()
      ).map(oneLine);
      const counts = endpointSteps.map((title) => Number(title.split(' ')[0]));
      if (counts.slice(1).some((count) => count !== 3)) {
        throw new Error(
          `ready endpoints: ${JSON.stringify(endpointSteps)}, expected 3 throughout after the first`,
        );
      }
      const stall = oneLine((await progressing.first().textContent()) ?? '');
      // The cursor at 5 min: kubectl's row shows the stall (3/3 ready, 1 up to date).
      await webview.locator('.cursor-control input').fill('300');
      await webview.locator('#status-line', { hasText: '5m' }).waitFor();
      await webview.locator('header').scrollIntoViewIfNeeded();
      await steps.screenshot('rollout');
      // A new pod's own timeline: Ready never True.
      await newPods.first().locator('.lane-label').click();
      await webview.locator('header h1', { hasText: `Pod ${newRevision}` }).waitFor({ timeout: 30_000 });
      const ready = await webview
        .locator('svg.timeline [data-lane="Ready"] .segment')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('class')));
      if (ready.some((state) => state?.includes('state-ready'))) {
        throw new Error(`the new pod's Ready lane: ${JSON.stringify(ready)}, expected never True`);
      }
      await steps.screenshot('rollout-pod');
      await webview.locator('#back-to-workload').click();
      await webview.locator('svg.workload').waitFor();
      return `revisions ${JSON.stringify(labels)}; new pods never ready; endpoints ${JSON.stringify(counts)}; ${stall}`;
    },
  },
  {
    // The status bar names the target Kubernetes version of a Kubernetes file; a click chooses
    // another, written to the folder's settings; it is hidden for a YAML file that is not Kubernetes.
    name: 'kubernetes-version',
    async run({ page, workbench, workspace, repoRoot, steps }) {
      await workbench.dismiss();
      // Written first: Quick Open lists a new file only once VS Code's file watcher has seen it
      // (opening it right after writing it timed out once in CI).
      const notes = 'notes.yaml';
      fs.writeFileSync(path.join(workspace, notes), 'title: not a Kubernetes object\nitems: [1, 2]\n');
      await workbench.openFile(podFile);
      const catalog = Catalog.load(path.join(repoRoot, 'server/generated/catalog.json'));
      const covered = coveredMinors(catalog).map(minorName);
      const newest = covered[covered.length - 1]!;
      const oldest = covered[0]!;
      const item = page.locator('.statusbar-item', { hasText: 'Kubernetes 1.' });
      await page.locator('.statusbar-item', { hasText: `Kubernetes ${newest}` }).waitFor({ timeout: 30_000 });
      const tooltip = (await item.first().getAttribute('aria-label')) ?? '';
      await item.first().click();
      await chooseInQuickPick(page, oldest);
      await page.locator('.statusbar-item', { hasText: `Kubernetes ${oldest}` }).waitFor({ timeout: 30_000 });
      const settingsFile = path.join(workspace, '.vscode', 'settings.json');
      const written = await pollUntil('podscope.kubernetesVersion in the folder settings', 30_000, () => {
        const text = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : '';
        return text.includes(`"podscope.kubernetesVersion": "${oldest}"`) ? text : undefined;
      });
      await steps.screenshot('kubernetes-version');
      // Back to the default: the setting is removed, the newest is in use again.
      await item.first().click();
      await chooseInQuickPick(page, 'Default');
      await page.locator('.statusbar-item', { hasText: `Kubernetes ${newest}` }).waitFor({ timeout: 30_000 });
      await pollUntil('the setting removed', 30_000, () =>
        fs.readFileSync(settingsFile, 'utf8').includes('podscope.kubernetesVersion') ? undefined : true,
      );
      // A YAML file without apiVersion and kind has no item.
      await workbench.openFile(notes);
      await item.first().waitFor({ state: 'hidden', timeout: 30_000 });
      await page.keyboard.press('Control+W');
      fs.rmSync(path.join(workspace, notes));
      return `"${tooltip}"; chose ${oldest}: ${oneLine(written)}; back to the default ${newest}; hidden for ${notes}`;
    },
  },
  {
    name: 'offline',
    run({ requests }) {
      const external = requests.external();
      if (external.length > 0) {
        return Promise.reject(new Error(`requests left 127.0.0.1: ${external.join(' ')}`));
      }
      return Promise.resolve(
        `no request left 127.0.0.1 (${requests.servedByServiceWorker} webview resources served by VS Code's service worker)`,
      );
    },
  },
];

const simulateTitle = 'Simulate Pod Lifecycle';

/** Whether the extension contributes a command with this title (features still being built). */
function contributesCommand(repoRoot: string, title: string): boolean {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes?: { commands?: { title?: string }[] };
  };
  return manifest.contributes?.commands?.some((command) => command.title === title) ?? false;
}

/** The worker lane's segments (their tooltips) and the number of BackOff events. */
async function timelineOf(webview: FrameLocator): Promise<{ worker: string[]; backOffs: number }> {
  const worker = await webview.locator('g.lane-container[data-lane^="worker "] rect title').allTextContents();
  const backOffs = await webview.locator('#events .reason', { hasText: /^BackOff$/ }).count();
  return { worker: worker.map(oneLine), backOffs };
}

/** In the open Quick Pick: types the text, waits for the focused row to show it, picks it. */
async function chooseInQuickPick(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: text }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

function lineAndCharacter(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset);
  return [before.split('\n').length - 1, offset - (before.lastIndexOf('\n') + 1)];
}
