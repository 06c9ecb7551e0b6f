import type {
  ContainerScenario,
  WorkloadCondition,
  WorkloadSnapshot,
} from '../../server/src/simulator/types';
import {
  type HostedPod,
  isReadyEndpoint,
  type WorkloadController,
  type WorkloadHost,
} from '../../server/src/simulator/workloadHost';
import {
  type ControllerContext,
  type ControllerFactory,
  workloadControllers,
} from '../../server/src/simulator/workloadSimulator';

/**
 * Controllers written for the tests of what is built on a workload's result (the CLI's output,
 * the assertions): small and predictable, so that the tests know every time. They are test
 * doubles, not models of Kubernetes' controllers (those live in server/src/simulator), and are
 * registered in `workloadControllers` only for the duration of one test (`withController`), in
 * place of whatever controller the kind has.
 */

/** Runs `body` with `factory` as the controller of `kind`, and puts the kind's own back after. */
export function withController<T>(kind: string, factory: ControllerFactory, body: () => T): T {
  const previous = workloadControllers[kind];
  workloadControllers[kind] = factory;
  try {
    return body();
  } finally {
    if (previous) {
      workloadControllers[kind] = previous;
    } else {
      delete workloadControllers[kind];
    }
  }
}

export interface TestRolloutOptions {
  /** When the pod template changes: a second revision rolls out. */
  updateAt?: number;
  /** How the second revision's containers behave. */
  updateContainers?: Record<string, ContainerScenario>;
  /** Progressing becomes False (ProgressDeadlineExceeded) this long after the update, unless it is done. */
  progressDeadlineSeconds?: number;
}

/**
 * A Deployment-like test controller: `spec.replicas` pods of revision `<name>-1` at t=0; at
 * `updateAt`, revision `<name>-2` rolls out one pod at a time (a new pod, and once more than
 * `replicas` pods are ready, an old pod deleted: maxSurge 1, maxUnavailable 0). Its status uses the
 * Deployment's field names; available means ready (no minReadySeconds).
 */
export function testRollout(options: TestRolloutOptions = {}): ControllerFactory {
  return (context) => new TestRollout(context, options);
}

class TestRollout implements WorkloadController {
  private readonly replicas: number;
  private revision = 1;
  private created = 0;
  private timedOutAt: number | null = null;
  private readonly name: string;

  constructor(
    private readonly context: ControllerContext,
    private readonly options: TestRolloutOptions,
  ) {
    const replicas = (context.input.spec as { replicas?: unknown } | undefined)?.replicas;
    this.replicas = typeof replicas === 'number' ? replicas : 1;
    this.name = context.input.name;
  }

  start(host: WorkloadHost): void {
    const { updateAt, progressDeadlineSeconds } = this.options;
    if (updateAt !== undefined) {
      host.schedule(updateAt, () => {
        this.revision = 2;
        host.emit(
          'Normal',
          'ScalingReplicaSet',
          `deployment/${this.name}`,
          `Rolling out ${this.currentRevision()}`,
        );
        this.sync(host);
      });
      if (progressDeadlineSeconds !== undefined) {
        host.schedule(updateAt + progressDeadlineSeconds, () => {
          if (this.updated(host).length < this.replicas || this.old(host).length > 0) {
            this.timedOutAt = host.now;
          }
        });
      }
    }
    this.sync(host);
  }

  podChanged(host: WorkloadHost): void {
    host.schedule(host.now, () => this.sync(host));
  }

  status(host: WorkloadHost): Omit<WorkloadSnapshot, 't' | 'endpoints'> {
    const live = this.live(host);
    const ready = live.filter(isReadyEndpoint).length;
    const updated = this.updated(host).length;
    const conditions: WorkloadCondition[] = [
      {
        type: 'Available',
        status: ready >= this.replicas ? 'True' : 'False',
        reason: ready >= this.replicas ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        message: null,
        lastTransitionTime: 0,
      },
    ];
    if (this.timedOutAt !== null) {
      conditions.push({
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: `ReplicaSet "${this.currentRevision()}" has timed out progressing.`,
        lastTransitionTime: this.timedOutAt,
      });
    }
    return {
      status: {
        replicas: live.length,
        updatedReplicas: updated,
        readyReplicas: ready,
        availableReplicas: ready,
      },
      columns: {
        READY: `${ready}/${this.replicas}`,
        'UP-TO-DATE': String(updated),
        AVAILABLE: String(ready),
      },
      conditions,
    };
  }

  private currentRevision(): string {
    return `${this.name}-${this.revision}`;
  }

