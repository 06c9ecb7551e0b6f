import {
  defaultRestartPolicy,
  defaultTerminationGracePeriodSeconds,
  type PodContainer,
  readPodSpec,
} from '../kubernetes/podView';
import { podSpecPath, runsToCompletion, isLongRunningWorkload } from '../kubernetes/workloads';
import { isJsonObject, type JsonObject } from '../common/guards';
import type {
  ContainerType,
  Handler,
  ImagePullPolicy,
  NormalizedContainer,
  NormalizedPod,
  NormalizedProbe,
  ProbeType,
  RestartPolicy,
  SimulationInput,
  UnreachableToleration,
} from './types';

/**
 * Reads a pod spec the way the API server would store it: with its defaults applied
 * (k8s.io/kubernetes/pkg/apis/core/v1/defaults.go). Anything malformed that the simulation can do
 * without becomes a warning and a default; only a pod without usable containers is an error.
 * The containers and their roles come from the pod view (kubernetes/podView.ts), as for the
 * rules and the editor; what is checked here is what the simulation cannot do without.
 */

export type NormalizeResult =
  | { ok: true; pod: NormalizedPod; warnings: string[] }
  | { ok: false; error: string };

/** Probe defaults (defaults.go SetDefaults_Probe). */
const probeDefaults = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
};
/** The simulator's node: a pod without `spec.nodeName` is scheduled here. */
export const defaultNodeName = 'node-1';

export function normalizePod(input: SimulationInput): NormalizeResult {
  const warnings: string[] = [];
  const where = `${input.kind} ${input.name}`;
  const path = podSpecPath(input.kind) ?? ['spec'];
  const specPath = path.join('.');
  const view = readPodSpec(input.kind, path, input.podSpec);
  if (!view) {
    return { ok: false, error: `${where} has no pod spec: ${specPath} is missing or is not a mapping` };
  }
  const { spec } = view;
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) {
    return {
      ok: false,
      error: `${where} has no containers: ${specPath}.containers must list at least one container`,
    };
  }
  const initItems: unknown[] = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  if (
    spec.initContainers !== undefined &&
    spec.initContainers !== null &&
    !Array.isArray(spec.initContainers)
  ) {
    warnings.push(`${specPath}.initContainers is not a list; ignored`);
  }
  const ephemeralItems: unknown[] = Array.isArray(spec.ephemeralContainers) ? spec.ephemeralContainers : [];
  if (
    spec.ephemeralContainers !== undefined &&
    spec.ephemeralContainers !== null &&
    !Array.isArray(spec.ephemeralContainers)
  ) {
    warnings.push(`${specPath}.ephemeralContainers is not a list; ignored`);
  }
  const names = new Set<string>();
  const initContainers: NormalizedContainer[] = [];
  const containers: NormalizedContainer[] = [];
  const ephemeralContainers: NormalizedContainer[] = [];
  for (const [list, items, field] of [
    [initContainers, initItems, 'initContainers'],
    [containers, spec.containers as unknown[], 'containers'],
    [ephemeralContainers, ephemeralItems, 'ephemeralContainers'],
  ] as const) {
    // The view holds the items that are mappings; the simulation refuses the others, where the
    // rules and the editor skip them.
    const viewed = new Map<number, PodContainer>();
    for (const container of view.containers) {
      if (container.list === field) {
        viewed.set(container.index, container);
      }
    }
    for (const index of items.keys()) {
      const container = viewed.get(index);
      if (container?.name === undefined) {
        return { ok: false, error: `${where}: ${specPath}.${field}[${index}] has no name` };
      }
      if (names.has(container.name)) {
        return { ok: false, error: `${where}: two containers are named "${container.name}"` };
      }
      names.add(container.name);
      list.push(normalizeContainer(container, container.name, warnings));
    }
  }
  const pod: NormalizedPod = {
    kind: input.kind,
    name: input.name,
    namespace: input.namespace ?? 'default',
    nodeName: typeof spec.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : defaultNodeName,
    nodeNameInSpec: typeof spec.nodeName === 'string' && spec.nodeName !== '',
    restartPolicy: restartPolicyOf(input.kind, spec.restartPolicy, specPath, warnings),
    terminationGracePeriodSeconds: integerField(
      spec,
      'terminationGracePeriodSeconds',
      0,
      defaultTerminationGracePeriodSeconds,
      specPath,
      warnings,
    ),
    activeDeadlineSeconds: activeDeadlineOf(input.kind, spec, specPath, warnings),
    schedulingGates: Array.isArray(spec.schedulingGates)
      ? spec.schedulingGates.map((gate) =>
          isJsonObject(gate) && typeof gate.name === 'string' ? gate.name : '?',
        )
      : [],
    unreachableToleration: unreachableTolerationOf(input.kind, spec),
    initContainers,
    containers,
    ephemeralContainers,
  };
  if (Array.isArray(spec.readinessGates) && spec.readinessGates.length > 0) {
    warnings.push(
      'readinessGates are not simulated: they are assumed to be satisfied, so Ready follows ContainersReady',
    );
  }
  return { ok: true, pod, warnings };
}

