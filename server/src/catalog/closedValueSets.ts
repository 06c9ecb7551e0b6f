/**
 * Closed value sets that the API server checks in code but the OpenAPI documents do not list.
 *
 * These fields are plain strings in the schema (their Go type has no `+enum` marker), yet the
 * validation code of the API server accepts only a few values. Each entry cites that code (a file
 * and function of kubernetes/kubernetes, as of Kubernetes 1.33–1.35 unless said otherwise) and is
 * applied wherever a schema enum is: the JSON Schema given to ajv, value completion and hover.
 * `kubectl explain` does not know these sets, so explain.ts never reads this table.
 *
 * Only fields whose catalog entry has no `enum` belong here: a schema enum always wins (see
 * allowedValues), and a test checks that no entry shadows one.
 */
import { objectOf, valueAt } from '../common/guards';
import type { PathSegment } from '../common/paths';
import type { FieldData } from './catalogData';

/**
 * A narrower set that applies when a field of an enclosing object holds one value: e.g. a
 * pod whose restartPolicy is Never accepts only NotRequired in its containers' resizePolicy.
 */
export interface ValueNarrowing {
  /** The enclosing object's definition, and its field that decides. */
  readonly definition: string;
  readonly field: string;
  readonly equals: string;
  /** The paths from the enclosing object to the objects holding the set's field (`*`: any item). */
  readonly paths: readonly (readonly string[])[];
  /** An item of the first list on a path that sets this field of its own is left alone. */
  readonly unlessItemSets?: string;
  /** The values accepted then. */
  readonly values: readonly string[];
}

export interface ClosedValueSet {
  /** The definitions that declare the field: one Go type, served in one or more API versions. */
  readonly definitions: readonly string[];
  readonly field: string;
  /** The accepted values, sorted as the API server lists them (sets.List sorts). */
  readonly values: readonly string[];
  /**
   * An empty string is accepted too, because defaulting replaces it before validation; the
   * value it becomes. Not offered in completion.
   */
  readonly emptyDefaultsTo?: string;
  /** Where the API server checks the values: file and function in kubernetes/kubernetes. */
  readonly source: string;
  /** What the set depends on, in words: a feature gate, a version, another field. */
  readonly condition?: string;
  /** The condition on another field, where it is checked (JSON Schema, completion). */
  readonly narrowing?: ValueNarrowing;
}

const core = 'io.k8s.api.core.v1';
const coreValidation = 'pkg/apis/core/validation/validation.go';

