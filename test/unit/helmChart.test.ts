import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, Location, MarkupContent, Range } from 'vscode-languageserver-types';
import { getLanguageService, type LanguageService } from '../../server/src/service/languageService';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';
import { testCatalog } from '../support/catalog';
import { runPodscope } from '../support/cliRunner';
import { withCursor } from '../support/cursor';
import { messageText, textAt } from '../support/service';

/**
 * A chart `web` with two subcharts: `redis` (under the alias `cache`) and the library `common`.
 */
const chart: Record<string, string> = {
  'file:///repo/web/Chart.yaml': `apiVersion: v2
name: web
version: 1.2.0
dependencies:
  - name: redis
    version: 17.x
    alias: cache
  - name: common
    version: 2.x
`,
  'file:///repo/web/values.yaml': `# -- Number of pods
replicaCount: 2
image:
  # -- The image repository
  repository: nginx
  tag: "1.27" # pinned
podAnnotations: {}
extraEnv: []
global:
  imageRegistry: docker.io
cache:
  auth:
    password: from-web
`,
  'file:///repo/web/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - name: web
          image: {{ .Values.image.repository }}:{{ .Values.image.tag }}
`,
  'file:///repo/web/templates/_helpers.tpl': `{{- define "web.fullname" -}}
{{ .Release.Name }}-{{ .Chart.Name }}
{{- end }}
`,
  'file:///repo/web/templates/plain.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: plain
`,
  'file:///repo/web/README.yaml': `not: a template
`,
  'file:///repo/web/charts/redis/Chart.yaml': `apiVersion: v2
name: redis
version: 17.0.0
`,
  'file:///repo/web/charts/redis/values.yaml': `auth:
  # -- The password
  password: ""
  enabled: true
global:
  imageRegistry: ""
`,
  'file:///repo/web/charts/redis/templates/secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: {{ include "common.names.fullname" . }}
stringData:
  password: {{ .Values.auth.password }}
  registry: {{ .Values.global.imageRegistry }}
`,
  'file:///repo/web/charts/common/Chart.yaml': `apiVersion: v2
name: common
version: 2.0.0
type: library
`,
  'file:///repo/web/charts/common/templates/_names.tpl': `{{- define "common.names.fullname" -}}
{{ .Values.fullnameOverride | default .Release.Name }}
{{- end -}}
`,
};

function setup(extra: Record<string, string> = {}): { service: LanguageService; index: WorkspaceIndex } {
  const index = new WorkspaceIndex();
  for (const [uri, text] of Object.entries({ ...chart, ...extra })) {
    index.charts.set(uri, text);
  }
  const service = getLanguageService({
    catalog: testCatalog(),
    workspace: index,
    log: (message) => {
      throw new Error(`Unexpected log from the language service: ${message}`);
    },
  });
  return { service, index };
}

const deploymentUri = 'file:///repo/web/templates/deployment.yaml';

/** A template of `web` with the cursor marked, put into the workspace as the editor has it. */
function template(fixture: string, uri = 'file:///repo/web/templates/edited.yaml') {
  const { text, position } = withCursor(fixture);
  const document = TextDocument.create(uri, 'yaml', 1, text);
  return { document, position, text };
}

/** The range a completion item's edit replaces. */
function editRange(item: CompletionItem): Range {
  const edit = item.textEdit;
  assert.ok(edit && 'range' in edit, 'a plain text edit');
  return edit.range;
}

function labels(items: readonly CompletionItem[]): string[] {
  return items.map((item) => item.label);
}

function where(location: Location, extra: Record<string, string> = {}): string {
  const text = { ...chart, ...extra }[location.uri]!;
  return `${location.uri.replace('file:///repo/', '')}:${location.range.start.line + 1} ${textAt(text, location.range)}`;
}

describe('Helm charts: the chart model', () => {
  it('knows which files belong to which chart, templates without {{ among them', () => {
    const { index } = setup();
    const store = index.charts;
    assert.equal(store.chartOf(deploymentUri)?.metadata.name, 'web');
    assert.equal(store.chartOf('file:///repo/web/templates/_helpers.tpl')?.metadata.name, 'web');
    assert.equal(store.chartOf('file:///repo/web/values.yaml')?.metadata.name, 'web');
    assert.equal(
      store.chartOf('file:///repo/web/charts/redis/templates/secret.yaml')?.metadata.name,
      'redis',
    );
    // A YAML file of the chart's folder that is neither values nor a template is no chart file.
    assert.equal(store.chartOf('file:///repo/web/README.yaml'), undefined);
    assert.equal(store.isTemplate('file:///repo/web/templates/plain.yaml'), true);
    assert.equal(store.isTemplate('file:///repo/other/templates/x.yaml'), false);
    const redis = store.chartOf('file:///repo/web/charts/redis/values.yaml')!;
    assert.equal(redis.parent?.chart.metadata.name, 'web');
    // The parent's values for it are under the dependency's alias.
    assert.equal(redis.parent?.key, 'cache');
    assert.deepEqual(
      store.chartTree(redis).map((member) => member.metadata.name),
      ['web', 'common', 'redis'],
    );
  });

  it('coalesces a subchart’s values: the parent’s section and globals win over its own values.yaml', () => {
    const { index } = setup();
    const store = index.charts;
    const redis = store.chartOf('file:///repo/web/charts/redis/values.yaml')!;
    const values = store.effectiveValues(redis);
    const password = values.children.get('auth')!.children.get('password')!;
    assert.deepEqual(
      password.definitions.map((definition) => [
        definition.origin,
        definition.chartName,
        definition.node.preview,
      ]),
      [
        ['parent', 'web', 'from-web'],
        ['chart', 'redis', '""'],
      ],
    );
    const registry = values.children.get('global')!.children.get('imageRegistry')!;
    assert.deepEqual(
      registry.definitions.map((definition) => [definition.origin, definition.node.preview]),
      [
        ['global', 'docker.io'],
        ['chart', '""'],
      ],
    );
    // A key the subchart does not write but the parent's section does is the subchart's too.
    assert.ok(values.children.get('auth')!.children.has('enabled'));
    // The parent sees the subchart's defaults under its key (the alias), below its own values.
    const parentView = store.effectiveValues(store.chartOf(deploymentUri)!).children.get('cache')!;
    assert.deepEqual(
      [...parentView.children.get('auth')!.children.values()].map((value) =>
        value.definitions.map((definition) => `${value.key} ${definition.origin} ${definition.node.preview}`),
      ),
      [['password chart from-web', 'password subchart ""'], ['enabled subchart true']],
    );
  });

  it('reads a new text of a values file at once (the open buffer wins)', () => {
    const { service, index } = setup();
    const document = TextDocument.create(
      'file:///repo/web/values.yaml',
      'yaml',
      2,
      'replicaCount: 3\nnewKey: 1\n',
    );
    service.doValidation(document);
    const web = index.charts.chartOf(deploymentUri)!;
    // `cache` is the redis subchart's defaults, under its alias.
    assert.deepEqual(
      [...index.charts.effectiveValues(web).children.keys()],
      ['replicaCount', 'newKey', 'cache'],
    );
  });
});

describe('Helm charts: values in templates', () => {
  it('completes .Values. with the keys of values.yaml, the value as detail and the comment as documentation', () => {
    const { service } = setup();
    const { document, position, text } = template('image: {{ .Values.| }}\n');
    const items = service.doComplete(document, position).items;
    assert.deepEqual(labels(items), [
      'replicaCount',
      'image',
      'podAnnotations',
      'extraEnv',
      'global',
      'cache',
    ]);
    const replicas = items[0]!;
    assert.equal(replicas.detail, '2');
    assert.match((replicas.documentation as MarkupContent).value, /Number of pods/);
    assert.match((replicas.documentation as MarkupContent).value, /Defined in `web\/values.yaml:2`/);
    assert.equal(textAt(text, editRange(replicas)), '');
  });

  it('opens on `.` and `"` only in a template', () => {
    const { service } = setup();
    const { document, position } = template('image: {{ .Values.| }}\n');
    assert.equal(service.doComplete(document, position, undefined, '.').items.length, 6);
    const plain = withCursor('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web.|\n');
    const plainDocument = TextDocument.create('file:///repo/plain.yaml', 'yaml', 1, plain.text);
    assert.deepEqual(service.doComplete(plainDocument, plain.position, undefined, '.').items, []);
  });

  it('completes nested keys, replacing the word being typed', () => {
    const { service } = setup();
    const { document, position, text } = template('image: {{ .Values.image.rep| }}\n');
    const items = service.doComplete(document, position).items;
    assert.deepEqual(labels(items), ['repository', 'tag']);
    assert.equal(items[0]!.detail, 'nginx');
    assert.match((items[0]!.documentation as MarkupContent).value, /The image repository/);
    assert.equal(items[1]!.detail, '"1.27"');
    assert.match((items[1]!.documentation as MarkupContent).value, /pinned/);
    assert.equal(textAt(text, editRange(items[0]!)), 'rep');
  });

  it('completes a subchart’s keys under its key, with its defaults', () => {
    const { service } = setup();
    const { document, position } = template('p: {{ .Values.cache.auth.| }}\n');
    const items = service.doComplete(document, position).items;
    assert.deepEqual(
      items.map((item) => `${item.label} ${item.detail}`),
      ['password from-web', 'enabled true'],
    );
    assert.match((items[1]!.documentation as MarkupContent).value, /the default of the subchart redis/);
  });

  it('completes inside `with .Values.x` from x, and `$.Values` anywhere, but not `.` in a range', () => {
    const { service } = setup();
    const inWith = template('{{ with .Values.image }}\nimage: {{ .| }}\n{{ end }}\n');
    assert.deepEqual(labels(service.doComplete(inWith.document, inWith.position).items), [
      'repository',
      'tag',
    ]);
    const rooted = template('{{ range .Values.extraEnv }}\n- {{ $.Values.image.| }}\n{{ end }}\n');
    assert.deepEqual(labels(service.doComplete(rooted.document, rooted.position).items), [
      'repository',
      'tag',
    ]);
    const inRange = template('{{ range .Values.extraEnv }}\n- {{ .Values.| }}\n{{ end }}\n');
    assert.ok(!labels(service.doComplete(inRange.document, inRange.position).items).includes('replicaCount'));
    // The `else` of a with runs with the outer dot.
    const inElse = template('{{ with .Values.image }}{{ else }}{{ .Values.| }}{{ end }}\n');
    assert.ok(labels(service.doComplete(inElse.document, inElse.position).items).includes('replicaCount'));
  });

  it('completes the builtin objects and their fields', () => {
    const { service } = setup();
    const objects = template('name: {{ .| }}\n');
    assert.deepEqual(labels(service.doComplete(objects.document, objects.position).items), [
      'Values',
      'Release',
      'Chart',
      'Subcharts',
      'Files',
      'Capabilities',
      'Template',
    ]);
    const release = template('name: {{ .Release.| }}\n');
    assert.deepEqual(labels(service.doComplete(release.document, release.position).items), [
      'Name',
      'Namespace',
      'IsUpgrade',
      'IsInstall',
      'Revision',
      'Service',
    ]);
    const capabilities = template('{{ if .Capabilities.| }}{{ end }}\n');
    assert.deepEqual(labels(service.doComplete(capabilities.document, capabilities.position).items), [
      'APIVersions',
      'KubeVersion',
      'HelmVersion',
    ]);
    const chartFields = labels(service.doComplete(...at(template('v: {{ .Chart.| }}\n'))).items);
    assert.ok(chartFields.includes('AppVersion') && chartFields.includes('Version'));
  });

  it('hovers a values path with its value and where it is defined', () => {
    const { service } = setup();
    const { document, position } = template('image: {{ .Values.image.t|ag }}\n');
    const hover = service.doHover(document, position)!;
    assert.equal(
      (hover.contents as MarkupContent).value,
      '**.Values.image.tag**\n\n```yaml\ntag: "1.27"\n```\n\npinned\n\nDefined in `web/values.yaml:6`',
    );
    // On `image`, the path up to it.
    const onParent = template('image: {{ .Values.im|age.tag }}\n');
    assert.match(
      (service.doHover(onParent.document, onParent.position)!.contents as MarkupContent).value,
      /^\*\*\.Values\.image\*\*/,
    );
  });

  it('hovers a subchart’s value with the parent’s and the global origin', () => {
    const { service } = setup();
    const uri = 'file:///repo/web/charts/redis/templates/secret.yaml';
    const password = template(chart[uri]!.replace('.Values.auth.password', '.Values.auth.pass|word'), uri);
    assert.equal(
      (service.doHover(password.document, password.position)!.contents as MarkupContent).value,
      '**.Values.auth.password**\n\n```yaml\npassword: from-web\n```\n\nDefined in `web/values.yaml:13` (set by the parent chart web for this subchart); overrides `""` of `redis/values.yaml:3`',
    );
    const registry = template(
      chart[uri]!.replace('.Values.global.imageRegistry', '.Values.global.image|Registry'),
      uri,
    );
    assert.match(
      (service.doHover(registry.document, registry.position)!.contents as MarkupContent).value,
      /docker\.io[\s\S]*Defined in `web\/values.yaml:10` \(a global of the parent chart web\)/,
    );
  });

  it('goes to the definition of a values path in values.yaml (the parent’s first for a subchart)', () => {
    const { service } = setup();
    const { document, position } = template('image: {{ .Values.image.reposi|tory }}\n');
    assert.deepEqual(
      service.findDefinition(document, position).map((location) => where(location)),
      ['web/values.yaml:5 repository'],
    );
    const uri = 'file:///repo/web/charts/redis/templates/secret.yaml';
    const sub = template(chart[uri]!.replace('.Values.auth.password', '.Values.auth.pass|word'), uri);
    assert.deepEqual(
      service.findDefinition(sub.document, sub.position).map((location) => where(location)),
      ['web/values.yaml:13 password', 'web/charts/redis/values.yaml:3 password'],
    );
  });

  it('finds the template expressions that read a values.yaml key, in subcharts too', () => {
    const { service } = setup();
    const values = (fixture: string, uri = 'file:///repo/web/values.yaml') => {
      const { text, position } = withCursor(fixture);
      return [TextDocument.create(uri, 'yaml', 1, text), position] as const;
    };
    const repository = values(chart['file:///repo/web/values.yaml']!.replace('repository:', 'reposi|tory:'));
    assert.deepEqual(
      service.findReferences(...repository, false).map((location) => where(location)),
      ['web/templates/deployment.yaml:11 .Values.image.repository'],
    );
    // `image` is read through each of its keys.
    const image = values(chart['file:///repo/web/values.yaml']!.replace('image:', 'ima|ge:'));
    assert.deepEqual(
      service.findReferences(...image, true).map((location) => where(location)),
      [
        'web/values.yaml:3 image',
        'web/templates/deployment.yaml:11 .Values.image.repository',
        'web/templates/deployment.yaml:11 .Values.image.tag',
      ],
    );
    // The parent's `cache.auth.password` is the subchart's `.Values.auth.password`.
    const password = values(chart['file:///repo/web/values.yaml']!.replace('password:', 'pass|word:'));
    assert.deepEqual(
      service.findReferences(...password, false).map((location) => where(location)),
      ['web/charts/redis/templates/secret.yaml:6 .Values.auth.password'],
    );
    // A global reaches every subchart.
    const registry = values(
      chart['file:///repo/web/values.yaml']!.replace('imageRegistry:', 'image|Registry:'),
    );
    assert.deepEqual(
      service.findReferences(...registry, false).map((location) => where(location)),
      ['web/charts/redis/templates/secret.yaml:7 .Values.global.imageRegistry'],
    );
  });

  it('finds the references of a values path from a template', () => {
    const { service } = setup();
    const document = TextDocument.create(deploymentUri, 'yaml', 1, chart[deploymentUri]!);
    const position = document.positionAt(chart[deploymentUri]!.indexOf('.Values.image.tag') + 15);
    assert.deepEqual(
      service.findReferences(document, position, true).map((location) => where(location)),
      ['web/values.yaml:6 tag', 'web/templates/deployment.yaml:11 .Values.image.tag'],
    );
  });
});

