import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runPodscope } from '../support/cliRunner';
import { complete, hover, messageText, validate, viewDiagnostics } from '../support/service';

describe('Helm templates', () => {
  const template = `{{- if .Values.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "chart.fullname" . }}
  labels:
    {{- include "chart.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      {{- include "chart.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "chart.selectorLabels" . | nindent 8 }}
    spec:
      restartPolicy: Sometimes
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          poarts:
            - containerPort: 80
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
{{- end }}
`;

  it('checks what stands around the template expressions, and nothing on their lines', () => {
    assert.deepEqual(
      viewDiagnostics(template, validate(template)).map(
        (diagnostic) => `${diagnostic.code}: ${diagnostic.line}`,
      ),
      ['invalid-value: restartPolicy: Sometimes', 'unknown-field: poarts:'],
    );
  });

  it('still offers completion and hover around them', () => {
    const fixture = template.replace('          poarts:', '          liv§\n          poarts:');
    assert.ok(complete(fixture, '§').items.some((item) => item.label === 'livenessProbe'));
    const result = hover(template.replace('      restartPolicy', '      restart§Policy'), '§');
    assert.match(
      (result?.contents as { value: string }).value,
      /^\*\*`deployment\.spec\.template\.spec\.restartPolicy`\*\*/,
    );
  });
});

describe('Kustomize patches', () => {
  it('are checked without findings about what the base provides', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-kustomize-'));
    fs.mkdirSync(path.join(root, '.git'));
    fs.writeFileSync(
      path.join(root, 'kustomization.yaml'),
      'resources:\n  - deployment.yaml\npatches:\n  - path: patch.yaml\n',
    );
    const patch = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      containers:
        - name: migrate
          imagePullPolicy: Sometimes
`;
    fs.writeFileSync(path.join(root, 'patch.yaml'), patch);
    fs.writeFileSync(path.join(root, 'other.yaml'), patch);
    const run = runPodscope('lint', root, '--format', 'json');
    const findings = JSON.parse(run.stdout) as { file: string; code: string }[];
    const codesOf = (file: string): string[] =>
      findings.filter((finding) => finding.file.endsWith(file)).map((finding) => finding.code);
    // The patch: only what it says itself is judged.
    assert.deepEqual(codesOf('patch.yaml'), ['invalid-value']);
    // The same text outside a kustomization is a whole manifest, and incomplete.
    assert.ok(codesOf('other.yaml').includes('missing-required'));
    assert.ok(codesOf('other.yaml').includes('workload-restart-policy'));
    fs.rmSync(root, { recursive: true });
  });
});

describe('custom resources', () => {
  const resource = `apiVersion: stable.example.com/v1
kind: CronTab
metadata:
  name: my-crontab
  labels:
    app: cron
spec:
  cronSpec: "* * * * */5"
`;

  it('get no schema errors, but hover and completion for their metadata', () => {
    assert.deepEqual(validate(resource), []);
    const result = hover(resource.replace('  labels:', '  lab|els:'));
    assert.match(
      (result?.contents as { value: string }).value,
      /^\*\*`crontab\.metadata\.labels`\*\* `<map\[string\]string>`/,
    );
    const names = complete(
      resource.replace('  name: my-crontab\n', '  name: my-crontab\n  ann|\n'),
    ).items.map((item) => item.label);
    assert.ok(names.includes('annotations') && names.includes('namespace') && !names.includes('labels'));
  });
});

describe('values with custom tags', () => {
  it('are not judged by the rules: another tool fills them in', () => {
    const pod = (image: string): string =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: tagged\nspec:\n  containers:\n    - name: app\n      image: ${image}\n`;
    const codes = (text: string): string[] => validate(text).map((diagnostic) => String(diagnostic.code));
    assert.ok(codes(pod('nginx')).includes('image-latest-tag'));
    assert.ok(!codes(pod('!Ref ImageParameter')).includes('image-latest-tag'));
    assert.ok(!codes(pod('!vault secret/images#web')).includes('image-latest-tag'));
  });
});

describe('files that are not Kubernetes', () => {
  for (const [name, text] of [
    [
      'a GitHub Actions workflow',
      'name: CI\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n',
    ],
    [
      'a docker-compose file',
      'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n    restart: yes\n',
    ],
    [
      'an OpenAPI document',
      'openapi: 3.0.0\ninfo:\n  title: Pets\n  version: 1.0.0\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n',
    ],
  ]) {
    it(`leaves ${name} alone`, () => {
      assert.deepEqual(validate(text!), []);
    });
  }
});

describe('hostile input', () => {
  it('reports one note instead of parsing 300 levels of nesting', () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: ${'['.repeat(300)}${']'.repeat(300)}\n`;
    assert.deepEqual(
      validate(deep).map(
        (diagnostic) => `${String(diagnostic.code)} ${diagnostic.severity}: ${messageText(diagnostic)}`,
      ),
      ['validation-skipped 3: Not checked: this document nests deeper than 256 levels.'],
    );
  });

  it('reports one note for too many documents, and nothing when they are not Kubernetes', () => {
    const many = Array.from(
      { length: 5001 },
      (_, index) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${index}\n`,
    ).join('---\n');
    assert.deepEqual(
      validate(many).map((diagnostic) => messageText(diagnostic)),
      ['Not checked: the file holds 5001 YAML documents; Podscope checks files of up to 5000.'],
    );
    assert.deepEqual(validate(Array.from({ length: 5001 }, (_, index) => `a: ${index}`).join('\n---\n')), []);
  });

  it('does not expand an alias bomb', () => {
    const bomb = `apiVersion: v1
kind: ConfigMap
metadata:
  name: lol
data:
  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
`;
    assert.deepEqual(
      validate(bomb).map((diagnostic) => messageText(diagnostic)),
      ['Not validated: the document expands too many aliases, or an alias refers to the node that holds it.'],
    );
  });

  it('does not recurse for ever into an alias inside its own anchor', () => {
    const loops = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: x\n  labels: {a: *m}\n',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec: &s\n  containers:\n    - name: a\n      image: b:1\n      env: *s\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template: &t\n    spec:\n      containers: [*t]\n',
    ];
    for (const text of loops) {
      assert.deepEqual(
        validate(text).map((diagnostic) => messageText(diagnostic)),
        [
          'Not validated: the document expands too many aliases, or an alias refers to the node that holds it.',
        ],
      );
      assert.ok(hover(text.replace('name: x', 'na|me: x')));
      complete(text.replace('  name: x\n', '  name: x\n  lab|\n'));
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-loop-')), 'loop.yaml');
      fs.writeFileSync(file, text);
      assert.equal(runPodscope('lint', file).code, 0);
      const simulated = runPodscope('simulate', file);
      assert.match(simulated.stderr, /an alias refers to the node that holds it|no pod/i);
      fs.rmSync(path.dirname(file), { recursive: true });
    }
  });
});
