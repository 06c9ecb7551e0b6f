/**
 * What Kubernetes binds to `self` in a CRD's validation rule: the value of the node, defaulted,
 * and typed by the node's structural schema.
 *
 * - Defaults first: the API server defaults a custom resource when it decodes it, before it
 *   validates (k8s.io/apiextensions-apiserver pkg/apiserver/schema/defaulting/algorithm.go
 *   `Default`), so a rule sees a defaulted field as set.
 * - Then the types (k8s.io/apiserver pkg/cel/common/valuesunstructured.go `UnstructuredToVal`):
 *   `integer` → int, `number` → double (a whole number too), `x-kubernetes-int-or-string` → int or
 *   string, strings of format `duration` / `date` / `date-time` / `byte` → duration / timestamp /
 *   bytes, an object with `properties` → an object whose field names are escaped
 *   (pkg/cel/escaping.go `Escape`: `foo-bar` is `self.foo__dash__bar`), an object with
 *   `additionalProperties` → a map keyed by the plain keys. A value of the wrong type is an error
 *   there (`types.NewErr("invalid data, …")`); here it makes the whole value unusable, and the
 *   rules over it are not judged (the schema's own diagnostics report the type).
 */
import type * as CelEvaluator from '@marcbachmann/cel-js/evaluator' with { 'resolution-mode': 'import' };

import type { JsonObject } from '../../common/guards';
import { isJsonObject, listOf, objectOf, stringOf } from '../../common/guards';

// The CEL library is an ES module; esbuild bundles it, and Node ≥ 20.19 can require it in tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Duration } = require('@marcbachmann/cel-js/evaluator') as typeof CelEvaluator;

/** A value of the wrong type for its schema: rules over it are not evaluated. */
export const invalidData: unique symbol = Symbol('invalid data');

/** CEL's reserved words, escaped as `__word__` (k8s.io/apiserver pkg/cel/escaping.go `celReservedSymbols`). */
const reservedWords = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

/**
 * A property name as CEL expressions spell it, or undefined when it cannot be spelled
 * (k8s.io/apiserver pkg/cel/escaping.go `Escape`): `__` → `__underscores__`, `.` → `__dot__`,
 * `-` → `__dash__`, `/` → `__slash__`, a reserved word → `__word__`; a name that starts with a
 * digit or holds any other character is not accessible.
 */
export function escapePropertyName(name: string): string | undefined {
  if (escapedNames.has(name)) {
    return escapedNames.get(name);
  }
  const escaped = escape(name);
  if (escapedNames.size >= 10_000) {
    escapedNames.clear();
  }
  escapedNames.set(name, escaped);
  return escaped;
}

const escapedNames = new Map<string, string | undefined>();

function escape(name: string): string | undefined {
  if (name.length === 0 || /^[0-9]/.test(name)) {
    return undefined;
  }
  if (reservedWords.has(name)) {
    return `__${name}__`;
  }
  if (!/^[A-Za-z0-9_./-]+$/.test(name)) {
    return undefined;
  }
  return name.replace(/__|[./-]/g, (match) =>
    match === '__' ? '__underscores__' : match === '.' ? '__dot__' : match === '-' ? '__dash__' : '__slash__',
  );
}

function isNullable(schema: JsonObject | undefined): boolean {
  return schema?.['nullable'] === true;
}

/**
 * The value with the schema's defaults filled in, without changing the input (the defaulting
 * algorithm, `Default`, over a deep copy): a property missing, or null where the schema is not
 * nullable, takes its default; map values and list items are defaulted by their schemas.
 */
