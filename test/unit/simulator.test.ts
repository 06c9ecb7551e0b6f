import * as assert from 'node:assert/strict';
import { renderTimeline } from '../../server/src/simulator/renderText';
import { simulatePod } from '../../server/src/simulator/simulator';
import type { PodSnapshot, Scenario, SimulationResult } from '../../server/src/simulator/types';

/**
 * The simulator against the kubelet's rules. Every expected time below is worked out from those
 * rules in the comment next to it, never copied from the engine's output. Common assumptions of
 * the model: the pod is scheduled at t=0; the first pull of an image takes 1 s (the scenario's
 * default pullSeconds), a cached image none; a container starts as soon as its image is there.
 */

type Fields = Record<string, unknown>;

function simulate(podSpec: Fields, scenario: Scenario = {}, kind = 'Pod', name = 'demo'): SimulationResult {
  const outcome = simulatePod({ kind, name, podSpec }, scenario);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.error);
  return outcome.result;
}

function container(name: string, image: string, extra: Fields = {}): Fields {
  return { name, image, ...extra };
}

/** `t type reason object: message`, optionally only some reasons. */
function eventLines(result: SimulationResult, reasons?: readonly string[]): string[] {
  return result.events
    .filter((event) => !reasons || reasons.includes(event.reason))
    .map((event) => `${event.t} ${event.type} ${event.reason} ${event.object}: ${event.message}`);
}

function times(result: SimulationResult, reason: string, object?: string): number[] {
  return result.events
    .filter((event) => event.reason === reason && (object === undefined || event.object === object))
    .map((event) => event.t);
}

/** `t phase status ready restarts`, skipping snapshots where none of these changed. */
function statusTimeline(result: SimulationResult): string[] {
  const lines: string[] = [];
  for (const snapshot of result.snapshots) {
    const line = `${snapshot.t} ${snapshot.phase} ${snapshot.status} ${snapshot.ready} ${snapshot.restarts}`;
    if (
      line.slice(line.indexOf(' ')) !== lines[lines.length - 1]?.slice(lines[lines.length - 1]!.indexOf(' '))
    ) {
      lines.push(line);
    }
  }
  return lines;
}

/** The state at time t: the last snapshot taken at or before it. */
function at(result: SimulationResult, t: number): PodSnapshot {
  const snapshot = [...result.snapshots].reverse().find((candidate) => candidate.t <= t);
  assert.ok(snapshot, `no snapshot at or before t=${t}`);
  return snapshot;
}

function containerAt(result: SimulationResult, t: number, name: string) {
  const found = at(result, t).containers.find((candidate) => candidate.name === name);
  assert.ok(found, `no container ${name}`);
  return found;
}

const crashLoopPod = { containers: [container('app', 'busybox:1.36')] };

describe('simulator: restart policy and back-off', () => {
  it('restarts a crash-looping container at once, then after 10, 20, 40, 80, 160 and 300 s', () => {
    const result = simulate(
      crashLoopPod,
      { containers: { app: { exitAfter: 5, exitCode: 1 } } },
      'Pod',
      'crash',
    );
    // Pulled at 1, each run lasts 5 s. Exits at 6 (restart at once), 11 (+10 → 21), 26 (+20 → 46),
    // 51 (+40 → 91), 96 (+80 → 176), 181 (+160 → 341), 346 (+300 → 646, after the 600 s simulated).
    assert.deepEqual(times(result, 'Started'), [1, 6, 21, 46, 91, 176, 341]);
    assert.deepEqual(
      result.events.filter((event) => event.reason === 'BackOff').map((event) => [event.t, event.detail]),
      [
        [11, { kind: 'backOff', container: 'app', restart: 2, delay: 10, retryAt: 21, maxDelay: 300 }],
        [26, { kind: 'backOff', container: 'app', restart: 3, delay: 20, retryAt: 46, maxDelay: 300 }],
        [51, { kind: 'backOff', container: 'app', restart: 4, delay: 40, retryAt: 91, maxDelay: 300 }],
        [96, { kind: 'backOff', container: 'app', restart: 5, delay: 80, retryAt: 176, maxDelay: 300 }],
        [181, { kind: 'backOff', container: 'app', restart: 6, delay: 160, retryAt: 341, maxDelay: 300 }],
        [346, { kind: 'backOff', container: 'app', restart: 7, delay: 300, retryAt: 646, maxDelay: 300 }],
      ],
    );
    assert.deepEqual(eventLines(result).slice(0, 13), [
      '0 Normal Scheduled pod: Successfully assigned default/crash to node-1',
      '0 Normal Pulling app: Pulling image "busybox:1.36"',
      '1 Normal Pulled app: Successfully pulled image "busybox:1.36" in 1s (1s including waiting)',
      '1 Normal Created app: Created container: app',
      '1 Normal Started app: Started container app',
      '6 Normal Pulled app: Container image "busybox:1.36" already present on machine',
      '6 Normal Created app: Created container: app',
      '6 Normal Started app: Started container app',
      '11 Warning BackOff app: Back-off restarting failed container app in pod crash_default',
      '21 Normal Pulled app: Container image "busybox:1.36" already present on machine',
      '21 Normal Created app: Created container: app',
      '21 Normal Started app: Started container app',
      '26 Warning BackOff app: Back-off restarting failed container app in pod crash_default',
    ]);
    // kubectl shows the exit (Error) before the restart or the back-off, all in the same second.
    assert.deepEqual(statusTimeline(result).slice(0, 10), [
      '0 Pending Pending 0/1 0',
      '0 Pending ContainerCreating 0/1 0',
      '1 Running Running 1/1 0',
      '6 Running Error 0/1 0',
      '6 Running Running 1/1 1',
      '11 Running Error 0/1 1',
      '11 Running CrashLoopBackOff 0/1 1',
      '21 Running Running 1/1 2',
      '26 Running Error 0/1 2',
      '26 Running CrashLoopBackOff 0/1 2',
    ]);
    const waiting = containerAt(result, 30, 'app');
    assert.equal(waiting.state, 'waiting');
    assert.equal(waiting.reason, 'CrashLoopBackOff');
    assert.equal(waiting.restartCount, 2);
    assert.deepEqual(waiting.lastState, { reason: 'Error', exitCode: 1, startedAt: 21, finishedAt: 26 });
    assert.equal(result.final.t, 346);
    assert.equal(result.final.phase, 'Running');
    assert.equal(result.final.status, 'CrashLoopBackOff');
    assert.equal(result.final.restarts, 6);
    assert.equal(result.final.lastRestartAt, 346);
  });

  it('explains a back-off in its event', () => {
    const result = simulate(crashLoopPod, { containers: { app: { exitAfter: 5, exitCode: 1 } } });
    const backOff = result.events.find((event) => event.reason === 'BackOff' && event.t === 51);
    assert.match(backOff?.explanation ?? '', /^Back-off 40s before the 4th restart of app: /);
    assert.match(
      containerAt(result, 60, 'app').explanation,
      /waits 40s \(back-off\) before restart 4, at t=91/,
    );
  });

  it('starts the back-off over once a container ran for more than 10 minutes', () => {
    const result = simulate(crashLoopPod, {
      duration: 800,
      containers: { app: { exitAfter: [5, 5, 700, 5], exitCode: 1 } },
    });
    // Runs: 1–6 (restart at once, back-off 10), 6–11 (+10 → 21, back-off 20), 21–721: 700 s since
    // the last back-off step at 21 is more than 600, so the entry expires and the restart is
    // immediate (721); then 10 s (726 → 736), 20 s (741 → 761), 40 s (766 → 806, too late).
    assert.deepEqual(times(result, 'Started'), [1, 6, 21, 721, 736, 761]);
    assert.deepEqual(
      result.events
        .filter((event) => event.reason === 'BackOff')
        .map((event) => (event.detail?.kind === 'backOff' ? [event.t, event.detail.delay] : [])),
      [
        [11, 10],
        [726, 10],
        [741, 20],
        [766, 40],
      ],
    );
    const restart = result.events.find((event) => event.reason === 'Started' && event.t === 721);
    assert.match(restart?.explanation ?? '', /back-off started over/);
  });

  it('OnFailure restarts a failed container but not one that exited 0', () => {
    const onFailure = { restartPolicy: 'OnFailure', containers: [container('app', 'busybox:1.36')] };
    const succeeded = simulate(onFailure, { duration: 60, containers: { app: { exitAfter: 5 } } });
    assert.deepEqual(times(succeeded, 'Started'), [1]);
    assert.deepEqual(statusTimeline(succeeded), [
      '0 Pending Pending 0/1 0',
      '0 Pending ContainerCreating 0/1 0',
      '1 Running Running 1/1 0',
      '6 Succeeded Completed 0/1 0',
    ]);
    const failed = simulate(onFailure, { duration: 60, containers: { app: { exitAfter: 5, exitCode: 1 } } });
    // Same back-off as Always: exits at 6 (restart at once), 11 (→ 21), 26 (→ 46), 51 (→ 91).
    assert.deepEqual(times(failed, 'Started'), [1, 6, 21, 46]);
    assert.equal(failed.final.phase, 'Running');
    assert.equal(failed.final.status, 'CrashLoopBackOff');
  });

  it('Never restarts nothing: exit 0 succeeds, exit 1 fails the pod', () => {
    const never = { restartPolicy: 'Never', containers: [container('app', 'busybox:1.36')] };
    const succeeded = simulate(never, { duration: 60, containers: { app: { exitAfter: 5 } } });
    assert.deepEqual(times(succeeded, 'Started'), [1]);
    assert.equal(succeeded.final.t, 6);
    assert.equal(succeeded.final.phase, 'Succeeded');
    assert.equal(succeeded.final.status, 'Completed');
    const failed = simulate(never, { duration: 60, containers: { app: { exitAfter: 5, exitCode: 1 } } });
    assert.deepEqual(times(failed, 'Started'), [1]);
    assert.deepEqual(statusTimeline(failed).slice(-1), ['6 Failed Error 0/1 0']);
    // The sandbox is stopped with the pod (killPodWithSyncResult): PodReadyToStartContainers False.
    assert.deepEqual(failed.final.conditions, {
      PodScheduled: true,
      PodReadyToStartContainers: false,
      Initialized: true,
      ContainersReady: false,
      Ready: false,
    });
  });

  it('Always restarts a container that exited 0 too', () => {
    const result = simulate(crashLoopPod, { duration: 30, containers: { app: { exitAfter: 5 } } });
    assert.deepEqual(times(result, 'Started'), [1, 6, 21]);
    assert.equal(at(result, 11).status, 'CrashLoopBackOff');
    assert.equal(at(result, 11).phase, 'Running');
  });
});

