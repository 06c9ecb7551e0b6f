/**
 * pss-host-process (Pod Security Standards, Baseline: HostProcess): a Windows HostProcess
 * container runs directly on the node, with the node's privileges.
 */
import { objectOf } from '../common/guards';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, securityContextFindings, valueRangeAt } from './ruleSupport';

export const pssHostProcess: Rule = {
  id: 'pss-host-process',
  defaultSeverity: 'warning',
  summary: 'A Windows HostProcess container runs on the node itself (Pod Security Standards, Baseline).',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) =>
      securityContextFindings(context, pod, 'baseline', (owner, severity) =>
        objectOf(owner.securityContext?.windowsOptions)?.hostProcess === true
          ? [
              {
                range: valueRangeAt(context.document, [
                  ...owner.path,
                  'securityContext',
                  'windowsOptions',
                  'hostProcess',
                ]),
                severity,
                message:
                  'hostProcess: true runs the container on the Windows node itself; remove it unless this is a node agent.',
              },
            ]
          : [],
      ),
    );
  },
};
