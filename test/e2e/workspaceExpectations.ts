/**
 * What both end-to-end suites expect of the workspace fixtures storefront.yaml (a Deployment whose
 * container takes its environment from a ConfigMap) and storefront-config.yaml (that ConfigMap):
 * where the names are, located by the text around them (never by hand-counted positions), and
 * what a rename of the ConfigMap makes of both files.
 */
import { rangeOfOffsets, type TextRange } from './podExpectations';

export const deploymentFile = 'storefront.yaml';
export const configMapFile = 'storefront-config.yaml';
export const configMapName = 'storefront-settings';
export const renamedConfigMap = 'storefront-config';

/** The name in `envFrom[0].configMapRef`: where the steps go to the definition from. */
export const envFromReference = `            - configMapRef:\n                name: `;
/** The name in `env[0].valueFrom.configMapKeyRef`, the Deployment's other reference. */
export const keyReference = `                configMapKeyRef:\n                  name: `;
/** The ConfigMap's own name. */
export const declaration = `metadata:\n  name: `;

/** The range of the name written after `anchor` (its only occurrence) in the text. */
export function nameAfter(text: string, anchor: string, name = configMapName): TextRange {
  const index = text.indexOf(anchor + name);
  if (index < 0 || text.indexOf(anchor + name, index + 1) >= 0) {
    throw new Error(`"${anchor}${name}" is not once in the document`);
  }
  const start = index + anchor.length;
  return rangeOfOffsets(text, start, start + name.length);
}

/** The text with the name after each anchor replaced by `newName`, and nothing else changed. */
export function renamedText(text: string, anchors: readonly string[], newName = renamedConfigMap): string {
  let result = text;
  for (const anchor of anchors) {
    nameAfter(result, anchor); // there, once
    result = result.replace(anchor + configMapName, anchor + newName);
  }
  return result;
}

/** The anchors of the names a rename changes, per file. */
export const renamedAnchors: Readonly<Record<string, readonly string[]>> = {
  [deploymentFile]: [envFromReference, keyReference],
  [configMapFile]: [declaration],
};
