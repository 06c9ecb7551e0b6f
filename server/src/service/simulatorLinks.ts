/**
 * "Show in simulator": a finding that predicts a behaviour links to the moment it happens. The
 * link is a code action that runs the simulator panel's command with a scenario that makes the
 * prediction come true and the time it does — both computed now, against the current text, by
 * simulating the document with that scenario (the pod alone, or the workload's controller).
 *
 * - slow-start-without-startup-probe predicts a restart loop for an app slower to start than the
 *   liveness probe allows: the app takes initialDelaySeconds + failureThreshold × periodSeconds to
 *   answer, and the link opens at the liveness kill (the kubelet's prober:
 *   pkg/kubelet/prober/worker.go doProbe counts failureThreshold failures; kuberuntime's
 *   computePodActions kills and restarts the container).
 * - prestop-exceeds-grace predicts a container killed in the middle of its preStop hook: the pod
 *   is deleted, the hook runs as long as it sleeps, and the link opens when the grace period runs
 *   out (pkg/kubelet/kuberuntime/kuberuntime_container.go killContainer: the hook's time comes out
 *   of the grace period, then the container gets what is left, at least
 *   minimumGracePeriodInSeconds).
 *
 * A link is offered only when the simulation shows the moment; never to a client without the
 * simulator panel (clientFeatures.ts drops it).
 */
import type { CodeAction, CodeActionContext, Diagnostic } from 'vscode-languageserver-types';
import { diagnosticSource } from '../common/diagnosticCodes';
import { listOf, numberOf, objectOf } from '../common/guards';
import { podViewOf, type PodContainer } from '../kubernetes/podView';
import {
  type SimulateCommandOptions,
  simulateCommand,
  type SimulatorFocus,
} from '../protocol/customMessages';
import { commandSleepSeconds } from '../rules/prestopExceedsGrace';
import type { Scenario, SimulationResult } from '../simulator/types';
import { maxDurationSeconds } from '../simulator/scenarioSchema';
import { rangeOf } from '../yaml/astPath';
import type { ManifestDocument, ManifestFile } from '../yaml/manifestFile';
import { currentDiagnostic } from './codeActions';
import { doSimulate } from './simulate';

/** The rules whose findings link to the simulator. */
export const simulatorLinkRules: readonly string[] = [
  'slow-start-without-startup-probe',
  'prestop-exceeds-grace',
];

/** What a link asks of the simulator: a scenario, and how to find the moment in a pod's timeline. */
interface Prediction {
  scenario: Scenario;
  /** The moment in one pod's timeline, with what happens then; undefined when it does not happen. */
  moment(pod: SimulationResult): { t: number; label: string } | undefined;
}

/** "Show in simulator" links for the client's diagnostics that predict a behaviour. */
export function findSimulatorLinks(
  uri: string,
  file: ManifestFile,
  context: CodeActionContext,
  current: readonly Diagnostic[],
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const requested of context.diagnostics) {
    if (
      requested.source !== diagnosticSource ||
      typeof requested.code !== 'string' ||
      !simulatorLinkRules.includes(requested.code)
    ) {
      continue;
    }
    const diagnostic = currentDiagnostic(requested, current);
    const document = diagnostic ? file.documentAtLine(diagnostic.range.start.line) : undefined;
    if (!diagnostic || !document) {
      continue;
    }
    const container = containerAt(document, diagnostic);
    const prediction = container && predict(String(diagnostic.code), document, container);
    const focus = prediction && findMoment(file, document, prediction);
    if (!prediction || !focus) {
      continue;
    }
    const options: SimulateCommandOptions = { scenario: prediction.scenario, focus };
    actions.push({
      title: `Show in simulator: ${focus.label}`,
      kind: 'quickfix',
      diagnostics: [requested],
      command: {
        title: 'Show in simulator',
        command: simulateCommand,
        arguments: [uri, document.index, options],
      },
    });
  }
  return actions;
}

