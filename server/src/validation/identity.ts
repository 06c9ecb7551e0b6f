/**
 * The identity of a manifest, its apiVersion and kind, against the catalog: missing, unknown,
 * served by another apiVersion, or deprecated. The kind found here is what the other checks
 * validate against.
 */
import type { Node, Scalar } from 'yaml';
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { type Catalog, type KindData, apiVersionOf } from '../catalog/catalog';
import { DiagnosticCode } from '../common/diagnosticCodes';
import type { FixData, ReplaceFixData } from '../common/fixData';
import {
  type RemovedApi,
  defaultKubernetesMinor,
  findRemovedApi,
  removedApis,
} from '../kubernetes/apiLifecycle';
import { closestMatch } from '../util/suggest';
import { anchorRange } from '../yaml/astPath';
import type { ManifestDocument } from '../yaml/manifestFile';
import { ingressV1Edits } from './ingressMigration';
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
    out.push(removedApiDiagnostic(document, apiVersionRange, apiVersion, kind, removed));
    return exact;
  }
  const served = (candidate: KindData): boolean =>
    findRemovedApi(apiVersionOf(candidate), candidate.kind, targetMinor) === undefined;
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
      out.push(removedApiDiagnostic(document, apiVersionRange, apiVersion, kind, newest, false));
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
 * removed it and what replaces it (the deprecation guide's entry); the fix rewrites the
 * apiVersion to the replacement, which the newest release serves. `exact` is false when the
 * written apiVersion never served the kind and `removal` is the kind's last removal.
 */
function removedApiDiagnostic(
  document: ManifestDocument,
  range: [number, number],
  apiVersion: string,
  kind: string,
  removal: RemovedApi,
  exact = true,
): Diagnostic {
  const what = exact
    ? `${apiVersion} ${kind} was removed in Kubernetes 1.${removal.removedIn}`
    : `${kind} is not served by ${apiVersion}, and its last apiVersion, ${removal.apiVersion}, was removed in Kubernetes 1.${removal.removedIn}`;
  const note = removal.notes[0];
  const advice = removal.replacement
    ? `; use ${removal.replacement}${note ? ` (${note})` : ''}.`
    : `, with no replacement: use ${removal.alternative ?? 'another API'}.`;
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
 * The apiVersion rewritten to the replacement; for an Ingress, first the whole migration with
 * the fields the new version renamed (ingressMigration.ts), when they can be rewritten exactly.
 */
function migrationFix(
  document: ManifestDocument,
  range: [number, number],
  kind: string,
  replacement: string,
  exact: boolean,
): FixData {
  const fields =
    exact && kind === 'Ingress' && replacement === 'networking.k8s.io/v1'
      ? ingressV1Edits(document)
      : undefined;
  if (!fields || fields.length === 0) {
    return changeApiVersion([replacement]);
  }
  const apiVersion = { range, newText: replacement };
  return {
    kind: 'edits',
    fixes: [
      { title: `Migrate to ${replacement} (backends, pathType)`, edits: [apiVersion, ...fields] },
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