const unreachableTaintKey = 'node.kubernetes.io/unreachable';
/** The DefaultTolerationSeconds admission plugin's --default-unreachable-toleration-seconds. */
export const defaultUnreachableTolerationSeconds = 300;

/** v1.Toleration.ToleratesTaint for the taint `node.kubernetes.io/unreachable:NoExecute` (no value). */
function toleratesUnreachable(toleration: JsonObject): boolean {
  const { key, effect, operator, value } = toleration;
  if (typeof effect === 'string' && effect !== '' && effect !== 'NoExecute') {
    return false;
  }
  if (typeof key === 'string' && key !== '' && key !== unreachableTaintKey) {
    return false;
  }
  if (operator === 'Exists') {
    return true;
  }
  return (operator === undefined || operator === null || operator === '' || operator === 'Equal') && !value;
}

/**
 * How long the pod stays bound to a node that stopped reporting before taint eviction deletes it:
 * - a DaemonSet's pods get `node.kubernetes.io/unreachable:NoExecute` for ever from their controller
 *   (pkg/controller/daemon/util/daemonset_util.go AddOrUpdateDaemonPodTolerations), replacing the
 *   template's identical one;
 * - a pod with no toleration for that key (or for every key) with effect NoExecute (or every
 *   effect) gets one of 300 s from the DefaultTolerationSeconds admission plugin
 *   (plugin/pkg/admission/defaulttolerationseconds/admission.go Admit);
 * - then the taint eviction controller takes the smallest tolerationSeconds of the tolerations that
 *   match the taint, 0 for a negative one, for ever when none of them sets it, and evicts at once a
 *   pod none of whose tolerations match (pkg/controller/tainteviction/taint_eviction.go
 *   processPodOnNode, getMinTolerationTime).
 */
function unreachableTolerationOf(kind: string, spec: JsonObject): UnreachableToleration {
  let tolerations = Array.isArray(spec.tolerations) ? spec.tolerations.filter(isJsonObject) : [];
  let source: UnreachableToleration['source'] = 'pod';
  if (kind === 'DaemonSet') {
    const daemon: JsonObject = { key: unreachableTaintKey, operator: 'Exists', effect: 'NoExecute' };
    tolerations = [
      ...tolerations.filter(
        (toleration) =>
          !(
            toleration.key === unreachableTaintKey &&
            toleration.operator === 'Exists' &&
            toleration.effect === 'NoExecute'
          ),
      ),
      daemon,
    ];
    source = 'daemonSet';
  }
  const coveredForAdmission = tolerations.some(
    ({ key, effect }) =>
      (key === unreachableTaintKey || key === undefined || key === null || key === '') &&
      (effect === 'NoExecute' || effect === undefined || effect === null || effect === ''),
  );
  if (!coveredForAdmission) {
    return { seconds: defaultUnreachableTolerationSeconds, source: 'default' };
  }
  const matching = tolerations.filter(toleratesUnreachable);
  if (matching.length === 0) {
    return { seconds: 0, source: 'none' };
  }
  const seconds = matching
    .map((toleration) => toleration.tolerationSeconds)
    .filter((value): value is number => typeof value === 'number');
  if (seconds.length === 0) {
    return { seconds: null, source };
  }
  const least = Math.min(...seconds);
  // A daemon pod's own forever toleration is among the matching ones: a shorter one of the
  // template's still wins (getMinTolerationTime).
  return { seconds: Math.max(0, least), source: 'pod' };
}

