/**
 * Label selectors as the API server evaluates them: `matchLabels` and `matchExpressions`
 * (In, NotIn, Exists, DoesNotExist) are ANDed together.
 */

export const selectorOperators = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
export type SelectorOperator = (typeof selectorOperators)[number];

export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: readonly string[];
}

export interface LabelSelector {
  matchLabels: ReadonlyMap<string, string>;
  matchExpressions: readonly SelectorRequirement[];
}

export function isSelectorOperator(value: unknown): value is SelectorOperator {
  return typeof value === 'string' && (selectorOperators as readonly string[]).includes(value);
}

/** Whether one requirement holds for a set of labels. */
export function requirementMatches(
  requirement: SelectorRequirement,
  labels: ReadonlyMap<string, string>,
): boolean {
  const value = labels.get(requirement.key);
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && requirement.values.includes(value);
    case 'NotIn':
      return value === undefined || !requirement.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
  }
}

/** Whether a selector selects a set of labels. */
export function selectorMatches(selector: LabelSelector, labels: ReadonlyMap<string, string>): boolean {
  for (const [key, value] of selector.matchLabels) {
    if (labels.get(key) !== value) {
      return false;
    }
  }
  return selector.matchExpressions.every((requirement) => requirementMatches(requirement, labels));
}