function at(fixture: { document: TextDocument; position: { line: number; character: number } }) {
  return [fixture.document, fixture.position] as const;
}

describe('Helm charts: undefined values', () => {
  /** The values paths a template is warned about. */
  function warned(text: string, extra: Record<string, string> = {}): string[] {
    const { service } = setup(extra);
    const document = TextDocument.create('file:///repo/web/templates/checked.yaml', 'yaml', 1, text);
    return service
      .doValidation(document)
      .filter((diagnostic) => diagnostic.code === 'helm-undefined-value')
      .map((diagnostic) => `${diagnostic.range.start.line + 1} ${textAt(text, diagnostic.range)}`);
  }

  it('warns about a path values.yaml does not define, at the expression', () => {
    const { service } = setup();
    const text =
      'a: {{ .Values.image.tagg }}\nb: {{ .Values.replicaCount }}\nc: {{ .Values.nope | quote }}\n';
    const document = TextDocument.create('file:///repo/web/templates/checked.yaml', 'yaml', 1, text);
    const diagnostics = service
      .doValidation(document)
      .filter((diagnostic) => diagnostic.code === 'helm-undefined-value');
    assert.deepEqual(
      diagnostics.map((diagnostic) => [
        diagnostic.severity,
        diagnostic.range.start.line,
        textAt(text, diagnostic.range),
      ]),
      [
        [2, 0, '.Values.image.tagg'],
        // `| quote` does not guard.
        [2, 2, '.Values.nope'],
      ],
    );
    assert.match(
      messageText(diagnostics[0]!),
      /^\.Values\.image\.tagg is not defined in the chart's values \(web\/values\.yaml\)/,
    );
  });

  it('is quiet on each guard: default, required, hasKey, empty, coalesce, if and with on the path or a parent', () => {
    assert.deepEqual(
      warned(`a: {{ .Values.x1 | default "v" }}
b: {{ default "v" .Values.x2 }}
c: {{ required "x3 is required" .Values.x3 }}
d: {{ (.Values.x4 | toString) | default "v" | quote }}
{{- if .Values.x5 }}
e: {{ .Values.x5.inner }}
{{- end }}
{{- with .Values.x6 }}
f: {{ .Values.x6.inner }}
{{- end }}
{{- if hasKey .Values.image "digest" }}
g: {{ .Values.image.digest }}
{{- end }}
{{- if and .Values.enabled (not (empty .Values.x7)) }}
h: {{ .Values.x7 }}
{{- else }}
i: {{ .Values.x7 }}
{{- end }}
j: {{ coalesce .Values.x8 "v" }}
k: {{ default (printf "%s" .Values.x9) "v" }}
l: {{ .Values.after }}
`),
      ['21 .Values.after'],
    );
  });

  it('is quiet below a value written empty or null, in define bodies, on $ in a range, and in library charts', () => {
    assert.deepEqual(
      warned(`a: {{ toYaml .Values.podAnnotations.extra }}
{{- define "web.x" }}{{ .Values.inDefine }}{{ end }}
{{- range .Values.extraEnv }}
- {{ .name }} {{ $.Values.missingInRange }}
{{- end }}
`),
      ['4 $.Values.missingInRange'],
    );
    const { service } = setup();
    const library = TextDocument.create(
      'file:///repo/web/charts/common/templates/x.yaml',
      'yaml',
      1,
      'a: {{ .Values.notInCommon }}\n',
    );
    assert.deepEqual(
      service.doValidation(library).filter((diagnostic) => diagnostic.code === 'helm-undefined-value'),
      [],
    );
  });

  it('is quiet on what the schema allows (additionalProperties, patternProperties) and not on what it does not', () => {
    const schema = JSON.stringify({
      type: 'object',
      properties: {
        image: { type: 'object', additionalProperties: { type: 'string' } },
        labels: { type: 'object', patternProperties: { '^app': { type: 'string' } } },
        strict: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
      },
    });
    assert.deepEqual(
      warned(
        `a: {{ .Values.image.digest }}
b: {{ .Values.labels.appName }}
c: {{ .Values.labels.other }}
d: {{ .Values.strict.a }}
e: {{ .Values.strict.b }}
`,
        {
          'file:///repo/web/values.schema.json': schema,
          'file:///repo/web/values.yaml': 'image: {repository: nginx}\nlabels: {x: 1}\nstrict: {z: 1}\n',
        },
      ),
      ['3 .Values.labels.other', '5 .Values.strict.b'],
    );
  });

  it('is quiet on a key values.yaml writes commented out, and on a dependency’s values it cannot see', () => {
    assert.deepEqual(
      warned(
        `a: {{ .Values.resources.limits.cpu }}
b: {{ .Values.service.nodePort }}
c: {{ .Values.service.clusterIP }}
d: {{ .Values.postgresql.auth.database }}
e: {{ .Values.cache.auth.enabled }}
f: {{ .Values.cache.auth.missing }}
`,
        {
          'file:///repo/web/values.yaml': `# resources:
#   limits:
#     cpu: 100m
service:
  type: ClusterIP
  # nodePort:
cache:
  auth:
    password: from-web
`,
          // postgresql is a dependency that is not in charts/ (not fetched): its values are unknown.
          'file:///repo/web/Chart.yaml': `${chart['file:///repo/web/Chart.yaml']}  - name: postgresql\n    version: 16.x\n`,
        },
      ),
      // `cache` is redis: its own values.yaml writes auth.enabled, not auth.missing.
      ['3 .Values.service.clusterIP', '6 .Values.cache.auth.missing'],
    );
  });

  it('is silenced by # podscope-disable-next-line, with or without the id', () => {
    assert.deepEqual(
      warned(`# podscope-disable-next-line helm-undefined-value
a: {{ .Values.x1 }}
# podscope-disable-next-line
b: {{ .Values.x2 }}
# podscope-disable-next-line image-latest-tag
c: {{ .Values.x3 }}
`),
      ['6 .Values.x3'],
    );
  });

  it('reads the pipeline after a variable declaration: `$x := coalesce .Values.a .Values.b` is guarded', () => {
    assert.deepEqual(
      warned(`{{- $port := coalesce .Values.x1 .Values.x2 }}
{{- $name := .Values.x3 }}
{{- range $key, $value := .Values.x4 }}{{ end }}
`),
      ['2 .Values.x3'],
    );
  });

  it('reads a subchart’s values with what its parent gives it', () => {
    const { service } = setup();
    const document = TextDocument.create(
      'file:///repo/web/charts/redis/templates/more.yaml',
      'yaml',
      1,
      'a: {{ .Values.auth.password }}\nb: {{ .Values.global.imageRegistry }}\nc: {{ .Values.auth.user }}\n',
    );
    assert.deepEqual(
      service
        .doValidation(document)
        .filter((diagnostic) => diagnostic.code === 'helm-undefined-value')
        .map((diagnostic) => diagnostic.range.start.line),
      [2],
    );
  });
});