describe('simulator: init containers', () => {
  const initPod = (restartPolicy: string): Fields => ({
    restartPolicy,
    initContainers: [container('setup', 'busybox:1.36')],
    containers: [container('app', 'nginx:1.25')],
  });
  const failTwice: Scenario = { duration: 60, containers: { setup: { exitAfter: 2, exitCodes: [1, 1, 0] } } };

  for (const policy of ['Always', 'OnFailure']) {
    it(`retries a failed init container with back-off under ${policy}`, () => {
      const result = simulate(initPod(policy), failTwice);
      // setup runs 1–3 (exit 1, restart at once), 3–5 (exit 1, back-off 10 → 15), 15–17 (exit 0);
      // then app: pulled 17–18, started 18.
      assert.deepEqual(times(result, 'Started'), [1, 3, 15, 18]);
      assert.deepEqual(statusTimeline(result), [
        '0 Pending Pending 0/1 0',
        '0 Pending Init:0/1 0/1 0',
        '3 Pending Init:Error 0/1 0',
        '3 Pending Init:0/1 0/1 1',
        '5 Pending Init:Error 0/1 1',
        '5 Pending Init:CrashLoopBackOff 0/1 1',
        '15 Pending Init:0/1 0/1 2',
        // Once initialized, kubectl counts only the app containers' and sidecars' restarts.
        '17 Pending PodInitializing 0/1 0',
        '18 Running Running 1/1 0',
      ]);
      const initialized = at(result, 17).podConditions.find((condition) => condition.type === 'Initialized');
      assert.equal(initialized?.status, 'True');
      assert.equal(initialized?.lastTransitionTime, 17);
    });
  }

  it('fails the pod when an init container fails under Never', () => {
    const result = simulate(initPod('Never'), failTwice);
    assert.deepEqual(times(result, 'Started'), [1]);
    assert.deepEqual(statusTimeline(result).slice(-1), ['3 Failed Init:Error 0/1 0']);
    assert.equal(containerAt(result, 60, 'app').reason, 'PodInitializing');
    assert.equal(
      result.final.podConditions.find((condition) => condition.type === 'Initialized')?.message,
      'containers with incomplete status: [setup]',
    );
  });

  it('runs init containers one at a time, in order', () => {
    const result = simulate({
      initContainers: [container('first', 'one:1'), container('second', 'two:1')],
      containers: [container('app', 'app:1')],
    });
    // first: pulled 0–1, runs 1–11; second: pulled 11–12, runs 12–22; app: pulled 22–23.
    assert.deepEqual(
      result.events
        .filter((event) => event.reason === 'Started')
        .map((event) => `${event.t} ${event.object}`),
      ['1 first', '12 second', '23 app'],
    );
    assert.deepEqual(
      statusTimeline(result).map((line) => line.split(' ').slice(0, 3).join(' ')),
      [
        '0 Pending Pending',
        '0 Pending Init:0/2',
        '11 Pending Init:1/2',
        '22 Pending PodInitializing',
        '23 Running Running',
      ],
    );
  });
});

describe('simulator: sidecars', () => {
  it('starts the next init container once the sidecar has started, and stops it when the Job ends', () => {
    const jobPod = {
      restartPolicy: 'OnFailure',
      initContainers: [
        container('migrate', 'migrate:1.4'),
        container('proxy', 'envoy:1.30', {
          restartPolicy: 'Always',
          readinessProbe: { httpGet: { path: '/ready', port: 9901 } },
        }),
      ],
      containers: [container('report', 'report:2.1')],
    };
    const result = simulate(jobPod, {}, 'Job', 'report');
    // migrate: pulled 0–1, runs 1–11 (init default 10 s). proxy: pulled 11–12, started 12 (no
    // startup probe, so started at once); its readiness probe passes at 12. report: pulled 12–13,
    // runs 13–23 (Job default 10 s), exits 0: no app container will run again, so the kubelet
    // stops the sidecar at 23 and the pod succeeds.
    assert.deepEqual(eventLines(result, ['Started', 'Killing']), [
      '1 Normal Started migrate: Started container migrate',
      '12 Normal Started proxy: Started container proxy',
      '13 Normal Started report: Started container report',
      '23 Normal Killing proxy: Stopping container proxy',
    ]);
    assert.deepEqual(statusTimeline(result), [
      '0 Pending Pending 0/2 0',
      '0 Pending Init:0/2 0/2 0',
      '11 Pending Init:1/2 0/2 0',
      '12 Pending PodInitializing 0/2 0',
      '12 Pending PodInitializing 1/2 0',
      '13 Running Running 2/2 0',
      '23 Running Completed 1/2 0',
      '23 Succeeded Completed 0/2 0',
    ]);
    const proxy = containerAt(result, 23, 'proxy');
    assert.equal(proxy.state, 'terminated');
    assert.equal(proxy.exitCode, 143);
  });

  it('restarts a sidecar whatever the pod policy, and waits for its startup probe', () => {
    const pod = {
      restartPolicy: 'Never',
      initContainers: [
        container('proxy', 'envoy:1.30', {
          restartPolicy: 'Always',
          startupProbe: { tcpSocket: { port: 9901 }, periodSeconds: 5 },
        }),
      ],
      containers: [container('app', 'app:1')],
    };
    const result = simulate(pod, {
      duration: 60,
      containers: {
        proxy: { startSeconds: 7, exitAfter: [30, 'never'], exitCode: 1 },
        app: { exitAfter: 'never' },
      },
    });
    // proxy starts at 1; startup probes at 1 (fails: the app needs 7 s) and 6 (fails), 11 passes,
    // so app (pulled 11–12) starts at 12. proxy exits at 31 and, as a sidecar, restarts at once.
    assert.deepEqual(
      result.events
        .filter((event) => event.reason === 'Started')
        .map((event) => `${event.t} ${event.object}`),
      ['1 proxy', '12 app', '31 proxy'],
    );
    assert.deepEqual(times(result, 'Unhealthy'), [1, 6, 31, 36]);
    assert.equal(result.final.phase, 'Running');
    assert.equal(containerAt(result, 60, 'proxy').restartCount, 1);
  });

  it('stops sidecars after the app containers, in reverse order', () => {
    const pod = {
      terminationGracePeriodSeconds: 30,
      initContainers: [
        container('first', 'one:1', { restartPolicy: 'Always' }),
        container('second', 'two:1', { restartPolicy: 'Always' }),
      ],
      containers: [container('app', 'app:1')],
    };
    const result = simulate(pod, {
      deleteAt: 100,
      containers: { app: { stopSeconds: 4 }, second: { stopSeconds: 3 }, first: { stopSeconds: 1 } },
    });
    // app gets SIGTERM at 100 and exits at 104; second then gets it (exits 107), then first (108).
    const exits = ['app', 'second', 'first'].map((name) => containerAt(result, 200, name).explanation);
    assert.deepEqual(
      exits.map((text) => /sent at t=(\d+)/.exec(text)?.[1]),
      ['100', '104', '107'],
    );
    assert.equal(result.deletedAt, 108);
  });
});

