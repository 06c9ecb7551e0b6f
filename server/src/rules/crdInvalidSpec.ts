/**
 * crd-invalid-spec: a CustomResourceDefinition's group, scope, names, object name, API approval,
 * pruning or conversion in a form the API server rejects. Each check follows
 * k8s.io/apiextensions-apiserver pkg/apis/apiextensions/validation/validation.go (the function is
 * named beside it); the messages say what the API server says, in a sentence.
 */
import type { CustomResourceDefinition } from '../kubernetes/customResourceDefinition';
import { dns1035LabelError, dns1123SubdomainError } from '../kubernetes/names';
import { listOf, objectOf, stringOf } from '../common/guards';
import type { PathSegment } from '../common/paths';
import { type CrdProblem, crdFindings, quotedChoices } from './crdSupport';
import type { Rule } from './rule';

export const crdInvalidSpec: Rule = {
  id: 'crd-invalid-spec',
  defaultSeverity: 'error',
  summary:
    'A CustomResourceDefinition group, scope, names, name, approval annotation or conversion that the API server rejects.',
  validate: (context) =>
    crdFindings(context, (crd) => [
      ...groupProblems(crd),
      ...scopeProblems(crd),
      ...nameProblems(crd),
      ...objectNameProblems(crd),
      ...approvalProblems(crd),
      ...pruningProblems(crd),
      ...conversionProblems(crd),
    ]),
};

/** validateCustomResourceDefinitionSpec: the group is a DNS-1123 subdomain with at least one dot. */
function groupProblems({ group }: CustomResourceDefinition): CrdProblem[] {
  const path = ['spec', 'group'];
  if (group === undefined) {
    return []; // Missing or not a string: the schema reports it.
  }
  if (group === '') {
    return [{ path, at: 'value', message: 'spec.group must not be empty.' }];
  }
  const error = dns1123SubdomainError(group);
  if (error) {
    return [{ path, at: 'value', message: `Group "${group}" is not a valid DNS-1123 subdomain: ${error}.` }];
  }
  if (!group.includes('.')) {
    return [
      {
        path,
        at: 'value',
        message: `Group "${group}" must be a domain with at least one dot (example.com).`,
      },
    ];
  }
  return [];
}

const scopes = ['Cluster', 'Namespaced'];

/** validateCustomResourceDefinitionSpec (validateEnumStrings): the scope is Cluster or Namespaced. */
function scopeProblems({ scope }: CustomResourceDefinition): CrdProblem[] {
  if (scope === undefined || scopes.includes(scope)) {
    return [];
  }
  const message =
    scope === ''
      ? `spec.scope must not be empty: use ${quotedChoices(scopes)}.`
      : `Scope "${scope}" is not supported: use ${quotedChoices(scopes)}.`;
  return [{ path: ['spec', 'scope'], at: 'value', message }];
}

/**
 * validateCustomResourceDefinitionSpec (plural and kind are required; singular and listKind are
 * defaulted) and ValidateCustomResourceDefinitionNames: plural, singular, short names and
 * categories are DNS-1035 labels; kind and listKind are too once lower-cased; kind and listKind
 * differ.
 */
function nameProblems({ names, spec }: CustomResourceDefinition): CrdProblem[] {
  const written = objectOf(spec.names) ?? {};
  const problems: CrdProblem[] = [];
  const label = (field: string, value: unknown, path: PathSegment[], lowerCase = false): void => {
    if (typeof value !== 'string') {
      return;
    }
    if (value === '') {
      if (field === 'plural' || field === 'kind') {
        problems.push({ path, at: 'value', message: `spec.names.${field} must not be empty.` });
      }
      return;
    }
    const error = dns1035LabelError(lowerCase ? value.toLowerCase() : value);
    if (error) {
      const mixedCase = lowerCase ? ' (it may have mixed case)' : '';
      problems.push({
        path,
        at: 'value',
        message: `spec.names.${field} "${value}" is not a valid DNS-1035 label${mixedCase}: ${error}.`,
      });
    }
  };
  label('plural', written.plural, ['spec', 'names', 'plural']);
  label('singular', written.singular, ['spec', 'names', 'singular']);
  label('kind', written.kind, ['spec', 'names', 'kind'], true);
  label('listKind', written.listKind, ['spec', 'names', 'listKind'], true);
  names.shortNames.forEach((shortName, index) =>
    label('shortNames', shortName, ['spec', 'names', 'shortNames', index]),
  );
  names.categories.forEach((category, index) =>
    label('categories', category, ['spec', 'names', 'categories', index]),
  );
  if (names.kind && names.kind === stringOf(written.listKind)) {
    problems.push({
      path: ['spec', 'names', 'listKind'],
      at: 'value',
      message: `spec.names.listKind must differ from kind "${names.kind}".`,
    });
  }
  return problems;
}

/** ValidateCustomResourceDefinition (nameValidationFn): the name is `<plural>.<group>`. */
function objectNameProblems({ name, names, group }: CustomResourceDefinition): CrdProblem[] {
  if (name === undefined || name === '' || !names.plural || !group) {
    return [];
  }
  const expected = `${names.plural}.${group}`;
  return name === expected
    ? []
    : [
        {
          path: ['metadata', 'name'],
          at: 'value',
          message: `A CustomResourceDefinition must be named spec.names.plural + "." + spec.group: "${expected}", not "${name}".`,
        },
      ];
}

const approvalAnnotation = 'api-approved.kubernetes.io';

