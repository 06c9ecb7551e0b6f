/**
 * An offline `kubectl explain`: the plain-text output of kubectl 1.30+ (the OpenAPI v3
 * `plaintext` template, staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl),
 * rendered from the catalog as kubectl renders a live API server's OpenAPI v3 documents
 * (descriptions with their "Possible enum values" paragraphs). kubectl 1.27–1.29 print one
 * blank line fewer after `FIELD:`. test/unit/kubectlOracle.test.ts compares the two byte for
 * byte.
 */
import {
  type Catalog,
  type FieldInfo,
  type KindData,
  type SchemaType,
  fieldOf,
  fieldsOf,
  shortDefinitionName,
} from './catalog';

export interface ExplainOptions {
  recursive?: boolean;
  /** `group/version` (or `v1`) to choose among the versions of a resource. */
  apiVersion?: string;
  /**
   * The Kubernetes minor (`31` for 1.31) whose API server to answer as: its kinds, fields, enum
   * values and descriptions ({@link Catalog.atMinor}). Default: the catalog's own minor, else the
   * newest covered.
   */
  kubernetesVersion?: number;
}

/**
 * A failed explain can still have printed something: kubectl prints the resource's header on
 * stdout before it finds that a field does not exist.
 */
export type ExplainResult = ({ ok: true; text: string } | { ok: false; error: string; text?: string }) & {
  /** Lines kubectl prints on stderr as `Warning: …` before its answer. */
  warnings?: string[];
};

/** A resolved `resource.field.field` path. */
export interface ExplainTarget {
  kind: KindData;
  fieldPath: string[];
}

type Resolution = { ok: true; target: ExplainTarget; warnings?: string[] } | { ok: false; error: string };

/**
 * Splits `deployments.apps.spec.replicas` into a resource and a field path the way kubectl does
 * (k8s.io/kubectl/pkg/explain/explain.go, SplitAndParseResourceRequestWithMatchingPrefix): every
 * resource the first segment names, in priority order (a short name expands to its own group
 * first: client-go restmapper/shortcut.go), is tried as `<resource>.<group>`; the first one that
 * prefixes the request, exactly as typed, takes the rest as its field path. When none does, the
 * first resource takes everything after the first segment (so `deploy.apps.spec` asks Deployment
 * for a field `apps`). With `--api-version`, kubectl takes the first segment alone as the
 * resource (SplitAndParseResourceRequest) and replaces the group and version of what it
 * resolves to (pkg/cmd/explain/explain.go, Run).
 */
export function resolveExplainTarget(catalog: Catalog, input: string, apiVersion?: string): Resolution {
  // jsonPathParse: "Remove trailing period just in case".
  const request = input.endsWith('.') ? input.slice(0, -1) : input;
  const parts = request.split('.');
  const resourceName = parts[0] ?? '';
  // The request is read as a JSONPath (`{.<request>}`) whose nodes must all be plain fields,
  // not `..`, `[0]` or `*`; the first is checked before the resource is looked up, the others
  // after (explain.go's "invalid jsonpath syntax" errors).
  if (!isFieldNode(resourceName)) {
    return invalidJsonPath('first node must be field node');
  }
  const invalidFields = !parts.every(isFieldNode);
  if (apiVersion !== undefined) {
    return resolveWithApiVersion(catalog, resourceName, parts.slice(1), apiVersion, invalidFields);
  }
  let candidates = resourcesNamed(catalog, resourceName);
  const first = candidates[0];
  if (!first) {
    const list = listKindResolution(catalog, resourceName);
    if (!list) {
      return unknownResource(resourceName);
    }
    return invalidFields ? invalidJsonPath('first node must be field node') : list;
  }
  if (invalidFields) {
    return invalidJsonPath('first node must be field node');
  }
  const warnings = shortNameWarnings(catalog, resourceName, first);
  if ((first.shortNames ?? []).includes(resourceName.toLowerCase())) {
    candidates = candidates.filter((candidate) => candidate.group === first.group);
  }
  let target: ExplainTarget = { kind: first, fieldPath: parts.slice(1) };
  for (const candidate of candidates) {
    const groupResource = candidate.group ? `${candidate.resource}.${candidate.group}` : candidate.resource;
    if (request.startsWith(groupResource)) {
      // The rest is parsed as `{.<rest>}` and its first node dropped.
      target = { kind: candidate, fieldPath: request.slice(groupResource.length).split('.').slice(1) };
      break;
    }
  }
  return { ok: true, target, ...(warnings.length > 0 ? { warnings } : {}) };
}

