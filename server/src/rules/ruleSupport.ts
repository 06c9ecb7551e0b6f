/**
 * What the pod rules share: the pod of the document being checked, and where in the text to
 * report a finding. A path that is not in the text (a key merged in with `<<`, say) is reported
 * on its nearest ancestor that is.
 */
import { isScalar, type Node } from 'yaml';
import { type PodContainer, describeContainer, podViewOf, type PodView } from '../kubernetes/podView';
import { type JsonObject, objectOf } from '../common/guards';
import { type EditsFixData, LazyFixData } from '../common/fixData';
import type { PathSegment } from '../common/paths';
import { anchorRange, nodeAtPath, pairAtPath, rangeOf } from '../yaml/astPath';
import type { ManifestDocument } from '../yaml/manifestFile';
import type { DefaultSeverity, RuleContext, RuleFinding } from './rule';
import { mergeInsertions, type OffsetEdit } from './yamlEdits';

/** The pod of the document (a Pod's spec or a workload's template), when its kind has one. */
export function podOf(context: RuleContext): PodView | undefined {
  return podViewOf(context.document);
}

/**
 * A rule's findings about the document's pod, from `check`; none when the document has no pod
 * (its kind has no pod template).
 */
export function checkPod(context: RuleContext, check: (pod: PodView) => RuleFinding[]): RuleFinding[] {
  const pod = podOf(context);
  return pod ? check(pod) : [];
}

/** The containers of the document's pod that `include` keeps (all by default); none without a pod. */
export function podContainers(
  context: RuleContext,
  include: (container: PodContainer) => boolean = () => true,
): PodContainer[] {
  return (podOf(context)?.containers ?? []).filter(include);
}

/**
 * The findings of `check` on each place a `securityContext` may stand (the pod's, then each
 * container's, see securityContextOwners), given the severity of a Pod Security Standards level.
 */
export function securityContextFindings(
  context: RuleContext,
  pod: PodView,
  level: 'baseline' | 'restricted',
  check: (owner: SecurityContextOwner, severity: DefaultSeverity) => RuleFinding[],
): RuleFinding[] {
  const severity = securityLevelSeverity(context, level);
  return securityContextOwners(pod).flatMap((owner) => check(owner, severity));
}

/** A place where a `securityContext` may stand, and what a message calls the processes it governs. */
export interface SecurityContextOwner {
  path: readonly PathSegment[];
  securityContext: JsonObject | undefined;
  subject: string;
}

/**
 * Where a `securityContext` may stand: the pod's, then each container's, with the path of its owner
 * and what a message calls the processes it governs.
 */
export function securityContextOwners(pod: PodView): SecurityContextOwner[] {
  return [
    { path: pod.path, securityContext: objectOf(pod.spec.securityContext), subject: 'the containers' },
    ...pod.containers.map((container) => ({
      path: container.path,
      securityContext: objectOf(container.data.securityContext),
      subject: describeContainer(container),
    })),
  ];
}

/** The range of the key at a path, or of its nearest ancestor present in the text. */
export function keyRangeAt(document: ManifestDocument, path: readonly PathSegment[]): [number, number] {
  for (let length = path.length; length > 0; length--) {
    const prefix = path.slice(0, length);
    const keyRange = rangeOf(pairAtPath(document.yaml, prefix)?.key as Node | undefined);
    if (keyRange) {
      return keyRange;
    }
    // A list item: its first key, or the item itself.
    if (typeof prefix[prefix.length - 1] === 'number' && nodeAtPath(document.yaml, prefix)) {
      const itemRange = anchorRange(document.yaml, prefix);
      if (itemRange) {
        return itemRange;
      }
    }
  }
  return anchorRange(document.yaml, []) ?? [0, 0];
}

/** The range of the scalar at a path; for anything else, the range of its key. */
export function valueRangeAt(document: ManifestDocument, path: readonly PathSegment[]): [number, number] {
  const node = nodeAtPath(document.yaml, path);
  if (isScalar(node)) {
    const range = rangeOf(node);
    if (range && range[1] > range[0]) {
      return range;
    }
  }
  return keyRangeAt(document, path);
}

/** Where to report a finding about a container as a whole: its name. */
export function containerRange(document: ManifestDocument, container: PodContainer): [number, number] {
  return container.name !== undefined
    ? valueRangeAt(document, [...container.path, 'name'])
    : keyRangeAt(document, container.path);
}

