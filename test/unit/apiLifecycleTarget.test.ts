import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { Catalog } from '../../server/src/catalog/catalog';
import type { CatalogData, KindData } from '../../server/src/catalog/catalogData';
import { defaultSettings } from '../../server/src/common/settings';
import { builtinRules } from '../../server/src/rules';
import { SchemaValidator } from '../../server/src/schema/schemaValidator';
import { checkIdentity } from '../../server/src/validation/identity';
import { validateFile } from '../../server/src/validation/validateFile';
import type { ValidationDependencies } from '../../server/src/validation/validationStage';
import { ManifestParser } from '../../server/src/yaml/manifestFile';
import { testCatalog } from '../support/catalog';
import { messageText, viewDiagnostics } from '../support/service';

function kind(apiVersion: string, name: string, minors?: [number, number], deprecated = false): KindData {
  const slash = apiVersion.indexOf('/');
  return {
    group: slash < 0 ? '' : apiVersion.slice(0, slash),
    version: apiVersion.slice(slash + 1),
    kind: name,
    definition: `${apiVersion}.${name}`,
    resource: `${name.toLowerCase()}s`,
    ...(minors ? { minors } : {}),
    ...(deprecated ? { deprecated: true as const } : {}),
  };
}

/** A catalog of 1.31–1.36 as the multi-minor generator writes it: kinds with their spans. */
const data: CatalogData = {
  formatVersion: 1,
  source: 'test',
  minors: { oldest: 31, newest: 36, sources: {} },
  kinds: [
    kind('policy/v1', 'PodDisruptionBudget'),
    kind('policy/v1beta1', 'PodDisruptionBudget', undefined, true),
    kind('resource.k8s.io/v1', 'DeviceClass', [34, 36]),
    kind('resource.k8s.io/v1beta1', 'DeviceClass'),
    kind('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema'),
    kind('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', [31, 31]),
    kind('example.k8s.io/v1alpha1', 'Widget', [31, 33]),
  ],
  definitions: {},
};
const catalog = Catalog.fromData(data);

/** The identity findings of a one-document text for a target minor. */
function identityAt(text: string, target: number, on: Catalog = catalog): ReturnType<typeof viewDiagnostics> {
  const [document] = new ManifestParser().parse(text).documents;
  const out: Diagnostic[] = [];
  checkIdentity(on, document!, out, false, target);
  return viewDiagnostics(text, out);
}

const header = (apiVersion: string, name: string): string =>
  `apiVersion: ${apiVersion}\nkind: ${name}\nmetadata:\n  name: x\n`;

