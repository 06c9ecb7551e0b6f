/**
 * The shape of the generated field catalog (`server/generated/catalog.json`).
 *
 * The catalog is produced at build time by `server/scripts/generateCatalog.ts` from the
 * `.d.ts` files of the npm package `kubernetes-models`, and loaded once by the server.
 */

/**
 * A type expression, in a compact notation close to kubectl's:
 * - `string`, `integer`, `number`, `boolean`: scalars;
 * - `any`: any JSON value (free-form, e.g. `RawExtension`, `JSON`);
 * - `#<definition id>`: a reference, e.g. `#io.k8s.api.core.v1.Container`;
 * - `[]<type>`: an array, e.g. `[]#io.k8s.api.core.v1.Container`;
 * - `map[string]<type>`: an object with arbitrary keys, e.g. `map[string]string`;
 * - `<type>|<type>`: one of several types (int-or-string, Quantity), scalars only.
 */
export type TypeExpression = string;

export interface CatalogData {
  /** Bumped whenever the shape below changes. */
  formatVersion: 1;
  /** Where the data comes from, e.g. `kubernetes-models@5.1.0`. */
  source: string;
  /**
   * The Kubernetes minors (1.x) the catalog covers, oldest to newest, and where each minor's
   * definitions come from. Absent in a single-version catalog (then every entry is of one minor).
   * A kind, definition, field, enum value, required field or description that is not in every
   * covered minor carries a {@link MinorSpan}; without one it is in all of them.
   */
  minors?: CatalogMinors;
  kinds: KindData[];
  definitions: Record<string, DefinitionData>;
}

export interface CatalogMinors {
  readonly oldest: number;
  readonly newest: number;
  /** Per minor (`"1.33"`), the source of its definitions, e.g. `kubernetes-models@4.5.1`. */
  readonly sources: Readonly<Record<string, string>>;
}

/**
 * The Kubernetes minors, first and last inclusive (`[33, 36]`: 1.33 to 1.36), in which an
 * entry exists. Spans are contiguous: an entry added, removed and added again is not modelled.
 */
export type MinorSpan = readonly [first: number, last: number];

/** A text that differs in some minors from the entry's own (the newest minor's). */
export interface DescriptionVariant {
  readonly minors: MinorSpan;
  /** Empty: those minors have no description. */
  readonly text: string;
}

export interface KindData {
  /** The API group, empty for the core group. */
  group: string;
  version: string;
  kind: string;
  /** The definition id of the kind's schema, e.g. `io.k8s.api.core.v1.Pod`. */
  definition: string;
  /** The lower-case plural resource name kubectl uses, e.g. `pods`. */
  resource: string;
  /** kubectl's short names, e.g. `po`. */
  shortNames?: string[];
  /** The API version is marked deprecated by its package (it has been removed or will be). */
  deprecated?: true;
  /** The minors that serve this kind (apiVersion and kind); absent: every covered minor. */
  minors?: MinorSpan;
}

export interface DefinitionData {
  description?: string;
  /** Fields of an object definition, sorted by name. */
  properties?: Record<string, FieldData>;
  required?: string[];
  /**
   * The value type of a definition that is not an object with fields, e.g. `integer|string`
   * for IntOrString. Absent for objects; `any` for free-form values.
   */
  type?: TypeExpression;
  deprecated?: true;
  /** The minors that have this definition; absent: every covered minor. */
  minors?: MinorSpan;
  /** The description in minors where it differs from `description` (the newest minor's). */
  descriptions?: readonly DescriptionVariant[];
  /**
   * Fields whose being required changes across the covered minors: the span in which each is
   * required. For these names this replaces membership in `required` (the newest minor's list).
   */
  requiredMinors?: Readonly<Record<string, MinorSpan>>;
}

export interface FieldData {
  type: TypeExpression;
  description?: string;
  /** The allowed values of the scalar at the end of `type` (for arrays, of each item). */
  enum?: string[];
  /** Per-value documentation, parallel to `enum`; an empty string where a value has none. */
  enumDescriptions?: string[];
  /**
   * The "Possible enum values" paragraph of an enum field, with the line breaks before it
   * (`\n\nPossible enum values:\n - \`"Always"\`…`): a live API server appends it to
   * `description` (kube-openapi's enum generator), and kubectl explain prints both.
   */
  enumParagraph?: string;
  deprecated?: true;
  /**
   * Custom resources only (a CRD's JSONSchemaProps `default`): the value the API server puts in
   * when the field is absent. The built-in catalog has none.
   */
  default?: unknown;
  /** Custom resources only: the field's `x-kubernetes-validations` (CEL rules and their messages). */
  validations?: readonly FieldValidation[];
  /** The minors that have this field; absent: every covered minor. */
  minors?: MinorSpan;
  /** Enum values not in every covered minor: the span of each. Absent values are in all. */
  enumMinors?: Readonly<Record<string, MinorSpan>>;
  /** The description in minors where it differs from `description` (the newest minor's). */
  descriptions?: readonly DescriptionVariant[];
}

/** One `x-kubernetes-validations` rule (apiextensions/v1 ValidationRule). */
export interface FieldValidation {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
}
