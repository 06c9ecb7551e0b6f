import * as assert from 'node:assert/strict';
import { defaultSettings } from '../../server/src/common/settings';
import { builtinRules } from '../../server/src/rules';
import { SchemaValidator } from '../../server/src/schema/schemaValidator';
import { evaluateCondition, semverCompareOnMinor } from '../../server/src/validation/capabilityGuards';
import { validateFile } from '../../server/src/validation/validateFile';
import type { ValidationDependencies } from '../../server/src/validation/validationStage';
import { ManifestParser } from '../../server/src/yaml/manifestFile';
import { readTemplateBranches } from '../../server/src/yaml/templateBranches';
import { testCatalog } from '../support/catalog';
import { messageText } from '../support/service';

describe('Helm capability guards', () => {
  describe('semverCompare on a target minor (Masterminds/semver v3 constraints)', () => {
    const cases: [string, number, boolean | undefined][] = [
      ['>=1.21-0', 31, true],
      ['>=1.21-0', 20, false],
      ['>=1.21-0', 21, true],
      ['<1.25-0', 24, true],
      ['<1.25-0', 25, false],
      // Without -0 a vendor's pre-release GitVersion (v1.31.4-gke.1) never matches: unknown.
      ['>=1.21', 31, undefined],
      // A dirty patch: >1.25 is 1.26 or later; false for a release and a pre-release of 1.25.
      ['>1.25', 25, false],
      ['>1.25-0', 26, true],
      ['<=1.25-0', 25, true],
      ['<=1.25-0', 26, false],
      ['^1.20-0', 36, true],
      ['~1.31-0', 31, true],
      ['~1.31-0', 32, false],
      ['>=1.19-0, <1.25-0', 22, true],
      ['>=1.19-0 <1.25-0', 25, false],
      ['<1.19-0 || >=1.25-0', 22, false],
      ['<1.19-0 || >=1.25-0', 30, true],
      // Depends on the patch: unknown.
      ['>=1.21.3-0', 21, undefined],
      ['>=1.21.3-0', 22, true],
      ['!=1.30-0', 31, true],
      ['1.20-0 - 1.24-0', 22, true],
      ['not a constraint', 31, undefined],
    ];
    for (const [constraint, minor, expected] of cases) {
      it(`"${constraint}" on 1.${minor} is ${String(expected)}`, () => {
        assert.equal(semverCompareOnMinor(constraint, minor), expected);
      });
    }
  });

  describe('conditions', () => {
    const catalog = testCatalog();
    const at = (pipeline: string, minor: number): boolean | undefined =>
      evaluateCondition(pipeline, { catalog, minor });

    it('.Capabilities.APIVersions.Has of a kind: what the target serves', () => {
      const psp = '.Capabilities.APIVersions.Has "policy/v1beta1/PodSecurityPolicy"';
      assert.equal(at(psp, 36), false);
      assert.equal(at(psp, 24), true);
      assert.equal(at('.Capabilities.APIVersions.Has "policy/v1/PodDisruptionBudget"', 36), true);
      assert.equal(at('$.Capabilities.APIVersions.Has "batch/v1beta1/CronJob"', 30), false);
      assert.equal(at('.Capabilities.APIVersions.Has "v1/Pod"', 36), true);
    });

    it('.Capabilities.APIVersions.Has of a group/version: served while one of its kinds is', () => {
      assert.equal(at('.Capabilities.APIVersions.Has "policy/v1beta1"', 36), false);
      assert.equal(at('.Capabilities.APIVersions.Has "policy/v1beta1"', 24), true);
      assert.equal(at('.Capabilities.APIVersions.Has "autoscaling/v2"', 36), true);
      assert.equal(at('.Capabilities.APIVersions.Has "autoscaling/v2beta2"', 30), false);
    });

    it('is unknown for a custom resource group and for what it cannot evaluate', () => {
      assert.equal(at('.Capabilities.APIVersions.Has "monitoring.coreos.com/v1"', 36), undefined);
      assert.equal(at('.Values.podSecurityPolicy.enabled', 36), undefined);
      assert.equal(
        at('semverCompare ">=1.21-0" (include "common.capabilities.kubeVersion" .)', 36),
        undefined,
      );
      assert.equal(at('.Capabilities.APIVersions.Has "policy/v1beta1" | not', 36), undefined);
      assert.equal(at('(unclosed', 36), undefined);
    });

    it('semverCompare on .Capabilities.KubeVersion.GitVersion or .Version', () => {
      assert.equal(at('semverCompare ">=1.21-0" .Capabilities.KubeVersion.GitVersion', 36), true);
      assert.equal(at('semverCompare "<1.21-0" $.Capabilities.KubeVersion.Version', 36), false);
      assert.equal(at('semverCompare "<1.21-0" (.Capabilities.KubeVersion.Version)', 20), true);
    });

    it('and, or, not: three-valued, a known answer decides', () => {
      const psp = '(.Capabilities.APIVersions.Has "policy/v1beta1/PodSecurityPolicy")';
      assert.equal(at(`and .Values.psp.create ${psp}`, 36), false);
      assert.equal(at(`and .Values.psp.create ${psp}`, 24), undefined);
      assert.equal(at(`or .Values.psp.create ${psp}`, 36), undefined);
      assert.equal(at(`or ${psp} (semverCompare ">=1.25-0" .Capabilities.KubeVersion.GitVersion)`, 36), true);
      assert.equal(at(`not ${psp}`, 36), true);
      assert.equal(
        at(`and (semverCompare ">=1.21-0" .Capabilities.KubeVersion.GitVersion) (not ${psp})`, 30),
        true,
      );
    });
  });

  it('templateBranches: each branch with its condition and the earlier ones of its chain', () => {
    const text = '{{- if A }}a{{ else if B }}b{{ else }}c{{ end }}';
    const branches = readTemplateBranches(text)!;
    assert.deepEqual(branches.guardsAt(text.indexOf('c')), [
      {
        condition: { keyword: 'else' },
        earlier: [
          { keyword: 'if', pipeline: 'A' },
          { keyword: 'if', pipeline: 'B' },
        ],
      },
    ]);
    assert.deepEqual(branches.guardsAt(text.indexOf('b')), [
      { condition: { keyword: 'if', pipeline: 'B' }, earlier: [{ keyword: 'if', pipeline: 'A' }] },
    ]);
    assert.deepEqual(branches.guardsAt(text.length), []);
  });

  describe('findings of a template judged only where it renders', () => {
    const dependencies: ValidationDependencies = {
      catalog: testCatalog(),
      schemaValidator: new SchemaValidator(testCatalog()),
      rules: builtinRules,
      failedRules: new Set(),
      log: (message) => {
        throw new Error(`Unexpected log: ${message}`);
      },
    };
    const findings = (text: string, kubernetesVersion?: number): string[] =>
      validateFile(dependencies, new ManifestParser().parse(text), { ...defaultSettings, kubernetesVersion })
        .filter((diagnostic) => ['removed-api', 'deprecated-api-version'].includes(String(diagnostic.code)))
        .map((diagnostic) => `${diagnostic.range.start.line}: ${messageText(diagnostic)}`);

    const psp = `{{- if .Capabilities.APIVersions.Has "policy/v1beta1/PodSecurityPolicy" }}
apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: {{ .Release.Name }}
spec:
  privileged: false
{{- end }}
`;

    it('a document inside a Has guard that the target does not serve: no finding', () => {
      assert.deepEqual(findings(psp), []);
      assert.deepEqual(findings(psp, 30), []);
    });

    it('the same document without the guard, or with a guard it cannot evaluate: the error stays', () => {
      const unguarded = psp.replace(/^\{\{- if .*\n/, '').replace('{{- end }}\n', '');
      assert.deepEqual(findings(unguarded), [
        '0: policy/v1beta1 PodSecurityPolicy is not served since Kubernetes 1.25 (target 1.36) and has no replacement: use Pod Security Admission or a third-party admission webhook.',
      ]);
      const values = psp.replace(
        '.Capabilities.APIVersions.Has "policy/v1beta1/PodSecurityPolicy"',
        '.Values.podSecurityPolicy.create',
      );
      assert.equal(findings(values).length, 1);
    });

    it('the else branch of a semverCompare: judged only for targets under which it renders', () => {
      const pdb = `{{- if semverCompare ">=1.21-0" .Capabilities.KubeVersion.GitVersion }}
apiVersion: policy/v1
{{- else }}
apiVersion: policy/v1beta1
{{- end }}
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 1
`;
      assert.deepEqual(findings(pdb), []);
      // Without -0 an EKS or GKE cluster's version (v1.36.1-eks-…) takes the else branch.
      assert.deepEqual(findings(pdb.replace('>=1.21-0', '>=1.21')), [
        '3: policy/v1beta1 PodDisruptionBudget is not served since Kubernetes 1.25 (target 1.36): use policy/v1 (an empty spec.selector selects every pod of the namespace, none in v1beta1).',
      ]);
    });
  });
});