describe('Helm charts: named templates', () => {
  it('goes from an include to its define, across the chart and its library subchart', () => {
    const { service } = setup();
    const own = template('name: {{ include "web.full|name" . }}\n');
    assert.deepEqual(
      service.findDefinition(...at(own)).map((location) => where(location)),
      ['web/templates/_helpers.tpl:1 web.fullname'],
    );
    const uri = 'file:///repo/web/charts/redis/templates/secret.yaml';
    const library = template(chart[uri]!.replace('common.names.fullname', 'common.names.full|name'), uri);
    assert.deepEqual(
      service.findDefinition(...at(library)).map((location) => where(location)),
      ['web/charts/common/templates/_names.tpl:1 common.names.fullname'],
    );
  });

  it('hovers an include with its define’s place and body', () => {
    const { service } = setup();
    const own = template('name: {{ include "web.full|name" . }}\n');
    assert.equal(
      (service.doHover(...at(own))!.contents as MarkupContent).value,
      '**web.fullname**\n\n`define` in `templates/_helpers.tpl:1`\n\n```yaml\n{{ .Release.Name }}-{{ .Chart.Name }}\n```',
    );
    const missing = template('name: {{ include "web.nof|ound" . }}\n');
    assert.match(
      (service.doHover(...at(missing))!.contents as MarkupContent).value,
      /No `define` of this name/,
    );
  });

  it('finds the calls of a define', () => {
    const { service } = setup();
    const uri = 'file:///repo/web/templates/_helpers.tpl';
    const helpers = template(chart[uri]!.replace('web.fullname', 'web.full|name'), uri);
    assert.deepEqual(
      service.findReferences(...at(helpers), true).map((location) => where(location)),
      ['web/templates/_helpers.tpl:1 web.fullname', 'web/templates/deployment.yaml:4 web.fullname'],
    );
  });

  it('completes the names of the defines after include "', () => {
    const { service } = setup();
    const { document, position, text } = template('name: {{ include "we| }}\n');
    const items = service.doComplete(document, position).items;
    assert.deepEqual(labels(items).sort(), ['common.names.fullname', 'web.fullname']);
    assert.equal(textAt(text, editRange(items[0]!)), 'we');
  });
});