/**
 * activeDeadlineSeconds; unset: null (integerField's fallback), as the API leaves it. The API
 * server rejects it in the pod template of a Deployment, ReplicaSet, StatefulSet, DaemonSet or
 * ReplicationController (pkg/apis/apps/validation/validation.go
 * ValidatePodTemplateSpecForReplicaSet, ValidateStatefulSetSpec, ValidateDaemonSetSpec;
 * pkg/apis/core/validation/validation.go ValidatePodTemplateSpecForRC): no such pod ever exists,
 * so no deadline is simulated, and the simulation says why.
 */
function activeDeadlineOf(
  kind: string,
  spec: JsonObject,
  specPath: string,
  warnings: string[],
): number | null {
  const value = integerField(spec, 'activeDeadlineSeconds', 1, null, specPath, warnings);
  if (value !== null && isLongRunningWorkload(kind)) {
    warnings.push(
      `${specPath}.activeDeadlineSeconds is not supported in a ${kind}'s pod template: the API server rejects this ${kind} (activeDeadlineSeconds in ${kind === 'Deployment' ? 'ReplicaSet' : kind} is not Supported), so it would create no pod; simulated without the deadline`,
    );
    return null;
  }
  return value;
}

/**
 * The API defaults `restartPolicy` to Always. A Job's or CronJob's pod template must set OnFailure
 * or Never (the API server rejects the defaulted Always), so a template without one would never be
 * accepted; we simulate it with OnFailure, which keeps the pod's story going, and say so.
 */
function restartPolicyOf(kind: string, value: unknown, specPath: string, warnings: string[]): RestartPolicy {
  const completes = runsToCompletion(kind);
  if (value === undefined || value === null) {
    if (completes) {
      warnings.push(
        `${specPath}.restartPolicy is missing: the API server requires OnFailure or Never for a ${kind}; simulating OnFailure`,
      );
      return 'OnFailure';
    }
    return defaultRestartPolicy;
  }
  if (value !== 'Always' && value !== 'OnFailure' && value !== 'Never') {
    const fallback = completes ? 'OnFailure' : 'Always';
    warnings.push(
      `${specPath}.restartPolicy ${JSON.stringify(value)} is not Always, OnFailure or Never; simulating ${fallback}`,
    );
    return fallback;
  }
  if (completes && value === 'Always') {
    warnings.push(
      `${specPath}.restartPolicy is Always, which the API server rejects for a ${kind} (OnFailure or Never); simulating it as written`,
    );
  }
  if (isLongRunningWorkload(kind) && value !== 'Always') {
    warnings.push(
      `${specPath}.restartPolicy is ${value}, which the API server rejects for a ${kind} (only Always); simulating it as written`,
    );
  }
  return value;
}

function normalizeContainer(container: PodContainer, name: string, warnings: string[]): NormalizedContainer {
  const fields = container.data;
  const where = `container ${name}`;
  // The view's role: an init container with `restartPolicy: Always` is a sidecar (KEP-753).
  const type: ContainerType = container.role;
  if (fields.restartPolicy !== undefined && fields.restartPolicy !== null) {
    if (type === 'app' || type === 'ephemeral') {
      warnings.push(`${where}: restartPolicy on an app container is not simulated; the pod's policy applies`);
    } else if (type === 'init') {
      warnings.push(
        `${where}: an init container's restartPolicy can only be Always (a sidecar); treating it as a regular init container`,
      );
    }
  }
  const image = typeof fields.image === 'string' ? fields.image : '';
  if (image === '') {
    warnings.push(`${where} has no image`);
  }
  const probes: Partial<Record<ProbeType, NormalizedProbe>> = {};
  for (const probeType of ['startup', 'liveness', 'readiness'] as const) {
    const value = fields[`${probeType}Probe`];
    if (value === undefined || value === null) {
      continue;
    }
    if (type === 'init' || type === 'ephemeral') {
      // validation.go validateInitContainers and validateEphemeralContainers forbid them.
      warnings.push(
        `${where}: ${type === 'init' ? 'a regular init' : 'an ephemeral'} container cannot have a ${probeType}Probe; ignored`,
      );
      continue;
    }
    if (!isJsonObject(value)) {
      warnings.push(`${where}: ${probeType}Probe is not a mapping; ignored`);
      continue;
    }
    probes[probeType] = normalizeProbe(value, probeType, `${where}: ${probeType}Probe`, warnings);
  }
  const lifecycle = isJsonObject(fields.lifecycle) ? fields.lifecycle : {};
  let postStart = isJsonObject(lifecycle.postStart) ? handlerOf(lifecycle.postStart) : null;
  let preStop = isJsonObject(lifecycle.preStop) ? handlerOf(lifecycle.preStop) : null;
  if ((type === 'init' || type === 'ephemeral') && (postStart || preStop)) {
    warnings.push(
      `${where}: ${type === 'init' ? 'a regular init' : 'an ephemeral'} container cannot have lifecycle hooks; ignored`,
    );
    postStart = null;
    preStop = null;
  }
  return {
    name,
    type,
    image,
    imagePullPolicy: pullPolicyOf(fields.imagePullPolicy, image),
    probes,
    postStart,
    preStop,
  };
}

