/**
 * The schema stage: a document (or each item of a List) against its kind's schema. A document
 * whose plain data cannot be built (it expands too many aliases) is reported as not validated.
 */
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { DiagnosticCode } from '../common/diagnosticCodes';
import { isPartialManifest, type KustomizeContext } from '../common/kustomizeContext';
import {
  withKustomizeNamespace,
  withKustomizeSelectors,
  withoutPatchDirectives,
} from '../kubernetes/kustomization';
import { anchorRange } from '../yaml/astPath';
import type { ManifestDocument } from '../yaml/manifestFile';
import { makeDiagnostic } from './makeDiagnostic';
import { schemaDiagnostics } from './schemaDiagnostics';
import type { DocumentContext, Finding, ValidationDependencies, ValidationStage } from './validationStage';

export const schemaStage: ValidationStage = {
  validate({ dependencies, document, kind, kustomize, structurallySound }: DocumentContext): Finding[] {
    if (!kind || !structurallySound) {
      return [];
    }
    const written = document.toJS();
    if (written === undefined) {
      const skipped = makeDiagnostic(
        document,
        anchorRange(document.yaml, []) ?? [0, 0],
        DiagnosticSeverity.Information,
        DiagnosticCode.validationSkipped,
        'Not validated: the document expands too many aliases, or an alias refers to the node that holds it.',
      );
      return [{ diagnostic: skipped }];
    }
    const data = kustomized(written, kustomize);
    const diagnostics =
      kind.kind === 'List'
        ? listItemDiagnostics(dependencies, document, data)
        : schemaDiagnostics(dependencies, document, kind, data, []);
    // A missing required field may be filled in by whatever completes a partial manifest.
    return diagnostics.map((diagnostic) =>
      diagnostic.code === DiagnosticCode.missingRequired ? { diagnostic, absence: true } : { diagnostic },
    );
  },
};

/**
 * The document as the kustomizations that use it will build it, as far as that decides the
 * schema's findings: a patch's directives are taken out (they are instructions to the merge), and
 * a selector that `commonLabels` creates is put in.
 */
export function kustomized(data: unknown, kustomize: KustomizeContext | undefined): unknown {
  if (!kustomize) {
    return data;
  }
  const withoutDirectives = isPartialManifest(kustomize) ? withoutPatchDirectives(data) : data;
  return withKustomizeNamespace(
    withKustomizeSelectors(withoutDirectives, kustomize.selectorLabels),
    kustomize.namespace,
    kustomize.namespaceFieldSpecs,
  );
}

/** A List's items are manifests of their own: each is validated against its kind. */
function listItemDiagnostics(
  dependencies: ValidationDependencies,
  document: ManifestDocument,
  data: unknown,
): Diagnostic[] {
  const items = (data as { items?: unknown }).items;
  if (!Array.isArray(items)) {
    return [];
  }
  const diagnostics: Diagnostic[] = [];
  items.forEach((item: unknown, index) => {
    const { apiVersion, kind } = (item ?? {}) as { apiVersion?: unknown; kind?: unknown };
    if (typeof apiVersion === 'string' && typeof kind === 'string') {
      const entry = dependencies.catalog.getKind(apiVersion, kind);
      if (entry) {
        diagnostics.push(...schemaDiagnostics(dependencies, document, entry, item, ['items', index]));
      }
    }
  });
  return diagnostics;
}
