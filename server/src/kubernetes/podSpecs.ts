/**
 * The pod of a manifest as plain data, with every container tagged by its role (app, init,
 * sidecar, ephemeral) and its path in the document. Input is untrusted: anything of the wrong
 * shape (a string where a list belongs, null, numbers as names) is skipped, never trusted.
 */
import { podSpecPath, valueAt } from './workloads';
import type { PathSegment } from '../common/paths';

export type JsonObject = Record<string, unknown>;

/**
 * `app`: a regular container. `init`: an init container that runs to completion before the
 * app containers start. `sidecar`: an init container with `restartPolicy: Always`, which keeps
 * running beside the app containers. `ephemeral`: a debugging container added to a running pod.
 */
export type ContainerRole = 'app' | 'init' | 'sidecar' | 'ephemeral';

export type ContainerListField = 'containers' | 'initContainers' | 'ephemeralContainers';

/** In the order the API server checks them (duplicates are reported on the later one). */
export const containerListFields: readonly ContainerListField[] = [
  'containers',
  'initContainers',
  'ephemeralContainers',
];

export interface ContainerEntry {
  readonly role: ContainerRole;
  readonly list: ContainerListField;
  readonly index: number;
  /** From the document root, e.g. ['spec', 'template', 'spec', 'containers', 0]. */
  readonly path: readonly PathSegment[];
  readonly data: JsonObject;
  /** The name, when it is a non-empty string. */
  readonly name: string | undefined;
}

export interface PodSpecEntry {
  readonly kind: string;
  /** From the document root to the pod spec. */
  readonly path: readonly PathSegment[];
  readonly spec: JsonObject;
  readonly containers: readonly ContainerEntry[];
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The value when it is a list, otherwise an empty list. */
export function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value when it is an object, otherwise undefined. */
export function objectOf(value: unknown): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A finite number (YAML integers and floats), otherwise undefined. */
export function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The pod spec of a manifest of a kind that has one, when it is an object. */
export function podSpecOf(kind: string, root: unknown): PodSpecEntry | undefined {
  const path = podSpecPath(kind);
  if (!path) {
    return undefined;
  }
  const spec = objectOf(valueAt(root, path));
  if (!spec) {
    return undefined;
  }
  const containers: ContainerEntry[] = [];
  for (const list of containerListFields) {
    listOf(spec[list]).forEach((item, index) => {
      const data = objectOf(item);
      if (!data) {
        return;
      }
      const name = stringOf(data.name);
      containers.push({
        role: roleOf(list, data),
        list,
        index,
        path: [...path, list, index],
        data,
        name: name === '' ? undefined : name,
      });
    });
  }
  return { kind, path, spec, containers };
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
export function describeContainer(container: ContainerEntry): string {
  const role = roleNames[container.role];
  return container.name !== undefined
    ? `${role} "${container.name}"`
    : `${role} ${container.list}[${container.index}]`;
}

/** Containers that run alongside each other once the pod has started: app containers and sidecars. */
export function runsConcurrently(container: ContainerEntry): boolean {
  return container.role === 'app' || container.role === 'sidecar';
}

/** The probe fields of a container, as the API names them. */
export const probeFields = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
export type ProbeField = (typeof probeFields)[number];

/** The handler fields of a probe and of a lifecycle hook. */
export const probeHandlerFields = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;
export const hookHandlerFields = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;
export const lifecycleHookFields = ['postStart', 'preStop'] as const;

/** The pod's terminationGracePeriodSeconds, defaulted to 30 as the API server does. */
export function terminationGracePeriod(spec: JsonObject): number {
  return numberOf(spec.terminationGracePeriodSeconds) ?? 30;
}
