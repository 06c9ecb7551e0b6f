/**
 * pss-selinux (Pod Security Standards, Baseline: SELinux): `seLinuxOptions` may set only the
 * type, and only to container_t, container_init_t, container_kvm_t or container_engine_t;
 * a custom user or role is not allowed.
 */
import { objectOf } from '../common/guards';
import { baselineSeLinuxTypes } from '../kubernetes/securityContext';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, securityContextFindings, valueRangeAt } from './ruleSupport';

export const pssSeLinux: Rule = {
  id: 'pss-selinux',
  defaultSeverity: 'warning',
  summary: 'SELinux options set a custom type, user or role (Pod Security Standards, Baseline).',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) =>
      securityContextFindings(context, pod, 'baseline', (owner, severity) => {
        const findings: RuleFinding[] = [];
        const options = objectOf(owner.securityContext?.seLinuxOptions);
        const path = [...owner.path, 'securityContext', 'seLinuxOptions'];
        if (
          typeof options?.type === 'string' &&
          options.type !== '' &&
          !baselineSeLinuxTypes.has(options.type)
        ) {
          findings.push({
            range: valueRangeAt(context.document, [...path, 'type']),
            severity,
            message: `SELinux type "${options.type}" is not allowed; use container_t (or container_init_t, container_kvm_t, container_engine_t).`,
          });
        }
        for (const field of ['user', 'role'] as const) {
          if (typeof options?.[field] === 'string' && options[field] !== '') {
            findings.push({
              range: valueRangeAt(context.document, [...path, field]),
              severity,
              message: `A custom SELinux ${field} is not allowed; remove seLinuxOptions.${field}.`,
            });
          }
        }
        return findings;
      }),
    );
  },
};
