/**
 * Completion: the keys valid at the cursor for the document's kind, enum and boolean values,
 * kinds and apiVersions, the required skeleton of the current object, and values that refer to
 * something else in the same pod (named ports, volume names).
 * Where the cursor is, in the document's structure, comes from completionSite.ts.
 */
import {
  type CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  type CompletionList,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import {
  type Catalog,
  type FieldInfo,
  type KindData,
  apiVersionOf,
  compareVersionPriority,
  fieldsOf,
} from '../catalog/catalog';
import { type AllowedValues, allowedValues, valuesAt } from '../catalog/closedValueSets';
import { typeGuess } from '../catalog/explain';
import { containerListFields, lifecycleHookFields, probeFields, readPodView } from '../kubernetes/podView';
import { type JsonObject, listOf, objectOf, stringOf } from '../common/guards';
import {
  type CustomResourceSchemas,
  type CustomResourceType,
  noCustomResources,
} from '../common/customResources';
import { type ResolvedKind, resolveDocumentKind } from '../catalog/customResourceCatalog';
import { requiredFields } from '../schema/apiRequired';
import { type ResolvedType, resolveSchemaPath, resolveType } from '../schema/schemaNavigator';
import type { ManifestFile } from '../yaml/manifestFile';
import { yamlString } from '../yaml/scalars';
import { triggerSuggestCommand } from '../protocol/customMessages';
import { type CompletionSite, findCompletionSite, marker } from './completionSite';

/**
 * The kind of the data at the cursor's document, when it has one, with the catalog that knows
 * it (a custom resource's schema is laid over the built-in catalog).
 */
function kindOf(
  catalog: Catalog,
  customResources: CustomResourceSchemas,
  data: unknown,
): ResolvedKind | undefined {
  const { apiVersion, kind } = (data ?? {}) as { apiVersion?: unknown; kind?: unknown };
  return typeof apiVersion === 'string' &&
    typeof kind === 'string' &&
    kind !== marker &&
    apiVersion !== marker
    ? resolveDocumentKind(catalog, customResources, apiVersion, kind)
    : undefined;
}

export function doComplete(
  catalogFor: (identity: { apiVersion?: unknown; kind?: unknown }) => Catalog,
  file: ManifestFile,
  position: Position,
  customResources: CustomResourceSchemas = noCustomResources,
): CompletionList {
  const empty: CompletionList = { isIncomplete: false, items: [] };
  const completionSite = findCompletionSite(file, position);
  if (!completionSite) {
    return empty;
  }
  const { data } = completionSite;
  const root = (data ?? {}) as Record<string, unknown>;
  // The catalog for the document's own kind, read from the data the site was found in (the
  // same text, with the marker): the file's other documents need not be parsed for it.
  const catalog = catalogFor(root);
  const isRoot = completionSite.path.length === 0;
  const hasIdentityKey = 'apiVersion' in root || 'kind' in root;
  if (!hasIdentityKey) {
    // Not (yet) a Kubernetes manifest: only offer to start one, at the top level of a document
    // that holds nothing else yet. A docker-compose file or a workflow gets nothing from us.
    const startsDocument = Object.keys(root).every((key) => key === marker);
    return isRoot && completionSite.mode === 'key' && startsDocument
      ? { isIncomplete: false, items: identityKeyItems(completionSite) }
      : empty;
  }
  if (completionSite.mode === 'value' && completionSite.path.length === 1) {
    if (completionSite.path[0] === 'kind') {
      return {
        isIncomplete: false,
        items: [
          ...kindItems(catalog, completionSite),
          ...customKindItems(catalog, customResources, completionSite, root.apiVersion),
        ],
      };
    }
    if (completionSite.path[0] === 'apiVersion') {
      return {
        isIncomplete: false,
        items: apiVersionItems(catalog, customResources, completionSite, root.kind),
      };
    }
  }
  const resolved = kindOf(catalog, customResources, data);
  if (!resolved) {
    return isRoot && completionSite.mode === 'key'
      ? { isIncomplete: false, items: identityKeyItems(completionSite) }
      : empty;
  }
  const { kind } = resolved;
  const items =
    completionSite.mode === 'key'
      ? keyItems(resolved.catalog, kind, completionSite)
      : valueItems(resolved.catalog, kind, completionSite);
  return { isIncomplete: false, items };
}

function identityKeyItems(completionSite: CompletionSite): CompletionItem[] {
  return ['apiVersion', 'kind']
    .filter((name) => !completionSite.existingKeys.has(name))
    .map((name) => ({
      label: name,
      kind: CompletionItemKind.Property,
      detail: '<string>',
      textEdit: { range: completionSite.replace, newText: `${name}: ` },
      command: { title: 'Suggest', command: triggerSuggestCommand },
    }));
}

function kindItems(catalog: Catalog, completionSite: CompletionSite): CompletionItem[] {
  const seen = new Map<string, KindData>();
  for (const entry of catalog.kinds) {
    if (!entry.kind.endsWith('List') && !seen.has(entry.kind)) {
      seen.set(entry.kind, catalog.findKinds(entry.kind)[0]!);
    }
  }
  return [...seen.values()].map((entry) => ({
    label: entry.kind,
    kind: CompletionItemKind.Class,
    detail: apiVersionOf(entry),
    documentation: catalog.getDefinition(entry.definition)?.description,
    textEdit: { range: completionSite.replace, newText: `${completionSite.valuePrefix}${entry.kind}` },
    ...(entry.deprecated ? { tags: [CompletionItemTag.Deprecated] } : {}),
  }));
}

/**
 * The custom resource kinds the workspace's CRDs and the bundled pack define: those of the
 * document's apiVersion when it names a custom group, else every one (a kind of the same name as
 * a built-in kind, such as Knative's Service, is offered with its apiVersion as detail).
 */
function customKindItems(
  catalog: Catalog,
  customResources: CustomResourceSchemas,
  completionSite: CompletionSite,
  apiVersion: unknown,
): CompletionItem[] {
  const types = customResources.list();
  const ofVersion =
    typeof apiVersion === 'string' ? types.filter((type) => type.apiVersion === apiVersion) : [];
  const builtinNames = new Set(catalog.kinds.map((entry) => entry.kind));
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const type of ofVersion.length > 0 ? ofVersion : types) {
    // One item per kind name: the first type listed (the preferred source) speaks for it.
    if (seen.has(type.kind) || (builtinNames.has(type.kind) && ofVersion.length === 0)) {
      continue;
    }
    seen.add(type.kind);
    // A workspace CRD's schema is in memory; a bundled one is read only for a document that uses
    // its kind, never to list kinds.
    const description =
      type.source.kind === 'workspace' ? stringOf(safeSchema(type)?.description) : undefined;
    items.push({
      label: type.kind,
      kind: CompletionItemKind.Class,
      detail: type.apiVersion,
      ...(description ? { documentation: description } : {}),
      textEdit: { range: completionSite.replace, newText: `${completionSite.valuePrefix}${type.kind}` },
      ...(type.deprecated ? { tags: [CompletionItemTag.Deprecated] } : {}),
    });
  }
  return items;
}

