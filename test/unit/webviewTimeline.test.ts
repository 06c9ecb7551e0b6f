/**
 * The simulator webview's model without a browser: the timeline as data (lanes, segments, the
 * status row, the axis, explanations) and the panel's state. The views are checked in Chromium
 * (test/webview).
 */
import * as assert from 'node:assert/strict';
import type { ToWebview } from '../../client/src/webview/messages';
import {
  applyMessage,
  moveCursor,
  restoreState,
  selectEvent,
  toWebviewState,
} from '../../client/src/webview/state';
import {
  axisTicks,
  containerState,
  explainEvent,
  formatTime,
  segments,
  snapshotAt,
  statusRow,
  timelineLanes,
} from '../../client/src/webview/timelineModel';
import { maxBackOffSeconds } from '../../server/src/simulator/backOff';
import { formatAge } from '../../server/src/simulator/renderText';
import { simulatePod } from '../../server/src/simulator/simulator';
import type { ContainerSnapshot, Scenario, SimulationResult } from '../../server/src/simulator/types';

const podSpec = {
  restartPolicy: 'Always',
  initContainers: [{ name: 'init-db', image: 'busybox:1.37' }],
  containers: [{ name: 'web', image: 'nginx:1.27' }],
};

function simulate(scenario: Scenario = {}): SimulationResult {
  const outcome = simulatePod({ kind: 'Pod', name: 'web', podSpec }, scenario);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.error);
  return outcome.result;
}

describe('webview timeline model', () => {
  it('has a lane for the phase, each condition and each container, in that order', () => {
    const lanes = timelineLanes(simulate());
    assert.deepEqual(
      lanes.map((lane) => [lane.label, lane.kind, lane.container]),
      [
        ['Phase', 'band', undefined],
        ['PodScheduled', 'band', undefined],
        ['PodReadyToStartContainers', 'band', undefined],
        ['Initialized', 'band', undefined],
        ['ContainersReady', 'band', undefined],
        ['Ready', 'band', undefined],
        ['init-db (init)', 'container', 'init-db'],
        ['web (app)', 'container', 'web'],
      ],
    );
    const phase = lanes[0]!.segments;
    assert.deepEqual(
      phase.map((segment) => [segment.state, segment.label]),
      [
        ['waiting', 'Pending'],
        ['ready', 'Running'],
      ],
    );
    // The segments tile the run, without gaps.
    for (const lane of lanes.slice(0, 5)) {
      assert.equal(lane.segments[0]!.from, 0, lane.label);
      assert.equal(lane.segments[lane.segments.length - 1]!.to, 600, lane.label);
      lane.segments
        .slice(1)
        .forEach((segment, index) => assert.equal(segment.from, lane.segments[index]!.to));
    }
  });

  it('marks each restart of a crashing container and colours its back-off', () => {
    const result = simulate({ duration: 300, containers: { web: { exitAfter: 5, exitCode: 1 } } });
    const web = timelineLanes(result).find((lane) => lane.container === 'web')!;
    assert.ok(web.restarts.length >= 3, JSON.stringify(web.restarts));
    assert.ok(web.segments.some((segment) => segment.state === 'backoff'));
    assert.ok(web.segments.some((segment) => segment.label === 'Terminated: Error (exit 1)'));
    const row = statusRow(result, 300);
    assert.equal(row.cells[2], 'CrashLoopBackOff');
    assert.equal(row.statusState, 'failed');
    assert.match(row.cells[3], /^\d+ \(\d+s ago\)$/);
  });

  it('merges equal neighbours into one segment', () => {
    const result = simulate({ duration: 120 });
    const always = segments(
      result,
      () => 'same',
      () => ['ready', 'x'],
    );
    assert.deepEqual(always, [{ from: 0, to: 120, state: 'ready', label: 'x' }]);
  });

  it('shows kubectl’s row at a time, with ages as the CLI prints them', () => {
    const result = simulate({ duration: 120 });
    assert.deepEqual(statusRow(result, 0).cells, ['web', '0/1', 'Init:0/1', '0', '0s', 'Pending']);
    assert.deepEqual(statusRow(result, 120).cells, ['web', '1/1', 'Running', '0', '2m', 'Running']);
    assert.equal(snapshotAt(result, 120), result.snapshots[result.snapshots.length - 1]);
    assert.equal(formatTime, formatAge);
    assert.deepEqual([0, 90, 120, 3725].map(formatTime), ['0s', '90s', '2m', '1h2m5s']);
  });

  it('names container states as the kubelet does', () => {
    const base: ContainerSnapshot = {
      name: 'web',
      type: 'app',
      state: 'waiting',
      reason: null,
      exitCode: null,
      restartCount: 0,
      started: false,
      ready: false,
      lastState: null,
      explanation: '',
    };
    assert.deepEqual(containerState(base), ['waiting', 'Waiting: Waiting']);
    assert.deepEqual(containerState({ ...base, reason: 'ImagePullBackOff' }), [
      'pull-error',
      'Waiting: ImagePullBackOff',
    ]);
    assert.deepEqual(containerState({ ...base, state: 'running', started: true }), [
      'running',
      'Running, not ready',
    ]);
    assert.deepEqual(containerState({ ...base, state: 'terminated', exitCode: 137, reason: 'OOMKilled' }), [
      'failed',
      'Terminated: OOMKilled (exit 137)',
    ]);
  });

  it('spaces the axis at round steps', () => {
    assert.deepEqual(axisTicks(600), [0, 120, 240, 360, 480, 600]);
    assert.deepEqual(axisTicks(10), [0, 2, 4, 6, 8, 10]);
  });

  it('explains a back-off with the kubelet’s limits', () => {
    const result = simulate({ containers: { web: { exitAfter: 5, exitCode: 1 } } });
    const backOff = result.events.find((event) => event.detail?.kind === 'backOff')!;
    const text = explainEvent(backOff);
    assert.match(
      text,
      /^Back-off 10 s before restart \d+: the delay doubles after each failed restart \(10 s, 20 s, 40 s, …\)/,
    );
    assert.ok(
      text.includes(`capped at ${maxBackOffSeconds} s, and resets after 10 minutes of running. Next try at`),
    );
    const started = result.events.find((event) => event.reason === 'Started')!;
    assert.equal(explainEvent(started), started.explanation ?? started.message);
  });
});

