import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompletionItem, Diagnostic } from 'vscode-languageserver-types';
import { Catalog, type CatalogData } from '../../server/src/catalog/catalog';
import { closedValueSets } from '../../server/src/catalog/closedValueSets';
import { explain } from '../../server/src/catalog/explain';
import { triggerSuggestCommand } from '../../server/src/protocol/customMessages';
import { loadPrecompiledValidators } from '../../server/src/schema/precompiledValidators';
import { getLanguageService } from '../../server/src/service/languageService';
import { yamlString } from '../../server/src/yaml/scalars';
import { testCatalog } from '../support/catalog';
import {
  codeActions,
  complete,
  messageText,
  hover,
  validate,
  viewDiagnostics,
  yamlDocument,
  type DiagnosticView,
} from '../support/service';
import { withCursor } from '../support/cursor';
import { repoRoot } from '../support/paths';

/**
 * One manifest per field of the table, with `VALUE` where the field's value goes. The line
 * `<field>: VALUE` occurs once.
 */
const fixtures: Record<string, string> = {
  'io.k8s.api.core.v1.ContainerResizePolicy#resourceName': `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      resizePolicy:
        - resourceName: VALUE
          restartPolicy: NotRequired
`,
  'io.k8s.api.core.v1.ContainerResizePolicy#restartPolicy': `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      resizePolicy:
        - resourceName: cpu
          restartPolicy: VALUE
`,
  'io.k8s.api.core.v1.PodOS#name': `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  os:
    name: VALUE
  containers:
    - name: web
      image: nginx:1.27
`,
  'io.k8s.api.core.v1.PodSecurityContext#seLinuxChangePolicy': `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    seLinuxChangePolicy: VALUE
  containers:
    - name: web
      image: nginx:1.27
`,
  'io.k8s.api.core.v1.VolumeMount#recursiveReadOnly': `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      volumeMounts:
        - name: data
          mountPath: /data
          readOnly: true
          recursiveReadOnly: VALUE
  volumes:
    - name: data
      emptyDir: {}
`,
  'io.k8s.api.core.v1.ServiceSpec#trafficDistribution': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
  trafficDistribution: VALUE
`,
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement#operator': `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 1
  selector:
    matchExpressions:
      - key: app
        operator: VALUE
`,
  'io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy#whenDeleted': statefulSet(
    'whenDeleted: VALUE\n    whenScaled: Retain',
  ),
  'io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy#whenScaled': statefulSet(
    'whenDeleted: Retain\n    whenScaled: VALUE',
  ),
  'io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern#status': `apiVersion: batch/v1
kind: Job
metadata:
  name: work
spec:
  podFailurePolicy:
    rules:
      - action: Ignore
        onPodConditions:
          - type: DisruptionTarget
            status: VALUE
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: work
          image: busybox:1.36
`,
  'io.k8s.api.batch.v1beta1.CronJobSpec#concurrencyPolicy': `apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  concurrencyPolicy: VALUE
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: work
              image: busybox:1.36
`,
  'io.k8s.api.networking.v1beta1.HTTPIngressPath#pathType': ingress('networking.k8s.io/v1beta1'),
  'io.k8s.api.extensions.v1beta1.HTTPIngressPath#pathType': ingress('extensions/v1beta1'),
  'io.k8s.api.autoscaling.v2.MetricSpec#type': hpa('v2', 'type: VALUE\n      resource:\n        name: cpu'),
  'io.k8s.api.autoscaling.v2beta2.MetricSpec#type': hpa(
    'v2beta2',
    'type: VALUE\n      resource:\n        name: cpu',
  ),
  'io.k8s.api.autoscaling.v2beta1.MetricSpec#type': `apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  maxReplicas: 5
  metrics:
    - type: VALUE
      resource:
        name: cpu
        targetAverageUtilization: 50
`,
  'io.k8s.api.autoscaling.v2.MetricTarget#type': hpa(
    'v2',
    'type: Resource\n      resource:\n        name: cpu\n        target:\n          type: VALUE',
  ),
  'io.k8s.api.autoscaling.v2beta2.MetricTarget#type': hpa(
    'v2beta2',
    'type: Resource\n      resource:\n        name: cpu\n        target:\n          type: VALUE',
  ),
  'io.k8s.api.autoscaling.v2.HPAScalingPolicy#type': hpaBehavior(
    'v2',
    'policies:\n        - type: VALUE\n          value: 1\n          periodSeconds: 60',
  ),
  'io.k8s.api.autoscaling.v2beta2.HPAScalingPolicy#type': hpaBehavior(
    'v2beta2',
    'policies:\n        - type: VALUE\n          value: 1\n          periodSeconds: 60',
  ),
  'io.k8s.api.autoscaling.v2.HPAScalingRules#selectPolicy': hpaBehavior('v2', 'selectPolicy: VALUE'),
  'io.k8s.api.autoscaling.v2beta2.HPAScalingRules#selectPolicy': hpaBehavior(
    'v2beta2',
    'selectPolicy: VALUE',
  ),
};

function statefulSet(policy: string): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  persistentVolumeClaimRetentionPolicy:
    ${policy}
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: db
          image: postgres:16
`;
}