/** A type's schema, or nothing when a bundled one cannot be read. */
function safeSchema(type: CustomResourceType): JsonObject | undefined {
  try {
    return type.schema();
  } catch {
    return undefined;
  }
}

function apiVersionItems(
  catalog: Catalog,
  customResources: CustomResourceSchemas,
  completionSite: CompletionSite,
  kind: unknown,
): CompletionItem[] {
  const customOfKind =
    typeof kind === 'string' ? customResources.list().filter((type) => type.kind === kind) : [];
  const builtin = typeof kind === 'string' ? catalog.findKinds(kind) : [];
  // A kind's own apiVersions when it is known (built-in, custom or both), else every one.
  const versions = [
    ...new Set(
      builtin.length > 0 || customOfKind.length > 0
        ? [...builtin.map(apiVersionOf), ...customVersionsInOrder(customOfKind)]
        : [...catalog.kinds.map(apiVersionOf), ...customVersionsInOrder(customResources.list())],
    ),
  ];
  return versions.map((apiVersion, index) => ({
    label: apiVersion,
    kind: CompletionItemKind.EnumMember,
    sortText: String(index).padStart(4, '0'),
    ...(index === 0 ? { preselect: true } : {}),
    textEdit: { range: completionSite.replace, newText: `${completionSite.valuePrefix}${apiVersion}` },
  }));
}