  private live(host: WorkloadHost): HostedPod[] {
    return host.livePods().filter((pod) => !pod.state.deleting);
  }

  private updated(host: WorkloadHost): HostedPod[] {
    return this.live(host).filter((pod) => pod.revision === this.currentRevision());
  }

  private old(host: WorkloadHost): HostedPod[] {
    return this.live(host).filter((pod) => pod.revision !== this.currentRevision());
  }

  private sync(host: WorkloadHost): void {
    let ready = this.live(host).filter(isReadyEndpoint).length;
    for (const pod of this.old(host)) {
      if (ready <= this.replicas) {
        break;
      }
      ready -= isReadyEndpoint(pod) ? 1 : 0;
      host.deletePod(pod);
      host.emit(
        'Normal',
        'SuccessfulDelete',
        `deployment/${this.name}`,
        `Deleted pod: ${pod.name}`,
        undefined,
        pod,
      );
    }
    const newReady = this.updated(host).every(isReadyEndpoint);
    const surge = this.old(host).length > 0 ? 1 : 0;
    while (
      this.updated(host).length < this.replicas &&
      this.live(host).length < this.replicas + surge &&
      (surge === 0 || newReady)
    ) {
      const containers =
        this.revision === 2 ? this.options.updateContainers : this.context.scenario.containers;
      const pod = host.createPod({
        name: `${this.currentRevision()}-${this.created++}`,
        template: this.context.template,
        revision: this.currentRevision(),
        ...(containers ? { containers } : {}),
      });
      host.emit(
        'Normal',
        'SuccessfulCreate',
        `deployment/${this.name}`,
        `Created pod: ${pod.name}`,
        undefined,
        pod,
      );
    }
  }
}

/**
 * A Job-like test controller: one pod at a time; a Succeeded pod completes the Job, a Failed one
 * is replaced at once until `backoffLimit` (spec, default 6) failures, then the Job fails with
 * BackoffLimitExceeded. Its status uses the Job's field names.
 */
export const testJob: ControllerFactory = (context) => new TestJob(context);

class TestJob implements WorkloadController {
  private readonly backoffLimit: number;
  private readonly seen = new Set<number>();
  private succeeded = 0;
  private failed = 0;
  private conditions: WorkloadCondition[] = [];

  constructor(private readonly context: ControllerContext) {
    const limit = (context.input.spec as { backoffLimit?: unknown } | undefined)?.backoffLimit;
    this.backoffLimit = typeof limit === 'number' ? limit : 6;
  }

  start(host: WorkloadHost): void {
    this.create(host);
  }

  podChanged(host: WorkloadHost, pod: HostedPod): void {
    const phase = pod.state.snapshots[pod.state.snapshots.length - 1]?.phase;
    if (this.seen.has(pod.id) || (phase !== 'Succeeded' && phase !== 'Failed')) {
      return;
    }
    this.seen.add(pod.id);
    const name = this.context.input.name;
    if (phase === 'Succeeded') {
      this.succeeded++;
      this.conditions = [
        { type: 'Complete', status: 'True', reason: null, message: null, lastTransitionTime: host.now },
      ];
      host.emit('Normal', 'Completed', `job/${name}`, 'Job completed');
    } else if (++this.failed > this.backoffLimit) {
      this.conditions = [
        {
          type: 'Failed',
          status: 'True',
          reason: 'BackoffLimitExceeded',
          message: 'Job has reached the specified backoff limit',
          lastTransitionTime: host.now,
        },
      ];
      host.emit(
        'Warning',
        'BackoffLimitExceeded',
        `job/${name}`,
        'Job has reached the specified backoff limit',
      );
    } else {
      this.create(host);
    }
  }

  status(host: WorkloadHost): Omit<WorkloadSnapshot, 't' | 'endpoints'> {
    const active = host.livePods().filter((pod) => !this.seen.has(pod.id)).length;
    return {
      status: { active, succeeded: this.succeeded, failed: this.failed },
      columns: { STATUS: this.conditions[0]?.type ?? 'Running', COMPLETIONS: `${this.succeeded}/1` },
      conditions: this.conditions,
    };
  }

  private create(host: WorkloadHost): void {
    const pod = host.createPod({
      name: `${this.context.input.name}-${this.failed}`,
      template: this.context.template,
      revision: this.context.input.name,
      index: 0,
      ...(this.context.scenario.containers ? { containers: this.context.scenario.containers } : {}),
    });
    host.emit(
      'Normal',
      'SuccessfulCreate',
      `job/${this.context.input.name}`,
      `Created pod: ${pod.name}`,
      undefined,
      pod,
    );
  }
}
