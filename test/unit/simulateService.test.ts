import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import {
  adaptCodeActions,
  clientFeatures,
  fullClientFeatures,
} from '../../server/src/service/clientFeatures';
import type { SimulateCommandOptions } from '../../server/src/protocol/customMessages';
import { simulateCommand } from '../../server/src/protocol/customMessages';
import type { WorkloadSnapshot } from '../../server/src/simulator/types';
import {
  type HostedPod,
  isReadyEndpoint,
  type WorkloadController,
  type WorkloadHost,
} from '../../server/src/simulator/workloadHost';
import { type ControllerFactory, workloadControllers } from '../../server/src/simulator/workloadSimulator';
import { firstSimulatedPod, testService, textAt, yamlDocument } from '../support/service';

const file = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      initContainers:
        - name: migrate
          image: migrate:1
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: job
              image: busybox:1.37
`;

describe('simulation in the language service', () => {
  it('offers a "▶ Simulate" lens above every document with a pod, and none elsewhere', () => {
    const document = yamlDocument(file);
    const lenses = testService().findCodeLenses(document);
    const lines = file.split('\n');
    assert.deepEqual(
      lenses.map((lens) => [lens.command?.title, lines[lens.range.start.line], lens.command?.arguments]),
      [
        ['▶ Simulate', 'apiVersion: apps/v1', [document.uri, 1]],
        ['▶ Simulate', 'apiVersion: batch/v1', [document.uri, 2]],
      ],
    );
  });

  it('simulates the pod template of the document at the cursor, and says where its containers are', () => {
    const document = yamlDocument(file);
    const response = testService().doSimulate(
      document,
      { position: { line: 20, character: 10 } },
      { duration: 60 },
    );
    assert.ok(response.ok);
    assert.deepEqual(
      { index: response.document.index, kind: response.document.kind, name: response.document.name },
      { index: 1, kind: 'Deployment', name: 'web' },
    );
    // The Deployment's pod, alone or as its controller's first pod (once it has one).
    const pod = firstSimulatedPod(response);
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(response.document.containers).map(([name, range]) => [name, textAt(file, range)]),
      ),
      { migrate: 'migrate', web: 'web' },
    );
    assert.deepEqual(
      pod.pod.containers.map((container) => `${container.name}:${container.type}`),
      ['migrate:init', 'web:app'],
    );
    assert.equal(pod.final.status, 'Running');
  });

  it('follows a document by its index, and uses the scenario', () => {
    // A CronJob's first run may fall outside the simulated time once it has its controller:
    // what holds at both levels is the document followed and the scenario's duration.
    const response = testService().doSimulate(yamlDocument(file), { documentIndex: 2 }, { duration: 120 });
    assert.ok(response.ok);
    assert.equal(response.document.kind, 'CronJob');
    assert.equal(response.document.name, 'nightly');
    assert.equal(response.result.duration, 120);
  });

  it('explains why a document cannot be simulated', () => {
    assert.deepEqual(testService().doSimulate(yamlDocument(file), { documentIndex: 0 }, {}), {
      ok: false,
      error:
        'ConfigMap has no pod to simulate: open a Pod, or a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or ReplicationController.',
    });
    assert.deepEqual(testService().doSimulate(yamlDocument('services: {}\n'), { documentIndex: 0 }, {}), {
      ok: false,
      error: 'This document is not a Kubernetes manifest (it needs apiVersion and kind).',
    });
    assert.deepEqual(testService().doSimulate(yamlDocument(file), { documentIndex: 9 }, {}), {
      ok: false,
      error: 'There is no YAML document here.',
    });
  });
});

/**
 * A controller written for these tests (the real ones live in their own modules): it keeps
 * `spec.replicas` pods of the template, as a ReplicaSet does, and reports READY and an Available
 * condition. Registered for ReplicaSet while the tests run; whatever was registered is put back.
 */
class KeepReplicas implements WorkloadController {
  private created = 0;
  constructor(
    private readonly replicas: number,
    private readonly context: Parameters<ControllerFactory>[0],
  ) {}
  start(host: WorkloadHost): void {
    this.sync(host);
  }
  podChanged(host: WorkloadHost, _pod: HostedPod): void {
    host.schedule(host.now, () => this.sync(host));
  }
  status(host: WorkloadHost): Omit<WorkloadSnapshot, 't' | 'endpoints'> {
    const ready = host.livePods().filter(isReadyEndpoint).length;
    return {
      status: { replicas: host.livePods().length, readyReplicas: ready },
      columns: { DESIRED: String(this.replicas), READY: String(ready) },
      conditions: [
        {
          type: 'Available',
          status: ready === this.replicas ? 'True' : 'False',
          reason: ready === this.replicas ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
          message: null,
          lastTransitionTime: 0,
        },
      ],
    };
  }
  private sync(host: WorkloadHost): void {
    const live = host.livePods().filter((pod) => !pod.state.deleting);
    for (let n = live.length; n < this.replicas; n++) {
      const pod = host.createPod({
        name: `${this.context.input.name}-${this.created++}`,
        template: this.context.template,
        ...(this.context.scenario.containers ? { containers: this.context.scenario.containers } : {}),
        revision: `${this.context.input.name}-1`,
      });
      host.emit(
        'Normal',
        'SuccessfulCreate',
        `replicaset/${this.context.input.name}`,
        `Created pod: ${pod.name}`,
        undefined,
        pod,
      );
    }
  }
}

function withTestController(): void {
  let previous: ControllerFactory | undefined;
  before(() => {
    previous = workloadControllers.ReplicaSet;
    workloadControllers.ReplicaSet = (context) => {
      const replicas = (context.input.spec as { replicas?: unknown } | undefined)?.replicas;
      return new KeepReplicas(typeof replicas === 'number' ? replicas : 1, context);
    };
  });
  after(() => {
    if (previous) {
      workloadControllers.ReplicaSet = previous;
    } else {
      delete workloadControllers.ReplicaSet;
    }
  });
}

const replicaSet = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  progressDeadlineSeconds: 90
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      restartPolicy: Always
      containers:
        - name: web
          image: nginx:1.27
          readinessProbe:
            httpGet: { path: /, port: 80 }
            periodSeconds: 5
          livenessProbe:
            httpGet: { path: /healthz, port: 80 }
            initialDelaySeconds: 90
`;