function ingress(apiVersion: string): string {
  return `apiVersion: ${apiVersion}
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: VALUE
            backend:
              serviceName: web
              servicePort: 80
`;
}

function hpa(version: string, metric: string): string {
  return `apiVersion: autoscaling/${version}
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  maxReplicas: 5
  metrics:
    - ${metric}
`;
}

function hpaBehavior(version: string, rules: string): string {
  return `apiVersion: autoscaling/${version}
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  maxReplicas: 5
  behavior:
    scaleDown:
      ${rules}
`;
}

/** Every field of the table, with its fixture. */
const cases = closedValueSets.flatMap((set) =>
  set.definitions.map((definition) => ({ set, definition, fixture: fixtures[`${definition}#${set.field}`] })),
);

function withValue(fixture: string, value: string): string {
  assert.equal(fixture.split('VALUE').length, 2, 'a fixture has VALUE once');
  return fixture.replace('VALUE', value);
}

/** The diagnostics on the fixture's line with VALUE, in a text made from the fixture. */
function atValue(fixture: string, text: string, diagnostics: readonly Diagnostic[]): DiagnosticView[] {
  const line = fixture.split('\n').findIndex((candidate) => candidate.includes('VALUE'));
  return viewDiagnostics(
    text,
    diagnostics.filter((diagnostic) => diagnostic.range.start.line === line),
  );
}

