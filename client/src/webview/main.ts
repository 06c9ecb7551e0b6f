/**
 * The simulator webview: renders the timeline the language server computed — a phase band, one
 * band per condition, one lane per container — with a time cursor, a kubectl-style status line,
 * the events, and the scenario controls. Everything from the manifest is rendered as text
 * (textContent), never as HTML.
 */
import type {
  ConditionType,
  ContainerScenario,
  ContainerSnapshot,
  FailWindow,
  PodSnapshot,
  ProbeType,
  Scenario,
  SimulationEvent,
  SimulationResult,
} from '../../../server/src/simulator/types';
import {
  type FromWebview,
  isToWebview,
  isWebviewState,
  type SimulationSource,
  type WebviewState,
} from './messages';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: WebviewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const saved = vscode.getState();
const model: {
  source?: SimulationSource;
  result?: SimulationResult;
  scenario: Scenario;
  cursor: number;
  error?: string;
  selectedEvent?: number;
} = {
  scenario: isWebviewState(saved) ? (saved.scenario ?? {}) : {},
  cursor: isWebviewState(saved) ? (saved.cursor ?? 0) : 0,
};

const app = document.getElementById('app')!;
const svgNs = 'http://www.w3.org/2000/svg';

// ---------------------------------------------------------------------------------------------
// Small DOM helpers: every text goes through textContent.

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value);
  }
  for (const child of children) {
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  return element;
}

function saveState(): void {
  vscode.setState({
    ...(model.source ? { uri: model.source.uri, documentIndex: model.source.documentIndex } : {}),
    scenario: model.scenario,
    cursor: model.cursor,
  });
}

// ---------------------------------------------------------------------------------------------
// Timeline geometry

const laneHeight = 22;
const labelWidth = 150;
/** The width of the time axis: the panel's width, so that a narrow panel shows the whole run. */
function chartWidth(): number {
  return Math.max(240, Math.min(1400, (document.body.clientWidth || 900) - labelWidth - 60));
}

function snapshotAt(result: SimulationResult, t: number): PodSnapshot {
  let current = result.snapshots[0] ?? result.final;
  for (const snapshot of result.snapshots) {
    if (snapshot.t <= t) {
      current = snapshot;
    } else {
      break;
    }
  }
  return current;
}

interface Segment {
  from: number;
  to: number;
  state: string;
  label: string;
}

/** Consecutive snapshots with the same value, as segments of the timeline. */
function segments<T>(
  result: SimulationResult,
  value: (snapshot: PodSnapshot) => T | undefined,
  describe: (value: T) => [string, string],
): Segment[] {
  const out: Segment[] = [];
  const snapshots = result.snapshots;
  for (let index = 0; index < snapshots.length; index++) {
    const snapshot = snapshots[index]!;
    const next = snapshots[index + 1];
    const to = next ? next.t : result.duration;
    const current = value(snapshot);
    if (current === undefined || to < snapshot.t) {
      continue;
    }
    const [state, label] = describe(current);
    const last = out[out.length - 1];
    if (last && last.state === state && last.label === label && last.to === snapshot.t) {
      last.to = to;
    } else {
      out.push({ from: snapshot.t, to, state, label });
    }
  }
  return out;
}

function containerState(container: ContainerSnapshot): [string, string] {
  if (container.state === 'running') {
    if (container.ready) {
      return ['ready', 'Running, ready'];
    }
    return container.started ? ['running', 'Running, not ready'] : ['starting', 'Running, not started'];
  }
  if (container.state === 'terminated') {
    return container.exitCode === 0
      ? ['completed', `Terminated: ${container.reason ?? 'Completed'} (exit 0)`]
      : ['failed', `Terminated: ${container.reason ?? 'Error'} (exit ${container.exitCode ?? '?'})`];
  }
  const reason = container.reason ?? 'Waiting';
  if (reason === 'CrashLoopBackOff') {
    return ['backoff', 'Waiting: CrashLoopBackOff'];
  }
  if (reason === 'ErrImagePull' || reason === 'ImagePullBackOff') {
    return ['pull-error', `Waiting: ${reason}`];
  }
  return ['waiting', `Waiting: ${reason}`];
}

const phaseStates: Record<string, string> = {
  Pending: 'waiting',
  Running: 'ready',
  Succeeded: 'completed',
  Failed: 'failed',
  Unknown: 'unknown',
};

/** The colour of kubectl's STATUS column. */
function statusState(status: string): string {
  if (status === 'Running') {
    return 'ready';
  }
  if (status === 'Completed') {
    return 'completed';
  }
  if (status === 'Terminating' || status === 'Unknown') {
    return 'unknown';
  }
  if (/Error|BackOff|ErrImagePull|DeadlineExceeded|OOMKilled|Evicted/.test(status)) {
    return 'failed';
  }
  return 'waiting';
}