describe('simulation of a workload in the language service', () => {
  withTestController();

  it('runs the kind\'s controller when the simulator has one, and says so with level "workload"', () => {
    const response = testService().doSimulate(
      yamlDocument(replicaSet),
      { documentIndex: 0 },
      { duration: 60, nodes: 2 },
    );
    assert.ok(response.ok);
    assert.equal(response.level, 'workload');
    assert.ok(response.level === 'workload');
    const { result } = response;
    assert.deepEqual(result.workload, { kind: 'ReplicaSet', name: 'web', namespace: 'shop' });
    assert.deepEqual(
      result.pods.map((pod) => `${pod.name}@${pod.node} ${pod.revision}`),
      ['web-0@node-1 web-1', 'web-1@node-2 web-1'],
    );
    assert.deepEqual(
      result.nodes.map((node) => node.name),
      ['node-1', 'node-2'],
    );
    assert.deepEqual(result.final.columns, { DESIRED: '2', READY: '2' });
    assert.deepEqual(result.final.endpoints, ['web-0', 'web-1']);
    assert.deepEqual(
      result.events.map((event) => `${event.t} ${event.reason} ${event.message}`),
      ['0 SuccessfulCreate Created pod: web-0', '0 SuccessfulCreate Created pod: web-1'],
    );
  });

  it('without a controller for the kind, simulates the template\'s pod (level "pod")', () => {
    const response = testService().doSimulate(
      yamlDocument(replicaSet.replace('kind: ReplicaSet', 'kind: ReplicationController')),
      { documentIndex: 0 },
      { duration: 60 },
    );
    assert.ok(response.ok && response.level === 'pod');
    assert.equal(response.result.pod.kind, 'ReplicationController');
  });

  it("says where the fields that explanations name are written: probes, policies, the workload's limits", () => {
    const response = testService().doSimulate(
      yamlDocument(replicaSet),
      { documentIndex: 0 },
      { duration: 10 },
    );
    assert.ok(response.ok);
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(response.document.fields).map(([key, range]) => [key, textAt(replicaSet, range)]),
      ),
      {
        'pod.restartPolicy': 'restartPolicy',
        'container.web.livenessProbe': 'livenessProbe',
        'container.web.readinessProbe': 'readinessProbe',
        'container.web.image': 'image',
        'workload.replicas': 'replicas',
        'workload.progressDeadlineSeconds': 'progressDeadlineSeconds',
      },
    );
    const lines = replicaSet.split('\n');
    assert.equal(
      lines[response.document.fields['workload.progressDeadlineSeconds']!.start.line],
      '  progressDeadlineSeconds: 90',
    );
  });

  it('prints the workload for clients without the panel: its status, events and pods', () => {
    const timeline = testService().doSimulateTimeline(yamlDocument(replicaSet), 0);
    assert.ok(timeline.ok);
    assert.equal(timeline.title, 'ReplicaSet web');
    const lines = timeline.text.split('\n');
    // The same text as `podscope simulate` prints for the workload (renderWorkloadText.ts).
    assert.equal(lines[0], 'ReplicaSet shop/web on 3 nodes (node-1 … node-3), simulated for 10m');
    // The controller's first sync creates the pods, then the status is recorded.
    assert.deepEqual(lines.slice(2, 9), [
      'T    DESIRED   READY   ENDPOINTS',
      '  | 0s  Normal  SuccessfulCreate  replicaset/web  Created pod: web-0',
      '  | 0s  Normal  SuccessfulCreate  replicaset/web  Created pod: web-1',
      '0s   2         0       0',
      '  ~ Available  False  MinimumReplicasUnavailable',
      '1s   2         2       2',
      '  ~ Available  True   MinimumReplicasAvailable',
    ]);
    assert.ok(
      lines.includes('web-0   node-1   web-1      0s        1s         Running   Running   0          -'),
      timeline.text,
    );
  });
});

