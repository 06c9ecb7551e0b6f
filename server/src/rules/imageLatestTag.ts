/**
 * image-latest-tag: an image without a tag, or tagged `latest`, and without a digest. Which
 * image runs then depends on when each node pulled it: two pods of one Deployment can run
 * different code, and a rollback does not go back. Judged on the image Kustomize sets, when the
 * kustomizations that use the file pin it with `images:`.
 */
import { describeContainer } from '../kubernetes/podView';
import { stringOf } from '../common/guards';
import { parseImageReference } from '../kubernetes/imageReference';
import { kustomizedImage } from '../kubernetes/kustomization';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { podContainers, valueRangeAt } from './ruleSupport';

export const imageLatestTag: Rule = {
  id: 'image-latest-tag',
  defaultSeverity: 'warning',
  summary: 'An image has no tag, or the latest tag, and no digest.',
  validate(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    for (const container of podContainers(context)) {
      const image = stringOf(container.data.image);
      // Templated images (`${IMAGE}`, `{{ .Values.image }}`) are filled in later.
      if (image === undefined || image.trim() === '' || /[${}]/.test(image)) {
        continue;
      }
      const { tag, digest } = parseImageReference(
        kustomizedImage(image.trim(), context.kustomize?.images ?? []),
      );
      if (digest !== undefined || (tag !== undefined && tag !== 'latest')) {
        continue;
      }
      findings.push({
        range: valueRangeAt(context.document, [...container.path, 'image']),
        message:
          tag === undefined
            ? `${describeContainer(container)}: image "${image}" has no tag, so it means "latest"; pin a version tag or a digest.`
            : `${describeContainer(container)}: image "${image}" uses the latest tag; pin a version tag or a digest.`,
      });
    }
    return findings;
  },
};