describe('simulator: probes', () => {
  const probedPod = (probes: Fields): Fields => ({ containers: [container('app', 'app:1.0', probes)] });

  it('does not run the liveness probe until the startup probe succeeds', () => {
    const probes = {
      startupProbe: { tcpSocket: { port: 8080 }, periodSeconds: 10, failureThreshold: 6 },
      livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
    };
    const result = simulate(probedPod(probes), { duration: 100, containers: { app: { startSeconds: 45 } } });
    // Started at 1. Startup probes at 1, 11, 21, 31, 41 fail (the app needs 45 s), 51 passes:
    // 5 failures < 6. Liveness only runs from 51, and passes.
    assert.deepEqual(eventLines(result, ['Unhealthy', 'Killing']), [
      '1 Warning Unhealthy app: Startup probe failed: dial tcp <pod IP>:8080: connect: connection refused',
      '11 Warning Unhealthy app: Startup probe failed: dial tcp <pod IP>:8080: connect: connection refused',
      '21 Warning Unhealthy app: Startup probe failed: dial tcp <pod IP>:8080: connect: connection refused',
      '31 Warning Unhealthy app: Startup probe failed: dial tcp <pod IP>:8080: connect: connection refused',
      '41 Warning Unhealthy app: Startup probe failed: dial tcp <pod IP>:8080: connect: connection refused',
    ]);
    assert.equal(containerAt(result, 50, 'app').started, false);
    assert.equal(containerAt(result, 51, 'app').started, true);
    assert.equal(at(result, 51).ready, '1/1');

    // Without the startup probe, liveness fails at 1, 11, 21 and the kubelet kills the container.
    const unguarded = simulate(probedPod({ livenessProbe: probes.livenessProbe }), {
      duration: 30,
      containers: { app: { startSeconds: 45 } },
    });
    assert.deepEqual(eventLines(unguarded, ['Killing']), [
      '21 Normal Killing app: Container app failed liveness probe, will be restarted',
    ]);
  });

  it('kills a container whose startup probe fails failureThreshold times', () => {
    const probes = { startupProbe: { tcpSocket: { port: 8080 }, periodSeconds: 10, failureThreshold: 6 } };
    const result = simulate(probedPod(probes), { duration: 60, containers: { app: { startSeconds: 100 } } });
    // Failures at 1, 11, 21, 31, 41, 51: the 6th kills it; the first restart is immediate.
    assert.deepEqual(eventLines(result, ['Killing', 'Started']), [
      '1 Normal Started app: Started container app',
      '51 Normal Killing app: Container app failed startup probe, will be restarted',
      '51 Normal Started app: Started container app',
    ]);
  });

  it('marks a container not ready after failureThreshold readiness failures, ready again after successThreshold', () => {
    const probes = {
      readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5, successThreshold: 2 },
    };
    const result = simulate(probedPod(probes), {
      duration: 60,
      containers: { app: { probes: { readiness: { failFrom: 20, failUntil: 40 } } } },
    });
    // Probes at 1, 6, 11, … (every 5 s from the start at 1). Ready after 2 successes (1, 6).
    // Failures at 21, 26, 31, 36: the 3rd (31) makes it not ready. Successes at 41, 46: ready at 46.
    assert.deepEqual(times(result, 'Unhealthy'), [21, 26, 31, 36]);
    assert.deepEqual(statusTimeline(result).slice(2), [
      '1 Running Running 0/1 0',
      '6 Running Running 1/1 0',
      '31 Running Running 0/1 0',
      '46 Running Running 1/1 0',
    ]);
    const ready = at(result, 31).podConditions.find((condition) => condition.type === 'Ready');
    assert.equal(ready?.status, 'False');
    assert.equal(ready?.lastTransitionTime, 31);
    assert.equal(ready?.message, 'containers with unready status: [app]');
    assert.equal(ready?.explanation, 'Ready is False: the readiness probe of app has failed since t=21.');
    assert.equal(
      at(result, 46).podConditions.find((condition) => condition.type === 'Ready')?.lastTransitionTime,
      46,
    );
  });

  it('kills and restarts a container after failureThreshold liveness failures', () => {
    const probes = { livenessProbe: { httpGet: { path: '/healthz', port: 8080 } } };
    const scenario: Scenario = {
      duration: 120,
      containers: { app: { probes: { liveness: { failFrom: 30 } } } },
    };
    const result = simulate(probedPod(probes), scenario);
    // Probes every 10 s from each start. Run 1 (from 1) fails at 31, 41, 51: killed at 51 and
    // restarted in the same sync, whose pod status has no earlier exit: no back-off. Run 2 (from
    // 51) fails at 81, 91, 101: killed at 101; the back-off check sees the exit at 51 (50 s ago)
    // with no back-off entry yet: restarted at once too (kuberuntime_manager.go doBackOff).
    assert.deepEqual(eventLines(result, ['Unhealthy', 'Killing', 'BackOff', 'Started']), [
      '1 Normal Started app: Started container app',
      '31 Warning Unhealthy app: Liveness probe failed: HTTP probe failed with statuscode: 500',
      '41 Warning Unhealthy app: Liveness probe failed: HTTP probe failed with statuscode: 500',
      '51 Warning Unhealthy app: Liveness probe failed: HTTP probe failed with statuscode: 500',
      '51 Normal Killing app: Container app failed liveness probe, will be restarted',
      '51 Normal Started app: Started container app',
      '81 Warning Unhealthy app: Liveness probe failed: HTTP probe failed with statuscode: 500',
      '91 Warning Unhealthy app: Liveness probe failed: HTTP probe failed with statuscode: 500',
      '101 Warning Unhealthy app: Liveness probe failed: HTTP probe failed with statuscode: 500',
      '101 Normal Killing app: Container app failed liveness probe, will be restarted',
      '101 Normal Started app: Started container app',
    ]);
    // The kill sends SIGTERM; the process exits with 143 (128 + SIGTERM), reason Error.
    assert.deepEqual(containerAt(result, 105, 'app').lastState, {
      reason: 'Error',
      exitCode: 143,
      startedAt: 51,
      finishedAt: 101,
    });
    assert.equal(
      result.events.find((event) => event.t === 51 && event.reason === 'Started')?.explanation,
      'Restart 1 of app, at once, in the sync that killed it: the back-off check sees the pod status from before the kill, which has no earlier exit of app, so there is no back-off.',
    );

    // Under Never the container is killed and not restarted: the pod fails.
    const never = simulate({ ...probedPod(probes), restartPolicy: 'Never' }, scenario);
    assert.deepEqual(eventLines(never, ['Killing', 'Started']), [
      '1 Normal Started app: Started container app',
      '51 Normal Killing app: Container app failed liveness probe',
    ]);
    assert.equal(never.final.phase, 'Failed');
  });
});

describe('simulator: lifecycle hooks', () => {
  it('reports the container running only once postStart completes', () => {
    const pod = {
      containers: [
        container('app', 'app:1', {
          lifecycle: { postStart: { exec: { command: ['sh', '-c', 'warm-up'] } } },
        }),
      ],
    };
    const result = simulate(pod, { duration: 20, containers: { app: { postStart: { seconds: 3 } } } });
    // Started (the process runs) at 1, but the kubelet reports it running when the hook ends at 4.
    assert.deepEqual(times(result, 'Started'), [1]);
    assert.deepEqual(statusTimeline(result), [
      '0 Pending Pending 0/1 0',
      '0 Pending ContainerCreating 0/1 0',
      '4 Running Running 1/1 0',
    ]);
  });

  it('kills the container when postStart fails', () => {
    const pod = {
      restartPolicy: 'OnFailure',
      containers: [
        container('app', 'app:1', { lifecycle: { postStart: { httpGet: { path: '/warm', port: 80 } } } }),
      ],
    };
    const result = simulate(pod, {
      duration: 8,
      containers: { app: { postStart: { seconds: 2, fail: true } } },
    });
    // The hook fails at 3: the kubelet kills the container (exit 143) and, since a failed hook
    // counts as a failure, restarts it at once: its postStart fails again at 5, back-off 10.
    assert.deepEqual(eventLines(result, ['Started', 'FailedPostStartHook', 'Killing', 'BackOff']), [
      '1 Normal Started app: Started container app',
      '3 Warning FailedPostStartHook app: PostStartHook failed',
      '3 Normal Killing app: FailedPostStartHook',
      '3 Normal Started app: Started container app',
      '5 Warning FailedPostStartHook app: PostStartHook failed',
      '5 Normal Killing app: FailedPostStartHook',
      '5 Warning BackOff app: Back-off restarting failed container app in pod demo_default',
    ]);
  });
});

