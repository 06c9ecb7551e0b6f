/**
 * The identity of a manifest, its apiVersion and kind, against the catalog: missing, unknown,
 * served by another apiVersion, or deprecated. The kind found here is what the other checks
 * validate against.
 */
import type { Node, Scalar } from 'yaml';
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { type Catalog, type KindData, apiVersionOf, inMinor, minorName } from '../catalog/catalog';
import { DiagnosticCode } from '../common/diagnosticCodes';
import type { FixData, ReplaceFixData } from '../common/fixData';
import {
  type RemovedApi,
  defaultKubernetesMinor,
  findApiLifecycle,
  findDeprecatedApi,
  findRemovedApi,
  removedApis,
} from '../kubernetes/apiLifecycle';
import { closestMatch } from '../util/suggest';
import { anchorRange } from '../yaml/astPath';
import type { ManifestDocument } from '../yaml/manifestFile';
import { apiMigration } from './apiMigrations';
import { makeDiagnostic } from './makeDiagnostic';

/**
 * Checks kind and apiVersion against the catalog, adding what is wrong to `out`; returns the
 * kind when the catalog knows it. A kind that a custom resource source knows (`customResource`)
 * and the catalog does not is not reported, even in a group the catalog knows.
 */
export function checkIdentity(
  catalog: Catalog,
  document: ManifestDocument,
  out: Diagnostic[],
  customResource = false,
  targetMinor = defaultKubernetesMinor,
): KindData | undefined {
  const { apiVersion, kind, apiVersionNode, kindNode } = document.identity;
  const apiVersionRange = rangeOrKey(document, apiVersionNode, 'apiVersion');
  const kindRange = rangeOrKey(document, kindNode, 'kind');
  if (!apiVersion || !kind) {
    const [missing, range] = !apiVersion ? ['apiVersion', apiVersionRange] : ['kind', kindRange];
    out.push(
      makeDiagnostic(
        document,
        range,
        DiagnosticSeverity.Error,
        DiagnosticCode.wrongType,
        `${missing} must be a non-empty string.`,
      ),
    );
    return undefined;
  }
  const templated = (node: Scalar | undefined): boolean =>
    node?.range !== undefined &&
    node.range !== null &&
    document.segment.holdsTemplateAction(node.range[0], node.range[1]);
  if (templated(kindNode)) {
    // `kind: {{ if .Values.useStatefulSet }}StatefulSet{{ else }}Deployment{{ end }}`: which kind
    // renders is unknown, and so is the schema to check against.
    return undefined;
  }
  if (templated(apiVersionNode)) {
    return templatedApiVersionKind(catalog, kind, targetMinor);
  }
  if (kind === 'List' && apiVersion === 'v1') {
    return { group: '', version: 'v1', kind: 'List', definition: '', resource: 'lists' };
  }
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const exact = catalog.getKind(apiVersion, kind);
  const removed = customResource ? undefined : findRemovedApi(apiVersion, kind, targetMinor);
  if (removed) {
    // The catalog may still describe the removed version (it keeps old schemas on purpose): the
    // document is checked against it, but no server of the target accepts it.
    out.push(removedApiDiagnostic(document, apiVersionRange, apiVersion, kind, removed, targetMinor));
    return exact;
  }
  // The catalog's spans cover its minors only: a target outside them is read at the nearest.
  const spanMinor = Math.min(Math.max(targetMinor, catalog.minors.oldest), catalog.minors.newest);
  const served = (candidate: KindData): boolean => servedAt(candidate, targetMinor, spanMinor);
  const since = customResource ? undefined : firstServed(exact, apiVersion, kind);
  if (since !== undefined && since > targetMinor) {
    // kube-apiserver serves a kind only from its introduction (k8s.io/apiserver
    // pkg/server/deleted_kinds.go, removeUnintroducedKinds); the catalog's span says the same.
    // Another version is named only for a target the catalog covers (its spans say nothing of others).
    const covered = targetMinor === spanMinor;
    const older = covered
      ? catalog.findKinds(kind).find((candidate) => !candidate.deprecated && served(candidate))
      : undefined;
    out.push(
      makeDiagnostic(
        document,
        apiVersionRange,
        DiagnosticSeverity.Error,
        DiagnosticCode.newerApi,
        `${apiVersion} ${kind} requires Kubernetes ${minorName(since)} or later (target ${minorName(targetMinor)})` +
          (older ? `: ${apiVersionOf(older)} serves it.` : '.'),
      ),
    );
    return exact;
  }
  if (exact?.minors && targetMinor === spanMinor && !inMinor(exact.minors, spanMinor)) {
    // Gone from the catalog's later minors without a row in the lifecycle table (for a target the
    // catalog covers: its spans say nothing of other minors, the lifecycle table does).
    out.push(
      makeDiagnostic(
        document,
        apiVersionRange,
        DiagnosticSeverity.Error,
        DiagnosticCode.removedApi,
        `${apiVersion} ${kind} is not served since Kubernetes ${minorName(exact.minors[1] + 1)} (target ${minorName(targetMinor)}).`,
      ),
    );
    return exact;
  }
  const deprecated = customResource ? undefined : findDeprecatedApi(apiVersion, kind, targetMinor);
  if (deprecated) {
    out.push(
      deprecatedApiDiagnostic(catalog, document, apiVersionRange, apiVersion, kind, deprecated, targetMinor),
    );
    return exact;
  }
  if (exact) {
    if (exact.deprecated) {
      const preferred = catalog
        .findKinds(kind)
        .find((candidate) => !candidate.deprecated && served(candidate));
      out.push(
        makeDiagnostic(
          document,
          apiVersionRange,
          DiagnosticSeverity.Warning,
          DiagnosticCode.deprecatedApiVersion,
          preferred
            ? `${apiVersion} ${kind} is deprecated or removed; use ${apiVersionOf(preferred)}.`
            : `${apiVersion} ${kind} is deprecated or removed.`,
          preferred ? changeApiVersion([apiVersionOf(preferred)]) : undefined,
        ),
      );
    }
    return exact;
  }
  // Groups the catalog does not know are custom resources: not ours to judge here.
  if (customResource || !catalog.hasGroup(group)) {
    return undefined;
  }
  const known = catalog.findKinds(kind);
  const candidates = known.filter(served);
  if (known.length > 0 && candidates.length === 0) {
    // Every apiVersion of the kind is gone (PodSecurityPolicy): say so, never suggest one of them.
    const newest = removedApis.find((entry) => entry.kinds.includes(kind) && entry.removedIn <= targetMinor);
    if (newest) {
      out.push(removedApiDiagnostic(document, apiVersionRange, apiVersion, kind, newest, targetMinor, false));
      return undefined;
    }
  }
  if (candidates.length > 0) {
    const suggestions = candidates.map(apiVersionOf);
    out.push(
      makeDiagnostic(
        document,
        apiVersionRange,
        DiagnosticSeverity.Error,
        DiagnosticCode.apiVersionMismatch,
        `${kind} is not served by ${apiVersion}; use ${suggestions[0]}.`,
        changeApiVersion(suggestions),
      ),
    );
    return undefined;
  }
  const kindsInVersion = catalog.kinds.filter((entry) => entry.group === group && entry.version === version);
  if (kindsInVersion.length === 0) {
    // A version the catalog has no schema for (an alpha API): nothing to check against.
    return undefined;
  }
  const suggestion = closestMatch(
    kind,
    kindsInVersion.map((entry) => entry.kind),
  );
  out.push(
    makeDiagnostic(
      document,
      kindRange,
      DiagnosticSeverity.Error,
      DiagnosticCode.unknownKind,
      suggestion
        ? `Unknown kind "${kind}" in ${apiVersion}; did you mean "${suggestion}"?`
        : `Unknown kind "${kind}" in ${apiVersion}.`,
      suggestion
        ? { kind: 'replace', replacements: [{ title: `Change kind to ${suggestion}`, newText: suggestion }] }
        : undefined,
    ),
  );
  return undefined;
}