const legend: [string, string][] = [
  ['ready', 'running, ready / True'],
  ['running', 'running, not ready'],
  ['starting', 'running, not started'],
  ['waiting', 'waiting'],
  ['backoff', 'back-off'],
  ['failed', 'exited with an error'],
  ['completed', 'completed'],
  ['false', 'False'],
  ['unknown', 'Unknown'],
];

function legendRow(): HTMLElement {
  const row = el('div', { class: 'legend' });
  for (const [state, label] of legend) {
    const swatch = svg('svg', { width: 12, height: 12 });
    swatch.append(svg('rect', { width: 12, height: 12, class: `segment state-${state}`, rx: 2 }));
    row.append(el('span', {}, swatch, label));
  }
  return row;
}

function conditionState(value: boolean | 'Unknown'): [string, string] {
  return value === 'Unknown' ? ['unknown', 'Unknown'] : value ? ['ready', 'True'] : ['false', 'False'];
}

function niceStep(duration: number): number {
  const target = duration / 8;
  for (const step of [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200]) {
    if (step >= target) {
      return step;
    }
  }
  return 14400;
}

function formatTime(t: number): string {
  if (t < 60) {
    return `${t}s`;
  }
  const minutes = Math.floor(t / 60);
  const seconds = t % 60;
  return seconds === 0 ? `${minutes}m` : `${minutes}m${seconds}s`;
}

// ---------------------------------------------------------------------------------------------
// Rendering

/** The scenario controls stay in place across re-simulations, so typing is never interrupted. */
let scenarioSection: HTMLElement | undefined;
let scenarioSectionKey = '';

function scenarioSectionFor(result: SimulationResult | undefined): HTMLElement {
  const key = JSON.stringify(
    result?.pod.containers.map((container) => [container.name, container.type]) ?? [],
  );
  if (!scenarioSection || key !== scenarioSectionKey) {
    scenarioSection = scenarioControls(result);
    scenarioSectionKey = key;
  }
  return scenarioSection;
}

/** Rebuilds the scenario controls from the model (after a reset, or for another document). */
function resetScenarioSection(): void {
  scenarioSection = undefined;
}

let renders = 0;

function render(): void {
  // A count of renders, so that tests can wait for the one that follows a message.
  app.dataset.renders = String(++renders);
  const controls = model.result || model.error ? scenarioSectionFor(model.result) : undefined;
  app.replaceChildren();
  if (model.error && !model.result) {
    app.append(el('p', { class: 'error', role: 'alert' }, model.error));
    if (controls) {
      app.append(controls);
    }
    return;
  }
  const result = model.result;
  const source = model.source;
  if (!result || !source) {
    app.append(el('p', { class: 'placeholder' }, 'Simulating…'));
    return;
  }
  model.cursor = Math.min(Math.max(0, model.cursor), result.duration);
  app.append(
    el(
      'header',
      {},
      el('h1', {}, `${source.kind} ${source.name}`),
      el(
        'span',
        { class: 'muted' },
        ` ${source.fileName} · document ${source.documentIndex + 1} · restartPolicy ${result.pod.restartPolicy} · ${formatTime(result.duration)} simulated`,
      ),
    ),
  );
  if (model.error) {
    app.append(el('p', { class: 'error', role: 'alert' }, model.error));
  }
  for (const warning of result.warnings) {
    app.append(el('p', { class: 'warning' }, warning));
  }
  app.append(statusLine(result));
  app.append(timeline(result));
  app.append(legendRow());
  app.append(cursorControl(result));
  const columns = el('div', { class: 'columns' });
  columns.append(eventList(result), explanationPanel(result));
  app.append(columns);
  app.append(controls ?? scenarioSectionFor(result));
}