/**
 * Kinds that travel only through a subresource (pkg/registry: deployments/scale and the other
 * `/scale` endpoints, pods/eviction, serviceaccounts/token, the removed deployments/rollback):
 * discovery lists no resource of theirs, so kubectl cannot explain them.
 */
const subresourceKinds: ReadonlySet<string> = new Set([
  'Scale',
  'Eviction',
  'TokenRequest',
  'DeploymentRollback',
]);

/**
 * The catalog's kinds that kubectl's RESTMapper can find by this name: those discovery lists as
 * resources. A list kind (`PodList`) is the body of a list response, never a resource of its own
 * (API conventions, "Lists and Simple kinds").
 */
function resourcesNamed(catalog: Catalog, name: string, group?: string): KindData[] {
  return catalog
    .resolveResource(name, group)
    .filter((kind) => !subresourceKinds.has(kind.kind) && !isListKind(catalog, kind));
}

function isListKind(catalog: Catalog, kind: KindData): boolean {
  return (
    kind.kind.endsWith('List') && catalog.getDefinition(kind.definition)?.properties?.items !== undefined
  );
}

/**
 * kubectl's RESTMapper also maps every resource's list kind to a guessed resource
 * (k8s.io/client-go/restmapper/discovery.go, NewDiscoveryRESTMapper: `Add(gv.WithKind(
 * resource.Kind+"List"), scope)`, plural by meta.UnsafeGuessKindToResource), so `podlist`
 * resolves to `podlists`, which no OpenAPI path serves.
 */
function listKindResolution(catalog: Catalog, name: string): Resolution | undefined {
  const list = catalog.resolveResource(name).find((kind) => isListKind(catalog, kind));
  if (!list) {
    return undefined;
  }
  return {
    ok: false,
    error: `error: GVR (${list.group}/${list.version}, Resource=${list.resource}) not found in OpenAPI schema`,
  };
}

function isFieldNode(part: string): boolean {
  return part !== '' && !/[[\]*]/.test(part);
}

function invalidJsonPath(reason: string): Resolution {
  return { ok: false, error: `error: invalid jsonpath syntax, ${reason}` };
}

function unknownResource(resourceName: string): Resolution {
  // kubectl prints this one without its usual `error: ` prefix (cmd/explain/explain.go returns
  // the RESTMapper's NoResourceMatchError, which cmdutil.CheckErr prints as it is).
  return { ok: false, error: `the server doesn't have a resource type "${resourceName}"` };
}

function resolveWithApiVersion(
  catalog: Catalog,
  resourceName: string,
  fieldPath: string[],
  apiVersion: string,
  invalidFields: boolean,
): Resolution {
  // A list kind resolves too, to its guessed resource (see listKindResolution).
  const resolved =
    resourcesNamed(catalog, resourceName)[0] ??
    catalog.resolveResource(resourceName).find((kind) => isListKind(catalog, kind));
  if (!resolved) {
    return unknownResource(resourceName);
  }
  if (invalidFields) {
    return invalidJsonPath('all nodes must be field nodes');
  }
  const slash = apiVersion.indexOf('/');
  if (apiVersion.indexOf('/', slash + 1) >= 0) {
    // k8s.io/apimachinery/pkg/runtime/schema/group_version.go, ParseGroupVersion.
    return { ok: false, error: `error: unexpected GroupVersion string: ${apiVersion}` };
  }
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  // schema.GroupVersionResource's String().
  const gvr = `${group}/${version}, Resource=${resolved.resource}`;
  const inGroupVersion = catalog.kinds.filter((kind) => kind.group === group && kind.version === version);
  const servedResources = resourcesNamed(catalog, resolved.resource, group);
  if (inGroupVersion.length === 0) {
    // pkg/explain/v2/explain.go: the group-version has no OpenAPI v3 document.
    return { ok: false, error: `error: couldn't find resource for "${gvr}"` };
  }
  const kind = servedResources.find(
    (candidate) => candidate.version === version && candidate.resource === resolved.resource,
  );
  if (!kind) {
    // plaintext.tmpl: no path of the document serves the resource.
    return { ok: false, error: `error: GVR (${gvr}) not found in OpenAPI schema` };
  }
  return { ok: true, target: { kind, fieldPath } };
}

/**
 * kubectl's shortcut expander warns when a short name also names a resource of another group
 * (k8s.io/client-go/restmapper/shortcut.go, expandResourceShortcut: "short name %q could also
 * match lower priority resource %s"). Kinds of removed API versions are left out: no server
 * kubectl 1.30+ talks to still serves them.
 */
