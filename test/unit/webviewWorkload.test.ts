/**
 * The simulator webview's workload model without a browser: pod lanes grouped by revision, the
 * controller's conditions, the ready endpoints, kubectl's row, hover details, the links from an
 * explanation to its field, and the panel's state when it opens a pod. The results come from the
 * workload host driven by a scripted controller written for the test (the real controllers are
 * tested with their own modules), and from hand-built fixtures.
 */
import * as assert from 'node:assert/strict';
import { isFromWebview, isToWebview, type ToWebview } from '../../client/src/webview/messages';
import {
  applyMessage,
  closePod,
  moveCursor,
  openPod,
  type PanelState,
  restoreState,
  shownPod,
  toWebviewState,
} from '../../client/src/webview/state';
import {
  conditionExplanations,
  conditionLanes,
  endpointSteps,
  podEventField,
  podHover,
  podLane,
  revealable,
  revisionGroups,
  workloadConditionState,
  workloadEventField,
  workloadReasonField,
  workloadStatusRow,
} from '../../client/src/webview/workloadModel';
import { statusRow } from '../../client/src/webview/timelineModel';
import type { WorkloadCondition } from '../../server/src/simulator/types';
import { stalledRollout as rollout } from '../support/workloadFixtures';

describe('webview workload model', () => {
  const result = rollout();

  it('groups one lane per pod by revision, in creation order, each named with its node', () => {
    assert.deepEqual(
      revisionGroups(result).map((group) => [group.revision, group.pods.map((pod) => pod.label)]),
      [
        ['web-a', ['web-a-0 · node-1', 'web-a-1 · node-2']],
        ['web-b', ['web-b-0 · node-3']],
      ],
    );
  });

  it('colours a pod by its phase and readiness from its creation: the new revision never ready', () => {
    const old = podLane(result, 0);
    assert.deepEqual(
      old.segments.map((segment) => [segment.from, segment.to, segment.state, segment.label]),
      [
        [0, 1, 'waiting', 'ContainerCreating (0/1 ready)'],
        [1, 300, 'ready', 'Running (1/1 ready)'],
      ],
    );
    const stalled = podLane(result, 2);
    assert.equal(stalled.createdAt, 60);
    assert.equal(stalled.deletedAt, null);
    assert.deepEqual(
      stalled.segments.map((segment) => [segment.from, segment.to, segment.state, segment.label]),
      [
        [60, 61, 'waiting', 'ContainerCreating (0/1 ready)'],
        [61, 300, 'running', 'Running (0/1 ready)'],
      ],
    );
  });

  it('draws the ready endpoints as steps: two from the first readiness probe, holding while the new pod is not ready', () => {
    assert.deepEqual(endpointSteps(result), [
      { from: 0, to: 1, count: 0 },
      { from: 1, to: 300, count: 2 },
    ]);
  });

  it('has a band per condition, coloured as a person reads it: ProgressDeadlineExceeded is a failure', () => {
    assert.deepEqual(
      conditionLanes(result).map((lane) => [
        lane.type,
        lane.segments.map((segment) => [segment.from, segment.to, segment.state, segment.label]),
      ]),
      [
        [
          'Available',
          [
            [0, 1, 'false', 'Available False (MinimumReplicasUnavailable)'],
            [1, 300, 'ready', 'Available True (MinimumReplicasAvailable)'],
          ],
        ],
        [
          'Progressing',
          [
            [0, 150, 'ready', 'Progressing True (ReplicaSetUpdated)'],
            [150, 300, 'failed', 'Progressing False (ProgressDeadlineExceeded)'],
          ],
        ],
      ],
    );
    const failed = (type: string, status: WorkloadCondition['status']): string =>
      workloadConditionState({ type, status, reason: null, message: null, lastTransitionTime: 0 })[0];
    // A Job's Failed True is bad news, its Complete True good; False of either is only False.
    assert.deepEqual(
      [
        failed('Failed', 'True'),
        failed('Complete', 'True'),
        failed('Failed', 'False'),
        failed('Complete', 'Unknown'),
      ],
      ['failed', 'ready', 'false', 'unknown'],
    );
  });

  it("prints kubectl's row for the workload at the cursor, with the ready endpoints", () => {
    assert.deepEqual(workloadStatusRow(result, 200), {
      columns: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
      cells: ['web', '2/2', '1', '2', '3m20s'],
      endpoints: 2,
    });
    assert.deepEqual(workloadStatusRow(result, 0).cells, ['web', '0/2', '0', '0', '0s']);
  });

  it("gives a workload's pod its own AGE in kubectl's row", () => {
    // Created at 60 s: at 120 s on the workload's clock it is 60 s old.
    assert.deepEqual(statusRow(result.pods[2]!.result, 120, 60).cells, [
      'web-b-0',
      '0/1',
      'Running',
      '0',
      '60s',
      'Running',
    ]);
  });

  it('says what a pod is at a moment on hover', () => {
    assert.equal(
      podHover(result.pods[2]!, 120),
      'web-b-0 on node-3, revision web-b\nat 2m: Running, 0/1 ready, 0 restarts\ncreated 60s',
    );
    assert.equal(podHover(result.pods[2]!, 30), 'web-b-0: created at 60s');
  });

  it('explains the conditions at the cursor, each with the field responsible', () => {
    assert.deepEqual(conditionExplanations(result, 200), [
      { text: 'Available True (MinimumReplicasAvailable) since 0s:', field: undefined },
      {
        text: 'Progressing False (ProgressDeadlineExceeded) since 2m30s: No new pod became available within progressDeadlineSeconds (90).',
        field: 'workload.progressDeadlineSeconds',
      },
    ]);
  });

  it('links an explanation to the field it names, only when the document writes it', () => {
    const stall = result.events.find((event) => event.reason === 'ProgressDeadlineExceeded')!;
    assert.equal(workloadEventField(stall), 'workload.progressDeadlineSeconds');
    assert.equal(workloadReasonField('BackoffLimitExceeded'), 'workload.backoffLimit');
    assert.equal(workloadReasonField('SuccessfulCreate'), undefined);
    assert.equal(workloadReasonField('constructor'), undefined);
    assert.equal(revealable('workload.backoffLimit', ['workload.backoffLimit']), 'workload.backoffLimit');
    assert.equal(revealable('workload.backoffLimit', ['pod.restartPolicy']), undefined);
    // The new pod's readiness failures name its readiness probe.
    const unhealthy = result.pods[2]!.result.events.find((event) => event.reason === 'Unhealthy')!;
    assert.equal(podEventField(unhealthy), 'container.web.readinessProbe');
    assert.equal(
      podEventField({
        t: 0,
        type: 'Normal',
        reason: 'Killing',
        object: 'app',
        message: '',
        snapshot: 0,
        detail: { kind: 'kill', cause: 'liveness', gracePeriod: 30, restart: true },
      }),
      'container.app.livenessProbe',
    );
    assert.equal(
      podEventField({
        t: 0,
        type: 'Normal',
        reason: 'BackOff',
        object: 'app',
        message: '',
        snapshot: 0,
        detail: { kind: 'backOff', container: 'app', restart: 1, delay: 10, retryAt: 10, maxDelay: 300 },
      }),
      'pod.restartPolicy',
    );
    assert.equal(
      podEventField({ t: 0, type: 'Normal', reason: 'Started', object: 'app', message: '', snapshot: 0 }),
      undefined,
    );
  });
});