export function withDefaults(value: unknown, schema: JsonObject | undefined): unknown {
  if (!schema || !hasDefaultsBelow(schema)) {
    return value;
  }
  if (Array.isArray(value)) {
    const items = objectOf(schema['items']);
    return value.map((item) =>
      withDefaults(
        item === null && items && !isNullable(items) && 'default' in items ? items['default'] : item,
        items,
      ),
    );
  }
  if (!isJsonObject(value)) {
    return value;
  }
  const properties = objectOf(schema['properties']);
  const additional = objectOf(schema['additionalProperties']);
  const result: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    result[key] = child;
  }
  if (properties) {
    for (const [key, property] of Object.entries(properties)) {
      const propertySchema = objectOf(property);
      if (propertySchema && 'default' in propertySchema && propertySchema['default'] !== null) {
        const current = result[key];
        if (!(key in result) || (current === null && !isNullable(propertySchema))) {
          result[key] = structuredClone(propertySchema['default']);
        }
      }
    }
  }
  for (const key of Object.keys(result)) {
    const propertySchema = properties ? objectOf(properties[key]) : undefined;
    if (propertySchema) {
      result[key] = withDefaults(result[key], propertySchema);
    } else if (additional) {
      const child = result[key];
      result[key] = withDefaults(
        child === null && !isNullable(additional) && 'default' in additional
          ? structuredClone(additional['default'])
          : child,
        additional,
      );
    }
  }
  return result;
}

/** Whether a schema node or any node below it has a default: a subtree without any is not copied. */
const defaultsBelowBySchema = new WeakMap<JsonObject, boolean>();

function hasDefaultsBelow(schema: JsonObject): boolean {
  const known = defaultsBelowBySchema.get(schema);
  if (known !== undefined) {
    return known;
  }
  defaultsBelowBySchema.set(schema, false);
  const children = [
    ...Object.values(objectOf(schema['properties']) ?? {}),
    schema['items'],
    schema['additionalProperties'],
  ];
  const found = children.some((child) => {
    const childSchema = objectOf(child);
    return childSchema !== undefined && ('default' in childSchema || hasDefaultsBelow(childSchema));
  });
  defaultsBelowBySchema.set(schema, found);
  return found;
}

/** The properties always readable at the root of a resource (`WithTypeAndObjectMeta`). */
function withTypeAndObjectMeta(schema: JsonObject): JsonObject {
  const properties = { ...objectOf(schema['properties']) };
  properties['apiVersion'] ??= { type: 'string' };
  properties['kind'] ??= { type: 'string' };
  const metadata = objectOf(properties['metadata']);
  const metadataProperties = { ...objectOf(metadata?.['properties']) };
  metadataProperties['name'] ??= { type: 'string' };
  metadataProperties['generateName'] ??= { type: 'string' };
  properties['metadata'] = { ...metadata, type: 'object', properties: metadataProperties };
  return { ...schema, type: 'object', properties };
}

/**
 * A Go duration as strfmt parses it (k8s.io/kube-openapi pkg/validation/strfmt/duration.go
 * `ParseDuration`: Go's units and `d`, `w`), or undefined.
 */
function parseDuration(text: string): CelEvaluator.Duration | undefined {
  const match = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h|d|w))+$/.exec(text);
  if (!match) {
    return undefined;
  }
  const unitNanos: Record<string, number> = {
    ns: 1,
    us: 1e3,
    µs: 1e3,
    ms: 1e6,
    s: 1e9,
    m: 60e9,
    h: 3600e9,
    d: 86400e9,
    w: 604800e9,
  };
  let nanos = 0;
  for (const part of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d|w)/g)) {
    nanos += Number(part[1]) * unitNanos[part[2]!]!;
  }
  if (match[1] === '-') {
    nanos = -nanos;
  }
  const seconds = Math.trunc(nanos / 1e9);
  return new Duration(BigInt(seconds), Math.round(nanos - seconds * 1e9));
}

