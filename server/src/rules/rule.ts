/**
 * Lint rules are plug-ins: one file per rule under `rules/`, each with a stable id (the
 * diagnostic `code`), a default severity, a one-line summary, and a `validate` function over
 * one Kubernetes document.
 */
import type { Catalog, KindData } from '../catalog/catalog';
import type { KustomizeContext } from '../common/kustomizeContext';
import type { PodscopeSettings } from '../common/settings';
import type { ManifestDocument } from '../yaml/manifestFile';
import type { FixData, LazyFixData } from '../common/fixData';

export type DefaultSeverity = 'error' | 'warning' | 'information' | 'hint';

/** What a rule sees: one Kubernetes document, already known to have a catalog kind. */
export interface RuleContext {
  readonly document: ManifestDocument;
  readonly kind: KindData;
  readonly catalog: Catalog;
  readonly settings: PodscopeSettings;
  /** What the kustomizations that use the file do to it (the images they pin), when any does. */
  readonly kustomize?: KustomizeContext;
}

/** A finding, located by segment-relative offsets [start, end) of the document's segment. */
export interface RuleFinding {
  range: [number, number];
  message: string;
  /** Overrides the rule's default severity for this finding (e.g. information for a weaker case). */
  severity?: DefaultSeverity;
  /**
   * The finding is about something absent (a field not set). Left out for partial manifests and
   * Helm templates, where it may come from elsewhere; see also Rule.judgesAbsence.
   */
  absence?: true;
  data?: FixData | LazyFixData;
}

export interface Rule {
  readonly id: string;
  readonly defaultSeverity: DefaultSeverity;
  /** One line, for `podscope rules` and the documentation index. */
  readonly summary: string;
  /**
   * The rule reports something missing (a probe, a field, resources). Such findings are left
   * out for partial manifests (Kustomize patches) and Helm templates, where the rest comes from
   * elsewhere.
   */
  readonly judgesAbsence?: boolean;
  validate(context: RuleContext): RuleFinding[];
}
