import { runsToCompletion } from '../kubernetes/workloads';
import { BackOff, maxBackOffSeconds } from './backOff';
import { ordinal, podReference, probeFailureOutput, probeTitle, seconds } from './messages';
import { normalizePod } from './podSpec';
import {
  containersReadyCondition,
  getPhase,
  initializedCondition,
  printPod,
  type ConditionCore,
} from './podStatus';
import { defaultDurationSeconds, validateScenario } from './scenario';
import type {
  ConditionType,
  ContainerScenario,
  ContainerSnapshot,
  EventDetail,
  EventType,
  FailWindow,
  KillCause,
  NormalizedContainer,
  NormalizedPod,
  PodCondition,
  PodPhase,
  PodSnapshot,
  ProbeType,
  Scenario,
  SimulationEvent,
  SimulationInput,
  SimulationOutcome,
  SimulationResult,
  TerminatedState,
} from './types';

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
 */

/** The smallest stop window the kubelet gives a container (killContainer: minimumGracePeriodInSeconds). */
const minimumGracePeriodSeconds = 2;
/** Default run time of a container that runs to completion (regular init containers, Job pods). */
const defaultTaskSeconds = 10;
/**
 * The most steps one simulation takes. The simulation runs on the language server's thread and
 * again on every edit while the panel is open, so it must stay well under a second: a day of three
 * containers probed every second would otherwise take seconds. The default ten minutes of a busy
 * pod take a few thousand steps.
 */
export const maxSteps = 50_000;

/** Simulates one pod. Never throws on bad input: a pod that cannot run is `{ ok: false, error }`. */
export function simulatePod(input: SimulationInput, scenario: Scenario = {}): SimulationOutcome {
  const normalized = normalizePod(input);
  if (!normalized.ok) {
    return { ok: false, error: normalized.error };
  }
  // Scenarios built in code get the same checks as scenario files; invalid parts are ignored.
  const checked = validateScenario(scenario);
  const warnings = [
    ...normalized.warnings,
    ...checked.problems.map((problem) => `scenario: ${problem.message} (ignored)`),
  ];
  return { ok: true, result: new Simulation(normalized.pod, checked.scenario, warnings).run() };
}

// ---------------------------------------------------------------------------------------------
// Internal state

interface Behaviour {
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
}

interface ProbeWorker {
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

interface Stop {
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

interface Run {
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

interface Exit extends TerminatedState {
  startedAt: number;
  restartAfterKill: boolean;
}

interface Container {
  spec: NormalizedContainer;
  specIndex: number;
  behaviour: Behaviour;
  // The status the kubelet reports (API containerStatuses).
  state: 'waiting' | 'running' | 'terminated';
  reason: string | null;
  exitCode: number | null;
  restartCount: number;
  started: boolean;
  ready: boolean;
  lastState: TerminatedState | null;
  terminated: TerminatedState | null;
  // Runtime facts.
  runs: number;
  run: Run | null;
  lastExit: Exit | null;
  pulling: boolean;
  /** Why the container is waiting or how it exited, for explanations. */
  note: string | null;
  /** The retry time already announced with a BackOff event, so that each wait is announced once. */
  announcedRetryAt: number | null;
}

type Wait = { kind: 'seconds'; seconds: number } | { kind: 'stopped'; containers: Container[] };
type Sync = Generator<Wait, void, void>;

interface Worker {
  sync: Sync;
  waitingFor: Container[] | null;
}

interface QueueItem {
  t: number;
  priority: number;
  seq: number;
  action: () => void;
}

/** Order of simultaneous actions: the node, then the API server, processes, probes, the kubelet. */
const Priority = {
  created: -1,
  node: 0,
  pod: 1,
  process: 2,
  probe: { startup: 3, liveness: 4, readiness: 5 } as Record<ProbeType, number>,
  kubelet: 6,
};

const initialProbeResult: Record<ProbeType, ProbeWorker['result']> = {
  // prober/worker.go newWorker: readiness starts as Failure, liveness as Success, startup Unknown.
  readiness: 'failure',
  liveness: 'success',
  startup: 'unknown',
};

const conditionTypes: readonly ConditionType[] = ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'];

class Simulation {
  private now = 0;
  private seq = 0;
  private readonly queue: QueueItem[] = [];
  private readonly events: SimulationEvent[] = [];
  private readonly snapshots: PodSnapshot[] = [];
  private lastSnapshotKey = '';
  private readonly containers: Container[];
  private readonly duration: number;
  private readonly restartBackOff = new BackOff();
  private readonly imageBackOff = new BackOff();
  private readonly imagesOnNode = new Set<string>();
  private readonly failedPulls = new Map<string, number>();
  private worker: Worker | null = null;
  private syncRequested = false;
  private scheduled = false;
  private gated = false;
  private initialized = false;
  private deleting = false;
  private nodeLostAt: number | null = null;
  private podReason: string | null = null;
  private terminalPhase: PodPhase | null = null;
  private podIsTerminal = false;
  private deletedAt: number | null = null;
  private finished = false;
  private readonly conditionSince = new Map<ConditionType, { status: string; since: number }>();

  constructor(
    private readonly pod: NormalizedPod,
    private readonly scenario: Scenario,
    private readonly warnings: string[],
  ) {
    this.duration = scenario.duration ?? defaultDurationSeconds;
    const specs = [...pod.initContainers, ...pod.containers];
    const known = new Set(specs.map((spec) => spec.name));
    for (const name of Object.keys(scenario.containers ?? {})) {
      if (!known.has(name)) {
        warnings.push(
          `scenario: unknown container "${name}" (the pod has: ${[...known].join(', ')}); ignored`,
        );
      }
    }
    this.containers = specs.map((spec, specIndex) => ({
      spec,
      specIndex,
      behaviour: this.behaviourOf(spec, scenario.containers?.[spec.name]),
      state: 'waiting',
      reason: null,
      exitCode: null,
      restartCount: 0,
      started: false,
      ready: false,
      lastState: null,
      terminated: null,
      runs: 0,
      run: null,
      lastExit: null,
      pulling: false,
      note: null,
      announcedRetryAt: null,
    }));
  }

