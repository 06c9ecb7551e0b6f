/**
 * The simulator in the language service: finds the pod of a document (a Pod, or the pod template
 * of any workload), runs the engine — the workload's controller driving its pods when the
 * simulator has one for the kind, else the template's single pod — and offers a "▶ Simulate" code
 * lens above each such document.
 */
import { isMap, type Node } from 'yaml';
import type { CodeLens, Range } from 'vscode-languageserver-types';
import { isJsonObject, valueAt } from '../common/guards';
import type { PathSegment } from '../common/paths';
import { sourceFieldKey } from '../common/sourceFields';
import { containersInStartOrder, podViewOf, type PodView } from '../kubernetes/podView';
import { podSpecPath, podTemplateMetadataPath } from '../kubernetes/workloads';
import {
  type SimulatedDocument,
  type SimulateResult,
  simulateCommand,
  type SimulationTarget,
} from '../protocol/customMessages';
import { renderTimeline } from '../simulator/renderText';
import { renderWorkloadTimeline } from '../simulator/renderWorkloadText';
import { simulatePod } from '../simulator/simulator';
import type { Scenario } from '../simulator/types';
import { hasWorkloadController, simulateWorkload, type WorkloadInput } from '../simulator/workloadSimulator';
import { pairAtPath, rangeOf } from '../yaml/astPath';
import type { ManifestDocument, ManifestFile } from '../yaml/manifestFile';

function isPodDocument(document: ManifestDocument): boolean {
  const { isKubernetes, kind } = document.identity;
  return isKubernetes && kind !== undefined && podSpecPath(kind) !== undefined;
}

function findTarget(file: ManifestFile, target: SimulationTarget): ManifestDocument | undefined {
  if ('documentIndex' in target) {
    return file.documents[target.documentIndex];
  }
  return file.documentAtLine(target.position.line);
}

function documentRange(document: ManifestDocument): Range {
  const [start, end] = document.span;
  return document.rangeOf(start, end);
}

/**
 * Where each container's name is written, for revealing it in the editor: the init containers
 * (and sidecars), then the app containers, then the ephemeral ones, which the simulator adds to
 * the running pod when the scenario says (KEP-277).
 */
function containerRanges(document: ManifestDocument, pod: PodView | undefined): Record<string, Range> {
  const ranges: Record<string, Range> = {};
  for (const { nameNode } of pod ? containersInStartOrder(pod) : []) {
    const range = rangeOf(nameNode);
    if (typeof nameNode?.value === 'string' && range) {
      ranges[nameNode.value] = document.rangeOf(range[0], range[1]);
    }
  }
  return ranges;
}

/** The pod's own fields that explanations name (the kubelet's restart, grace and deadline). */
const podFields = ['restartPolicy', 'terminationGracePeriodSeconds', 'activeDeadlineSeconds'] as const;

/** A container's fields that explanations name: its probes, hooks and image. */
const containerFields: readonly (readonly string[])[] = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
  ['image'],
];

/**
 * The workload's fields that a controller's explanations name: the Job's limits and policies, the
 * rollout's strategy and deadlines, the StatefulSet's and DaemonSet's update strategy, the
 * CronJob's schedule and policies. Only those written in the document get a range.
 */
const workloadFields = [
  'replicas',
  'completions',
  'parallelism',
  'completionMode',
  'backoffLimit',
  'backoffLimitPerIndex',
  'maxFailedIndexes',
  'podFailurePolicy',
  'successPolicy',
  'activeDeadlineSeconds',
  'ttlSecondsAfterFinished',
  'strategy',
  'minReadySeconds',
  'progressDeadlineSeconds',
  'revisionHistoryLimit',
  'updateStrategy',
  'podManagementPolicy',
  'schedule',
  'timeZone',
  'concurrencyPolicy',
  'startingDeadlineSeconds',
  'successfulJobsHistoryLimit',
  'failedJobsHistoryLimit',
] as const;

/**
 * Where the fields that the timeline's explanations name are written (each key's range), so
 * that the panel can reveal the line responsible: the probe that killed, the limit that failed
 * the Job. Keys are `sourceFieldKey`s; a field that is not written has none.
 */