function statusLine(result: SimulationResult): HTMLElement {
  const snapshot = snapshotAt(result, model.cursor);
  const age = formatTime(model.cursor);
  const restarts =
    snapshot.lastRestartAt !== null && snapshot.restarts > 0
      ? `${snapshot.restarts} (${formatTime(model.cursor - snapshot.lastRestartAt)} ago)`
      : String(snapshot.restarts);
  const table = el('table', { class: 'status', id: 'status-line' });
  table.append(
    el(
      'tr',
      {},
      ...['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'PHASE'].map((name) => el('th', {}, name)),
    ),
    el(
      'tr',
      {},
      el('td', {}, result.pod.name),
      el('td', {}, snapshot.ready),
      el('td', { class: `state-${statusState(snapshot.status)}` }, snapshot.status),
      el('td', {}, restarts),
      el('td', {}, age),
      el('td', {}, snapshot.phase),
    ),
  );
  return table;
}

function timeline(result: SimulationResult): HTMLElement {
  const width = chartWidth();
  const scale = (t: number): number => labelWidth + (t / Math.max(1, result.duration)) * width;
  const lanes: {
    label: string;
    kind: string;
    segments: Segment[];
    container?: string;
    restarts?: number[];
  }[] = [];
  lanes.push({
    label: 'Phase',
    kind: 'band',
    segments: segments(
      result,
      (snapshot) => snapshot.phase,
      (phase) => [phaseStates[phase] ?? 'waiting', phase],
    ),
  });
  for (const condition of ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'] as ConditionType[]) {
    lanes.push({
      label: condition,
      kind: 'band',
      segments: segments(result, (snapshot) => snapshot.conditions[condition], conditionState),
    });
  }
  for (const container of result.pod.containers) {
    const find = (snapshot: PodSnapshot): ContainerSnapshot | undefined =>
      snapshot.containers.find((candidate) => candidate.name === container.name);
    const restarts: number[] = [];
    let previous = 0;
    for (const snapshot of result.snapshots) {
      const count = find(snapshot)?.restartCount ?? 0;
      if (count > previous) {
        restarts.push(snapshot.t);
      }
      previous = count;
    }
    lanes.push({
      label: `${container.name} (${container.type})`,
      kind: 'container',
      container: container.name,
      segments: segments(result, find, containerState),
      restarts,
    });
  }
  const height = (lanes.length + 1) * laneHeight + 8;
  const chart = svg('svg', {
    width: labelWidth + width + 10,
    height,
    class: 'timeline',
    role: 'img',
    'aria-label': 'Pod lifecycle timeline',
  });
  const step = niceStep(result.duration);
  for (let t = 0; t <= result.duration; t += step) {
    const x = scale(t);
    chart.append(svg('line', { x1: x, x2: x, y1: 0, y2: height - laneHeight, class: 'grid' }));
    const tick = svg('text', { x, y: height - 6, class: 'tick', 'text-anchor': 'middle' });
    tick.textContent = formatTime(t);
    chart.append(tick);
  }
  lanes.forEach((lane, index) => {
    const y = index * laneHeight + 2;
    const label = svg('text', {
      x: 4,
      y: y + 15,
      class: lane.container ? 'lane-label clickable' : 'lane-label',
    });
    label.textContent = lane.label;
    const group = svg('g', { class: `lane lane-${lane.kind}`, 'data-lane': lane.label });
    group.append(label);
    for (const segment of lane.segments) {
      const width = Math.max(1, scale(segment.to) - scale(segment.from));
      const rect = svg('rect', {
        x: scale(segment.from),
        y: y + 3,
        width,
        height: laneHeight - 6,
        class: `segment state-${segment.state}`,
        rx: 2,
      });
      const title = svg('title');
      title.textContent = `${lane.label}: ${segment.label} (${formatTime(segment.from)}–${formatTime(segment.to)})`;
      rect.append(title);
      group.append(rect);
    }
    for (const t of lane.restarts ?? []) {
      const marker = svg('line', { x1: scale(t), x2: scale(t), y1: y, y2: y + laneHeight, class: 'restart' });
      const title = svg('title');
      title.textContent = `${lane.label}: restarted at ${formatTime(t)}`;
      marker.append(title);
      group.append(marker);
    }
    if (lane.container) {
      const name = lane.container;
      group.addEventListener('click', () => vscode.postMessage({ type: 'revealContainer', name }));
    }
    chart.append(group);
  });
  const cursorX = scale(model.cursor);
  chart.append(svg('line', { x1: cursorX, x2: cursorX, y1: 0, y2: height - laneHeight, class: 'cursor' }));
  chart.addEventListener('click', (event) => {
    if (
      (event.target as Element).closest('.lane-container') &&
      (event.target as Element).classList.contains('lane-label')
    ) {
      return;
    }
    const box = chart.getBoundingClientRect();
    const x = event.clientX - box.left;
    if (x >= labelWidth) {
      setCursor(Math.round(((x - labelWidth) / width) * result.duration));
    }
  });
  const wrapper = el('div', { class: 'timeline-wrapper' });
  wrapper.append(chart);
  return wrapper;
}

function cursorControl(result: SimulationResult): HTMLElement {
  const input = el('input', {
    type: 'range',
    min: '0',
    max: String(result.duration),
    step: '1',
    value: String(model.cursor),
    'aria-label': 'Time',
  });
  input.addEventListener('input', () => setCursor(Number(input.value)));
  return el('label', { class: 'cursor-control' }, `t = ${formatTime(model.cursor)} `, input);
}

function setCursor(t: number): void {
  model.cursor = t;
  model.selectedEvent = undefined;
  saveState();
  render();
}

function eventList(result: SimulationResult): HTMLElement {
  const list = el('ol', { class: 'events', id: 'events' });
  result.events.forEach((event, index) => {
    const item = el(
      'li',
      {
        class: `event ${event.type === 'Warning' ? 'warning-event' : ''} ${event.t > model.cursor ? 'future' : ''} ${index === model.selectedEvent ? 'selected' : ''}`,
        tabindex: '0',
      },
      el('span', { class: 'time' }, formatTime(event.t)),
      el('span', { class: 'reason' }, event.reason),
      el('span', { class: 'object' }, event.object),
      el('span', { class: 'message' }, event.message),
    );
    const select = (): void => {
      model.cursor = event.t;
      model.selectedEvent = index;
      saveState();
      render();
    };
    item.addEventListener('click', select);
    item.addEventListener('keydown', (keyboard) => {
      if (keyboard.key === 'Enter' || keyboard.key === ' ') {
        select();
      }
    });
    list.append(item);
  });
  return el('section', { class: 'panel' }, el('h2', {}, 'Events'), list);
}

function explain(event: SimulationEvent): string {
  const detail = event.detail;
  if (detail?.kind === 'backOff') {
    return `Back-off ${detail.delay} s before restart ${detail.restart}: the delay doubles after each failed restart (10 s, 20 s, 40 s, …), capped at 300 s, and resets after 10 minutes of running. Next try at ${formatTime(detail.retryAt)}.`;
  }
  return event.explanation ?? event.message;
}

function explanationPanel(result: SimulationResult): HTMLElement {
  const panel = el('section', { class: 'panel', id: 'explanation' }, el('h2', {}, 'Why'));
  const selected = model.selectedEvent !== undefined ? result.events[model.selectedEvent] : undefined;
  if (selected) {
    panel.append(
      el('p', { class: 'why' }, `${selected.reason} at ${formatTime(selected.t)}: ${explain(selected)}`),
    );
  }
  const snapshot = snapshotAt(result, model.cursor);
  const conditions = el('ul', { class: 'conditions' });
  for (const condition of snapshot.podConditions) {
    conditions.append(el('li', {}, condition.explanation));
  }
  const containers = el('ul', { class: 'containers' });
  for (const container of snapshot.containers) {
    containers.append(el('li', {}, `${container.name}: ${container.explanation}`));
  }
  panel.append(el('h3', {}, `At ${formatTime(model.cursor)}`), conditions, containers);
  return panel;
}

// ---------------------------------------------------------------------------------------------
// Scenario controls

let scenarioTimer: ReturnType<typeof setTimeout> | undefined;

function scenarioChanged(): void {
  saveState();
  clearTimeout(scenarioTimer);
  scenarioTimer = setTimeout(
    () => vscode.postMessage({ type: 'scenarioChanged', scenario: model.scenario }),
    300,
  );
}

function numberField(
  label: string,
  value: number | undefined,
  onChange: (value: number | undefined) => void,
  id: string,
): HTMLElement {
  const input = el('input', {
    type: 'number',
    min: '0',
    step: '1',
    id,
    value: value === undefined ? '' : String(value),
  });
  input.addEventListener('change', () => {
    const text = input.value.trim();
    const parsed = Number(text);
    onChange(text === '' || !Number.isFinite(parsed) ? undefined : parsed);
    scenarioChanged();
  });
  return el('label', { for: id }, label, input);
}

function checkbox(
  label: string,
  checked: boolean,
  onChange: (checked: boolean) => void,
  id: string,
): HTMLElement {
  const input = el('input', { type: 'checkbox', id });
  input.checked = checked;
  input.addEventListener('change', () => {
    onChange(input.checked);
    scenarioChanged();
  });
  return el('label', { for: id, class: 'check' }, input, label);
}

function setOptional<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value === undefined) {
    delete target[key];
  } else {
    target[key] = value;
  }
}

