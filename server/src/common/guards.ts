/**
 * Reading untrusted plain data: a parsed manifest, a scenario, settings or a message from a
 * client. Nothing here trusts a shape: a value of the wrong kind reads as absent (undefined, or
 * an empty list), so that callers skip it instead of failing on it.
 */
import type { PathSegment } from './paths';

/** An object of plain data: what YAML's `toJS` and `JSON.parse` make of a mapping. */
export type JsonObject = Record<string, unknown>;

/**
 * A mapping, not a list, null or a Date: a Date is a scalar (a YAML timestamp), even though
 * `typeof` calls it an object.
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** The value when it is an object, otherwise undefined. */
export function objectOf(value: unknown): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

/** The value when it is a list, otherwise an empty list. */
export function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A finite number (YAML integers and floats), otherwise undefined. */
export function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The value at a path in plain data, or undefined where the path leaves it. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}