function fieldRanges(document: ManifestDocument, pod: PodView | undefined): Record<string, Range> {
  const ranges: Record<string, Range> = {};
  const put = (key: string, path: readonly PathSegment[]): void => {
    const range = rangeOf(pairAtPath(document.yaml, path)?.key as Node | undefined);
    if (range) {
      ranges[key] = document.rangeOf(range[0], range[1]);
    }
  };
  if (!pod) {
    return ranges;
  }
  for (const field of podFields) {
    put(sourceFieldKey('pod', field), [...pod.path, field]);
  }
  for (const container of containersInStartOrder(pod)) {
    if (container.name === undefined) {
      continue;
    }
    for (const field of containerFields) {
      put(sourceFieldKey({ container: container.name }, field.join('.')), [...container.path, ...field]);
    }
  }
  if (pod.kind !== 'Pod') {
    for (const field of workloadFields) {
      put(sourceFieldKey('workload', field), ['spec', field]);
    }
  }
  return ranges;
}

function stringRecord(value: unknown): Record<string, string> {
  return isJsonObject(value)
    ? Object.fromEntries(
        Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      )
    : {};
}

/**
 * A workload document as the workload simulator reads it: its spec as written, the pod template's
 * spec, and the labels its pods get (the template's, over the object's own for bookkeeping).
 */
export function workloadInputOf(document: ManifestDocument, kind: string, name: string): WorkloadInput {
  const root = document.toJS();
  const namespace = valueAt(root, ['metadata', 'namespace']);
  const templateMetadata = podTemplateMetadataPath(kind);
  return {
    kind,
    name,
    ...(typeof namespace === 'string' && namespace !== '' ? { namespace } : {}),
    podSpec: podViewOf(document)?.spec,
    spec: valueAt(root, ['spec']),
    templateLabels: {
      ...stringRecord(valueAt(root, ['metadata', 'labels'])),
      ...(templateMetadata ? stringRecord(valueAt(root, [...templateMetadata, 'labels'])) : {}),
    },
  };
}

export function doSimulate(file: ManifestFile, target: SimulationTarget, scenario: Scenario): SimulateResult {
  const document = findTarget(file, target);
  if (!document) {
    return { ok: false, error: 'There is no YAML document here.' };
  }
  const { kind } = document.identity;
  const specPath = kind ? podSpecPath(kind) : undefined;
  if (!document.identity.isKubernetes || !kind || !specPath) {
    return {
      ok: false,
      error: kind
        ? `${kind} has no pod to simulate: open a Pod, or a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or ReplicationController.`
        : 'This document is not a Kubernetes manifest (it needs apiVersion and kind).',
    };
  }
  const pod = podViewOf(document);
  const name = document.name ?? kind.toLowerCase();
  const simulated: SimulatedDocument = {
    index: document.index,
    kind,
    name,
    range: documentRange(document),
    containers: containerRanges(document, pod),
    fields: fieldRanges(document, pod),
  };
  if (hasWorkloadController(kind)) {
    const outcome = simulateWorkload(workloadInputOf(document, kind, name), scenario);
    return outcome.ok
      ? { ok: true, level: 'workload', result: outcome.result, document: simulated }
      : outcome;
  }
  const outcome = simulatePod({ kind, name, podSpec: pod?.spec }, scenario);
  return outcome.ok ? { ok: true, level: 'pod', result: outcome.result, document: simulated } : outcome;
}

/**
 * The text timeline of a document's pod, as `podscope simulate` prints it, on a healthy run: what
 * the lens shows in an editor without the simulator panel.
 */
export function doSimulateTimeline(
  file: ManifestFile,
  documentIndex: number,
): { ok: true; title: string; text: string } | { ok: false; error: string } {
  const outcome = doSimulate(file, { documentIndex }, {});
  if (!outcome.ok) {
    return outcome;
  }
  const warnings = outcome.result.warnings.map((warning) => `warning: ${warning}\n`).join('');
  return {
    ok: true,
    title: `${outcome.document.kind} ${outcome.document.name}`,
    text: `${warnings}${outcome.level === 'workload' ? renderWorkloadTimeline(outcome.result) : renderTimeline(outcome.result)}`,
  };
}

/** A "▶ Simulate" lens above every document that has a pod. */
export function findCodeLenses(uri: string, file: ManifestFile): CodeLens[] {
  return file.documents.filter(isPodDocument).map((document) => {
    // Above the document's first key, where the lens reads as a title of the whole manifest.
    const root = document.yaml.contents;
    const offsets = (isMap(root) ? rangeOf(root.items[0]?.key) : undefined) ?? document.span;
    const position = document.positionAt(offsets[0]);
    const line = { start: { line: position.line, character: 0 }, end: { line: position.line, character: 0 } };
    return {
      range: line,
      command: { title: '▶ Simulate', command: simulateCommand, arguments: [uri, document.index] },
    };
  });
}