describe('simulator: termination', () => {
  it('runs preStop, then SIGTERM; a container still running at the end of the grace period is killed', () => {
    const pod = {
      terminationGracePeriodSeconds: 30,
      containers: [
        container('quick', 'quick:1', { lifecycle: { preStop: { exec: { command: ['drain'] } } } }),
        container('stubborn', 'stubborn:1'),
      ],
    };
    const result = simulate(pod, {
      deleteAt: 100,
      containers: { quick: { preStop: { seconds: 5 }, stopSeconds: 3 }, stubborn: { stopSeconds: 60 } },
    });
    // quick: preStop 100–105, SIGTERM at 105, exits 108 (143). stubborn: SIGTERM at 100, ignores
    // it, SIGKILL when the 30 s grace period ends, at 130 (137). The pod object goes at 130.
    assert.deepEqual(eventLines(result, ['Killing']), [
      '100 Normal Killing quick: Stopping container quick',
      '100 Normal Killing stubborn: Stopping container stubborn',
    ]);
    assert.equal(at(result, 100).status, 'Terminating');
    assert.equal(at(result, 129).status, 'Terminating');
    assert.deepEqual(
      ['quick', 'stubborn'].map((name) => {
        const state = containerAt(result, 130, name);
        return [state.exitCode, state.state];
      }),
      [
        [143, 'terminated'],
        [137, 'terminated'],
      ],
    );
    assert.equal(containerAt(result, 108, 'quick').state, 'terminated');
    assert.equal(containerAt(result, 107, 'quick').state, 'running');
    assert.equal(result.deletedAt, 130);
    assert.equal(result.final.phase, 'Failed');
  });

  it('gives a preStop hook still running at the end of the grace period a one-time 2 s extension', () => {
    const pod = {
      terminationGracePeriodSeconds: 10,
      initContainers: [
        container('proxy', 'envoy:1.30', {
          restartPolicy: 'Always',
          lifecycle: { preStop: { sleep: { seconds: 3 } } },
        }),
      ],
      containers: [
        container('app', 'nginx:1.25', { lifecycle: { preStop: { exec: { command: ['sleep', '20'] } } } }),
      ],
    };
    const result = simulate(pod, {
      deleteAt: 100,
      containers: { app: { preStop: { seconds: 20 }, stopSeconds: 5 }, proxy: { stopSeconds: 1 } },
    });
    // app: the 20 s preStop outlives the 10 s grace period; at 110 the kubelet sends SIGTERM with a
    // 2 s extension; app needs 5 s, so it is killed at 112 (137). proxy: its 3 s sleep preStop
    // (from the manifest) ends at 103, then it waits for app, but no longer than the 7 s left: at
    // 110 it gets SIGTERM with the 2 s minimum and exits at 111 (143).
    assert.deepEqual(containerAt(result, 112, 'app').exitCode, 137);
    assert.match(containerAt(result, 112, 'app').explanation, /one-time 2s extension/);
    assert.equal(containerAt(result, 110, 'proxy').state, 'running');
    assert.equal(containerAt(result, 111, 'proxy').exitCode, 143);
    assert.equal(result.deletedAt, 112);
  });

  it('fails the pod when activeDeadlineSeconds is reached and kills every container', () => {
    const pod = { activeDeadlineSeconds: 30, containers: [container('app', 'nginx:1.25')] };
    const result = simulate(pod, { containers: { app: { stopSeconds: 3 } } });
    // Counted from the pod's start (t=0): at 30 the kubelet fails the pod (a Normal event,
    // active_deadline.go ShouldEvict) and the container gets SIGTERM; it exits at 33 (143).
    assert.deepEqual(eventLines(result, ['DeadlineExceeded', 'Killing']), [
      '30 Normal DeadlineExceeded pod: Pod was active on the node longer than the specified deadline',
      '30 Normal Killing app: Stopping container app',
    ]);
    // status_manager.go mergePodStatus holds the terminal phase, and its reason, back until no
    // container can still run: Running from 30 to 33, while the kubelet's own conditions already
    // say PodFailed. Then printPod lets the container's terminated reason (Error) override
    // status.reason (DeadlineExceeded) in the STATUS column.
    assert.deepEqual(statusTimeline(result).slice(-2), ['1 Running Running 1/1 0', '33 Failed Error 0/1 0']);
    const stopping = at(result, 32);
    assert.equal(stopping.reason, null);
    assert.equal(stopping.conditions.Ready, false);
    assert.equal(stopping.podConditions.find(({ type }) => type === 'Ready')?.reason, 'PodFailed');
    assert.equal(containerAt(result, 32, 'app').state, 'running');
    assert.equal(result.final.reason, 'DeadlineExceeded');
    assert.equal(containerAt(result, 33, 'app').exitCode, 143);
    assert.equal(containerAt(result, 33, 'app').reason, 'Error');

    // A pod that completes first never reaches its deadline.
    const quick = simulate({ ...pod, restartPolicy: 'Never' }, { containers: { app: { exitAfter: 5 } } });
    assert.deepEqual(times(quick, 'DeadlineExceeded'), []);
    assert.equal(quick.final.phase, 'Succeeded');
  });

  it('does not simulate a deadline the API server rejects in a Deployment, and says so', () => {
    const pod = { activeDeadlineSeconds: 30, containers: [container('app', 'nginx:1.25')] };
    const result = simulate(pod, {}, 'Deployment', 'web');
    // ValidatePodTemplateSpecForReplicaSet forbids activeDeadlineSeconds in the template.
    assert.deepEqual(result.warnings, [
      "spec.template.spec.activeDeadlineSeconds is not supported in a Deployment's pod template: the API server rejects this Deployment (activeDeadlineSeconds in ReplicaSet is not Supported), so it would create no pod; simulated without the deadline",
    ]);
    assert.equal(result.pod.activeDeadlineSeconds, null);
    assert.deepEqual(times(result, 'DeadlineExceeded'), []);
    assert.equal(result.final.phase, 'Running');
    // A Job may set it on its pod template.
    const job = simulate(
      { ...pod, restartPolicy: 'Never' },
      { containers: { app: { exitAfter: 'never' } } },
      'Job',
      'task',
    );
    assert.deepEqual(times(job, 'DeadlineExceeded'), [30]);
  });

  it('keeps a pod whose init container failed under Never Pending until its sidecar has stopped', () => {
    const pod = {
      restartPolicy: 'Never',
      initContainers: [
        container('proxy', 'envoy:1.30', { restartPolicy: 'Always' }),
        container('setup', 'busybox:1.36'),
      ],
      containers: [container('app', 'app:1')],
    };
    const result = simulate(pod, {
      containers: { setup: { exitAfter: 5, exitCode: 1 }, proxy: { stopSeconds: 4 } },
    });
    // proxy is pulled 0–1 and started at 1; setup is pulled 1–2, runs 2–7 and fails. getPhase says
    // Failed at 7 (a failed init container under Never), and the kubelet stops proxy, which takes
    // 4 s: mergePodStatus keeps the API's phase Pending until proxy exits at 11.
    assert.deepEqual(eventLines(result, ['Killing']), ['7 Normal Killing proxy: Stopping container proxy']);
    assert.equal(at(result, 7).phase, 'Pending');
    assert.equal(at(result, 10).phase, 'Pending');
    assert.equal(at(result, 10).status, 'Init:Error');
    assert.equal(containerAt(result, 10, 'proxy').state, 'running');
    assert.equal(at(result, 11).phase, 'Failed');
    assert.equal(at(result, 11).status, 'Init:Error');
    assert.equal(containerAt(result, 11, 'proxy').exitCode, 143);
    assert.deepEqual(
      result.snapshots.filter((snapshot) => snapshot.phase === 'Failed').map(({ t }) => t)[0],
      11,
    );
  });
});

describe('simulator: images and the node', () => {
  it('backs off image pulls and keeps the pod Pending', () => {
    const result = simulate(
      { containers: [container('app', 'nginx:doesnotexist')] },
      { containers: { app: { imagePull: 'fail' } } },
    );
    // Each pull takes 1 s and fails; the image back-off counts from the failure: 1 → 11, 12 → 32
    // (20 s), 33 → 73 (40 s), 74 → 154 (80 s), 155 → 315 (160 s), 316 → 616 (300 s, too late).
    assert.deepEqual(times(result, 'Pulling'), [0, 11, 32, 73, 154, 315]);
    assert.deepEqual(eventLines(result).slice(1, 7), [
      '0 Normal Pulling app: Pulling image "nginx:doesnotexist"',
      '1 Warning Failed app: Failed to pull image "nginx:doesnotexist": rpc error: code = NotFound desc = failed to pull and unpack image "nginx:doesnotexist": not found',
      '1 Warning Failed app: Error: ErrImagePull',
      '1 Normal BackOff app: Back-off pulling image "nginx:doesnotexist"',
      '1 Warning Failed app: Error: ImagePullBackOff',
      '11 Normal Pulling app: Pulling image "nginx:doesnotexist"',
    ]);
    assert.deepEqual(statusTimeline(result).slice(0, 5), [
      '0 Pending Pending 0/1 0',
      '0 Pending ContainerCreating 0/1 0',
      '1 Pending ErrImagePull 0/1 0',
      '1 Pending ImagePullBackOff 0/1 0',
      '12 Pending ErrImagePull 0/1 0',
    ]);
    assert.equal(result.final.phase, 'Pending');
    assert.equal(result.final.status, 'ImagePullBackOff');
  });

  it('pulls an image with imagePullPolicy Always at every start, from the cache after the first', () => {
    const result = simulate(
      { containers: [container('app', 'busybox')] },
      { duration: 10, containers: { app: { exitAfter: 2, exitCode: 1 } } },
    );
    // busybox has no tag: the default policy is Always. First pull 0–1; the restart at 3 pulls
    // again, from the cache, in no time.
    assert.deepEqual(eventLines(result, ['Pulled']), [
      '1 Normal Pulled app: Successfully pulled image "busybox" in 1s (1s including waiting)',
      '3 Normal Pulled app: Successfully pulled image "busybox" in 0s (0s including waiting)',
    ]);
  });
});

