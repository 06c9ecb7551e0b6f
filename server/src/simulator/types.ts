/**
 * The pod lifecycle simulator's types, in one module so that a webview can import them without the
 * engine: the scenario (the behaviour a manifest cannot know), the pod spec as the simulator reads
 * it, and the timeline it produces. Times are seconds from the pod's creation.
 */

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
/**
 * `sidecar` is an init container with `restartPolicy: Always`; `ephemeral` a debugging container
 * added to the running pod (`kubectl debug`, the ephemeralcontainers subresource, KEP-277).
 */
export type ContainerType = 'init' | 'sidecar' | 'app' | 'ephemeral';
export type ProbeType = 'startup' | 'liveness' | 'readiness';
export type ImagePullPolicy = 'Always' | 'IfNotPresent' | 'Never';

// ---------------------------------------------------------------------------------------------
// Scenario

/** A probe fails while `failFrom <= seconds since the container started < failUntil`. */
export interface FailWindow {
  /** Default 0. */
  failFrom?: number;
  /** Default: the window never closes. */
  failUntil?: number;
  /**
   * Within the window the app does not fail the probe outright: it answers after this many
   * seconds. The probe fails only when that reaches its timeoutSeconds (a timeout), and its
   * result comes when the answer or the timeout does.
   */
  responseSeconds?: number;
}

/** How one container behaves. Every field is optional; the defaults make a healthy container. */
export interface ContainerScenario {
  /**
   * The process exits this many seconds after each start. `"never"` keeps it running. A list
   * gives one value per run, the last repeating. Default: never, except for regular init
   * containers and the app containers of Jobs and CronJobs, which exit 0 after 10 s.
   */
  exitAfter?: number | 'never' | (number | 'never')[];
  /** Exit code of every run. Default 0. */
  exitCode?: number;
  /** Exit code per run, the last one repeating. Overrides `exitCode`. */
  exitCodes?: number[];
  /** Seconds from start until the app answers: every probe fails before then. Default 0. */
  startSeconds?: number;
  /** Default `ok`. */
  imagePull?: 'ok' | 'fail';
  /** How long pulling the image takes the first time (cached pulls take 0 s). Default 1. */
  pullSeconds?: number;
  /** Seconds the process takes to exit after the stop signal (SIGTERM). Default 0. */
  stopSeconds?: number;
  /** Exit code after the stop signal. Default 143 (128 + SIGTERM), like a process without a handler. */
  stopExitCode?: number;
  probes?: Partial<Record<ProbeType, FailWindow | FailWindow[]>>;
  postStart?: { seconds?: number; fail?: boolean };
  preStop?: { seconds?: number; fail?: boolean };
  /**
   * For an ephemeral container: when `kubectl debug` adds it to the pod. Default 0, as soon as
   * the pod exists. Ignored for other containers.
   */
  addedAt?: number;
}

export interface Scenario {
  /** Seconds simulated. Default 600, at most 86400. */
  duration?: number;
  /** The pod's deletion is requested at this time. */
  deleteAt?: number;
  /** The node stops reporting at this time. */
  nodeLostAt?: number;
  /** The lost node reports again at this time (after nodeLostAt): its kubelet is back. */
  nodeReturnsAt?: number;
  /**
   * The node's cap on the container restart back-off, in seconds (kubelet configuration
   * crashLoopBackOff.maxContainerRestartPeriod, feature gate KubeletCrashLoopBackOffMax): 1 to
   * 300. Default 300.
   */
  maxContainerRestartPeriod?: number;
  containers?: Record<string, ContainerScenario>;
  /**
   * For a workload (a controller driving pods): the simulated cluster's nodes, node-1 … node-N.
   * Default 3. A Pod runs on one node and ignores it.
   */
  nodes?: number;
  /** For a workload: nodes that stop reporting at `at`, and report again at `returnsAt` if given. */
  nodeLoss?: NodeLoss[];
  /**
   * For a Job (and each Job of a CronJob): how its pods behave, one entry per pod the Job creates,
   * in creation order (for an Indexed Job, per completion index), the last repeating. An entry's
   * containers replace the scenario's `containers` of the same name.
   */
  attempts?: PodAttempt[];
  /** For an Indexed Job: the attempts of a completion index (`"2": [...]`), instead of `attempts`. */
  indexes?: Record<string, PodAttempt[]>;
  /**
   * For a CronJob: when it is created, as an ISO 8601 date and time with its offset
   * (`2026-03-28T20:00:00Z`); its schedule runs from then. Default 2026-01-05T00:00:00Z.
   */
  startTime?: string;
  /**
   * Assertions checked against the result, for CI (assertions.ts: `ready-within 60s`,
   * `no-restarts`, `never-below 2 ready`…); `podscope simulate` exits 1 when one fails.
   */
  assert?: string[];
  /**
   * For a Deployment, ReplicaSet, StatefulSet or DaemonSet: changes of the workload while it runs,
   * one or a list. An update with `containers` or `images` (or without `replicas`) changes the pod
   * template, as `kubectl set image` would: a new revision, whose pods behave as `containers` says
   * (the containers it does not name behave as in the previous revision); `replicas` scales.
   */
  update?: WorkloadUpdate | WorkloadUpdate[];
}

