/**
 * The Kubernetes minor that Podscope judges a document for: the one the settings name
 * (`podscope.kubernetesVersion`, `kubernetesVersion:` in `.podscope.yaml`, `--kubernetes-version`),
 * or else the newest the catalog covers; a minor outside the covered range is clamped to it, as
 * `Catalog.atMinor` does.
 */
import type { Catalog } from './catalog';

export function targetMinor(catalog: Catalog, requested: number | undefined): number {
  const { oldest, newest } = catalog.minors;
  return requested === undefined ? newest : Math.min(Math.max(requested, oldest), newest);
}

/** Every covered minor, oldest first, as `1.31`… (for the setting's choices and error messages). */
export function coveredMinors(catalog: Catalog): number[] {
  const { oldest, newest } = catalog.minors;
  return Array.from({ length: newest - oldest + 1 }, (_, index) => oldest + index);
}

/** `1.31 to 1.36` (or `1.36` when the catalog covers one minor), for messages. */
export function coveredRange(catalog: Catalog): string {
  const { oldest, newest } = catalog.minors;
  return oldest === newest ? `1.${newest}` : `1.${oldest} to 1.${newest}`;
}
