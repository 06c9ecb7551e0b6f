/**
 * The simulator webview in a real browser (Debian's Chromium through playwright-core), outside
 * VS Code: the production page and bundle, a stand-in for `acquireVsCodeApi`, and timelines from
 * the real engine. The end-to-end suite checks the same panel inside VS Code.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { parse } from 'yaml';
import { webviewHtml } from '../../client/src/webview/html';
import type { FromWebview, ToWebview } from '../../client/src/webview/messages';
import { simulatePod } from '../../server/src/simulator/simulator';
import type { Scenario } from '../../server/src/simulator/types';
import { repoRoot } from '../support/paths';
import { stalledRollout } from '../support/workloadFixtures';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const origin = 'https://webview.podscope.test';

function podManifest(restartPolicy: string, names = ['init-db', 'web']): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  restartPolicy: ${restartPolicy}
  initContainers:
    - name: ${names[0]}
      image: busybox:1.37
  containers:
    - name: ${JSON.stringify(names[1])}
      image: nginx:1.27
`;
}

function simulation(manifest: string, scenario: Scenario = {}): ToWebview {
  const pod = parse(manifest) as { kind: string; metadata: { name: string }; spec: unknown };
  const outcome = simulatePod({ kind: pod.kind, name: pod.metadata.name, podSpec: pod.spec }, scenario);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.error);
  return {
    type: 'simulation',
    source: {
      uri: 'file:///work/pod.yaml',
      fileName: 'pod.yaml',
      documentIndex: 0,
      kind: pod.kind,
      name: pod.metadata.name,
    },
    scenario,
    result: outcome.result,
  };
}

function workloadSimulation(scenario: Scenario = {}, fields: string[] = []): ToWebview {
  return {
    type: 'workload',
    source: {
      uri: 'file:///work/web.yaml',
      fileName: 'web.yaml',
      documentIndex: 0,
      kind: 'Deployment',
      name: 'web',
      fields,
    },
    scenario,
    result: stalledRollout(),
  };
}

describe('simulator webview (Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;
  let script: string;

  before(async function () {
    if (!fs.existsSync(chromiumPath)) {
      throw new Error(
        `Chromium is needed for the webview test and was not found at ${chromiumPath}. Install it with: sudo apt-get install chromium (or set CHROMIUM_PATH).`,
      );
    }
    const bundle = await esbuild.build({
      entryPoints: [path.join(repoRoot, 'client/src/webview/main.ts')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
    });
    script = bundle.outputFiles[0]!.text;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
  });

  after(async () => {
    await browser?.close();
  });

  /** Opens the production page with a recording stand-in for the VS Code webview API. */
  async function open(): Promise<{ page: Page; received: () => Promise<FromWebview[]> }> {
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // A string, not a function: the test runner's transpiler would add helpers the page lacks.
    await page.addInitScript(`
      const sent = [];
      let state;
      window.__sent = sent;
      window.acquireVsCodeApi = () => ({
        postMessage: (message) => sent.push(message),
        getState: () => state,
        setState: (next) => { state = next; },
      });
    `);
    await page.route(`${origin}/**`, (route) => {
      const file = new URL(route.request().url()).pathname;
      if (file === '/webview.js') {
        return route.fulfill({ contentType: 'text/javascript', body: script });
      }
      if (file === '/webview.css') {
        return route.fulfill({
          contentType: 'text/css',
          path: path.join(repoRoot, 'client/src/webview/style.css'),
        });
      }
      if (file === '/index.html') {
        return route.fulfill({
          contentType: 'text/html',
          body: webviewHtml({
            cspSource: origin,
            nonce: 'test-nonce',
            scriptUri: `${origin}/webview.js`,
            styleUri: `${origin}/webview.css`,
          }),
        });
      }
      return route.abort();
    });
    await page.goto(`${origin}/index.html`);
    return {
      page,
      received: async () => {
        assert.deepEqual(errors, []);
        return (await page.evaluate(
          () => (window as unknown as { __sent: unknown[] }).__sent,
        )) as FromWebview[];
      },
    };
  }

  /** Posts a message to the webview and waits until it has been handled (rendered). */
  async function post(message: unknown): Promise<void> {
    const before = await page.evaluate(() => Number(document.getElementById('app')!.dataset.renders ?? 0));
    await page.evaluate((data) => window.postMessage(data, '*'), message);
    await page.waitForFunction(
      (count) => Number(document.getElementById('app')!.dataset.renders ?? 0) > count,
      before,
    );
  }

  /** Posts a message the webview must ignore: nothing may be rendered for it. */
  async function postIgnored(message: unknown): Promise<void> {
    const before = await page.evaluate(() => document.getElementById('app')!.dataset.renders);
    await page.evaluate((data) => window.postMessage(data, '*'), message);
    // A well-formed message posted after it is handled after it: once that one is rendered,
    // the ignored one has had its turn.
    await post({ type: 'error', message: 'probe', scenario: {} });
    assert.equal(
      Number(await page.evaluate(() => document.getElementById('app')!.dataset.renders)),
      Number(before) + 1,
    );
  }

  it('asks for the simulation, then renders lanes, the status line and the events', async () => {
    const { received } = await open();
    assert.deepEqual(await received(), [{ type: 'ready' }]);
    await post(simulation(podManifest('Always')));
    await page.locator('svg.timeline [data-lane="web (app)"]').waitFor();
    const lanes = await page
      .locator('svg.timeline .lane')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-lane')));
    assert.deepEqual(lanes, [
      'Phase',
      'PodScheduled',
      'PodReadyToStartContainers',
      'Initialized',
      'ContainersReady',
      'Ready',
      'init-db (init)',
      'web (app)',
    ]);
    assert.equal(await page.locator('h1').innerText(), 'Pod web');
    const events = await page.locator('#events li .reason').allInnerTexts();
    assert.equal(events[0], 'Scheduled');
    assert.ok(events.includes('Started'));
  });

  it('moves the time cursor and shows the status at that moment', async () => {
    await open();
    await post(simulation(podManifest('Always'), { duration: 120 }));
    await page.locator('#status-line').waitFor();
    await page.locator('.cursor-control input').fill('0');
    assert.match(
      await page.locator('#status-line tr:nth-child(2)').innerText(),
      /^web\s+0\/1\s+Init:0\/1\s+0\s+0s\s+Pending$/,
    );
    await page.locator('.cursor-control input').fill('120');
    assert.match(
      await page.locator('#status-line tr:nth-child(2)').innerText(),
      /^web\s+1\/1\s+Running\s+0\s+2m\s+Running$/,
    );
  });

  it('updates the timeline when a new simulation arrives (an edited restartPolicy)', async () => {
    await open();
    const scenario: Scenario = { duration: 300, containers: { web: { exitAfter: 5, exitCode: 1 } } };
    await post(simulation(podManifest('Always'), scenario));
    await page.locator('.cursor-control input').fill('300');
    await page.locator('#status-line', { hasText: 'CrashLoopBackOff' }).waitFor();
    await post(simulation(podManifest('Never'), scenario));
    await page.locator('#status-line', { hasText: 'Error' }).waitFor();
    assert.ok(!(await page.locator('#status-line').innerText()).includes('CrashLoopBackOff'));
  });

  it('explains a clicked event', async () => {
    await open();
    await post(simulation(podManifest('Always'), { containers: { web: { exitAfter: 5, exitCode: 1 } } }));
    await page.locator('#events li', { hasText: 'BackOff' }).first().click();
    const why = await page.locator('#explanation .why').innerText();
    assert.match(why, /^BackOff at \d+s: Back-off 10 s before restart \d+: the delay doubles/);
    // The panel says what a real node adds to a restart's timing (pod_workers.go jitter).
    assert.match(
      await page.locator('#explanation .note').innerText(),
      /^On a real node the restart comes up to ~15s later: /,
    );
  });

  it('sends the scenario controls and container clicks to the extension', async () => {
    const { received } = await open();
    await post(simulation(podManifest('Always')));
    await page.locator('#c1-exitAfter').fill('5');
    await page.locator('#c1-exitAfter').dispatchEvent('change');
    await page.waitForFunction(() =>
      (window as unknown as { __sent: { type: string }[] }).__sent.some(
        (message) => message.type === 'scenarioChanged',
      ),
    );
    await page.locator('svg.timeline [data-lane="web (app)"] .lane-label').click();
    const messages = await received();
    assert.deepEqual(
      messages.filter((message) => message.type !== 'ready'),
      [
        { type: 'scenarioChanged', scenario: { containers: { web: { exitAfter: 5 } } } },
        { type: 'revealContainer', name: 'web' },
      ],
    );
  });

  it('offers an ephemeral container its addedAt, and no other container', async () => {
    const { received } = await open();
    const manifest = `${podManifest('Always')}  ephemeralContainers:
    - name: debugger
      image: busybox:1.37
`;
    await post(simulation(manifest));
    await page.locator('svg.timeline [data-lane="debugger (ephemeral)"]').waitFor();
    assert.equal(await page.locator('#c0-addedAt, #c1-addedAt').count(), 0);
    await page.locator('#c2-addedAt').fill('30');
    await page.locator('#c2-addedAt').dispatchEvent('change');
    await page.waitForFunction(() =>
      (window as unknown as { __sent: { type: string }[] }).__sent.some(
        (message) => message.type === 'scenarioChanged',
      ),
    );
    assert.deepEqual(
      (await received()).filter((message) => message.type === 'scenarioChanged'),
      [{ type: 'scenarioChanged', scenario: { containers: { debugger: { addedAt: 30 } } } }],
    );
  });

  it('keeps what is being typed when a new simulation arrives', async () => {
    await open();
    await post(simulation(podManifest('Always')));
    await page.locator('#c1-exitAfter').fill('5');
    await page.locator('#c1-exitAfter').dispatchEvent('change');
    // The user moves on to the next field while the result for the first one comes back (the
    // field is still being edited: no change event yet).
    await page.evaluate(() => {
      (document.getElementById('c1-exitCode') as HTMLInputElement).value = '3';
    });
    await post(simulation(podManifest('Always'), { containers: { web: { exitAfter: 5 } } }));
    await page.locator('#status-line').waitFor();
    assert.equal(await page.locator('#c1-exitCode').inputValue(), '3');
    assert.equal(await page.locator('#c1-exitAfter').inputValue(), '5');
    await page.locator('#c1-exitCode').dispatchEvent('change');
    await page.waitForFunction(() =>
      (window as unknown as { __sent: { type: string; scenario?: unknown }[] }).__sent.some(
        (message) =>
          message.type === 'scenarioChanged' && JSON.stringify(message.scenario).includes('"exitCode":3'),
      ),
    );
  });

  it('fits the timeline into a narrow panel', async () => {
    await open();
    await page.setViewportSize({ width: 640, height: 900 });
    await post(simulation(podManifest('Always')));
    await page.locator('svg.timeline').waitFor();
    const [chart, body] = await page.evaluate(() => [
      document.querySelector('svg.timeline')!.getBoundingClientRect().width,
      document.body.clientWidth,
    ]);
    assert.ok(chart <= body, `the timeline (${chart}px) is wider than the panel (${body}px)`);
  });

  it('renders hostile names as text, and ignores malformed messages', async () => {
    const { received } = await open();
    const hostile = ['<img src=x onerror="window.__pwned=1">', '<script>window.__pwned=2</script>'];
    await post(simulation(podManifest('Always', hostile)));
    await page.locator('svg.timeline .lane').nth(7).waitFor();
    const labels = await page.locator('svg.timeline .lane-label').allTextContents();
    assert.deepEqual(labels.slice(6), [`${hostile[0]} (init)`, `${hostile[1]} (app)`]);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('#app script').count(), 0);
    await postIgnored({ type: 'simulation', source: '<b>x</b>', result: 7 });
    await postIgnored('<script>window.__pwned=3</script>');
    await postIgnored({ type: 'error', message: { toString: 'x' } });
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('svg.timeline .lane').count(), 8);
    await received();
  });

  it('loads nothing from outside its own origin', async () => {
    const requested: string[] = [];
    await open();
    page.on('request', (request) => requested.push(request.url()));
    await page.reload();
    await post(simulation(podManifest('Always')));
    await page.locator('svg.timeline .lane').first().waitFor();
    assert.ok(requested.length >= 3, requested.join('\n'));
    assert.deepEqual(
      requested.filter((url) => !url.startsWith(`${origin}/`)),
      [],
    );
  });

  it('loads under the strict CSP with a nonce', async () => {
    await open();
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.equal(
      csp,
      `default-src 'none'; style-src ${origin}; img-src ${origin}; script-src 'nonce-test-nonce'`,
    );
    assert.equal(
      await page.evaluate(() => getComputedStyle(document.body).paddingLeft),
      '16px',
      'the stylesheet from the webview origin is applied',
    );
  });

  it('draws a workload: conditions, ready endpoints, events, and pod lanes grouped by revision', async () => {
    await open();
    await post(workloadSimulation());
    await page.locator('svg.workload [data-lane="web-b-0"]').waitFor();
    const lanes = await page
      .locator('svg.workload .lane')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-lane')));
    assert.deepEqual(lanes, [
      'Available',
      'Progressing',
      'endpoints',
      'events',
      'web-a-0',
      'web-a-1',
      'web-b-0',
    ]);
    assert.deepEqual(await page.locator('svg.workload .revision-label').allTextContents(), [
      'revision web-a · 2 pods',
      'revision web-b · 1 pod',
    ]);
    assert.equal(await page.locator('h1').innerText(), 'Deployment web');
    // The new revision's pod: created at 60 s, running and never ready (the colour of not ready).
    const states = await page
      .locator('svg.workload [data-lane="web-b-0"] .segment')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('class')));
    assert.deepEqual(states, ['segment state-waiting', 'segment state-running']);
    await page.locator('.cursor-control input').fill('200');
    assert.match(
      await page.locator('#status-line tr:nth-child(2)').innerText(),
      /^web\s+2\/2\s+1\s+2\s+3m20s\s+2$/,
    );
    // The axis says its unit; the legend names the states and marks.
    assert.ok(
      (await page.locator('svg.workload .tick').allTextContents()).includes(
        'time since the workload was created (s, m, h)',
      ),
    );
    assert.ok((await page.locator('.legend').innerText()).includes('Terminating'));
  });

  it("opens a pod's detailed timeline from its lane, and goes back", async () => {
    await open();
    await post(workloadSimulation());
    await page.locator('svg.workload [data-lane="web-b-0"] .lane-label').click();
    await page.locator('svg.timeline [data-lane="web (app)"]').waitFor();
    assert.equal(await page.locator('h1').innerText(), 'Pod web-b-0');
    await page.locator('#back-to-workload').click();
    await page.locator('svg.workload').waitFor();
    assert.equal(await page.locator('h1').innerText(), 'Deployment web');
    // From the keyboard too.
    await page.locator('svg.workload [data-lane="web-a-1"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('h1', { hasText: 'Pod web-a-1' }).waitFor();
  });

  it('links the stall to progressDeadlineSeconds in the YAML, and offers the cluster controls', async () => {
    const { received } = await open();
    await post(workloadSimulation({}, ['workload.progressDeadlineSeconds']));
    await page.locator('#events li', { hasText: 'ProgressDeadlineExceeded' }).click();
    await page.locator('#explanation a.reveal').first().click();
    // A pod-only knob is not offered for a workload; the cluster's are.
    assert.equal(await page.locator('#pod-deleteAt').count(), 0);
    await page.locator('#pod-nodes').fill('4');
    await page.locator('#pod-nodes').dispatchEvent('change');
    await page.locator('#pod-nodeLoss-node').fill('node-2');
    await page.locator('#pod-nodeLoss-node').dispatchEvent('change');
    await page.locator('#pod-nodeLoss-at').fill('120');
    await page.locator('#pod-nodeLoss-at').dispatchEvent('change');
    await page.waitForFunction(() =>
      (window as unknown as { __sent: { type: string; scenario?: unknown }[] }).__sent.some(
        (message) =>
          message.type === 'scenarioChanged' && JSON.stringify(message.scenario).includes('node-2'),
      ),
    );
    const messages = (await received()).filter((message) => message.type !== 'ready');
    assert.deepEqual(messages, [
      { type: 'revealField', key: 'workload.progressDeadlineSeconds' },
      { type: 'scenarioChanged', scenario: { nodes: 4, nodeLoss: [{ node: 'node-2', at: 120 }] } },
    ]);
  });

  it('opens at the moment a link names, on its pod', async () => {
    await open();
    await post({ ...workloadSimulation(), focus: { t: 61, pod: 2, label: 'web-b-0 is not ready' } });
    await page.locator('#focus').waitFor();
    assert.equal(await page.locator('#focus').innerText(), 'Shown at 61s: web-b-0 is not ready');
    assert.equal(await page.locator('h1').innerText(), 'Pod web-b-0');
    assert.equal(await page.locator('.cursor-control input').inputValue(), '61');
  });
});