/**
 * The kind of a Helm template whose apiVersion is rendered (`apiVersion: {{ include
 * "common.capabilities.deployment.apiVersion" . }}`): the catalog's kind when exactly one
 * apiVersion of it is served by the target release (apiLifecycle.ts, after the Kubernetes
 * deprecation guide) and not deprecated, as a chart renders the one its cluster serves; nothing
 * when several are (autoscaling/v1 and v2), or the kind is not built in, since checking against
 * the wrong one would be a guess. Nothing is reported about the apiVersion itself.
 */
function templatedApiVersionKind(catalog: Catalog, kind: string, targetMinor: number): KindData | undefined {
  const served = catalog
    .findKinds(kind)
    .filter(
      (candidate) =>
        !candidate.deprecated &&
        findRemovedApi(apiVersionOf(candidate), candidate.kind, targetMinor) === undefined,
    );
  return served.length === 1 ? served[0] : undefined;
}

/**
 * The error for an apiVersion and kind that the target does not serve, with the release that
 * removed it and what replaces it (the lifecycle table's entry); the fix rewrites the apiVersion
 * to the replacement, and the fields the new version changed where they can be rewritten
 * exactly (apiMigrations.ts). `exact` is false when the written apiVersion never served the kind
 * and `removal` is the kind's last removal.
 */
