/**
 * What translating schema errors needs: the data as ajv sees it, paths from JSON pointers, the
 * words for values and types in messages, and where a field is in the text.
 */
import type { Node } from 'yaml';
import type { Catalog, KindData } from '../catalog/catalog';
import type { PathSegment } from '../common/paths';
import { resolveSchemaPath, resolveType } from '../schema/schemaNavigator';
import { anchorRange, pairAtPath } from '../yaml/astPath';
import type { ManifestDocument } from '../yaml/manifestFile';

/**
 * Removes null-valued fields: the API server treats them as absent. A document without a null (or
 * anything but plain objects, arrays, dates and scalars) is what a copy would be, and is given as
 * it is: nearly every document, whose copy was a deep copy of the whole document at each check.
 * ajv never changes what it validates (`ajvOptions`: no defaults, no coercion, no removal).
 */
export function withoutNulls(value: unknown): unknown {
  return isPlainWithoutNulls(value) ? value : copyWithoutNulls(value);
}

function isPlainWithoutNulls(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || value instanceof Date) {
    return true;
  }
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      if (item === null || !isPlainWithoutNulls(item)) {
        return false;
      }
    }
    return true;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    return false;
  }
  // (`for…in`, not Object.values: no array per object; a plain object inherits no enumerable key.)
  for (const key in value) {
    const child = (value as Record<string, unknown>)[key];
    if (child === null || !isPlainWithoutNulls(child)) {
      return false;
    }
  }
  return true;
}

function copyWithoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => (item === null ? {} : copyWithoutNulls(item)));
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (child !== null) {
        result[key] = copyWithoutNulls(child);
      }
    }
    return result;
  }
  return value;
}

export function pathFromPointer(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') {
    return [];
  }
  const path: PathSegment[] = [];
  let current = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: PathSegment = Array.isArray(current) ? Number(key) : key;
    path.push(segment);
    current =
      current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
  }
  return path;
}

export function isPrefix(prefix: readonly PathSegment[], path: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

export function lastFieldName(path: readonly PathSegment[]): string {
  for (let index = path.length - 1; index >= 0; index--) {
    const segment = path[index];
    if (typeof segment === 'string') {
      return segment;
    }
  }
  return 'the document';
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) {
    return 'nothing';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
      return `${Number.isInteger(value) ? 'integer' : 'number'} ${value}`;
    case 'boolean':
      return `boolean ${value}`;
    default:
      return 'an object';
  }
}

export function describeExpected(types: string): string {
  const names = types
    .split(',')
    .map((type) => (type === 'object' ? 'an object' : type === 'array' ? 'a list' : type));
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0]!;
}

/** The object definition at a path of a kind, when the schema knows it. */
export function resolveOwner(
  catalog: Catalog,
  kind: KindData,
  path: readonly PathSegment[],
): string | undefined {
  const location = resolveSchemaPath(catalog, kind, path);
  if (!location) {
    return undefined;
  }
  const resolved = resolveType(catalog, location.type);
  return resolved.kind === 'object' ? resolved.id : undefined;
}

export function keyRange(document: ManifestDocument, path: PathSegment[]): [number, number] {
  const pair = pairAtPath(document.yaml, path);
  const range = (pair?.key as Node | undefined)?.range;
  return range ? [range[0], range[1]] : (anchorRange(document.yaml, path.slice(0, -1)) ?? [0, 0]);
}

/** A value to insert for a missing field, shaped by its type. */
export function placeholderValue(catalog: Catalog, ownerId: string | undefined, name: string): string {
  const field = ownerId ? catalog.getDefinition(ownerId)?.properties?.[name] : undefined;
  if (!field) {
    return '""';
  }
  const resolved = resolveType(catalog, catalog.parseType(field.type));
  switch (resolved.kind) {
    case 'scalar':
      if (field.enum?.[0] !== undefined && resolved.name === 'string') {
        return field.enum[0];
      }
      return resolved.name === 'string' ? '""' : resolved.name === 'boolean' ? 'false' : '0';
    case 'array':
      return '[]';
    case 'object':
    case 'map':
      return '{}';
    default:
      return '""';
  }
}
