import * as assert from 'node:assert/strict';
import { readTemplateBranches } from '../../server/src/yaml/templateBranches';
import { validate, viewDiagnostics } from '../support/service';

/**
 * Whether the texts at markers `a` and `b` (each occurring once in the template) are never
 * rendered together; undefined when the template's branches cannot be read.
 */
function exclusive(template: string, a: string, b: string): boolean | undefined {
  const at = (marker: string): number => {
    const offset = template.indexOf(marker);
    assert.ok(offset >= 0 && template.indexOf(marker, offset + 1) < 0, `marker ${marker} occurs once`);
    return offset;
  };
  return readTemplateBranches(template)?.exclusive(at(a), at(b));
}

/** The duplicate findings of a template: code and the trimmed line each is on. */
function duplicates(template: string): string[] {
  return viewDiagnostics(template, validate(template))
    .filter((diagnostic) => diagnostic.code.startsWith('duplicate-'))
    .map((diagnostic) => `${diagnostic.code}: ${diagnostic.line}`);
}

/** A CronJob template whose pod has the given volumes (bitnami postgresql's backup CronJob, reduced). */
function cronJob(volumes: string): string {
  return `{{- if .Values.backup.enabled }}
apiVersion: batch/v1
kind: CronJob
metadata:
  name: {{ include "postgresql.primary.fullname" . }}-pgdumpall
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: pg-dumpall
              image: docker.io/bitnami/postgresql:17.2.0
              volumeMounts:
                - name: datadir
                  mountPath: /backup/pgdump
          volumes:
${volumes}
{{- end }}
`;
}