  run(): SimulationResult {
    this.recordSnapshot();
    this.schedule(0, Priority.created, () => this.schedulePod());
    if (this.scenario.deleteAt !== undefined) {
      this.schedule(this.scenario.deleteAt, Priority.pod, () => this.requestDeletion());
    }
    if (this.scenario.nodeLostAt !== undefined) {
      this.schedule(this.scenario.nodeLostAt, Priority.node, () => this.loseNode());
    }
    if (this.pod.activeDeadlineSeconds !== null) {
      this.schedule(this.pod.activeDeadlineSeconds, Priority.pod, () => this.exceedDeadline());
    }
    let steps = 0;
    while (!this.finished) {
      const item = this.queue[0];
      if (!item || item.t > this.duration) {
        break;
      }
      this.queue.shift();
      this.now = item.t;
      item.action();
      this.recordSnapshot();
      if (this.queue[0]?.t !== this.now) {
        this.runKubelet();
      }
      if (++steps > maxSteps) {
        this.warnings.push(
          `the simulation stopped at t=${this.now} after ${maxSteps.toLocaleString('en-US')} steps (frequent probes over a long duration); simulate a shorter duration to see the rest`,
        );
        break;
      }
    }
    const final = this.snapshots[this.snapshots.length - 1]!;
    return {
      pod: {
        kind: this.pod.kind,
        name: this.pod.name,
        namespace: this.pod.namespace,
        node: this.pod.nodeName,
        restartPolicy: this.pod.restartPolicy,
        terminationGracePeriodSeconds: this.pod.terminationGracePeriodSeconds,
        activeDeadlineSeconds: this.pod.activeDeadlineSeconds,
        containers: this.containers.map(({ spec }) => ({
          name: spec.name,
          type: spec.type,
          image: spec.image,
        })),
      },
      duration: this.duration,
      warnings: this.warnings,
      events: this.events,
      snapshots: this.snapshots,
      final,
      deletedAt: this.deletedAt,
    };
  }

  // -------------------------------------------------------------------------------------------
  // The scenario

  private behaviourOf(spec: NormalizedContainer, scenario: ContainerScenario | undefined): Behaviour {
    const where = `scenario: container ${spec.name}`;
    for (const probeType of ['liveness', 'readiness', 'startup'] as const) {
      if (scenario?.probes?.[probeType] !== undefined && !spec.probes[probeType]) {
        this.warnings.push(`${where} has no ${probeType}Probe; its probes.${probeType} is ignored`);
      }
    }
    for (const hook of ['postStart', 'preStop'] as const) {
      if (scenario?.[hook] !== undefined && !spec[hook]) {
        this.warnings.push(`${where} has no ${hook} hook; its ${hook} is ignored`);
      }
    }
    // Regular init containers and the app containers of Jobs run to completion by default.
    const completes = spec.type === 'init' || (spec.type === 'app' && runsToCompletion(this.pod.kind));
    const windows = (probeType: ProbeType): FailWindow[] => {
      const value = scenario?.probes?.[probeType];
      return value === undefined ? [] : Array.isArray(value) ? value : [value];
    };
    const hookSeconds = (hook: 'postStart' | 'preStop'): number => {
      const handler = spec[hook];
      // A `sleep` hook's duration is in the manifest.
      return scenario?.[hook]?.seconds ?? (handler?.kind === 'sleep' ? handler.seconds : 0);
    };
    const exitAfter = scenario?.exitAfter ?? (completes ? defaultTaskSeconds : 'never');
    return {
      exitAfter: (Array.isArray(exitAfter) ? exitAfter : [exitAfter]).map((run) =>
        run === 'never' ? null : run,
      ),
      exitCodes: scenario?.exitCodes ?? [scenario?.exitCode ?? 0],
      startSeconds: scenario?.startSeconds ?? 0,
      imagePullFails: scenario?.imagePull === 'fail',
      pullSeconds: scenario?.pullSeconds ?? 1,
      stopSeconds: scenario?.stopSeconds ?? 0,
      stopExitCode: scenario?.stopExitCode ?? 143,
      probes: { liveness: windows('liveness'), readiness: windows('readiness'), startup: windows('startup') },
      postStart: { seconds: hookSeconds('postStart'), fail: scenario?.postStart?.fail ?? false },
      preStop: { seconds: hookSeconds('preStop'), fail: scenario?.preStop?.fail ?? false },
    };
  }

  // -------------------------------------------------------------------------------------------
  // The timed queue

  private schedule(t: number, priority: number, action: () => void): void {
    const item: QueueItem = { t, priority, seq: this.seq++, action };
    let low = 0;
    let high = this.queue.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const other = this.queue[middle]!;
      if (other.t < t || (other.t === t && other.priority <= priority)) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    this.queue.splice(low, 0, item);
  }

  private frozen(): boolean {
    return this.nodeLostAt !== null || this.finished;
  }

  // -------------------------------------------------------------------------------------------
  // The API server, the scheduler and the node

  private schedulePod(): void {
    if (this.pod.schedulingGates.length > 0) {
      // pod-scheduling-readiness: a gated pod stays Pending and unscheduled until its gates are removed.
      this.gated = true;
      this.warnings.push(
        `the pod has schedulingGates (${this.pod.schedulingGates.join(', ')}): it is never scheduled until they are removed`,
      );
      return;
    }
    this.scheduled = true;
    if (!this.pod.nodeNameInSpec) {
      this.emit(
        'Normal',
        'Scheduled',
        'pod',
        `Successfully assigned ${this.pod.namespace}/${this.pod.name} to ${this.pod.nodeName}`,
        'The scheduler bound the pod to a node; the kubelet there starts it.',
      );
    }
    // The kubelet's first status: every container waits, as PodInitializing when the pod has init
    // containers, else ContainerCreating (kubelet_pods.go convertToAPIContainerStatuses).
    const waitingReason = this.pod.initContainers.length > 0 ? 'PodInitializing' : 'ContainerCreating';
    for (const container of this.containers) {
      container.reason = waitingReason;
    }
    this.requestSync();
  }

  /** Pod termination: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination */
  private requestDeletion(): void {
    if (this.finished) {
      return;
    }
    this.deleting = true;
    if (!this.scheduled || this.terminalPhase !== null) {
      // The API server deletes a pod that is not scheduled, or has finished, at once, without a
      // grace period (pkg/registry/core/pod/strategy.go CheckGracefulDelete).
      this.deletedAt = this.now;
      this.finished = true;
      return;
    }
    if (this.nodeLostAt !== null) {
      // Nobody on the node can stop the containers: the pod stays Unknown until it is force-deleted.
      return;
    }
    this.abortWorker();
    this.startWorker(this.terminate('deletion'));
  }

  /** activeDeadlineSeconds, counted from the pod's start (kubelet activeDeadlineHandler). */
  private exceedDeadline(): void {
    if (!this.scheduled || this.frozen() || this.deleting || this.terminalPhase !== null) {
      return;
    }
    this.podReason = 'DeadlineExceeded';
    this.terminalPhase = 'Failed';
    this.emit(
      'Warning',
      'DeadlineExceeded',
      'pod',
      'Pod was active on the node longer than the specified deadline',
      `activeDeadlineSeconds is ${this.pod.activeDeadlineSeconds}: the kubelet fails the pod once it has been active that long, and stops every container.`,
    );
    this.abortWorker();
    this.startWorker(this.terminate('deadline'));
  }