describe('Helm charts: Chart.yaml and values.yaml', () => {
  function diagnosticsOf(uri: string, text: string, extra: Record<string, string> = {}): string[] {
    const { service } = setup(extra);
    const document = TextDocument.create(uri, 'yaml', 1, text);
    return service
      .doValidation(document)
      .map(
        (diagnostic) =>
          `${diagnostic.severity} ${diagnostic.code} ${diagnostic.range.start.line + 1} ${textAt(text, diagnostic.range)}: ${typeof diagnostic.message === 'string' ? diagnostic.message : ''}`,
      );
  }

  it('checks Chart.yaml as Helm does, with positions, and never as a Kubernetes manifest', () => {
    const text = `apiVersion: v3
name: my/chart
version: "1.2"
appVersion: 1.0
type: app
maintainers:
  - email: a@b.c
dependencies:
  - name: redis
    alias: cache
  - name: cache
  - name: bad
    alias: "no.dots"
icon: x
colour: blue
`;
    assert.deepEqual(diagnosticsOf('file:///repo/web/Chart.yaml', text), [
      `2 helm-chart-file 15 colour: Helm does not know the Chart.yaml field "colour" (helm lint: failed to strictly parse chart metadata file).`,
      `1 helm-chart-file 1 v3: apiVersion 'v3' is not valid. The value must be either "v1" or "v2".`,
      `1 helm-chart-file 2 my/chart: chart name "my/chart" is invalid: it must not be a path.`,
      `2 helm-chart-file 3 "1.2": version '1.2' is not a valid SemVerV2 (MAJOR.MINOR.PATCH).`,
      `1 helm-chart-file 4 1.0: appVersion should be of type string: quote it.`,
      `1 helm-chart-file 5 app: chart type must be application or library.`,
      `1 helm-chart-file 7 email: a@b.c: each maintainer requires a name.`,
      `1 helm-chart-file 11 cache: more than one dependency with name or alias "cache".`,
      `1 helm-chart-file 13 "no.dots": dependency "bad" has disallowed characters in the alias.`,
    ]);
    assert.deepEqual(diagnosticsOf('file:///repo/web/Chart.yaml', 'apiVersion: v2\nversion: 1.0.0\n'), [
      '1 helm-chart-file 1 : name is required (chart.metadata.name).',
    ]);
    assert.deepEqual(diagnosticsOf('file:///repo/web/Chart.yaml', ''), [
      '2 helm-chart-file 1 : apiVersion is required. The value must be either "v1" or "v2" (without it, Helm reads the chart as apiVersion v1).',
      '1 helm-chart-file 1 : name is required (chart.metadata.name).',
      '1 helm-chart-file 1 : version is required (chart.metadata.version).',
    ]);
    // Without apiVersion Helm loads a v1 chart; helm lint reports it.
    assert.deepEqual(diagnosticsOf('file:///repo/web/Chart.yaml', 'name: web\nversion: 2.0\n'), [
      '2 helm-chart-file 1 : apiVersion is required. The value must be either "v1" or "v2" (without it, Helm reads the chart as apiVersion v1).',
      '1 helm-chart-file 2 2.0: version should be of type string: quote it.',
    ]);
    assert.deepEqual(diagnosticsOf('file:///repo/web/Chart.yaml', chart['file:///repo/web/Chart.yaml']!), []);
  });

  it('checks values.yaml against values.schema.json, on the keys the errors are about', () => {
    const schema = JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      required: ['replicaCount'],
      properties: {
        replicaCount: { type: 'integer', minimum: 1, description: 'How many pods' },
        image: {
          type: 'object',
          properties: { pullPolicy: { enum: ['Always', 'IfNotPresent', 'Never'] } },
          additionalProperties: false,
        },
      },
    });
    const values = 'replicaCount: 0\nimage:\n  pullPolicy: Sometimes\n  tagg: x\n';
    assert.deepEqual(
      diagnosticsOf('file:///repo/web/values.yaml', values, {
        'file:///repo/web/values.schema.json': schema,
      }),
      [
        '1 helm-values-schema 1 replicaCount: replicaCount must be >= 1 (values.schema.json #/properties/replicaCount/minimum).',
        '1 helm-values-schema 3 pullPolicy: image.pullPolicy must be equal to one of the allowed values (values.schema.json #/properties/image/properties/pullPolicy/enum).',
        '1 helm-values-schema 4 tagg: values.schema.json does not allow the key "tagg" in image (additional properties are not allowed).',
      ],
    );
    // Without a schema, values.yaml has no findings, whatever it holds (it is no manifest).
    assert.deepEqual(
      diagnosticsOf('file:///repo/web/values.yaml', 'apiVersion: v1\nkind: Pod\nspec: 3\n'),
      [],
    );
  });

  it('completes and hovers Chart.yaml’s fields', () => {
    const { service } = setup();
    const { text, position } = withCursor('apiVersion: v2\nname: web\n|\n');
    const document = TextDocument.create('file:///repo/web/Chart.yaml', 'yaml', 1, text);
    const names = labels(service.doComplete(document, position).items);
    assert.ok(names.includes('version') && names.includes('dependencies') && names.includes('kubeVersion'));
    assert.ok(!names.includes('name'));
    const type = withCursor('apiVersion: v2\nname: web\ntype: |\n');
    const typeDocument = TextDocument.create('file:///repo/web/Chart.yaml', 'yaml', 2, type.text);
    assert.deepEqual(labels(service.doComplete(typeDocument, type.position).items), [
      'application',
      'library',
    ]);
    const dependency = withCursor('apiVersion: v2\ndependencies:\n  - name: x\n    |\n');
    const dependencyDocument = TextDocument.create('file:///repo/web/Chart.yaml', 'yaml', 3, dependency.text);
    assert.deepEqual(labels(service.doComplete(dependencyDocument, dependency.position).items), [
      'version',
      'repository',
      'condition',
      'tags',
      'enabled',
      'import-values',
      'alias',
    ]);
    const hover = withCursor('apiVersion: v2\nkubeVer|sion: ">=1.22"\n');
    const hoverDocument = TextDocument.create('file:///repo/web/Chart.yaml', 'yaml', 4, hover.text);
    assert.match(
      (service.doHover(hoverDocument, hover.position)!.contents as MarkupContent).value,
      /^\*\*kubeVersion\*\* `<string>`\n\nA SemVer range of compatible Kubernetes versions/,
    );
  });

  it('completes values.yaml keys from values.schema.json and hovers a key with its readers', () => {
    const schema = JSON.stringify({
      type: 'object',
      properties: {
        image: { type: 'object', properties: { pullPolicy: { description: 'When to pull' }, tag: {} } },
      },
    });
    const { service } = setup({ 'file:///repo/web/values.schema.json': schema });
    const { text, position } = withCursor('image:\n  tag: x\n  |\n');
    const document = TextDocument.create('file:///repo/web/values.yaml', 'yaml', 1, text);
    const items = service.doComplete(document, position).items;
    assert.deepEqual(labels(items), ['pullPolicy']);
    assert.equal((items[0]!.documentation as MarkupContent).value, 'When to pull');
    const hover = withCursor(chart['file:///repo/web/values.yaml']!.replace('tag:', 't|ag:'));
    const hoverDocument = TextDocument.create('file:///repo/web/values.yaml', 'yaml', 1, hover.text);
    const { service: plain } = setup();
    assert.match(
      (plain.doHover(hoverDocument, hover.position)!.contents as MarkupContent).value,
      /Defined in `web\/values.yaml:6`\n\nRead by 1 template expression\.$/,
    );
  });
});