/** How one pod a Job creates behaves: its containers' behaviour, as in `Scenario.containers`. */
export interface PodAttempt {
  containers?: Record<string, ContainerScenario>;
}

/** A change of a workload at a time: a new pod template (a new revision), a scale, or both. */
export interface WorkloadUpdate {
  at: number;
  /**
   * How the new revision's containers behave, by name (in place of the previous revision's).
   * Its app containers' images change: to `images`, else to the same repository with the tag
   * `revision-N`.
   */
  containers?: Record<string, ContainerScenario>;
  /** The new revision's images, by container name. */
  images?: Record<string, string>;
  /** The new `spec.replicas` (a scale). Alone, it changes no template. */
  replicas?: number;
}

/** A node of a workload's simulated cluster that stops reporting. */
export interface NodeLoss {
  /** The node's name: node-1 … node-N. */
  node: string;
  at: number;
  returnsAt?: number;
}

// ---------------------------------------------------------------------------------------------
// The pod spec, normalised with the API server's defaults

export type Handler =
  | { kind: 'exec'; command: string[] }
  | { kind: 'httpGet'; path: string; port: string; scheme: string }
  | { kind: 'tcpSocket'; port: string }
  | { kind: 'grpc'; port: string }
  | { kind: 'sleep'; seconds: number }
  | { kind: 'none' };

export interface NormalizedProbe {
  handler: Handler;
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
  /** The probe-level override of the grace period used when this probe kills the container. */
  terminationGracePeriodSeconds: number | null;
}

export interface NormalizedContainer {
  name: string;
  type: ContainerType;
  image: string;
  imagePullPolicy: ImagePullPolicy;
  probes: Partial<Record<ProbeType, NormalizedProbe>>;
  postStart: Handler | null;
  preStop: Handler | null;
}

/**
 * How long the pod tolerates the `node.kubernetes.io/unreachable:NoExecute` taint that the node
 * lifecycle controller puts on a node that stopped reporting: seconds (0: not at all), or null for
 * ever; and where that toleration comes from.
 */
export interface UnreachableToleration {
  seconds: number | null;
  /**
   * `default`: the DefaultTolerationSeconds admission plugin's (300 s); `pod`: the pod's own;
   * `daemonSet`: the DaemonSet controller's (for ever); `none`: the pod has a toleration that
   * keeps the plugin away but does not match the taint.
   */
  source: 'default' | 'pod' | 'daemonSet' | 'none';
}

export interface NormalizedPod {
  kind: string;
  name: string;
  namespace: string;
  nodeName: string;
  /** True when `spec.nodeName` is set: the scheduler is bypassed. */
  nodeNameInSpec: boolean;
  restartPolicy: RestartPolicy;
  terminationGracePeriodSeconds: number;
  activeDeadlineSeconds: number | null;
  schedulingGates: string[];
  unreachableToleration: UnreachableToleration;
  /** Init containers (regular and sidecars) in spec order. */
  initContainers: NormalizedContainer[];
  containers: NormalizedContainer[];
  /** Ephemeral containers in spec order; the scenario says when each is added (addedAt). */
  ephemeralContainers: NormalizedContainer[];
}

// ---------------------------------------------------------------------------------------------
// The timeline

export interface SimulationInput {
  kind: string;
  name: string;
  namespace?: string;
  /** The pod spec: the Pod's `spec`, or the pod template's `spec` of a workload. */
  podSpec: unknown;
}

export type EventType = 'Normal' | 'Warning';

