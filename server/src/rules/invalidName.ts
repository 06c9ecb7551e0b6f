/**
 * invalid-name: names and labels in a format the API server rejects. Object names are DNS-1123
 * subdomains, container and volume names DNS-1123 labels, port names IANA service names (at
 * most 15 characters, with a letter), and label keys and values qualified names.
 */
import {
  dns1123LabelError,
  dns1123SubdomainError,
  labelKeyError,
  labelValueError,
  portNameError,
} from '../kubernetes/names';
import { podViewOf } from '../kubernetes/podView';
import { type JsonObject, listOf, objectOf, stringOf, valueAt } from '../common/guards';
import { podTemplateMetadataPath } from '../kubernetes/workloads';
import type { PathSegment } from '../common/paths';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { keyRangeAt, valueRangeAt } from './ruleSupport';
import { replaceScalarEdit } from './yamlEdits';

/** Longest names, where the controller builds other names or labels from them. */
const maxNameLength: Readonly<Record<string, { length: number; reason: string }>> = {
  CronJob: { length: 52, reason: 'the CronJob controller appends 11 characters to name its Jobs' },
  Job: { length: 63, reason: 'it becomes the value of the job-name label of its pods' },
};

export const invalidName: Rule = {
  id: 'invalid-name',
  defaultSeverity: 'error',
  summary:
    'A name or label the API server rejects: object, container, volume and port names, label keys and values.',
  validate(context: RuleContext): RuleFinding[] {
    const { document } = context;
    const root = document.toJS();
    const kind = context.kind.kind;
    const findings: RuleFinding[] = [];
    checkLabels(context, ['metadata', 'labels'], findings);
    const pod = podViewOf(document);
    if (!pod) {
      return findings;
    }
    const name = valueAt(root, ['metadata', 'name']);
    if (typeof name === 'string' && name !== '' && !isTemplated(name)) {
      const error = dns1123SubdomainError(name);
      const limit = maxNameLength[kind];
      const manualSelector = valueAt(root, ['spec', 'manualSelector']) === true;
      if (error) {
        findings.push(
          nameFinding(context, ['metadata', 'name'], `Name "${name}"`, 'DNS-1123 subdomain', error, 253),
        );
      } else if (limit && name.length > limit.length && !(kind === 'Job' && manualSelector)) {
        findings.push({
          range: valueRangeAt(document, ['metadata', 'name']),
          message: `${kind} name "${name}" is ${name.length} characters; shorten it to at most ${limit.length}: ${limit.reason}.`,
        });
      }
    }
    const templateMetadata = podTemplateMetadataPath(kind);
    if (templateMetadata) {
      checkLabels(context, [...templateMetadata, 'labels'], findings);
    }
    checkSelector(context, root, findings);
    for (const container of pod.containers) {
      if (container.name !== undefined && !isTemplated(container.name)) {
        const error = dns1123LabelError(container.name);
        if (error) {
          findings.push(
            nameFinding(
              context,
              [...container.path, 'name'],
              `Container name "${container.name}"`,
              'DNS-1123 label',
              error,
              63,
            ),
          );
        }
      }
      listOf(container.data.ports).forEach((port, index) => {
        findings.push(
          ...unfixedNameFindings(
            context,
            [...container.path, 'ports', index, 'name'],
            stringOf(objectOf(port)?.name),
            portNameError,
            (name, error) => `Port name "${name}" is not a valid IANA service name: ${error}. Rename it.`,
          ),
        );
      });
    }
    for (const volume of pod.volumes) {
      findings.push(
        ...unfixedNameFindings(
          context,
          [...volume.path, 'name'],
          volume.name,
          dns1123LabelError,
          (name, error) =>
            `Volume name "${name}" is not a valid DNS-1123 label: ${error}. Rename it (and its mounts).`,
        ),
      );
    }
    return findings;
  },
};

/**
 * Text that a tool fills in before the manifest reaches the API server: `$ITEM` for sed or
 * envsubst, `${VAR}`, `{{ .Values.name }}` for Helm. Not a name yet, so not judged.
 */
