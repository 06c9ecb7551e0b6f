/**
 * The field edits that move a document from a removed or deprecated apiVersion to its
 * replacement, where the new version changed fields: what the API server's own conversion
 * does, written as minimal edits on the document's text (untouched lines, comments included,
 * stay as they are). Each migration gives up (undefined: only the apiVersion is offered) when a
 * part of the layout cannot be rewritten exactly (a flow map, a block scalar, a key beside a
 * list item's dash).
 *
 * - Ingress `extensions/v1beta1`, `networking.k8s.io/v1beta1` → `networking.k8s.io/v1`:
 *   ingressMigration.ts.
 * - HorizontalPodAutoscaler `autoscaling/v2beta1` → `autoscaling/v2`: kubernetes/kubernetes
 *   pkg/apis/autoscaling/v2beta1/conversion.go (below). `autoscaling/v2beta2` already has the v2
 *   layout of metrics (its MetricSpec, MetricTarget and MetricIdentifier are v2's), so only its
 *   apiVersion changes.
 * - EndpointSlice `discovery.k8s.io/v1beta1` → `discovery.k8s.io/v1`: pkg/apis/discovery/v1beta1/
 *   conversion.go, `Convert_v1beta1_Endpoint_To_discovery_Endpoint`.
 * - FlowSchema and PriorityLevelConfiguration `flowcontrol.apiserver.k8s.io/v1beta1`,
 *   `v1beta2` → `v1`: pkg/apis/flowcontrol/v1beta2/conversion.go,
 *   `Convert_v1beta2_LimitedPriorityLevelConfiguration_To_flowcontrol_LimitedPriorityLevelConfiguration`
 *   (`NominalConcurrencyShares = AssuredConcurrencyShares`; v1beta1 likewise).
 */
import { type Node, type YAMLMap, Scalar, isMap, isScalar, isSeq } from 'yaml';
import type { PathSegment } from '../common/paths';
import {
  type OffsetEdit,
  indentUnit,
  lineBreakOf,
  pairLines,
  removePairEdit,
  renameKeyEdit,
} from '../rules/yamlEdits';
import { nodeAtPath, rangeOf } from '../yaml/astPath';
import type { ManifestDocument } from '../yaml/manifestFile';
import { ingressV1Edits } from './ingressMigration';

/** The edits besides the apiVersion, and what they change (for the fix's title). */
export interface ApiMigration {
  readonly what: string;
  readonly edits: readonly OffsetEdit[];
}

/**
 * The field edits of moving the document (of its written apiVersion) to `replacement`; an
 * empty list when the new version changed no field the document uses; undefined when they
 * cannot be made exactly or no migration is known.
 */
export function apiMigration(
  document: ManifestDocument,
  kind: string,
  replacement: string,
): ApiMigration | undefined {
  const from = document.identity.apiVersion;
  if (kind === 'Ingress' && replacement === 'networking.k8s.io/v1') {
    const edits = ingressV1Edits(document);
    return edits ? { what: 'backends, pathType', edits } : undefined;
  }
  if (
    kind === 'HorizontalPodAutoscaler' &&
    from === 'autoscaling/v2beta1' &&
    replacement === 'autoscaling/v2'
  ) {
    const edits = hpaV2Edits(document);
    return edits ? { what: 'metric targets', edits } : undefined;
  }
  if (
    kind === 'EndpointSlice' &&
    from === 'discovery.k8s.io/v1beta1' &&
    replacement === 'discovery.k8s.io/v1'
  ) {
    const edits = endpointSliceV1Edits(document);
    return edits ? { what: 'topology', edits } : undefined;
  }
  if (
    kind === 'PriorityLevelConfiguration' &&
    (from === 'flowcontrol.apiserver.k8s.io/v1beta1' || from === 'flowcontrol.apiserver.k8s.io/v1beta2') &&
    replacement === 'flowcontrol.apiserver.k8s.io/v1'
  ) {
    const path = ['spec', 'limited', 'assuredConcurrencyShares'];
    if (nodeAtPath(document.yaml, path) === undefined) {
      return { what: 'nominalConcurrencyShares', edits: [] };
    }
    const edit = renameKeyEdit(document, path, 'nominalConcurrencyShares');
    return edit ? { what: 'nominalConcurrencyShares', edits: [edit] } : undefined;
  }
  return undefined;
}

