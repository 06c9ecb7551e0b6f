/**
 * Renaming a label (its key or its value) on both sides of a label selection: a selector (a
 * Service's `spec.selector`, a PodDisruptionBudget's `spec.selector.matchLabels`, a
 * NetworkPolicy's `spec.podSelector.matchLabels`, a workload's own `spec.selector.matchLabels`)
 * and the pod templates' `metadata.labels` it selects, across files. The edit keeps every
 * selection that holds through the label: the selectors that select a renamed template with it,
 * the templates those selectors select with it, and each workload's own selector, which the API
 * server requires to match its template (ValidateDeploymentSpec and its siblings in
 * k8s.io/kubernetes pkg/apis/apps/validation: "selector does not match template labels").
 */
import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { labelKeyError, labelValueError } from '../kubernetes/names';
import {
  type Declaration,
  resourcesAtLine,
  type LabelPlace,
  type SelectorData,
} from '../workspace/fileResources';
import { selectedWorkloads, selectorsOf } from '../workspace/selectors';
import type { Located, WorkspaceIndex } from '../workspace/workspaceIndex';
import type { ManifestFile } from '../yaml/manifestFile';
import { rangeContains } from '../util/ranges';

/** A label at a position: in a selector, a template's labels or a workload's own selector. */
interface LabelAt {
  readonly declaration: Declaration;
  readonly where: 'selector' | 'template' | 'ownSelector';
  readonly place: LabelPlace;
  readonly side: 'key' | 'value';
}

function labelAt(file: ManifestFile, position: Position): LabelAt | undefined {
  for (const declaration of resourcesAtLine(file, position.line).declarations) {
    const sources = [
      ['selector', declaration.selector?.labelPlaces],
      ['template', declaration.template?.labelPlaces],
      ['ownSelector', declaration.template?.selector?.labelPlaces],
    ] as const;
    for (const [where, places] of sources) {
      for (const place of places ?? []) {
        if (rangeContains(place.keyRange, position)) {
          return { declaration, where, place, side: 'key' };
        }
        if (rangeContains(place.valueRange, position)) {
          return { declaration, where, place, side: 'value' };
        }
      }
    }
  }
  return undefined;
}

/** Where a label rename at the position would apply: the key or the value scalar. */
export function prepareLabelRename(
  file: ManifestFile,
  position: Position,
): { range: Range; placeholder: string } | undefined {
  const found = labelAt(file, position);
  if (!found) {
    return undefined;
  }
  const { place, side } = found;
  return side === 'key'
    ? { range: place.keyRange, placeholder: place.key }
    : { range: place.valueRange, placeholder: place.value };
}

/**
 * The text to write for a new key or value. Inside quotes, as it is. Unquoted, a text that a YAML
 * reader would take for something else than a string is quoted: a number, a null, or a YAML 1.1
 * boolean (`yes`, `on`, ...: https://yaml.org/type/bool.html, which sigs.k8s.io/yaml's go-yaml
 * still reads), since labels are a map of strings (metav1.ObjectMeta.Labels).
 */
function scalarText(text: string, quoted: boolean): string {
  if (quoted) {
    return text;
  }
  const plain =
    /^[A-Za-z][A-Za-z0-9_.\-/]*$/.test(text) &&
    !/^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/.test(
      text,
    );
  return plain ? text : JSON.stringify(text);
}

