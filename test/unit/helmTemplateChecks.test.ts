/**
 * Helm templates checked as Helm renders them, without Helm (yaml/templateShape.ts, the branch
 * texts of yaml/templateBranches.ts, validation/validateFile.ts): values rendered by actions are
 * unknown but present, control lines vanish, `toYaml … | nindent N` blocks are YAML of unknown
 * shape, and each branch of a chain is judged on its own, across `---` too. The last suite plants
 * mistakes in real charts (bitnami's snapshot and /work/corpus-full), pending without them.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { shapeTemplate } from '../../server/src/yaml/templateShape';
import { readTemplateBranches } from '../../server/src/yaml/templateBranches';
import { ManifestParser } from '../../server/src/yaml/manifestFile';
import { validate, viewDiagnostics } from '../support/service';
import { edit as editOnce } from '../support/fixtureEdit';

/** Each finding as `code: the text it covers` (on which trimmed line). */
function findings(template: string): string[] {
  return viewDiagnostics(template, validate(template)).map(
    (diagnostic) => `${diagnostic.code}: ${diagnostic.text} (${diagnostic.line})`,
  );
}

/** A Deployment template in bitnami's style, around a pod spec body. */
function deployment(podSpec: string): string {
  return `{{- /* Copyright Broadcom, Inc. */}}
apiVersion: {{ include "common.capabilities.deployment.apiVersion" . }}
kind: Deployment
metadata:
  name: {{ include "common.names.fullname" . }}
  labels: {{- include "common.labels.standard" ( dict "customLabels" .Values.commonLabels "context" $ ) | nindent 4 }}
    app.kubernetes.io/part-of: web
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  selector:
    matchLabels: {{- include "common.labels.matchLabels" . | nindent 6 }}
  template:
    metadata:
      labels: {{- include "common.labels.standard" . | nindent 8 }}
    spec:
${podSpec}`;
}

const container = `      {{- include "nginx.imagePullSecrets" . | nindent 6 }}
      automountServiceAccountToken: {{ .Values.automountServiceAccountToken }}
      containers:
        - name: nginx
          image: docker.io/bitnami/nginx:{{ .Values.image.tag }}
          imagePullPolicy: {{ .Values.image.pullPolicy | quote }}
          {{- if .Values.containerSecurityContext.enabled }}
          securityContext: {{- include "common.compatibility.renderSecurityContext" (dict "secContext" .Values.containerSecurityContext "context" $) | nindent 12 }}
          {{- end }}
          {{- if .Values.resources }}
          resources: {{- toYaml .Values.resources | nindent 12 }}
          {{- end }}
          ports:
            - name: http
              containerPort: {{ .Values.containerPorts.http }}
`;

