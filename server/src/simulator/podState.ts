import { BackOff, containerRestartBackOff } from './backOff';
import type { EventQueue } from './eventQueue';
import type {
  ContainerSnapshot,
  EventDetail,
  EventType,
  FailWindow,
  KillCause,
  NormalizedContainer,
  NormalizedPod,
  PodConditionType,
  PodPhase,
  PodSnapshot,
  ProbeType,
  SimulationEvent,
  TerminatedState,
} from './types';

/**
 * The bottom of the simulator: the state of one simulated pod, shared by the kubelet's parts
 * (the pod worker, images, stopping, the prober, status, explanations), and the few helpers every
 * part needs. Each part is a module of functions that take this state and import only downward:
 * this module imports nothing of theirs. A controller simulation can create several pod states on
 * one event queue and one node's images, and drive them with the same parts.
 */

// ---------------------------------------------------------------------------------------------
// Containers

/** How a container behaves: its scenario, with the defaults applied (see containerBehaviour.ts). */
export interface Behaviour {
  /** Per run, the last repeating; null runs until stopped. */
  exitAfter: (number | null)[];
  exitCodes: number[];
  startSeconds: number;
  imagePullFails: boolean;
  pullSeconds: number;
  stopSeconds: number;
  stopExitCode: number;
  probes: Record<ProbeType, FailWindow[]>;
  postStart: { seconds: number; fail: boolean };
  preStop: { seconds: number; fail: boolean };
  /** An ephemeral container's addition to the pod (kubectl debug); 0 for the others. */
  addedAt: number;
}

export interface ProbeWorker {
  /** The result the kubelet acts on (prober results manager). */
  result: 'success' | 'failure' | 'unknown';
  /** The last probe's outcome and how many in a row had it (worker.go lastResult, resultRun). */
  last: 'success' | 'failure' | null;
  runLength: number;
  /** Liveness and startup stop probing once they have failed (worker.go onHold). */
  onHold: boolean;
  consecutiveFailures: number;
  failingSince: number | null;
  everSucceeded: boolean;
}

export interface Stop {
  cause: KillCause;
  requestedAt: number;
  grace: number;
  /** Containers that must stop first (sidecars wait for the app containers and later sidecars). */
  prerequisites: Container[];
  phase: 'preStop' | 'turn' | 'signalled';
  /** The preStop hook was still running when the grace period ended. */
  hookCut: boolean;
  graceLeft: number;
  turnStartedAt: number;
  signalAt: number | null;
  window: number | null;
}

export interface Run {
  /** 0 for the first run; the container's restartCount while this run is current. */
  index: number;
  startedAt: number;
  alive: boolean;
  /** The kubelet has reported it running (its postStart hook has completed). */
  reported: boolean;
  probes: Partial<Record<ProbeType, ProbeWorker>>;
  probeFailure: 'liveness' | 'startup' | null;
  stop: Stop | null;
  /** Killed by a probe or a failed postStart hook: restarted whatever its exit code, unless Never. */
  restartAfterKill: boolean;
}

export interface Exit extends TerminatedState {
  startedAt: number;
  restartAfterKill: boolean;
}

/** The status the kubelet reports (the API's containerStatuses), as a snapshot shows it. */
type ReportedStatus = Omit<ContainerSnapshot, 'name' | 'type' | 'explanation'>;

export interface Container extends ReportedStatus {
  spec: NormalizedContainer;
  specIndex: number;
  behaviour: Behaviour;
  /** The current termination while terminated (it becomes `lastState` at the next change). */
  terminated: TerminatedState | null;
  // Runtime facts.
  runs: number;
  run: Run | null;
  lastExit: Exit | null;
  pulling: boolean;
  /** Why the container is waiting or how it exited, for explanations. */
  note: string | null;
  /** In the pod's spec: false for an ephemeral container until it is added (kubectl debug). */
  added: boolean;
  /** The retry time already announced with a BackOff event, so that each wait is announced once. */
  announcedRetryAt: number | null;
}

// ---------------------------------------------------------------------------------------------
// The pod worker

/** What a sync waits for: some seconds (a pull, a hook), or containers to stop (a kill). */
export type Wait = { kind: 'seconds'; seconds: number } | { kind: 'stopped'; containers: Container[] };
/** One sync of the pod, as a generator that yields where SyncPod blocks. */
export type Sync = Generator<Wait, void, void>;

export interface Worker {
  sync: Sync;
  waitingFor: Container[] | null;
}

// ---------------------------------------------------------------------------------------------
// The node

