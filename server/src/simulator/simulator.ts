import { exceedDeadline, loseNode, requestDeletion, returnNode, schedulePod } from './cluster';
import { createContainers } from './containerBehaviour';
import { addEphemeralContainer } from './ephemeralContainers';
import { EventQueue, Priority } from './eventQueue';
import { normalizePod } from './podSpec';
import { createNodeImages, createPodState, type NodeImages, type PodState } from './podState';
import { defaultDurationSeconds, validateScenario } from './scenario';
import { recordSnapshot } from './statusManager';
import { runKubelet } from './syncPod';
import type { NormalizedPod, Scenario, SimulationInput, SimulationOutcome, SimulationResult } from './types';

/**
 * The pod lifecycle simulator: a pure, deterministic model of how the kubelet runs one pod. There
 * is no clock and no randomness (the kubelet's jitter is left out), so the same pod and scenario
 * always give the same timeline.
 *
 * Sources, cited where each rule is applied:
 * - Pod lifecycle: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/
 * - Init containers: https://kubernetes.io/docs/concepts/workloads/pods/init-containers/
 * - Sidecar containers: https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
 * - Lifecycle hooks: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/
 * - The kubelet: pkg/kubelet/kuberuntime (kuberuntime_manager.go computePodActions and SyncPod,
 *   kuberuntime_container.go startContainer and killContainer, kuberuntime_termination_order.go),
 *   pkg/kubelet/prober/worker.go, pkg/kubelet/images/image_manager.go, and client-go's
 *   flowcontrol.Backoff (see backOff.ts).
 *
 * Model, in short: the API server, the scheduler and the container processes act through a queue
 * of timed actions; the kubelet's pod worker runs one sync at a time, and a sync blocks while it
 * pulls an image, runs a postStart hook or kills a container, exactly as SyncPod does.
 *
 * The parts, each a module of functions over one pod's state, from the bottom up (each imports
 * only the ones above it in this list):
 * - eventQueue.ts: the clock and the queue of timed actions;
 * - podState.ts: the state of one pod, its containers and the node's images, and emitting events;
 * - containerStatus.ts: a container's reported status, and the restart policy;
 * - podWorker.ts: the pod worker, which runs one sync at a time and resumes it after a wait;
 * - prober.ts, imageManager.ts, stopping.ts: probes; image pulls and their back-off; killing
 *   containers (grace periods, preStop, termination order) and process exits;
 * - startContainer.ts: the restart back-off, then pull, start, probes and postStart;
 * - ephemeralContainers.ts: ephemeral containers, added when the scenario says, never restarted;
 * - explanations.ts, statusManager.ts: why each container and condition is as it is; the phase,
 *   the conditions and the snapshots;
 * - syncPod.ts: what one sync does; cluster.ts: the scheduler, the API server and the node;
 * - this module: the main loop and the result.
 */

/**
 * The most steps one simulation takes. The simulation runs on the language server's thread and
 * again on every edit while the panel is open, so it must stay well under a second: a day of three
 * containers probed every second would otherwise take seconds. The default ten minutes of a busy
 * pod take a few thousand steps.
 */
export const maxSteps = 50_000;

/** Simulates one pod. Never throws on bad input: a pod that cannot run is `{ ok: false, error }`. */
export function simulatePod(input: SimulationInput, scenario: Scenario = {}): SimulationOutcome {
  const prepared = prepareSimulation(input, scenario);
  if (!prepared.ok) {
    return prepared;
  }
  const { pod, checked, warnings } = prepared;
  const state = createSimulatedPod(pod, checked, {
    clock: new EventQueue(),
    images: createNodeImages(),
    warnings,
  });
  return { ok: true, result: run(state, checked) };
}

/**
 * The pod spec normalised with the API server's defaults and the scenario checked, with what
 * both warn about; an error for a pod that cannot run. Scenarios built in code get the same
 * checks as scenario files; invalid parts are ignored.
 */
export function prepareSimulation(
  input: SimulationInput,
  scenario: Scenario,
): { ok: true; pod: NormalizedPod; checked: Scenario; warnings: string[] } | { ok: false; error: string } {
  const normalized = normalizePod(input);
  if (!normalized.ok) {
    return { ok: false, error: normalized.error };
  }
  const checked = validateScenario(scenario);
  return {
    ok: true,
    pod: normalized.pod,
    checked: checked.scenario,
    warnings: [
      ...normalized.warnings,
      ...checked.problems.map((problem) => `scenario: ${problem.message} (ignored)`),
    ],
  };
}

/**
 * The state of one pod about to be created, on a clock and a node's images that a controller
 * simulation may share between pods (a checked scenario: its containers' behaviour and the node's
 * back-off cap).
 */
