import { daemonSetController } from './controllers/daemonSet';
import { deploymentController } from './controllers/deployment';
import { replicaSetController } from './controllers/replicaSet';
import { statefulSetController } from './controllers/statefulSet';
import { normalizePod } from './podSpec';
import { defaultDurationSeconds, validateScenario } from './scenario';
import { defaultNodes } from './scenarioSchema';
import type { NormalizedPod, Scenario, SimulationInput, WorkloadSimulationOutcome } from './types';
import { WorkloadHost, type WorkloadController } from './workloadHost';

/**
 * Simulates a workload: its controller (workloadHost.ts drives it) creating and deleting pods,
 * each run by the kubelet model. One controller per kind, registered in `workloadControllers`.
 */

/** A workload manifest as the simulator reads it. */
export interface WorkloadInput extends SimulationInput {
  /** The workload's `spec`, as written (the pod template's spec is `podSpec`). */
  spec: unknown;
  /** `metadata.labels` and the pod template's labels, for the controller's bookkeeping. */
  templateLabels?: Record<string, string>;
}

/** What a controller is made from. */
export interface ControllerContext {
  readonly input: WorkloadInput;
  /** The pod template, normalised with the API server's defaults. */
  readonly template: NormalizedPod;
  /** The checked scenario. */
  readonly scenario: Scenario;
  readonly warnings: string[];
}

export type ControllerFactory = (context: ControllerContext) => WorkloadController | { error: string };

/**
 * The controllers by workload kind. A kind without one is simulated as a single pod of its template
 * (the simulator's behaviour before controllers).
 */
export const workloadControllers: Partial<Record<string, ControllerFactory>> = {
  Deployment: deploymentController,
  ReplicaSet: replicaSetController,
  StatefulSet: statefulSetController,
  DaemonSet: daemonSetController,
};

/** Whether the simulator has a controller for a workload kind. */
export function hasWorkloadController(kind: string): boolean {
  return workloadControllers[kind] !== undefined;
}

/** Simulates a workload with its controller. Never throws on bad input. */
export function simulateWorkload(input: WorkloadInput, scenario: Scenario = {}): WorkloadSimulationOutcome {
  const factory = workloadControllers[input.kind];
  if (!factory) {
    return { ok: false, error: `the simulator has no controller for ${input.kind}` };
  }
  const normalized = normalizePod(input);
  if (!normalized.ok) {
    return { ok: false, error: normalized.error };
  }
  const checked = validateScenario(scenario);
  const warnings = [
    ...normalized.warnings,
    ...checked.problems.map((problem) => `scenario: ${problem.message} (ignored)`),
  ];
  const controller = factory({ input, template: normalized.pod, scenario: checked.scenario, warnings });
  if ('error' in controller) {
    return { ok: false, error: controller.error };
  }
  const duration = checked.scenario.duration ?? defaultDurationSeconds;
  const host = new WorkloadHost(
    { kind: input.kind, name: input.name, namespace: input.namespace ?? normalized.pod.namespace },
    {
      nodes: checked.scenario.nodes ?? defaultNodes,
      warnings,
      ...(checked.scenario.maxContainerRestartPeriod !== undefined
        ? { maxContainerRestartPeriod: checked.scenario.maxContainerRestartPeriod }
        : {}),
    },
  );
  for (const loss of checked.scenario.nodeLoss ?? []) {
    host.loseNode(loss.node, loss.at, loss.returnsAt);
  }
  host.run(controller, duration);
  return { ok: true, result: host.result(controller, duration) };
}
