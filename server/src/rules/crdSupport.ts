/**
 * What the CustomResourceDefinition rules share: the CRD of the document (its model, read once
 * per parse) and how a problem found at a path becomes a finding on the field at fault.
 */
import {
  type CustomResourceDefinition,
  customResourceDefinitionOf,
} from '../kubernetes/customResourceDefinition';
import { type JsonObject, valueAt } from '../common/guards';
import type { PathSegment } from '../common/paths';
import type { RuleContext, RuleFinding } from './rule';
import { keyRangeAt, valueRangeAt } from './ruleSupport';

/** A problem of a CRD, at a path of the document. */
export interface CrdProblem {
  readonly path: readonly PathSegment[];
  /**
   * Where to report it: on the value at the path (a wrong value), or on its key (a field that
   * must not be there; for a missing field, the path of the object that lacks it).
   */
  readonly at: 'value' | 'key';
  readonly message: string;
  /** The problem is that something is absent (dropped for partial manifests and Helm templates). */
  readonly absence?: true;
}

/** The findings of `check` on the document's CRD; none for any other document. */
export function crdFindings(
  context: RuleContext,
  check: (crd: CustomResourceDefinition) => CrdProblem[],
): RuleFinding[] {
  const crd = customResourceDefinitionOf(context.document);
  if (!crd) {
    return [];
  }
  const root = context.document.toJS();
  return check(crd)
    .filter((problem) => !isTemplated(valueAt(root, problem.path)))
    .map((problem) => ({
      range:
        problem.at === 'value'
          ? valueRangeAt(context.document, problem.path)
          : keyRangeAt(context.document, problem.path),
      message: problem.message,
      ...(problem.absence ? { absence: true as const } : {}),
    }));
}

/**
 * Text that a tool fills in before the manifest reaches the API server (`${VAR}`,
 * `{{ .Values.group }}`): not a value yet, so not judged.
 */
function isTemplated(value: unknown): boolean {
  return typeof value === 'string' && /\$[A-Za-z_{(]|\{\{/.test(value);
}

/** `"a", "b" or "c"`, for messages. */
export function quotedChoices(values: readonly string[]): string {
  const quoted = values.map((value) => `"${value}"`);
  return quoted.length > 1
    ? `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]!}`
    : quoted.join('');
}

/** A version's openAPIV3Schema to check, with whether the status subresource applies to it. */
export interface CrdSchema {
  readonly schema: JsonObject;
  readonly path: readonly PathSegment[];
  readonly statusEnabled: boolean;
}

/**
 * The schemas of a CRD's versions. The status subresource that applies to a schema is its
 * version's (getSubresourcesForVersion); when every version has the same schema, v1 moves it to
 * the internal spec.validation and checks it with any version's status subresource
 * (Convert_v1_CustomResourceDefinitionSpec_To_apiextensions_CustomResourceDefinitionSpec, then
 * validateCustomResourceDefinitionSpec with hasAnyStatusEnabled). A schema that contains itself
 * (an alias inside its own anchor) never gets here: the document has no plain data then.
 */
export function crdSchemas(crd: CustomResourceDefinition): CrdSchema[] {
  const anyStatus = crd.versions.some((version) => version.hasStatusSubresource);
  return crd.versions.flatMap((version) =>
    version.schema
      ? [
          {
            schema: version.schema,
            path: version.schemaPath,
            statusEnabled: crd.identicalSchemas ? anyStatus : version.hasStatusSubresource,
          },
        ]
      : [],
  );
}
