import { isJsonObject, listOf, numberOf, objectOf, stringOf, type JsonObject } from '../../common/guards';

/**
 * A Job's spec as the API server stores it: with the defaults of pkg/apis/batch/v1/defaults.go
 * SetDefaults_Job applied. What the simulation cannot read becomes a warning and the default; what
 * the API server rejects outright (pkg/apis/batch/validation/validation.go) is an error.
 */

export type PodFailurePolicyAction = 'FailJob' | 'Ignore' | 'Count' | 'FailIndex';

export interface PodFailurePolicyRule {
  action: PodFailurePolicyAction;
  onExitCodes: { containerName: string | null; operator: 'In' | 'NotIn'; values: number[] } | null;
  /** Each pattern's status defaults to True (SetDefaults_Job). */
  onPodConditions: { type: string; status: string }[] | null;
}

export interface SuccessPolicyRule {
  /** The indexes the rule names (`"0-2,5"`), or null. */
  succeededIndexes: number[] | null;
  succeededCount: number | null;
}

export interface JobSpec {
  parallelism: number;
  /** Null: a work queue (done when any pod succeeds and all have stopped). */
  completions: number | null;
  indexed: boolean;
  backoffLimit: number;
  backoffLimitPerIndex: number | null;
  maxFailedIndexes: number | null;
  podReplacementPolicy: 'TerminatingOrFailed' | 'Failed';
  podFailurePolicy: PodFailurePolicyRule[] | null;
  successPolicy: SuccessPolicyRule[] | null;
  activeDeadlineSeconds: number | null;
  ttlSecondsAfterFinished: number | null;
  suspend: boolean;
}

/** The default backoffLimit (SetDefaults_Job), and its value with backoffLimitPerIndex (math.MaxInt32). */
export const defaultBackoffLimit = 6;
const maxInt32 = 2147483647;

/** Reads a Job's spec (`spec`, or a CronJob's `spec.jobTemplate.spec`) at `where`. */
export function readJobSpec(value: unknown, where: string, warnings: string[]): JobSpec | { error: string } {
  const spec = objectOf(value) ?? {};
  const integer = (field: string, minimum: number): number | null => {
    const raw = spec[field];
    if (raw === undefined || raw === null) {
      return null;
    }
    const number = numberOf(raw);
    if (number === undefined || !Number.isInteger(number) || number < minimum) {
      warnings.push(`${where}.${field} is not an integer of at least ${minimum}; simulated as unset`);
      return null;
    }
    return number;
  };
  const mode = stringOf(spec.completionMode) ?? 'NonIndexed';
  if (mode !== 'NonIndexed' && mode !== 'Indexed') {
    // The API server's validation allows only these two (validateJobSpec).
    return { error: `${where}.completionMode must be NonIndexed or Indexed, not ${JSON.stringify(mode)}` };
  }
  const indexed = mode === 'Indexed';
  let parallelism = integer('parallelism', 0);
  let completions = integer('completions', 0);
  // SetDefaults_Job: both unset → both 1; parallelism unset → 1.
  if (completions === null && parallelism === null) {
    completions = 1;
  }
  parallelism ??= 1;
  if (indexed && completions === null) {
    // validateJobSpec: "when completion mode is Indexed", completions is required.
    return { error: `${where}.completions is required when completionMode is Indexed` };
  }
  const backoffLimitPerIndex = integer('backoffLimitPerIndex', 0);
  if (backoffLimitPerIndex !== null && !indexed) {
    return { error: `${where}.backoffLimitPerIndex requires completionMode Indexed` };
  }
  const podFailurePolicy = readPodFailurePolicy(spec.podFailurePolicy, `${where}.podFailurePolicy`, warnings);
  const replacement = stringOf(spec.podReplacementPolicy);
  if (replacement !== undefined && replacement !== 'TerminatingOrFailed' && replacement !== 'Failed') {
    warnings.push(
      `${where}.podReplacementPolicy must be TerminatingOrFailed or Failed; simulated with its default`,
    );
  }
  return {
    parallelism,
    completions,
    indexed,
    // SetDefaults_Job: 6, or math.MaxInt32 when backoffLimitPerIndex is set.
    backoffLimit:
      integer('backoffLimit', 0) ?? (backoffLimitPerIndex !== null ? maxInt32 : defaultBackoffLimit),
    backoffLimitPerIndex,
    maxFailedIndexes: integer('maxFailedIndexes', 0),
    // SetDefaults_Job: Failed when a podFailurePolicy is set, else TerminatingOrFailed (the
    // JobPodReplacementPolicy feature, on by default since 1.29).
    podReplacementPolicy:
      replacement === 'TerminatingOrFailed' || replacement === 'Failed'
        ? replacement
        : podFailurePolicy
          ? 'Failed'
          : 'TerminatingOrFailed',
    podFailurePolicy,
    successPolicy: readSuccessPolicy(
      spec.successPolicy,
      completions ?? 0,
      `${where}.successPolicy`,
      warnings,
    ),
    activeDeadlineSeconds: integer('activeDeadlineSeconds', 1),
    ttlSecondsAfterFinished: integer('ttlSecondsAfterFinished', 0),
    suspend: spec.suspend === true,
  };
}

