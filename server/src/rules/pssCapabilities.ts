/**
 * pss-capabilities (Pod Security Standards, Capabilities). Baseline: add no capability beyond
 * the container runtime's default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL,
 * MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT). Restricted: drop
 * ALL, and add back at most NET_BIND_SERVICE. Windows pods are exempt from Restricted.
 */
import { isMap } from 'yaml';
import { describeContainer } from '../kubernetes/podView';
import { listOf, objectOf } from '../common/guards';
import { baselineCapabilities, containerSecurityContext, isWindowsPod } from '../kubernetes/securityContext';
import { findPair, nodeAtPath } from '../yaml/astPath';
import type { Rule, RuleContext, RuleFinding } from './rule';
import {
  checkPod,
  containerRange,
  fixData,
  keyRangeAt,
  securityLevelSeverity,
  valueRangeAt,
  withData,
} from './ruleSupport';
import { setSecurityFieldEdit } from './securityFixes';
import { insertIntoMapEdit, type OffsetEdit, yamlLines } from './yamlEdits';

export const pssCapabilities: Rule = {
  id: 'pss-capabilities',
  defaultSeverity: 'warning',
  summary:
    'A container adds a capability beyond the default set (Baseline), or does not drop ALL (Restricted).',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const restricted = !isWindowsPod(pod);
      const findings: RuleFinding[] = [];
      for (const container of pod.containers) {
        const capabilities = objectOf(containerSecurityContext(container)?.capabilities);
        const capabilitiesPath = [...container.path, 'securityContext', 'capabilities'];
        const subject = describeContainer(container);
        listOf(capabilities?.add).forEach((capability, index) => {
          if (typeof capability !== 'string') {
            return;
          }
          // The API accepts CAP_-prefixed names and any case; the runtime normalizes them.
          const name = capability.toUpperCase().replace(/^CAP_/, '');
          const baseline = baselineCapabilities.has(name);
          if (baseline && (name === 'NET_BIND_SERVICE' || !restricted)) {
            return;
          }
          findings.push({
            range: valueRangeAt(context.document, [...capabilitiesPath, 'add', index]),
            severity: securityLevelSeverity(context, baseline ? 'restricted' : 'baseline'),
            message: baseline
              ? `${subject} adds ${capability}; the Restricted level allows adding only NET_BIND_SERVICE, so remove it.`
              : `${subject} adds ${capability}, beyond the default capabilities; remove it.`,
          });
        });
        if (!restricted) {
          continue;
        }
        const drop = listOf(capabilities?.drop);
        if (drop.some((capability) => typeof capability === 'string' && capability.toUpperCase() === 'ALL')) {
          continue;
        }
        findings.push(
          withData(
            {
              range: capabilities
                ? keyRangeAt(context.document, capabilitiesPath)
                : containerRange(context.document, container),
              severity: securityLevelSeverity(context, 'restricted'),
              absence: true,
              message: `${subject} does not drop all capabilities; add ALL to securityContext.capabilities.drop.`,
            },
            () =>
              fixData([['Drop all capabilities', dropAllEdit(context, container.path, capabilitiesPath)]]),
          ),
        );
      }
      return findings;
    });
  },
};

function dropAllEdit(
  context: RuleContext,
  containerPath: readonly (string | number)[],
  capabilitiesPath: (string | number)[],
): OffsetEdit | undefined {
  const capabilities = nodeAtPath(context.document.yaml, capabilitiesPath);
  if (capabilities === undefined) {
    return setSecurityFieldEdit(context.document, containerPath, 'capabilities', '\n  drop:\n    - ALL');
  }
  if (isMap(capabilities) && !findPair(capabilities, 'drop')) {
    return insertIntoMapEdit(context.document, capabilitiesPath, yamlLines('drop:\n  - ALL'));
  }
  return undefined;
}
