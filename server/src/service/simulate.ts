/**
 * The simulator in the language service: finds the pod of a document (a Pod, or the pod template
 * of any workload), runs the engine, and offers a "▶ Simulate" code lens above each such document.
 */
import { isMap } from 'yaml';
import type { CodeLens, Range } from 'vscode-languageserver-types';
import { containersInStartOrder, podViewOf, type PodView } from '../kubernetes/podView';
import { podSpecPath } from '../kubernetes/workloads';
import {
  type SimulatedDocument,
  type SimulateResult,
  simulateCommand,
  type SimulationTarget,
} from '../protocol/customMessages';
import { renderTimeline } from '../simulator/renderText';
import { simulatePod } from '../simulator/simulator';
import type { Scenario } from '../simulator/types';
import { rangeOf } from '../yaml/astPath';
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
  const outcome = simulatePod({ kind, name, podSpec: pod?.spec }, scenario);
  if (!outcome.ok) {
    return outcome;
  }
  const simulated: SimulatedDocument = {
    index: document.index,
    kind,
    name,
    range: documentRange(document),
    containers: containerRanges(document, pod),
  };
  return { ok: true, result: outcome.result, document: simulated };
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
    text: `${warnings}${renderTimeline(outcome.result)}`,
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