describe('webview panel state with a workload', () => {
  const result = rollout();
  const source = {
    uri: 'file:///w/web.yaml',
    fileName: 'web.yaml',
    documentIndex: 0,
    kind: 'Deployment',
    name: 'web',
  };
  const message: ToWebview = { type: 'workload', source, scenario: { nodes: 3 }, result };

  it("shows the workload, opens a pod's timeline and goes back, keeping the open pod across a reload", () => {
    const state: PanelState = restoreState(undefined);
    assert.equal(applyMessage(state, message), true);
    assert.equal(state.workload, result);
    assert.equal(shownPod(state), undefined);
    openPod(state, 2);
    assert.equal(shownPod(state), result.pods[2]!.result);
    // Opened with the cursor before the pod exists: the cursor goes to its creation.
    assert.equal(state.cursor, 60);
    assert.deepEqual(restoreState(JSON.parse(JSON.stringify(toWebviewState(state)))).pod, 2);
    // The same document simulated again (an edit): the pod stays open.
    assert.equal(applyMessage(state, message), false);
    assert.equal(state.pod, 2);
    openPod(state, 9);
    assert.equal(state.pod, 2);
    closePod(state);
    assert.equal(shownPod(state), undefined);
  });

  it('a link opens the timeline at its moment, on the pod it names, with its scenario', () => {
    const state: PanelState = restoreState(undefined);
    applyMessage(state, message);
    const focus = { t: 61, pod: 2, label: 'web-b-0 never becomes ready' };
    assert.equal(applyMessage(state, { ...message, scenario: { duration: 300 }, focus }), true);
    assert.deepEqual(
      [state.pod, state.cursor, state.scenario, state.focus],
      [2, 61, { duration: 300 }, focus],
    );
    moveCursor(state, 100);
    assert.equal(state.focus, undefined);
  });

  it('a pod result after a workload closes the workload', () => {
    const state: PanelState = restoreState(undefined);
    applyMessage(state, message);
    openPod(state, 1);
    applyMessage(state, { type: 'simulation', source, scenario: {}, result: result.pods[0]!.result });
    assert.deepEqual(
      [state.workload, state.pod, shownPod(state)],
      [undefined, undefined, result.pods[0]!.result],
    );
  });

  it('checks what it receives: a workload message, a focus, the fields; and what it sends', () => {
    assert.equal(
      isToWebview(
        JSON.parse(
          JSON.stringify({
            ...message,
            source: { ...source, fields: ['workload.replicas'] },
            focus: { t: 3, label: 'x', pod: 1 },
          }),
        ),
      ),
      true,
    );
    assert.equal(isToWebview({ ...message, result: { ...result, pods: [{ name: 'x' }] } }), false);
    assert.equal(isToWebview({ ...message, focus: { t: '3', label: 'x' } }), false);
    assert.equal(isToWebview({ ...message, source: { ...source, fields: [3] } }), false);
    assert.equal(isFromWebview({ type: 'revealField', key: 'workload.backoffLimit' }), true);
    assert.equal(isFromWebview({ type: 'revealField', key: 7 }), false);
  });
});