describe('Helm templates checked as rendered', () => {
  describe('the YAML shape of a template', () => {
    it('writes a value action as a placeholder of its length, and blanks control actions and indented blocks', () => {
      const [a, b, c] = ['{{ .Values.a }}', '{{ .Values.b }}', '{{ .Values.c }}'];
      const ifLine = '{{- if .Values.d }}';
      const block = ' {{- toYaml .Values.c | nindent 2 }}';
      const endLine = '{{- end }}';
      const template = `a: ${a}\nb: x-${b}:${c}\n${ifLine}\nc:${block}\n${endLine}\n`;
      const shape = shapeTemplate(template)!;
      // A placeholder is `_`, the action's offset in base 36, and `_` up to the action's length.
      const placeholder = (action: string): string =>
        `_${template.indexOf(action).toString(36)}`.padEnd(action.length, '_');
      assert.equal(shape.text.length, template.length);
      assert.deepEqual(shape.text.split('\n'), [
        `a: ${placeholder(a)}`,
        // The vanished `if` line's spaces go to the end of the line above.
        `b: x-${placeholder(b)}:${placeholder(c)}${' '.repeat(ifLine.length)}`,
        '',
        `c:${' '.repeat(block.length + endLine.length)}`,
        '',
        '',
      ]);
      assert.deepEqual([...shape.lines], [0, 1, 2, 3, 4]);
      assert.deepEqual(shape.placeholders.get(placeholder(a)), a);
    });

    it('keeps every offset: a vanished line gives its spaces to the line above, before a CR', () => {
      const ifLine = '  {{- if .Values.a }}';
      const endLine = '  {{- end }}';
      const template = `command: |\r\n${ifLine}\r\n  run\r\n${endLine}\r\n`;
      const shape = shapeTemplate(template)!;
      assert.equal(shape.text.length, template.length);
      // Each vanished line's spaces and CR go to the line above, before its CR.
      assert.equal(
        shape.text,
        `command: |${' '.repeat(ifLine.length + 1)}\r\n\n  run${' '.repeat(endLine.length + 1)}\r\n\n`,
      );
    });

    it('parses a block scalar whose first lines are control actions (bitnami postgresql’s volume-permissions)', () => {
      const template = `args:
  - |
    {{- if .Values.primary.persistence.enabled }}
    {{- if eq ( toString ( .Values.volumePermissions.containerSecurityContext.runAsUser )) "auto" }}
    chown \`id -u\`:\`id -G | cut -d " " -f2\` {{ .Values.primary.persistence.mountPath }}
    {{- end }}
    {{- end }}
`;
      const [document] = new ManifestParser().parse(template).documents;
      assert.deepEqual(document!.yaml.errors, []);
    });
  });

  describe('the checks', () => {
    it('find nothing in a template whose values are all actions, whatever their types', () => {
      assert.deepEqual(findings(deployment(container)), []);
    });

    it('find a typo of a key beside an nindent block, and a bad enum written literally', () => {
      const typo = editOnce(deployment(container), '      containers:', '      contianers:');
      assert.deepEqual(findings(typo), ['unknown-field: contianers (contianers:)']);
      const enumValue = editOnce(
        deployment(container),
        'imagePullPolicy: {{ .Values.image.pullPolicy | quote }}',
        'imagePullPolicy: Sometimes',
      );
      assert.deepEqual(findings(enumValue), ['invalid-value: Sometimes (imagePullPolicy: Sometimes)']);
    });

    it('find restartPolicy: Never in a Deployment whose apiVersion a helper renders', () => {
      const template = editOnce(
        deployment(container),
        '      containers:',
        '      restartPolicy: Never\n      containers:',
      );
      assert.deepEqual(findings(template), ['workload-restart-policy: Never (restartPolicy: Never)']);
    });

    it('check the literal keys an nindent block is followed by, as the block’s siblings', () => {
      const template = editOnce(
        deployment(container),
        '          resources: {{- toYaml .Values.resources | nindent 12 }}',
        '          resources: {{- toYaml .Values.resources | nindent 12 }}\n            limit:\n              cpu: 1',
      );
      assert.deepEqual(findings(template), ['unknown-field: limit (limit:)']);
    });

    it('report nothing missing from an object an nindent block may fill', () => {
      const template = deployment(`      containers:
        - {{- include "app.container" . | nindent 10 }}
        - name: sidecar
          {{- include "app.sidecarImage" . | nindent 10 }}
`);
      assert.deepEqual(findings(template), []);
    });

    it('compare no selector label that an action renders, and still the literal ones', () => {
      const rendered = deployment(container);
      assert.deepEqual(findings(rendered), []);
      const literal = editOnce(
        editOnce(
          rendered,
          'matchLabels: {{- include "common.labels.matchLabels" . | nindent 6 }}',
          'matchLabels:\n      app: web\n      tier: {{ .Values.tier }}',
        ),
        'labels: {{- include "common.labels.standard" . | nindent 8 }}',
        'labels:\n        app: api\n        tier: {{ .Values.tier }}',
      );
      assert.deepEqual(findings(literal), ['selector-mismatch: selector (selector:)']);
      assert.match(
        viewDiagnostics(literal, validate(literal))[0]!.message,
        /\(app is "api" in the template, "web" in the selector\)/,
      );
    });

    it('name a template value by its text in a message', () => {
      const template = deployment(`      containers:
        - name: {{ .Values.name }}
          image: nginx
`);
      assert.deepEqual(
        viewDiagnostics(template, validate(template))
          .filter((diagnostic) => diagnostic.code === 'image-latest-tag')
          .map((diagnostic) => diagnostic.message.split(';')[0]),
        ['Container "{{ .Values.name }}": image "nginx" has no tag, so it means "latest"'],
      );
    });

    it('check nothing against a kind an action chooses, nor an apiVersion with several served versions', () => {
      const chosen = `apiVersion: {{ if .Values.sts }}apps/v1{{ else }}apps/v1{{ end }}
kind: {{ if .Values.sts }}StatefulSet{{ else }}Deployment{{ end }}
spec:
  {{- if .Values.sts }}
  volumeClaimTemplates: []
  {{- else }}
  strategy: {}
  {{- end }}
`;
      assert.deepEqual(findings(chosen), []);
      const hpa = `apiVersion: {{ include "common.capabilities.hpa.apiVersion" . }}
kind: HorizontalPodAutoscaler
spec:
  minReplica: 1
`;
      assert.deepEqual(findings(hpa), []);
    });
  });

  describe('branches', () => {
    it('judge each branch of an if/else holding two layouts on its own: no syntax error, each branch checked', () => {
      const template = deployment(`      containers:
        - name: app
          image: nginx:1.27
          securityContext:
          {{- if .Values.strict }}
            runAsNonRoot: true
            runAsUser: root
          {{- else }}
            {}
          {{- end }}
`);
      assert.deepEqual(findings(template), ['wrong-type: root (runAsUser: root)']);
    });

    it('keep bitnami postgresql’s two datadir volumes in if and else quiet', () => {
      const template = deployment(`      containers:
        - name: app
          image: nginx:1.27
          volumeMounts:
            - name: datadir
              mountPath: /data
      volumes:
        {{- if .Values.backup.cronjob.storage.existingClaim }}
        - name: datadir
          persistentVolumeClaim:
            claimName: {{ printf "%s" (tpl .Values.backup.cronjob.storage.existingClaim .) }}
        {{- else }}
        - name: datadir
          persistentVolumeClaim:
            claimName: {{ include "postgresql.v1.primary.fullname" . }}-pgdumpall
        {{- end }}
`);
      assert.deepEqual(findings(template), []);
    });

    it('read a chain that crosses a ---: the later document’s end and else close it', () => {
      const text = `{{- range $engine := .Values.engines }}
---
apiVersion: v1
kind: ConfigMap
{{- if $engine.a }}
A
{{- else }}
B
{{- end }}
C
{{- else }}
D
{{- end }}
E
`;
      const file = new ManifestParser().parse(text);
      assert.equal(file.segments.length, 2);
      const second = file.segments[1]!.segment;
      const branches = second.templateBranches;
      assert.ok(branches, 'the document after --- has a branch model');
      const at = (marker: string): number => second.text.indexOf(`\n${marker}\n`) + 1;
      assert.equal(branches.exclusive(at('A'), at('B')), true);
      assert.equal(branches.exclusive(at('C'), at('D')), true, 'the range body and its else');
      assert.equal(branches.exclusive(at('A'), at('D')), true);
      assert.equal(branches.exclusive(at('A'), at('C')), false);
      assert.equal(branches.exclusive(at('D'), at('E')), false);
      // The first document's range runs on to its end: one branch, nothing apart.
      assert.ok(readTemplateBranches('{{- range .Values.engines }}\nX\n'));
    });

    it('keep exclusive duplicates quiet in a document after a --- (bitnami dremio’s executor data volume)', () => {
      const template = `{{- range $engine := .Values.executor.engines }}
---
${deployment(`      containers:
        - name: app
          image: nginx:1.27
      volumes:
        {{- if $engine.persistence.existingClaim }}
        - name: data
          persistentVolumeClaim:
            claimName: {{ $engine.persistence.existingClaim }}
        {{- else if (not $engine.persistence.enabled) }}
        - name: data
          emptyDir: {}
        {{- end }}
        - name: data
          emptyDir: {}
`)}{{- end }}
`;
      assert.deepEqual(findings(template), ['duplicate-volume-name: data (- name: data)']);
    });
  });

  it('never crash on malformed templates', () => {
    for (const template of [
      '{{',
      '}}{{',
      'a: {{ "unclosed }}',
      'a: {{/* unclosed comment',
      '{{ end }}\n---\n{{ end }}{{ else }}',
      '---\n{{ else }}{{ else }}{{ end }}{{ end }}',
      '{{ if .a }}\n---\n{{ if .b }}\n---\nkind: Pod\napiVersion: v1\n{{ else }}{{ else }}',
      'apiVersion: v1\nkind: Pod\nspec: {{- toYaml . | nindent 2 }}\n  containers: {{ .x }}\n    - name: {{',
      'kind: {{ .k }}\napiVersion: {{ .v }}\n{{ .x }}: {{ .y }}\n- {{ .z }}',
      '\r\n{{- if .a }}\r\n\r\n{{- end }}\r\n',
    ]) {
      assert.ok(Array.isArray(validate(template)), template);
    }
  });
});