function removedApiDiagnostic(
  document: ManifestDocument,
  range: [number, number],
  apiVersion: string,
  kind: string,
  removal: RemovedApi,
  targetMinor: number,
  exact = true,
): Diagnostic {
  const since = `is not served since Kubernetes ${minorName(removal.removedIn)} (target ${minorName(targetMinor)})`;
  const what = exact
    ? `${apiVersion} ${kind} ${since}`
    : `${kind} is not served by ${apiVersion}, and its last apiVersion, ${removal.apiVersion}, ${since}`;
  const note = removal.notes[0];
  const advice = removal.replacement
    ? `: use ${removal.replacement}${note ? ` (${note})` : ''}.`
    : removal.alternative
      ? ` and has no replacement: use ${removal.alternative}.`
      : '.';
  return makeDiagnostic(
    document,
    range,
    DiagnosticSeverity.Error,
    DiagnosticCode.removedApi,
    what + advice,
    removal.replacement ? migrationFix(document, range, kind, removal.replacement, exact) : undefined,
  );
}

/**
 * The warning for an apiVersion and kind that the target serves but has deprecated, with the
 * release that removes it (k8s.io/api's `APILifecycleRemoved`, the release from which
 * kube-apiserver stops serving it) and the replacement when the target serves it.
 */
function deprecatedApiDiagnostic(
  catalog: Catalog,
  document: ManifestDocument,
  range: [number, number],
  apiVersion: string,
  kind: string,
  entry: RemovedApi,
  targetMinor: number,
): Diagnostic {
  const replacement =
    entry.replacement && servedVersion(catalog, entry.replacement, kind, targetMinor)
      ? entry.replacement
      : undefined;
  const note = entry.notes[0];
  const message =
    `${apiVersion} ${kind} is deprecated in ${minorName(entry.deprecatedIn ?? targetMinor)} and removed in ` +
    `${minorName(entry.removedIn)} (target ${minorName(targetMinor)})` +
    (replacement ? `: use ${replacement}${note ? ` (${note})` : ''}.` : '.');
  return makeDiagnostic(
    document,
    range,
    DiagnosticSeverity.Warning,
    DiagnosticCode.deprecatedApiVersion,
    message,
    replacement ? migrationFix(document, range, kind, replacement, true) : undefined,
  );
}

/** The target serves the kind of the apiVersion: the catalog's span and the lifecycle table agree. */
function servedAt(candidate: KindData, targetMinor: number, spanMinor = targetMinor): boolean {
  const apiVersion = apiVersionOf(candidate);
  const entry = findApiLifecycle(apiVersion, candidate.kind);
  return (
    inMinor(candidate.minors, spanMinor) &&
    (entry === undefined || ((entry.introducedIn ?? 0) <= targetMinor && targetMinor < entry.removedIn))
  );
}

/** The catalog knows the kind of the apiVersion and the target serves it. */
function servedVersion(catalog: Catalog, apiVersion: string, kind: string, targetMinor: number): boolean {
  const candidate = catalog.getKind(apiVersion, kind);
  return candidate !== undefined && servedAt(candidate, targetMinor);
}

/**
 * The first minor that serves the kind of the apiVersion, from the catalog's span and the
 * lifecycle table's introduction; undefined when neither says.
 */
function firstServed(exact: KindData | undefined, apiVersion: string, kind: string): number | undefined {
  const fromCatalog = exact?.minors?.[0];
  const fromTable = findApiLifecycle(apiVersion, kind)?.introducedIn;
  if (fromCatalog === undefined) {
    return fromTable;
  }
  return fromTable === undefined ? fromCatalog : Math.max(fromCatalog, fromTable);
}

/**
 * The apiVersion rewritten to the replacement; first, where the new version changed fields,
 * the whole migration (apiMigrations.ts), when they can be rewritten exactly.
 */
function migrationFix(
  document: ManifestDocument,
  range: [number, number],
  kind: string,
  replacement: string,
  exact: boolean,
): FixData {
  const migration = exact ? apiMigration(document, kind, replacement) : undefined;
  if (!migration || migration.edits.length === 0) {
    return changeApiVersion([replacement]);
  }
  const apiVersion = { range, newText: replacement };
  return {
    kind: 'edits',
    fixes: [
      { title: `Migrate to ${replacement} (${migration.what})`, edits: [apiVersion, ...migration.edits] },
      { title: `Change apiVersion to ${replacement}`, edits: [apiVersion] },
    ],
  };
}

function changeApiVersion(apiVersions: readonly string[]): ReplaceFixData {
  return {
    kind: 'replace',
    replacements: apiVersions.map((apiVersion) => ({
      title: `Change apiVersion to ${apiVersion}`,
      newText: apiVersion,
    })),
  };
}

function rangeOrKey(document: ManifestDocument, node: Node | undefined, key: string): [number, number] {
  const range = node?.range;
  if (range && range[1] > range[0]) {
    return [range[0], range[1]];
  }
  return anchorRange(document.yaml, [key]) ?? [0, 0];
}
