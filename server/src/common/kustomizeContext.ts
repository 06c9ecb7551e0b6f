/**
 * What the kustomizations that use a file will do to it, as plain data: found by the host (which
 * reads the kustomization files), read by validation, so that findings are judged on what
 * Kustomize will produce rather than on the file alone.
 */

/**
 * A field the namespace transformer sets, from a kustomization's `configurations:` files
 * (sigs.k8s.io/kustomize api/types/fieldspec.go FieldSpec: `path` is `/`-separated and walks
 * into every item of a list on its way).
 */
export interface NamespaceFieldSpec {
  readonly kind?: string;
  readonly group?: string;
  readonly path: readonly string[];
  readonly create: boolean;
}

/** An entry of a kustomization's `images:` (sigs.k8s.io/kustomize/api/types/image.go Image). */
export interface KustomizeImage {
  readonly name: string;
  readonly newName?: string;
  readonly newTag?: string;
  readonly digest?: string;
  readonly tagSuffix?: string;
}

/**
 * How a file takes part in a build:
 * - `resource`: a kustomization lists it (or a folder that holds it) under resources, bases or
 *   components;
 * - `patch`: a kustomization patches with it (patches, patchesStrategicMerge, patchesJson6902), so
 *   it names only the fields it changes;
 * - `unused-patch`: its name or folder says it is a patch, but no kustomization found uses it.
 */
export type KustomizeRole = 'resource' | 'patch' | 'unused-patch';

export interface KustomizeContext {
  readonly role: KustomizeRole;
  /**
   * Labels some kustomization above the file adds to the selectors of what it builds
   * (`commonLabels`, or `labels` with `includeSelectors`), merged over every build path.
   */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** The `images:` entries of every kustomization above the file. */
  readonly images: readonly KustomizeImage[];
  /**
   * The prefixes and suffixes the builds put around the names of the file's objects
   * (`namePrefix`, `nameSuffix`, composed through the overlays); an object is known by those
   * names too. The first is always the empty pair.
   */
  readonly nameAffixes: readonly { readonly prefix: string; readonly suffix: string }[];
  /** The `namespace:` the builds set (the outermost kustomization's wins), if any. */
  readonly namespace?: string;
  /** The extra fields that namespace goes into, from the kustomizations' `configurations:`. */
  readonly namespaceFieldSpecs?: readonly NamespaceFieldSpec[];
  /** The kustomization files that use the file, nearest first (for messages). */
  readonly kustomizations: readonly string[];
}

/** What the findings of a file depend on in its context, as a string (a cache key). */
export function kustomizeContextKey(context: KustomizeContext | undefined): string {
  return context === undefined
    ? ''
    : JSON.stringify([
        context.role,
        context.selectorLabels,
        context.images,
        context.namespace,
        context.namespaceFieldSpecs,
      ]);
}

/** Whether the file names only some fields of its objects (a patch): absent fields come from elsewhere. */
export function isPartialManifest(context: KustomizeContext | undefined): boolean {
  return context?.role === 'patch' || context?.role === 'unused-patch';
}