  /** The node stops reporting: nothing more is known about the pod (phase Unknown). */
  private loseNode(): void {
    if (this.finished) {
      return;
    }
    this.nodeLostAt = this.now;
    if (this.terminalPhase === null) {
      this.podReason = 'NodeLost';
    }
    this.abortWorker();
    // Only the deletion request still reaches the API server.
    const kept = this.queue.filter((item) => item.priority === Priority.pod);
    this.queue.length = 0;
    this.queue.push(...kept);
    this.emit(
      'Warning',
      'NodeNotReady',
      'pod',
      'Node is not ready',
      `The node stopped reporting at t=${this.now}: the pod's phase becomes Unknown and its readiness Unknown; its containers may still run, but nothing observes them.`,
    );
  }

  // -------------------------------------------------------------------------------------------
  // The kubelet's pod worker

  private requestSync(): void {
    this.syncRequested = true;
  }

  private kubeletActive(): boolean {
    return this.scheduled && !this.frozen() && !this.deleting && !this.podIsTerminal;
  }

  private runKubelet(): void {
    for (let round = 0; round < 100 && !this.worker && this.syncRequested && this.kubeletActive(); round++) {
      this.syncRequested = false;
      this.startWorker(this.syncPod());
      this.recordSnapshot();
    }
  }

  private startWorker(sync: Sync): void {
    this.worker = { sync, waitingFor: null };
    this.resumeWorker();
  }

  private abortWorker(): void {
    this.worker = null;
    for (const container of this.containers) {
      container.pulling = false;
    }
  }

  private resumeWorker(): void {
    const worker = this.worker;
    while (worker && this.worker === worker) {
      const step = worker.sync.next();
      if (this.worker !== worker) {
        return;
      }
      if (step.done) {
        this.worker = null;
        return;
      }
      const wait = step.value;
      if (wait.kind === 'seconds') {
        if (wait.seconds > 0) {
          this.schedule(this.now + wait.seconds, Priority.process, () => {
            if (this.worker === worker && !this.frozen()) {
              this.resumeWorker();
            }
          });
          return;
        }
      } else if (wait.containers.some((container) => container.run?.alive)) {
        worker.waitingFor = wait.containers;
        return;
      }
    }
  }

  /**
   * One sync of the pod (kuberuntime_manager.go computePodActions + SyncPod): kill the containers
   * whose probes failed, run the init containers one at a time, then start or restart the app
   * containers; once no app container will run again, stop the sidecars.
   */
  private *syncPod(): Sync {
    const phase = this.currentPhase();
    if (phase === 'Succeeded' || phase === 'Failed') {
      if (this.containers.some((container) => container.run?.alive)) {
        yield* this.killPod(this.initFailed() ? 'initFailed' : 'podCompleted');
      }
      this.podIsTerminal = true;
      return;
    }

    // 1. Containers whose liveness or startup probe failed are killed, and restarted unless the
    //    policy is Never (sidecars always are).
    for (const container of this.containers) {
      const run = container.run;
      if (!run?.alive || run.stop || !run.probeFailure) {
        continue;
      }
      const probeType = run.probeFailure;
      const restart = container.spec.type === 'sidecar' || this.pod.restartPolicy !== 'Never';
      run.restartAfterKill = restart;
      this.startStop(container, {
        cause: probeType,
        message: `Container ${container.spec.name} failed ${probeType} probe${restart ? ', will be restarted' : ''}`,
        grace:
          container.spec.probes[probeType]?.terminationGracePeriodSeconds ??
          this.pod.terminationGracePeriodSeconds,
        restart,
        prerequisites: [],
      });
      yield { kind: 'stopped', containers: [container] };
    }

    // 2. Init containers run one at a time, in order; a sidecar lets the next one start once it
    //    has started (https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/).
    if (!this.initialized) {
      for (const container of this.containers.filter(({ spec }) => spec.type !== 'app')) {
        if (container.spec.type === 'sidecar') {
          if (container.run?.alive) {
            if (container.started) {
              continue;
            }
            return;
          }
          const started = yield* this.startContainer(container);
          if (started && container.started) {
            continue;
          }
          return;
        }
        if (container.run?.alive) {
          return;
        }
        if (container.state === 'terminated' && container.exitCode === 0) {
          continue;
        }
        if (container.lastExit && !this.shouldRestart(container)) {
          return;
        }
        yield* this.startContainer(container);
        return;
      }
      this.initialized = true;
    }

    // 3. Once no app container will run again, the sidecars are stopped and the pod completes.
    if (this.appContainersDone()) {
      yield* this.killPod('podCompleted');
      this.podIsTerminal = true;
      return;
    }
    for (const container of this.containers) {
      if (container.run?.alive || container.spec.type === 'init') {
        continue;
      }
      if (container.spec.type === 'sidecar' || container.runs === 0 || this.shouldRestart(container)) {
        yield* this.startContainer(container);
      }
    }
  }

  /** Pod termination for deletion and the deadline: stop everything, then the pod is terminal. */
  private *terminate(cause: 'deletion' | 'deadline'): Sync {
    yield* this.killPod(cause);
    this.podIsTerminal = true;
    if (cause === 'deletion') {
      this.deletedAt = this.now;
      this.finished = true;
    }
  }

  private initFailed(): boolean {
    return this.containers.some(
      (container) =>
        container.spec.type === 'init' && container.lastExit !== null && container.lastExit.exitCode !== 0,
    );
  }

  /**
   * Restart policy (pod-lifecycle#restart-policy): Always restarts every exit, OnFailure a non-zero
   * exit, Never nothing. Sidecars restart whatever the policy; regular init containers of an
   * Always pod restart as if the policy were OnFailure (init-containers). A container killed by
   * its liveness or startup probe restarts unless the policy is Never (computePodActions).
   */
  private shouldRestart(container: Container): boolean {
    const exit = container.lastExit;
    if (!exit || container.run?.alive) {
      return false;
    }
    if (exit.restartAfterKill || container.spec.type === 'sidecar') {
      return true;
    }
    const policy =
      container.spec.type === 'init' && this.pod.restartPolicy === 'Always'
        ? 'OnFailure'
        : this.pod.restartPolicy;
    return policy === 'Always' || (policy === 'OnFailure' && exit.exitCode !== 0);
  }

  private appContainersDone(): boolean {
    return this.containers
      .filter(({ spec }) => spec.type === 'app')
      .every((container) => container.runs > 0 && !container.run?.alive && !this.shouldRestart(container));
  }

