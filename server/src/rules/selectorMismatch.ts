/**
 * selector-mismatch: a workload's selector must select the pods of its own template, or the
 * API server rejects it ("selector does not match template labels"). Also reported: an empty
 * selector, malformed match expressions, and a Job selector without `manualSelector: true`
 * (a Job generates its own selector).
 */
import { isMap } from 'yaml';
import {
  isSelectorOperator,
  type LabelSelector,
  requirementMatches,
  type SelectorRequirement,
  selectorMatches,
} from '../kubernetes/labelSelector';
import { type JsonObject, listOf, objectOf, stringOf, valueAt } from '../common/guards';
import { podTemplateMetadataPath } from '../kubernetes/workloads';
import type { PathSegment } from '../common/paths';
import { findPair, nodeAtPath } from '../yaml/astPath';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { fixData, keyRangeAt, renderedByTemplate, valueRangeAt, withData } from './ruleSupport';
import {
  insertIntoMapEdit,
  type OffsetEdit,
  removePairEdit,
  replaceScalarEdit,
  yamlLines,
  yamlString,
} from './yamlEdits';

const labelSelectorKinds = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job']);

export const selectorMismatch: Rule = {
  id: 'selector-mismatch',
  defaultSeverity: 'error',
  summary: "The workload's selector does not select its own pod template's labels.",
  validate(context: RuleContext): RuleFinding[] {
    const kind = context.kind.kind;
    const root = context.document.toJS();
    const metadataPath = podTemplateMetadataPath(kind);
    if (!metadataPath || (!labelSelectorKinds.has(kind) && kind !== 'ReplicationController')) {
      return [];
    }
    const selectorPath: PathSegment[] = ['spec', 'selector'];
    const rawSelector = valueAt(root, selectorPath);
    if (rawSelector === undefined || rawSelector === null) {
      // Required for the apps kinds (the schema says so); defaulted for Jobs and ReplicationControllers.
      return [];
    }
    const selectorObject = objectOf(rawSelector);
    if (!selectorObject) {
      return [];
    }
    if (kind === 'Job' && valueAt(root, ['spec', 'manualSelector']) !== true) {
      return [
        withData(
          {
            range: keyRangeAt(context.document, selectorPath),
            message:
              'A Job generates its own selector: remove selector, or set manualSelector: true to manage it yourself.',
          },
          () => fixData([['Remove the selector', removePairEdit(context.document, selectorPath)]]),
        ),
      ];
    }
    const findings: RuleFinding[] = [];
    const written =
      kind === 'ReplicationController'
        ? { matchLabels: stringMap(selectorObject), matchExpressions: [] }
        : readSelector(context, selectorPath, selectorObject, findings);
    if (!written) {
      return findings;
    }
    const selector = { ...written, matchLabels: new Map(written.matchLabels) };
    if (selector.matchLabels.size === 0 && selector.matchExpressions.length === 0) {
      if (kind !== 'ReplicationController') {
        findings.push({
          range: keyRangeAt(context.document, selectorPath),
          absence: true,
          message: `An empty selector is not allowed for a ${kind}; add matchLabels that the pod template's labels have.`,
        });
      }
      return findings;
    }
    const labelsPath = [...metadataPath, 'labels'];
    const labels = stringMap(objectOf(valueAt(root, labelsPath)) ?? {});
    // A label that a Helm template renders on either side is unknown: it is not compared.
    for (const key of [...selector.matchLabels.keys()]) {
      if (
        renderedByTemplate(context.document, [...selectorPath, 'matchLabels', key]) ||
        renderedByTemplate(context.document, [...labelsPath, key])
      ) {
        selector.matchLabels.delete(key);
        labels.delete(key);
      }
    }
    if (selectorMatches(selector, labels)) {
      return findings;
    }
    const mismatches = describeMismatches(selector, labels);
    const desired = new Map([...labels, ...selector.matchLabels]);
    const fix = selectorMatches(selector, desired)
      ? copyLabelsEdits(context, metadataPath, selector.matchLabels, labels)
      : undefined;
    findings.push(
      withData(
        {
          range: keyRangeAt(context.document, selectorPath),
          // Without any template labels, they may well come from elsewhere (a base, a template).
          ...(labels.size === 0 ? { absence: true as const } : {}),
          message: `The selector does not match the pod template's labels (${mismatches.join('; ')}); make the template labels match the selector.`,
        },
        fix ? fixData([['Copy the selector labels into the pod template', ...fix]]) : undefined,
      ),
    );
    return findings;
  },
};

/** The string entries of a map (other values are the schema's to report). */
function stringMap(object: JsonObject): Map<string, string> {
  const map = new Map<string, string>();
  for (const [key, value] of Object.entries(object)) {
    if (typeof value === 'string') {
      map.set(key, value);
    }
  }
  return map;
}

