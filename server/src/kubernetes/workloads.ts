/**
 * Where each kind keeps its pod: the Pod's own spec, or the pod template of a workload.
 * Shared by the rules, the simulator and the services, so that all agree on what a pod is.
 */
const podSpecPaths: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The path from the document root to the pod spec, or undefined for kinds without a pod. */
export function podSpecPath(kind: string): readonly string[] | undefined {
  return Object.prototype.hasOwnProperty.call(podSpecPaths, kind) ? podSpecPaths[kind] : undefined;
}

/** The path to the pod template's metadata (labels), for kinds that have a template. */
export function podTemplateMetadataPath(kind: string): readonly string[] | undefined {
  const spec = podSpecPath(kind);
  return spec && kind !== 'Pod' ? [...spec.slice(0, -1), 'metadata'] : undefined;
}

/** Kinds whose pods run to completion: the restart policy must be OnFailure or Never. */
export function runsToCompletion(kind: string): boolean {
  return kind === 'Job' || kind === 'CronJob';
}

/** Kinds whose pods are kept running by a controller: the restart policy must be Always. */
export function isLongRunningWorkload(kind: string): boolean {
  return ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController'].includes(kind);
}