describe('simulator: a lost node', () => {
  const served = {
    containers: [container('app', 'nginx:1.25', { readinessProbe: { tcpSocket: { port: 80 } } })],
  };

  it('keeps the phase, marks Ready False after 50 s, and evicts after the default 300 s toleration', () => {
    const result = simulate(served, { duration: 1000, nodeLostAt: 400, deleteAt: 900 });
    // Nothing is observed from 400 on: no probe, no kubelet event. At 450 (node-monitor-grace-period
    // 50 s) MarkPodsNotReady sets Ready False with a Warning NodeNotReady; the unreachable taint is
    // tolerated 300 s (DefaultTolerationSeconds), so taint eviction deletes the pod at 750. The
    // kubelet cannot stop the containers: Terminating to the end, the deletion at 900 changes nothing.
    assert.deepEqual(eventLines(result).slice(-2), [
      '450 Warning NodeNotReady pod: Node is not ready',
      '750 Normal TaintManagerEviction pod: Marking for deletion Pod default/demo',
    ]);
    assert.deepEqual(times(result, 'Unhealthy'), []);
    // Ready from the first readiness probe at 1 (pulled 0–1); the phase and READY never change after.
    assert.deepEqual(statusTimeline(result).slice(-2), [
      '1 Running Running 1/1 0',
      '750 Running Terminating 1/1 0',
    ]);
    const marked = at(result, 700);
    assert.equal(marked.phase, 'Running');
    assert.equal(marked.status, 'Running');
    // Only the kubelet sets PodReadyToStartContainers: it keeps its last value.
    assert.deepEqual(marked.conditions, {
      PodScheduled: true,
      PodReadyToStartContainers: true,
      Initialized: true,
      ContainersReady: true,
      Ready: false,
    });
    const ready = marked.podConditions.find(({ type }) => type === 'Ready');
    assert.equal(ready?.lastTransitionTime, 450);
    assert.equal(at(result, 449).conditions.Ready, true);
    assert.equal(containerAt(result, 700, 'app').state, 'running');
    const evicted = at(result, 750);
    assert.equal(evicted.deleting, true);
    assert.deepEqual(
      evicted.podConditions.find(({ type }) => type === 'DisruptionTarget'),
      {
        type: 'DisruptionTarget',
        status: 'True',
        lastTransitionTime: 750,
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
        explanation:
          "DisruptionTarget is True: the taint eviction controller is deleting the pod at t=750: its node stopped reporting and the pod's toleration of the unreachable taint ran out.",
      },
    );
    assert.equal(result.final.status, 'Terminating');
    assert.equal(result.deletedAt, null);
    assert.equal(result.notes.length, 4);
    assert.match(
      result.notes[1]!,
      /tolerates the taint for 300s \(the DefaultTolerationSeconds admission plugin gives 300s/,
    );
    assert.match(
      result.notes[2]!,
      /^Older documentation says a pod on a lost node becomes Unknown, or Failed/,
    );
    assert.match(result.notes[3]!, /kubectl shows Terminating until the node returns/);
  });

  it("follows the pod's own toleration of node.kubernetes.io/unreachable", () => {
    const tolerating = (toleration: Fields, kind = 'Pod') =>
      simulate({ ...served, tolerations: [toleration] }, { duration: 1000, nodeLostAt: 100 }, kind);
    const unreachable = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' };
    // tolerationSeconds 30: evicted at 100 + 50 + 30.
    assert.deepEqual(
      times(tolerating({ ...unreachable, tolerationSeconds: 30 }), 'TaintManagerEviction'),
      [180],
    );
    // No tolerationSeconds, or every taint tolerated: for ever, never evicted.
    const forever = tolerating(unreachable);
    assert.deepEqual(times(forever, 'TaintManagerEviction'), []);
    assert.equal(forever.final.status, 'Running');
    assert.equal(forever.final.conditions.Ready, false);
    assert.deepEqual(times(tolerating({ operator: 'Exists' }), 'TaintManagerEviction'), []);
    // A toleration of other taints leaves the default 300 s.
    assert.deepEqual(
      times(
        tolerating({ key: 'example.com/gpu', operator: 'Exists', effect: 'NoSchedule' }),
        'TaintManagerEviction',
      ),
      [450],
    );
    // A toleration of the key that does not match the taint (a value it lacks): evicted at once.
    assert.deepEqual(
      times(
        tolerating({ key: 'node.kubernetes.io/unreachable', value: 'yes', effect: 'NoExecute' }),
        'TaintManagerEviction',
      ),
      [150],
    );
    // A DaemonSet's pods tolerate the taint for ever (AddOrUpdateDaemonPodTolerations).
    const daemon = simulate(served, { duration: 1000, nodeLostAt: 100 }, 'DaemonSet');
    assert.deepEqual(times(daemon, 'TaintManagerEviction'), []);
  });

  it('ends Terminating when the node returns: the kubelet stops the containers and the pod is removed', () => {
    const result = simulate(served, {
      duration: 1000,
      nodeLostAt: 100,
      nodeReturnsAt: 800,
      containers: { app: { stopSeconds: 3 } },
    });
    // Evicted at 450; at 800 the kubelet sees the deletion and stops app (SIGTERM, exits at 803).
    assert.deepEqual(eventLines(result, ['TaintManagerEviction', 'Killing']), [
      '450 Normal TaintManagerEviction pod: Marking for deletion Pod default/demo',
      '800 Normal Killing app: Stopping container app',
    ]);
    assert.equal(at(result, 802).status, 'Terminating');
    assert.equal(result.deletedAt, 803);
    // The text timeline ends with what happened from outside the node, and why.
    const text = renderTimeline(result);
    assert.match(
      text,
      /\nWhat happened from outside the node, and why:\n- t=100: the node stopped reporting\. The pod keeps the status its kubelet last reported \(phase Running\)/,
    );
    assert.match(
      text,
      /\n- t=800: the node reports again after 700s\. Its kubelet sees that the pod is being deleted, stops the containers with the grace period, and the pod is removed\.\n$/,
    );
  });

  it('cancels the eviction when the node returns first, and the kubelet reports the pod again', () => {
    const result = simulate(served, { duration: 400, nodeLostAt: 100, nodeReturnsAt: 200 });
    // Ready False at 150; the node returns at 200: the taint goes, the scheduled eviction is
    // cancelled, and the kubelet's Ready condition (True) replaces the controller's.
    assert.deepEqual(eventLines(result).slice(-2), [
      '150 Warning NodeNotReady pod: Node is not ready',
      '200 Normal TaintManagerEviction pod: Cancelling deletion of Pod default/demo',
    ]);
    assert.equal(at(result, 199).conditions.Ready, false);
    assert.equal(at(result, 200).conditions.Ready, true);
    assert.equal(result.final.status, 'Running');
    assert.equal(result.final.deleting, false);
    // The probes run again once the node is back.
    const healthy = simulate(served, {
      duration: 400,
      nodeLostAt: 100,
      nodeReturnsAt: 200,
      containers: { app: { probes: { readiness: { failFrom: 250 } } } },
    });
    assert.ok(times(healthy, 'Unhealthy').length > 0);
    assert.ok(times(healthy, 'Unhealthy').every((t) => t >= 250));
    // A return needs a loss before it.
    assert.deepEqual(simulate(served, { duration: 100, nodeReturnsAt: 50 }).warnings, [
      'scenario: nodeReturnsAt without nodeLostAt: the node is never lost (ignored)',
    ]);
    assert.deepEqual(simulate(served, { duration: 100, nodeLostAt: 50, nodeReturnsAt: 40 }).warnings, [
      'scenario: nodeReturnsAt: must be greater than nodeLostAt (50) (ignored)',
    ]);
  });
});

describe('simulator: finished and unscheduled pods', () => {
  it('keeps a finished pod as it is when its node is lost, and deletes it at once', () => {
    const pod = { restartPolicy: 'Never', containers: [container('app', 'task:1')] };
    const result = simulate(pod, { nodeLostAt: 50, deleteAt: 60, containers: { app: { exitAfter: 5 } } });
    // Succeeded at 6 (pulled 0–1, runs 1–6). The API server deletes a finished pod without a
    // grace period, so the deletion at 60 removes it then.
    assert.equal(at(result, 55).phase, 'Succeeded');
    assert.equal(at(result, 55).status, 'Completed');
    assert.deepEqual(at(result, 55).conditions, {
      PodScheduled: true,
      PodReadyToStartContainers: false,
      Initialized: true,
      ContainersReady: false,
      Ready: false,
    });
    assert.equal(result.deletedAt, 60);
  });

  it('deletes a pod that was never scheduled at once', () => {
    const result = simulate(
      { schedulingGates: [{ name: 'example.com/quota' }], containers: [container('app', 'app:1')] },
      { deleteAt: 30 },
    );
    assert.equal(result.deletedAt, 30);
    assert.deepEqual(result.events, []);
  });
});

describe('simulator: determinism and defaults', () => {
  it('gives byte-identical output for the same input', () => {
    const pod = {
      activeDeadlineSeconds: 500,
      initContainers: [
        container('proxy', 'envoy:1.30', {
          restartPolicy: 'Always',
          startupProbe: { tcpSocket: { port: 1 } },
        }),
      ],
      containers: [
        container('app', 'app:1', {
          livenessProbe: { httpGet: { path: '/', port: 80 } },
          readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 3 },
          lifecycle: { preStop: { sleep: { seconds: 4 } } },
        }),
      ],
    };
    const scenario: Scenario = {
      deleteAt: 450,
      containers: {
        app: {
          exitAfter: [100, 7],
          exitCodes: [1, 0, 2],
          probes: { readiness: [{ failFrom: 5, failUntil: 9 }] },
        },
        proxy: { startSeconds: 12 },
      },
    };
    const first = JSON.stringify(simulate(pod, scenario, 'Deployment', 'web'));
    const second = JSON.stringify(
      simulate(structuredClone(pod), structuredClone(scenario), 'Deployment', 'web'),
    );
    assert.equal(first, second);
  });

  it('applies the API defaults: probe timing, grace period and restart policy', () => {
    const result = simulate(
      { containers: [container('app', 'app:1', { readinessProbe: { exec: { command: ['true'] } } })] },
      {
        duration: 40,
        containers: { app: { probes: { readiness: { failFrom: 0 } } } },
      },
    );
    // periodSeconds 10 and failureThreshold 3 by default: probes at 1, 11, 21, 31.
    assert.deepEqual(times(result, 'Unhealthy'), [1, 11, 21, 31]);
    assert.equal(result.pod.restartPolicy, 'Always');
    assert.equal(result.pod.terminationGracePeriodSeconds, 30);
  });

  it('simulates a Job without restartPolicy with OnFailure, and says so', () => {
    const result = simulate({ containers: [container('task', 'task:1')] }, {}, 'Job', 'nightly');
    assert.equal(result.pod.restartPolicy, 'OnFailure');
    assert.match(
      result.warnings.join('\n'),
      /restartPolicy is missing: the API server requires OnFailure or Never for a Job/,
    );
    // A Job's app container exits 0 after 10 s by default.
    assert.equal(result.final.t, 11);
    assert.equal(result.final.phase, 'Succeeded');
  });

  it('keeps a gated pod Pending and unscheduled', () => {
    const result = simulate({
      schedulingGates: [{ name: 'example.com/quota' }],
      containers: [container('app', 'app:1')],
    });
    assert.equal(result.final.status, 'SchedulingGated');
    assert.equal(result.final.conditions.PodScheduled, false);
    assert.deepEqual(result.events, []);
  });
});