export const closedValueSets: readonly ClosedValueSet[] = [
  // validateResizePolicy: supportedResizeResources = sets.New(core.ResourceCPU, core.ResourceMemory).
  {
    definitions: [`${core}.ContainerResizePolicy`],
    field: 'resourceName',
    values: ['cpu', 'memory'],
    source: `${coreValidation}, validateResizePolicy`,
  },
  // validateResizePolicy: supportedResizePolicies = sets.New(NotRequired, RestartContainer); a
  // pod with restartPolicy Never accepts only NotRequired (the same function, field.Invalid).
  {
    definitions: [`${core}.ContainerResizePolicy`],
    field: 'restartPolicy',
    values: ['NotRequired', 'RestartContainer'],
    source: `${coreValidation}, validateResizePolicy`,
    condition: 'When the pod’s restartPolicy is Never, only NotRequired is accepted.',
    // validateResizePolicy gets the pod's restartPolicy (podRestartPolicy) from
    // validateContainers and validateInitContainers, through validateContainerCommon (1.33).
    // A container with a restartPolicy of its own (a sidecar; any container with the
    // ContainerRestartRules feature, 1.34+) is left alone: whether its own policy decides there
    // could not be checked against 1.34+, and a false error costs more than a missed one.
    narrowing: {
      definition: `${core}.PodSpec`,
      field: 'restartPolicy',
      equals: 'Never',
      paths: [
        ['containers', '*', 'resizePolicy', '*'],
        ['initContainers', '*', 'resizePolicy', '*'],
      ],
      values: ['NotRequired'],
      unlessItemSets: 'restartPolicy',
    },
  },
  // validateOS: validOS = sets.New(core.Linux, core.Windows).
  {
    definitions: [`${core}.PodOS`],
    field: 'name',
    values: ['linux', 'windows'],
    source: `${coreValidation}, validateOS`,
  },
  // validateSELinuxChangePolicy: validSELinuxChangePolicies = sets.New(Recursive, MountOption),
  // or only Recursive when opts.AllowOnlyRecursiveSELinuxChangePolicy, which
  // pkg/api/pod/util.go, useOnlyRecursiveSELinuxChangePolicy, sets unless the SELinuxMount gate
  // is on (beta but off by default in 1.33–1.36, GA in 1.37). MountOption is accepted here, as on
  // a cluster with the gate: an error on a value some clusters take would be a false one.
  {
    definitions: [`${core}.PodSecurityContext`],
    field: 'seLinuxChangePolicy',
    values: ['MountOption', 'Recursive'],
    source: `${coreValidation}, validateSELinuxChangePolicy`,
    condition:
      'MountOption needs the SELinuxMount feature gate (off by default before Kubernetes 1.37); without it only Recursive is accepted.',
  },
  // validateMountRecursiveReadOnly: Disabled, IfPossible and Enabled; anything else is
  // field.NotSupported. IfPossible and Enabled also need readOnly: true (the same function).
  {
    definitions: [`${core}.VolumeMount`],
    field: 'recursiveReadOnly',
    values: ['Disabled', 'Enabled', 'IfPossible'],
    source: `${coreValidation}, validateMountRecursiveReadOnly`,
    condition: 'Enabled and IfPossible need readOnly: true and mountPropagation None or unset.',
  },
  // validateServiceTrafficDistribution: PreferClose; PreferSameZone and PreferSameNode with the
  // PreferSameTrafficDistribution gate (alpha 1.33, beta 1.34, GA and locked on in 1.35).
  {
    definitions: [`${core}.ServiceSpec`],
    field: 'trafficDistribution',
    values: ['PreferClose', 'PreferSameNode', 'PreferSameZone'],
    source: `${coreValidation}, validateServiceTrafficDistribution`,
    condition:
      'PreferSameZone and PreferSameNode need Kubernetes 1.34 or later (PreferSameTrafficDistribution).',
  },
  // ValidateLabelSelectorRequirement: In and NotIn (with values), Exists and DoesNotExist
  // (without); any other operator is "not a valid selector operator". Every kind's selectors
  // (workloads, PodDisruptionBudget, NetworkPolicy, affinity terms) go through it.
  {
    definitions: ['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement'],
    field: 'operator',
    values: ['DoesNotExist', 'Exists', 'In', 'NotIn'],
    source:
      'staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go, ValidateLabelSelectorRequirement',
  },
  // ValidatePersistentVolumeClaimRetentionPolicyType: Retain or Delete. An empty value is
  // defaulted to Retain first (pkg/apis/apps/v1/defaults.go, SetDefaults_StatefulSet).
  ...['whenDeleted', 'whenScaled'].map(
    (field): ClosedValueSet => ({
      definitions: ['io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy'],
      field,
      values: ['Delete', 'Retain'],
      emptyDefaultsTo: 'Retain',
      source: 'pkg/apis/apps/validation/validation.go, ValidatePersistentVolumeClaimRetentionPolicyType',
    }),
  ),
  // validatePodFailurePolicyRuleOnPodConditions: supportedPodFailurePolicyOnPodConditionsStatus
  // = True, False, Unknown. An empty status is defaulted to True (pkg/apis/batch/v1/defaults.go,
  // SetDefaults_Job).
  {
    definitions: ['io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern'],
    field: 'status',
    values: ['False', 'True', 'Unknown'],
    emptyDefaultsTo: 'True',
    source: 'pkg/apis/batch/validation/validation.go, validatePodFailurePolicyRuleOnPodConditions',
  },
  // validateConcurrencyPolicy: Allow, Forbid, Replace (an empty value is defaulted to Allow
  // first, pkg/apis/batch/v1beta1/defaults.go, SetDefaults_CronJob). batch/v1 has the enum.
  {
    definitions: ['io.k8s.api.batch.v1beta1.CronJobSpec'],
    field: 'concurrencyPolicy',
    values: ['Allow', 'Forbid', 'Replace'],
    emptyDefaultsTo: 'Allow',
    source: 'pkg/apis/batch/validation/validation.go, validateConcurrencyPolicy',
  },
  // validateHTTPIngressPath: supportedPathTypes = Exact, ImplementationSpecific, Prefix. The beta
  // versions default only a missing pathType (SetDefaults_HTTPIngressPath), not an empty one.
  // networking.k8s.io/v1 has the enum already.
  {
    definitions: [
      'io.k8s.api.networking.v1beta1.HTTPIngressPath',
      'io.k8s.api.extensions.v1beta1.HTTPIngressPath',
    ],
    field: 'pathType',
    values: ['Exact', 'ImplementationSpecific', 'Prefix'],
    source: 'pkg/apis/networking/validation/validation.go, validateHTTPIngressPath',
  },
  // validateMetricSpec: validMetricSourceTypes = ContainerResource, External, Object, Pods,
  // Resource (every autoscaling version is validated as the internal type).
  {
    definitions: [
      'io.k8s.api.autoscaling.v2.MetricSpec',
      'io.k8s.api.autoscaling.v2beta2.MetricSpec',
      'io.k8s.api.autoscaling.v2beta1.MetricSpec',
    ],
    field: 'type',
    values: ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'],
    source: 'pkg/apis/autoscaling/validation/validation.go, validateMetricSpec',
  },
  // validateMetricTarget: "must be either Utilization, Value, or AverageValue".
  {
    definitions: ['io.k8s.api.autoscaling.v2.MetricTarget', 'io.k8s.api.autoscaling.v2beta2.MetricTarget'],
    field: 'type',
    values: ['AverageValue', 'Utilization', 'Value'],
    source: 'pkg/apis/autoscaling/validation/validation.go, validateMetricTarget',
  },
  // validateScalingPolicy: validPolicyTypes = Pods, Percent.
  {
    definitions: [
      'io.k8s.api.autoscaling.v2.HPAScalingPolicy',
      'io.k8s.api.autoscaling.v2beta2.HPAScalingPolicy',
    ],
    field: 'type',
    values: ['Percent', 'Pods'],
    source: 'pkg/apis/autoscaling/validation/validation.go, validateScalingPolicy',
  },
  // validateScalingRules: validSelectPolicyTypes = Max, Min, Disabled.
  {
    definitions: [
      'io.k8s.api.autoscaling.v2.HPAScalingRules',
      'io.k8s.api.autoscaling.v2beta2.HPAScalingRules',
    ],
    field: 'selectPolicy',
    values: ['Disabled', 'Max', 'Min'],
    source: 'pkg/apis/autoscaling/validation/validation.go, validateScalingRules',
  },
];