/** Machine-readable reasons behind an event, for a UI to explain it. */
export type EventDetail =
  | {
      kind: 'backOff';
      container: string;
      /** The restart this back-off delays (the container's restartCount once it happens). */
      restart: number;
      /** Seconds between the container's exit and this restart. */
      delay: number;
      retryAt: number;
      /** The node's back-off cap (300 s unless the scenario's maxContainerRestartPeriod lowers it). */
      maxDelay: number;
    }
  | { kind: 'imagePullBackOff'; image: string; failedPulls: number; delay: number; retryAt: number }
  | {
      kind: 'probe';
      probe: ProbeType;
      consecutiveFailures: number;
      failureThreshold: number;
      /** Seconds since the container started when the probe ran. */
      sinceStart: number;
    }
  | {
      kind: 'kill';
      cause: KillCause;
      gracePeriod: number;
      /** Whether the kubelet restarts the container afterwards. */
      restart: boolean;
    };

export type KillCause =
  | 'liveness'
  | 'startup'
  | 'postStart'
  | 'deletion'
  | 'deadline'
  | 'podCompleted'
  | 'initFailed';

export interface SimulationEvent {
  t: number;
  type: EventType;
  /** Kubelet wording: Scheduled, Pulling, Pulled, Failed, BackOff, Created, Started, Killing, … */
  reason: string;
  /** `pod`, or the container's name. */
  object: string;
  message: string;
  /** Why this happened, in one or two sentences. */
  explanation?: string;
  detail?: EventDetail;
  /**
   * The index in `snapshots` of the first snapshot taken after this event, which shows its effect
   * (equal to the number of snapshots when none was taken after it).
   */
  snapshot: number;
}

export type ConditionType =
  | 'PodScheduled'
  | 'PodReadyToStartContainers'
  | 'Initialized'
  | 'ContainersReady'
  | 'Ready';
/**
 * The pod's conditions in the order a pod goes through them (and a UI lists them).
 * PodReadyToStartContainers is beta and on by default since 1.29 (feature gate
 * PodReadyToStartContainersCondition, KEP-3085).
 */
export const conditionTypes: readonly ConditionType[] = [
  'PodScheduled',
  'PodReadyToStartContainers',
  'Initialized',
  'ContainersReady',
  'Ready',
];
export type ConditionValue = boolean | 'Unknown';
/**
 * A condition the kubelet does not own: DisruptionTarget, set by the taint eviction controller
 * before it deletes the pod (only in a snapshot's `podConditions`, after the kubelet's).
 */
export type PodConditionType = ConditionType | 'DisruptionTarget';

export interface PodCondition {
  type: PodConditionType;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime: number;
  /** The kubelet's reason and message, when it sets them. */
  reason: string | null;
  message: string | null;
  /** Why the condition has this value, e.g. "Ready is False: app's readiness probe has failed since t=30". */
  explanation: string;
}

export interface TerminatedState {
  reason: string;
  exitCode: number;
  startedAt: number | null;
  finishedAt: number;
}

export interface ContainerSnapshot {
  name: string;
  type: ContainerType;
  state: 'waiting' | 'running' | 'terminated';
  /** The waiting or terminated reason; null while running, and before the kubelet reports. */
  reason: string | null;
  /** Set when terminated. */
  exitCode: number | null;
  restartCount: number;
  started: boolean;
  ready: boolean;
  /** The previous run's termination (the API's `lastState.terminated`). */
  lastState: TerminatedState | null;
  /** Why the container is in this state. */
  explanation: string;
}

export interface PodSnapshot {
  t: number;
  phase: PodPhase;
  /** kubectl's STATUS column. */
  status: string;
  /** kubectl's READY column, e.g. "1/2". */
  ready: string;
  /** kubectl's RESTARTS column, without the "(… ago)" part. */
  restarts: number;
  /** When the container counted in `restarts` last terminated, for kubectl's "(5s ago)". */
  lastRestartAt: number | null;
  /** `status.reason`, e.g. DeadlineExceeded. */
  reason: string | null;
  /** Deletion has been requested. */
  deleting: boolean;
  conditions: Record<ConditionType, ConditionValue>;
  podConditions: PodCondition[];
  containers: ContainerSnapshot[];
}

export interface SimulationResult {
  pod: {
    kind: string;
    name: string;
    namespace: string;
    node: string;
    restartPolicy: RestartPolicy;
    terminationGracePeriodSeconds: number;
    activeDeadlineSeconds: number | null;
    containers: { name: string; type: ContainerType; image: string }[];
  };
  duration: number;
  /** Things the simulation assumed or ignored; never fatal. */
  warnings: string[];
  /**
   * What happened to the pod from outside its node, and why, in the order it happened (a lost
   * node: the node lifecycle controller, taint eviction, the pod's tolerations).
   */
  notes: string[];
  events: SimulationEvent[];
  /**
   * A snapshot whenever a value changes, sorted by time. Several may share a time when the pod
   * passes through a state in no time (a container exits and is restarted at once).
   */
  snapshots: PodSnapshot[];
  final: PodSnapshot;
  /** When a deleted pod's last container stopped and the pod object was removed. */
  deletedAt: number | null;
}

