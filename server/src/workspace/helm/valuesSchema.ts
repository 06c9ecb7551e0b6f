/**
 * A chart's values checked against its `values.schema.json`, as `helm lint`, `helm install` and
 * `helm template` check them (helm/helm pkg/chartutil/jsonschema.go `ValidateAgainstSingleSchema`;
 * pkg/chart/common/util/jsonschema.go in Helm 4: JSON Schema with the draft its `$schema` names,
 * formats not asserted). Each error is placed on the key of values.yaml it is about.
 *
 * Also what a schema says about a path: whether it lets a key that values.yaml does not write
 * exist (`properties`, `patternProperties`, `additionalProperties`), and its description.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import { type ValuesNode, valuesNodeAt, type ValuesTree } from './valuesTree';

/** A values.schema.json: its text and its JSON (undefined when it does not parse). */
export interface SchemaText {
  readonly text: string;
  readonly schema: unknown;
}

export interface SchemaFinding {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** Compiled validators by schema text (the store's files are per text; a chart has one schema). */
export class ValuesSchemaCache {
  private readonly compiled = new Map<string, ValidateFunction | undefined>();

  validatorFor(schema: SchemaText): ValidateFunction | undefined {
    if (this.compiled.has(schema.text)) {
      return this.compiled.get(schema.text);
    }
    let validate: ValidateFunction | undefined;
    const json = schema.schema;
    if (typeof json === 'object' && json !== null) {
      const declared = (json as { $schema?: unknown }).$schema;
      const draft = typeof declared === 'string' ? declared : '';
      const options = {
        allErrors: true,
        strict: false,
        validateFormats: false,
        validateSchema: false,
      } as const;
      try {
        const ajv = draft.includes('2020-12')
          ? new Ajv2020(options)
          : draft.includes('2019-09')
            ? new Ajv2019(options)
            : new Ajv(options);
        validate = ajv.compile(stripDraft(json as Record<string, unknown>));
      } catch {
        validate = undefined;
      }
    }
    // Keep only the latest schema texts (one per chart being edited).
    if (this.compiled.size > 32) {
      this.compiled.delete(this.compiled.keys().next().value!);
    }
    this.compiled.set(schema.text, validate);
    return validate;
  }
}

/** ajv 8 knows draft-07 and later under its own meta-schema; a draft-04 or -06 `$schema` is dropped. */
function stripDraft(schema: Record<string, unknown>): Record<string, unknown> {
  const draft = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (/draft-0[46]/.test(draft)) {
    const { $schema: _ignored, ...rest } = schema;
    return rest;
  }
  return schema;
}

/** The values file's findings against the schema, placed on the keys they are about. */
export function checkValuesAgainstSchema(
  cache: ValuesSchemaCache,
  values: { readonly values: ValuesTree },
  schema: SchemaText,
): SchemaFinding[] {
  const validate = cache.validatorFor(schema);
  const tree = values.values;
  if (!validate || tree.broken) {
    return [];
  }
  const data = tree.root.data ?? {};
  if (validate(data)) {
    return [];
  }
  const findings: SchemaFinding[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    // A failed `if`/`anyOf`/`oneOf` branch repeats what its sub-errors say.
    if (error.keyword === 'if' || error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      continue;
    }
    const path = error.instancePath
      .split('/')
      .slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    const key = additionalKey(error);
    const node = nearestNode(tree.root, key === undefined ? path : [...path, key]);
    const message = messageOf(error, path, key);
    const id = `${node.keyStart}:${message}`;
    if (seen.has(id)) {
      continue;
    }
    seen.add(id);
    findings.push({ start: node.keyStart, end: node.keyEnd, message });
  }
  return findings.sort((a, b) => a.start - b.start);
}

function additionalKey(error: ErrorObject): string | undefined {
  const params = error.params as { additionalProperty?: unknown; unevaluatedProperty?: unknown };
  const key = params.additionalProperty ?? params.unevaluatedProperty;
  return typeof key === 'string' ? key : undefined;
}

function nearestNode(root: ValuesNode, path: readonly string[]): ValuesNode {
  for (let length = path.length; length >= 0; length--) {
    const node = valuesNodeAt(root, path.slice(0, length));
    if (node) {
      return node;
    }
  }
  return root;
}

function messageOf(error: ErrorObject, path: readonly string[], key: string | undefined): string {
  const where = path.length === 0 ? 'values' : path.join('.');
  if (key !== undefined) {
    return `values.schema.json does not allow the key "${key}" in ${where} (additional properties are not allowed).`;
  }
  return `${where} ${error.message ?? 'is invalid'} (values.schema.json${error.schemaPath ? ` ${error.schemaPath}` : ''}).`;
}

type SchemaObject = Record<string, unknown>;

function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The schemas a key of an object schema may be read with (its `properties` entry, the
 * `patternProperties` it matches, `additionalProperties`), looking into `allOf`/`anyOf`/`oneOf`
 * and local `$ref`s. `open` when the schema lets the key exist without writing it in properties.
 */
export function schemaChild(
  root: unknown,
  schema: unknown,
  key: string,
): { readonly schemas: unknown[]; readonly open: boolean } {
  const schemas: unknown[] = [];
  let open = false;
  const visit = (current: unknown, depth: number): void => {
    if (!isSchemaObject(current) || depth > 8) {
      return;
    }
    if (typeof current.$ref === 'string' && current.$ref.startsWith('#/')) {
      visit(resolvePointer(root, current.$ref), depth + 1);
    }
    for (const combinator of ['allOf', 'anyOf', 'oneOf']) {
      const list = current[combinator];
      if (Array.isArray(list)) {
        list.forEach((entry) => visit(entry, depth + 1));
      }
    }
    const properties = current.properties;
    if (isSchemaObject(properties) && key in properties) {
      schemas.push(properties[key]);
      open = true;
    }
    const patterns = current.patternProperties;
    if (isSchemaObject(patterns)) {
      for (const [pattern, value] of Object.entries(patterns)) {
        try {
          if (new RegExp(pattern, 'u').test(key)) {
            schemas.push(value);
            open = true;
          }
        } catch {
          // A pattern JavaScript cannot read proves nothing.
        }
      }
    }
    const additional = current.additionalProperties;
    if (additional === true || isSchemaObject(additional)) {
      if (isSchemaObject(additional)) {
        schemas.push(additional);
      }
      open = true;
    }
  };
  visit(schema, 0);
  return { schemas, open };
}

/** Whether the schema lets a values path exist (every key of it allowed by its parent's schema). */
export function schemaAllowsPath(root: unknown, path: readonly string[]): boolean {
  let current: unknown[] = [root];
  for (const key of path) {
    const next: unknown[] = [];
    let open = false;
    for (const schema of current) {
      const found = schemaChild(root, schema, key);
      open ||= found.open;
      next.push(...found.schemas);
    }
    if (!open) {
      return false;
    }
    if (next.length === 0) {
      // An `additionalProperties: true`: anything below is allowed too.
      return true;
    }
    current = next;
  }
  return true;
}

/** The description (or title) the schema gives a values path, if any. */
export function schemaDescription(root: unknown, path: readonly string[]): string | undefined {
  let current: unknown[] = [root];
  for (const key of path) {
    current = current.flatMap((schema) => schemaChild(root, schema, key).schemas);
  }
  for (const schema of current) {
    const resolved =
      isSchemaObject(schema) && typeof schema.$ref === 'string' ? resolvePointer(root, schema.$ref) : schema;
    for (const candidate of [schema, resolved]) {
      if (isSchemaObject(candidate)) {
        const text = candidate.description ?? candidate.title;
        if (typeof text === 'string') {
          return text;
        }
      }
    }
  }
  return undefined;
}

/** The property names a schema gives an object at a values path, with their descriptions. */
export function schemaProperties(root: unknown, path: readonly string[]): Map<string, string | undefined> {
  let current: unknown[] = [root];
  for (const key of path) {
    current = current.flatMap((schema) => schemaChild(root, schema, key).schemas);
  }
  const names = new Map<string, string | undefined>();
  const visit = (schema: unknown, depth: number): void => {
    if (!isSchemaObject(schema) || depth > 8) {
      return;
    }
    if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#/')) {
      visit(resolvePointer(root, schema.$ref), depth + 1);
    }
    for (const combinator of ['allOf', 'anyOf', 'oneOf']) {
      const list = schema[combinator];
      if (Array.isArray(list)) {
        list.forEach((entry) => visit(entry, depth + 1));
      }
    }
    if (isSchemaObject(schema.properties)) {
      for (const [name, value] of Object.entries(schema.properties)) {
        const text = isSchemaObject(value) ? (value.description ?? value.title) : undefined;
        if (!names.has(name) || names.get(name) === undefined) {
          names.set(name, typeof text === 'string' ? text : undefined);
        }
      }
    }
  };
  current.forEach((schema) => visit(schema, 0));
  return names;
}

function resolvePointer(root: unknown, pointer: string): unknown {
  let current = root;
  for (const part of pointer.slice(2).split('/')) {
    if (!isSchemaObject(current)) {
      return undefined;
    }
    current = current[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return current;
}