describe('simulator: the kubelet sync, against its source', () => {
  const livenessPod = {
    containers: [
      container('app', 'app:1.0', { livenessProbe: { httpGet: { path: '/healthz', port: 8080 } } }),
    ],
  };

  it('does not complete a pod whose container exits 0 as its liveness kill begins: the same sync restarts it', () => {
    // Found by the timeline invariants (fast-check seed 2015349817): the container's own exit 0 at
    // t=49 met the liveness kill of t=49; the restart at 50 runs its 1 s postStart hook.
    const result = simulate(
      {
        restartPolicy: 'OnFailure',
        terminationGracePeriodSeconds: 0,
        containers: [
          container('app', 'app:1', {
            startupProbe: { httpGet: { path: '/', port: 8080 }, initialDelaySeconds: 16 },
            livenessProbe: {
              httpGet: { path: '/', port: 8080 },
              initialDelaySeconds: 15,
              periodSeconds: 12,
              timeoutSeconds: 9,
              failureThreshold: 2,
            },
            lifecycle: { postStart: { exec: { command: ['true'] } } },
          }),
        ],
      },
      {
        duration: 120,
        containers: {
          app: {
            exitAfter: 49,
            stopSeconds: 1,
            probes: { liveness: { responseSeconds: 9 } },
            postStart: { seconds: 1 },
          },
        },
      },
    );
    assert.deepEqual(
      result.snapshots
        .filter((snapshot) => snapshot.phase !== 'Running' && snapshot.t > 2)
        .map((snapshot) => snapshot.t),
      [],
    );
    assert.deepEqual(times(result, 'Killing'), [49, 98]);
    assert.deepEqual(times(result, 'Started'), [1, 50, 99]);
    assert.equal(result.final.phase, 'Running');
  });

  it('restarts a container its liveness probe kills in the same sync, against the exit before the kill', () => {
    const result = simulate(livenessPod, { containers: { app: { probes: { liveness: { failFrom: 30 } } } } });
    // Each run is probed at 0, 10, 20 s (pass), 30, 40, 50 s (fail): killed 50 s after its start.
    // doBackOff (kuberuntime_manager.go) runs in the sync that kills, on the pod status from before
    // the kill: it sees the exit before this one. Kill at 51: no earlier exit, no back-off, no step.
    // Kill at 101: exit at 51, no entry: restart, entry 10 s. Kills at 151, 201, 251: the earlier
    // exit is 50 s old, past 10, 20, 40 s: restart at once, entry 20, 40, 80 s. Kill at 301: the
    // exit at 251 is 50 s old, within 80 s: CrashLoopBackOff, counted from this exit: 301 + 80 =
    // 381 (entry 160 s). Kill at 431: the exit at 301 is 130 s old, within 160 s: 431 + 160 = 591.
    assert.deepEqual(times(result, 'Killing'), [51, 101, 151, 201, 251, 301, 431]);
    assert.deepEqual(times(result, 'Started'), [1, 51, 101, 151, 201, 251, 381, 591]);
    assert.deepEqual(
      result.events.filter((event) => event.reason === 'BackOff').map((event) => [event.t, event.detail]),
      [
        [301, { kind: 'backOff', container: 'app', restart: 6, delay: 80, retryAt: 381, maxDelay: 300 }],
        [431, { kind: 'backOff', container: 'app', restart: 7, delay: 160, retryAt: 591, maxDelay: 300 }],
      ],
    );
    // No CrashLoopBackOff before 301; the status at each kill and after.
    assert.deepEqual(
      [51, 101, 300, 301, 381, 431, 591].map((t) => `${t} ${at(result, t).status} ${at(result, t).restarts}`),
      [
        '51 Running 1',
        '101 Running 2',
        '300 Running 5',
        '301 CrashLoopBackOff 5',
        '381 Running 6',
        '431 CrashLoopBackOff 6',
        '591 Running 7',
      ],
    );
    assert.equal(
      result.events.find((event) => event.t === 151 && event.reason === 'Started')?.explanation,
      'Restart 3 of app, at once, in the sync that killed it: the back-off check sees the pod status from before the kill, whose latest exit of app was at t=101, 50s ago, past its 10s back-off.',
    );
  });

  it('words a sidecar killed by its liveness probe as an init container, and restarts it in the same sync', () => {
    const pod = {
      initContainers: [
        container('proxy', 'envoy:1.30', {
          restartPolicy: 'Always',
          livenessProbe: { tcpSocket: { port: 9901 } },
        }),
      ],
      containers: [container('app', 'app:1')],
    };
    const result = simulate(pod, {
      duration: 60,
      containers: { proxy: { probes: { liveness: { failFrom: 30 } } } },
    });
    // proxy starts at 1, probed at 1, 11, 21 (pass), 31, 41, 51 (fail): killed at 51
    // (computeInitContainerActions: "Init container %s failed liveness probe", no suffix).
    assert.deepEqual(eventLines(result, ['Killing', 'Started']), [
      '1 Normal Started proxy: Started container proxy',
      '2 Normal Started app: Started container app',
      '51 Normal Killing proxy: Init container proxy failed liveness probe',
      '51 Normal Started proxy: Started container proxy',
    ]);
  });

  it("lowers the back-off cap to the node's crashLoopBackOff.maxContainerRestartPeriod", () => {
    const crash = { containers: { app: { exitAfter: 5, exitCode: 1 } }, duration: 200 };
    // Cap 30 (NewMainKubelet: initial 10 s, max 30 s): exits at 6 (at once), 11 (+10 → 21),
    // 26 (+20 → 46), 51 (+30, not 40 → 81), 86 (+30 → 116), 121 (→ 151), 156 (→ 186), 191 (→ 221).
    const capped = simulate(crashLoopPod, { ...crash, maxContainerRestartPeriod: 30 });
    assert.deepEqual(times(capped, 'Started'), [1, 6, 21, 46, 81, 116, 151, 186]);
    assert.deepEqual(
      capped.events.filter((event) => event.reason === 'BackOff').map((event) => event.detail),
      [10, 20, 30, 30, 30, 30, 30].map((delay, index) => ({
        kind: 'backOff',
        container: 'app',
        restart: index + 2,
        delay,
        retryAt: [21, 46, 81, 116, 151, 186, 221][index],
        maxDelay: 30,
      })),
    );
    // Cap 5, below the initial 10 s: the initial delay is the cap too (base = boMax).
    const tight = simulate(crashLoopPod, { ...crash, duration: 40, maxContainerRestartPeriod: 5 });
    assert.deepEqual(times(tight, 'Started'), [1, 6, 16, 26, 36]);
    // The kubelet accepts 1 to 300 s (validation.go); anything else is ignored with a warning.
    const outOfRange = simulatePod(
      { kind: 'Pod', name: 'demo', podSpec: crashLoopPod },
      { ...crash, maxContainerRestartPeriod: 600 },
    );
    assert.ok(outOfRange.ok);
    assert.deepEqual(outOfRange.result.warnings, [
      'scenario: maxContainerRestartPeriod: must be a number of seconds of at least 1 and at most 300, not 600 (ignored)',
    ]);
    assert.deepEqual(times(outOfRange.result, 'Started'), [1, 6, 21, 46, 91, 176]);
  });
});

