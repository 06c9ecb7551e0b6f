import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { helmFailureMessage, helmTemplateArguments } from '../../server/src/common/helmTemplate';
import { mapRenderedFindings } from '../../server/src/service/renderedFindings';
import { alignRenderedLines, splitRenderedSources } from '../../server/src/yaml/helmSourceMap';
import { runPodscope } from '../support/cliRunner';
import { helmExecutable, helmRenderRefusal } from '../../client/src/helmRenderGate';
import { RenderedFindingsRequest } from '../../server/src/protocol/helmMessages';
import { helmForTests } from '../support/helm';
import { ServerSession } from '../support/serverSession';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/paths';
import { testService, yamlDocument } from '../support/service';

/** Each rendered line with the template line it maps to (1-based, its text) and how. */
function aligned(template: string, rendered: string): string[] {
  const templateLines = template.split('\n');
  const renderedLines = rendered.split('\n');
  return alignRenderedLines(template, renderedLines).map(
    (match, index) =>
      `${renderedLines[index]!.trim()} <- ${match.line + 1} ${match.origin}: ${templateLines[match.line]!.trim()}`,
  );
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
  labels:
    {{- include "shop.labels" . | nindent 4 }}
spec:
  template:
    spec:
      containers:
        - name: web
          image: "{{ .Values.image }}"
          {{- if .Values.debug }}
          imagePullPolicy: Always
          {{- else }}
          imagePullPolicy: Sometimes
          {{- end }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          ports:
            {{- range .Values.ports }}
            - name: {{ .name }}
              containerPort: {{ .port }}
            {{- end }}`;

/** What helm renders from `deployment` with debug false, two ports and a resources map. */
const renderedDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: release-name-web
  labels:
    app.kubernetes.io/name: shop
    app.kubernetes.io/instance: release-name
spec:
  template:
    spec:
      containers:
        - name: web
          image: "nginx:1.27"
          imagePullPolicy: Sometimes
          resources:
            limits:
              cpu: 100m
          ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9090`;

describe('helm template output mapped back to the templates', () => {
  describe('the # Source: blocks', () => {
    it('splits the output at each --- and # Source: comment, one block per document', () => {
      const output = `---
# Source: shop/templates/service.yaml
apiVersion: v1
kind: Service
---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
data: |
  # Source: not a block, text of the document
---
# Source: shop/templates/deployment.yaml
apiVersion: v1
kind: ConfigMap
`;
      assert.deepEqual(splitRenderedSources(output), [
        { source: 'shop/templates/service.yaml', commentLine: 1, firstLine: 2, endLine: 4 },
        { source: 'shop/templates/deployment.yaml', commentLine: 5, firstLine: 6, endLine: 9 },
        { source: 'shop/templates/deployment.yaml', commentLine: 10, firstLine: 11, endLine: 13 },
      ]);
    });

    it('has no block in text without a # Source: comment, nor in an empty output', () => {
      assert.deepEqual(splitRenderedSources('apiVersion: v1\nkind: Pod\n'), []);
      assert.deepEqual(splitRenderedSources(''), []);
    });
  });

  describe('the line alignment', () => {
    it('maps literal lines and lines with values exactly, printed lines to their action, range items to the body', () => {
      assert.deepEqual(aligned(deployment, renderedDeployment), [
        'apiVersion: apps/v1 <- 1 exact: apiVersion: apps/v1',
        'kind: Deployment <- 2 exact: kind: Deployment',
        'metadata: <- 3 exact: metadata:',
        'name: release-name-web <- 4 exact: name: {{ .Release.Name }}-web',
        'labels: <- 5 exact: labels:',
        'app.kubernetes.io/name: shop <- 6 action: {{- include "shop.labels" . | nindent 4 }}',
        'app.kubernetes.io/instance: release-name <- 6 action: {{- include "shop.labels" . | nindent 4 }}',
        'spec: <- 7 exact: spec:',
        'template: <- 8 exact: template:',
        'spec: <- 9 exact: spec:',
        'containers: <- 10 exact: containers:',
        '- name: web <- 11 exact: - name: web',
        'image: "nginx:1.27" <- 12 exact: image: "{{ .Values.image }}"',
        // The else branch's line, not the if branch's.
        'imagePullPolicy: Sometimes <- 16 exact: imagePullPolicy: Sometimes',
        'resources: <- 18 exact: resources:',
        'limits: <- 19 action: {{- toYaml .Values.resources | nindent 12 }}',
        'cpu: 100m <- 19 action: {{- toYaml .Values.resources | nindent 12 }}',
        'ports: <- 20 exact: ports:',
        '- name: http <- 22 exact: - name: {{ .name }}',
        'containerPort: 8080 <- 23 exact: containerPort: {{ .port }}',
        '- name: metrics <- 22 exact: - name: {{ .name }}',
        'containerPort: 9090 <- 23 exact: containerPort: {{ .port }}',
      ]);
    });

    it('aligns a later document of a template from its own place, the first line compared without indentation', () => {
      const template = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: a
---
  {{- if .Values.config }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: b
{{- end }}`;
      assert.deepEqual(aligned(template, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b'), [
        'apiVersion: v1 <- 7 exact: apiVersion: v1',
        'kind: ConfigMap <- 8 exact: kind: ConfigMap',
        'metadata: <- 9 exact: metadata:',
        'name: b <- 10 exact: name: b',
      ]);
    });

    it('keeps a block in its own document when a later one of the template has the same lines', () => {
      const template = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .Release.Name }}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .Release.Name }}-other`;
      assert.deepEqual(aligned(template, 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web'), [
        'apiVersion: v1 <- 1 exact: apiVersion: v1',
        'kind: ServiceAccount <- 2 exact: kind: ServiceAccount',
        'metadata: <- 3 exact: metadata:',
        'name: web <- 4 exact: name: {{ .Release.Name }}',
      ]);
    });

    it('leaves out a long branch not taken rather than read the block as the output of a later action', () => {
      // bitnami redis's scripts ConfigMap, reduced: most of its first document is in branches
      // not taken, and its second document starts alike and has an annotations include.
      const notTaken = Array.from({ length: 60 }, (_, index) => `    echo sentinel ${index}`).join('\n');
      const template = `apiVersion: v1
kind: ConfigMap
metadata:
  name: scripts
data:
  start.sh: |
    {{- if .Values.sentinel.enabled }}
${notTaken}
    {{- end }}
    echo start
    exec redis-server
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: kubectl-scripts
  annotations: {{- include "annotations" . | nindent 4 }}
data:
  update.sh: |
    echo update`;
      const rendered =
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: scripts\ndata:\n  start.sh: |\n    echo start\n    exec redis-server';
      assert.deepEqual(aligned(template, rendered).slice(3), [
        'name: scripts <- 4 exact: name: scripts',
        'data: <- 5 exact: data:',
        'start.sh: | <- 6 exact: start.sh: |',
        'echo start <- 69 exact: echo start',
        'exec redis-server <- 70 exact: exec redis-server',
      ]);
    });

    it('reads a line whose literal text has no word as an action that prints, and its output at that line', () => {
      const template = `metadata:
  annotations:
    {{- range $key, $value := .Values.annotations }}
    {{ $key }}: {{ $value | quote }}
    {{- end }}
  name: web`;
      assert.deepEqual(aligned(template, 'metadata:\n  annotations:\n    a: "1"\n    b: "2"\n  name: web'), [
        'metadata: <- 1 exact: metadata:',
        'annotations: <- 2 exact: annotations:',
        'a: "1" <- 4 action: {{ $key }}: {{ $value | quote }}',
        'b: "2" <- 4 action: {{ $key }}: {{ $value | quote }}',
        'name: web <- 6 exact: name: web',
      ]);
    });

    it('maps a line nothing explains to the template line before it, as approximate', () => {
      const template = `kind: ConfigMap
data:
  a: "1"`;
      assert.deepEqual(aligned(template, 'kind: ConfigMap\ndata:\n  b: "2"\n  a: "1"'), [
        'kind: ConfigMap <- 1 exact: kind: ConfigMap',
        'data: <- 2 exact: data:',
        'b: "2" <- 2 approximate: data:',
        'a: "1" <- 3 exact: a: "1"',
      ]);
    });

    it('gives no lines for an empty block, and survives a template that is not valid', () => {
      assert.deepEqual(alignRenderedLines('kind: Pod', []), []);
      assert.deepEqual(alignRenderedLines('{{ if', ['kind: Pod']), [{ line: 0, origin: 'approximate' }]);
    });
  });

  describe('the findings', () => {
    const output = `---
# Source: shop/templates/deployment.yaml
${renderedDeployment}
---
# Source: shop/charts/db/templates/statefulset.yaml
kind: StatefulSet
`;
    const finding = (line: number, start: number, end: number, message: string): Diagnostic => ({
      range: { start: { line, character: start }, end: { line, character: end } },
      severity: DiagnosticSeverity.Error,
      code: 'invalid-value',
      source: 'podscope',
      message,
      data: { fix: 'computed against the output' },
    });

    it('reports each at the template line it came from, with the same columns on a literal line', () => {
      // Output line 15 is `imagePullPolicy: Sometimes`; 14 `image: "nginx:1.27"`; 18 `cpu: 100m`.
      const result = mapRenderedFindings(
        output,
        [finding(15, 27, 36, 'bad policy'), finding(14, 17, 29, 'bad image'), finding(18, 19, 23, 'bad cpu')],
        (source) => (source === 'shop/templates/deployment.yaml' ? deployment : undefined),
      );
      assert.deepEqual(
        result.mapped.map(({ source, diagnostic, origin, renderedLine }) => ({
          source,
          origin,
          renderedLine,
          range: diagnostic.range,
          message: diagnostic.message,
          data: diagnostic.data as unknown,
        })),
        [
          {
            source: 'shop/templates/deployment.yaml',
            origin: 'exact',
            renderedLine: 15,
            range: { start: { line: 15, character: 27 }, end: { line: 15, character: 36 } },
            message: 'bad policy (rendered with helm)',
            data: undefined,
          },
          {
            // A line with values: the template line's text, without its indentation.
            source: 'shop/templates/deployment.yaml',
            origin: 'exact',
            renderedLine: 14,
            range: { start: { line: 11, character: 10 }, end: { line: 11, character: 38 } },
            message: 'bad image (rendered with helm)',
            data: undefined,
          },
          {
            source: 'shop/templates/deployment.yaml',
            origin: 'action',
            renderedLine: 18,
            range: { start: { line: 18, character: 12 }, end: { line: 18, character: 56 } },
            message: 'bad cpu (rendered with helm)',
            data: undefined,
          },
        ],
      );
      assert.deepEqual(result.unmapped, []);
    });

    it('leaves in the output what has no template file (a packaged subchart) or no block', () => {
      const inSubchart = finding(26, 0, 4, 'in the subchart');
      const beforeAnyBlock = finding(0, 0, 3, 'before');
      const result = mapRenderedFindings(output, [inSubchart, beforeAnyBlock], (source) =>
        source === 'shop/templates/deployment.yaml' ? deployment : undefined,
      );
      assert.deepEqual(result.mapped, []);
      assert.deepEqual(result.unmapped, [inSubchart, beforeAnyBlock]);
    });
  });

  describe('running helm', () => {
    it('passes the chart and each values file in order, with no shell and nothing to fetch', () => {
      assert.deepEqual(helmTemplateArguments('charts/shop', ['a.yaml', 'b.yaml']), [
        'template',
        'release-name',
        'charts/shop',
        '-f',
        'a.yaml',
        '-f',
        'b.yaml',
      ]);
    });

    it('says plainly when helm is missing, stopped, or fails (with helm own text)', () => {
      const hint = 'install it.';
      assert.equal(
        helmFailureMessage('helm', 'c', { errorCode: 'ENOENT', status: null, stderr: '' }, hint),
        'helm was not found (helm): install it.',
      );
      assert.equal(
        helmFailureMessage('helm', 'c', { errorCode: 'ETIMEDOUT', status: null, stderr: '' }, hint),
        'helm template c took longer than 60 s and was stopped.',
      );
      assert.equal(
        helmFailureMessage(
          'helm',
          'c',
          { status: 1, stderr: 'Error: found in Chart.yaml, but missing in charts/ directory: db\n' },
          hint,
        ),
        'helm template c failed:\nError: found in Chart.yaml, but missing in charts/ directory: db',
      );
      assert.equal(helmFailureMessage('helm', 'c', { status: 0, stderr: 'warning' }, hint), undefined);
    });
  });
});

/** The test chart of this repository, with a planted bad enum and a planted typo (in its worker, behind a value). */
const shopChart = path.join(repoRoot, 'test', 'fixtures', 'helm', 'shop');

describe('helm template with a real helm', function () {
  this.timeout(120_000);
  let helm: string | undefined;
  let savedPath: string | undefined;

  before(async function () {
    const found = await helmForTests();
    if ('missing' in found) {
      this.skip();
    }
    helm = found.helm;
    // The CLI runs the helm on PATH: this one, first.
    savedPath = process.env.PATH;
    process.env.PATH = `${path.dirname(helm)}${path.delimiter}${savedPath ?? ''}`;
  });

  after(() => {
    if (savedPath !== undefined) {
      process.env.PATH = savedPath;
    }
  });

  /** The line of the chart's template file that holds `text` (1-based), which must occur once. */
  function lineOf(template: string, text: string): number {
    const lines = fs.readFileSync(path.join(shopChart, 'templates', template), 'utf8').split('\n');
    const found = lines.flatMap((line, index) => (line.includes(text) ? [index + 1] : []));
    assert.equal(found.length, 1, `${text} occurs once in ${template}`);
    return found[0]!;
  }

  it('maps the finding in the rendered output to the template line of the planted value', () => {
    const output = spawnSync(helm!, helmTemplateArguments(shopChart, []), { encoding: 'utf8' }).stdout;
    const document = yamlDocument(output);
    const diagnostics = testService().doValidation(document);
    testService().closeDocument(document.uri);
    const result = mapRenderedFindings(output, diagnostics, (source) => {
      const file = path.join(shopChart, ...source.split('/').slice(1));
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    });
    const errors = result.mapped.filter(({ diagnostic }) => diagnostic.severity === DiagnosticSeverity.Error);
    assert.deepEqual(
      errors.map(({ source, diagnostic, origin }) => [
        source,
        diagnostic.range.start.line + 1,
        diagnostic.code,
        origin,
      ]),
      [
        [
          'shop/templates/deployment.yaml',
          lineOf('deployment.yaml', 'imagePullPolicy: Sometimes'),
          'invalid-value',
          'exact',
        ],
      ],
    );
    assert.deepEqual(result.unmapped, []);
  });

  it('podscope lint --helm prints the findings at template file:line, with the values files given', () => {
    const relative = path.relative(process.cwd(), shopChart);
    const plain = runPodscope('lint', '--helm', shopChart);
    assert.equal(plain.code, 1);
    assert.match(
      plain.stdout,
      /^Checked the output of "helm template .*shop": \d+ finding\(s\) at template lines/,
    );
    const errors = (run: { stdout: string }): string[] =>
      run.stdout.split('\n').filter((line) => line.includes(': error: '));
    const policyLine = lineOf('deployment.yaml', 'imagePullPolicy: Sometimes');
    assert.deepEqual(errors(plain), [
      `${path.join(relative, 'templates', 'deployment.yaml')}:${policyLine}:28: error: Invalid value "Sometimes" for imagePullPolicy: expected one of Always, IfNotPresent, Never. (rendered with helm) [invalid-value]`,
    ]);
    // The worker (and its typo) renders only with the second values file.
    const withWorker = runPodscope(
      'lint',
      '--helm',
      shopChart,
      '-f',
      path.join(shopChart, 'values-worker.yaml'),
    );
    assert.equal(withWorker.code, 1);
    assert.deepEqual(errors(withWorker), [
      ...errors(plain),
      `${path.join(relative, 'templates', 'worker.yaml')}:${lineOf('worker.yaml', 'contianers:')}:7: error: Unknown field "contianers" in PodSpec; did you mean "containers"? (rendered with helm) [unknown-field]`,
    ]);
  });

  it('podscope lint --helm --format sarif locates the findings in the template files', () => {
    const run = runPodscope('lint', '--helm', shopChart, '--format', 'sarif');
    assert.equal(run.code, 1);
    const sarif = JSON.parse(run.stdout) as {
      runs: {
        results: {
          ruleId: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    const policy = sarif.runs[0]!.results.find((result) => result.ruleId === 'invalid-value')!;
    assert.match(
      policy.locations[0]!.physicalLocation.artifactLocation.uri,
      /helm\/shop\/templates\/deployment\.yaml$/,
    );
    assert.equal(
      policy.locations[0]!.physicalLocation.region.startLine,
      lineOf('deployment.yaml', 'imagePullPolicy: Sometimes'),
    );
  });

  it('the language server maps the output the client rendered to the template files (podscope/renderedFindings)', async () => {
    const output = spawnSync(helm!, helmTemplateArguments(shopChart, []), { encoding: 'utf8' }).stdout;
    const session = await ServerSession.start({ rootPath: shopChart });
    try {
      const result = await session.connection.sendRequest(RenderedFindingsRequest.type, {
        textDocument: { uri: `podscope-helm:${pathToFileURL(shopChart).pathname}/helm%20template.yaml` },
        text: output,
        chart: pathToFileURL(shopChart).href,
      });
      const deploymentUri = pathToFileURL(path.join(shopChart, 'templates', 'deployment.yaml')).href;
      assert.deepEqual(
        result.templates.map((template) => template.uri),
        [deploymentUri],
      );
      const errors = result.templates[0]!.diagnostics.filter(
        (diagnostic) => diagnostic.severity === DiagnosticSeverity.Error,
      );
      assert.deepEqual(
        errors.map((diagnostic) => [diagnostic.range.start.line + 1, diagnostic.code, diagnostic.message]),
        [
          [
            lineOf('deployment.yaml', 'imagePullPolicy: Sometimes'),
            'invalid-value',
            'Invalid value "Sometimes" for imagePullPolicy: expected one of Always, IfNotPresent, Never. (rendered with helm)',
          ],
        ],
      );
      assert.equal(result.unmapped, 0);
      assert.equal(
        result.exact + result.action + result.approximate,
        result.templates[0]!.diagnostics.length,
      );
    } finally {
      await session.stop();
    }
  });

  it("a chart whose dependencies are missing fails with helm's own message, and nothing is fetched", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-helm-'));
    try {
      fs.mkdirSync(path.join(dir, 'templates'));
      fs.writeFileSync(
        path.join(dir, 'Chart.yaml'),
        'apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n  - name: db\n    version: 1.0.0\n    repository: https://charts.example.invalid\n',
      );
      const run = runPodscope('lint', '--helm', dir);
      assert.equal(run.code, 1);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^error: helm template .* failed:\n.*missing in charts\/ directory: db/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Show Rendered Manifest runs helm only when trusted and turned on', () => {
  it('refuses in an untrusted workspace, whatever the setting', () => {
    assert.match(helmRenderRefusal({ trusted: false, enabled: true })!, /only in a trusted workspace/);
    assert.match(helmRenderRefusal({ trusted: false, enabled: false })!, /only in a trusted workspace/);
  });

  it('refuses without podscope.helm.render.enable, and says which setting turns it on', () => {
    assert.equal(
      helmRenderRefusal({ trusted: true, enabled: false }),
      'Podscope runs helm template only when you turn it on: set podscope.helm.render.enable (and podscope.helm.path if helm is not on PATH).',
    );
    assert.equal(helmRenderRefusal({ trusted: true, enabled: true }), undefined);
  });

  it('runs podscope.helm.path when set, else helm on PATH', () => {
    assert.equal(helmExecutable('/opt/helm/helm '), '/opt/helm/helm');
    assert.equal(helmExecutable(''), 'helm');
    assert.equal(helmExecutable(undefined), 'helm');
    assert.equal(helmExecutable(42), 'helm');
  });
});

describe('podscope lint --helm without helm', () => {
  it('says that helm is missing, and exits 1', () => {
    const savedPath = process.env.PATH;
    process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-no-helm-'));
    try {
      const run = runPodscope('lint', '--helm', shopChart);
      assert.equal(run.code, 1);
      assert.equal(run.stdout, '');
      assert.equal(
        run.stderr,
        'error: helm was not found (helm): --helm runs `helm template` on the chart: install helm and put it on PATH.\n',
      );
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('refuses a folder without Chart.yaml, and -f without --helm', () => {
    const notChart = runPodscope('lint', '--helm', path.join(shopChart, 'templates'));
    assert.equal(notChart.code, 1);
    assert.match(notChart.stderr, /not a chart folder \(no Chart\.yaml\)/);
    const valuesAlone = runPodscope('lint', '-f', 'values.yaml', 'x.yaml');
    assert.equal(valuesAlone.code, 1);
    assert.match(valuesAlone.stderr, /^error: -f\/--values go with --helm <chart>/);
  });
});
