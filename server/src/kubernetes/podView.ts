/**
 * The pod of a manifest, read once: every container with its role (app, init, sidecar,
 * ephemeral), its path and, when read from a document, its node in the text; the volumes; and
 * the pod-level fields that the rules and the simulator share. The rules, the outline, the
 * simulate lens, completion and the simulator's input all read this one view instead of walking
 * the pod themselves.
 *
 * Input is untrusted: anything of the wrong shape (a string where a list belongs, null, numbers as
 * names) is skipped, never trusted.
 */
import { type Document, isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { PathSegment } from '../common/paths';
import { type JsonObject, listOf, numberOf, objectOf, stringOf, valueAt } from '../common/guards';
import { findPair, nodeAtPath } from '../yaml/astPath';
import type { DocumentModel, ManifestDocument } from '../yaml/manifestFile';
import { podSpecPath } from './workloads';

/**
 * `app`: a regular container. `init`: an init container that runs to completion before the
 * app containers start. `sidecar`: an init container with `restartPolicy: Always`, which keeps
 * running beside the app containers (KEP-753; k8s.io/kubernetes pkg/api/v1/pod/util.go,
 * IsRestartableInitContainer). `ephemeral`: a debugging container added to a running pod through
 * the `ephemeralcontainers` subresource (KEP-277); the kubelet never starts one with the pod.
 */
export type ContainerRole = 'app' | 'init' | 'sidecar' | 'ephemeral';

export type ContainerListField = 'containers' | 'initContainers' | 'ephemeralContainers';

/** In the order the API server checks them (duplicates are reported on the later one). */
export const containerListFields: readonly ContainerListField[] = [
  'containers',
  'initContainers',
  'ephemeralContainers',
];

export interface PodContainer {
  readonly role: ContainerRole;
  readonly list: ContainerListField;
  readonly index: number;
  /** From the document root, e.g. ['spec', 'template', 'spec', 'containers', 0]. */
  readonly path: readonly PathSegment[];
  readonly data: JsonObject;
  /** The name, when it is a non-empty string. */
  readonly name: string | undefined;
  /**
   * The container's mapping in the text (its range is the container's). Undefined when the view
   * was read from plain data, or when the item is not written as a mapping at its path (an
   * alias, or a list that came with a merge key).
   */
  readonly node: YAMLMap | undefined;
  /** The `name` value as written, whatever its type (`name: 8080` is a number). */
  readonly nameNode: Scalar | undefined;
}

export interface PodVolume {
  readonly index: number;
  /** From the document root, e.g. ['spec', 'volumes', 0]. */
  readonly path: readonly PathSegment[];
  readonly data: JsonObject;
  /** The name, when it is a string (an empty one included: rules report it). */
  readonly name: string | undefined;
}

export interface PodView {
  readonly kind: string;
  /** From the document root to the pod spec. */
  readonly path: readonly PathSegment[];
  /** The pod spec as plain data, for the fields the view does not name. */
  readonly spec: JsonObject;
  /** Every container that is a mapping, in the order of containerListFields, then by index. */
  readonly containers: readonly PodContainer[];
  /** Every `volumes[]` entry that is a mapping, by index. */
  readonly volumes: readonly PodVolume[];
  /** `restartPolicy` as written when it is a string, else the API's default, Always. */
  readonly restartPolicy: string;
  /**
   * `terminationGracePeriodSeconds` as written when it is a number, else the API's default
   * (defaultTerminationGracePeriodSeconds).
   */
  readonly terminationGracePeriodSeconds: number;
}

/**
 * The grace period of a pod that does not set one: `DefaultTerminationGracePeriodSeconds` (30),
 * which k8s.io/kubernetes pkg/apis/core/v1/defaults.go (SetDefaults_PodSpec) fills in, as the API
 * reference for `terminationGracePeriodSeconds` says ("Defaults to 30 seconds").
 */
export const defaultTerminationGracePeriodSeconds = 30;

/** The restart policy of a pod that does not set one (SetDefaults_PodSpec, as above). */
export const defaultRestartPolicy = 'Always';

/** The pod of a document of a kind that has one: read once per parse, shared by every feature. */
export function podViewOf(document: ManifestDocument): PodView | undefined {
  return document.model(podViewModel);
}

const podViewModel: DocumentModel<PodView | undefined> = {
  read(document) {
    const { kind } = document.identity;
    return kind === undefined ? undefined : readPodView(kind, document.toJS(), document.yaml);
  },
};

/**
 * The pod of a manifest's plain data (for data that is not a parsed document, such as completion's
 * copy with its marker); with the document, each container also gets its node in the text.
 */
export function readPodView(kind: string, root: unknown, yaml?: Document.Parsed): PodView | undefined {
  const path = podSpecPath(kind);
  if (!path) {
    return undefined;
  }
  return readPodSpec(kind, path, valueAt(root, path), yaml);
}

/**
 * The pod of a pod spec given on its own (the simulator's input), with the path it has in its
 * manifest; undefined when it is not a mapping.
 */
export function readPodSpec(
  kind: string,
  path: readonly PathSegment[],
  value: unknown,
  yaml?: Document.Parsed,
): PodView | undefined {
  const spec = objectOf(value);
  if (!spec) {
    return undefined;
  }
  const specNode = yaml ? nodeAtPath(yaml, path) : undefined;
  const containers: PodContainer[] = [];
  for (const list of containerListFields) {
    const listPair = isMap(specNode) ? findPair(specNode, list) : undefined;
    const items = isSeq(listPair?.value) ? listPair.value.items : [];
    listOf(spec[list]).forEach((item, index) => {
      const data = objectOf(item);
      if (!data) {
        return;
      }
      const name = stringOf(data.name);
      const node = items[index] as Node | null | undefined;
      const nameNode = isMap(node) ? findPair(node, 'name')?.value : undefined;
      containers.push({
        role: roleOf(list, data),
        list,
        index,
        path: [...path, list, index],
        data,
        name: name === '' ? undefined : name,
        node: isMap(node) ? node : undefined,
        nameNode: isScalar(nameNode) ? nameNode : undefined,
      });
    });
  }
  const volumes: PodVolume[] = [];
  listOf(spec.volumes).forEach((item, index) => {
    const data = objectOf(item);
    if (data) {
      volumes.push({ index, path: [...path, 'volumes', index], data, name: stringOf(data.name) });
    }
  });
  return {
    kind,
    path,
    spec,
    containers,
    volumes,
    restartPolicy: stringOf(spec.restartPolicy) ?? defaultRestartPolicy,
    terminationGracePeriodSeconds:
      numberOf(spec.terminationGracePeriodSeconds) ?? defaultTerminationGracePeriodSeconds,
  };
}

function roleOf(list: ContainerListField, container: JsonObject): ContainerRole {
  switch (list) {
    case 'containers':
      return 'app';
    case 'initContainers':
      return container.restartPolicy === 'Always' ? 'sidecar' : 'init';
    case 'ephemeralContainers':
      return 'ephemeral';
  }
}

const roleNames: Record<ContainerRole, string> = {
  app: 'Container',
  init: 'Init container',
  sidecar: 'Sidecar container',
  ephemeral: 'Ephemeral container',
};

/** `Container "web"`, `Init container "setup"`, or `Container containers[2]` without a name. */
export function describeContainer(container: PodContainer): string {
  const role = roleNames[container.role];
  return container.name !== undefined
    ? `${role} "${container.name}"`
    : `${role} ${container.list}[${container.index}]`;
}

/**
 * The containers in the order the kubelet starts them: the init containers (sidecars among them)
 * one after another as listed, then the app containers (k8s.io/kubernetes
 * pkg/kubelet/kuberuntime/kuberuntime_manager.go, computePodActions); the ephemeral ones last, as
 * they only join a running pod.
 */
export function containersInStartOrder(pod: PodView): PodContainer[] {
  return [...pod.containers].sort((a, b) => startOrder[a.list] - startOrder[b.list]);
}

const startOrder: Record<ContainerListField, number> = {
  initContainers: 0,
  containers: 1,
  ephemeralContainers: 2,
};

/** Containers that run alongside each other once the pod has started: app containers and sidecars. */
export function runsConcurrently(container: PodContainer): boolean {
  return container.role === 'app' || container.role === 'sidecar';
}

/** The probe fields of a container, as the API names them. */
export const probeFields = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
export type ProbeField = (typeof probeFields)[number];

/** The handler fields of a probe and of a lifecycle hook. */
export const probeHandlerFields = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
export const hookHandlerFields = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;
export const lifecycleHookFields = ['postStart', 'preStop'] as const;