/** The container whose mapping holds the diagnostic. */
function containerAt(document: ManifestDocument, diagnostic: Diagnostic): PodContainer | undefined {
  const offset = document.offsetAt(diagnostic.range.start);
  return podViewOf(document)?.containers.find((container) => {
    const range = rangeOf(container.node);
    return range !== undefined && range[0] <= offset && offset < range[1];
  });
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && value > 0 ? value : fallback;
}

function predict(code: string, document: ManifestDocument, container: PodContainer): Prediction | undefined {
  const name = container.name;
  if (name === undefined) {
    return undefined;
  }
  if (code === 'slow-start-without-startup-probe') {
    const liveness = objectOf(container.data.livenessProbe);
    const delay = numberOf(liveness?.initialDelaySeconds);
    if (!liveness || delay === undefined) {
      return undefined;
    }
    // The API server's defaults (pkg/apis/core/v1/defaults.go SetDefaults_Probe): period 10, threshold 3.
    const budget =
      delay +
      positive(numberOf(liveness.failureThreshold), 3) * positive(numberOf(liveness.periodSeconds), 10);
    return {
      scenario: {
        duration: Math.min(maxDurationSeconds, Math.max(600, budget + 300)),
        containers: { [name]: { startSeconds: budget } },
      },
      moment: (pod) => {
        const kill = pod.events.find(
          (event) =>
            event.object === name && event.detail?.kind === 'kill' && event.detail.cause === 'liveness',
        );
        return (
          kill && {
            t: kill.t,
            label: `${name}'s liveness probe kills it at ${kill.t}s when the app takes ${budget}s to start, and the kubelet restarts it`,
          }
        );
      },
    };
  }
  if (code === 'prestop-exceeds-grace') {
    const preStop = objectOf(objectOf(container.data.lifecycle)?.preStop);
    const command = listOf(objectOf(preStop?.exec)?.command);
    const sleep =
      numberOf(objectOf(preStop?.sleep)?.seconds) ??
      (command.every((part) => typeof part === 'string') ? commandSleepSeconds(command) : undefined);
    const pod = podViewOf(document);
    if (sleep === undefined || !pod) {
      return undefined;
    }
    const grace = pod.terminationGracePeriodSeconds;
    // A sleep for ever runs until the kill: a minute past the grace period shows it.
    const seconds = Number.isFinite(sleep) ? sleep : grace + 60;
    const deleteAt = 30;
    return {
      scenario: {
        duration: Math.min(maxDurationSeconds, deleteAt + seconds + 60),
        deleteAt,
        containers: { [name]: { preStop: { seconds } } },
      },
      moment: (result) => {
        const kill = result.events.find(
          (event) =>
            event.object === name && event.detail?.kind === 'kill' && event.detail.cause === 'deletion',
        );
        const stopped = kill
          ? result.snapshots.find(
              (snapshot) =>
                snapshot.t > kill.t &&
                snapshot.containers.some(
                  (candidate) => candidate.name === name && candidate.state === 'terminated',
                ),
            )
          : undefined;
        return (
          stopped && {
            t: stopped.t,
            label: `${name} is killed at ${stopped.t}s, ${stopped.t - kill!.t}s into its ${Number.isFinite(sleep) ? `${sleep}s` : 'endless'} preStop hook (terminationGracePeriodSeconds ${grace})`,
          }
        );
      },
    };
  }
  return undefined;
}

/** Simulates the document with the prediction's scenario and finds its moment, in the first pod that shows it. */
function findMoment(
  file: ManifestFile,
  document: ManifestDocument,
  prediction: Prediction,
): SimulatorFocus | undefined {
  const outcome = doSimulate(file, { documentIndex: document.index }, prediction.scenario);
  if (!outcome.ok) {
    return undefined;
  }
  if (outcome.level === 'pod') {
    return prediction.moment(outcome.result);
  }
  for (const [index, pod] of outcome.result.pods.entries()) {
    const moment = prediction.moment(pod.result);
    if (moment) {
      return { ...moment, pod: index, label: `${pod.name}: ${moment.label}` };
    }
  }
  return undefined;
}
