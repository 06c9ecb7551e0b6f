/**
 * Hover: the `kubectl explain` view of the field under the cursor, as Markdown; on an enum
 * value, what that value means; on `kind` and `apiVersion` values, the kind.
 */
import { validationRuleSupport } from '../kubernetes/cel/celRules';
import { isScalar } from 'yaml';
import { type Hover, MarkupKind, type Position } from 'vscode-languageserver-types';
import {
  type Catalog,
  type KindData,
  type MinorSpan,
  apiVersionOf,
  fieldsOf,
  minorName,
} from '../catalog/catalog';
import { allowedValues } from '../catalog/closedValueSets';
import { typeGuess } from '../catalog/explain';
import { requiredFields } from '../schema/apiRequired';
import { type SchemaLocation, resolveSchemaPath, resolveType } from '../schema/schemaNavigator';
import { findNodeAtOffset, rangeOf } from '../yaml/astPath';
import type { ManifestFile } from '../yaml/manifestFile';
import {
  type CustomResourceSchemas,
  type CustomResourceType,
  noCustomResources,
} from '../common/customResources';
import { resolveDocumentKind } from '../catalog/customResourceCatalog';

export function doHover(
  catalog: Catalog,
  file: ManifestFile,
  position: Position,
  customResources: CustomResourceSchemas = noCustomResources,
  /** The document's URI, for linking a workspace CRD relative to it. */
  documentUri = '',
): Hover | null {
  const document = file.documentAtLine(position.line);
  if (!document?.identity.isKubernetes) {
    return null;
  }
  const offset = document.offsetAt(position);
  const target = findNodeAtOffset(document.yaml, offset);
  const range = rangeOf(target.node);
  if (!range || !(target.keyPair || target.valuePair || isScalar(target.node))) {
    return null;
  }
  const hoverRange = document.rangeOf(range[0], range[1]);
  const { apiVersion, kind: kindName } = document.identity;
  const onValue = !target.keyPair;
  const resolved = resolveDocumentKind(catalog, customResources, apiVersion, kindName);
  const custom = resolved?.customResource;
  const source = custom ? schemaSourceMarkdown(custom, documentUri) : undefined;
  if (target.path.length === 1 && onValue && (target.path[0] === 'kind' || target.path[0] === 'apiVersion')) {
    const markdown =
      resolved && custom
        ? customIdentityMarkdown(resolved.catalog, resolved.kind, source!)
        : identityMarkdown(catalog, apiVersion, kindName);
    return markdown ? { contents: { kind: MarkupKind.Markdown, value: markdown }, range: hoverRange } : null;
  }
  if (!resolved) {
    return null;
  }
  const kind = resolved.kind;
  const location = resolveSchemaPath(resolved.catalog, kind, target.path);
  if (!location?.field) {
    return null;
  }
  let markdown = fieldMarkdown(resolved.catalog, kind, location, custom !== undefined);
  if (source) {
    markdown = `${markdown}\n\n---\n\n${source}`;
  }
  if (onValue && isScalar(target.node) && typeof target.node.value === 'string') {
    const valueDoc = enumValueMarkdown(resolved.catalog, location, target.node.value);
    if (valueDoc) {
      markdown = `${valueDoc}\n\n---\n\n${markdown}`;
    }
  }
  return { contents: { kind: MarkupKind.Markdown, value: markdown }, range: hoverRange };
}

/** The dotted path kubectl explain takes: `pod.spec.containers.livenessProbe`. */
export function explainPath(kind: KindData, location: SchemaLocation): string {
  return [kind.kind.toLowerCase(), ...location.fieldPath].join('.');
}