function readSelector(
  context: RuleContext,
  selectorPath: PathSegment[],
  selector: JsonObject,
  findings: RuleFinding[],
): LabelSelector | undefined {
  const matchExpressions: SelectorRequirement[] = [];
  let valid = true;
  listOf(selector.matchExpressions).forEach((expression, index) => {
    const requirement = objectOf(expression);
    const key = stringOf(requirement?.key);
    const operator = requirement?.operator;
    const path = [...selectorPath, 'matchExpressions', index];
    if (!requirement || key === undefined) {
      valid = false;
      return;
    }
    if (!isSelectorOperator(operator)) {
      valid = false;
      if (typeof operator === 'string') {
        findings.push({
          range: valueRangeAt(context.document, [...path, 'operator']),
          message: `Selector operator "${operator}" is not valid; use In, NotIn, Exists or DoesNotExist.`,
        });
      }
      return;
    }
    const values = listOf(requirement.values).filter((value): value is string => typeof value === 'string');
    const needsValues = operator === 'In' || operator === 'NotIn';
    if (needsValues && values.length === 0) {
      valid = false;
      findings.push({
        range: valueRangeAt(context.document, [...path, 'operator']),
        message: `A selector requirement with operator ${operator} needs at least one value; add values.`,
      });
      return;
    }
    if (!needsValues && listOf(requirement.values).length > 0) {
      valid = false;
      findings.push({
        range: keyRangeAt(context.document, [...path, 'values']),
        message: `A selector requirement with operator ${operator} must not have values; remove them.`,
      });
      return;
    }
    matchExpressions.push({ key, operator, values });
  });
  if (!valid) {
    return undefined;
  }
  return { matchLabels: stringMap(objectOf(selector.matchLabels) ?? {}), matchExpressions };
}

function describeMismatches(selector: LabelSelector, labels: ReadonlyMap<string, string>): string[] {
  const mismatches: string[] = [];
  for (const [key, value] of selector.matchLabels) {
    const actual = labels.get(key);
    if (actual !== value) {
      mismatches.push(
        actual === undefined
          ? `the template has no label ${key}=${value}`
          : `${key} is "${actual}" in the template, "${value}" in the selector`,
      );
    }
  }
  for (const requirement of selector.matchExpressions) {
    if (!requirementMatches(requirement, labels)) {
      const values = requirement.values.length > 0 ? ` (${requirement.values.join(', ')})` : '';
      mismatches.push(`the template labels fail "${requirement.key} ${requirement.operator}${values}"`);
    }
  }
  return mismatches;
}

/** Edits that give the template every matchLabels entry, creating `labels` and `metadata` as needed. */
function copyLabelsEdits(
  context: RuleContext,
  metadataPath: readonly string[],
  matchLabels: ReadonlyMap<string, string>,
  labels: ReadonlyMap<string, string>,
): (OffsetEdit | undefined)[] | undefined {
  const { document } = context;
  const labelsPath = [...metadataPath, 'labels'];
  const missing = [...matchLabels].filter(([key]) => !labels.has(key));
  const entry = ([key, value]: [string, string], depth: number): { depth: number; text: string } => ({
    depth,
    text: `${yamlString(key)}: ${yamlString(value)}`,
  });
  const labelsNode = nodeAtPath(document.yaml, labelsPath);
  const metadataNode = nodeAtPath(document.yaml, metadataPath);
  const edits: (OffsetEdit | undefined)[] = [];
  if (isMap(labelsNode)) {
    for (const [key, value] of matchLabels) {
      if (labels.has(key) && labels.get(key) !== value) {
        edits.push(replaceScalarEdit(document, [...labelsPath, key], yamlString(value)));
      }
    }
    if (missing.length > 0) {
      edits.push(
        insertIntoMapEdit(
          document,
          labelsPath,
          missing.map((label) => entry(label, 0)),
        ),
      );
    }
    return edits;
  }
  const labelLines = [...matchLabels].map((label) => entry(label, 1));
  if (isMap(metadataNode)) {
    // `labels:` with no value would become a duplicate key.
    if (findPair(metadataNode, 'labels')) {
      return undefined;
    }
    return [insertIntoMapEdit(document, metadataPath, [...yamlLines('labels:'), ...labelLines])];
  }
  const templatePath = metadataPath.slice(0, -1);
  const template = nodeAtPath(document.yaml, templatePath);
  if (metadataNode !== undefined || !isMap(template) || findPair(template, 'metadata')) {
    return undefined;
  }
  const nested = labelLines.map((line) => ({ ...line, depth: line.depth + 1 }));
  return [
    insertIntoMapEdit(document, templatePath, [...yamlLines('metadata:\n  labels:'), ...nested], 'first'),
  ];
}
