/**
 * Quick fixes for the security rules: set a field of a container's or the pod's
 * securityContext, creating the securityContext when there is none. And the findings the
 * container rules share: a field set to a value that is not allowed, or one that must hold one
 * value.
 */
import { isMap } from 'yaml';
import type { PathSegment } from '../common/paths';
import { findPair, nodeAtPath } from '../yaml/astPath';
import type { ManifestDocument } from '../yaml/manifestFile';
import type { PodContainer } from '../kubernetes/podView';
import { containerSecurityContext } from '../kubernetes/securityContext';
import type { DefaultSeverity, RuleContext, RuleFinding } from './rule';
import { containerRange, fixData, securityLevelSeverity, valueRangeAt, withData } from './ruleSupport';
import { insertIntoMapEdit, type OffsetEdit, replaceScalarEdit, yamlLines } from './yamlEdits';

/**
 * Sets `field` in the securityContext of the object at `ownerPath` (a container or a pod
 * spec). `value` is a scalar, or lines below the field written with two-space indentation
 * (`"\n  type: RuntimeDefault"`).
 */
export function setSecurityFieldEdit(
  document: ManifestDocument,
  ownerPath: readonly PathSegment[],
  field: string,
  value: string,
): OffsetEdit | undefined {
  const contextPath = [...ownerPath, 'securityContext'];
  const securityContext = nodeAtPath(document.yaml, contextPath);
  const scalar = !value.startsWith('\n');
  const fieldLines = yamlLines(`${field}:${scalar ? ` ${value}` : value}`);
  if (isMap(securityContext)) {
    if (findPair(securityContext, field)) {
      return scalar ? replaceScalarEdit(document, [...contextPath, field], value) : undefined;
    }
    return insertIntoMapEdit(document, contextPath, fieldLines);
  }
  const owner = nodeAtPath(document.yaml, ownerPath);
  if (securityContext !== undefined || !isMap(owner)) {
    return undefined;
  }
  const lines = [
    { depth: 0, text: 'securityContext:' },
    ...fieldLines.map((line) => ({ ...line, depth: line.depth + 1 })),
  ];
  // In a container, beside its image; in a pod spec, before the containers.
  const position = findPair(owner, 'image')
    ? { after: 'image' }
    : findPair(owner, 'containers')
      ? { before: 'containers' }
      : 'last';
  return (
    insertIntoMapEdit(document, ownerPath, lines, position) ??
    (position !== 'last' ? insertIntoMapEdit(document, ownerPath, lines, 'last') : undefined)
  );
}

/**
 * The finding about a container whose securityContext does not set `field` to `required`
 * (undefined when it does): on the value when it is set to something else, on the container (an
 * absence) when it is not set, with a fix that sets it. `message` is told whether it is set.
 */
export function requiredSecurityFieldFinding(
  context: RuleContext,
  container: PodContainer,
  field: string,
  required: boolean,
  severity: DefaultSeverity,
  message: (set: boolean) => string,
): RuleFinding | undefined {
  const value = containerSecurityContext(container)?.[field];
  if (value === required) {
    return undefined;
  }
  const set = value !== undefined && value !== null;
  return withData(
    {
      range: set
        ? valueRangeAt(context.document, [...container.path, 'securityContext', field])
        : containerRange(context.document, container),
      severity,
      ...(set ? {} : { absence: true as const }),
      message: message(set),
    },
    () =>
      fixData([
        [
          `Set ${field}: ${String(required)}`,
          setSecurityFieldEdit(context.document, container.path, field, String(required)),
        ],
      ]),
  );
}

/**
 * The Baseline finding about a container's securityContext `field`, set to a value that is not
 * allowed, with a fix that replaces it (`fix`: its title and the new value).
 */
export function baselineSecurityValueFinding(
  context: RuleContext,
  container: PodContainer,
  field: string,
  message: string,
  fix: [title: string, value: string],
): RuleFinding {
  const path = [...container.path, 'securityContext', field];
  return withData(
    {
      range: valueRangeAt(context.document, path),
      severity: securityLevelSeverity(context, 'baseline'),
      message,
    },
    () => fixData([[fix[0], replaceScalarEdit(context.document, path, fix[1])]]),
  );
}