/**
 * The severity of a Pod Security Standards finding: a Baseline violation is a warning at both
 * levels; a Restricted-only one is a warning when the configured level is `restricted`, and
 * only a hint under `baseline`.
 */
export function securityLevelSeverity(
  context: RuleContext,
  level: 'baseline' | 'restricted',
): DefaultSeverity {
  return level === 'baseline' || context.settings.podSecurityStandard === 'restricted' ? 'warning' : 'hint';
}

/**
 * A new name for a duplicate: the name with `-2` (or the first free number) appended, cut so
 * that it stays within `maxLength` characters.
 */
export function freeName(name: string, taken: ReadonlySet<string>, maxLength: number): string {
  for (let suffix = 2; ; suffix++) {
    const tail = `-${suffix}`;
    const candidate = `${name.slice(0, maxLength - tail.length).replace(/-+$/, '')}${tail}`;
    if (!taken.has(candidate)) {
      return candidate;
    }
  }
}

/** The path of a container's field, for messages: `containers[0]`. */
/**
 * Every repeat of a name after its first use, with the index of the repeat and of that first
 * use. Missing and empty names are skipped (they are other rules' findings). Two uses that
 * `apart` says are never rendered together (exclusive branches of a template) are no repeat.
 */
export function repeatedNames(
  names: readonly (string | undefined)[],
  apart: (earlier: number, later: number) => boolean = () => false,
): { name: string; index: number; first: number }[] {
  const earlierIndexes = new Map<string, number[]>();
  const repeats: { name: string; index: number; first: number }[] = [];
  names.forEach((name, index) => {
    if (name === undefined || name === '') {
      return;
    }
    const earlier = earlierIndexes.get(name);
    const first = earlier?.find((candidate) => !apart(candidate, index));
    if (first !== undefined) {
      repeats.push({ name, index, first });
    }
    if (earlier) {
      earlier.push(index);
    } else {
      earlierIndexes.set(name, [index]);
    }
  });
  return repeats;
}

/**
 * Two parts of a Helm template that are never rendered together: they stand in different
 * branches of one `if`/`else`, `with`/`else` or `range`/`else` chain (yaml/templateBranches.ts).
 * A rule that reports a name used twice skips such a pair: only one of them reaches the API
 * server. False for plain YAML, and for a template whose branches cannot be read.
 */
export function renderedApart(
  document: ManifestDocument,
  first: readonly PathSegment[],
  second: readonly PathSegment[],
): boolean {
  const branches = document.segment.templateBranches;
  if (!branches) {
    return false;
  }
  const firstStart = rangeOf(nodeAtPath(document.yaml, first))?.[0];
  const secondStart = rangeOf(nodeAtPath(document.yaml, second))?.[0];
  return firstStart !== undefined && secondStart !== undefined && branches.exclusive(firstStart, secondStart);
}

/**
 * A value of a Helm template that an action renders (`app: {{ include "name" . }}`,
 * `{{ .Values.tier }}-web`): unknown until rendering, so a rule never compares it with another
 * value. False for plain YAML and for a path that is not there.
 */
export function renderedByTemplate(document: ManifestDocument, path: readonly PathSegment[]): boolean {
  const range = rangeOf(nodeAtPath(document.yaml, path));
  return range !== undefined && document.segment.holdsTemplateAction(range[0], range[1]);
}

export function listItemName(list: string, index: number): string {
  return `${list}[${index}]`;
}

/** Fix data from candidate fixes, keeping those whose edits could be made; undefined if none. */
export function fixData(
  candidates: readonly [string, ...(OffsetEdit | undefined)[]][],
): EditsFixData | undefined {
  const fixes = candidates.flatMap(([title, ...edits]) =>
    edits.length > 0 && edits.every((edit) => edit !== undefined)
      ? [{ title, edits: mergeInsertions(edits) }]
      : [],
  );
  return fixes.length > 0 ? { kind: 'edits', fixes } : undefined;
}

/**
 * The finding with its fixes, when there are any; given as a function, they are computed only if
 * the finding is placed in the file (LazyFixData), which most findings of a large file never are.
 */
export function withData(
  finding: RuleFinding,
  data: EditsFixData | undefined | (() => EditsFixData | undefined),
): RuleFinding {
  if (typeof data === 'function') {
    return { ...finding, data: new LazyFixData(data) };
  }
  return data ? { ...finding, data } : finding;
}
