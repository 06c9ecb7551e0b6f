/**
 * What the panel shows, as plain data: it survives reloads (as `WebviewState`) and is changed
 * only through these functions and the scenario form. No DOM here.
 */
import type { Scenario, SimulationResult } from '../../../server/src/simulator/types';
import { isWebviewState, type SimulationSource, type ToWebview, type WebviewState } from './messages';

export interface PanelState {
  source?: SimulationSource;
  result?: SimulationResult;
  /** The webview owns the scenario while a document is shown (see `applyMessage`). */
  scenario: Scenario;
  /** The time cursor, in seconds. */
  cursor: number;
  error?: string;
  /** The index of the event whose explanation is shown. */
  selectedEvent?: number;
}

export function restoreState(saved: unknown): PanelState {
  return isWebviewState(saved)
    ? { scenario: saved.scenario ?? {}, cursor: saved.cursor ?? 0 }
    : { scenario: {}, cursor: 0 };
}

export function toWebviewState(state: PanelState): WebviewState {
  return {
    ...(state.source ? { uri: state.source.uri, documentIndex: state.source.documentIndex } : {}),
    scenario: state.scenario,
    cursor: state.cursor,
  };
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
  state.error = undefined;
  state.source = message.source;
  state.result = message.result;
  // A result computed for an older scenario must not undo what was typed since.
  if (documentChanged) {
    state.scenario = message.scenario;
    if (message.result.duration < state.cursor) {
      state.cursor = 0;
    }
  }
  return documentChanged;
}

/** Moves the time cursor; an explained event no longer matches it. */
export function moveCursor(state: PanelState, t: number): void {
  state.cursor = t;
  state.selectedEvent = undefined;
}

/** Selects an event: the cursor goes to its time. */
export function selectEvent(state: PanelState, index: number, t: number): void {
  state.cursor = t;
  state.selectedEvent = index;
}