describe('closed value sets (the API server’s validation, beyond the schema enums)', () => {
  const catalog = testCatalog();

  it('has a field of the catalog for every entry, none with a schema enum of its own', () => {
    for (const { set, definition } of cases) {
      const field = catalog.getDefinition(definition)?.properties?.[set.field];
      assert.ok(field, `${definition} has no field ${set.field}`);
      assert.equal(field.type, 'string', `${definition}.${set.field} is a string`);
      assert.equal(field.enum, undefined, `${definition}.${set.field} has a schema enum already`);
      assert.deepEqual([...set.values].sort(), set.values, 'values are sorted, as sets.List sorts');
      assert.match(set.source, /^(pkg|staging)\/.+\.go, \w+$/, 'the source names a file and a function');
    }
  });

  it('has a fixture for every entry', () => {
    for (const { set, definition, fixture } of cases) {
      assert.ok(fixture, `no fixture for ${definition}#${set.field}`);
    }
  });

  for (const { set, definition, fixture } of cases) {
    const name = `${definition.slice(definition.lastIndexOf('.') + 1)}.${set.field}`;
    describe(`${name} (${definition})`, () => {
      it(`accepts ${set.values.join(', ')}${set.emptyDefaultsTo ? ' and "" (defaulted)' : ''}, silently`, () => {
        const values = [...set.values, ...(set.emptyDefaultsTo === undefined ? [] : [''])];
        for (const value of values) {
          const text = withValue(fixture!, yamlString(value));
          assert.deepEqual(atValue(fixture!, text, validate(text)), [], `${name}: ${value}`);
        }
      });

      it('reports another value on the value, as a schema enum, with a fix to each value', () => {
        const text = withValue(fixture!, 'Sometimes');
        const diagnostics = validate(text);
        const accepted = set.emptyDefaultsTo === undefined ? set.values : ['', ...set.values];
        assert.deepEqual(atValue(fixture!, text, diagnostics), [
          {
            code: 'invalid-value',
            severity: 1,
            line: fixture!
              .split('\n')
              .find((candidate) => candidate.includes('VALUE'))!
              .trim()
              .replace('VALUE', 'Sometimes'),
            text: 'Sometimes',
            message: `Invalid value "Sometimes" for ${set.field}: expected one of ${accepted.join(', ')}.`,
          },
        ]);
        const diagnostic = diagnostics.find((candidate) => candidate.code === 'invalid-value')!;
        assert.deepEqual(
          codeActions(text, [diagnostic]).map((action) => action.title),
          accepted.map((value) => `Change to ${value === '' ? '""' : value}`),
        );
      });

      it('opens the suggestions after its key, as for a schema enum', () => {
        const { items } = complete(fixture!.replace(`${set.field}: VALUE`, '|'));
        assert.deepEqual(items.find((item) => item.label === set.field)?.command, {
          title: 'Suggest',
          command: triggerSuggestCommand,
        });
      });

      it('offers exactly the values in completion', () => {
        const { items } = complete(withValue(fixture!, '|'));
        assert.deepEqual(
          items.map((item: CompletionItem) => [
            item.label,
            item.kind,
            item.documentation,
            item.textEdit && 'range' in item.textEdit ? item.textEdit.newText : undefined,
          ]),
          set.values.map((value) => [
            value,
            20,
            `Accepted by the API server's validation (${set.source}).`,
            yamlString(value),
          ]),
        );
      });

      it('shows the values and their source in hover, once', () => {
        const fieldLine = `${set.field}: VALUE`;
        const cursor = withValue(
          fixture!.replace(fieldLine, `${set.field.slice(0, 1)}|${set.field.slice(1)}: VALUE`),
          yamlString(set.values[0]!),
        );
        const value = (hover(cursor)?.contents as { value: string }).value;
        const paragraphs = value.split('\n\n');
        assert.equal(
          paragraphs[1],
          `Allowed values: ${set.values.map((entry) => `\`${entry}\``).join(', ')}`,
        );
        assert.equal(
          paragraphs[2],
          `The API server's validation accepts only these values (\`${set.source}\`).${set.condition ? ` ${set.condition}` : ''}`,
        );
        assert.equal(value.split('Allowed values').length, 2);
        const written = yamlString(set.values[0]!);
        const onValue = (
          hover(withValue(fixture!, `${written.slice(0, 1)}|${written.slice(1)}`))?.contents as {
            value: string;
          }
        ).value;
        assert.equal(
          onValue.split('\n')[0],
          `\`${set.values[0]!}\` is one of the allowed values of \`${set.field}\`.`,
        );
      });
    });
  }

  describe('a set narrowed by another field: resizePolicy in a pod whose restartPolicy is Never', () => {
    const pod = (restartPolicy: string, list: string, value: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  restartPolicy: ${restartPolicy}
  ${list}:
    - name: web
      image: nginx:1.27
      resizePolicy:
        - resourceName: cpu
          restartPolicy: ${value}
${list === 'initContainers' ? '  containers:\n    - name: app\n      image: nginx:1.27\n' : ''}`;
    const errors = (text: string): DiagnosticView[] =>
      viewDiagnostics(
        text,
        validate(text).filter((diagnostic) => diagnostic.severity === 1),
      );

    it('reports RestartContainer, with NotRequired as the only value and fix', () => {
      for (const list of ['containers', 'initContainers']) {
        const text = pod('Never', list, 'RestartContainer');
        assert.deepEqual(errors(text), [
          {
            code: 'invalid-value',
            severity: 1,
            line: 'restartPolicy: RestartContainer',
            text: 'RestartContainer',
            message: 'Invalid value "RestartContainer" for restartPolicy: expected one of NotRequired.',
          },
        ]);
        const diagnostic = validate(text).find((candidate) => candidate.code === 'invalid-value')!;
        assert.deepEqual(
          codeActions(text, [diagnostic]).map((action) => action.title),
          ['Change to NotRequired'],
        );
      }
    });

    it('reports a value outside both sets once, with the narrower list', () => {
      assert.deepEqual(errors(pod('Never', 'containers', 'Sometimes')), [
        {
          code: 'invalid-value',
          severity: 1,
          line: 'restartPolicy: Sometimes',
          text: 'Sometimes',
          message: 'Invalid value "Sometimes" for restartPolicy: expected one of NotRequired.',
        },
      ]);
    });

    it('accepts NotRequired there, and RestartContainer when the pod restarts', () => {
      assert.deepEqual(errors(pod('Never', 'containers', 'NotRequired')), []);
      assert.deepEqual(errors(pod('OnFailure', 'containers', 'RestartContainer')), []);
      assert.deepEqual(errors(pod('Always', 'containers', 'RestartContainer')), []);
    });

    it('leaves alone a container with a restartPolicy of its own (a sidecar, ContainerRestartRules)', () => {
      const sidecar = pod('Never', 'initContainers', 'RestartContainer').replace(
        '      image: nginx:1.27\n      resizePolicy:',
        '      image: nginx:1.27\n      restartPolicy: Always\n      resizePolicy:',
      );
      assert.equal(sidecar.split('restartPolicy: Always').length, 2);
      assert.deepEqual(errors(sidecar), []);
      assert.deepEqual(
        complete(sidecar.replace('restartPolicy: RestartContainer', 'restartPolicy: |')).items.map(
          (item) => item.label,
        ),
        ['NotRequired', 'RestartContainer'],
      );
      // Still checked against the whole set.
      assert.deepEqual(
        errors(sidecar.replace('RestartContainer', 'Sometimes')).map((diagnostic) => diagnostic.message),
        ['Invalid value "Sometimes" for restartPolicy: expected one of NotRequired, RestartContainer.'],
      );
    });

    it('applies inside a pod template too (a Job with restartPolicy Never)', () => {
      const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: work
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: work
          image: busybox:1.36
          resizePolicy:
            - resourceName: memory
              restartPolicy: RestartContainer
`;
      assert.deepEqual(
        errors(job).map((diagnostic) => diagnostic.message),
        ['Invalid value "RestartContainer" for restartPolicy: expected one of NotRequired.'],
      );
    });

    it('offers only NotRequired in completion, both values otherwise', () => {
      const labels = (fixture: string): string[] => complete(fixture).items.map((item) => item.label);
      assert.deepEqual(labels(pod('Never', 'containers', '|')), ['NotRequired']);
      assert.deepEqual(labels(pod('OnFailure', 'containers', '|')), ['NotRequired', 'RestartContainer']);
      assert.deepEqual(labels(pod('Never', 'initContainers', '|')), ['NotRequired']);
    });

    it('says so in hover', () => {
      const value = (
        hover(
          pod('Never', 'containers', 'NotRequired').replace(
            'restartPolicy: NotRequired',
            'restart|Policy: NotRequired',
          ),
        )?.contents as { value: string }
      ).value;
      assert.equal(
        value.split('\n\n')[2],
        "The API server's validation accepts only these values (`pkg/apis/core/validation/validation.go, validateResizePolicy`). When the pod’s restartPolicy is Never, only NotRequired is accepted.",
      );
    });
  });

  it('accepts an empty value that defaulting replaces (StatefulSet whenDeleted → Retain)', () => {
    const text = withValue(
      fixtures['io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy#whenDeleted']!,
      '""',
    );
    assert.deepEqual(
      validate(text).filter((diagnostic) => diagnostic.severity === 1),
      [],
    );
    // Not offered: the empty value means "the default", which leaving the field out says better.
    const { items } = complete(
      withValue(
        fixtures['io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy#whenDeleted']!,
        '|',
      ),
    );
    assert.deepEqual(
      items.map((item) => item.label),
      ['Delete', 'Retain'],
    );
  });

  it('inserts a value YAML would read as a boolean quoted (a pod condition status "True")', () => {
    const { items } = complete(
      withValue(fixtures['io.k8s.api.batch.v1.PodFailurePolicyOnPodConditionsPattern#status']!, '|'),
    );
    assert.deepEqual(
      items.map((item) => (item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : undefined)),
      ['"False"', '"True"', 'Unknown'],
    );
  });

  it('reaches the validators precompiled by the build (dist/validators.js)', function () {
    const precompiledValidators = loadPrecompiledValidators(path.join(repoRoot, 'dist'));
    if (!precompiledValidators) {
      this.skip();
    }
    const service = getLanguageService({ catalog, precompiledValidators });
    const check = (text: string): string[] =>
      service
        .doValidation(yamlDocument(text))
        .filter((diagnostic) => diagnostic.code === 'invalid-value')
        .map(messageText);
    assert.deepEqual(
      check(withValue(fixtures['io.k8s.api.core.v1.ContainerResizePolicy#restartPolicy']!, 'Sometimes')),
      ['Invalid value "Sometimes" for restartPolicy: expected one of NotRequired, RestartContainer.'],
    );
    const never = withValue(
      fixtures['io.k8s.api.core.v1.ContainerResizePolicy#restartPolicy']!,
      'RestartContainer',
    ).replace('spec:\n', 'spec:\n  restartPolicy: Never\n');
    assert.deepEqual(check(never), [
      'Invalid value "RestartContainer" for restartPolicy: expected one of NotRequired.',
    ]);
  });

  it('leaves kubectl explain as kubectl prints it (no values it does not know)', () => {
    for (const request of [
      'pod.spec.os.name',
      'pod.spec.containers.resizePolicy.restartPolicy',
      'service.spec.trafficDistribution',
    ]) {
      const result = explain(catalog, request);
      assert.ok(result.ok);
      assert.doesNotMatch(result.text, /ENUM|Allowed values|NotRequired, RestartContainer|validation\.go/);
    }
  });

  it('lists a schema enum’s values once in hover, with or without a "Possible enum values" paragraph', () => {
    const data = JSON.parse(
      fs.readFileSync(path.join(repoRoot, 'server/generated/catalog.json'), 'utf8'),
    ) as CatalogData;
    const restartPolicy = data.definitions['io.k8s.api.core.v1.PodSpec']!.properties!['restartPolicy']!;
    const plain = restartPolicy.description!;
    restartPolicy.description = `${plain}\n\nPossible enum values:\n - \`"Always"\`\n - \`"Never"\`\n - \`"OnFailure"\``;
    const service = getLanguageService({ catalog: Catalog.fromData(data) });
    const { text, position } = withCursor(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  restart|Policy: Never\n',
    );
    const withParagraph = (service.doHover(yamlDocument(text), position)?.contents as { value: string })
      .value;
    const without = (
      hover('apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  restart|Policy: Never\n')
        ?.contents as {
        value: string;
      }
    ).value;
    assert.equal(withParagraph, without);
    assert.equal(withParagraph.split('Allowed values: `Always`, `Never`, `OnFailure`').length, 2);
    assert.doesNotMatch(withParagraph, /Possible enum values/);
  });
});
