/**
 * What the panel shows, as plain data: it survives reloads (as `WebviewState`) and is changed
 * only through these functions and the scenario form. No DOM here.
 */
import type { SimulatorFocus } from '../../../server/src/protocol/customMessages';
import type {
  Scenario,
  SimulationResult,
  WorkloadSimulationResult,
} from '../../../server/src/simulator/types';
import { isWebviewState, type SimulationSource, type ToWebview, type WebviewState } from './messages';

export interface PanelState {
  source?: SimulationSource;
  /** A single pod's simulation (a Pod, or a kind the simulator has no controller for). */
  result?: SimulationResult;
  /** A workload's simulation: its controller driving several pods. */
  workload?: WorkloadSimulationResult;
  /** The workload's pod whose detailed timeline is open (an index in `workload.pods`). */
  pod?: number;
  /** The webview owns the scenario while a document is shown (see `applyMessage`). */
  scenario: Scenario;
  /** The time cursor, in seconds. */
  cursor: number;
  error?: string;
  /** The index of the event whose explanation is shown (in the timeline on screen). */
  selectedEvent?: number;
  /** What a "Show in simulator" link opened the timeline on, until the user moves on. */
  focus?: SimulatorFocus;
}

export function restoreState(saved: unknown): PanelState {
  return isWebviewState(saved)
    ? {
        scenario: saved.scenario ?? {},
        cursor: saved.cursor ?? 0,
        ...(saved.pod !== undefined ? { pod: saved.pod } : {}),
      }
    : { scenario: {}, cursor: 0 };
}

export function toWebviewState(state: PanelState): WebviewState {
  return {
    ...(state.source ? { uri: state.source.uri, documentIndex: state.source.documentIndex } : {}),
    scenario: state.scenario,
    cursor: state.cursor,
    ...(state.pod !== undefined ? { pod: state.pod } : {}),
  };
}

/**
 * The pod timeline on screen: the simulated pod, or the workload's pod that is open; undefined
 * while the workload's own view is shown.
 */
export function shownPod(state: PanelState): SimulationResult | undefined {
  if (state.workload) {
    return state.pod !== undefined ? state.workload.pods[state.pod]?.result : undefined;
  }
  return state.result;
}

/** The simulated run's length, whichever level is shown. */
export function shownDuration(state: PanelState): number | undefined {
  return (state.workload ?? state.result)?.duration;
}

/**
 * Takes a message from the extension in. Returns true when it shows another document: that
 * document brings its own scenario, and the form must be built again.
 */
export function applyMessage(state: PanelState, message: ToWebview): boolean {
  if (message.type === 'error') {
    state.error = message.message;
    return false;
  }
  const documentChanged =
    state.source?.uri !== message.source.uri || state.source.documentIndex !== message.source.documentIndex;
  const levelChanged = (message.type === 'workload') !== (state.workload !== undefined);
  state.error = undefined;
  state.source = message.source;
  if (message.type === 'workload') {
    state.workload = message.result;
    state.result = undefined;
    // The open pod stays open while the workload still has it (the same run, edited).
    if (state.pod !== undefined && (documentChanged || state.pod >= message.result.pods.length)) {
      state.pod = undefined;
    }
  } else {
    state.result = message.result;
    state.workload = undefined;
    state.pod = undefined;
  }
  // A result computed for an older scenario must not undo what was typed since.
  if (documentChanged) {
    state.scenario = message.scenario;
    if (message.result.duration < state.cursor) {
      state.cursor = 0;
    }
  }
  if (levelChanged || documentChanged) {
    state.selectedEvent = undefined;
  }
  if (message.focus) {
    // A link opened the panel at a moment: the scenario that makes it happen, and the pod it
    // happens to, if a workload.
    state.scenario = message.scenario;
    applyFocus(state, message.focus);
  }
  return documentChanged || message.focus !== undefined;
}

/** Opens the timeline at a link's moment: the pod it names (in a workload), the cursor at its time. */
export function applyFocus(state: PanelState, focus: SimulatorFocus): void {
  state.focus = focus;
  state.pod =
    state.workload && focus.pod !== undefined && focus.pod < state.workload.pods.length
      ? focus.pod
      : undefined;
  state.cursor = focus.t;
  state.selectedEvent = undefined;
}

/** Moves the time cursor; an explained event no longer matches it. */
export function moveCursor(state: PanelState, t: number): void {
  state.cursor = t;
  state.focus = undefined;
  state.selectedEvent = undefined;
}

/** Selects an event: the cursor goes to its time. */
export function selectEvent(state: PanelState, index: number, t: number): void {
  state.cursor = t;
  state.selectedEvent = index;
}

/**
 * Opens a workload's pod in the detailed timeline, with the cursor at `t` (by default where it
 * is), and not before the pod exists.
 */
export function openPod(state: PanelState, pod: number, t = state.cursor): void {
  const opened = state.workload?.pods[pod];
  if (opened && pod >= 0) {
    state.pod = pod;
    state.cursor = Math.max(t, opened.createdAt);
    state.selectedEvent = undefined;
  }
}

/** Back from a pod's timeline to the workload's. */
export function closePod(state: PanelState): void {
  state.pod = undefined;
  state.selectedEvent = undefined;
}