function fieldMarkdown(catalog: Catalog, kind: KindData, location: SchemaLocation, custom = false): string {
  const field = location.field!;
  const required = requiredFields(field.ownerId, catalog.getDefinition(field.ownerId)?.required).includes(
    field.name,
  );
  const lines: string[] = [];
  const span = spanText(catalog, field.field.minors);
  lines.push(
    `**\`${explainPath(kind, location)}\`** \`<${typeGuess(field.type, catalog)}>\`${required ? ' **required**' : ''}${span ? ` *(${span})*` : ''}`,
  );
  if (field.field.deprecated) {
    lines.push('', '*Deprecated.*');
  }
  const allowed = allowedValues(field.ownerId, field.name, field.field);
  if (allowed) {
    lines.push(
      '',
      `Allowed values: ${allowed.values.map((value) => `\`${value === '' ? '""' : value}\``).join(', ')}`,
    );
    const set = allowed.closedSet;
    if (set) {
      // Not in the OpenAPI schema (kubectl explain does not show them): say where they come from.
      lines.push(
        '',
        `The API server's validation accepts only these values (\`${set.source}\`).${set.condition ? ` ${escapeMarkdown(set.condition)}` : ''}`,
      );
    }
  }
  // The values are listed once, above: the API's "Possible enum values" paragraph, when the
  // description carries it (kubectl explain prints it), would repeat them.
  const descriptions = [allowed ? withoutEnumParagraph(field.field.description) : field.field.description];
  const resolved = resolveType(catalog, field.type);
  const target = elementDefinition(catalog, field.type);
  if (target) {
    descriptions.push(catalog.getDefinition(target)?.description);
  }
  for (const text of descriptions) {
    if (text) {
      lines.push('', escapeMarkdown(text, custom));
    }
  }
  if (field.field.default !== undefined) {
    // A CRD's default, which the API server fills in (structural defaulting).
    lines.push('', `Default: \`${JSON.stringify(field.field.default)}\``);
  }
  const validations = field.field.validations ?? [];
  if (validations.length > 0) {
    lines.push('', 'Validation rules (`x-kubernetes-validations`):', '');
    for (const validation of validations) {
      const message = validation.message ?? validation.messageExpression;
      // A rule the CEL evaluator cannot compile is documentation only (kubernetes/cel).
      const support = validationRuleSupport(validation.rule);
      lines.push(
        `- \`${validation.rule.replace(/`/g, "'")}\`${message !== undefined ? ` — ${escapeMarkdown(message, true)}` : ''}${support.supported ? '' : ` *(not checked by Podscope: ${escapeMarkdown(support.why, true)})*`}`,
      );
    }
  }
  if (target && (resolved.kind === 'object' || resolved.kind === 'array' || resolved.kind === 'map')) {
    const children = fieldsOf(catalog, target);
    if (children.length > 0) {
      const width = Math.max(...children.map((child) => child.name.length)) + 2;
      const childRequired = new Set(requiredFields(target, catalog.getDefinition(target)?.required));
      lines.push(
        '',
        '```text',
        ...children.map(
          (child) =>
            `${child.name.padEnd(width)}<${typeGuess(child.type, catalog)}>${childRequired.has(child.name) ? ' -required-' : ''}`,
        ),
        '```',
      );
    }
  }
  const link = documentationLink(descriptions) ?? (custom ? undefined : apiReferenceLink(kind));
  if (link) {
    lines.push('', `[${link.title}](${link.url})`);
  }
  return lines.join('\n');
}

/** A custom resource's kind: its name, apiVersion, description and where its schema comes from. */
function customIdentityMarkdown(catalog: Catalog, kind: KindData, source: string): string {
  const lines = [`**${kind.kind}** \`${apiVersionOf(kind)}\``];
  if (kind.deprecated) {
    lines.push('', '*This version of the custom resource is deprecated.*');
  }
  const description = catalog.getDefinition(kind.definition)?.description;
  if (description) {
    lines.push('', escapeMarkdown(description, true));
  }
  lines.push('', '---', '', source);
  return lines.join('\n');
}

/**
 * Where a custom resource's schema comes from: the CRD's file (relative to the document, linked
 * at its line) or the bundled project and package.
 */
export function schemaSourceMarkdown(type: CustomResourceType, documentUri: string): string {
  const { source } = type;
  if (source.kind === 'bundled') {
    return `Schema: bundled ${source.project} ${source.projectVersion} (${source.package})`;
  }
  const line = source.line + 1;
  return `Schema: CustomResourceDefinition \`${type.plural}.${type.group}\` in [\`${relativeUri(documentUri, source.uri)}\`](${source.uri}#L${line}), line ${line}`;
}

/** `to` relative to the folder of `from` when both are in the same scheme, else `to` itself. */
function relativeUri(from: string, to: string): string {
  const fromParts = from.split('/');
  const toParts = to.split('/');
  if (fromParts.length < 2 || toParts.length < 2 || fromParts[0] !== toParts[0]) {
    return decodeUriPath(to);
  }
  fromParts.pop();
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) {
    common++;
  }
  if (common < 3) {
    // Nothing shared beyond the scheme and authority.
    return decodeUriPath(to);
  }
  const up = fromParts.length - common;
  return decodeUriPath([...Array<string>(up).fill('..'), ...toParts.slice(common)].join('/'));
}