const slowStart = `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: registry.example/api:2.1
      livenessProbe:
        httpGet: { path: /healthz, port: 8080 }
        initialDelaySeconds: 90
        periodSeconds: 10
`;

const longPreStop = `apiVersion: v1
kind: Pod
metadata:
  name: drain
spec:
  terminationGracePeriodSeconds: 20
  containers:
    - name: app
      image: registry.example/app:1.0
      lifecycle:
        preStop:
          exec:
            command: ["sleep", "45"]
`;

function linksOf(text: string, code: string): { actions: CodeAction[]; diagnostic: Diagnostic } {
  const document = yamlDocument(text);
  const diagnostic = testService()
    .doValidation(document)
    .find((candidate) => candidate.code === code);
  assert.ok(diagnostic, `no ${code} finding`);
  const actions = testService()
    .doCodeActions(document, { diagnostics: [diagnostic] })
    .filter((action) => action.command?.command === simulateCommand);
  return { actions, diagnostic };
}

describe('"Show in simulator" links from findings', () => {
  it('slow-start-without-startup-probe opens the timeline at the liveness kill it predicts, with the scenario that makes it', () => {
    const { actions } = linksOf(slowStart, 'slow-start-without-startup-probe');
    assert.equal(actions.length, 1);
    const [uri, index, options] = actions[0]!.command!.arguments as [string, number, SimulateCommandOptions];
    assert.equal(typeof uri, 'string');
    assert.equal(index, 0);
    // The app answers after initialDelaySeconds + failureThreshold × periodSeconds = 90 + 3 × 10.
    assert.deepEqual(options.scenario, { duration: 600, containers: { api: { startSeconds: 120 } } });
    // Pulled and started at 1 s; liveness fails at 91, 101, 111: the third failure kills it.
    assert.equal(options.focus.t, 111);
    assert.equal(options.focus.pod, undefined);
    assert.equal(
      actions[0]!.title,
      "Show in simulator: api's liveness probe kills it at 111s when the app takes 120s to start, and the kubelet restarts it",
    );
    // The moment is the one the simulator shows with that scenario.
    const simulated = testService().doSimulate(
      yamlDocument(slowStart),
      { documentIndex: 0 },
      options.scenario,
    );
    const pod = firstSimulatedPod(simulated);
    const kill = pod.events.find((event) => event.reason === 'Killing');
    assert.equal(kill?.t, 111);
    assert.equal(pod.final.containers[0]!.restartCount > 0, true);
  });

  it('is computed against the current text: a longer initial delay moves the moment', () => {
    const { actions } = linksOf(
      slowStart.replace('initialDelaySeconds: 90', 'initialDelaySeconds: 200'),
      'slow-start-without-startup-probe',
    );
    const options = actions[0]!.command!.arguments![2] as SimulateCommandOptions;
    assert.deepEqual(options.scenario.containers, { api: { startSeconds: 230 } });
    assert.equal(options.focus.t, 221);
  });

  it('prestop-exceeds-grace opens the timeline when the grace period runs out in the middle of the hook', () => {
    const { actions } = linksOf(longPreStop, 'prestop-exceeds-grace');
    assert.equal(actions.length, 1);
    const options = actions[0]!.command!.arguments![2] as SimulateCommandOptions;
    assert.deepEqual(options.scenario, {
      duration: 135,
      deleteAt: 30,
      containers: { app: { preStop: { seconds: 45 } } },
    });
    // Deleted at 30 with 20 s of grace, all taken by the hook: killed at 50 (kuberuntime killContainer).
    assert.equal(options.focus.t, 50);
    assert.equal(
      options.focus.label,
      'app is killed at 50s, 20s into its 45s preStop hook (terminationGracePeriodSeconds 20)',
    );
  });

  it('in a workload, names the pod whose timeline shows the moment', function () {
    const previous = workloadControllers.ReplicaSet;
    workloadControllers.ReplicaSet = (context) => new KeepReplicas(2, context);
    try {
      const { actions } = linksOf(replicaSet, 'slow-start-without-startup-probe');
      const options = actions[0]!.command!.arguments![2] as SimulateCommandOptions;
      assert.equal(options.focus.pod, 0);
      assert.equal(options.focus.t, 111);
      assert.match(options.focus.label, /^web-0: web's liveness probe kills it at 111s/);
    } finally {
      if (previous) {
        workloadControllers.ReplicaSet = previous;
      } else {
        delete workloadControllers.ReplicaSet;
      }
    }
  });

  it('offers no link for a finding the simulation cannot show, nor to a client without the panel', () => {
    // An exec probe's sleep is not known: no prestop finding, no link. A rule that predicts nothing: no link.
    const { actions: none } = linksOf(
      slowStart.replace('image: registry.example/api:2.1', 'image: nginx'),
      'image-latest-tag',
    );
    assert.deepEqual(none, []);
    const { actions } = linksOf(slowStart, 'slow-start-without-startup-probe');
    assert.equal(adaptCodeActions(actions, fullClientFeatures).length, 1);
    assert.deepEqual(adaptCodeActions(actions, clientFeatures({})), []);
  });
});
