import { loseNode, nodeMonitorGracePeriodSeconds, requestDeletion, returnNode } from './cluster';
import { EventQueue, Priority } from './eventQueue';
import { createNodeImages, type NodeImages, type PodState } from './podState';
import { createSimulatedPod, simulationResult, startSimulatedPod, stepSimulatedPod } from './simulator';
import { recordSnapshot } from './statusManager';
import { runKubelet } from './syncPod';
import type {
  ContainerScenario,
  EventType,
  NormalizedPod,
  Scenario,
  SimulationInput,
  WorkloadEvent,
  WorkloadSimulationResult,
  WorkloadSnapshot,
} from './types';

/**
 * A small cluster for a workload's controller: simulated nodes, and the pods the controller
 * creates, each run by the same kubelet model as a single pod (each pod keeps its own clock and
 * queue, so the kubelet's parts work unchanged; this module interleaves the queues in time order).
 * The controller acts through its own queue (the control plane), creates and deletes pods, and
 * watches them as an informer would: it is told after every instant in which a pod's status
 * changed. Deterministic, like the pod simulator: no clock, no randomness, no informer latency.
 */

/** One simulated node: its name, the images its kubelet has pulled, and whether it reports. */
export interface SimulatedNode {
  readonly name: string;
  readonly images: NodeImages;
  /** When it stopped reporting (null while it reports). */
  lostAt: number | null;
  /** The first time it stopped reporting and when it came back, for the result. */
  firstLostAt: number | null;
  returnedAt: number | null;
}

/** A pod that the controller created. */
export interface HostedPod {
  /** Creation order, 0-based: the index in the result's `pods`. */
  readonly id: number;
  readonly name: string;
  /** The node it was bound to, or null while no node can take it. */
  node: SimulatedNode | null;
  readonly revision: string;
  readonly index: number | null;
  readonly createdAt: number;
  readonly state: PodState;
  /** Labels and other controller bookkeeping the controller keeps with the pod. */
  readonly labels: Readonly<Record<string, string>>;
  observedSnapshots: number;
  observedFinished: boolean;
}

/** What a controller tells the host about the pod it creates. */
export interface PodRequest {
  name: string;
  /** The pod template, normalised (podSpec.ts normalizePod), with the API server's defaults. */
  template: NormalizedPod;
  /** How the pod's containers behave (the scenario's, or a revision's). */
  containers?: Record<string, ContainerScenario>;
  revision: string;
  index?: number | null;
  labels?: Record<string, string>;
  /**
   * The node the pod must run on (a DaemonSet's pods: the controller sets node affinity to one
   * node and the scheduler binds it there). Without it, the scheduler picks one.
   */
  node?: string;
}

/** A workload's controller, driven by the host. */
export interface WorkloadController {
  /** The controller's first sync, when the workload is created (t=0). */
  start(host: WorkloadHost): void;
  /**
   * A pod's status changed in the instant that just ended (a new snapshot), or the pod object was
   * removed: what the controller's pod informer hears. Typically queues a sync of the workload.
   */
  podChanged(host: WorkloadHost, pod: HostedPod): void;
  /** The workload's status now, as its controller writes it. */
  status(host: WorkloadHost): Omit<WorkloadSnapshot, 't' | 'endpoints'>;
}

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

/** The most steps of a workload's simulation: every pod's and the controller's actions together. */
export const maxWorkloadSteps = 500_000;

export class WorkloadHost {
  /** The control plane's actions: the controller's syncs and the nodes' loss. */
  readonly clock = new EventQueue();
  readonly nodes: SimulatedNode[];
  readonly pods: HostedPod[] = [];
  readonly events: WorkloadEvent[] = [];
  readonly snapshots: WorkloadSnapshot[] = [];
  readonly notes: string[] = [];
  private lastSnapshotKey = '';
  /** Pods waiting for a node that can take them (every node is unreachable). */
  private readonly unscheduled: HostedPod[] = [];
  /**
   * The pods whose removal the controller has not heard yet, in creation order: what each step
   * looks at. A removed pod leaves it once observed, so a long simulation that creates many pods
   * (a CronJob's) costs each step only the pods that still exist.
   */
  private current: HostedPod[] = [];

