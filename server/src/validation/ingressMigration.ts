/**
 * The edits that move an Ingress of extensions/v1beta1 or networking.k8s.io/v1beta1 to
 * networking.k8s.io/v1, as the deprecation guide lists the changes
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/#ingress-v122):
 * `spec.backend` is renamed `spec.defaultBackend`; a backend's `serviceName` becomes
 * `service.name` and its `servicePort` `service.port.number` (a number) or `service.port.name`
 * (a string); every path gets `pathType: ImplementationSpecific`, the v1beta1 behaviour, where it
 * has none. This is what the API server's own conversion does: kubernetes/kubernetes
 * pkg/apis/networking/v1beta1/conversion.go (and pkg/apis/extensions/v1beta1/conversion.go),
 * Convert_v1beta1_IngressBackend_To_networking_IngressBackend (a string servicePort is
 * Port.Name, an integer Port.Number) and Convert_v1beta1_IngressSpec_To_networking_IngressSpec
 * (Backend to DefaultBackend); v1beta1's SetDefaults_HTTPIngressPath defaulted pathType to
 * ImplementationSpecific.
 */
import { type Node, isMap, isScalar, isSeq } from 'yaml';
import type { PathSegment } from '../common/paths';
import {
  type OffsetEdit,
  indentUnit,
  insertIntoMapEdit,
  lineBreakOf,
  removePairEdit,
  renameKeyEdit,
  yamlLines,
  yamlString,
} from '../rules/yamlEdits';
import { nodeAtPath, rangeOf } from '../yaml/astPath';
import type { ManifestDocument } from '../yaml/manifestFile';

/**
 * The edits of the migration besides the apiVersion, or undefined when some part of the layout
 * cannot be rewritten exactly (a flow map, a resource backend, a port that is neither a number
 * nor a name): then only the apiVersion is offered.
 */
export function ingressV1Edits(document: ManifestDocument): OffsetEdit[] | undefined {
  const edits: OffsetEdit[] = [];
  let exact = true;
  const add = (edit: OffsetEdit | undefined): void => {
    if (edit) {
      edits.push(edit);
    } else {
      exact = false;
    }
  };
  const backendPaths: PathSegment[][] = [];
  if (nodeAtPath(document.yaml, ['spec', 'backend']) !== undefined) {
    backendPaths.push(['spec', 'backend']);
    add(renameKeyEdit(document, ['spec', 'backend'], 'defaultBackend'));
  }
  const rules = nodeAtPath(document.yaml, ['spec', 'rules']);
  const ruleCount = isSeq(rules) ? rules.items.length : 0;
  for (let ruleIndex = 0; ruleIndex < ruleCount; ruleIndex++) {
    const paths = nodeAtPath(document.yaml, ['spec', 'rules', ruleIndex, 'http', 'paths']);
    const pathCount = isSeq(paths) ? paths.items.length : 0;
    for (let pathIndex = 0; pathIndex < pathCount; pathIndex++) {
      const itemPath: PathSegment[] = ['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex];
      const item = nodeAtPath(document.yaml, itemPath);
      backendPaths.push([...itemPath, 'backend']);
      if (isMap(item) && !item.has('pathType')) {
        // Beside `path` on the item's line; an item without one is left to the user.
        const anchor = item.has('path') ? { after: 'path' } : 'first';
        add(insertIntoMapEdit(document, itemPath, yamlLines('pathType: ImplementationSpecific'), anchor));
      }
    }
  }
  for (const path of backendPaths) {
    const backend = backendEdits(document, path);
    if (backend) {
      edits.push(...backend);
    } else {
      exact = false;
    }
  }
  return exact ? edits : undefined;
}

/** A v1beta1 backend (`serviceName`, `servicePort`) rewritten as a v1 `service`. */
function backendEdits(document: ManifestDocument, path: readonly PathSegment[]): OffsetEdit[] | undefined {
  const backend = nodeAtPath(document.yaml, path);
  if (backend === undefined || backend === null) {
    return [];
  }
  if (!isMap(backend) || backend.flow) {
    return undefined;
  }
  if (backend.has('service') || backend.has('resource')) {
    // Already the v1 layout, or a resource backend, which v1 keeps as it is.
    return backend.has('serviceName') ? undefined : [];
  }
  const name = backend.get('serviceName', true);
  const port = backend.get('servicePort', true);
  if (!isScalar(name) || !isScalar(port) || typeof name.value !== 'string') {
    return undefined;
  }
  const portLine =
    typeof port.value === 'number' && Number.isInteger(port.value)
      ? `number: ${port.value}`
      : typeof port.value === 'string' && port.value !== ''
        ? `name: ${yamlString(port.value)}`
        : undefined;
  const nameRemoval = removePairEdit(document, [...path, 'serviceName']);
  const portRemoval = removePairEdit(document, [...path, 'servicePort']);
  const nameKey = rangeOf(
    backend.items.find((pair) => isScalar(pair.key) && pair.key.value === 'serviceName')?.key as
      | Node
      | undefined,
  );
  if (!portLine || !nameRemoval || !portRemoval || !nameKey) {
    return undefined;
  }
  const text = document.segment.text;
  const indent = ' '.repeat(nameKey[0] - (text.lastIndexOf('\n', nameKey[0] - 1) + 1));
  const unit = indentUnit(document);
  const eol = lineBreakOf(text);
  const lines = [
    'service:',
    `${unit}name: ${yamlString(name.value)}`,
    `${unit}port:`,
    `${unit}${unit}${portLine}`,
  ];
  return [
    { range: nameRemoval.range, newText: lines.map((line) => `${indent}${line}${eol}`).join('') },
    portRemoval,
  ];
}