describe('API lifecycle at the target Kubernetes version', () => {
  it('says since when a removed API is not served, and the target (policy/v1beta1 at 1.31)', () => {
    assert.deepEqual(identityAt(header('policy/v1beta1', 'PodDisruptionBudget'), 31), [
      {
        code: 'removed-api',
        severity: 1,
        line: 'apiVersion: policy/v1beta1',
        text: 'policy/v1beta1',
        message:
          'policy/v1beta1 PodDisruptionBudget is not served since Kubernetes 1.25 (target 1.31): use policy/v1 (an empty spec.selector selects every pod of the namespace, none in v1beta1).',
      },
    ]);
  });

  it('warns about a deprecated version the target still serves, with the release that removes it', () => {
    assert.deepEqual(identityAt(header('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema'), 31), [
      {
        code: 'deprecated-api-version',
        severity: 2,
        line: 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3',
        text: 'flowcontrol.apiserver.k8s.io/v1beta3',
        message:
          'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is deprecated in 1.29 and removed in 1.32 (target 1.31): use flowcontrol.apiserver.k8s.io/v1 (PriorityLevelConfiguration spec.limited.nominalConcurrencyShares defaults to 30 only when unset).',
      },
    ]);
    // From 1.32 on it is an error.
    assert.equal(
      identityAt(header('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema'), 32)[0]?.code,
      'removed-api',
    );
    // Before its deprecation, nothing.
    assert.deepEqual(identityAt(header('resource.k8s.io/v1beta1', 'DeviceClass'), 33), []);
  });

  it('offers the replacement the target serves as the fix of a deprecation, none for a newer kind', () => {
    const fixOf = (text: string, target: number): unknown => {
      const [document] = new ManifestParser().parse(text).documents;
      const out: Diagnostic[] = [];
      checkIdentity(catalog, document!, out, false, target);
      return out[0]?.data;
    };
    assert.deepEqual(fixOf(header('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema'), 31), {
      kind: 'replace',
      replacements: [
        {
          title: 'Change apiVersion to flowcontrol.apiserver.k8s.io/v1',
          newText: 'flowcontrol.apiserver.k8s.io/v1',
        },
      ],
    });
    assert.equal(fixOf(header('resource.k8s.io/v1', 'DeviceClass'), 31), undefined);
  });

  it('warns about a planned removal at the newest target (resource.k8s.io/v1beta1, removed in 1.38)', () => {
    assert.deepEqual(
      identityAt(header('resource.k8s.io/v1beta1', 'DeviceClass'), 36).map((view) => view.message),
      [
        'resource.k8s.io/v1beta1 DeviceClass is deprecated in 1.35 and removed in 1.38 (target 1.36): use resource.k8s.io/v1.',
      ],
    );
  });

  it('reports a kind newer than the target from the catalog span (resource.k8s.io/v1 DeviceClass, 1.34)', () => {
    assert.deepEqual(identityAt(header('resource.k8s.io/v1', 'DeviceClass'), 31), [
      {
        code: 'newer-api',
        severity: 1,
        line: 'apiVersion: resource.k8s.io/v1',
        text: 'resource.k8s.io/v1',
        message: 'resource.k8s.io/v1 DeviceClass requires Kubernetes 1.34 or later (target 1.31).',
      },
    ]);
    // At 1.33 resource.k8s.io/v1beta1 (introduced in 1.32) serves it.
    assert.deepEqual(
      identityAt(header('resource.k8s.io/v1', 'DeviceClass'), 33).map((view) => view.message),
      [
        'resource.k8s.io/v1 DeviceClass requires Kubernetes 1.34 or later (target 1.33): resource.k8s.io/v1beta1 serves it.',
      ],
    );
    assert.deepEqual(identityAt(header('resource.k8s.io/v1', 'DeviceClass'), 34), []);
  });

  it('reports a kind newer than the target from the lifecycle table when the catalog has no span', () => {
    // The committed single-version catalog has no resource.k8s.io/v1beta2; k8s.io/api says 1.33.
    assert.deepEqual(
      identityAt(header('resource.k8s.io/v1beta2', 'ResourceClaim'), 31, testCatalog()).map(
        (view) => `${view.code}: ${view.message}`,
      ),
      ['newer-api: resource.k8s.io/v1beta2 ResourceClaim requires Kubernetes 1.33 or later (target 1.31).'],
    );
  });

  it('reports a kind the catalog no longer has after its span, without a lifecycle row', () => {
    assert.deepEqual(
      identityAt(header('example.k8s.io/v1alpha1', 'Widget'), 35).map((view) => view.message),
      ['example.k8s.io/v1alpha1 Widget is not served since Kubernetes 1.34 (target 1.35).'],
    );
    assert.deepEqual(identityAt(header('example.k8s.io/v1alpha1', 'Widget'), 33), []);
  });

  it('includes the rows the guide lacks: SelfSubjectReview v1beta1 (1.33), ValidatingAdmissionPolicy v1beta1 (1.34)', () => {
    const real = testCatalog();
    assert.deepEqual(
      identityAt(header('authentication.k8s.io/v1beta1', 'SelfSubjectReview'), 33, real).map(
        (view) => view.message,
      ),
      [
        'authentication.k8s.io/v1beta1 SelfSubjectReview is not served since Kubernetes 1.33 (target 1.33): use authentication.k8s.io/v1.',
      ],
    );
    assert.deepEqual(
      identityAt(
        header('admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicyBinding'),
        36,
        real,
      ).map((view) => view.message),
      [
        'admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicyBinding is not served since Kubernetes 1.34 (target 1.36): use admissionregistration.k8s.io/v1.',
      ],
    );
    assert.deepEqual(
      identityAt(header('admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicy'), 32, real).map(
        (view) => view.message,
      ),
      [
        'admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicy is deprecated in 1.31 and removed in 1.34 (target 1.32): use admissionregistration.k8s.io/v1.',
      ],
    );
  });

  describe('the target comes from the settings (validateFile)', () => {
    const dependencies: ValidationDependencies = {
      catalog: testCatalog(),
      schemaValidator: new SchemaValidator(testCatalog()),
      rules: builtinRules,
      failedRules: new Set(),
      log: (message) => {
        throw new Error(`Unexpected log: ${message}`);
      },
    };
    const text = `apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: web
`;
    const identityCodes = (kubernetesVersion: number | undefined): string[] => {
      const file = new ManifestParser().parse(text);
      return validateFile(dependencies, file, { ...defaultSettings, kubernetesVersion })
        .filter((diagnostic) => ['removed-api', 'deprecated-api-version'].includes(String(diagnostic.code)))
        .map((diagnostic) => `${String(diagnostic.code)}: ${messageText(diagnostic)}`);
    };

    it('judges the same parse for each target (the cache key holds it), the newest covered by default', () => {
      assert.deepEqual(identityCodes(undefined), [
        'removed-api: policy/v1beta1 PodDisruptionBudget is not served since Kubernetes 1.25 (target 1.36): use policy/v1 (an empty spec.selector selects every pod of the namespace, none in v1beta1).',
      ]);
      assert.deepEqual(identityCodes(22), [
        'deprecated-api-version: policy/v1beta1 PodDisruptionBudget is deprecated in 1.21 and removed in 1.25 (target 1.22): use policy/v1 (an empty spec.selector selects every pod of the namespace, none in v1beta1).',
      ]);
      assert.deepEqual(identityCodes(20), []);
      assert.deepEqual(
        identityCodes(31).map((line) => line.slice(0, 97)),
        ['removed-api: policy/v1beta1 PodDisruptionBudget is not served since Kubernetes 1.25 (target 1.31)'],
      );
    });
  });
});