  constructor(
    readonly workload: { kind: string; name: string; namespace: string },
    options: {
      nodes: number;
      /** The node's cap on the container restart back-off, for every pod (the scenario's). */
      maxContainerRestartPeriod?: number;
      readonly warnings: string[];
    },
  ) {
    this.nodes = Array.from({ length: Math.max(1, options.nodes) }, (_, n) => ({
      name: `node-${n + 1}`,
      images: createNodeImages(),
      lostAt: null,
      firstLostAt: null,
      returnedAt: null,
    }));
    this.warnings = options.warnings;
    this.maxContainerRestartPeriod = options.maxContainerRestartPeriod;
  }

  readonly warnings: string[];
  private readonly maxContainerRestartPeriod: number | undefined;

  get now(): number {
    return this.clock.now;
  }

  /** Queues a control-plane action at `t` (not before now). */
  schedule(t: number, action: () => void, priority: number = Priority.pod): void {
    this.clock.schedule(Math.max(t, this.now), priority, action);
  }

  /** Records an event of the controller (or of a node). */
  emit(
    type: EventType,
    reason: string,
    object: string,
    message: string,
    explanation?: string,
    pod?: HostedPod,
  ): void {
    this.events.push({
      t: this.now,
      type,
      reason,
      object,
      message,
      ...(explanation !== undefined ? { explanation } : {}),
      ...(pod ? { pod: pod.id } : {}),
      snapshot: this.snapshots.length,
    });
  }

  /** The pods whose objects still exist (not yet removed by the API server). */
  livePods(): HostedPod[] {
    return this.current.filter((pod) => !pod.state.finished);
  }

  /**
   * Creates a pod now. The scheduler binds it to the node the request names, or else to the node
   * with the fewest of the workload's live pods (ties: the first), which is how the default
   * scheduler's PodTopologySpread plugin scores nodes with its system default constraints
   * (pkg/scheduler/framework/plugins/podtopologyspread, systemDefaultConstraints:
   * kubernetes.io/hostname, maxSkew 3, ScheduleAnyway) when the nodes are otherwise alike. A node
   * that the node lifecycle controller has tainted unreachable (NoSchedule, with the NoExecute
   * taint) takes no new pod; with none left the pod stays Pending until a node returns.
   */
  createPod(request: PodRequest): HostedPod {
    const clock = new EventQueue();
    clock.advanceTo(this.now);
    const node = request.node !== undefined ? (this.nodeNamed(request.node) ?? null) : this.pickNode();
    const pod: NormalizedPod = {
      ...request.template,
      kind: 'Pod',
      name: request.name,
      namespace: this.workload.namespace,
      nodeName: node?.name ?? '',
      nodeNameInSpec: false,
    };
    const warnings: string[] = [];
    const state = createSimulatedPod(
      pod,
      {
        ...(request.containers ? { containers: request.containers } : {}),
        ...(this.maxContainerRestartPeriod !== undefined
          ? { maxContainerRestartPeriod: this.maxContainerRestartPeriod }
          : {}),
      },
      // The template's kind says how its containers behave by default (a Job's run to completion).
      { clock, images: node?.images ?? createNodeImages(), warnings, ownerKind: request.template.kind },
    );
    const hosted: HostedPod = {
      id: this.pods.length,
      name: request.name,
      node,
      revision: request.revision,
      index: request.index ?? null,
      createdAt: this.now,
      state,
      labels: request.labels ?? {},
      observedSnapshots: 0,
      observedFinished: false,
    };
    this.pods.push(hosted);
    this.current.push(hosted);
    if (node) {
      this.bind(hosted, node);
    } else {
      recordSnapshot(state);
      this.unscheduled.push(hosted);
      this.emit(
        'Warning',
        'FailedScheduling',
        `pod/${request.name}`,
        `0/${this.nodes.length} nodes are available: ${this.nodes.length} node(s) had untolerated taint {node.kubernetes.io/unreachable: }.`,
        'Every node has stopped reporting and is tainted unreachable: the scheduler leaves the pod Pending until a node can take it.',
        hosted,
      );
    }
    return hosted;
  }