/**
 * Each metric of a v2beta1 HorizontalPodAutoscaler in the v2 layout, as
 * pkg/apis/autoscaling/v2beta1/conversion.go converts it:
 * - `resource` and `containerResource` (`Convert_v2beta1_ResourceMetricSource_To_…`):
 *   `targetAverageUtilization: N` → `target: {type: Utilization, averageUtilization: N}`,
 *   otherwise `targetAverageValue: Q` → `target: {type: AverageValue, averageValue: Q}`;
 * - `pods` (`Convert_v2beta1_PodsMetricSource_To_…`): `metricName` and `selector` →
 *   `metric: {name, selector}`, `targetAverageValue` → `target: {type: AverageValue, averageValue}`;
 * - `external` (`Convert_v2beta1_ExternalMetricSource_To_…`): `metricName` and `metricSelector` →
 *   `metric: {name, selector}`, `targetValue` → `target: {type: Value, value}`, otherwise
 *   `targetAverageValue` → `{type: AverageValue, averageValue}`;
 * - `object` (`Convert_v2beta1_ObjectMetricSource_To_…`): `target` (the object) →
 *   `describedObject`, `metricName` and `selector` → `metric`, `targetValue` → `target: {type:
 *   Value, value}`, or with `averageValue` `{type: AverageValue, averageValue}`.
 * Where v2beta1 held both a value and an average (which the conversion copies both of, and v2's
 * validation rejects), nothing is rewritten.
 */
function hpaV2Edits(document: ManifestDocument): OffsetEdit[] | undefined {
  const metrics = nodeAtPath(document.yaml, ['spec', 'metrics']);
  if (metrics === undefined || metrics === null) {
    return [];
  }
  if (!isSeq(metrics) || metrics.flow) {
    return undefined;
  }
  const edits: OffsetEdit[] = [];
  for (let index = 0; index < metrics.items.length; index++) {
    const metric = metrics.items[index];
    if (!isMap(metric) || metric.flow) {
      return undefined;
    }
    for (const source of ['resource', 'containerResource', 'pods', 'external', 'object']) {
      if (!metric.has(source)) {
        continue;
      }
      const path: PathSegment[] = ['spec', 'metrics', index, source];
      const sourceEdits = metricSourceEdits(document, path, source);
      if (!sourceEdits) {
        return undefined;
      }
      edits.push(...sourceEdits);
    }
  }
  return edits;
}

function metricSourceEdits(
  document: ManifestDocument,
  path: readonly PathSegment[],
  source: string,
): OffsetEdit[] | undefined {
  const map = nodeAtPath(document.yaml, path);
  if (!isMap(map) || map.flow) {
    return undefined;
  }
  // A value keeps the comment that followed it on its line.
  const value = (key: string): string | undefined | null => {
    const text = scalarText(document, map, key);
    return text ? text + trailingComment(document, map, key) : text;
  };
  const edits: OffsetEdit[] = [];
  const target = (type: string, field: string, text: string, replaced: string): boolean => {
    const edit = replacePair(
      document,
      [...path, replaced],
      ['target:', `  type: ${type}`, `  ${field}: ${text}`],
    );
    if (edit) {
      edits.push(edit);
    }
    return edit !== undefined;
  };
  if (source === 'resource' || source === 'containerResource') {
    const utilization = value('targetAverageUtilization');
    const average = value('targetAverageValue');
    if (utilization === null || average === null || (utilization !== undefined && average !== undefined)) {
      return undefined;
    }
    if (utilization !== undefined) {
      return target('Utilization', 'averageUtilization', utilization, 'targetAverageUtilization')
        ? edits
        : undefined;
    }
    if (average !== undefined) {
      return target('AverageValue', 'averageValue', average, 'targetAverageValue') ? edits : undefined;
    }
    return edits;
  }
  const selectorKey = source === 'external' ? 'metricSelector' : 'selector';
  const metricEdits = metricIdentifierEdits(document, path, map, selectorKey);
  if (!metricEdits) {
    return undefined;
  }
  edits.push(...metricEdits);
  if (source === 'pods') {
    const average = value('targetAverageValue');
    if (average === null) {
      return undefined;
    }
    return average === undefined || target('AverageValue', 'averageValue', average, 'targetAverageValue')
      ? edits
      : undefined;
  }
  if (source === 'external') {
    const plain = value('targetValue');
    const average = value('targetAverageValue');
    if (plain === null || average === null || (plain !== undefined && average !== undefined)) {
      return undefined;
    }
    if (plain !== undefined) {
      return target('Value', 'value', plain, 'targetValue') ? edits : undefined;
    }
    if (average !== undefined) {
      return target('AverageValue', 'averageValue', average, 'targetAverageValue') ? edits : undefined;
    }
    return edits;
  }
  // object: the described object first, then the value.
  const plain = value('targetValue');
  const average = value('averageValue');
  if (plain === null || average === null || (plain !== undefined && average !== undefined)) {
    return undefined;
  }
  if (map.has('target')) {
    const rename = renameKeyEdit(document, [...path, 'target'], 'describedObject');
    if (!rename) {
      return undefined;
    }
    edits.push(rename);
  }
  if (plain !== undefined) {
    return target('Value', 'value', plain, 'targetValue') ? edits : undefined;
  }
  if (average !== undefined) {
    return target('AverageValue', 'averageValue', average, 'averageValue') ? edits : undefined;
  }
  return edits;
}