/** The same object in the index as the one read from the current text (indexed first). */
function locate(index: WorkspaceIndex, declaration: Declaration): Located<Declaration> | { error: string } {
  const same: Located<Declaration>[] = [];
  for (const located of index.declarations()) {
    if (located.item === declaration) {
      return located;
    }
    const { item } = located;
    if (
      item.kind === declaration.kind &&
      item.name === declaration.name &&
      item.namespace === declaration.namespace &&
      sameRange(item.range, declaration.range) &&
      JSON.stringify(item.template?.labels) === JSON.stringify(declaration.template?.labels) &&
      JSON.stringify(item.selector) === JSON.stringify(declaration.selector)
    ) {
      same.push(located);
    }
  }
  if (same.length === 1) {
    return same[0]!;
  }
  return {
    error:
      same.length === 0
        ? `${declaration.kind} "${declaration.name}" is not indexed yet: try again.`
        : `${declaration.kind} "${declaration.name}" is written the same in several files: rename its labels by hand.`,
  };
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

function identity({ uri, item }: Located<Declaration>): string {
  return `${uri}#${item.kind}/${item.name}#${item.range.start.line}:${item.range.start.character}`;
}

/**
 * Whether a selector's `matchExpressions` use the label: for a new value, an `In` or `NotIn`
 * naming values; for a new key, any requirement on the key (metav1.LabelSelectorRequirement).
 */
function expressesLabel(selector: SelectorData | undefined, key: string, side: 'key' | 'value'): boolean {
  return (selector?.matchExpressions ?? []).some(
    (requirement) =>
      requirement.key === key &&
      (side === 'key' || requirement.operator === 'In' || requirement.operator === 'NotIn'),
  );
}

function placeOf(
  places: readonly LabelPlace[] | undefined,
  key: string,
  value: string,
): LabelPlace | undefined {
  return places?.find((place) => place.key === key && place.value === value);
}

/**
 * Renames the label at the position in every selector and pod template that select each other
 * through it. The new key must be a valid label key, the new value a valid label value (the API
 * server's ValidateLabels: IsQualifiedName and IsValidLabelValue in k8s.io/apimachinery
 * pkg/util/validation). Refused when a selector involved matches the label through
 * `matchExpressions` (its values are not label places), when a place is in a Helm template (its
 * text is not the object), or when a new key is already a label of a map it would be written in.
 */
export function doLabelRename(
  index: WorkspaceIndex,
  file: ManifestFile,
  position: Position,
  newName: string,
): WorkspaceEdit | { error: string } | undefined {
  const found = labelAt(file, position);
  if (!found) {
    return undefined;
  }
  const { side, place } = found;
  const { key, value } = place;
  const problem = side === 'key' ? labelKeyError(newName) : labelValueError(newName);
  if (problem) {
    return { error: `"${newName}" is not a valid label ${side}: ${problem}` };
  }
  const start = locate(index, found.declaration);
  if ('error' in start) {
    return start;
  }
  const refusal = (located: Located<Declaration>, why: string): { error: string } => ({
    error: `${located.item.kind} "${located.item.name}" ${why}: rename the label ${key}=${value} by hand.`,
  });

  // The selectors and the workloads linked through the label, from the one at the position.
  const selectors = new Map<string, Located<Declaration>>();
  const workloads = new Map<string, Located<Declaration>>();
  const pending: { located: Located<Declaration>; as: 'selector' | 'workload' }[] = [
    { located: start, as: found.where === 'selector' ? 'selector' : 'workload' },
  ];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { located, as } = next;
    const seen = as === 'selector' ? selectors : workloads;
    if (seen.has(identity(located))) {
      continue;
    }
    seen.set(identity(located), located);
    if (as === 'selector') {
      if (expressesLabel(located.item.selector, key, side)) {
        return refusal(located, 'matches the label through matchExpressions');
      }
      for (const workload of selectedWorkloads(index, located.item)) {
        if (workload.item.template?.labels[key] === value) {
          pending.push({ located: workload, as: 'workload' });
        }
      }
    } else {
      if (expressesLabel(located.item.template?.selector, key, side)) {
        return refusal(located, 'matches the label through matchExpressions');
      }
      for (const selecting of selectorsOf(index, located.item)) {
        if (selecting.item.selector?.matchLabels[key] === value) {
          pending.push({ located: selecting, as: 'selector' });
        } else if (expressesLabel(selecting.item.selector, key, side)) {
          return refusal(selecting, 'selects it through matchExpressions');
        }
      }
    }
  }

  const places: Located<{ place: LabelPlace; labels: Readonly<Record<string, string>> }>[] = [];
  const add = (
    located: Located<Declaration>,
    found: LabelPlace | undefined,
    labels: Readonly<Record<string, string>>,
  ) => {
    if (found) {
      places.push({ uri: located.uri, item: { place: found, labels } });
    }
  };
  for (const located of [...selectors.values(), ...workloads.values()]) {
    if (located.item.templated) {
      return refusal(located, `is in a template (${located.uri}), whose labels are known only once rendered`);
    }
  }
  for (const located of selectors.values()) {
    const selector = located.item.selector!;
    add(located, placeOf(selector.labelPlaces, key, value), selector.matchLabels);
  }
  for (const located of workloads.values()) {
    const template = located.item.template!;
    add(located, placeOf(template.labelPlaces, key, value), template.labels);
    if (template.selector) {
      add(located, placeOf(template.selector.labelPlaces, key, value), template.selector.matchLabels);
    }
  }
  if (side === 'key' && newName !== key) {
    const taken = places.find(({ item }) => Object.hasOwn(item.labels, newName));
    if (taken) {
      return { error: `A map of labels in ${taken.uri} already has the key "${newName}".` };
    }
  }

  const changes: Record<string, TextEdit[]> = {};
  const written = new Set<string>();
  for (const { uri, item } of places) {
    const range = side === 'key' ? item.place.keyRange : item.place.valueRange;
    const at = `${uri}#${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
    if (written.has(at)) {
      continue;
    }
    written.add(at);
    const quoted = side === 'key' ? item.place.keyQuoted : item.place.quoted;
    (changes[uri] ??= []).push({ range, newText: scalarText(newName, quoted) });
  }
  return { changes };
}