function shortNameWarnings(catalog: Catalog, name: string, chosen: KindData): string[] {
  const lower = name.toLowerCase();
  if (!(chosen.shortNames ?? []).includes(lower)) {
    return [];
  }
  const others = new Set<string>();
  for (const kind of resourcesNamed(catalog, lower)) {
    if (kind.group !== chosen.group && kind.deprecated !== true && (kind.shortNames ?? []).includes(lower)) {
      others.add(`${kind.resource}.${kind.group}`);
    }
  }
  return [...others].map(
    (resource) => `short name "${lower}" could also match lower priority resource ${resource}`,
  );
}

export function explain(base: Catalog, request: string, options: ExplainOptions = {}): ExplainResult {
  // kubectl explain prints what one API server publishes: one minor's view of the catalog.
  const catalog = base.atMinor(options.kubernetesVersion ?? base.minor ?? base.minors.newest);
  const resolved = resolveExplainTarget(catalog, request, options.apiVersion);
  if (!resolved.ok) {
    return resolved;
  }
  const result = renderExplain(catalog, resolved.target, options.recursive === true);
  return resolved.warnings ? { ...result, warnings: resolved.warnings } : result;
}

/** What a path leads to: the type at its end and the descriptions along the way. */
interface Location {
  type: SchemaType;
  field?: FieldInfo;
}

export function renderExplain(catalog: Catalog, target: ExplainTarget, recursive: boolean): ExplainResult {
  const { kind, fieldPath } = target;
  let header = '';
  if (kind.group) {
    header += `GROUP:      ${kind.group}\n`;
  }
  header += `KIND:       ${kind.kind}\nVERSION:    ${kind.version}\n\n`;

  let location: Location = { type: { kind: 'ref', id: kind.definition } };
  let body = '';
  for (let index = 0; index < fieldPath.length; index++) {
    const name = fieldPath[index]!;
    const owner = catalog.objectDefinitionOf(location.type);
    const field = owner ? fieldOf(catalog, owner.id, name) : undefined;
    if (!field) {
      // The template has printed the header by the time it fails (plaintext.tmpl, "schema").
      return {
        ok: false,
        text: header,
        error: `error: field "${fieldPath[fieldPath.length - 1] ?? name}" does not exist`,
      };
    }
    if (index === fieldPath.length - 1) {
      body += `FIELD: ${name} <${typeGuess(field.type, catalog)}>\n`;
      body += longEnum(field);
      body += '\n\n';
    }
    location = { type: field.type, field };
  }

  body += 'DESCRIPTION:\n';
  body += indent(4, wrap(76, descriptionChain(catalog, location) || '<empty>')) + '\n';
  const fields = fieldList(catalog, location.type, 1, recursive, new Set());
  if (fields) {
    body += `FIELDS:\n${fields}`;
  }
  return { ok: true, text: `${header}${body}\n` };
}

/**
 * The field's description followed by the description of every type it leads to, one per
 * line, each ending with a newline (the template's "description" walk).
 */
function descriptionChain(catalog: Catalog, location: Location): string {
  // The description as a live API server publishes it: with the "Possible enum values"
  // paragraph (kube-openapi's enum generator), which kubectl prints as part of it.
  const description = `${location.field?.field.description ?? ''}${location.field?.field.enumParagraph ?? ''}`;
  let text = description ? `${description}\n` : '';
  let type: SchemaType | undefined = location.type;
  while (type) {
    if (type.kind === 'ref') {
      const description = catalog.getDefinition(type.id)?.description;
      if (description) {
        text += `${description}\n`;
      }
      type = undefined;
    } else if (type.kind === 'array') {
      type = type.items;
    } else if (type.kind === 'map') {
      type = type.values;
    } else {
      type = undefined;
    }
  }
  return text;
}

function fieldList(
  catalog: Catalog,
  type: SchemaType,
  level: number,
  recursive: boolean,
  history: ReadonlySet<string>,
): string {
  const owner = catalog.objectDefinitionOf(type);
  if (!owner || history.has(owner.id)) {
    return '';
  }
  const nextHistory = new Set(history).add(owner.id);
  let text = '';
  for (const field of fieldsOf(catalog, owner.id)) {
    text += fieldDetail(catalog, field, level, recursive);
    if (recursive) {
      text += fieldList(catalog, field.type, level + 1, recursive, nextHistory);
    }
  }
  return text;
}