function readPodFailurePolicy(
  value: unknown,
  where: string,
  warnings: string[],
): PodFailurePolicyRule[] | null {
  const policy = objectOf(value);
  if (!policy) {
    return null;
  }
  const rules: PodFailurePolicyRule[] = [];
  listOf(policy.rules).forEach((item, index) => {
    const rule = objectOf(item);
    const action = stringOf(rule?.action);
    if (
      !rule ||
      (action !== 'FailJob' && action !== 'Ignore' && action !== 'Count' && action !== 'FailIndex')
    ) {
      warnings.push(`${where}.rules[${index}] has no action FailJob, Ignore, Count or FailIndex; ignored`);
      return;
    }
    const exitCodes = objectOf(rule.onExitCodes);
    const operator = stringOf(exitCodes?.operator);
    rules.push({
      action,
      onExitCodes:
        exitCodes && (operator === 'In' || operator === 'NotIn')
          ? {
              containerName: stringOf(exitCodes.containerName) ?? null,
              operator,
              values: listOf(exitCodes.values).filter((code): code is number => typeof code === 'number'),
            }
          : null,
      onPodConditions: Array.isArray(rule.onPodConditions)
        ? rule.onPodConditions.filter(isJsonObject).map((pattern: JsonObject) => ({
            type: stringOf(pattern.type) ?? '',
            status: stringOf(pattern.status) ?? 'True',
          }))
        : null,
    });
  });
  return rules;
}

function readSuccessPolicy(
  value: unknown,
  completions: number,
  where: string,
  warnings: string[],
): SuccessPolicyRule[] | null {
  const policy = objectOf(value);
  if (!policy) {
    return null;
  }
  return listOf(policy.rules).flatMap((item, index) => {
    const rule = objectOf(item);
    if (!rule) {
      warnings.push(`${where}.rules[${index}] is not a mapping; ignored`);
      return [];
    }
    const indexes = stringOf(rule.succeededIndexes);
    const count = numberOf(rule.succeededCount);
    return [
      {
        succeededIndexes: indexes !== undefined ? parseIndexes(indexes, completions) : null,
        succeededCount: count !== undefined && Number.isInteger(count) ? count : null,
      },
    ];
  });
}

/**
 * An index set as the Job API writes it (`"1,3-5,7"`), below `completions`, sorted and without
 * repeats (pkg/controller/job/indexed_job_utils.go parseIndexesFromString; a malformed part is
 * skipped).
 */
export function parseIndexes(text: string, completions: number): number[] {
  const indexes = new Set<number>();
  for (const part of text.split(',')) {
    const bounds = part.trim().split('-');
    const first = Number(bounds[0]);
    const last = bounds.length === 2 ? Number(bounds[1]) : first;
    if (bounds.length > 2 || !Number.isInteger(first) || !Number.isInteger(last) || first < 0) {
      continue;
    }
    for (let index = first; index <= Math.min(last, completions - 1); index++) {
      indexes.add(index);
    }
  }
  return [...indexes].sort((a, b) => a - b);
}

/**
 * An index set as the Job's status writes it (`completedIndexes`, `failedIndexes`:
 * indexed_job_utils.go orderedIntervals.String): `"0-2,5"`.
 */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...indexes].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let n = 0; n < sorted.length; ) {
    let end = n;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1) {
      end++;
    }
    // orderedIntervals.String: two neighbours are written "1,2", three or more "1-3".
    parts.push(end === n ? `${sorted[n]}` : `${sorted[n]}${end === n + 1 ? ',' : '-'}${sorted[end]}`);
    n = end + 1;
  }
  return parts.join(',');
}
