/**
 * Quick fixes for the security rules: set a field of a container's or the pod's
 * securityContext, creating the securityContext when there is none.
 */
import { isMap } from 'yaml';
import type { PathSegment } from '../common/paths';
import { findPair, nodeAtPath } from '../yaml/astPath';
import type { ManifestDocument } from '../yaml/manifestFile';
import { insertIntoMapEdit, type OffsetEdit, replaceScalarEdit, yamlLines } from './yamlEdits';

/**
 * Sets `field` in the securityContext of the object at `ownerPath` (a container or a pod
 * spec). `value` is a scalar, or lines below the field written with two-space indentation
 * (`"\n  type: RuntimeDefault"`).
 */
export function setSecurityFieldEdit(
  document: ManifestDocument,
  ownerPath: readonly PathSegment[],
  field: string,
  value: string,
): OffsetEdit | undefined {
  const contextPath = [...ownerPath, 'securityContext'];
  const securityContext = nodeAtPath(document.yaml, contextPath);
  const scalar = !value.startsWith('\n');
  const fieldLines = yamlLines(`${field}:${scalar ? ` ${value}` : value}`);
  if (isMap(securityContext)) {
    if (findPair(securityContext, field)) {
      return scalar ? replaceScalarEdit(document, [...contextPath, field], value) : undefined;
    }
    return insertIntoMapEdit(document, contextPath, fieldLines);
  }
  const owner = nodeAtPath(document.yaml, ownerPath);
  if (securityContext !== undefined || !isMap(owner)) {
    return undefined;
  }
  const lines = [
    { depth: 0, text: 'securityContext:' },
    ...fieldLines.map((line) => ({ ...line, depth: line.depth + 1 })),
  ];
  // In a container, beside its image; in a pod spec, before the containers.
  const position = findPair(owner, 'image')
    ? { after: 'image' }
    : findPair(owner, 'containers')
      ? { before: 'containers' }
      : 'last';
  return (
    insertIntoMapEdit(document, ownerPath, lines, position) ??
    (position !== 'last' ? insertIntoMapEdit(document, ownerPath, lines, 'last') : undefined)
  );
}
