/**
 * Readers for the sources of the catalog's older Kubernetes minors (see generateCatalog.ts and
 * docs/notes/kubernetes-versions.md): the official OpenAPI v2 documents, which are read in full,
 * and two weaker sources that only say which definitions, fields and required fields a minor has
 * (`@kubernetes/client-node`, `cdk8s-plus-3x`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DefinitionData, FieldData, KindData } from '../src/catalog/catalogData';

/** A minor's definitions as a full source has them: fields with types, required, descriptions. */
export interface FullSnapshot {
  readonly definitions: ReadonlyMap<string, DefinitionData>;
  /** The kinds the source serves (definition id → group, version, kind). */
  readonly kinds: readonly Pick<KindData, 'group' | 'version' | 'kind' | 'definition'>[];
}

/** A minor's definitions as a weak source has them: which fields exist, which are required. */
export interface WeakDefinition {
  readonly fields: ReadonlySet<string>;
  readonly required: ReadonlySet<string>;
  /** Field descriptions where the source has them (client-node leaves out those of `$ref`s). */
  readonly descriptions: ReadonlyMap<string, string>;
}

export type WeakSnapshot = ReadonlyMap<string, WeakDefinition>;

interface SwaggerSchema {
  type?: string;
  format?: string;
  description?: string;
  $ref?: string;
  items?: SwaggerSchema;
  additionalProperties?: SwaggerSchema | boolean;
  properties?: Record<string, SwaggerSchema>;
  required?: string[];
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

interface SwaggerDocument {
  definitions: Record<string, SwaggerSchema>;
  paths: Record<string, unknown>;
}

/** Alpha API versions (`v1alpha1`) are left out of the catalog: no default cluster serves them. */
export function isAlphaDefinition(id: string): boolean {
  return /\.v\d+alpha\d+\./.test(id);
}

function swaggerType(schema: SwaggerSchema): string {
  if (schema.$ref) {
    return `#${schema.$ref.replace('#/definitions/', '')}`;
  }
  if (schema.type === 'array' && schema.items) {
    return `[]${swaggerType(schema.items)}`;
  }
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object') {
    return `map[string]${swaggerType(schema.additionalProperties)}`;
  }
  if (schema.format === 'int-or-string') {
    return 'integer|string';
  }
  switch (schema.type) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
      return schema.type;
  }
  return 'any';
}

/**
 * An official OpenAPI v2 document (`api/openapi-spec/swagger.json` of kubernetes/kubernetes) in
 * the catalog's shape. Alpha API versions are left out. The document has no enums: upstream's
 * checked-in spec drops them (kubernetes/kubernetes PR #109178).
 */
export function readSwagger(file: string): FullSnapshot {
  const document = JSON.parse(fs.readFileSync(file, 'utf8')) as SwaggerDocument;
  const definitions = new Map<string, DefinitionData>();
  const kinds: FullSnapshot['kinds'][number][] = [];
  const paths = Object.keys(document.paths);
  for (const id of Object.keys(document.definitions).sort()) {
    if (isAlphaDefinition(id)) {
      continue;
    }
    const schema = document.definitions[id]!;
    const definition: DefinitionData = {};
    if (schema.description) {
      definition.description = schema.description;
    }
    if (schema.properties) {
      const properties: Record<string, FieldData> = {};
      for (const name of Object.keys(schema.properties).sort()) {
        const property = schema.properties[name]!;
        const field: FieldData = { type: swaggerType(property) };
        if (property.description) {
          field.description = property.description;
        }
        properties[name] = field;
      }
      definition.properties = properties;
      if (schema.required?.length) {
        definition.required = [...schema.required];
      }
    } else {
      definition.type =
        id === 'io.k8s.apimachinery.pkg.api.resource.Quantity' ? 'number|string' : swaggerType(schema);
    }
    definitions.set(id, definition);
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      // A kind is served when its group-version has a path for it (DeleteOptions and the like
      // carry the GVK of every group but have no resource).
      const prefix = gvk.group ? `/apis/${gvk.group}/${gvk.version}/` : `/api/${gvk.version}/`;
      const served = paths.some(
        (p) =>
          p.startsWith(prefix) && !p.includes('/watch/') && p.endsWith('}') && schemaOwnsPath(p, gvk.kind),
      );
      if (served && /^v\d+(beta\d+)?$/.test(gvk.version)) {
        kinds.push({ group: gvk.group, version: gvk.version, kind: gvk.kind, definition: id });
      }
    }
  }
  return { definitions, kinds };
}

