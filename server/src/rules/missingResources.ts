/**
 * missing-resources: a container without a cpu request, a memory request or a memory limit, in
 * the spirit of kube-score's container-resources check. Requests are what the scheduler
 * reserves (without them a pod lands on a full node and is the first evicted); the memory limit
 * stops a leak from taking the node's memory. A limit alone counts as the request too (the API
 * server defaults the request to the limit), and pod-level resources cover every container.
 * A cpu limit is not required: it throttles a container even when the node has idle cpu.
 */
import { isMap } from 'yaml';
import { type PodContainer, describeContainer } from '../kubernetes/podView';
import { type JsonObject, objectOf } from '../common/guards';
import { nodeAtPath } from '../yaml/astPath';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, containerRange, fixData, keyRangeAt, withData } from './ruleSupport';
import { insertIntoMapEdit, type OffsetEdit, type YamlLine, yamlLines } from './yamlEdits';

/** Placeholders the fix inserts: a small service's starting point, to be measured and tuned. */
export const resourcePlaceholders = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '128Mi' },
} as const;

type Requirement = { section: 'requests' | 'limits'; resource: 'cpu' | 'memory' };

const requirements: readonly Requirement[] = [
  { section: 'requests', resource: 'cpu' },
  { section: 'requests', resource: 'memory' },
  { section: 'limits', resource: 'memory' },
];

export const missingResources: Rule = {
  id: 'missing-resources',
  defaultSeverity: 'warning',
  judgesAbsence: true,
  summary: 'A container has no cpu request, memory request or memory limit.',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const podResources = objectOf(pod.spec.resources);
      const findings: RuleFinding[] = [];
      for (const container of pod.containers) {
        if (container.role === 'ephemeral') {
          continue;
        }
        const resources = objectOf(container.data.resources);
        const missing = requirements.filter(
          (requirement) => !isSet(resources, requirement) && !isSet(podResources, requirement),
        );
        if (missing.length === 0) {
          continue;
        }
        const names = missing.map(
          ({ section, resource }) => `${resource} ${section === 'requests' ? 'request' : 'limit'}`,
        );
        const list =
          names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]!}`;
        const hasResources = container.data.resources !== undefined && container.data.resources !== null;
        findings.push(
          withData(
            {
              range: hasResources
                ? keyRangeAt(context.document, [...container.path, 'resources'])
                : containerRange(context.document, container),
              message: `${describeContainer(container)} has no ${list}; set ${names.length === 1 ? 'it' : 'them'} in resources.`,
            },
            () =>
              fixData([
                [
                  hasResources ? `Add ${list.replace(' or ', ' and ')}` : 'Add resource requests and limits',
                  ...resourcesEdits(context, container, missing),
                ],
              ]),
          ),
        );
      }
      return findings;
    });
  },
};

/** Whether a requirement is met: a request may come from the limit, which it defaults to. */
function isSet(resources: JsonObject | undefined, { section, resource }: Requirement): boolean {
  const present = (name: 'requests' | 'limits'): boolean => {
    const value = objectOf(resources?.[name])?.[resource];
    return value !== undefined && value !== null;
  };
  return section === 'requests' ? present('requests') || present('limits') : present('limits');
}

function resourcesEdits(
  context: RuleContext,
  container: PodContainer,
  missing: readonly Requirement[],
): (OffsetEdit | undefined)[] {
  const { document } = context;
  const resourcesPath = [...container.path, 'resources'];
  const raw = container.data.resources;
  if (raw === undefined) {
    const { requests, limits } = resourcePlaceholders;
    const skeleton = yamlLines(
      `resources:\n  requests:\n    cpu: ${requests.cpu}\n    memory: ${requests.memory}\n  limits:\n    cpu: ${limits.cpu}\n    memory: ${limits.memory}`,
    );
    const after = container.data.image !== undefined ? { after: 'image' } : 'last';
    return [insertIntoMapEdit(document, container.path, skeleton, after)];
  }
  if (!isMap(nodeAtPath(document.yaml, resourcesPath))) {
    return [undefined];
  }
  const edits: (OffsetEdit | undefined)[] = [];
  const newSections: YamlLine[] = [];
  for (const section of ['requests', 'limits'] as const) {
    const entries = missing
      .filter((requirement) => requirement.section === section)
      .map(({ resource }) => `${resource}: ${resourcePlaceholders[section][resource]}`);
    if (entries.length === 0) {
      continue;
    }
    const sectionValue = objectOf(raw)?.[section];
    if (sectionValue === undefined) {
      newSections.push({ depth: 0, text: `${section}:` }, ...entries.map((text) => ({ depth: 1, text })));
    } else {
      edits.push(
        insertIntoMapEdit(
          document,
          [...resourcesPath, section],
          entries.map((text) => ({ depth: 0, text })),
        ),
      );
    }
  }
  if (newSections.length > 0) {
    edits.push(insertIntoMapEdit(document, resourcesPath, newSections));
  }
  return edits;
}