  /** Deletes a pod now (the API server's graceful deletion, then the kubelet stops it). */
  deletePod(pod: HostedPod): void {
    const { state } = pod;
    if (state.finished) {
      return;
    }
    state.clock.advanceTo(this.now);
    if (!pod.node) {
      // Never scheduled: the API server deletes it at once.
      this.unscheduled.splice(this.unscheduled.indexOf(pod), 1);
    }
    requestDeletion(state);
    recordSnapshot(state);
    if (state.clock.peek()?.t !== this.now) {
      runKubelet(state);
    }
  }

  /**
   * The node stops reporting: each of its pods goes through what a lost node does to a single
   * pod (cluster.ts: not ready after node-monitor-grace-period, then taint eviction after the
   * pod's toleration), and the node takes no new pod once it is tainted.
   */
  loseNode(name: string, at: number, returnsAt?: number): void {
    const node = this.nodeNamed(name);
    if (!node) {
      this.warnings.push(
        `scenario: there is no node ${name} (nodes are node-1 … node-${this.nodes.length}); ignored`,
      );
      return;
    }
    this.schedule(
      at,
      () => {
        if (node.lostAt !== null) {
          return;
        }
        node.lostAt = this.now;
        node.firstLostAt ??= this.now;
        for (const pod of this.pods) {
          if (pod.node === node && !pod.state.finished) {
            pod.state.clock.advanceTo(this.now);
            loseNode(pod.state);
          }
        }
        this.schedule(
          this.now + nodeMonitorGracePeriodSeconds,
          () => {
            if (node.lostAt !== null) {
              this.emit(
                'Normal',
                'NodeNotReady',
                `node/${node.name}`,
                `Node ${node.name} status is now: NodeNotReady`,
                `The node has not reported for ${nodeMonitorGracePeriodSeconds}s (node-monitor-grace-period): the node lifecycle controller sets its Ready condition Unknown and taints it node.kubernetes.io/unreachable (NoSchedule and NoExecute).`,
              );
            }
          },
          Priority.node,
        );
      },
      Priority.node,
    );
    if (returnsAt !== undefined) {
      this.schedule(
        returnsAt,
        () => {
          if (node.lostAt === null) {
            return;
          }
          node.lostAt = null;
          node.returnedAt = this.now;
          for (const pod of this.pods) {
            if (pod.node === node && !pod.state.finished) {
              pod.state.clock.advanceTo(this.now);
              returnNode(pod.state);
            }
          }
          for (const pod of this.unscheduled.splice(0)) {
            this.bind(pod, node);
          }
        },
        Priority.node,
      );
    }
  }

  /** Whether the scheduler may bind a new pod to the node: it reports, or is not tainted yet. */
  schedulable(node: SimulatedNode): boolean {
    return node.lostAt === null || this.now < node.lostAt + nodeMonitorGracePeriodSeconds;
  }

  /** Runs the controller and every pod until `duration`. */
  run(controller: WorkloadController, duration: number): void {
    controller.start(this);
    this.observe(controller);
    this.recordSnapshot(controller);
    for (let steps = 0; ; steps++) {
      const next = this.next();
      if (!next || next.t > duration) {
        break;
      }
      if (steps >= maxWorkloadSteps) {
        this.warnings.push(
          `the simulation stopped at t=${next.t} after ${maxWorkloadSteps.toLocaleString('en-US')} steps; simulate a shorter duration to see the rest`,
        );
        break;
      }
      if (next.pod) {
        stepSimulatedPod(next.pod.state);
      } else {
        this.clock.take()!.action();
      }
      // Keep the control plane's clock with the pods' (a pod's action may come first).
      this.clock.advanceTo(next.t);
      if (this.nextTime() !== next.t) {
        // The instant is over: the controller hears what changed (its reaction, queued now, makes
        // the instant go on), and the workload's status is recorded once the instant settles.
        this.observe(controller);
        if (this.nextTime() !== next.t) {
          this.recordSnapshot(controller);
        }
      }
    }
  }

