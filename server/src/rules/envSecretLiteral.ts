/**
 * env-secret-literal: a secret written into the manifest as a literal env value, under a name
 * like `*PASSWORD*`, `*SECRET*`, `*TOKEN*` or `*API_KEY*`. Manifests end up in Git, in CI logs
 * and in `kubectl get -o yaml` output; a Secret has access control, and can be rotated without
 * editing the workload.
 */
import { describeContainer } from '../kubernetes/podView';
import { listOf, objectOf, stringOf, valueAt } from '../common/guards';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, fixData, valueRangeAt, withData } from './ruleSupport';
import { indentUnit, lineBreakOf, type OffsetEdit, yamlString } from './yamlEdits';
import { findPair, nodeAtPath, rangeOf } from '../yaml/astPath';
import { isMap, isScalar, Scalar, type Node } from 'yaml';

/** Names that hold secrets: the word as a whole part of the name (`DB_PASSWORD`, `apiToken`). */
const secretName =
  /(?:^|[^A-Z])(?:PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIALS?|API_?KEY|ACCESS_?KEY|SECRET_?KEY|PRIVATE_?KEY|AUTH_?KEY|ENCRYPTION_?KEY|SIGNING_?KEY|CLIENT_?SECRET)(?:$|[^A-Z])/;

/** Names that point at a secret rather than hold it: a file, a path, the name of a Secret. */
const referenceName =
  /_(?:FILE|PATH|DIR|NAME|REF|KEY_ID|ID|URL|URI|HOST|PORT|USER|USERNAME|TYPE|HEADER|LENGTH|TTL|EXPIRY|EXPIRATION|ENABLED)$/;

export function looksLikeSecretName(name: string): boolean {
  // Split camelCase (apiToken) into words: API_TOKEN.
  const upper = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  return secretName.test(upper) && !referenceName.test(upper);
}

/**
 * Whether a literal value could be a secret: not empty, not a reference to another variable
 * (`$(VAR)`), and not a switch (MYSQL_ALLOW_EMPTY_PASSWORD: "yes").
 */
function holdsSecret(value: unknown): boolean {
  if (typeof value !== 'string') {
    return typeof value === 'number';
  }
  return (
    value.trim() !== '' &&
    !/^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(value) &&
    !/^(?:true|false|yes|no|on|off|y|n|0|1)$/i.test(value)
  );
}

export const envSecretLiteral: Rule = {
  id: 'env-secret-literal',
  defaultSeverity: 'warning',
  summary: 'A literal value for an environment variable named like a secret (PASSWORD, TOKEN, API_KEY…).',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const workloadName = stringOf(valueAt(context.document.toJS(), ['metadata', 'name']));
      const findings: RuleFinding[] = [];
      for (const container of pod.containers) {
        listOf(container.data.env).forEach((entry, index) => {
          const variable = objectOf(entry);
          const name = stringOf(variable?.name);
          const value = variable?.value;
          if (name === undefined || !holdsSecret(value) || !looksLikeSecretName(name)) {
            return;
          }
          const entryPath = [...container.path, 'env', index];
          const secretRef = { name: `${workloadName ?? 'app'}-secrets`.toLowerCase(), key: name };
          findings.push(
            withData(
              {
                range: valueRangeAt(context.document, [...entryPath, 'value']),
                message: `${describeContainer(container)}: ${name} is set to a literal value; keep it in a Secret and read it with valueFrom.secretKeyRef.`,
              },
              () =>
                fixData([
                  [`Read ${name} from a Secret (secretKeyRef)`, secretRefEdit(context, entryPath, secretRef)],
                ]),
            ),
          );
        });
      }
      return findings;
    });
  },
};

/** Replaces `value: …` with a `valueFrom.secretKeyRef` block, at the same indentation. */
function secretRefEdit(
  context: RuleContext,
  entryPath: (string | number)[],
  ref: { name: string; key: string },
): OffsetEdit | undefined {
  const { document } = context;
  const entry = nodeAtPath(document.yaml, entryPath);
  if (!isMap(entry) || entry.flow || findPair(entry, 'valueFrom')) {
    return undefined;
  }
  const pair = findPair(entry, 'value');
  const keyRange = rangeOf(pair?.key as Node | undefined);
  const value = pair?.value;
  const valueRange = rangeOf(value as Node | undefined);
  // Block scalars end on the next line; only single-line scalars are replaced.
  if (
    !keyRange ||
    !valueRange ||
    !isScalar(value) ||
    (value.type !== Scalar.PLAIN && value.type !== Scalar.QUOTE_DOUBLE && value.type !== Scalar.QUOTE_SINGLE)
  ) {
    return undefined;
  }
  const text = document.segment.text;
  const eol = lineBreakOf(text);
  const unit = indentUnit(document);
  const indent = ' '.repeat(keyRange[0] - (text.lastIndexOf('\n', keyRange[0] - 1) + 1));
  const lines = [
    'valueFrom:',
    `${indent}${unit}secretKeyRef:`,
    `${indent}${unit}${unit}name: ${yamlString(ref.name)}`,
    `${indent}${unit}${unit}key: ${yamlString(ref.key)}`,
  ];
  return { range: [keyRange[0], valueRange[1]], newText: lines.join(eol) };
}