/** `metricName: x` (and the selector) → `metric: {name: x, selector}`. */
function metricIdentifierEdits(
  document: ManifestDocument,
  path: readonly PathSegment[],
  map: YAMLMap,
  selectorKey: string,
): OffsetEdit[] | undefined {
  const scalar = scalarText(document, map, 'metricName');
  const name = scalar ? scalar + trailingComment(document, map, 'metricName') : scalar;
  if (name === null) {
    return undefined;
  }
  if (name === undefined) {
    return map.has(selectorKey) ? undefined : [];
  }
  const lines = ['metric:', `  name: ${name}`];
  const edits: OffsetEdit[] = [];
  if (map.has(selectorKey)) {
    const selector = pairLines(document, [...path, selectorKey]);
    const removal = removePairEdit(document, [...path, selectorKey]);
    if (!selector || !removal || !fullLines(document, removal)) {
      return undefined;
    }
    // The selector's own lines, one level deeper and renamed `selector`; comments stay.
    const unit = indentUnit(document);
    const [first = '', ...rest] = selector.text.split(/\r?\n/);
    const keyEnd = first.indexOf(selectorKey) + selectorKey.length;
    lines.push(`  selector${first.slice(keyEnd)}`);
    for (const line of rest) {
      lines.push(`\u0000${unit}${line}`);
    }
    edits.push(removal);
  }
  const edit = replacePair(document, [...path, 'metricName'], lines);
  return edit ? [edit, ...edits] : undefined;
}

/**
 * The endpoints of a v1beta1 EndpointSlice in the v1 layout
 * (`Convert_v1beta1_Endpoint_To_discovery_Endpoint`): `topology` becomes `deprecatedTopology`;
 * its `topology.kubernetes.io/zone` moves to the endpoint's `zone`; its `kubernetes.io/hostname`
 * is dropped where it equals the endpoint's `nodeName` (the conversion) and becomes `nodeName`
 * where the endpoint has none (the deprecation guide: "nodeName and zone are set per
 * endpoint"); a `deprecatedTopology` left empty is dropped. v1 does not write
 * `deprecatedTopology` (its API reference: "not writable through the v1 API").
 */
