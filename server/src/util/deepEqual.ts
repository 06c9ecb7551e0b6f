import { isJsonObject } from '../common/guards';

/**
 * Plain data (JSON values) compared by value, stopping at the first difference. `alike`, when
 * given, says of two values that they count as equal whatever they hold (two ranges, to compare
 * entries but for their places).
 */
export function deepEqual(
  left: unknown,
  right: unknown,
  alike?: (left: unknown, right: unknown) => boolean,
): boolean {
  if (left === right || alike?.(left, right)) {
    return true;
  }
  if (Array.isArray(left)) {
    return (
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((item: unknown, index) => deepEqual(item, right[index], alike))
    );
  }
  if (isJsonObject(left) && isJsonObject(right)) {
    const keys = Object.keys(left);
    return (
      keys.length === Object.keys(right).length &&
      keys.every(
        (key) => Object.prototype.hasOwnProperty.call(right, key) && deepEqual(left[key], right[key], alike),
      )
    );
  }
  return false;
}
