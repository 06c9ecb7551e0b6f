/**
 * The messages between the extension and the simulator webview, defined once for both sides.
 * Everything the webview receives is checked with `isToWebview` before use, and everything the
 * extension receives with `isFromWebview`: a webview is untrusted input.
 */
import { isJsonObject } from '../../../server/src/common/guards';
import type { SimulatorFocus } from '../../../server/src/protocol/customMessages';
import type {
  Scenario,
  SimulationResult,
  WorkloadSimulationResult,
} from '../../../server/src/simulator/types';

/** What is being simulated, as the webview shows it. */
export interface SimulationSource {
  uri: string;
  fileName: string;
  documentIndex: number;
  kind: string;
  name: string;
  /**
   * The fields of the document that the extension can reveal (`sourceFieldKey`s): the
   * explanations that name one link to its line.
   */
  fields?: string[];
}

/** Extension → webview. `focus`: where a "Show in simulator" link opens the timeline. */
export type ToWebview =
  | {
      type: 'simulation';
      source: SimulationSource;
      scenario: Scenario;
      result: SimulationResult;
      focus?: SimulatorFocus;
    }
  | {
      type: 'workload';
      source: SimulationSource;
      scenario: Scenario;
      result: WorkloadSimulationResult;
      focus?: SimulatorFocus;
    }
  | { type: 'error'; message: string; scenario: Scenario };

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'scenarioChanged'; scenario: Scenario }
  | { type: 'revealContainer'; name: string }
  /** Reveal the line of a field an explanation names (a `sourceFieldKey`). */
  | { type: 'revealField'; key: string }
  | { type: 'exportScenario' };

/** The webview's saved state: it survives reloads and is handed back to the serializer. */
export interface WebviewState {
  uri?: string;
  documentIndex?: number;
  scenario?: Scenario;
  cursor?: number;
  /** The workload's pod whose timeline is open. */
  pod?: number;
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
    case 'revealField':
      return typeof value.key === 'string';
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
  if (
    (value.type !== 'simulation' && value.type !== 'workload') ||
    !isJsonObject(value.source) ||
    !isJsonObject(value.result)
  ) {
    return false;
  }
  const { source, result, focus } = value;
  return (
    typeof source.uri === 'string' &&
    typeof source.fileName === 'string' &&
    typeof source.kind === 'string' &&
    typeof source.name === 'string' &&
    typeof source.documentIndex === 'number' &&
    (source.fields === undefined ||
      (Array.isArray(source.fields) && source.fields.every((key) => typeof key === 'string'))) &&
    isScenarioShape(value.scenario) &&
    (focus === undefined || isFocus(focus)) &&
    Array.isArray(result.events) &&
    Array.isArray(result.snapshots) &&
    typeof result.duration === 'number' &&
    (value.type === 'simulation'
      ? isJsonObject(result.pod)
      : isJsonObject(result.workload) &&
        Array.isArray(result.pods) &&
        result.pods.every(
          (pod) =>
            isJsonObject(pod) &&
            typeof pod.name === 'string' &&
            typeof pod.createdAt === 'number' &&
            isJsonObject(pod.result) &&
            Array.isArray(pod.result.snapshots) &&
            Array.isArray(pod.result.events),
        ) &&
        isJsonObject(result.final))
  );
}

function isFocus(value: unknown): value is SimulatorFocus {
  return (
    isJsonObject(value) &&
    typeof value.t === 'number' &&
    typeof value.label === 'string' &&
    (value.pod === undefined || typeof value.pod === 'number')
  );
}

export function isWebviewState(value: unknown): value is WebviewState {
  return (
    isJsonObject(value) &&
    (value.uri === undefined || typeof value.uri === 'string') &&
    (value.documentIndex === undefined || typeof value.documentIndex === 'number') &&
    (value.cursor === undefined || typeof value.cursor === 'number') &&
    (value.pod === undefined || typeof value.pod === 'number') &&
    (value.scenario === undefined || isScenarioShape(value.scenario))
  );
}