function endpointSliceV1Edits(document: ManifestDocument): OffsetEdit[] | undefined {
  const endpoints = nodeAtPath(document.yaml, ['endpoints']);
  if (endpoints === undefined || endpoints === null) {
    return [];
  }
  if (!isSeq(endpoints) || endpoints.flow) {
    return undefined;
  }
  const edits: OffsetEdit[] = [];
  for (let index = 0; index < endpoints.items.length; index++) {
    const endpoint = endpoints.items[index];
    if (!isMap(endpoint) || endpoint.flow) {
      return undefined;
    }
    const topology = endpoint.get('topology', true);
    if (topology === undefined || topology === null) {
      continue;
    }
    if (!isMap(topology) || topology.flow) {
      return undefined;
    }
    const path: PathSegment[] = ['endpoints', index, 'topology'];
    const zone = scalarText(document, topology, 'topology.kubernetes.io/zone');
    const host = scalarText(document, topology, 'kubernetes.io/hostname');
    const nodeName = scalarText(document, endpoint, 'nodeName');
    if (zone === null || host === null || nodeName === null) {
      return undefined;
    }
    const hostValue = isScalar(topology.get('kubernetes.io/hostname', true))
      ? String((topology.get('kubernetes.io/hostname', true) as Scalar).value)
      : undefined;
    const nodeValue = isScalar(endpoint.get('nodeName', true))
      ? String((endpoint.get('nodeName', true) as Scalar).value)
      : undefined;
    const moved = new Set<string>();
    const added: string[] = [];
    if (host !== undefined && (nodeName === undefined || hostValue === nodeValue)) {
      moved.add('kubernetes.io/hostname');
      if (nodeName === undefined) {
        added.push(`nodeName: ${host}`);
      }
    }
    if (zone !== undefined && !endpoint.has('zone')) {
      moved.add('topology.kubernetes.io/zone');
      added.push(`zone: ${zone}`);
    }
    const kept: string[] = [];
    for (const pair of topology.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) {
        return undefined;
      }
      if (moved.has(key)) {
        continue;
      }
      const lines = pairLines(document, [...path, key]);
      if (!lines) {
        return undefined;
      }
      kept.push(...lines.text.split(/\r?\n/).map((line) => `\u0000${line}`));
    }
    const replacement = kept.length > 0 ? [...added, 'deprecatedTopology:', ...kept] : added;
    const edit = replacePair(document, path, replacement);
    if (!edit) {
      return undefined;
    }
    edits.push(edit);
  }
  return edits;
}

/**
 * The source text of a scalar value of a map: undefined when the key is absent, null when its
 * value is not a one-line scalar (a block scalar, a map, an alias).
 */
function scalarText(document: ManifestDocument, map: YAMLMap, key: string): string | undefined | null {
  if (!map.has(key)) {
    return undefined;
  }
  const node = map.get(key, true) as Node | undefined;
  if (
    !isScalar(node) ||
    (node.type !== Scalar.PLAIN && node.type !== Scalar.QUOTE_DOUBLE && node.type !== Scalar.QUOTE_SINGLE)
  ) {
    return null;
  }
  const range = rangeOf(node);
  const text = range ? document.segment.text.slice(range[0], range[1]) : undefined;
  return text === undefined || text.includes('\n') ? null : text;
}

/** The comment after a scalar value on its line (with the spaces before it), or ''. */
function trailingComment(document: ManifestDocument, map: YAMLMap, key: string): string {
  const range = rangeOf(map.get(key, true));
  if (!range) {
    return '';
  }
  const text = document.segment.text;
  const lineEnd = text.indexOf('\n', range[1]);
  const rest = text.slice(range[1], lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
  return /^[ \t]+#/.test(rest) ? rest.trimEnd() : '';
}

/** The removal covers whole lines (not a key beside a list item's dash). */
function fullLines(document: ManifestDocument, edit: OffsetEdit): boolean {
  const text = document.segment.text;
  return edit.range[0] === 0 || text[edit.range[0] - 1] === '\n';
}

/**
 * The lines of the pair at `path` replaced by `lines` at the key's column: two spaces of a line
 * stand for one level of the document's indentation; a line starting with `\0` is kept verbatim
 * (after the `\0`, a level deeper for each leading level given before it).
 */
function replacePair(
  document: ManifestDocument,
  path: readonly PathSegment[],
  lines: readonly string[],
): OffsetEdit | undefined {
  const removal = removePairEdit(document, path);
  const pair = pairLines(document, path);
  if (!removal || !pair || !fullLines(document, removal)) {
    return undefined;
  }
  const text = document.segment.text;
  const eol = lineBreakOf(text);
  const unit = indentUnit(document);
  const indent = ' '.repeat(pair.column);
  const rendered = lines.map((line) => {
    if (line.startsWith('\u0000')) {
      return line.slice(1);
    }
    const body = line.trimStart();
    const depth = Math.floor((line.length - body.length) / 2);
    return `${indent}${unit.repeat(depth)}${body}`;
  });
  // The removal ends at the start of the next line, or at the end of the text without a break.
  const endsWithBreak = removal.range[1] > 0 && text[removal.range[1] - 1] === '\n';
  return {
    range: removal.range,
    newText: rendered.join(eol) + (endsWithBreak ? eol : ''),
  };
}
