/**
 * Every rule Podscope has, as `podscope rules` and docs/rules.md list them: the rules over one
 * document (rules/), then the rules across files (workspace/workspaceRules.ts).
 */
import type { RuleSeverity } from '../common/settings';
import { builtinRules } from '../rules';
import { workspaceRules } from '../workspace/workspaceRules';
import { kustomizationRules } from './kustomization/kustomizationFields';

export interface RuleSummary {
  readonly id: string;
  readonly defaultSeverity: Exclude<RuleSeverity, 'off'>;
  readonly summary: string;
}

export const everyRule: readonly RuleSummary[] = [...builtinRules, ...workspaceRules, ...kustomizationRules];
