/**
 * The messages between the extension and the simulator webview, defined once for both sides.
 * Everything the webview receives is checked with `isToWebview` before use, and everything the
 * extension receives with `isFromWebview`: a webview is untrusted input.
 */
import { isJsonObject } from '../../../server/src/common/guards';
import type { Scenario, SimulationResult } from '../../../server/src/simulator/types';

/** What is being simulated, as the webview shows it. */
export interface SimulationSource {
  uri: string;
  fileName: string;
  documentIndex: number;
  kind: string;
  name: string;
}

/** Extension → webview. */
export type ToWebview =
  | { type: 'simulation'; source: SimulationSource; scenario: Scenario; result: SimulationResult }
  | { type: 'error'; message: string; scenario: Scenario };

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'scenarioChanged'; scenario: Scenario }
  | { type: 'revealContainer'; name: string }
  | { type: 'exportScenario' };

/** The webview's saved state: it survives reloads and is handed back to the serializer. */
export interface WebviewState {
  uri?: string;
  documentIndex?: number;
  scenario?: Scenario;
  cursor?: number;
}

export function isScenarioShape(value: unknown): value is Scenario {
  return isJsonObject(value);
}

export function isFromWebview(value: unknown): value is FromWebview {
  if (!isJsonObject(value)) {
    return false;
  }
  switch (value.type) {
    case 'ready':
    case 'exportScenario':
      return true;
    case 'scenarioChanged':
      return isScenarioShape(value.scenario);
    case 'revealContainer':
      return typeof value.name === 'string';
    default:
      return false;
  }
}

export function isToWebview(value: unknown): value is ToWebview {
  if (!isJsonObject(value)) {
    return false;
  }
  if (value.type === 'error') {
    return typeof value.message === 'string' && isScenarioShape(value.scenario);
  }
  if (value.type !== 'simulation' || !isJsonObject(value.source) || !isJsonObject(value.result)) {
    return false;
  }
  const { source, result } = value;
  return (
    typeof source.uri === 'string' &&
    typeof source.fileName === 'string' &&
    typeof source.kind === 'string' &&
    typeof source.name === 'string' &&
    typeof source.documentIndex === 'number' &&
    isScenarioShape(value.scenario) &&
    Array.isArray(result.events) &&
    Array.isArray(result.snapshots) &&
    typeof result.duration === 'number' &&
    isJsonObject(result.pod)
  );
}

export function isWebviewState(value: unknown): value is WebviewState {
  return (
    isJsonObject(value) &&
    (value.uri === undefined || typeof value.uri === 'string') &&
    (value.documentIndex === undefined || typeof value.documentIndex === 'number') &&
    (value.cursor === undefined || typeof value.cursor === 'number') &&
    (value.scenario === undefined || isScenarioShape(value.scenario))
  );
}