  /**
   * startContainer with its back-off check (kuberuntime_manager.go doBackOff, then
   * kuberuntime_container.go startContainer): pull the image, create and start the container, run
   * its postStart hook. Returns whether the container is now running.
   */
  private *startContainer(container: Container): Generator<Wait, boolean, void> {
    const name = container.spec.name;
    let restartNote: string | null = null;
    const exit = container.lastExit;
    if (exit) {
      if (this.restartBackOff.isInBackOffSince(name, exit.finishedAt, this.now)) {
        this.announceBackOff(container, exit);
        return false;
      }
      const reset = this.restartBackOff.wouldReset(name, exit.finishedAt);
      const delay = this.now - exit.finishedAt;
      restartNote =
        delay > 0
          ? `after a back-off of ${seconds(delay)}`
          : reset
            ? `at once: the container ran for more than ${(maxBackOffSeconds * 2) / 60} minutes, so the back-off started over`
            : container.runs === 1
              ? 'at once: the first restart is immediate'
              : 'at once';
      this.restartBackOff.next(name, exit.finishedAt, this.now);
    }
    const pulled = yield* this.ensureImage(container);
    if (!pulled) {
      return false;
    }

    const run: Run = {
      index: container.runs++,
      startedAt: this.now,
      alive: true,
      reported: false,
      probes: {},
      probeFailure: null,
      stop: null,
      restartAfterKill: false,
    };
    container.run = run;
    container.announcedRetryAt = null;
    const restartExplanation =
      restartNote === null ? undefined : `Restart ${run.index} of ${name}, ${restartNote}.`;
    this.emit('Normal', 'Created', name, `Created container: ${name}`, restartExplanation);
    this.emit('Normal', 'Started', name, `Started container ${name}`, restartExplanation);
    const exitAfter = perRun(container.behaviour.exitAfter, run.index) ?? null;
    if (exitAfter !== null) {
      const code = perRun(container.behaviour.exitCodes, run.index) ?? 0;
      this.schedule(this.now + exitAfter, Priority.process, () => this.exit(container, run, code, 'natural'));
    }
    for (const probeType of ['startup', 'liveness', 'readiness'] as const) {
      const probe = container.spec.probes[probeType];
      if (!probe) {
        continue;
      }
      run.probes[probeType] = {
        result: initialProbeResult[probeType],
        last: null,
        runLength: 0,
        onHold: false,
        consecutiveFailures: 0,
        failingSince: null,
        everSucceeded: false,
      };
      // Probes start initialDelaySeconds after the container starts, then repeat every period.
      this.schedule(this.now + probe.initialDelaySeconds, Priority.probe[probeType], () =>
        this.probe(container, run, probeType),
      );
    }

    // container-lifecycle-hooks: the container is not reported running until postStart completes,
    // and a failed hook kills it.
    if (container.spec.postStart) {
      const { seconds: hookSeconds, fail } = container.behaviour.postStart;
      if (hookSeconds > 0) {
        yield { kind: 'seconds', seconds: hookSeconds };
      }
      if (!run.alive) {
        return false;
      }
      if (fail) {
        const restart = container.spec.type === 'sidecar' || this.pod.restartPolicy !== 'Never';
        run.restartAfterKill = restart;
        this.emit(
          'Warning',
          'FailedPostStartHook',
          name,
          'PostStartHook failed',
          `The postStart hook of ${name} failed, so the kubelet kills the container${restart ? ' and restarts it' : ''}.`,
        );
        this.startStop(container, {
          cause: 'postStart',
          message: 'FailedPostStartHook',
          grace: this.pod.terminationGracePeriodSeconds,
          restart,
          prerequisites: [],
        });
        yield { kind: 'stopped', containers: [container] };
        return false;
      }
    }
    run.reported = true;
    this.setRunning(container, run);
    return true;
  }

  private announceBackOff(container: Container, exit: Exit): void {
    const name = container.spec.name;
    const delay = this.restartBackOff.delay(name);
    const retryAt = exit.finishedAt + delay;
    if (container.announcedRetryAt === retryAt) {
      return;
    }
    container.announcedRetryAt = retryAt;
    const restart = container.runs;
    container.note = `Exited with code ${exit.exitCode} at t=${exit.finishedAt}; the kubelet waits ${seconds(delay)} (back-off) before restart ${restart}, at t=${retryAt}.`;
    this.setWaiting(container, 'CrashLoopBackOff');
    this.emit(
      'Warning',
      'BackOff',
      name,
      `Back-off restarting failed container ${name} in pod ${podReference(this.pod.name, this.pod.namespace)}`,
      `Back-off ${seconds(delay)} before the ${ordinal(restart)} restart of ${name}: the kubelet restarts a crashed container at once the first time, then waits 10s, doubling the delay after each restart up to ${maxBackOffSeconds}s; the delay starts over once the container has run for 10 minutes.`,
      { kind: 'backOff', container: name, restart, delay, retryAt },
    );
    this.schedule(retryAt, Priority.kubelet, () => this.requestSync());
  }

  /** EnsureImageExists (pkg/kubelet/images/image_manager.go), with the image pull back-off. */
  private *ensureImage(container: Container): Generator<Wait, boolean, void> {
    const { image, imagePullPolicy, name } = { ...container.spec };
    const behaviour = container.behaviour;
    if (imagePullPolicy === 'Never') {
      if (behaviour.imagePullFails) {
        container.note = `The image is not on the node and imagePullPolicy is Never, so the kubelet never pulls it.`;
        this.emit(
          'Warning',
          'ErrImageNeverPull',
          name,
          `Container image "${image}" is not present with pull policy of Never`,
        );
        this.emit('Warning', 'Failed', name, 'Error: ErrImageNeverPull');
        this.setWaiting(container, 'ErrImageNeverPull');
        return false;
      }
      this.emit('Normal', 'Pulled', name, `Container image "${image}" already present on machine`);
      return true;
    }
    if (imagePullPolicy === 'IfNotPresent' && this.imagesOnNode.has(image)) {
      this.emit('Normal', 'Pulled', name, `Container image "${image}" already present on machine`);
      return true;
    }
    if (this.imageBackOff.isInBackOffSinceUpdate(image, this.now)) {
      const delay = this.imageBackOff.delay(image);
      const retryAt = (this.imageBackOff.lastUpdate(image) ?? this.now) + delay;
      if (container.announcedRetryAt !== retryAt) {
        container.announcedRetryAt = retryAt;
        const failures = this.failedPulls.get(image) ?? 0;
        container.note = `Pulling "${image}" has failed ${failures} time${failures === 1 ? '' : 's'}; the next attempt is at t=${retryAt} (back-off ${seconds(delay)}).`;
        this.setWaiting(container, 'ImagePullBackOff');
        this.emit(
          'Normal',
          'BackOff',
          name,
          `Back-off pulling image "${image}"`,
          `The kubelet waits ${seconds(delay)} before pulling again: the delay starts at 10s and doubles after each failed pull, up to ${maxBackOffSeconds}s.`,
          { kind: 'imagePullBackOff', image, failedPulls: failures, delay, retryAt },
        );
        this.emit('Warning', 'Failed', name, 'Error: ImagePullBackOff');
        this.schedule(retryAt, Priority.kubelet, () => this.requestSync());
      }
      return false;
    }
    const cached = this.imagesOnNode.has(image);
    const pullSeconds = cached ? 0 : behaviour.pullSeconds;
    this.emit(
      'Normal',
      'Pulling',
      name,
      `Pulling image "${image}"`,
      cached
        ? `imagePullPolicy is Always: the kubelet checks the registry at every start; the layers are cached, so the pull takes no time.`
        : `The image is not on the node yet (imagePullPolicy ${imagePullPolicy}); pulling takes ${seconds(pullSeconds)} in this scenario.`,
    );
    container.pulling = true;
    if (pullSeconds > 0) {
      yield { kind: 'seconds', seconds: pullSeconds };
    }
    container.pulling = false;
    if (behaviour.imagePullFails) {
      const failures = (this.failedPulls.get(image) ?? 0) + 1;
      this.failedPulls.set(image, failures);
      this.imageBackOff.next(image, this.now, this.now);
      container.note = `Pulling "${image}" failed at t=${this.now}; the kubelet retries after a back-off.`;
      this.emit(
        'Warning',
        'Failed',
        name,
        `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found`,
        'The scenario makes this pull fail (imagePull: fail).',
      );
      this.emit('Warning', 'Failed', name, 'Error: ErrImagePull');
      this.setWaiting(container, 'ErrImagePull');
      // The pod worker syncs again at once and finds the image in back-off.
      this.requestSync();
      return false;
    }
    this.imagesOnNode.add(image);
    this.emit(
      'Normal',
      'Pulled',
      name,
      `Successfully pulled image "${image}" in ${seconds(pullSeconds)} (${seconds(pullSeconds)} including waiting)`,
    );
    return true;
  }

