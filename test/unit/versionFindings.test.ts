import * as assert from 'node:assert/strict';
import { defaultSettings, type PodscopeSettings } from '../../server/src/common/settings';
import { alwaysRequired } from '../../server/src/schema/jsonSchema';
import { getLanguageService, type LanguageService } from '../../server/src/service/languageService';
import { outsideSpanText } from '../../server/src/validation/versionStage';
import { Catalog } from '../../server/src/catalog/catalog';
import type { CatalogData } from '../../server/src/catalog/catalogData';
import { minorsCatalog, minorsCatalogData } from '../support/minorsCatalog';
import { viewDiagnostics, yamlDocument } from '../support/service';

let service: LanguageService | undefined;

function findings(text: string, kubernetesVersion: number | undefined): ReturnType<typeof viewDiagnostics> {
  service ??= getLanguageService({
    catalog: minorsCatalog(),
    log: (message) => {
      throw new Error(`Unexpected log: ${message}`);
    },
  });
  const settings: PodscopeSettings = { ...defaultSettings, kubernetesVersion };
  const document = yamlDocument(text);
  const diagnostics = service.doValidation(document, settings);
  service.closeDocument(document.uri);
  return viewDiagnostics(text, diagnostics).filter((view) => view.severity === 1);
}

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  schedulerName: default-scheduler
  workloadRef: gang
  tolerations:
    - key: gpu
      operator: Gt
      value: "4"
    - key: spot
      operator: Exists
  containers:
    - name: web
      image: nginx:1.27
      lifecycle:
        stopSignal: SIGUSR1