/** A group's versions, preferred first (GA before beta before alpha), as discovery orders them. */
function customVersionsInOrder(types: readonly CustomResourceType[]): string[] {
  return [...types]
    .sort((a, b) =>
      a.group < b.group ? -1 : a.group > b.group ? 1 : compareVersionPriority(a.version, b.version),
    )
    .map((type) => type.apiVersion);
}

function fieldDocumentation(
  field: FieldInfo,
): { kind: typeof MarkupKind.Markdown; value: string } | undefined {
  const parts = [field.field.description, defaultDocumentation(field.field.default)].filter(
    (part): part is string => part !== undefined && part !== '',
  );
  return parts.length > 0 ? { kind: MarkupKind.Markdown, value: parts.join('\n\n') } : undefined;
}

/** A custom resource field's `default`, as the API server fills it in (structural defaulting). */
function defaultDocumentation(value: unknown): string | undefined {
  return value === undefined ? undefined : `Default: \`${JSON.stringify(value)}\``;
}

/** The text of a scalar default, as YAML, for inserting it. */
function scalarDefault(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return yamlString(value);
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function keyItems(catalog: Catalog, kind: KindData, completionSite: CompletionSite): CompletionItem[] {
  const location = resolveSchemaPath(catalog, kind, completionSite.path);
  if (!location) {
    return [];
  }
  const resolved = resolveType(catalog, location.type);
  if (resolved.kind !== 'object') {
    return [];
  }
  const required = new Set(requiredFields(resolved.id, resolved.definition.required));
  const items: CompletionItem[] = [];
  for (const field of fieldsOf(catalog, resolved.id)) {
    if (completionSite.existingKeys.has(field.name)) {
      continue;
    }
    const fieldType = resolveType(catalog, field.type);
    const isRequired = required.has(field.name);
    const item: CompletionItem = {
      label: field.name,
      kind: CompletionItemKind.Property,
      detail: `<${typeGuess(field.type, catalog)}>${isRequired ? ' -required-' : ''}`,
      sortText: `${isRequired ? '0' : '1'}${field.name}`,
      filterText: field.name,
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
      textEdit: {
        range: completionSite.replace,
        newText: keySnippet(
          field.name,
          fieldType,
          completionSite.keyColumn,
          scalarDefault(field.field.default),
        ),
      },
    };
    const documentation = fieldDocumentation(field);
    if (documentation) {
      item.documentation = documentation;
    }
    if (field.field.deprecated) {
      item.tags = [CompletionItemTag.Deprecated];
    }
    if (
      allowedValues(field.ownerId, field.name, field.field) ||
      (fieldType.kind === 'scalar' && fieldType.name === 'boolean')
    ) {
      item.command = { title: 'Suggest', command: triggerSuggestCommand };
    }
    items.push(item);
  }
  const skeleton = requiredSkeleton(
    catalog,
    resolved.id,
    completionSite.existingKeys,
    completionSite.keyColumn,
  );
  if (skeleton) {
    items.push({
      label: 'required fields',
      kind: CompletionItemKind.Snippet,
      detail: skeleton.names.join(', '),
      documentation: {
        kind: MarkupKind.Markdown,
        value: `Inserts the required fields of this object: ${skeleton.names.map((name) => `\`${name}\``).join(', ')}.`,
      },
      sortText: '00',
      filterText: skeleton.names.join(' '),
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
      textEdit: { range: completionSite.replace, newText: skeleton.text },
    });
  }
  return items;
}

/**
 * The text inserted for a key, with the cursor ($0) where its value goes; a scalar with a
 * default (a custom resource's) gets the default as a placeholder to keep or type over.
 */
function keySnippet(name: string, type: ResolvedType, column: number, defaultValue?: string): string {
  const childIndent = ' '.repeat(column + 2);
  switch (type.kind) {
    case 'object':
    case 'map':
      return `${name}:\n${childIndent}$0`;
    case 'array':
      return `${name}:\n${childIndent}- $0`;
    default:
      return defaultValue === undefined
        ? `${name}: $0`
        : `${name}: \${1:${defaultValue.replace(/[$}\\]/g, (char) => `\\${char}`)}}`;
  }
}

/**
 * The required fields of an object, as snippet lines starting at the cursor's column; objects and
 * lists of objects among them get their own required fields, a few levels deep.
 */
function requiredSkeleton(
  catalog: Catalog,
  definitionId: string,
  existing: ReadonlySet<string>,
  column: number,
): { names: string[]; text: string } | undefined {
  let tabStop = 1;
  const lines = (
    id: string,
    skip: ReadonlySet<string>,
    indent: number,
    depth: number,
    firstPrefix: string,
  ): string[] => {
    const definition = catalog.getDefinition(id);
    const names = requiredFields(id, definition?.required).filter((name) => !skip.has(name));
    const out: string[] = [];
    names.forEach((name, index) => {
      const field = definition?.properties?.[name];
      const pad = index === 0 ? firstPrefix : ' '.repeat(indent);
      const type = field ? resolveType(catalog, catalog.parseType(field.type)) : ({ kind: 'any' } as const);
      if (type.kind === 'object' && depth < 3) {
        const inner = lines(type.id, new Set(), indent + 2, depth + 1, ' '.repeat(indent + 2));
        out.push(inner.length > 0 ? `${pad}${name}:` : `${pad}${name}: {}`, ...inner);
      } else if (type.kind === 'array' && depth < 3) {
        const items = resolveType(catalog, type.items);
        const inner =
          items.kind === 'object'
            ? lines(items.id, new Set(), indent + 4, depth + 1, `${' '.repeat(indent + 2)}- `)
            : [];
        out.push(
          `${pad}${name}:`,
          ...(inner.length > 0 ? inner : [`${' '.repeat(indent + 2)}- \${${tabStop++}}`]),
        );
      } else {
        const enumValues = field ? allowedValues(id, name, field)?.values : undefined;
        const value =
          enumValues && enumValues.length > 0
            ? `\${${tabStop++}|${enumValues.map((value) => escapeChoice(yamlString(value))).join(',')}|}`
            : `\${${tabStop++}}`;
        out.push(`${pad}${name}: ${value}`);
      }
    });
    return out;
  };
  const definition = catalog.getDefinition(definitionId);
  const names = requiredFields(definitionId, definition?.required).filter((name) => !existing.has(name));
  if (names.length === 0) {
    return undefined;
  }
  const text = lines(definitionId, existing, column, 0, '').join('\n');
  return { names, text };
}

/** Where a closed value set comes from, for a value that has no documentation of its own. */
function closedSetDocumentation(allowed: AllowedValues): string | undefined {
  return allowed.closedSet
    ? `Accepted by the API server's validation (${allowed.closedSet.source}).`
    : undefined;
}

function escapeChoice(value: string): string {
  return value.replace(/[,|\\$}]/g, (char) => `\\${char}`);
}

function valueItems(catalog: Catalog, kind: KindData, completionSite: CompletionSite): CompletionItem[] {
  const location = resolveSchemaPath(catalog, kind, completionSite.path);
  const items: CompletionItem[] = [];
  const replace = (text: string): { range: Range; newText: string } => ({
    range: completionSite.replace,
    newText: `${completionSite.valuePrefix}${text}`,
  });
  if (location) {
    const field = location.field;
    const type = resolveType(catalog, location.type);
    const allowed = field ? allowedValues(field.ownerId, field.name, field.field) : undefined;
    if (field && allowed && type.kind === 'scalar') {
      // A closed set narrowed by another field (a Never pod's resizePolicy) offers what is left.
      const values = allowed.closedSet
        ? valuesAt(allowed.closedSet, completionSite.data, completionSite.path, (prefix) => {
            const owner = resolveSchemaPath(catalog, kind, prefix);
            const resolved = owner ? resolveType(catalog, owner.type) : undefined;
            return resolved?.kind === 'object' ? resolved.id : undefined;
          })
        : allowed.values;
      values.forEach((value, index) => {
        const documentation = allowed.descriptions?.[index] || closedSetDocumentation(allowed);
        items.push({
          label: value === '' ? '""' : value,
          kind: CompletionItemKind.EnumMember,
          detail: `${field.name}`,
          ...(documentation ? { documentation } : {}),
          // Quoted where YAML would read it as something else: status "True" stays a string.
          textEdit: replace(yamlString(value)),
        });
      });
    } else if (type.kind === 'scalar' && type.name === 'boolean') {
      for (const value of ['true', 'false']) {
        items.push({ label: value, kind: CompletionItemKind.Value, textEdit: replace(value) });
      }
    }
    const defaultText = field && !allowed ? scalarDefault(field.field.default) : undefined;
    if (defaultText !== undefined && !items.some((item) => item.label === defaultText)) {
      items.push({
        label: defaultText,
        kind: CompletionItemKind.Value,
        detail: 'default',
        textEdit: replace(defaultText),
      });
    } else if (defaultText !== undefined) {
      const item = items.find((entry) => entry.label === defaultText)!;
      item.detail = 'default';
    }
  }
  for (const reference of referenceValues(kind, completionSite)) {
    items.push({
      label: reference.value,
      kind: CompletionItemKind.Reference,
      detail: reference.detail,
      textEdit: replace(reference.value),
    });
  }
  return items;
}

/**
 * Values that refer to something else in the same pod: a probe's or hook's named `port`
 * offers the container's port names; `volumeMounts[].name` offers the pod's volumes.
 */
function referenceValues(
  kind: KindData,
  completionSite: CompletionSite,
): { value: string; detail: string }[] {
  // The pod of the data with the marker: the document's own view predates what is being typed.
  const pod = readPodView(kind.kind, completionSite.data);
  const path = completionSite.path;
  if (!pod || !pod.path.every((segment, index) => path[index] === segment)) {
    return [];
  }
  const [list, index, ...rest] = path.slice(pod.path.length);
  if (!containerListFields.some((field) => field === list) || typeof index !== 'number') {
    return [];
  }
  const container = pod.containers.find((entry) => entry.list === list && entry.index === index);
  const last = rest[rest.length - 1];
  const handlerPort =
    last === 'port' &&
    ((rest.length === 3 &&
      probeFields.some((field) => field === rest[0]) &&
      (rest[1] === 'httpGet' || rest[1] === 'tcpSocket')) ||
      (rest.length === 4 &&
        rest[0] === 'lifecycle' &&
        lifecycleHookFields.some((field) => field === rest[1]) &&
        (rest[2] === 'httpGet' || rest[2] === 'tcpSocket')));
  if (handlerPort) {
    return listOf(container?.data.ports).flatMap((port) => {
      const { name, containerPort } = objectOf(port) ?? {};
      return typeof name === 'string' && name !== '' && name !== marker
        ? [{ value: name, detail: `containerPort ${String(containerPort)}` }]
        : [];
    });
  }
  if (rest.length === 3 && rest[0] === 'volumeMounts' && typeof rest[1] === 'number' && rest[2] === 'name') {
    return pod.volumes.flatMap(({ name, data }) => {
      const source = Object.keys(data).find((key) => key !== 'name');
      return name !== undefined && name !== '' && name !== marker
        ? [{ value: name, detail: source ? `volume (${source})` : 'volume' }]
        : [];
    });
  }
  return [];
}