/** defaults.go: Always when the tag is `latest` or missing (and no digest), else IfNotPresent. */
function pullPolicyOf(value: unknown, image: string): ImagePullPolicy {
  if (value === 'Always' || value === 'IfNotPresent' || value === 'Never') {
    return value;
  }
  if (image.includes('@')) {
    return 'IfNotPresent';
  }
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastPart.lastIndexOf(':');
  const tag = colon < 0 ? '' : lastPart.slice(colon + 1);
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function normalizeProbe(
  fields: JsonObject,
  probeType: ProbeType,
  where: string,
  warnings: string[],
): NormalizedProbe {
  const probe: NormalizedProbe = {
    handler: handlerOf(fields),
    initialDelaySeconds: integerField(
      fields,
      'initialDelaySeconds',
      0,
      probeDefaults.initialDelaySeconds,
      where,
      warnings,
    ),
    periodSeconds: integerField(fields, 'periodSeconds', 1, probeDefaults.periodSeconds, where, warnings),
    timeoutSeconds: integerField(fields, 'timeoutSeconds', 1, probeDefaults.timeoutSeconds, where, warnings),
    successThreshold: integerField(
      fields,
      'successThreshold',
      1,
      probeDefaults.successThreshold,
      where,
      warnings,
    ),
    failureThreshold: integerField(
      fields,
      'failureThreshold',
      1,
      probeDefaults.failureThreshold,
      where,
      warnings,
    ),
    terminationGracePeriodSeconds: integerField(
      fields,
      'terminationGracePeriodSeconds',
      1,
      null,
      where,
      warnings,
    ),
  };
  if (probeType !== 'readiness' && probe.successThreshold !== 1) {
    warnings.push(`${where}: successThreshold must be 1 for a ${probeType} probe; using 1`);
    probe.successThreshold = 1;
  }
  if (probe.handler.kind === 'none') {
    warnings.push(`${where} has no handler (exec, httpGet, tcpSocket or grpc)`);
  }
  return probe;
}

function handlerOf(fields: JsonObject): Handler {
  if (isJsonObject(fields.exec)) {
    const command = Array.isArray(fields.exec.command) ? fields.exec.command.map((part) => String(part)) : [];
    return { kind: 'exec', command };
  }
  if (isJsonObject(fields.httpGet)) {
    return {
      kind: 'httpGet',
      path: typeof fields.httpGet.path === 'string' ? fields.httpGet.path : '/',
      port: portOf(fields.httpGet.port),
      scheme: typeof fields.httpGet.scheme === 'string' ? fields.httpGet.scheme.toLowerCase() : 'http',
    };
  }
  if (isJsonObject(fields.tcpSocket)) {
    return { kind: 'tcpSocket', port: portOf(fields.tcpSocket.port) };
  }
  if (isJsonObject(fields.grpc)) {
    return { kind: 'grpc', port: portOf(fields.grpc.port) };
  }
  if (isJsonObject(fields.sleep)) {
    const seconds = fields.sleep.seconds;
    return { kind: 'sleep', seconds: typeof seconds === 'number' && seconds >= 0 ? seconds : 0 };
  }
  return { kind: 'none' };
}

function portOf(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : '?';
}

function integerField<D extends number | null>(
  fields: JsonObject,
  key: string,
  minimum: number,
  fallback: D,
  where: string,
  warnings: string[],
): number | D {
  const value = fields[key];
  if (value === undefined || value === null) {
    return fallback;
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= minimum) {
    return value;
  }
  warnings.push(
    `${where}.${key} must be an integer of at least ${minimum}, not ${JSON.stringify(value)}; ` +
      (fallback === null ? 'ignored' : `using ${fallback}`),
  );
  return fallback;
}