describe('simulator: sidecars that restart', () => {
  it('holds back an app container that exits while the last sidecar restarts, until the sidecar has started', () => {
    const pod = {
      initContainers: [
        container('proxy', 'envoy:1.30', {
          restartPolicy: 'Always',
          startupProbe: { tcpSocket: { port: 9901 }, periodSeconds: 5 },
        }),
      ],
      containers: [container('app', 'app:1')],
    };
    const result = simulate(pod, {
      duration: 60,
      containers: {
        proxy: { startSeconds: 7, exitAfter: [30, 'never'], exitCode: 1 },
        app: { exitAfter: [25, 'never'], exitCode: 1 },
      },
    });
    // proxy starts at 1 and passes its startup probe at 11; app (pulled 11–12) starts at 12.
    // proxy exits at 31 and restarts at once; its startup probe fails at 31 and 36 (the app needs
    // 7 s) and passes at 41. app exits at 37: no app container is running and the last init
    // container, proxy, has not started, so the pod is not initialized (kuberuntime_container.go
    // computeInitContainerActions) and computePodActions starts no app container. At 41 proxy has
    // started: app restarts (its exit at 37 has no back-off entry yet, doBackOff: at once).
    assert.deepEqual(
      result.events
        .filter((event) => event.reason === 'Started')
        .map((event) => `${event.t} ${event.object}`),
      ['1 proxy', '12 app', '31 proxy', '41 app'],
    );
    const waiting = containerAt(result, 40, 'app');
    assert.equal(waiting.state, 'terminated');
    assert.match(
      waiting.explanation,
      /The kubelet restarts it once sidecar proxy has started again: with no app container running, the pod counts as not initialized/,
    );
    // The pod stays Running, and Initialized stays True: an app container has a Terminated state
    // (generate.go GeneratePodInitializedCondition, HasAnyRegularContainerStarted).
    assert.equal(at(result, 40).phase, 'Running');
    assert.equal(at(result, 40).conditions.Initialized, true);
    assert.equal(at(result, 40).status, 'Error');
  });

  it('counts the pod as not initialized when the app waits in CrashLoopBackOff while the sidecar restarts', () => {
    const pod = {
      initContainers: [
        container('proxy', 'envoy:1.30', {
          restartPolicy: 'Always',
          startupProbe: { tcpSocket: { port: 9901 }, periodSeconds: 5 },
        }),
      ],
      containers: [container('app', 'app:1')],
    };
    const result = simulate(pod, {
      duration: 70,
      containers: {
        proxy: { startSeconds: 7, exitAfter: [50, 'never'], exitCode: 1 },
        app: { exitAfter: 5, exitCode: 1 },
      },
    });
    // proxy starts at 1 and has started at 11. app starts at 12 and crashes every 5 s: exits at 17
    // (at once), 22 (+10 → 32), 37 (+20 → 57). proxy exits at 51 and restarts at once; its
    // startup probe passes at 61. From 51 app waits in CrashLoopBackOff: no app container is
    // Running or Terminated (HasAnyRegularContainerStarted), so Initialized is False with proxy
    // incomplete (GeneratePodInitializedCondition) and the phase Pending (getPhase: a restartable
    // init container not started). At 57 the pod is not initialized: app is not started. At 61
    // proxy has started: app restarts (37 + 20 ≤ 61).
    assert.deepEqual(
      result.events
        .filter((event) => event.reason === 'Started')
        .map((event) => `${event.t} ${event.object}`),
      ['1 proxy', '12 app', '17 app', '32 app', '51 proxy', '61 app'],
    );
    const initialized = (t: number) =>
      at(result, t).podConditions.find((condition) => condition.type === 'Initialized');
    assert.equal(initialized(50)?.status, 'True');
    assert.deepEqual(
      [initialized(55)?.status, initialized(55)?.reason, initialized(55)?.message, at(result, 55).phase],
      ['False', 'ContainersNotInitialized', 'containers with incomplete status: [proxy]', 'Pending'],
    );
    assert.equal(containerAt(result, 58, 'app').reason, 'CrashLoopBackOff');
    assert.equal(initialized(61)?.status, 'True');
    assert.equal(at(result, 61).phase, 'Running');
  });
});

describe('simulator: the kubelet’s pod conditions', () => {
  function condition(result: SimulationResult, t: number, type: string) {
    const found = at(result, t).podConditions.find((candidate) => candidate.type === type);
    assert.ok(found, `no condition ${type}`);
    return found;
  }

  it('gives a Succeeded pod Initialized with reason PodCompleted, even without init containers', () => {
    const job = { restartPolicy: 'Never', containers: [container('task', 'task:1')] };
    const result = simulate(job, { containers: { task: { exitAfter: 5 } } });
    // Runs 1–6 and succeeds (status/generate.go GeneratePodInitializedCondition: PodCompleted
    // once the phase is Succeeded, before it looks at init containers).
    assert.equal(condition(result, 3, 'Initialized').reason, null);
    assert.deepEqual(
      [
        result.final.phase,
        condition(result, 6, 'Initialized').status,
        condition(result, 6, 'Initialized').reason,
      ],
      ['Succeeded', 'True', 'PodCompleted'],
    );
    // A Failed pod's keeps no reason.
    const failed = simulate(job, { containers: { task: { exitAfter: 5, exitCode: 1 } } });
    assert.deepEqual([failed.final.phase, condition(failed, 6, 'Initialized').reason], ['Failed', null]);
  });

  it('sets PodReadyToStartContainers once the sandbox exists, and clears it when the pod stops', () => {
    const pod = { restartPolicy: 'Never', containers: [container('task', 'task:1')] };
    const result = simulate(pod, { containers: { task: { exitAfter: 5 } } });
    // Scheduled at 0; the first sync creates the sandbox at once (SyncPod step 4), before the
    // pull (0–1): True from 0 (GeneratePodReadyToStartContainersCondition). The task exits at
    // 6; no container will run again, so the kubelet kills the pod and its sandbox: False at 6.
    const ready = result.snapshots.map(
      (snapshot) => `${snapshot.t} ${snapshot.conditions.PodReadyToStartContainers}`,
    );
    assert.deepEqual(
      ready.filter((line, index) => line.split(' ')[1] !== ready[index - 1]?.split(' ')[1]),
      ['0 false', '0 true', '6 false'],
    );
    assert.equal(
      condition(result, 3, 'PodReadyToStartContainers').explanation,
      "PodReadyToStartContainers is True: the kubelet has created the pod's sandbox (its network namespace and IP address), so containers can start.",
    );
    assert.equal(condition(result, 6, 'PodReadyToStartContainers').lastTransitionTime, 6);
    // A deleted pod's sandbox goes with its containers; a gated pod never gets one.
    const deleted = simulate(
      { containers: [container('app', 'app:1')] },
      { deleteAt: 20, duration: 60, containers: { app: { stopSeconds: 3 } } },
    );
    assert.equal(at(deleted, 22).conditions.PodReadyToStartContainers, true);
    assert.equal(deleted.deletedAt, 23);
    const gated = simulate({ schedulingGates: [{ name: 'quota' }], containers: [container('app', 'app:1')] });
    assert.equal(gated.final.conditions.PodReadyToStartContainers, false);
    assert.equal(
      condition(gated, 0, 'PodReadyToStartContainers').explanation,
      "PodReadyToStartContainers is False: the kubelet has not created the pod's sandbox yet.",
    );
  });
});