function fieldDetail(catalog: Catalog, field: FieldInfo, level: number, short: boolean): string {
  const indentAmount = level * 2;
  let text = `${indent(indentAmount, field.name)}\t<${typeGuess(field.type, catalog)}>`;
  if (field.required) {
    text += ' -required-';
  }
  text += shortEnum(field, indentAmount);
  text += '\n';
  if (!short) {
    const description = `${field.field.description ?? ''}${field.field.enumParagraph ?? ''}`;
    text += indent(indentAmount + 2, wrap(78 - indentAmount, description || '<no description>'));
    text += '\n\n';
  }
  return text;
}

/** The enum of a scalar field; kubectl does not look into array items for it. */
function scalarEnum(field: FieldInfo): string[] | undefined {
  return field.type.kind === 'scalar' ? field.field.enum : undefined;
}

function longEnum(field: FieldInfo): string {
  const values = scalarEnum(field);
  if (!values?.length) {
    return '';
  }
  return `ENUM:${values.map((value) => `\n    ${enumLiteral(value)}`).join('')}`;
}

function shortEnum(field: FieldInfo, indentAmount: number): string {
  const values = scalarEnum(field);
  if (!values?.length) {
    return '';
  }
  const shown = values.slice(0, 4).map(enumLiteral).join(', ');
  return `\n${' '.repeat(indentAmount)}enum: ${shown}${values.length > 4 ? ', ....' : ''}`;
}

function enumLiteral(value: string): string {
  return value === '' ? '""' : value;
}

/**
 * kubectl's type notation: `string`, `[]Container`, `map[string]string`, `Quantity`, `Object`.
 * With the catalog, a reference to a definition that is a plain scalar prints that scalar, as
 * kubectl's typeGuess does (plaintext.tmpl: "Only put the ref type name if it is an object"):
 * metav1.Time and MicroTime are `string`. IntOrString and Quantity have no single type and keep
 * their names.
 */
export function typeGuess(type: SchemaType, catalog?: Catalog): string {
  switch (type.kind) {
    case 'scalar':
      return type.name;
    case 'array':
      return `[]${typeGuess(type.items, catalog)}`;
    case 'map':
      return `map[string]${typeGuess(type.values, catalog)}`;
    case 'ref': {
      const referenced = catalog?.getDefinition(type.id)?.type;
      return referenced !== undefined && scalarTypes.has(referenced)
        ? referenced
        : shortDefinitionName(type.id);
    }
    case 'any':
    case 'union':
      return 'Object';
  }
}

const scalarTypes: ReadonlySet<string> = new Set(['string', 'integer', 'number', 'boolean']);

/** sprig-style indent: every line, including an empty last one, gets the padding. */
export function indent(amount: number, text: string): string {
  const pad = ' '.repeat(amount);
  return pad + text.split('\n').join(`\n${pad}`);
}

/** Go's unicode.IsSpace, without the no-break space that go-wordwrap keeps inside words. */
function isGoSpace(char: string): boolean {
  return /^[\t\n\v\f\r \u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(char);
}

/**
 * Word wrapping as github.com/mitchellh/go-wordwrap's WrapString does it, which kubectl uses:
 * existing line breaks are kept, lines break at the last space before the limit, and a word
 * longer than the limit is left whole on a line of its own.
 */
export function wrap(limit: number, text: string): string {
  let out = '';
  let current = 0;
  let word = '';
  let wordLength = 0;
  let spaces = '';
  let spacesLength = 0;
  for (const char of text) {
    if (char === '\n') {
      // Pending spaces before a line break are kept only when they fit.
      if (wordLength > 0 || current + spacesLength <= limit) {
        out += spaces + word;
      }
      out += char;
      current = 0;
      spaces = '';
      spacesLength = 0;
      word = '';
      wordLength = 0;
    } else if (isGoSpace(char)) {
      if (spacesLength === 0 || wordLength > 0) {
        current += spacesLength + wordLength;
        out += spaces + word;
        spaces = '';
        spacesLength = 0;
        word = '';
        wordLength = 0;
      }
      spaces += char;
      spacesLength++;
    } else {
      word += char;
      wordLength++;
      if (current + spacesLength + wordLength > limit && wordLength < limit) {
        out += '\n';
        current = 0;
        spaces = '';
        spacesLength = 0;
      }
    }
  }
  if (wordLength === 0) {
    if (current + spacesLength <= limit) {
      out += spaces;
    }
  } else {
    out += spaces + word;
  }
  return out;
}
