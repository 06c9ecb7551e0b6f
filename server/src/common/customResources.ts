/**
 * Custom resource types as the features see them, whatever their source: a
 * CustomResourceDefinition in the workspace, or the bundled pack of popular projects' CRDs. One
 * vocabulary for the sources (the workspace index, the bundled pack) and the features that read
 * them (validation, completion, hover, explain, the outline), so that neither imports the other.
 */
import type { JsonObject } from './guards';

/** Where a custom resource type's schema comes from, shown in hover and in the list of kinds. */
export type CustomResourceSource =
  | {
      readonly kind: 'workspace';
      /** The URI of the file that holds the CustomResourceDefinition. */
      readonly uri: string;
      /** The zero-based line of the CRD's document (its `apiVersion`, or the document's start). */
      readonly line: number;
    }
  | {
      readonly kind: 'bundled';
      /** The project, as the setting `podscope.customResources.bundled` names it (e.g. `cert-manager`). */
      readonly project: string;
      /** The project's release the CRD comes from (e.g. `v1.16.1`). */
      readonly projectVersion: string;
      /** The npm package it was generated from, with its version (e.g. `@kubernetes-models/cert-manager@6.0.0`). */
      readonly package: string;
    };

/** One served version of a custom resource kind: what a document with that apiVersion and kind is checked against. */
export interface CustomResourceType {
  readonly group: string;
  readonly version: string;
  /** `group/version`. */
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly scope: 'Namespaced' | 'Cluster';
  /**
   * The version's `openAPIV3Schema` (a JSONSchemaProps, with the `x-kubernetes-*` extensions) as
   * written in the CRD. Read lazily by a bundled source: only a document that uses the kind asks.
   */
  schema(): JsonObject | undefined;
  /** The version is marked `deprecated`, with its `deprecationWarning` when it has one. */
  readonly deprecated: boolean;
  readonly deprecationWarning: string | undefined;
  readonly source: CustomResourceSource;
}

/** A source of custom resource types. */
export interface CustomResourceSchemas {
  /** The type of a document's apiVersion and kind, or undefined when the source does not know it. */
  find(apiVersion: string, kind: string): CustomResourceType | undefined;
  /** Every type the source knows, for the list of kinds and for resolving `explain <plural|kind>`. */
  list(): readonly CustomResourceType[];
}

/** No custom resource types. */
export const noCustomResources: CustomResourceSchemas = {
  find: () => undefined,
  list: () => [],
};

/**
 * The sources in order of precedence: a type that several know is taken from the first (a
 * workspace CRD wins over the bundled one of the same group, version and kind).
 */
export function firstOf(...sources: readonly (CustomResourceSchemas | undefined)[]): CustomResourceSchemas {
  const present = sources.filter((source): source is CustomResourceSchemas => source !== undefined);
  if (present.length === 0) {
    return noCustomResources;
  }
  if (present.length === 1) {
    return present[0]!;
  }
  return {
    find(apiVersion, kind) {
      for (const source of present) {
        const found = source.find(apiVersion, kind);
        if (found) {
          return found;
        }
      }
      return undefined;
    },
    list() {
      const seen = new Set<string>();
      const all: CustomResourceType[] = [];
      for (const source of present) {
        for (const type of source.list()) {
          const key = `${type.apiVersion}/${type.kind}`;
          if (!seen.has(key)) {
            seen.add(key);
            all.push(type);
          }
        }
      }
      return all;
    },
  };
}
