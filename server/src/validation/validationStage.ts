/**
 * The vocabulary of the validation pipeline: what it depends on, what a stage sees of a
 * document, and what a stage reports. Every other module of `validation/` imports from here;
 * this module imports nothing from them.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Catalog, KindData } from '../catalog/catalog';
import type { CustomResourceSchemas, CustomResourceType } from '../common/customResources';
import type { JsonObject } from '../common/guards';
import type { KustomizeContext } from '../common/kustomizeContext';
import type { PathSegment } from '../common/paths';
import type { PodscopeSettings } from '../common/settings';
import type { Rule } from '../rules/rule';
import type { SchemaValidator } from '../schema/schemaValidator';
import type { ManifestDocument } from '../yaml/manifestFile';

export interface ValidationDependencies {
  readonly catalog: Catalog;
  readonly schemaValidator: SchemaValidator;
  readonly rules: readonly Rule[];
  /** Rules that threw, logged once each. */
  readonly failedRules: Set<string>;
  log(message: string): void;
  /**
   * The stages to run, in order; `validationStages` when left out. A stage that needs more
   * than a document (a workspace index, say) is built with it by the host and passed here.
   */
  readonly stages?: readonly ValidationStage[];
  /**
   * The custom resource types the settings give (the workspace's CRDs before the bundled pack):
   * a document of one of them is checked against its CRD version's schema
   * (customResourceStage.ts). Without it, or for a type no source knows, a custom resource is
   * left alone.
   */
  readonly customResources?: (settings: PodscopeSettings) => CustomResourceSchemas;
  /**
   * The `x-kubernetes-validations` (CEL) rules of a custom resource's schema, evaluated on the
   * resource's plain data: each violation is reported at its path with its message. Without it,
   * the rules are not evaluated.
   */
  readonly celRules?: CelRules;
}

/** A CEL rule that a value breaks: where, the rule's message, and the rule itself. */
export interface CelViolation {
  readonly path: readonly PathSegment[];
  readonly message: string;
  readonly rule: string;
}

/**
 * Evaluates the `x-kubernetes-validations` rules of a schema (a CRD version's `openAPIV3Schema`,
 * walking it as far as the value goes) on a value: what the API server's CEL validator reports
 * (k8s.io/apiextensions-apiserver pkg/apiserver/schema/cel/validation.go, Validator.Validate).
 */
export type CelRules = (schema: JsonObject, value: unknown) => readonly CelViolation[];

/** What a stage sees of one Kubernetes document (one with both apiVersion and kind). */
export interface DocumentContext {
  readonly dependencies: ValidationDependencies;
  /**
   * The document placed at the top of its segment: findings are cached with the segment's
   * parse and moved to the segment's line when the file is assembled.
   */
  readonly document: ManifestDocument;
  readonly settings: PodscopeSettings;
  /**
   * The document's kind in the catalog; undefined when its apiVersion or kind is wrong (already
   * reported) or its group is not the catalog's (a custom resource).
   */
  readonly kind: KindData | undefined;
  /**
   * What the kustomizations that use the file do to it, when any does: findings are judged on
   * what the build produces (a created selector, a pinned image), and a patch's directives are
   * instructions, not fields.
   */
  readonly kustomize?: KustomizeContext;
  /**
   * The custom resource type of the document's apiVersion and kind, when a source
   * (ValidationDependencies.customResources) knows it and the catalog does not.
   */
  readonly customResource?: CustomResourceType;
  /** The YAML has no error that would make a finding about its content a guess. */
  readonly structurallySound: boolean;
}

/** A diagnostic of a document, in the document's coordinates (see DocumentContext.document). */
export interface Finding {
  readonly diagnostic: Diagnostic;
  /**
   * The finding is about something absent (a required field, a probe). Dropped for partial
   * manifests (Kustomize patches) and Helm templates, where it may come from elsewhere.
   */
  readonly absence?: boolean;
}

/**
 * One source of findings about a Kubernetes document: the schema, the lint rules, and later
 * ones (references across files, custom resource schemas, Helm). A stage reads the context and
 * reports; it does not see the other stages' findings. The pipeline runs the stages in order
 * (`validationStages`, or ValidationDependencies.stages) and then filters and sorts what they
 * found, so a new source is one more stage in the list and nothing else changes.
 */
export interface ValidationStage {
  validate(context: DocumentContext): Finding[];
}

/** What the pipeline found in one document, cached with its parse. */
export interface DocumentFindings {
  /** The document has both apiVersion and kind. */
  readonly kubernetes: boolean;
  /** The parser's findings: reported only in files that hold Kubernetes manifests. */
  readonly syntax: readonly Diagnostic[];
  /** The stages' findings, sorted by position. */
  readonly findings: readonly Finding[];
}
