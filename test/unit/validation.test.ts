import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { podRuleIds } from '../support/podRules';
import { validate, viewDiagnostics } from '../support/service';

const error = DiagnosticSeverity.Error;
const warning = DiagnosticSeverity.Warning;

/** What validation reports, without the pod rules' findings (test/unit/rules tests those). */
function check(text: string): ReturnType<typeof viewDiagnostics> {
  return viewDiagnostics(
    text,
    validate(text).filter((diagnostic) => !podRuleIds.has(String(diagnostic.code))),
  );
}

const validPod = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - containerPort: 80
          name: http
      resources:
        requests: { cpu: 100m, memory: 64Mi }
        limits: { cpu: 500m, memory: 128Mi }
`;

describe('validation', () => {
  it('accepts a valid Pod', () => {
    assert.deepEqual(
      check(validPod).filter((diagnostic) => diagnostic.severity === error),
      [],
    );
  });

  it('reports nothing at all for YAML that is not Kubernetes', () => {
    assert.deepEqual(check('services:\n  web:\n    image: nginx\n    ports: ["80:80"\n'), []);
    assert.deepEqual(check('on:\n  push:\njobs:\n  build:\n    runs-on: ubuntu-latest\n'), []);
  });

  it('reports YAML syntax errors with their position in Kubernetes files', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "unterminated\n';
    const [first] = check(text);
    assert.equal(first?.code, 'yaml-syntax');
    assert.equal(first?.severity, error);
  });

  it('reports duplicate keys on the repeated key', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n';
    assert.deepEqual(check(text), [
      {
        code: 'duplicate-key',
        severity: error,
        line: 'name: b',
        text: 'name',
        message: 'Duplicate key: "name" appears more than once in this map.',
      },
    ]);
  });

  it('reports an unknown field with a suggestion', () => {
    const text = validPod.replace('      ports:', '      poarts:');
    assert.deepEqual(check(text), [
      {
        code: 'unknown-field',
        severity: error,
        line: 'poarts:',
        text: 'poarts',
        message: 'Unknown field "poarts" in Container; did you mean "ports"?',
      },
    ]);
  });

  it('reports a wrong type on the value, with int-or-string and quantities accepted', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: three
  selector:
    matchLabels: { app: web }
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 1
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          readinessProbe:
            httpGet: { port: http, path: / }
          resources:
            limits: { cpu: 2, memory: 1Gi }
`;
    assert.deepEqual(check(text), [
      {
        code: 'wrong-type',
        severity: error,
        line: 'replicas: three',
        text: 'three',
        message: 'Wrong type for replicas: expected integer, got string "three".',
      },
    ]);
  });

  it('flags a malformed quantity', () => {
    const text = validPod.replace('limits: { cpu: 500m', 'limits: { cpu: 1.5.3Gi');
    assert.deepEqual(check(text), [
      {
        code: 'invalid-quantity',
        severity: error,
        line: 'limits: { cpu: 1.5.3Gi, memory: 128Mi }',
        text: '1.5.3Gi',
        message:
          'Invalid quantity "1.5.3Gi" for cpu: use a number with an optional unit, like 500m, 2 or 1Gi.',
      },
    ]);
  });

  it('reports a value outside its enum with the allowed values', () => {
    const text = validPod.replace('spec:\n', 'spec:\n  restartPolicy: Sometimes\n');
    assert.deepEqual(check(text), [
      {
        code: 'invalid-value',
        severity: error,
        line: 'restartPolicy: Sometimes',
        text: 'Sometimes',
        message: 'Invalid value "Sometimes" for restartPolicy: expected one of Always, Never, OnFailure.',
      },
    ]);
  });

  it('places a missing required field on the parent key', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - image: nginx:1.27
`;
    assert.deepEqual(check(text), [
      {
        code: 'missing-required',
        severity: error,
        line: 'spec:',
        text: 'spec',
        message: 'Missing required field "selector" in DeploymentSpec.',
      },
      {
        code: 'missing-required',
        severity: error,
        line: '- image: nginx:1.27',
        text: 'image',
        message: 'Missing required field "name" in Container.',
      },
    ]);
  });

  it('requires a container image, as the API server does', () => {
    const text = validPod.replace('      image: nginx:1.27\n', '');
    assert.deepEqual(
      check(text).map((diagnostic) => diagnostic.message),
      ['Missing required field "image" in Container.'],
    );
  });

  it('does not also report a missing field that is misspelled', () => {
    const text = validPod.replace('    - name: web', '    - nmae: web');
    assert.deepEqual(
      check(text).map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`),
      ['unknown-field: Unknown field "nmae" in Container; did you mean "name"?'],
    );
  });

  it('reports one error for a value of the wrong shape, not one per field inside it', () => {
    const text = validPod.replace(/ {2}containers:[\s\S]*$/, '  containers: nginx\n');
    assert.deepEqual(check(text), [
      {
        code: 'wrong-type',
        severity: error,
        line: 'containers: nginx',
        text: 'nginx',
        message: 'Wrong type for containers: expected a list, got string "nginx".',
      },
    ]);
  });

  it('suggests the right apiVersion for a kind', () => {
    const text = validPod.replace('apiVersion: v1', 'apiVersion: apps/v1');
    assert.deepEqual(check(text), [
      {
        code: 'apiversion-mismatch',
        severity: error,
        line: 'apiVersion: apps/v1',
        text: 'apps/v1',
        message: 'Pod is not served by apps/v1; use v1.',
      },
    ]);
  });

  it('reports an unknown kind in a built-in API group, with a suggestion', () => {
    const text = 'apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: x\n';
    assert.deepEqual(check(text), [
      {
        code: 'unknown-kind',
        severity: error,
        line: 'kind: Deploymnet',
        text: 'Deploymnet',
        message: 'Unknown kind "Deploymnet" in apps/v1; did you mean "Deployment"?',
      },
    ]);
  });

  it('leaves custom resources alone', () => {
    const text = `apiVersion: stable.example.com/v1
kind: CronTab
metadata:
  name: my-crontab
spec:
  cronSpec: "* * * * */5"
  whatever: { nested: [1, 2] }
`;
    assert.deepEqual(check(text), []);
  });

  it('reports a removed API version as an error and names the current one', () => {
    const text = 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: x\n';
    assert.deepEqual(check(text), [
      {
        code: 'removed-api',
        severity: error,
        line: 'apiVersion: extensions/v1beta1',
        text: 'extensions/v1beta1',
        message:
          'extensions/v1beta1 Deployment is not served since Kubernetes 1.16 (target 1.36): use apps/v1 (spec.selector is required and immutable: use the template labels).',
      },
    ]);
  });

  it('reads YAML the way Kubernetes does: yes is a boolean, and a string field needs quotes', () => {
    const text = validPod.replace('    app: web', '    app: web\n    enabled: yes');
    assert.deepEqual(check(text), [
      {
        code: 'yaml11-boolean-string',
        severity: error,
        line: 'enabled: yes',
        text: 'yes',
        message: '"yes" is a boolean in YAML 1.1, which Kubernetes uses; quote it: "yes".',
      },
    ]);
  });

  it('finds a YAML 1.1 boolean inside list items, and only in string fields', () => {
    // containers[0].env[1].value is a string; containers[0].stdin is a boolean, where yes is right.
    const text = validPod.replace(
      '      image: nginx:1.27\n',
      '      image: nginx:1.27\n      stdin: yes\n      env:\n        - name: A\n          value: "yes"\n        - name: B\n          value: on\n',
    );
    assert.deepEqual(check(text), [
      {
        code: 'yaml11-boolean-string',
        severity: error,
        line: 'value: on',
        text: 'on',
        message: '"on" is a boolean in YAML 1.1, which Kubernetes uses; quote it: "on".',
      },
    ]);
  });

  it('treats null fields as absent, as the API server does', () => {
    const text = validPod.replace('spec:\n', 'spec:\n  nodeSelector:\n  volumes:\n');
    assert.deepEqual(
      check(text).filter((diagnostic) => diagnostic.severity === error),
      [],
    );
  });

  it('validates each document of a multi-document file at its own lines', () => {
    const text = `${validPod}---\n${validPod.replace('      ports:', '      prots:')}`;
    const diagnostics = validate(text).filter((diagnostic) => !podRuleIds.has(String(diagnostic.code)));
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.range.start.line, validPod.split('\n').length + 10);
  });

  it('validates the items of a v1 List', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
    data:
      mode: fast
    binaryData: 7
`;
    assert.deepEqual(check(text), [
      {
        code: 'wrong-type',
        severity: error,
        line: 'binaryData: 7',
        text: '7',
        message: 'Wrong type for binaryData: expected an object, got integer 7.',
      },
    ]);
  });

  it('warns about a removed field and says what replaced it', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ipFamily: IPv6
  ports:
    - port: 80
`;
    assert.deepEqual(check(text), [
      {
        code: 'removed-field',
        severity: warning,
        line: 'ipFamily: IPv6',
        text: 'ipFamily',
        message:
          'ipFamily was removed in Kubernetes 1.20: the API server drops it with a warning, and kubectl rejects it by default. Use ipFamilies (and ipFamilyPolicy).',
      },
    ]);
  });

  it("accepts the \\' escape that Kubernetes reads, with a warning", () => {
    const text = validPod.replace(
      '      image: nginx:1.27',
      '      image: nginx:1.27\n      command: ["sh", "-c", "echo \\\'hi\\\'"]',
    );
    assert.deepEqual(
      check(text).map((diagnostic) => `${diagnostic.code} ${diagnostic.severity} ${diagnostic.text}`),
      ["yaml-escape 2 \\'", "yaml-escape 2 \\'"],
    );
  });

  it('bounds the number of diagnostics of one document', () => {
    const fields = Array.from({ length: 150 }, (_, index) => `  unknown${index}: 1`).join('\n');
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: []\n${fields}\n`;
    // The unknown root fields are reported, up to the per-document bound.
    assert.equal(validate(text).length, 100);
  });
});