function containerScenario(name: string): ContainerScenario {
  model.scenario.containers ??= {};
  model.scenario.containers[name] ??= {};
  return model.scenario.containers[name];
}

function firstWindow(windows: FailWindow | FailWindow[] | undefined): FailWindow | undefined {
  return Array.isArray(windows) ? windows[0] : windows;
}

function scenarioControls(result: SimulationResult | undefined): HTMLElement {
  const section = el('section', { class: 'panel scenario', id: 'scenario' }, el('h2', {}, 'Scenario'));
  const pod = el('fieldset', {}, el('legend', {}, 'Pod'));
  pod.append(
    numberField(
      'duration (s)',
      model.scenario.duration,
      (value) => setOptional(model.scenario, 'duration', value),
      'pod-duration',
    ),
    numberField(
      'delete at (s)',
      model.scenario.deleteAt,
      (value) => setOptional(model.scenario, 'deleteAt', value),
      'pod-deleteAt',
    ),
    numberField(
      'node lost at (s)',
      model.scenario.nodeLostAt,
      (value) => setOptional(model.scenario, 'nodeLostAt', value),
      'pod-nodeLostAt',
    ),
  );
  section.append(pod);
  result?.pod.containers.forEach((container, index) => {
    const current = model.scenario.containers?.[container.name] ?? {};
    const id = (field: string): string => `c${index}-${field}`;
    const fields = el(
      'fieldset',
      { 'data-container': container.name },
      el('legend', {}, `${container.name} (${container.type})`),
    );
    const exitAfter = typeof current.exitAfter === 'number' ? current.exitAfter : undefined;
    fields.append(
      numberField(
        'exit after (s)',
        exitAfter,
        (value) => setOptional(containerScenario(container.name), 'exitAfter', value),
        id('exitAfter'),
      ),
      numberField(
        'exit code',
        current.exitCode,
        (value) => setOptional(containerScenario(container.name), 'exitCode', value),
        id('exitCode'),
      ),
      checkbox(
        'image pull fails',
        current.imagePull === 'fail',
        (fail) => setOptional(containerScenario(container.name), 'imagePull', fail ? 'fail' : undefined),
        id('imagePull'),
      ),
    );
    for (const probe of ['startup', 'liveness', 'readiness'] as ProbeType[]) {
      const window = firstWindow(current.probes?.[probe]);
      const update = (key: keyof FailWindow, value: number | undefined): void => {
        const scenario = containerScenario(container.name);
        scenario.probes ??= {};
        const next: FailWindow = { ...(firstWindow(scenario.probes[probe]) ?? {}) };
        setOptional(next, key, value);
        setOptional(scenario.probes, probe, Object.keys(next).length > 0 ? next : undefined);
      };
      fields.append(
        el(
          'span',
          { class: 'probe' },
          `${probe} probe fails from`,
          numberField('', window?.failFrom, (value) => update('failFrom', value), id(`${probe}-from`)),
          'until',
          numberField('', window?.failUntil, (value) => update('failUntil', value), id(`${probe}-until`)),
        ),
      );
    }
    fields.append(
      numberField(
        'postStart (s)',
        current.postStart?.seconds,
        (value) =>
          setOptional(
            containerScenario(container.name),
            'postStart',
            value === undefined ? undefined : { ...current.postStart, seconds: value },
          ),
        id('postStart'),
      ),
      numberField(
        'preStop (s)',
        current.preStop?.seconds,
        (value) =>
          setOptional(
            containerScenario(container.name),
            'preStop',
            value === undefined ? undefined : { ...current.preStop, seconds: value },
          ),
        id('preStop'),
      ),
    );
    section.append(fields);
  });
  const reset = el('button', { type: 'button', id: 'reset-scenario' }, 'Reset scenario');
  reset.addEventListener('click', () => {
    model.scenario = {};
    saveState();
    resetScenarioSection();
    render();
    vscode.postMessage({ type: 'scenarioChanged', scenario: model.scenario });
  });
  const exportButton = el('button', { type: 'button', id: 'export-scenario' }, 'Export scenario…');
  exportButton.addEventListener('click', () => vscode.postMessage({ type: 'exportScenario' }));
  section.append(el('div', { class: 'buttons' }, reset, exportButton));
  return section;
}

// ---------------------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  // Only our own, well-formed messages are used.
  if (!isToWebview(message)) {
    return;
  }
  if (message.type === 'error') {
    model.error = message.message;
  } else {
    const documentChanged =
      model.source?.uri !== message.source.uri || model.source.documentIndex !== message.source.documentIndex;
    model.error = undefined;
    model.source = message.source;
    model.result = message.result;
    // The webview owns the scenario while a document is shown: a result computed for an older
    // scenario must not undo what was typed since. Another document brings its own scenario.
    if (documentChanged) {
      model.scenario = message.scenario;
      resetScenarioSection();
      if (model.result.duration < model.cursor) {
        model.cursor = 0;
      }
    }
  }
  saveState();
  render();
});

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(render, 100);
});

render();
vscode.postMessage({ type: 'ready' });