/** The node's images, shared by the pods on it (the kubelet's image manager). */
export interface NodeImages {
  present: Set<string>;
  /** The image pull back-off, keyed by image. */
  backOff: BackOff;
  failedPulls: Map<string, number>;
}

export function createNodeImages(): NodeImages {
  return { present: new Set(), backOff: new BackOff(), failedPulls: new Map() };
}

// ---------------------------------------------------------------------------------------------
// The pod

export interface PodState {
  readonly pod: NormalizedPod;
  readonly clock: EventQueue;
  /** The images of the pod's node (a controller simulation binds a pending pod to a node later). */
  images: NodeImages;
  /** In spec order: init containers (regular and sidecars), then app containers. */
  readonly containers: Container[];
  /** The container restart back-off, keyed by container name (CrashLoopBackOff). */
  readonly restartBackOff: BackOff;
  readonly warnings: string[];
  /** What happened from outside the node, and why (SimulationResult.notes). */
  readonly notes: string[];
  // The timeline.
  readonly events: SimulationEvent[];
  readonly snapshots: PodSnapshot[];
  // The pod worker (podWorker.ts, syncPod.ts).
  worker: Worker | null;
  syncRequested: boolean;
  initialized: boolean;
  /** The pod's sandbox (its network namespace and IP) is up: PodReadyToStartContainers. */
  sandboxReady: boolean;
  // The API server, the scheduler and the node (cluster.ts).
  scheduled: boolean;
  gated: boolean;
  deleting: boolean;
  /** The node stopped reporting (and has not come back). */
  nodeLostAt: number | null;
  /** The node lifecycle controller has marked the pod not ready (MarkPodsNotReady). */
  nodeNotReadyAt: number | null;
  /** When taint eviction will delete the pod, while the node is tainted unreachable. */
  evictionDueAt: number | null;
  /** The taint eviction controller set the DisruptionTarget condition. */
  disruptionTargetAt: number | null;
  deletedAt: number | null;
  /** Nothing more happens to the pod: deleted, or its node lost. */
  finished: boolean;
  // The pod's status (statusManager.ts).
  podReason: string | null;
  terminalPhase: PodPhase | null;
  /** The kubelet has decided that nothing in the pod will run again. */
  podIsTerminal: boolean;
  /**
   * The phase and reason the API server holds, which lag the kubelet's own (`terminalPhase`,
   * `podReason`) while a terminal phase waits for the containers to stop (statusManager.ts).
   */
  reportedPhase: PodPhase;
  reportedReason: string | null;
  lastSnapshotKey: string;
  readonly conditionSince: Map<PodConditionType, { status: string; since: number }>;
}

export function createPodState(options: {
  pod: NormalizedPod;
  clock: EventQueue;
  images: NodeImages;
  containers: Container[];
  warnings: string[];
  /** The node's cap on the container restart back-off (crashLoopBackOff.maxContainerRestartPeriod). */
  maxContainerRestartPeriod?: number;
}): PodState {
  const { maxContainerRestartPeriod, ...parts } = options;
  return {
    ...parts,
    restartBackOff: containerRestartBackOff(maxContainerRestartPeriod),
    notes: [],
    events: [],
    snapshots: [],
    worker: null,
    syncRequested: false,
    initialized: false,
    sandboxReady: false,
    scheduled: false,
    gated: false,
    deleting: false,
    nodeLostAt: null,
    nodeNotReadyAt: null,
    evictionDueAt: null,
    disruptionTargetAt: null,
    deletedAt: null,
    finished: false,
    podReason: null,
    terminalPhase: null,
    podIsTerminal: false,
    reportedPhase: 'Pending',
    reportedReason: null,
    lastSnapshotKey: '',
    conditionSince: new Map(),
  };
}

/** Records an event at the current time; it points at the next snapshot, which shows its effect. */
export function emit(
  state: PodState,
  type: EventType,
  reason: string,
  object: string,
  message: string,
  explanation?: string,
  detail?: EventDetail,
): void {
  state.events.push({
    t: state.clock.now,
    type,
    reason,
    object,
    message,
    ...(explanation !== undefined ? { explanation } : {}),
    ...(detail !== undefined ? { detail } : {}),
    snapshot: state.snapshots.length,
  });
}

/** Asks the pod worker for another sync, which runs once the current time's actions are done. */
export function requestSync(state: PodState): void {
  state.syncRequested = true;
}

/** Nothing on the node acts any more: the node is lost, or the pod is gone. */
export function isFrozen(state: PodState): boolean {
  return state.nodeLostAt !== null || state.finished;
}