/** An RFC 3339 date-time (strfmt `ParseDateTime`) or full date, as a Date, or undefined. */
function parseTimestamp(text: string, dateOnly: boolean): Date | undefined {
  const pattern = dateOnly
    ? /^\d{4}-\d{2}-\d{2}$/
    : /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
  if (!pattern.test(text)) {
    return undefined;
  }
  const date = new Date(dateOnly ? `${text}T00:00:00Z` : text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The CEL value of a node of a custom resource under its structural schema, or `invalidData`.
 * `isResourceRoot` for the custom resource's root and embedded resources, where `apiVersion`,
 * `kind`, `metadata.name` and `metadata.generateName` are always readable.
 */
export function celValueOf(
  value: unknown,
  schema: JsonObject | undefined,
  isResourceRoot = false,
  cache?: CelValueCache,
): unknown {
  // A node's value is converted once per evaluation, however many rules above and below it read it.
  const cacheable =
    cache !== undefined &&
    schema !== undefined &&
    typeof value === 'object' &&
    value !== null &&
    !isResourceRoot;
  if (cacheable) {
    const hit = cache.get(value)?.get(schema);
    if (hit !== undefined) {
      return hit;
    }
  }
  const converted = convert(value, schema, isResourceRoot, cache);
  if (cacheable) {
    let bySchema = cache.get(value);
    if (!bySchema) {
      bySchema = new Map();
      cache.set(value, bySchema);
    }
    bySchema.set(schema, converted);
  }
  return converted;
}

/** The CEL values already converted during one evaluation, by node and schema. */
export type CelValueCache = WeakMap<object, Map<JsonObject, unknown>>;

function convert(
  value: unknown,
  schema: JsonObject | undefined,
  isResourceRoot: boolean,
  cache: CelValueCache | undefined,
): unknown {
  if (value === null || value === undefined) {
    return isNullable(schema) ? null : invalidData;
  }
  if (!schema) {
    return plainCelValue(value);
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    if (typeof value === 'string') {
      return value;
    }
    return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : invalidData;
  }
  const type = stringOf(schema['type']);
  switch (type) {
    case 'object': {
      if (!isJsonObject(value)) {
        return invalidData;
      }
      // (A map's schema, with additionalProperties, is never a resource's root: left as a map.)
      const embedded =
        (isResourceRoot && !objectOf(schema['additionalProperties'])) ||
        schema['x-kubernetes-embedded-resource'] === true;
      const objectSchema = embedded ? withTypeAndObjectMeta(schema) : schema;
      const properties = objectOf(objectSchema['properties']);
      if (properties) {
        const result: JsonObject = {};
        for (const [key, child] of Object.entries(value)) {
          const propertySchema = objectOf(properties[key]);
          const name = escapePropertyName(key);
          if (!propertySchema || name === undefined) {
            continue; // unknown fields are not exposed to rules
          }
          const converted = celValueOf(
            child,
            propertySchema,
            propertySchema['x-kubernetes-embedded-resource'] === true,
            cache,
          );
          if (converted === invalidData) {
            return invalidData;
          }
          result[name] = converted;
        }
        return result;
      }
      const additional = objectOf(schema['additionalProperties']);
      if (additional) {
        const map = new Map<string, unknown>();
        for (const [key, child] of Object.entries(value)) {
          const converted = celValueOf(
            child,
            additional,
            additional['x-kubernetes-embedded-resource'] === true,
            cache,
          );
          if (converted === invalidData) {
            return invalidData;
          }
          map.set(key, converted);
        }
        return map;
      }
      // No properties and no schema for the values: preserved unknown fields, as they are.
      return plainCelValue(value);
    }
    case 'array': {
      const items = objectOf(schema['items']);
      if (!Array.isArray(value) || !items) {
        return invalidData;
      }
      const result: unknown[] = [];
      for (const item of listOf(value)) {
        const converted = celValueOf(item, items, items['x-kubernetes-embedded-resource'] === true, cache);
        if (converted === invalidData) {
          return invalidData;
        }
        result.push(converted);
      }
      return result;
    }
    case 'string': {
      if (typeof value !== 'string') {
        return invalidData;
      }
      switch (schema['format']) {
        case 'duration':
          return parseDuration(value) ?? invalidData;
        case 'date':
          return parseTimestamp(value, true) ?? invalidData;
        case 'date-time':
          return parseTimestamp(value, false) ?? invalidData;
        case 'byte':
          return /^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0
            ? new Uint8Array(Buffer.from(value, 'base64'))
            : invalidData;
        default:
          return value;
      }
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : invalidData;
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : invalidData;
    case 'boolean':
      return typeof value === 'boolean' ? value : invalidData;
    default:
      return plainCelValue(value);
  }
}

/**
 * Data without a schema (preserved unknown fields), as cel-go reads unstructured JSON: a whole
 * number is an int, any other number a double.
 */
function plainCelValue(value: unknown): unknown {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) {
    return value.map(plainCelValue);
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (isJsonObject(value)) {
    const map = new Map<string, unknown>();
    for (const [key, child] of Object.entries(value)) {
      map.set(key, plainCelValue(child));
    }
    return map;
  }
  return value;
}