/** Where the real charts are: bitnami's snapshot (read with git) and /work/corpus-full. */
const bitnamiGit = '/work/.mirror/bitnami+charts/repo';
const corpusFull = '/work/corpus-full';

function bitnamiTemplate(file: string): string {
  return execFileSync('git', ['--git-dir', bitnamiGit, 'show', `HEAD:bitnami/${file}`], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
}

/** The planted mistakes: a typo of `containers:`, a bad imagePullPolicy, restartPolicy: Never. */
function plants(template: string): { kind: string; text: string; line: number; code: string }[] {
  const lines = template.split('\n');
  const containers = lines.findIndex((line) => /^\s*containers:\s*$/.test(line));
  const policy = lines.findIndex((line, index) => index > containers && /^\s*imagePullPolicy:/.test(line));
  assert.ok(containers >= 0 && policy >= 0, 'the template has containers and an imagePullPolicy');
  const indent = /^\s*/.exec(lines[containers]!)![0];
  const edited = (line: number, replacement: string[], count = 1): string =>
    [...lines.slice(0, line), ...replacement, ...lines.slice(line + count)].join('\n');
  return [
    {
      kind: 'typo',
      text: edited(containers, [`${indent}contianers:`]),
      line: containers,
      code: 'unknown-field',
    },
    {
      kind: 'enum',
      text: edited(policy, [lines[policy]!.replace(/imagePullPolicy:.*$/, 'imagePullPolicy: Sometimes')]),
      line: policy,
      code: 'invalid-value',
    },
    {
      kind: 'restart',
      text: edited(containers, [`${indent}restartPolicy: Never`, lines[containers]!]),
      line: containers,
      code: 'workload-restart-policy',
    },
  ];
}

const realCharts: { name: string; read: () => string }[] = [
  ...[
    'nginx/templates/deployment.yaml',
    'redis/templates/sentinel/statefulset.yaml',
    'postgresql/templates/primary/statefulset.yaml',
    'wordpress/templates/deployment.yaml',
    'mariadb/templates/primary/statefulset.yaml',
    'mongodb/templates/replicaset/statefulset.yaml',
  ].map((file) => ({ name: `bitnami/${file}`, read: () => bitnamiTemplate(file) })),
  ...[
    'kubernetes+ingress-nginx/charts/ingress-nginx/templates/controller-deployment.yaml',
    'stefanprodan+podinfo/charts/podinfo/templates/deployment.yaml',
    'kubeflow+manifests/experimental/helm/charts/model-registry/templates/ui/deployment.yaml',
    'argoproj+argocd-example-apps/helm-guestbook/templates/deployment.yaml',
  ].map((file) => ({ name: file, read: () => fs.readFileSync(path.join(corpusFull, file), 'utf8') })),
];

describe('Helm templates of real charts, with planted mistakes', function () {
  this.timeout(120000);
  const available = fs.existsSync(bitnamiGit) && fs.existsSync(corpusFull);
  for (const chart of realCharts) {
    (available ? it : it.skip)(
      `${chart.name}: quiet as it is, each planted mistake found on its line`,
      () => {
        const template = chart.read();
        assert.deepEqual(
          viewDiagnostics(template, validate(template)).filter((diagnostic) => diagnostic.severity === 1),
          [],
        );
        for (const plant of plants(template)) {
          const found = validate(plant.text).filter(
            (diagnostic) => diagnostic.code === plant.code && diagnostic.range.start.line === plant.line,
          );
          assert.equal(found.length, 1, `${plant.kind} planted on line ${plant.line + 1}`);
        }
      },
    );
  }
});