describe('simulator: probe timeouts', () => {
  const httpLiveness = (extra: Fields = {}): Fields => ({
    containers: [
      container('app', 'app:1.0', { livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, ...extra } }),
    ],
  });
  const slowFrom30: Scenario = {
    duration: 120,
    containers: { app: { probes: { liveness: { failFrom: 30, responseSeconds: 3 } } } },
  };

  it('fails a probe whose answer takes timeoutSeconds or longer, when the timeout ends it', () => {
    const result = simulate(httpLiveness(), slowFrom30);
    // From 30 s after its start (t=31) the app answers in 3 s; timeoutSeconds defaults to 1
    // (prober.go runProbe: the HTTP client's Timeout). Probes start at 31, 41, 51 and time out at
    // 32, 42, 52: the third failure kills the container at 52, not 51. Restarted at once, run 2
    // (from 52) times out at 83, 93, 103.
    assert.deepEqual(times(result, 'Unhealthy'), [32, 42, 52, 83, 93, 103]);
    assert.deepEqual(times(result, 'Killing'), [52, 103]);
    const unhealthy = result.events.find((event) => event.reason === 'Unhealthy');
    assert.equal(
      unhealthy?.message,
      'Liveness probe failed: Get "http://<pod IP>:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    );
    assert.equal(
      unhealthy?.explanation,
      'Liveness probe failure 1 of 3: after 3 in a row the kubelet restarts the container. The app took 1s or more to answer, and timeoutSeconds is 1: the kubelet gave up at the timeout, and a probe that times out fails.',
    );
    assert.deepEqual(unhealthy?.detail, {
      kind: 'probe',
      probe: 'liveness',
      consecutiveFailures: 1,
      failureThreshold: 3,
      sinceStart: 30,
    });
    // With timeoutSeconds 5 the same slow answers pass.
    const patient = simulate(httpLiveness({ timeoutSeconds: 5 }), slowFrom30);
    assert.deepEqual(times(patient, 'Unhealthy'), []);
    assert.deepEqual(times(patient, 'Killing'), []);
  });

  it('words a timed-out exec probe as the CRI does, and leaves a tcpSocket probe alone', () => {
    const exec = simulate(
      {
        containers: [
          container('app', 'app:1.0', {
            livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, timeoutSeconds: 2 },
          }),
        ],
      },
      { duration: 60, containers: { app: { probes: { liveness: { failFrom: 30, responseSeconds: 2 } } } } },
    );
    // An answer after exactly timeoutSeconds is too late: probes at 31, 41, 51 fail at 33, 43, 53.
    assert.deepEqual(eventLines(exec, ['Unhealthy', 'Killing']).slice(0, 4), [
      '33 Warning Unhealthy app: Liveness probe failed: command timed out: "cat /tmp/healthy" timed out after 2s',
      '43 Warning Unhealthy app: Liveness probe failed: command timed out: "cat /tmp/healthy" timed out after 2s',
      '53 Warning Unhealthy app: Liveness probe failed: command timed out: "cat /tmp/healthy" timed out after 2s',
      '53 Normal Killing app: Container app failed liveness probe, will be restarted',
    ]);
    // pkg/probe/grpc words its own timeout, with Go's duration: 60 s is 1m0s.
    const grpc = simulate(
      {
        containers: [
          container('app', 'app:1.0', { startupProbe: { grpc: { port: 9090 }, timeoutSeconds: 60 } }),
        ],
      },
      { duration: 70, containers: { app: { probes: { startup: { responseSeconds: 61 } } } } },
    );
    assert.deepEqual(eventLines(grpc, ['Unhealthy']), [
      '61 Warning Unhealthy app: Startup probe failed: timeout: health rpc did not complete within 1m0s',
    ]);
    // pkg/probe/tcp only dials: the kernel accepts the connection however slow the app is.
    const outcome = simulatePod(
      {
        kind: 'Pod',
        name: 'demo',
        podSpec: {
          containers: [container('app', 'app:1.0', { livenessProbe: { tcpSocket: { port: 8080 } } })],
        },
      },
      slowFrom30,
    );
    assert.ok(outcome.ok);
    assert.deepEqual(times(outcome.result, 'Unhealthy'), []);
    assert.deepEqual(outcome.result.warnings, [
      'scenario: container app: its livenessProbe is a tcpSocket probe, which only opens a connection (the kernel accepts it however slow the app is): it passes within windows with responseSeconds',
    ]);
  });

  it('counts a slow success when its answer comes, and probes again on the next tick', () => {
    const pod = {
      containers: [
        container('app', 'app:1.0', {
          readinessProbe: { httpGet: { path: '/ready', port: 8080 }, timeoutSeconds: 15 },
        }),
      ],
    };
    const result = simulate(pod, {
      duration: 40,
      containers: { app: { probes: { readiness: [{ responseSeconds: 12 }, { failFrom: 20 }] } } },
    });
    // Started at 1; every answer takes 12 s, within the 15 s timeout. The first probe (1) passes
    // at 13: ready then, not at 1. It took longer than the 10 s period, so the next probe starts
    // as it ends (Go's ticker keeps one missed tick): at 13, passing at 25. The probe at 25 (24 s
    // after the start) is in the window that fails outright: it fails at once, and the next one,
    // back on a 10 s period, at 35.
    assert.equal(containerAt(result, 12, 'app').ready, false);
    assert.equal(containerAt(result, 13, 'app').ready, true);
    assert.equal(at(result, 13).podConditions.find((c) => c.type === 'Ready')?.lastTransitionTime, 13);
    assert.deepEqual(times(result, 'Unhealthy'), [25, 35]);
  });
});

describe('simulator: ephemeral containers', () => {
  const debugPod = {
    initContainers: [container('setup', 'setup:1')],
    containers: [container('app', 'app:1')],
    ephemeralContainers: [container('debugger', 'busybox:1.36', { command: ['sh'] })],
  };

  it('starts an ephemeral container at the next sync, before initialization ends, and never restarts it', () => {
    const result = simulate(debugPod, {
      duration: 60,
      containers: { debugger: { addedAt: 5, exitAfter: 20, exitCode: 1 } },
    });
    // setup: pulled 0–1, runs 1–11. kubectl debug adds debugger at 5; the sync it asks for starts
    // it before the init containers, though setup is still running (computePodActions: "Ephemeral
    // containers may be started even if initialization is not yet complete"): pulled 5–6, started
    // at 6. app: pulled 11–12, started 12. debugger exits 1 at 26 and is never restarted, though
    // the pod's restartPolicy is Always.
    assert.deepEqual(
      result.events
        .filter((event) => event.reason === 'Started')
        .map((event) => `${event.t} ${event.object}`),
      ['1 setup', '6 debugger', '12 app'],
    );
    const before = containerAt(result, 4, 'debugger');
    assert.deepEqual([before.state, before.reason], ['waiting', null]);
    assert.equal(
      before.explanation,
      'Not in the pod yet: kubectl debug adds this ephemeral container at t=5.',
    );
    assert.equal(containerAt(result, 8, 'debugger').state, 'running');
    // It counts in neither kubectl's columns nor the phase: Init:0/1 while setup runs.
    assert.deepEqual(
      [at(result, 8).status, at(result, 8).ready, at(result, 8).phase],
      ['Init:0/1', '0/1', 'Pending'],
    );
    const exited = containerAt(result, 60, 'debugger');
    assert.deepEqual([exited.state, exited.exitCode, exited.restartCount], ['terminated', 1, 0]);
    assert.match(exited.explanation, /Not restarted: the kubelet never restarts an ephemeral container\.$/);
    assert.deepEqual(
      [result.final.phase, result.final.status, result.final.ready, result.final.restarts],
      ['Running', 'Running', '1/1', 0],
    );
    assert.deepEqual(
      result.pod.containers.map(({ name, type }) => `${name} ${type}`),
      ['setup init', 'app app', 'debugger ephemeral'],
    );
  });

  it('is added at once by default, stopped with the pod, and may not have probes', () => {
    const outcome = simulatePod(
      {
        kind: 'Pod',
        name: 'demo',
        podSpec: {
          ...debugPod,
          ephemeralContainers: [
            container('debugger', 'busybox:1.36', { readinessProbe: { exec: { command: ['true'] } } }),
          ],
        },
      },
      { deleteAt: 30, duration: 60 },
    );
    assert.ok(outcome.ok);
    const result = outcome.result;
    // Added at 0: the first sync pulls busybox (0–1) and starts it at 1, before setup (pulled 1–2).
    assert.deepEqual(
      result.events
        .filter((event) => event.reason === 'Started')
        .map((event) => `${event.t} ${event.object}`),
      ['1 debugger', '2 setup', '13 app'],
    );
    // The deletion stops it with the app containers (killPod).
    assert.deepEqual(eventLines(result, ['Killing']), [
      '30 Normal Killing app: Stopping container app',
      '30 Normal Killing debugger: Stopping container debugger',
    ]);
    assert.deepEqual(outcome.result.warnings, [
      'container debugger: an ephemeral container cannot have a readinessProbe; ignored',
    ]);
  });
});