  /** The result, once `run` is over. */
  result(controller: WorkloadController, duration: number): WorkloadSimulationResult {
    const final = this.snapshots[this.snapshots.length - 1] ?? this.snapshotNow(controller);
    return {
      workload: this.workload,
      duration,
      warnings: this.warnings,
      notes: this.notes,
      nodes: this.nodes.map((node) => ({
        name: node.name,
        lostAt: node.firstLostAt,
        returnsAt: node.returnedAt,
      })),
      pods: this.pods.map((pod) => ({
        name: pod.name,
        node: pod.node?.name ?? '',
        revision: pod.revision,
        index: pod.index,
        createdAt: pod.createdAt,
        deletedAt: pod.state.deletedAt,
        result: simulationResult(pod.state, duration),
      })),
      events: this.events,
      snapshots: this.snapshots,
      final,
    };
  }

  private nodeNamed(name: string): SimulatedNode | undefined {
    return this.nodes.find((node) => node.name === name);
  }

  private pickNode(): SimulatedNode | null {
    let best: SimulatedNode | null = null;
    let bestCount = Infinity;
    for (const node of this.nodes) {
      if (!this.schedulable(node)) {
        continue;
      }
      const count = this.current.filter((pod) => pod.node === node && !pod.state.finished).length;
      if (count < bestCount) {
        best = node;
        bestCount = count;
      }
    }
    return best;
  }

  private bind(pod: HostedPod, node: SimulatedNode): void {
    pod.node = node;
    const { state } = pod;
    state.clock.advanceTo(this.now);
    state.pod.nodeName = node.name;
    // The images the pod's kubelet finds are its node's (the node a later binding chose).
    state.images = node.images;
    startSimulatedPod(state, this.now, () => {
      if (node.lostAt !== null) {
        // Bound to a node that has stopped reporting but is not tainted yet: nothing on the
        // node will run it.
        state.clock.schedule(this.now, Priority.node, () => loseNode(state));
      }
    });
  }

  /** The earliest queued action of the control plane or of a pod, and whose it is. */
  private next(): { t: number; pod: HostedPod | null } | undefined {
    let best: { t: number; priority: number; order: number; pod: HostedPod | null } | undefined;
    const control = this.clock.peek();
    if (control) {
      best = { t: control.t, priority: control.priority, order: Infinity, pod: null };
    }
    for (const pod of this.current) {
      if (pod.state.finished) {
        continue;
      }
      const item = pod.state.clock.peek();
      if (
        item &&
        (!best ||
          item.t < best.t ||
          (item.t === best.t &&
            (item.priority < best.priority || (item.priority === best.priority && pod.id < best.order))))
      ) {
        best = { t: item.t, priority: item.priority, order: pod.id, pod };
      }
    }
    return best;
  }

  private nextTime(): number | undefined {
    return this.next()?.t;
  }

  /** Tells the controller about every pod whose status changed since it last heard. */
  private observe(controller: WorkloadController): void {
    let removed = false;
    for (const pod of this.current) {
      const { state } = pod;
      if (pod.observedSnapshots !== state.snapshots.length || pod.observedFinished !== state.finished) {
        pod.observedSnapshots = state.snapshots.length;
        pod.observedFinished = state.finished;
        controller.podChanged(this, pod);
      }
      removed ||= pod.observedFinished;
    }
    if (removed) {
      this.current = this.current.filter((pod) => !pod.observedFinished);
    }
  }

  private snapshotNow(controller: WorkloadController): WorkloadSnapshot {
    return {
      t: this.now,
      ...controller.status(this),
      endpoints: this.current.filter((pod) => isReadyEndpoint(pod)).map((pod) => pod.name),
    };
  }

  private recordSnapshot(controller: WorkloadController): void {
    const snapshot = this.snapshotNow(controller);
    const key = JSON.stringify({ ...snapshot, t: 0 });
    if (key !== this.lastSnapshotKey) {
      this.lastSnapshotKey = key;
      this.snapshots.push(snapshot);
    }
  }
}

/** Whether a pod is Ready and not terminating: a Service's ready endpoint (EndpointSlice controller, podToEndpoint). */
export function isReadyEndpoint(pod: HostedPod): boolean {
  const { state } = pod;
  const last = state.snapshots[state.snapshots.length - 1];
  return !state.finished && !state.deleting && last?.conditions.Ready === true;
}