const byField = new Map<string, ClosedValueSet>();
for (const set of closedValueSets) {
  for (const definition of set.definitions) {
    byField.set(`${definition}#${set.field}`, set);
  }
}

/** The closed value set of a field, if the API server's validation has one. */
export function closedValueSet(definitionId: string, fieldName: string): ClosedValueSet | undefined {
  return byField.get(`${definitionId}#${fieldName}`);
}

/** The values a field accepts: its schema enum, else a closed value set of the table. */
export interface AllowedValues {
  /** The values to offer and show. */
  readonly values: readonly string[];
  /** Every value the API server accepts (for the JSON Schema): `values`, and "" where defaulted. */
  readonly accepted: readonly string[];
  /** Per-value documentation, parallel to `values` (schema enums only). */
  readonly descriptions?: readonly string[];
  /** Set when the values come from the validation code rather than the schema. */
  readonly closedSet?: ClosedValueSet;
}

export function allowedValues(
  definitionId: string,
  fieldName: string,
  field: FieldData,
): AllowedValues | undefined {
  if (field.enum && field.enum.length > 0) {
    return {
      values: field.enum,
      accepted: field.enum,
      ...(field.enumDescriptions ? { descriptions: field.enumDescriptions } : {}),
    };
  }
  const set = closedValueSet(definitionId, fieldName);
  if (!set) {
    return undefined;
  }
  return {
    values: set.values,
    accepted: set.emptyDefaultsTo === undefined ? set.values : ['', ...set.values],
    closedSet: set,
  };
}

/**
 * The values a closed set accepts at one place in a document: its narrowing's values when the
 * enclosing object's deciding field holds the value, else all of them. `path` leads from `root`
 * to the field; `definitionAt` says which definition the object at a prefix of it has.
 */
export function valuesAt(
  set: ClosedValueSet,
  root: unknown,
  path: readonly PathSegment[],
  definitionAt: (prefix: readonly PathSegment[]) => string | undefined,
): readonly string[] {
  const narrowing = set.narrowing;
  if (!narrowing) {
    return set.values;
  }
  for (const pattern of narrowing.paths) {
    const start = path.length - pattern.length - 1;
    const matches =
      start >= 0 &&
      path[path.length - 1] === set.field &&
      pattern.every((segment, index) => {
        const actual = path[start + index];
        return segment === '*' ? typeof actual === 'number' : actual === segment;
      });
    if (!matches) {
      continue;
    }
    const prefix = path.slice(0, start);
    const item = path.slice(0, start + pattern.indexOf('*') + 1);
    if (
      narrowing.unlessItemSets !== undefined &&
      objectOf(valueAt(root, item))?.[narrowing.unlessItemSets] !== undefined
    ) {
      continue;
    }
    if (
      objectOf(valueAt(root, prefix))?.[narrowing.field] === narrowing.equals &&
      definitionAt(prefix) === narrowing.definition
    ) {
      return narrowing.values;
    }
  }
  return set.values;
}