`;

describe('version findings (validation/versionStage.ts)', () => {
  it('a field newer than the target, a removed field and a newer enum value', () => {
    assert.deepEqual(findings(pod, 31), [
      {
        code: 'field-not-in-target',
        severity: 1,
        line: 'workloadRef: gang',
        text: 'workloadRef',
        message: '"workloadRef" in PodSpec is only in Kubernetes 1.35 (target 1.31).',
      },
      {
        code: 'value-not-in-target',
        severity: 1,
        line: 'operator: Gt',
        text: 'Gt',
        message: 'The value "Gt" of operator in Toleration requires Kubernetes 1.35 or later (target 1.31).',
      },
      {
        code: 'field-not-in-target',
        severity: 1,
        line: 'stopSignal: SIGUSR1',
        text: 'stopSignal',
        message: '"stopSignal" in Lifecycle requires Kubernetes 1.33 or later (target 1.31).',
      },
    ]);
    assert.deepEqual(findings(pod, 36), [
      {
        code: 'field-not-in-target',
        severity: 1,
        line: 'workloadRef: gang',
        text: 'workloadRef',
        message: '"workloadRef" in PodSpec was removed in Kubernetes 1.36 (target 1.36; last in 1.35).',
      },
    ]);
    assert.deepEqual(findings(pod, 35), [], 'everything is in 1.35');
  });

  it('the default target is the newest covered minor, and a target beyond the range is clamped', () => {
    assert.deepEqual(findings(pod, undefined), findings(pod, 36));
    assert.deepEqual(findings(pod, 40), findings(pod, 36));
    assert.deepEqual(
      findings(pod, 20).map((view) => view.message),
      findings(pod, 31).map((view) => view.message),
    );
  });

  it('a field required in some minors only: once, by the version stage, for a target that requires it', () => {
    const withoutSchedulerName = pod
      .replace('  schedulerName: default-scheduler\n', '')
      .replace('  workloadRef: gang\n', '');
    assert.deepEqual(findings(withoutSchedulerName, 33), [
      {
        code: 'missing-required',
        severity: 1,
        line: 'spec:',
        text: 'spec',
        message: 'Missing required field "schedulerName" in PodSpec.',
      },
      {
        code: 'value-not-in-target',
        severity: 1,
        line: 'operator: Gt',
        text: 'Gt',
        message: 'The value "Gt" of operator in Toleration requires Kubernetes 1.35 or later (target 1.33).',
      },
    ]);
    assert.deepEqual(findings(withoutSchedulerName, 35), []);
    assert.deepEqual(findings(withoutSchedulerName, 36), []);
  });

  it("a field required in some minors only: its quick fix's data names the object's path", () => {
    const text = pod.replace('  schedulerName: default-scheduler\n', '').replace('  workloadRef: gang\n', '');
    service ??= getLanguageService({ catalog: minorsCatalog(), log: () => undefined });
    const document = yamlDocument(text);
    const diagnostics = service.doValidation(document, { ...defaultSettings, kubernetesVersion: 33 });
    service.closeDocument(document.uri);
    const missing = diagnostics.find((diagnostic) => diagnostic.code === 'missing-required');
    // The path is kept with the finding: the walk goes on to other fields after it.
    assert.deepEqual((missing?.data as { path?: unknown } | undefined)?.path, ['spec']);
  });

  it('not a field that an older schema marks required but its API server never required', () => {
    const statefulSet = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      schedulerName: default-scheduler
      containers:
        - name: db
          image: postgres:17
`;
    assert.deepEqual(findings(statefulSet, 31), []);
    assert.deepEqual(findings(statefulSet, 36), []);
  });

  it('enum values in a list item, a List of objects, and a value brought in by a merge key', () => {
    const list = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: a
    spec:
      schedulerName: s
      containers:
        - name: a
          image: a:1
          lifecycle: &stop
            stopSignal: SIGTERM
        - name: b
          image: b:1
          lifecycle:
            <<: *stop
`;
    assert.deepEqual(
      findings(list, 32).map((view) => [view.line, view.message]),
      [['stopSignal: SIGTERM', '"stopSignal" in Lifecycle requires Kubernetes 1.33 or later (target 1.32).']],
    );
  });

  it('the schema stage allows the union of fields and requires only what every minor requires', () => {
    const catalog = minorsCatalog();
    const podSpec = catalog.getDefinition('io.k8s.api.core.v1.PodSpec')!;
    assert.deepEqual(alwaysRequired(catalog, podSpec), ['containers']);
    assert.deepEqual(
      alwaysRequired(catalog.atMinor(31), catalog.atMinor(31).getDefinition('io.k8s.api.core.v1.PodSpec')!),
      ['containers', 'schedulerName'],
    );
    // A field unknown in every minor is still the schema stage's unknown field, once.
    const typo = findings(pod.replace('workloadRef: gang', 'workloadReff: gang'), 31);
    assert.deepEqual(
      typo.map((view) => view.code),
      ['unknown-field', 'value-not-in-target', 'field-not-in-target'],
    );
  });

  it('says nothing with a catalog of one minor (no minors, no spans)', () => {
    const data = JSON.parse(JSON.stringify(minorsCatalogData())) as CatalogData;
    delete data.minors;
    // Every span taken out, as a catalog generated for one minor has none.
    const strip = (value: unknown): void => {
      if (value && typeof value === 'object') {
        for (const key of ['minors', 'enumMinors', 'requiredMinors', 'descriptions']) {
          delete (value as Record<string, unknown>)[key];
        }
        Object.values(value).forEach(strip);
      }
    };
    strip(data);
    const single = getLanguageService({ catalog: Catalog.fromData(data) });
    const document = yamlDocument(pod.replace('  workloadRef: gang\n', ''));
    const diagnostics = single.doValidation(document, { ...defaultSettings, kubernetesVersion: 31 });
    assert.deepEqual(
      diagnostics.filter((d) => d.code === 'field-not-in-target' || d.code === 'value-not-in-target'),
      [],
    );
  });

  it('words a span', () => {
    assert.equal(outsideSpanText([33, 36], 31, 36), 'requires Kubernetes 1.33 or later (target 1.31)');
    assert.equal(
      outsideSpanText([31, 35], 36, 36),
      'was removed in Kubernetes 1.36 (target 1.36; last in 1.35)',
    );
    assert.equal(outsideSpanText([33, 34], 31, 36), 'is only in Kubernetes 1.33 to 1.34 (target 1.31)');
    assert.equal(outsideSpanText([35, 35], 31, 36), 'is only in Kubernetes 1.35 (target 1.31)');
  });
});