describe('Helm charts: podscope lint', () => {
  it('reads a chart folder: undefined values in templates, values.yaml against values.schema.json', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-chart-'));
    try {
      fs.mkdirSync(path.join(root, 'web', 'templates'), { recursive: true });
      fs.writeFileSync(path.join(root, 'web', 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
      fs.writeFileSync(path.join(root, 'web', 'values.yaml'), 'replicaCount: 1\n');
      fs.writeFileSync(
        path.join(root, 'web', 'values.schema.json'),
        JSON.stringify({ type: 'object', properties: { replicaCount: { type: 'string' } } }),
      );
      fs.writeFileSync(
        path.join(root, 'web', 'templates', 'cm.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ .Values.replicas | quote }}\n  b: {{ .Values.replicaCount | quote }}\n',
      );
      const run = runPodscope('lint', '--format', 'json', path.join(root, 'web'));
      const findings = (JSON.parse(run.stdout) as { file: string; range: Range; code: string }[]).map(
        (finding) =>
          `${path.relative(root, finding.file)}:${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.code}`,
      );
      assert.deepEqual(findings, [
        'web/templates/cm.yaml:6:9 helm-undefined-value',
        'web/values.yaml:1:1 helm-values-schema',
      ]);
      assert.equal(run.code, 1);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('Helm charts: bad input', () => {
  it('never throws on broken templates, values, schemas and Chart.yaml files', () => {
    const pieces = [
      '{{',
      '}}',
      '{{-',
      '-}}',
      '.Values.',
      '$.Values',
      'with',
      'range',
      'if',
      'else',
      'end',
      'define',
      '"',
      '`',
      "'",
      '(',
      ')',
      '|',
      ':=',
      'a:',
      '\n  ',
      '- ',
      '#',
      '{',
      '}',
      '[',
      ']',
      '&x',
      '*x',
      '---',
      'default',
      'hasKey',
      'include "x"',
    ];
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const { service } = setup({
      'file:///repo/web/values.schema.json':
        '{"properties": {"a": {"$ref": "#/properties/a"}}, "patternProperties": {"(": {}}}',
    });
    for (let run = 0; run < 200; run++) {
      const text = Array.from({ length: 40 }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      for (const uri of [
        'file:///repo/web/templates/fuzz.yaml',
        'file:///repo/web/values.yaml',
        'file:///repo/web/Chart.yaml',
      ]) {
        const document = TextDocument.create(uri, 'yaml', run + 10, text);
        const position = document.positionAt(Math.floor(random() * text.length));
        service.doValidation(document);
        service.doComplete(document, position);
        service.doHover(document, position);
        service.findDefinition(document, position);
        service.findReferences(document, position, true);
      }
    }
  });
});
