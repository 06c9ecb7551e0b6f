/**
 * Podscope's own LSP messages, defined once and imported by the server and the client.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import { isJsonObject } from '../common/guards';
import type { Position, Range } from 'vscode-languageserver-types';
import type { Scenario, SimulationResult, WorkloadSimulationResult } from '../simulator/types';
import type { CustomResourceSource } from '../common/customResources';

/** Which document of a file to simulate: the one at a position, or by its index in the file. */
export type SimulationTarget = { position: Position } | { documentIndex: number };

export interface SimulateParams {
  textDocument: { uri: string };
  target: SimulationTarget;
  scenario: Scenario;
}

/** The simulated document, so that the client can follow it across edits. */
export interface SimulatedDocument {
  index: number;
  kind: string;
  name: string;
  /** The range of the whole document. */
  range: Range;
  /** Where each container is defined (its `name` value), by container name. */
  containers: Record<string, Range>;
  /**
   * Where the fields that explanations name are written, by `sourceFieldKey` (common/sourceFields.ts: a container's
   * probe, hook or restart policy; the workload's limits and policies), for revealing them.
   */
  fields: Record<string, Range>;
}

/**
 * The simulation of one document: a single pod (a Pod, or a workload kind the simulator has no
 * controller for, as its template's pod), or a workload with its controller driving several pods.
 */
export type SimulateResult =
  | { ok: true; level: 'pod'; result: SimulationResult; document: SimulatedDocument }
  | { ok: true; level: 'workload'; result: WorkloadSimulationResult; document: SimulatedDocument }
  | { ok: false; error: string };

/**
 * Where the simulator panel opens: a moment of the timeline (seconds), and for a workload the
 * pod whose timeline shows it (its index in the result's pods). A "Show in simulator" link
 * carries it, with the scenario that makes the finding's prediction happen.
 */
export interface SimulatorFocus {
  t: number;
  pod?: number;
  /** What happens then, for the panel to say. */
  label: string;
}

/** The third argument of `simulateCommand` when a link opens the panel. */
export interface SimulateCommandOptions {
  scenario: Scenario;
  focus: SimulatorFocus;
}

/** Whether a command argument is a link's options (arguments come back from the client unchecked). */
export function isSimulateCommandOptions(value: unknown): value is SimulateCommandOptions {
  if (!isJsonObject(value) || !isJsonObject(value.scenario) || !isJsonObject(value.focus)) {
    return false;
  }
  const { focus } = value;
  return (
    typeof focus.t === 'number' &&
    Number.isFinite(focus.t) &&
    typeof focus.label === 'string' &&
    (focus.pod === undefined || (typeof focus.pod === 'number' && Number.isInteger(focus.pod)))
  );
}

export namespace SimulateRequest {
  export const method = 'podscope/simulate';
  /** Client → server: simulate the pod of one document with a scenario. */
  export const type = new RequestType<SimulateParams, SimulateResult, void>(method);
}

/** One custom resource kind the server knows, with where its schema comes from. */
export interface CustomResourceEntry {
  kind: string;
  apiVersion: string;
  /** The plural resource name (`certificates`), as kubectl and `podscope explain` take it. */
  plural: string;
  scope: 'Namespaced' | 'Cluster';
  /** The version is marked deprecated in its CRD. */
  deprecated: boolean;
  source: CustomResourceSource;
}

export interface CustomResourcesParams {
  /** The document whose settings choose the bundled projects; without one, the defaults. */
  textDocument?: { uri: string };
}

export namespace CustomResourcesRequest {
  export const method = 'podscope/customResources';
  /**
   * Client → server: the custom resource kinds known (the workspace's CRDs first, then the
   * bundled pack the settings select), sorted by group, kind and version.
   */
  export const type = new RequestType<CustomResourcesParams, CustomResourceEntry[], void>(method);
}

export interface DocumentInfoParams {
  textDocument: { uri: string };
}

/** Where the target Kubernetes version of a document is set: the setting's own scope the client knows. */
export type KubernetesVersionSource = 'default' | 'settings' | '.podscope.yaml';

/** What the status bar shows for a document. */
export interface DocumentInfo {
  /** The document holds Kubernetes objects (apiVersion and kind), and is not excluded. */
  kubernetes: boolean;
  /** The target minor it is judged for, e.g. `1.31`. */
  kubernetesVersion: string;
  /**
   * Where the target comes from: the defaults (the newest covered), the editor's settings
   * (`podscope.kubernetesVersion`), or the project's `.podscope.yaml` (`configFile`).
   */
  source: KubernetesVersionSource;
  /** The `.podscope.yaml` that sets it, when it is the source. */
  configFile?: string;
  /** Every minor Podscope covers, oldest first (`1.31`…), for choosing another. */
  coveredVersions: string[];
}

export namespace DocumentInfoRequest {
  export const method = 'podscope/documentInfo';
  /** Client → server: whether a document is Kubernetes, and the target version it is judged for. */
  export const type = new RequestType<DocumentInfoParams, DocumentInfo, void>(method);
}

/** The client command that lists the known custom resource kinds in a Quick Pick. */
export const listCustomResourcesCommand = 'podscope.listCustomResources';

/**
 * The client command a code lens runs: opens the simulator on a document of a file. Arguments
 * `[uri, documentIndex]`, and from a "Show in simulator" link a third, `SimulateCommandOptions`.
 */
export const simulateCommand = 'podscope.simulate';

/**
 * VS Code's command that opens the suggest widget: completion items for enum and boolean fields
 * run it, so that the values are offered right after the key (only to a client that declares it).
 */
export const triggerSuggestCommand = 'editor.action.triggerSuggest';

/**
 * The server command (`workspace/executeCommand`, arguments `[uri, documentIndex]`) for clients
 * without the simulator panel: simulates the document's pod and shows its text timeline, as
 * `podscope simulate` prints it, with `window/showMessage`; the result is `{ text }`.
 */
export const simulateTimelineCommand = 'podscope.simulateTimeline';

/** The server's commands, advertised in `executeCommandProvider`. */
export const serverCommands: readonly string[] = [simulateTimelineCommand];

/** Where Podscope's own client declares what it adds: `capabilities.experimental.podscope`. */
export const podscopeCapabilityKey = 'podscope';

/** Client → server, in `initialize`: what Podscope's own VS Code client can do beyond LSP. */
export interface PodscopeClientCapabilities {
  /** Client-side commands the server may put in completion items and code lenses. */
  commands: string[];
}