function decodeUriPath(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function elementDefinition(catalog: Catalog, type: ReturnType<Catalog['parseType']>): string | undefined {
  let current = type;
  while (current.kind === 'array' || current.kind === 'map') {
    current = current.kind === 'array' ? current.items : current.values;
  }
  return current.kind === 'ref' && catalog.getDefinition(current.id) ? current.id : undefined;
}

function enumValueMarkdown(catalog: Catalog, location: SchemaLocation, value: string): string | undefined {
  const field = location.field!;
  const allowed = allowedValues(field.ownerId, field.name, field.field);
  const index = allowed?.values.indexOf(value) ?? -1;
  if (index < 0) {
    return undefined;
  }
  const documentation = allowed?.descriptions?.[index];
  const enumMinors = field.field.enumMinors;
  const span =
    enumMinors && Object.prototype.hasOwnProperty.call(enumMinors, value)
      ? spanText(catalog, enumMinors[value])
      : undefined;
  const since = span ? ` *(${span})*` : '';
  return documentation
    ? `\`${value}\`${since}: ${escapeMarkdown(documentation)}`
    : `\`${value}\`${since} is one of the allowed values of \`${field.name}\`.`;
}

/**
 * When an entry of the catalog is not in every covered minor: `since 1.33` (added after the
 * oldest covered minor), `until 1.35` (gone after it), `1.33 to 1.35`; undefined otherwise.
 */
export function spanText(catalog: Catalog, span: MinorSpan | undefined): string | undefined {
  if (!span) {
    return undefined;
  }
  const { oldest, newest } = catalog.minors;
  const added = span[0] > oldest;
  const removed = span[1] < newest;
  if (added && removed) {
    return span[0] === span[1]
      ? `only ${minorName(span[0])}`
      : `${minorName(span[0])} to ${minorName(span[1])}`;
  }
  return added ? `since ${minorName(span[0])}` : removed ? `until ${minorName(span[1])}` : undefined;
}

function identityMarkdown(
  catalog: Catalog,
  apiVersion: string | undefined,
  kindName: string | undefined,
): string | undefined {
  if (!kindName) {
    return undefined;
  }
  const kind =
    (apiVersion ? catalog.getKind(apiVersion, kindName) : undefined) ?? catalog.findKinds(kindName)[0];
  if (!kind) {
    return undefined;
  }
  const description = catalog.getDefinition(kind.definition)?.description;
  const lines = [`**${kind.kind}** \`${apiVersionOf(kind)}\``];
  if (kind.deprecated) {
    lines.push('', '*This API version is deprecated or removed.*');
  }
  if (description) {
    lines.push('', escapeMarkdown(description));
  }
  const link = apiReferenceLink(kind);
  if (link) {
    lines.push('', `[${link.title}](${link.url})`);
  }
  return lines.join('\n');
}

/** The first kubernetes.io page a description points to. */
function documentationLink(
  descriptions: readonly (string | undefined)[],
): { title: string; url: string } | undefined {
  for (const text of descriptions) {
    const url = text ? /https:\/\/kubernetes\.io\/docs\/[^\s)"']*[^\s)"'.,]/.exec(text)?.[0] : undefined;
    if (url) {
      return { title: 'Kubernetes documentation', url };
    }
  }
  return undefined;
}

/** The API reference categories of kubernetes.io, for the kinds people write most. */
const apiReferenceCategories: Record<string, string> = {
  Pod: 'workload-resources',
  PodTemplate: 'workload-resources',
  ReplicationController: 'workload-resources',
  ReplicaSet: 'workload-resources',
  Deployment: 'workload-resources',
  StatefulSet: 'workload-resources',
  ControllerRevision: 'workload-resources',
  DaemonSet: 'workload-resources',
  Job: 'workload-resources',
  CronJob: 'workload-resources',
  HorizontalPodAutoscaler: 'workload-resources',
  PriorityClass: 'workload-resources',
  Service: 'service-resources',
  Endpoints: 'service-resources',
  EndpointSlice: 'service-resources',
  Ingress: 'service-resources',
  IngressClass: 'service-resources',
  ConfigMap: 'config-and-storage-resources',
  Secret: 'config-and-storage-resources',
  Volume: 'config-and-storage-resources',
  PersistentVolumeClaim: 'config-and-storage-resources',
  PersistentVolume: 'config-and-storage-resources',
  StorageClass: 'config-and-storage-resources',
  ServiceAccount: 'authentication-resources',
  Role: 'authorization-resources',
  RoleBinding: 'authorization-resources',
  ClusterRole: 'authorization-resources',
  ClusterRoleBinding: 'authorization-resources',
  LimitRange: 'policy-resources',
  ResourceQuota: 'policy-resources',
  NetworkPolicy: 'policy-resources',
  PodDisruptionBudget: 'policy-resources',
  Namespace: 'cluster-resources',
  Node: 'cluster-resources',
  CustomResourceDefinition: 'extend-resources',
};

function apiReferenceLink(kind: KindData): { title: string; url: string } | undefined {
  const category = apiReferenceCategories[kind.kind];
  if (!category || kind.deprecated) {
    return undefined;
  }
  return {
    title: `${kind.kind} ${apiVersionOf(kind)} API reference`,
    url: `https://kubernetes.io/docs/reference/kubernetes-api/${category}/${kind.kind.toLowerCase()}-${kind.version}/`,
  };
}

/**
 * A description without its "Possible enum values" paragraph: the OpenAPI documents append it
 * to the description of every field with an enum (one line per value), always last.
 */
function withoutEnumParagraph(text: string | undefined): string | undefined {
  if (text === undefined) {
    return undefined;
  }
  const start = text.search(/\n*Possible enum values:/);
  return start < 0 ? text : text.slice(0, start).trimEnd();
}

/**
 * Descriptions are prose with the odd `*` or `<`; keep them from turning into Markdown. The
 * built-in descriptions break lines between paragraphs, which Markdown needs doubled; a CRD's
 * (kubebuilder's Go comments) are wrapped at a width and keep blank lines between paragraphs, so
 * their single breaks stay soft.
 */
function escapeMarkdown(text: string, custom = false): string {
  const escaped = text.replace(/([\\`*[\]<>|])/g, '\\$1');
  return custom ? escaped : escaped.replace(/\n/g, '\n\n');
}