describe('Helm template branches', () => {
  describe('the model', () => {
    it('puts the branches of an if/else if/else chain apart, and each apart from text outside the chain', () => {
      const template = `before
{{- if .Values.a }}
A
{{- else if .Values.b }}
B
{{- else if .Values.c }}
C
{{- else }}
D
{{- end }}
after
`;
      assert.equal(exclusive(template, 'A', 'B'), true);
      assert.equal(exclusive(template, 'A', 'D'), true);
      assert.equal(exclusive(template, 'B', 'C'), true);
      assert.equal(exclusive(template, 'C', 'D'), true);
      assert.equal(exclusive(template, 'before', 'A'), false);
      assert.equal(exclusive(template, 'D', 'after'), false);
    });

    it('reads with/else, range/else and else with', () => {
      const template = `{{ with .Values.w }}W1{{ else }}W2{{ end }}
{{ range .Values.list }}R1{{ else }}R2{{ end }}
{{ with .Values.x }}X1{{ else with .Values.y }}X2{{ else }}X3{{ end }}
`;
      assert.equal(exclusive(template, 'W1', 'W2'), true);
      assert.equal(exclusive(template, 'R1', 'R2'), true);
      assert.equal(exclusive(template, 'X1', 'X2'), true);
      assert.equal(exclusive(template, 'X2', 'X3'), true);
      // Three separate chains: any of them may render with the others.
      assert.equal(exclusive(template, 'W1', 'R1'), false);
      assert.equal(exclusive(template, 'W2', 'X3'), false);
    });

    it('follows nesting: inner branches are apart, and apart from the outer chain’s other branch', () => {
      const template = `{{ if .Values.outer }}
  {{ if .Values.inner }}I1{{ else }}I2{{ end }}
  O1
  {{ if .Values.other }}N1{{ end }}
{{ else }}O2{{ end }}
`;
      assert.equal(exclusive(template, 'I1', 'I2'), true);
      assert.equal(exclusive(template, 'I1', 'O2'), true);
      assert.equal(exclusive(template, 'I2', 'O2'), true);
      assert.equal(exclusive(template, 'N1', 'O2'), true);
      assert.equal(exclusive(template, 'I1', 'O1'), false);
      assert.equal(exclusive(template, 'I2', 'N1'), false);
    });

    it('reads trim markers, comments, strings holding delimiters, define and other actions', () => {
      const template = `{{- /* an {{ if }} in a comment }} is no action */ -}}
{{- define "x" }}{{ if .a }}D1{{ else }}D2{{ end }}{{ end }}
{{- if eq .Values.mode "}}{{ else }}" -}}
T1
{{- else -}}
T2
{{- end -}}
{{ if eq .Values.raw \`{{end}}\` }}Q1{{else}}Q2{{end}}
{{- include "x" . | nindent 4 }}{{ -3 }}
`;
      assert.equal(exclusive(template, 'D1', 'D2'), true);
      assert.equal(exclusive(template, 'T1', 'T2'), true);
      assert.equal(exclusive(template, 'Q1', 'Q2'), true);
      assert.equal(exclusive(template, 'D1', 'T1'), false);
      assert.equal(exclusive(template, 'T2', 'Q1'), false);
    });

    it('reads a keyword that a field follows without a space, as the lexer ends identifiers', () => {
      // From bitnami redis's sentinel/ports-configmap.yaml and karpenter's servicemonitor.yaml.
      const template = `{{- if.Values.enabled -}}
{{- range.spec.ports }}P1{{ else }}P2{{- end }}
{{- else -}}E{{- end -}}
`;
      assert.equal(exclusive(template, 'P1', 'P2'), true);
      assert.equal(exclusive(template, 'P2', 'E'), true);
    });

    it('knows the body of a define, which renders only where it is included, from a block, which renders in place', () => {
      const template = `{{- define "x" }}D{{ if .a }}I{{ end }}{{ end }}
{{- block "y" . }}B{{ end }}
O
`;
      const branches = readTemplateBranches(template)!;
      assert.deepEqual(
        ['D', 'I', 'B', 'O'].map((marker) => branches.inDefinition(template.indexOf(marker))),
        [true, true, false, false],
      );
    });

    it('gives no model for what text/template rejects, or a template without branches', () => {
      for (const template of [
        '{{ if .Values.a }}A{{ else }}B{{ else }}C{{ end }}',
        'A{{ end }}',
        '{{ else }}',
        '{{ if .Values.a }}A{{ end',
        '{{/* unclosed comment }}',
        '{{/* comment */ .x }}',
        '{{ if eq .a "unclosed }}A{{ end }}',
        '{{ .Values.name }}',
        'no template at all',
      ]) {
        assert.equal(readTemplateBranches(template), undefined, template);
      }
    });
  });

  describe('the duplicate rules', () => {
    it('do not report bitnami postgresql’s two datadir volumes in the if and else branches', () => {
      const template = cronJob(`            {{- if .Values.backup.cronjob.storage.enabled }}
            {{- if .Values.backup.cronjob.storage.existingClaim }}
            - name: datadir
              persistentVolumeClaim:
                claimName: {{ printf "%s" (tpl .Values.backup.cronjob.storage.existingClaim .) }}
            {{- else }}
            - name: datadir
              persistentVolumeClaim:
                claimName: {{ include "postgresql.v1.primary.fullname" . }}-pgdumpall
            {{- end }}
            {{- end }}
            - name: empty-dir
              emptyDir: {}`);
      assert.deepEqual(duplicates(template), []);
    });

    it('still report a duplicate within one branch, across two separate ifs, and beside the chain', () => {
      const sameBranch = cronJob(`            {{- if .Values.a }}
            - name: datadir
              emptyDir: {}
            - name: datadir
              emptyDir: {}
            {{- end }}`);
      assert.deepEqual(duplicates(sameBranch), ['duplicate-volume-name: - name: datadir']);
      const twoIfs = cronJob(`            {{- if .Values.a }}
            - name: datadir
              emptyDir: {}
            {{- end }}
            {{- if .Values.b }}
            - name: datadir
              emptyDir: {}
            {{- end }}`);
      assert.deepEqual(duplicates(twoIfs), ['duplicate-volume-name: - name: datadir']);
      const besideTheChain = cronJob(`            {{- if .Values.a }}
            - name: datadir
              emptyDir: {}
            {{- else }}
            - name: datadir
              emptyDir: {}
            {{- end }}
            - name: datadir
              emptyDir: {}`);
      assert.deepEqual(
        viewDiagnostics(besideTheChain, validate(besideTheChain))
          .filter((diagnostic) => diagnostic.code === 'duplicate-volume-name')
          .map((diagnostic) => diagnostic.message),
        ['Volume name "datadir" is already used by volumes[0]; rename this volume.'],
      );
    });

    it('skip containers, env vars and ports in exclusive branches, and report those that render together', () => {
      const template = `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    {{- if .Values.debug }}
    - name: app
      image: busybox:1.36
      env:
        {{- with .Values.level }}
        - name: LEVEL
          value: {{ . | quote }}
        {{- else }}
        - name: LEVEL
          value: info
        {{- end }}
      ports:
        {{- range .Values.ports }}
        - name: http
          containerPort: {{ .port }}
        {{- else }}
        - name: http
          containerPort: 8080
        {{- end }}
    {{- else }}
    - name: app
      image: nginx:1.27
      env:
        - name: MODE
          value: a
        - name: MODE
          value: b
    {{- end }}
`;
      assert.deepEqual(duplicates(template), ['duplicate-env-var: - name: MODE']);
    });

    it('probe-handler-count counts only the handlers of a hook that can render together', () => {
      const hook = (handlers: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: envoy
spec:
  containers:
    - name: envoy
      image: envoyproxy/envoy:v1.31.0
      lifecycle:
        preStop:
${handlers}
`;
      // bitnami contour's envoy DaemonSet, reduced.
      const exclusiveHandlers = hook(`          {{- if .Values.shutdownManager.enabled }}
          httpGet:
            path: /shutdown
            port: 8090
          {{- else }}
          exec:
            command: ["sh", "-c", "sleep 5; kill 1"]
          {{- end }}`);
      const handlerFindings = (text: string): string[] =>
        viewDiagnostics(text, validate(text))
          .filter((diagnostic) => diagnostic.code === 'probe-handler-count')
          .map((diagnostic) => diagnostic.line);
      assert.deepEqual(handlerFindings(exclusiveHandlers), []);
      const handlersTogether = hook(`          {{- if .Values.shutdownManager.enabled }}
          httpGet:
            path: /shutdown
            port: 8090
          {{- end }}
          exec:
            command: ["sh", "-c", "sleep 5; kill 1"]`);
      assert.deepEqual(handlerFindings(handlersTogether), ['exec:']);
    });

    it('leave out findings in the body of a define, and keep those of the document around it', () => {
      // bitnami cilium's configmap.yaml, reduced: the define's keys are the ConfigMap's data.
      const template = `{{- define "cilium.configuration" -}}
{{- if .Values.configuration }}
{{- include "common.tplvalues.render" (dict "value" .Values.configuration "context" .) }}
{{- else }}
certificates-directory: /certs
lib-dir: /opt/bitnami/cilium/var/lib
{{- end }}
{{- end -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium
  labelz:
    app: cilium
data:
  {{- include "cilium.configuration" . | nindent 2 }}
`;
      assert.deepEqual(
        viewDiagnostics(template, validate(template)).map(
          (diagnostic) => `${diagnostic.code}: ${diagnostic.line}`,
        ),
        ['unknown-field: labelz:'],
      );
    });

    it('fall back to reporting every repeat in a template whose branches cannot be read', () => {
      // An else after the last else: text/template rejects it (parse.go `parseControl`).
      const rejected = cronJob(`            {{- if .Values.a }}
            - name: datadir
              emptyDir: {}
            {{- else }}
            - name: datadir
              emptyDir: {}
            {{- else }}
            {{- end }}`);
      assert.deepEqual(duplicates(rejected), ['duplicate-volume-name: - name: datadir']);
    });
  });
});
