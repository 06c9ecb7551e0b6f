/**
 * The shape of the bundled custom resource pack (`dist/customResources/`), generated at build time
 * by `server/scripts/generateCustomResourcePack.ts` from the npm packages `@kubernetes-models/*`.
 *
 * The pack is an index (`index.json`: every project and its kinds, without schemas), one gzipped
 * schema file per project (`<project>.json.gz`) and one for the definitions of the built-in API
 * that several projects embed (`kubernetes.json.gz`: a pod template, a volume…). A project's file
 * is read only when a document uses one of its kinds, so loading the index costs the same
 * whatever the schemas weigh. In the files, a schema names a shared part as `{"$ref": id}`; the
 * loader puts the parts in place, so a type's schema is a CRD's structural `openAPIV3Schema`.
 */

export const customResourcePackIndexFile = 'index.json';
export const customResourcePackSharedFile = 'kubernetes.json.gz';

export interface CustomResourcePackIndex {
  /** Bumped whenever the shape below changes. */
  formatVersion: 1;
  /** The file of the definitions that several projects share. */
  sharedFile: string;
  projects: CustomResourcePackProject[];
}

export interface CustomResourcePackProject {
  /** The name the setting `podscope.customResources.bundled` selects it by, e.g. `cert-manager`. */
  project: string;
  /** The project's release the schemas come from, e.g. `v1.20.2`. */
  projectVersion: string;
  /** The npm package and its version, e.g. `@kubernetes-models/cert-manager@6.0.0`. */
  package: string;
  /** The schema file of the project (a `CustomResourcePackFile`, gzipped), beside the index. */
  file: string;
  types: CustomResourcePackType[];
}

export interface CustomResourcePackType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  scope: 'Namespaced' | 'Cluster';
  deprecated: boolean;
}

/** A schema file of the pack. */
export interface CustomResourcePackFile {
  /** `group/version/Kind` → the version's `openAPIV3Schema`, with `$ref`s to definitions. */
  kinds: Record<string, unknown>;
  /** Definition id → its schema, with `$ref`s to other definitions (of this file or the shared one). */
  definitions: Record<string, unknown>;
}
