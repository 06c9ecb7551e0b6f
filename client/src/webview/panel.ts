/**
 * The simulator panel: its state, what the extension sends, what the user does, and the render
 * that puts the views together.
 */
import { eventList, explanationPanel, header, statusLine } from './detailsView';
import { el } from './dom';
import type { Host } from './host';
import type { ToWebview } from './messages';
import { ScenarioForm } from './scenarioForm';
import {
  applyMessage,
  closePod,
  moveCursor,
  openPod,
  type PanelState,
  selectEvent,
  shownPod,
  toWebviewState,
} from './state';
import { formatTime } from './timelineModel';
import { cursorSlider, legendRow, type TimelineActions, timelineChart } from './timelineView';
import {
  type WorkloadActions,
  workloadChart,
  workloadEventList,
  workloadExplanation,
  workloadHeader,
  workloadLegendRow,
  workloadStatusLine,
} from './workloadView';

/** How long the form waits for more typing before the scenario goes to the extension. */
const scenarioDelayMs = 300;

export class SimulatorPanel {
  private readonly form: ScenarioForm;
  private readonly timelineActions: TimelineActions;
  private readonly workloadActions: WorkloadActions;
  private renders = 0;
  private scenarioTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly app: HTMLElement,
    private readonly host: Host,
    private readonly state: PanelState,
  ) {
    this.form = new ScenarioForm(state, {
      changed: () => this.scenarioChanged(),
      reset: () => this.resetScenario(),
      exportScenario: () => host.post({ type: 'exportScenario' }),
    });
    this.timelineActions = {
      moveCursor: (t) => this.update(() => moveCursor(this.state, t)),
      revealContainer: (name) => host.post({ type: 'revealContainer', name }),
    };
    this.workloadActions = {
      moveCursor: (t) => this.update(() => moveCursor(this.state, t)),
      openPod: (pod, t) => this.update(() => openPod(this.state, pod, t)),
      selectEvent: (index) =>
        this.update(() =>
          selectEvent(this.state, index, this.state.workload?.events[index]?.t ?? this.state.cursor),
        ),
      revealField: (key) => host.post({ type: 'revealField', key }),
    };
  }

  receive(message: ToWebview): void {
    if (applyMessage(this.state, message)) {
      this.form.rebuild();
    }
    this.update(() => undefined);
  }

  render(): void {
    const { app, state } = this;
    // A count of renders, so that tests can wait for the one that follows a message.
    app.dataset.renders = String(++this.renders);
    const pod = shownPod(state);
    const formPod = pod ?? state.workload?.pods[0]?.result;
    const level = state.workload ? 'workload' : 'pod';
    const hasResult = state.result !== undefined || state.workload !== undefined;
    const controls = hasResult || state.error ? this.form.element(formPod, level) : undefined;
    app.replaceChildren();
    if (state.error && !hasResult) {
      app.append(el('p', { class: 'error', role: 'alert' }, state.error));
      if (controls) {
        app.append(controls);
      }
      return;
    }
    const { source, workload } = state;
    if (!hasResult || !source) {
      app.append(el('p', { class: 'placeholder' }, 'Simulating…'));
      return;
    }
    const duration = (workload ?? pod)?.duration ?? 0;
    state.cursor = Math.min(Math.max(0, state.cursor), duration);
    if (workload && !pod) {
      this.renderWorkload(controls);
      return;
    }
    const result = pod!;
    if (workload && state.pod !== undefined) {
      const back = el(
        'a',
        { href: '#', class: 'back', id: 'back-to-workload' },
        `← ${source.kind} ${source.name}`,
      );
      back.addEventListener('click', (click) => {
        click.preventDefault();
        this.update(() => closePod(this.state));
      });
      const member = workload.pods[state.pod]!;
      app.append(
        el('nav', { class: 'breadcrumb' }, back),
        el(
          'header',
          {},
          el('h1', {}, `Pod ${member.name}`),
          el(
            'span',
            { class: 'muted' },
            ` of ${source.kind} ${source.name} · revision ${member.revision} · ${member.node || 'no node'} · created ${formatTime(member.createdAt)}${member.deletedAt !== null ? ` · removed ${formatTime(member.deletedAt)}` : ''}`,
          ),
        ),
      );
    } else {
      app.append(header(source, result));
    }
    this.appendCommon(result.warnings, result.notes);
    app.append(
      statusLine(
        result,
        state.cursor,
        workload && state.pod !== undefined ? workload.pods[state.pod]!.createdAt : 0,
      ),
      timelineChart(result, state.cursor, this.timelineActions),
      legendRow(),
      cursorSlider(result, state.cursor, this.timelineActions),
    );
    const select = (index: number): void =>
      this.update(() => selectEvent(this.state, index, result.events[index]?.t ?? this.state.cursor));
    const columns = el('div', { class: 'columns' });
    columns.append(
      eventList(result, state.cursor, state.selectedEvent, select),
      explanationPanel(result, state.cursor, state.selectedEvent, {
        fields: source.fields,
        revealField: (key) => this.host.post({ type: 'revealField', key }),
      }),
    );
    app.append(columns, controls ?? this.form.element(result, level));
  }

  private renderWorkload(controls: HTMLElement | undefined): void {
    const { app, state } = this;
    const workload = state.workload!;
    const source = state.source!;
    app.append(workloadHeader(source, workload));
    this.appendCommon(workload.warnings, []);
    app.append(
      workloadStatusLine(workload, state.cursor),
      workloadChart(workload, state.cursor, this.workloadActions),
      workloadLegendRow(),
      cursorSlider(workload, state.cursor, this.timelineActions),
    );
    const columns = el('div', { class: 'columns' });
    columns.append(
      workloadEventList(workload, state.cursor, state.selectedEvent, this.workloadActions),
      workloadExplanation(workload, source, state.cursor, state.selectedEvent, this.workloadActions),
    );
    app.append(columns);
    if (controls) {
      app.append(controls);
    }
  }

  /** The error of the last run, the warnings, the notes, and what a link opened the panel on. */
  private appendCommon(warnings: readonly string[], notes: readonly string[]): void {
    const { app, state } = this;
    if (state.focus) {
      app.append(
        el(
          'p',
          { class: 'focus', id: 'focus' },
          `Shown at ${formatTime(state.focus.t)}: ${state.focus.label}`,
        ),
      );
    }
    if (state.error) {
      app.append(el('p', { class: 'error', role: 'alert' }, state.error));
    }
    for (const warning of warnings) {
      app.append(el('p', { class: 'warning' }, warning));
    }
    // What the control plane did to the pod (a lost node), and why.
    for (const note of notes) {
      app.append(el('p', { class: 'note' }, note));
    }
  }

  /** Changes the state, keeps it for a reload, and renders. */
  private update(change: () => void): void {
    change();
    this.host.saveState(toWebviewState(this.state));
    this.render();
  }

  private scenarioChanged(): void {
    this.host.saveState(toWebviewState(this.state));
    clearTimeout(this.scenarioTimer);
    this.scenarioTimer = setTimeout(
      () => this.host.post({ type: 'scenarioChanged', scenario: this.state.scenario }),
      scenarioDelayMs,
    );
  }

  private resetScenario(): void {
    this.update(() => {
      this.state.scenario = {};
      this.form.rebuild();
    });
    this.host.post({ type: 'scenarioChanged', scenario: this.state.scenario });
  }
}