/** Whether a resource path is plausibly the kind's (its plural, lower-cased, is a segment). */
function schemaOwnsPath(p: string, kind: string): boolean {
  const lower = kind.toLowerCase();
  return p
    .split('/')
    .some(
      (segment) =>
        segment === `${lower}s` ||
        segment === `${lower}es` ||
        segment === lower ||
        segment === `${lower.slice(0, -1)}ies`,
    );
}

/**
 * `cdk8s-plus-3x`'s `lib/imports/k8s.d.ts` (`cdk8s import k8s` of the upstream spec): every
 * property carries `@schema <definition id>#<field>` with the spec's own names, and a property
 * without `?` is required. It has no status types, so an absent field is no evidence.
 */
export function readCdk8s(file: string): WeakSnapshot {
  const text = fs.readFileSync(file, 'utf8');
  const result = new Map<
    string,
    { fields: Set<string>; required: Set<string>; descriptions: Map<string, string> }
  >();
  const tag =
    /\/\*\*\n((?:\s*\*.*\n)*?)\s*\* @schema ([^\s#]+)#(\S+)\n\s*\*\/\n\s*readonly ('?)([^?:']+)\4(\??):/g;
  for (let match = tag.exec(text); match; match = tag.exec(text)) {
    const [, docs, id, field, , , optional] = match;
    if (isAlphaDefinition(`${id!}.`)) {
      continue;
    }
    let entry = result.get(id!);
    if (!entry) {
      entry = { fields: new Set(), required: new Set(), descriptions: new Map() };
      result.set(id!, entry);
    }
    entry.fields.add(field!);
    if (!optional) {
      entry.required.add(field!);
    }
    const description = docs!
      .split('\n')
      .map((line) => line.replace(/^\s*\* ?/, ''))
      .filter((line) => !line.startsWith('@'))
      .join('\n')
      .trim();
    if (description) {
      entry.descriptions.set(field!, description);
    }
  }
  return result;
}

/**
 * `@kubernetes/client-node`'s models (`dist/gen/models/V1PodSpec.{js,d.ts}`): the JSON names in
 * `attributeTypeMap`, required as a property without `?` in the declaration, descriptions from
 * JSDoc (none on `$ref` properties). Class names drop the definition id (`V1PodSpec`,
 * `CoreV1EventSeries` on a collision), so each is mapped to the known definition ids of the same
 * version and name, with the group as the tie-break; a class that matches none is left out.
 */
export function readClientNode(dir: string, knownIds: Iterable<string>): WeakSnapshot {
  const byClass = new Map<string, string[]>();
  for (const id of knownIds) {
    const match = /^(.*?)\.([a-z0-9-]+)\.(v\d+(?:(?:alpha|beta)\d+)?)\.([A-Za-z0-9]+)$/.exec(id);
    if (!match) {
      continue;
    }
    const version = match[3]!.charAt(0).toUpperCase() + match[3]!.slice(1);
    const plain = `${version}${match[4]!}`;
    const group = match[2]!.charAt(0).toUpperCase() + match[2]!.slice(1);
    byClass.set(plain, [...(byClass.get(plain) ?? []), id]);
    byClass.set(`${group}${plain}`, [...(byClass.get(`${group}${plain}`) ?? []), id]);
  }
  const modelsDir = path.join(dir, 'dist/gen/models');
  const result = new Map<string, WeakDefinition>();
  for (const file of fs
    .readdirSync(modelsDir)
    .filter((name) => name.endsWith('.js'))
    .sort()) {
    const className = file.slice(0, -3);
    const candidates = byClass.get(className) ?? [];
    if (candidates.length !== 1) {
      continue;
    }
    const js = fs.readFileSync(path.join(modelsDir, file), 'utf8');
    const dts = fs.readFileSync(path.join(modelsDir, `${className}.d.ts`), 'utf8');
    const fields = new Set<string>();
    const required = new Set<string>();
    const descriptions = new Map<string, string>();
    const attribute = /"name": "([^"]+)",\s*"baseName": "([^"]+)"/g;
    for (let match = attribute.exec(js); match; match = attribute.exec(js)) {
      const [, name, baseName] = match;
      fields.add(baseName!);
      const declared = new RegExp(
        `(?:/\\*\\*\\n((?:\\s*\\*.*\\n)*?)\\s*\\*/\\n)?\\s*'${name!.replace(/\$/g, '\\$')}'(\\??):`,
      ).exec(dts);
      if (declared && !declared[2]) {
        required.add(baseName!);
      }
      const doc = declared?.[1]
        ?.split('\n')
        .map((line) => line.replace(/^\s*\* ?/, ''))
        .join('\n')
        .trim();
      if (doc) {
        descriptions.set(baseName!, doc);
      }
    }
    result.set(candidates[0]!, { fields, required, descriptions });
  }
  return result;
}
