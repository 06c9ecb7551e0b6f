/**
 * The simulator panel: its state, what the extension sends, what the user does, and the render
 * that puts the views together.
 */
import { eventList, explanationPanel, header, statusLine } from './detailsView';
import { el } from './dom';
import type { Host } from './host';
import type { ToWebview } from './messages';
import { ScenarioForm } from './scenarioForm';
import { applyMessage, moveCursor, type PanelState, selectEvent, toWebviewState } from './state';
import { cursorSlider, legendRow, type TimelineActions, timelineChart } from './timelineView';

/** How long the form waits for more typing before the scenario goes to the extension. */
const scenarioDelayMs = 300;

export class SimulatorPanel {
  private readonly form: ScenarioForm;
  private readonly timelineActions: TimelineActions;
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
    const controls = state.result || state.error ? this.form.element(state.result) : undefined;
    app.replaceChildren();
    if (state.error && !state.result) {
      app.append(el('p', { class: 'error', role: 'alert' }, state.error));
      if (controls) {
        app.append(controls);
      }
      return;
    }
    const { result, source } = state;
    if (!result || !source) {
      app.append(el('p', { class: 'placeholder' }, 'Simulating…'));
      return;
    }
    state.cursor = Math.min(Math.max(0, state.cursor), result.duration);
    app.append(header(source, result));
    if (state.error) {
      app.append(el('p', { class: 'error', role: 'alert' }, state.error));
    }
    for (const warning of result.warnings) {
      app.append(el('p', { class: 'warning' }, warning));
    }
    // What the control plane did to the pod (a lost node), and why.
    for (const note of result.notes) {
      app.append(el('p', { class: 'note' }, note));
    }
    app.append(
      statusLine(result, state.cursor),
      timelineChart(result, state.cursor, this.timelineActions),
      legendRow(),
      cursorSlider(result, state.cursor, this.timelineActions),
    );
    const select = (index: number): void =>
      this.update(() => selectEvent(this.state, index, result.events[index]?.t ?? this.state.cursor));
    const columns = el('div', { class: 'columns' });
    columns.append(
      eventList(result, state.cursor, state.selectedEvent, select),
      explanationPanel(result, state.cursor, state.selectedEvent),
    );
    app.append(columns, controls ?? this.form.element(result));
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