/**
 * validateAPIApproval, with IsProtectedCommunityGroup and GetAPIApprovalState
 * (pkg/apihelpers/helpers.go): a group under k8s.io or kubernetes.io needs the
 * api-approved.kubernetes.io annotation, holding a URL or a reason starting with "unapproved".
 */
function approvalProblems({ group, annotations }: CustomResourceDefinition): CrdProblem[] {
  if (!group || !isProtectedGroup(group)) {
    return [];
  }
  const approval = annotations?.[approvalAnnotation];
  if (approval === undefined || approval === '') {
    return [
      {
        path: annotations ? ['metadata', 'annotations'] : ['metadata'],
        at: 'key',
        message: `Group "${group}" is protected: the CRD needs the ${approvalAnnotation} annotation (a URL of the approving pull request, or "unapproved, …"; see https://github.com/kubernetes/enhancements/pull/1111).`,
        absence: true,
      },
    ];
  }
  if (typeof approval !== 'string' || approval.startsWith('unapproved') || isAbsoluteUrl(approval)) {
    return [];
  }
  return [
    {
      path: ['metadata', 'annotations', approvalAnnotation],
      at: 'value',
      message: `The ${approvalAnnotation} annotation must hold a URL or a reason starting with "unapproved".`,
    },
  ];
}

/** url.ParseRequestURI with a scheme and a host, as GetAPIApprovalState asks. */
function isAbsoluteUrl(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#\s]+/.test(text);
}

function isProtectedGroup(group: string): boolean {
  return (
    group === 'k8s.io' ||
    group.endsWith('.k8s.io') ||
    group === 'kubernetes.io' ||
    group.endsWith('.kubernetes.io')
  );
}

/** validatePreserveUnknownFields: spec.preserveUnknownFields cannot be true in a new CRD. */
function pruningProblems({ spec }: CustomResourceDefinition): CrdProblem[] {
  return spec.preserveUnknownFields === true
    ? [
        {
          path: ['spec', 'preserveUnknownFields'],
          at: 'value',
          message:
            'spec.preserveUnknownFields cannot be true: set x-kubernetes-preserve-unknown-fields: true in spec.versions[*].schema instead.',
        },
      ]
    : [];
}

const strategies = ['None', 'Webhook'];
const conversionReviewVersions = ['v1', 'v1beta1'];

/**
 * validateCustomResourceConversion and validateConversionReviewVersions: the strategy is None or
 * Webhook; a webhook has a client config with exactly one of url and service, and review
 * versions that are unique DNS-1035 labels including v1 or v1beta1; other strategies have no
 * webhook (Convert_v1_CustomResourceConversion_To_apiextensions_CustomResourceConversion maps
 * v1's `webhook` to the fields checked).
 */
function conversionProblems({ spec }: CustomResourceDefinition): CrdProblem[] {
  const conversion = objectOf(spec.conversion);
  const strategy = stringOf(conversion?.strategy);
  if (!conversion || strategy === undefined) {
    return [];
  }
  const path = ['spec', 'conversion'];
  if (!strategies.includes(strategy)) {
    return [
      {
        path: [...path, 'strategy'],
        at: 'value',
        message: `Conversion strategy "${strategy}" is not supported: use ${quotedChoices(strategies)}.`,
      },
    ];
  }
  const webhook = objectOf(conversion.webhook);
  if (strategy !== 'Webhook') {
    return webhook && (objectOf(webhook.clientConfig) || listOf(webhook.conversionReviewVersions).length > 0)
      ? [
          {
            path: [...path, 'webhook'],
            at: 'key',
            message: 'spec.conversion.webhook must not be set unless the strategy is Webhook.',
          },
        ]
      : [];
  }
  const problems: CrdProblem[] = [];
  const clientConfig = objectOf(webhook?.clientConfig);
  if (!clientConfig) {
    problems.push({
      path: webhook ? [...path, 'webhook'] : [...path, 'strategy'],
      at: 'key',
      message: 'A Webhook conversion needs spec.conversion.webhook.clientConfig.',
      absence: true,
    });
  } else if ((clientConfig.url === undefined) === (clientConfig.service === undefined)) {
    problems.push({
      path: [...path, 'webhook', 'clientConfig'],
      at: 'key',
      message: 'The conversion webhook clientConfig needs exactly one of url or service.',
      ...(clientConfig.url === undefined ? { absence: true as const } : {}),
    });
  }
  const versions = webhook?.conversionReviewVersions;
  if (Array.isArray(versions)) {
    const reviewPath = [...path, 'webhook', 'conversionReviewVersions'];
    const seen = new Set<string>();
    versions.forEach((version: unknown, index) => {
      if (typeof version !== 'string') {
        return;
      }
      const error = dns1035LabelError(version);
      if (seen.has(version)) {
        problems.push({
          path: [...reviewPath, index],
          at: 'value',
          message: `Duplicate conversion review version "${version}".`,
        });
      } else if (error) {
        problems.push({
          path: [...reviewPath, index],
          at: 'value',
          message: `Conversion review version "${version}" is not a valid DNS-1035 label: ${error}.`,
        });
      }
      seen.add(version);
    });
    if (
      versions.length === 0 ||
      !versions.some((version) => conversionReviewVersions.includes(String(version)))
    ) {
      problems.push({
        path: reviewPath,
        at: 'key',
        message: `conversionReviewVersions must include ${quotedChoices(conversionReviewVersions)}.`,
      });
    }
  }
  return problems;
}
