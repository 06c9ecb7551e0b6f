import { createCronJobController } from './controllers/cronJob';
import { createJobController } from './controllers/job';
import { daemonSetController } from './controllers/daemonSet';
import { deploymentController } from './controllers/deployment';
import { replicaSetController } from './controllers/replicaSet';
import { statefulSetController } from './controllers/statefulSet';
import { defaultDurationSeconds } from './scenario';
import { prepareSimulation } from './simulator';
import { defaultNodes } from './scenarioSchema';
import type { Scenario, WorkloadSimulationOutcome } from './types';
import { type ControllerFactory, type WorkloadInput, WorkloadHost } from './workloadHost';

/**
 * Simulates a workload: its controller (workloadHost.ts drives it) creating and deleting pods,
 * each run by the kubelet model. One controller per kind, registered in `workloadControllers`.
 */

// The types a controller is made from live beside the host (workloadHost.ts), so that the
// controllers, which this module registers, import nothing from it.
export type { ControllerContext, ControllerFactory, WorkloadInput } from './workloadHost';

/**
 * The controllers by workload kind. A kind without one is simulated as a single pod of its template
 * (the simulator's behaviour before controllers).
 */
export const workloadControllers: Partial<Record<string, ControllerFactory>> = {
  Job: createJobController,
  CronJob: createCronJobController,
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
  const prepared = prepareSimulation(input, scenario);
  if (!prepared.ok) {
    return prepared;
  }
  const { pod: template, checked, warnings } = prepared;
  const controller = factory({ input, template, scenario: checked, warnings });
  if ('error' in controller) {
    return { ok: false, error: controller.error };
  }
  const duration = checked.duration ?? defaultDurationSeconds;
  const host = new WorkloadHost(
    { kind: input.kind, name: input.name, namespace: input.namespace ?? template.namespace },
    {
      nodes: checked.nodes ?? defaultNodes,
      warnings,
      ...(checked.maxContainerRestartPeriod !== undefined
        ? { maxContainerRestartPeriod: checked.maxContainerRestartPeriod }
        : {}),
    },
  );
  for (const loss of checked.nodeLoss ?? []) {
    host.loseNode(loss.node, loss.at, loss.returnsAt);
  }
  host.run(controller, duration);
  return { ok: true, result: host.result(controller, duration) };
}