function isTemplated(text: string): boolean {
  return /\$[A-Za-z_{(]|\{\{/.test(text);
}

/**
 * The finding, without a fix, about a name that `errorOf` rejects; none for a name that is
 * missing, empty or templated.
 */
function unfixedNameFindings(
  context: RuleContext,
  path: PathSegment[],
  name: string | undefined,
  errorOf: (name: string) => string | undefined,
  message: (name: string, error: string) => string,
): RuleFinding[] {
  const error = name === undefined || name === '' || isTemplated(name) ? undefined : errorOf(name);
  return name !== undefined && error
    ? [{ range: valueRangeAt(context.document, path), message: message(name, error) }]
    : [];
}

/** A name finding, with a fix to the name made valid when that is mechanical. */
function nameFinding(
  context: RuleContext,
  path: PathSegment[],
  subject: string,
  format: string,
  error: string,
  maxLength: number,
): RuleFinding {
  const value = valueAt(context.document.toJS(), path);
  const finding: RuleFinding = {
    range: valueRangeAt(context.document, path),
    message: `${subject} is not a valid ${format}: ${error}. Rename it.`,
  };
  const suggestion =
    typeof value === 'string' ? validNameLike(value, maxLength, format === 'DNS-1123 label') : undefined;
  const edit = suggestion ? replaceScalarEdit(context.document, path, suggestion) : undefined;
  if (suggestion && edit) {
    finding.data = { kind: 'edits', fixes: [{ title: `Rename to "${suggestion}"`, edits: [edit] }] };
  }
  return finding;
}

/** The closest valid name: lowercase, other characters replaced by `-`, trimmed and cut. */
function validNameLike(name: string, maxLength: number, label: boolean): string | undefined {
  const allowed = label ? /[^a-z0-9-]+/g : /[^a-z0-9.-]+/g;
  const candidate = name
    .toLowerCase()
    .replace(allowed, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, maxLength)
    .replace(/^[-.]+|[-.]+$/g, '');
  const valid = label ? dns1123LabelError(candidate) : dns1123SubdomainError(candidate);
  // A plain scalar that YAML would read as a number or boolean is not offered.
  return candidate !== '' && valid === undefined && /[a-z]/.test(candidate) ? candidate : undefined;
}

function checkLabels(context: RuleContext, path: PathSegment[], findings: RuleFinding[]): void {
  const labels = objectOf(valueAt(context.document.toJS(), path));
  if (labels) {
    checkLabelMap(context, path, labels, 'Label', findings);
  }
}

function checkLabelMap(
  context: RuleContext,
  path: PathSegment[],
  labels: JsonObject,
  subject: string,
  findings: RuleFinding[],
): void {
  for (const [key, value] of Object.entries(labels)) {
    if (isTemplated(key) || (typeof value === 'string' && isTemplated(value))) {
      continue;
    }
    const keyError = labelKeyError(key);
    if (keyError) {
      findings.push({
        range: keyRangeAt(context.document, [...path, key]),
        message: `${subject} key "${key}" is invalid: ${keyError}. Rename it.`,
      });
    }
    const valueError = typeof value === 'string' ? labelValueError(value) : undefined;
    if (valueError) {
      findings.push({
        range: valueRangeAt(context.document, [...path, key]),
        message: `${subject} value "${String(value)}" for "${key}" is invalid: ${valueError}. Change it.`,
      });
    }
  }
}

function checkSelector(context: RuleContext, root: unknown, findings: RuleFinding[]): void {
  const kind = context.kind.kind;
  if (kind === 'ReplicationController') {
    const selector = objectOf(valueAt(root, ['spec', 'selector']));
    if (selector) {
      checkLabelMap(context, ['spec', 'selector'], selector, 'Selector label', findings);
    }
    return;
  }
  const selectorPath = ['spec', 'selector'];
  const matchLabels = objectOf(valueAt(root, [...selectorPath, 'matchLabels']));
  if (matchLabels && kind !== 'Pod' && kind !== 'CronJob' && kind !== 'PodTemplate') {
    checkLabelMap(context, [...selectorPath, 'matchLabels'], matchLabels, 'Selector label', findings);
  }
  if (kind === 'Pod' || kind === 'CronJob' || kind === 'PodTemplate') {
    return;
  }
  listOf(valueAt(root, [...selectorPath, 'matchExpressions'])).forEach((expression, index) => {
    const requirement = objectOf(expression);
    const key = stringOf(requirement?.key);
    const path = [...selectorPath, 'matchExpressions', index];
    const keyError = key === undefined || isTemplated(key) ? undefined : labelKeyError(key);
    if (key !== undefined && keyError) {
      findings.push({
        range: valueRangeAt(context.document, [...path, 'key']),
        message: `Selector key "${key}" is invalid: ${keyError}. Rename it.`,
      });
    }
    listOf(requirement?.values).forEach((value, valueIndex) => {
      const valueError =
        typeof value === 'string' && !isTemplated(value) ? labelValueError(value) : undefined;
      if (valueError) {
        findings.push({
          range: valueRangeAt(context.document, [...path, 'values', valueIndex]),
          message: `Selector value "${String(value)}" is invalid: ${valueError}. Change it.`,
        });
      }
    });
  });
}