  /**
   * killPod with the sidecar termination ordering (kuberuntime_termination_order.go): app and
   * regular init containers are stopped at once; each sidecar runs its preStop hook at once too,
   * but gets its stop signal only after the app containers and the sidecars after it have stopped.
   */
  private *killPod(cause: KillCause): Sync {
    const grace = this.pod.terminationGracePeriodSeconds;
    const alive = this.containers.filter((container) => container.run?.alive);
    const apps = this.containers.filter(({ spec }) => spec.type === 'app');
    const sidecars = this.containers.filter(({ spec }) => spec.type === 'sidecar');
    for (const container of alive.filter(({ spec }) => spec.type !== 'sidecar')) {
      this.startStop(container, {
        cause,
        message: `Stopping container ${container.spec.name}`,
        grace,
        restart: false,
        prerequisites: [],
      });
    }
    for (const container of alive.filter(({ spec }) => spec.type === 'sidecar').reverse()) {
      this.startStop(container, {
        cause,
        message: `Stopping container ${container.spec.name}`,
        grace,
        restart: false,
        prerequisites: [...apps, ...sidecars.filter((other) => other.specIndex > container.specIndex)],
      });
    }
    yield { kind: 'stopped', containers: alive };
  }

  // -------------------------------------------------------------------------------------------
  // Stopping a container: killContainer (kuberuntime_container.go)

  /**
   * Emits Killing, runs the preStop hook within the grace period, waits for the container's turn,
   * then sends the stop signal with what is left of the grace period, never less than 2 s: so a
   * preStop hook still running when the grace period ends gets a one-time 2 s extension
   * (pod-lifecycle#pod-termination). A container still running after that is killed (SIGKILL).
   */
  private startStop(
    container: Container,
    options: {
      cause: KillCause;
      message: string;
      grace: number;
      restart: boolean;
      prerequisites: Container[];
    },
  ): void {
    const run = container.run;
    if (!run?.alive || run.stop) {
      return;
    }
    for (const probeType of ['liveness', 'startup'] as const) {
      const worker = run.probes[probeType];
      if (worker) {
        worker.onHold = true;
      }
    }
    const stop: Stop = {
      cause: options.cause,
      requestedAt: this.now,
      grace: options.grace,
      prerequisites: options.prerequisites,
      phase: 'preStop',
      hookCut: false,
      graceLeft: options.grace,
      turnStartedAt: this.now,
      signalAt: null,
      window: null,
    };
    run.stop = stop;
    this.emit(
      'Normal',
      'Killing',
      container.spec.name,
      options.message,
      this.killExplanation(container, options),
      {
        kind: 'kill',
        cause: options.cause,
        gracePeriod: options.grace,
        restart: options.restart,
      },
    );
    if (container.spec.preStop && options.grace > 0) {
      const hookSeconds = container.behaviour.preStop.seconds;
      const ran = Math.min(hookSeconds, options.grace);
      stop.hookCut = hookSeconds > options.grace;
      this.schedule(this.now + ran, Priority.process, () => {
        if (!run.alive || this.frozen()) {
          return;
        }
        if (container.behaviour.preStop.fail && !stop.hookCut) {
          this.emit(
            'Warning',
            'FailedPreStopHook',
            container.spec.name,
            'PreStopHook failed',
            'The preStop hook failed; the kubelet sends the stop signal anyway.',
          );
        }
        this.afterPreStop(container, run, options.grace - ran);
      });
    } else {
      this.afterPreStop(container, run, options.grace);
    }
  }

  private killExplanation(
    container: Container,
    options: { cause: KillCause; grace: number; restart: boolean },
  ): string {
    const name = container.spec.name;
    const grace = `terminationGracePeriodSeconds ${options.grace}`;
    const hook = container.spec.preStop ? 'runs its preStop hook, then ' : '';
    switch (options.cause) {
      case 'liveness':
      case 'startup': {
        const probe = container.spec.probes[options.cause];
        return `The ${options.cause} probe of ${name} failed ${probe?.failureThreshold ?? 3} times in a row (failureThreshold), so the kubelet ${hook}stops it (${grace})${options.restart ? ' and restarts it' : '; restartPolicy Never: it is not restarted'}.`;
      }
      case 'postStart':
        return `The postStart hook failed: the kubelet ${hook}stops ${name} (${grace}).`;
      case 'deletion':
        return container.spec.type === 'sidecar'
          ? `The pod is being deleted: ${name} ${hook ? 'runs its preStop hook now, and ' : ''}gets its stop signal after the app containers and later sidecars have stopped (${grace}).`
          : `The pod is being deleted: the kubelet ${hook}sends the stop signal (${grace}).`;
      case 'deadline':
        return `The pod exceeded activeDeadlineSeconds: the kubelet ${hook}stops ${name} (${grace}).`;
      case 'podCompleted':
      case 'initFailed':
        return container.spec.type === 'sidecar'
          ? `No app container will run again, so the kubelet stops the sidecars, in reverse order (${grace}).`
          : `The pod has finished: the kubelet stops ${name} (${grace}).`;
    }
  }