export type SimulationOutcome = { ok: true; result: SimulationResult } | { ok: false; error: string };

// ---------------------------------------------------------------------------------------------
// Workloads: a controller driving several pods (workloadHost.ts). Times are seconds from the
// workload's creation; each pod's timeline uses the same clock (its `createdAt` says when it
// appears).

/** A condition of the workload object (a Job's Complete, a Deployment's Progressing…). */
export interface WorkloadCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string | null;
  message: string | null;
  lastTransitionTime: number;
  /**
   * When the controller last wrote the condition (a Deployment's Progressing: its last progress,
   * from which progressDeadlineSeconds is counted), when it differs from lastTransitionTime.
   */
  lastUpdateTime?: number;
  /** Why the condition has this value. */
  explanation?: string;
}

/** An event of the controller, or of the simulated cluster (a node lost). */
export interface WorkloadEvent {
  t: number;
  type: EventType;
  /** The controller's wording: SuccessfulCreate, SuccessfulDelete, BackoffLimitExceeded, ScalingReplicaSet… */
  reason: string;
  /** The object the event is recorded on, as kubectl names it (`job/pi`, `replicaset/web-5d8f7c6b9`, `node/node-2`). */
  object: string;
  message: string;
  /** Why this happened, in one or two sentences. */
  explanation?: string;
  /** The pod the event is about, as an index into `pods`. */
  pod?: number;
  /**
   * The index in `snapshots` of the first workload snapshot taken after this event (equal to the
   * number of snapshots when none was taken after it).
   */
  snapshot: number;
}

/** The workload's status at one moment, as `kubectl get` and its status show it. */
export interface WorkloadSnapshot {
  t: number;
  /** The controller's status counters: replicas, readyReplicas, availableReplicas, updatedReplicas; active, succeeded, failed… */
  status: Record<string, number>;
  /** `kubectl get`'s columns for the workload, in order (READY 2/3, UP-TO-DATE, AVAILABLE; COMPLETIONS…). */
  columns: Record<string, string>;
  conditions: WorkloadCondition[];
  /** The controller's revision fields, when it has them (a StatefulSet's currentRevision and updateRevision). */
  revisions?: Record<string, string>;
  /**
   * A CronJob's Jobs that exist at this moment, oldest first, each with its own counters, kubectl
   * columns and conditions (the CronJob itself has no conditions).
   */
  jobs?: WorkloadJobSnapshot[];
  /**
   * The pods a Service selecting the workload's pods routes to: ready and not terminating
   * (the EndpointSlice controller: pkg/controller/endpointslice, podToEndpoint).
   */
  endpoints: string[];
}

/** One Job of a CronJob at one moment (its pods are the result's pods whose revision is its name). */
export interface WorkloadJobSnapshot {
  name: string;
  status: Record<string, number>;
  columns: Record<string, string>;
  conditions: WorkloadCondition[];
}

/** One pod the controller created, with its own timeline. */
export interface WorkloadPod {
  name: string;
  node: string;
  /** The revision the pod belongs to (a ReplicaSet's name, a controller revision's hash, a Job's only one). */
  revision: string;
  /** The Job's completion index or the StatefulSet's ordinal, when the pod has one. */
  index: number | null;
  createdAt: number;
  /** When the pod object was removed, if it was. */
  deletedAt: number | null;
  result: SimulationResult;
}

export interface WorkloadNode {
  name: string;
  /** When the node stopped reporting, if it did. */
  lostAt: number | null;
  /** When it reported again. */
  returnsAt: number | null;
}

export interface WorkloadSimulationResult {
  workload: { kind: string; name: string; namespace: string };
  duration: number;
  /** Things the simulation assumed or ignored; never fatal. */
  warnings: string[];
  /** What the controller did and why, in the order it happened, for a reader. */
  notes: string[];
  nodes: WorkloadNode[];
  /** In creation order. */
  pods: WorkloadPod[];
  events: WorkloadEvent[];
  /** A snapshot whenever the workload's status, conditions or endpoints change, sorted by time. */
  snapshots: WorkloadSnapshot[];
  final: WorkloadSnapshot;
}

export type WorkloadSimulationOutcome =
  | { ok: true; result: WorkloadSimulationResult }
  | { ok: false; error: string };