export function createSimulatedPod(
  pod: NormalizedPod,
  scenario: Scenario,
  options: {
    clock: EventQueue;
    images: NodeImages;
    warnings: string[];
    /**
     * The kind whose pod template this is, when the pod is a controller's (`kind` is then Pod):
     * the app containers of a Job's or CronJob's pods run to completion by default.
     */
    ownerKind?: string;
  },
): PodState {
  return createPodState({
    pod,
    clock: options.clock,
    images: options.images,
    containers: createContainers(
      options.ownerKind !== undefined ? { ...pod, kind: options.ownerKind } : pod,
      scenario,
      options.warnings,
    ),
    warnings: options.warnings,
    ...(scenario.maxContainerRestartPeriod !== undefined
      ? { maxContainerRestartPeriod: scenario.maxContainerRestartPeriod }
      : {}),
  });
}

/**
 * Queues what happens to a pod from its creation at `createdAt`: the scheduler binds it, its
 * ephemeral containers are added when the scenario says (counted from the creation), what
 * `scheduleExternal` queues happens (a deletion, the node's loss), and the
 * kubelet enforces activeDeadlineSeconds (counted from the pod's start, which the simulation takes
 * as its creation: pkg/kubelet/active_deadline.go pastActiveDeadline reads status.startTime, set
 * by the kubelet's first status update right after the pod is bound).
 */
export function startSimulatedPod(state: PodState, createdAt = 0, scheduleExternal?: () => void): void {
  const { pod, clock } = state;
  recordSnapshot(state);
  clock.schedule(createdAt, Priority.created, () => schedulePod(state));
  for (const container of state.containers) {
    if (container.spec.type === 'ephemeral') {
      clock.schedule(createdAt + container.behaviour.addedAt, Priority.pod, () =>
        addEphemeralContainer(state, container),
      );
    }
  }
  // What the scenario does to the pod from outside (deletion, the node), queued before the
  // deadline so that simultaneous actions keep their order.
  scheduleExternal?.();
  if (pod.activeDeadlineSeconds !== null) {
    clock.schedule(createdAt + pod.activeDeadlineSeconds, Priority.pod, () => exceedDeadline(state));
  }
}

/**
 * Runs one queued action of a pod's own clock, then what the kubelet does once the instant's
 * actions are over (a sync that was requested).
 */
export function stepSimulatedPod(state: PodState): void {
  const { clock } = state;
  clock.take()!.action();
  recordSnapshot(state);
  if (clock.peek()?.t !== clock.now) {
    runKubelet(state);
  }
}

/** Runs the queue until the scenario's duration, the pod's deletion or the step limit. */
function run(state: PodState, scenario: Scenario): SimulationResult {
  const { clock } = state;
  const duration = scenario.duration ?? defaultDurationSeconds;
  startSimulatedPod(state, 0, () => {
    if (scenario.deleteAt !== undefined) {
      clock.schedule(scenario.deleteAt, Priority.pod, () => requestDeletion(state));
    }
    if (scenario.nodeLostAt !== undefined) {
      clock.schedule(scenario.nodeLostAt, Priority.node, () => loseNode(state));
      if (scenario.nodeReturnsAt !== undefined) {
        clock.schedule(scenario.nodeReturnsAt, Priority.node, () => returnNode(state));
      }
    } else if (scenario.nodeReturnsAt !== undefined) {
      state.warnings.push('scenario: nodeReturnsAt without nodeLostAt: the node is never lost (ignored)');
    }
  });
  let steps = 0;
  while (!state.finished) {
    const next = clock.peek();
    if (!next || next.t > duration) {
      break;
    }
    stepSimulatedPod(state);
    if (++steps > maxSteps) {
      state.warnings.push(
        `the simulation stopped at t=${clock.now} after ${maxSteps.toLocaleString('en-US')} steps (frequent probes over a long duration); simulate a shorter duration to see the rest`,
      );
      break;
    }
  }
  return simulationResult(state, duration);
}

/** What a simulated pod's state has recorded, as the simulator's result. */
export function simulationResult(state: PodState, duration: number): SimulationResult {
  const { pod } = state;
  const final = state.snapshots[state.snapshots.length - 1]!;
  return {
    pod: {
      kind: pod.kind,
      name: pod.name,
      namespace: pod.namespace,
      node: pod.nodeName,
      restartPolicy: pod.restartPolicy,
      terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
      activeDeadlineSeconds: pod.activeDeadlineSeconds,
      containers: state.containers.map(({ spec }) => ({
        name: spec.name,
        type: spec.type,
        image: spec.image,
      })),
    },
    duration,
    warnings: state.warnings,
    notes: state.notes,
    events: state.events,
    snapshots: state.snapshots,
    final,
    deletedAt: state.deletedAt,
  };
}
