/**
 * deprecated-service-account-field: `serviceAccount` is the deprecated alias of
 * `serviceAccountName`. It is only read when `serviceAccountName` is empty, so the two can
 * disagree without notice.
 */
import { stringOf } from '../common/guards';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, fixData, keyRangeAt, withData } from './ruleSupport';
import { removePairEdit, renameKeyEdit } from './yamlEdits';

export const deprecatedServiceAccountField: Rule = {
  id: 'deprecated-service-account-field',
  defaultSeverity: 'warning',
  summary: 'The deprecated serviceAccount field is used instead of serviceAccountName.',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const deprecated = pod.spec.serviceAccount;
      if (deprecated === undefined || deprecated === null) {
        return [];
      }
      const path = [...pod.path, 'serviceAccount'];
      const current = stringOf(pod.spec.serviceAccountName);
      const range = keyRangeAt(context.document, path);
      if (current === undefined || current === '') {
        // With an empty serviceAccountName beside it, a rename would make a duplicate key.
        const rename = pod.spec.serviceAccountName === undefined;
        return [
          withData(
            { range, message: 'serviceAccount is deprecated; rename it to serviceAccountName.' },
            rename
              ? fixData([
                  [
                    'Rename to serviceAccountName',
                    renameKeyEdit(context.document, path, 'serviceAccountName'),
                  ],
                ])
              : undefined,
          ),
        ];
      }
      if (current === deprecated) {
        return [
          withData(
            { range, message: 'serviceAccount is deprecated and repeats serviceAccountName; remove it.' },
            () => fixData([['Remove serviceAccount', removePairEdit(context.document, path)]]),
          ),
        ];
      }
      return [
        {
          range,
          message: `serviceAccount is deprecated and ignored here: serviceAccountName ("${current}") wins; remove serviceAccount.`,
        },
      ];
    });
  },
};
