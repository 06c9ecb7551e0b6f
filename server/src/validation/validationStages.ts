/**
 * The sources of findings about a Kubernetes document, in the order they run (their findings
 * are sorted by position afterwards; among findings at one position, this order holds). A new
 * source (references across files, custom resource schemas, Helm) is a new stage added here.
 */
import { customResourceStage } from './customResourceStage';
import { ruleStage } from './ruleStage';
import { schemaStage } from './schemaStage';
import type { ValidationStage } from './validationStage';
import { versionStage } from './versionStage';

export const validationStages: readonly ValidationStage[] = [
  schemaStage,
  versionStage,
  customResourceStage,
  ruleStage,
];