  private afterPreStop(container: Container, run: Run, remaining: number): void {
    const stop = run.stop!;
    stop.graceLeft = remaining;
    if (remaining > 0 && stop.prerequisites.some((other) => other.run?.alive)) {
      stop.phase = 'turn';
      stop.turnStartedAt = this.now;
      this.schedule(this.now + remaining, Priority.process, () => this.takeTurn(container, run));
      return;
    }
    this.signal(container, run, remaining);
  }

  private takeTurn(container: Container, run: Run): void {
    const stop = run.stop;
    if (!run.alive || !stop || stop.phase !== 'turn' || this.frozen()) {
      return;
    }
    // The kubelet counts the time waited in whole seconds, rounded down.
    this.signal(container, run, stop.graceLeft - Math.floor(this.now - stop.turnStartedAt));
  }

  private signal(container: Container, run: Run, remaining: number): void {
    const stop = run.stop!;
    stop.phase = 'signalled';
    stop.signalAt = this.now;
    const window = Math.max(remaining, minimumGracePeriodSeconds);
    stop.window = window;
    const { stopSeconds, stopExitCode } = container.behaviour;
    if (stopSeconds <= window) {
      this.schedule(this.now + stopSeconds, Priority.process, () =>
        this.exit(container, run, stopExitCode, 'signal'),
      );
    } else {
      this.schedule(this.now + window, Priority.process, () => this.exit(container, run, 137, 'kill'));
    }
  }

  // -------------------------------------------------------------------------------------------
  // Processes and probes

  private exit(container: Container, run: Run, exitCode: number, how: 'natural' | 'signal' | 'kill'): void {
    if (!run.alive || this.frozen()) {
      return;
    }
    run.alive = false;
    container.run = null;
    container.pulling = false;
    const reason = exitCode === 0 ? 'Completed' : 'Error';
    const stop = run.stop;
    container.lastExit = {
      reason,
      exitCode,
      startedAt: run.startedAt,
      finishedAt: this.now,
      restartAfterKill: run.restartAfterKill,
    };
    if (how === 'kill' && stop) {
      container.note =
        `Killed (SIGKILL) at t=${this.now}: it had not stopped ${seconds(stop.window ?? 0)} after the stop signal at t=${stop.signalAt}` +
        (stop.hookCut
          ? `; its preStop hook was still running when the ${seconds(stop.grace)} grace period ended, so the kubelet sent the stop signal with a one-time ${minimumGracePeriodSeconds}s extension.`
          : '.');
    } else if (how === 'signal' && stop) {
      container.note =
        `Stopped by the stop signal (SIGTERM) sent at t=${stop.signalAt}` +
        (stop.hookCut
          ? `; its preStop hook was still running when the ${seconds(stop.grace)} grace period ended, so the kubelet sent the signal then, with a one-time ${minimumGracePeriodSeconds}s extension.`
          : '.');
    } else if (stop) {
      container.note = `Exited by itself at t=${this.now} while being stopped.`;
    } else {
      container.note = `The process exited at t=${this.now}, ${seconds(this.now - run.startedAt)} after it started.`;
    }
    this.setTerminated(
      container,
      { reason, exitCode, startedAt: run.startedAt, finishedAt: this.now },
      run.index,
    );
    this.requestSync();
    // Sidecars waiting for their turn to stop (kuberuntime_termination_order.go).
    for (const other of this.containers) {
      const otherRun = other.run;
      if (otherRun?.stop?.phase === 'turn' && otherRun.stop.prerequisites.every((p) => !p.run?.alive)) {
        this.takeTurn(other, otherRun);
      }
    }
    const worker = this.worker;
    if (worker?.waitingFor && worker.waitingFor.every((other) => !other.run?.alive)) {
      worker.waitingFor = null;
      this.resumeWorker();
    }
  }

  /**
   * One probe (prober/worker.go doProbe). Every failure records an Unhealthy event; the result the
   * kubelet acts on changes after failureThreshold failures or successThreshold successes in a
   * row. Liveness and readiness wait for the startup probe; liveness and startup stop when the pod
   * is being deleted, readiness keeps going.
   */
  private probe(container: Container, run: Run, probeType: ProbeType): void {
    const worker = run.probes[probeType];
    const probe = container.spec.probes[probeType];
    if (!run.alive || this.frozen() || !worker || !probe || worker.onHold) {
      return;
    }
    if (this.deleting && probeType !== 'readiness') {
      return;
    }
    const again = (): void =>
      this.schedule(this.now + probe.periodSeconds, Priority.probe[probeType], () =>
        this.probe(container, run, probeType),
      );
    if (!run.reported) {
      again();
      return;
    }
    if (probeType === 'startup' ? container.started : !container.started) {
      // A started container needs no startup probe; the others wait until it has started.
      if (probeType !== 'startup') {
        again();
      }
      return;
    }
    const sinceStart = this.now - run.startedAt;
    const appUp = sinceStart >= container.behaviour.startSeconds;
    const ok = appUp && !container.behaviour.probes[probeType].some((window) => inWindow(window, sinceStart));
    const outcome = ok ? 'success' : 'failure';
    if (ok) {
      worker.consecutiveFailures = 0;
      worker.failingSince = null;
    } else {
      worker.consecutiveFailures++;
      worker.failingSince ??= this.now;
    }
    if (worker.last === outcome) {
      worker.runLength++;
    } else {
      worker.last = outcome;
      worker.runLength = 1;
    }
    if (!ok) {
      const consequence = {
        liveness: 'the kubelet restarts the container',
        startup: 'the kubelet kills the container',
        readiness: 'the container is marked not ready',
      }[probeType];
      this.emit(
        'Warning',
        'Unhealthy',
        container.spec.name,
        `${probeTitle(probeType)} probe failed: ${probeFailureOutput(probe.handler, appUp, probe.timeoutSeconds)}`,
        `${probeTitle(probeType)} probe failure ${worker.consecutiveFailures} of ${probe.failureThreshold}: after ${probe.failureThreshold} in a row ${consequence}.` +
          (appUp
            ? ''
            : ` The app is not answering yet (it takes ${seconds(container.behaviour.startSeconds)} to start).`),
        {
          kind: 'probe',
          probe: probeType,
          consecutiveFailures: worker.consecutiveFailures,
          failureThreshold: probe.failureThreshold,
          sinceStart,
        },
      );
    }
    const threshold = ok ? probe.successThreshold : probe.failureThreshold;
    if (worker.runLength >= threshold) {
      if (ok) {
        worker.everSucceeded = true;
      }
      if (worker.result !== outcome) {
        worker.result = outcome;
        this.onProbeResult(container, run, probeType, outcome);
      }
      if (!ok && probeType !== 'readiness') {
        worker.onHold = true;
        return;
      }
    }
    again();
  }