describe('webview panel state', () => {
  const source = { uri: 'file:///p.yaml', fileName: 'p.yaml', documentIndex: 0, kind: 'Pod', name: 'web' };

  it('restores only a well-formed saved state', () => {
    assert.deepEqual(restoreState({ scenario: { duration: 60 }, cursor: 30 }), {
      scenario: { duration: 60 },
      cursor: 30,
    });
    assert.deepEqual(restoreState({ cursor: 'x' }), { scenario: {}, cursor: 0 });
  });

  it('keeps the typed scenario for the same document, takes the new one for another', () => {
    const state = restoreState(undefined);
    const result = simulate({ duration: 120 });
    const message = (documentIndex: number, scenario: Scenario): ToWebview => ({
      type: 'simulation',
      source: { ...source, documentIndex },
      scenario,
      result,
    });
    assert.equal(applyMessage(state, message(0, { duration: 120 })), true);
    state.scenario = { duration: 300 };
    state.cursor = 500;
    assert.equal(applyMessage(state, message(0, { duration: 120 })), false);
    assert.deepEqual(state.scenario, { duration: 300 });
    assert.equal(applyMessage(state, message(1, { deleteAt: 5 })), true);
    assert.deepEqual(state.scenario, { deleteAt: 5 });
    assert.equal(state.cursor, 0, 'a cursor past the end starts over');
    assert.equal(applyMessage(state, { type: 'error', message: 'no pod', scenario: {} }), false);
    assert.equal(state.error, 'no pod');
    assert.deepEqual(toWebviewState(state), {
      uri: source.uri,
      documentIndex: 1,
      scenario: { deleteAt: 5 },
      cursor: 0,
    });
  });

  it('selects an event at its time; moving the cursor unselects it', () => {
    const state = restoreState(undefined);
    selectEvent(state, 3, 42);
    assert.deepEqual([state.cursor, state.selectedEvent], [42, 3]);
    moveCursor(state, 10);
    assert.deepEqual([state.cursor, state.selectedEvent], [10, undefined]);
  });
});