  private onProbeResult(
    container: Container,
    run: Run,
    probeType: ProbeType,
    outcome: 'success' | 'failure',
  ): void {
    if (probeType === 'readiness' || (probeType === 'startup' && outcome === 'success')) {
      this.refreshReadiness(container);
      this.requestSync();
      return;
    }
    if (outcome === 'failure') {
      run.probeFailure = probeType === 'liveness' ? 'liveness' : 'startup';
      this.requestSync();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Container status

  private setWaiting(container: Container, reason: string): void {
    if (container.state === 'terminated') {
      container.lastState = container.terminated;
    }
    container.state = 'waiting';
    container.reason = reason;
    container.exitCode = null;
    container.terminated = null;
    this.refreshReadiness(container);
  }

  private setRunning(container: Container, run: Run): void {
    if (container.state === 'terminated') {
      container.lastState = container.terminated;
    }
    container.state = 'running';
    container.reason = null;
    container.exitCode = null;
    container.terminated = null;
    container.restartCount = run.index;
    container.note = null;
    this.refreshReadiness(container);
  }

  private setTerminated(container: Container, terminated: TerminatedState, runIndex: number): void {
    if (container.state === 'terminated') {
      container.lastState = container.terminated;
    }
    container.state = 'terminated';
    container.reason = terminated.reason;
    container.exitCode = terminated.exitCode;
    container.terminated = terminated;
    container.restartCount = runIndex;
    this.refreshReadiness(container);
  }

  /** prober_manager.go UpdatePodStatus: `started` needs the startup probe, `ready` the readiness probe. */
  private refreshReadiness(container: Container): void {
    const run = container.run;
    if (container.spec.type === 'init') {
      // A regular init container is ready once it has completed.
      container.started = container.state === 'running';
      container.ready = container.state === 'terminated' && container.exitCode === 0;
      return;
    }
    const running = container.state === 'running' && run !== null && run.reported;
    container.started =
      running && (!container.spec.probes.startup || run.probes.startup?.result === 'success');
    container.ready =
      container.started && (!container.spec.probes.readiness || run?.probes.readiness?.result === 'success');
  }

  // -------------------------------------------------------------------------------------------
  // Events and snapshots

  private emit(
    type: EventType,
    reason: string,
    object: string,
    message: string,
    explanation?: string,
    detail?: EventDetail,
  ): void {
    this.events.push({
      t: this.now,
      type,
      reason,
      object,
      message,
      ...(explanation !== undefined ? { explanation } : {}),
      ...(detail !== undefined ? { detail } : {}),
      snapshot: this.snapshots.length,
    });
  }

  private containerSnapshots(): ContainerSnapshot[] {
    return this.containers.map((container) => ({
      name: container.spec.name,
      type: container.spec.type,
      state: container.state,
      reason: container.reason,
      exitCode: container.exitCode,
      restartCount: container.restartCount,
      started: container.started,
      ready: container.ready,
      lastState: container.lastState,
      explanation: this.containerExplanation(container),
    }));
  }

  /** The phase, which the kubelet never moves out of Succeeded or Failed. */
  private currentPhase(containers: ContainerSnapshot[] = this.containerSnapshots()): PodPhase {
    if (this.terminalPhase !== null) {
      return this.terminalPhase;
    }
    if (this.nodeLostAt !== null) {
      return 'Unknown';
    }
    let phase = getPhase(this.pod.restartPolicy, containers, this.podIsTerminal);
    if (this.podIsTerminal && phase !== 'Succeeded' && phase !== 'Failed') {
      phase = 'Failed';
    }
    if (phase === 'Succeeded' || phase === 'Failed') {
      this.terminalPhase = phase;
    }
    return phase;
  }

  private recordSnapshot(): void {
    const containers = this.containerSnapshots();
    const phase = this.currentPhase(containers);
    const initialized = initializedCondition(containers, phase);
    const containersReady = containersReadyCondition(containers, phase);
    const cores: Record<ConditionType, ConditionCore | 'Unknown'> = {
      PodScheduled: this.gated
        ? {
            status: false,
            reason: 'SchedulingGated',
            message: 'Scheduling is blocked due to non-empty scheduling gates',
          }
        : { status: this.scheduled, reason: null, message: null },
      Initialized: initialized,
      ContainersReady: phase === 'Unknown' ? 'Unknown' : containersReady,
      Ready: phase === 'Unknown' ? 'Unknown' : containersReady,
    };
    const podConditions = conditionTypes.map((type): PodCondition => {
      const core = cores[type];
      const status = core === 'Unknown' ? 'Unknown' : core.status ? 'True' : 'False';
      const previous = this.conditionSince.get(type);
      if (!previous || previous.status !== status) {
        this.conditionSince.set(type, { status, since: this.now });
      }
      return {
        type,
        status,
        lastTransitionTime: this.conditionSince.get(type)!.since,
        reason: core === 'Unknown' ? 'NodeLost' : core.reason,
        message: core === 'Unknown' ? 'Kubelet stopped posting node status.' : core.message,
        explanation: `${type} is ${status}: ${this.conditionExplanation(type, status, containers, phase)}`,
      };
    });
    const conditions = Object.fromEntries(
      podConditions.map(({ type, status }) => [type, status === 'Unknown' ? 'Unknown' : status === 'True']),
    ) as Record<ConditionType, boolean | 'Unknown'>;
    const columns = printPod(containers, {
      phase,
      reason: this.podReason,
      deleting: this.deleting,
      ready: conditions.Ready === true,
      initialized: conditions.Initialized === true,
      schedulingGated: this.gated,
    });
    let status = columns.status;
    if (phase === 'Unknown') {
      status = 'Unknown';
    } else if (this.podReason === 'DeadlineExceeded') {
      // The pod's reason stays in the STATUS column of a pod failed by its deadline.
      status = 'DeadlineExceeded';
    }
    const snapshot: PodSnapshot = {
      t: this.now,
      phase,
      status,
      ready: columns.ready,
      restarts: columns.restarts,
      lastRestartAt: columns.lastRestartAt,
      reason: this.podReason,
      deleting: this.deleting,
      conditions,
      podConditions,
      containers,
    };
    const key = JSON.stringify({ ...snapshot, t: 0 });
    if (key !== this.lastSnapshotKey) {
      this.lastSnapshotKey = key;
      this.snapshots.push(snapshot);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Explanations

  private containerExplanation(container: Container): string {
    const run = container.run;
    if (run?.alive && !run.reported) {
      return `Started at t=${run.startedAt}; its postStart hook is running, and the kubelet reports it running once the hook completes.`;
    }
    if (container.state === 'waiting') {
      if (container.reason === null) {
        return this.gated
          ? 'The pod is held by its scheduling gates.'
          : 'The pod has not been scheduled to a node yet.';
      }
      if (container.pulling) {
        return `Pulling image "${container.spec.image}".`;
      }
      if (container.reason !== 'ContainerCreating' && container.reason !== 'PodInitializing') {
        return container.note ?? `Waiting (${container.reason}).`;
      }
      if (this.deleting || this.podIsTerminal) {
        return 'Never started: the pod ended first.';
      }
      if (container.spec.type === 'app' && !this.initialized) {
        return 'Waits for the init containers to complete.';
      }
      const before = this.containers
        .slice(0, container.specIndex)
        .find((other) =>
          other.spec.type === 'sidecar'
            ? !other.started
            : other.spec.type === 'init' && !(other.state === 'terminated' && other.exitCode === 0),
        );
      if (container.spec.type !== 'app' && before) {
        return before.spec.type === 'sidecar'
          ? `Waits for sidecar ${before.spec.name} to start.`
          : `Waits for init container ${before.spec.name} to complete.`;
      }
      return 'Waiting for the kubelet to start it.';
    }
    if (container.state === 'terminated') {
      const exit = container.note ?? '';
      const code = `Exited with code ${container.exitCode ?? 0} (${container.reason ?? 'Error'}).`;
      let next: string;
      if (this.deleting || this.podIsTerminal || this.terminalPhase !== null) {
        next = '';
      } else if (container.spec.type === 'init' && container.exitCode === 0) {
        next = 'The init container completed.';
      } else if (this.shouldRestart(container)) {
        next = 'The kubelet restarts it.';
      } else if (this.pod.restartPolicy === 'Never') {
        next = 'Not restarted: restartPolicy is Never.';
      } else {
        next = 'Not restarted: restartPolicy OnFailure restarts only a non-zero exit.';
      }
      return [code, exit, next].filter((part) => part !== '').join(' ');
    }
    // Running.
    let text = `Running since t=${run?.startedAt ?? this.now}`;
    const stop = run?.stop;
    if (stop) {
      text += `; being stopped since t=${stop.requestedAt} (${stop.cause})`;
      if (stop.phase === 'preStop') {
        text += ', its preStop hook is running';
      } else if (stop.phase === 'turn') {
        text += ', waiting for the app containers and later sidecars to stop first';
      } else if (stop.signalAt !== null) {
        text += `, stop signal sent at t=${stop.signalAt}, killed at t=${stop.signalAt + (stop.window ?? 0)} if still running`;
      }
    }
    if (container.spec.type === 'init') {
      return `${text}.`;
    }
    return container.ready
      ? `${text}; ready.`
      : `${text}; not ready: ${this.unreadyReason(container, false)}.`;
  }

  /** Why a sidecar or app container is not ready; `withName` for the pod's conditions. */
  private unreadyReason(container: Container, withName = true): string {
    const subject = withName ? `${container.spec.name} ` : '';
    const probeOf = (probe: ProbeType): string =>
      withName ? `the ${probe} probe of ${container.spec.name}` : `its ${probe} probe`;
    if (container.state === 'waiting') {
      return container.reason === null
        ? `${subject}has not been created yet`
        : `${subject}is waiting (${container.reason})`;
    }
    if (container.state === 'terminated') {
      return `${subject}has terminated (${container.reason}, exit code ${container.exitCode})`;
    }
    const run = container.run;
    if (!container.started) {
      return run && !run.reported
        ? `${subject}is running its postStart hook`
        : `${probeOf('startup')} has not succeeded yet`;
    }
    const readiness = run?.probes.readiness;
    if (!readiness) {
      return `${subject}is not ready`;
    }
    if (readiness.everSucceeded && readiness.failingSince !== null) {
      return `${probeOf('readiness')} has failed since t=${readiness.failingSince}`;
    }
    if (readiness.failingSince !== null) {
      return `${probeOf('readiness')} has not succeeded yet (failing since t=${readiness.failingSince})`;
    }
    return `${probeOf('readiness')} has not succeeded yet`;
  }

  private conditionExplanation(
    type: ConditionType,
    status: string,
    containers: ContainerSnapshot[],
    phase: PodPhase,
  ): string {
    if (status === 'Unknown') {
      return `the node stopped reporting at t=${this.nodeLostAt ?? this.now}, so nothing is known about the containers since.`;
    }
    switch (type) {
      case 'PodScheduled':
        if (this.gated) {
          return `scheduling gates hold the pod (${this.pod.schedulingGates.join(', ')}).`;
        }
        return status === 'True'
          ? `the pod is bound to ${this.pod.nodeName}.`
          : 'the pod has not been scheduled yet.';
      case 'Initialized': {
        const inits = this.containers.filter(({ spec }) => spec.type !== 'app');
        if (inits.length === 0) {
          return 'the pod has no init containers.';
        }
        if (status === 'True') {
          return inits.some(({ spec }) => spec.type === 'sidecar')
            ? 'the init containers have completed and the sidecars have started.'
            : 'every init container has completed.';
        }
        const pending = inits
          .filter((container) =>
            container.spec.type === 'sidecar'
              ? !container.started
              : !(container.state === 'terminated' && container.exitCode === 0),
          )
          .map((container) => `${container.spec.name} (${this.initProgress(container)})`);
        return `waiting for ${pending.join(', ')}.`;
      }
      case 'ContainersReady':
      case 'Ready': {
        if (phase === 'Succeeded') {
          return 'the pod has completed.';
        }
        if (phase === 'Failed') {
          return 'the pod has failed.';
        }
        if (status === 'True') {
          return containers.some(({ type: containerType }) => containerType === 'sidecar')
            ? 'every app container and sidecar is ready.'
            : 'every container is ready.';
        }
        const reasons = this.containers
          .filter((container) => container.spec.type !== 'init' && !container.ready)
          .map((container) => this.unreadyReason(container));
        return `${reasons.join('; ')}.`;
      }
    }
  }

  private initProgress(container: Container): string {
    if (container.run?.alive) {
      return container.spec.type === 'sidecar' ? 'started, waiting for its startup probe' : 'running';
    }
    if (container.state === 'waiting') {
      return container.reason === null || container.reason === 'PodInitializing'
        ? 'not started'
        : container.reason;
    }
    return `${container.reason ?? 'terminated'}, exit code ${container.exitCode}`;
  }
}

function inWindow(window: FailWindow, sinceStart: number): boolean {
  return sinceStart >= (window.failFrom ?? 0) && sinceStart < (window.failUntil ?? Number.POSITIVE_INFINITY);
}

/** The value for run `index` of a per-run list whose last value repeats. */
function perRun<T>(values: readonly T[], index: number): T | undefined {
  return values[Math.min(index, values.length - 1)];
}
