import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { CustomResourceSchemas, CustomResourceType } from '../../server/src/common/customResources';
import type { JsonObject } from '../../server/src/common/guards';
import { defaultSettings } from '../../server/src/common/settings';
import {
  customResourceDefinitionOf,
  customResourceTypesOf,
} from '../../server/src/kubernetes/customResourceDefinition';
import {
  checkCustomResource,
  compileCustomResourceSchema,
  mayBacktrackExponentially,
  objectMetaDefinition,
} from '../../server/src/schema/customResourceSchema';
import { loadPrecompiledValidators } from '../../server/src/schema/precompiledValidators';
import { getLanguageService, type LanguageService } from '../../server/src/service/languageService';
import {
  compareKubeAwareVersions,
  compiledSchemaCacheSize,
  compiledSchemaCount,
  compiledSchemaOf,
} from '../../server/src/validation/customResourceStage';
import type { CelRules } from '../../server/src/validation/validationStage';
import { labelKeyError, labelValueError } from '../../server/src/kubernetes/names';
import { ManifestParser } from '../../server/src/yaml/manifestFile';
import { testCatalog } from '../support/catalog';
import { repoRoot } from '../support/paths';
import { edit } from '../support/fixtureEdit';
import { applyCodeAction, viewDiagnostics } from '../support/service';

/**
 * A CRD with three versions: v1 (the full schema), v1alpha1 (deprecated, another schema) and
 * v1beta1 (not served).
 */
const widgetCrd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    kind: Widget
    plural: widgets
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          required: [spec]
          properties:
            metadata:
              type: object
              properties:
                name:
                  type: string
                  maxLength: 12
            spec:
              type: object
              required: [size, mode, level]
              properties:
                size: { type: integer, minimum: 1, maximum: 10 }
                ratio: { type: number, maximum: 1, exclusiveMaximum: true, multipleOf: 0.25 }
                mode: { type: string, enum: [Fast, Safe] }
                level: { type: string, default: low }
                name: { type: string, pattern: '^[a-z]+$', minLength: 2, maxLength: 8 }
                port: { x-kubernetes-int-or-string: true }
                email: { type: string, format: email }
                address: { type: string, format: ipv4 }
                when: { type: string, format: date-time }
                note: { type: string, nullable: true }
                tags:
                  type: array
                  minItems: 1
                  maxItems: 3
                  items: { type: string }
                  x-kubernetes-list-type: set
                ports:
                  type: array
                  x-kubernetes-list-type: map
                  x-kubernetes-list-map-keys: [name]
                  items:
                    type: object
                    required: [name]
                    properties:
                      name: { type: string }
                      number: { type: integer }
                labels:
                  type: object
                  maxProperties: 2
                  additionalProperties: { type: string }
                config:
                  type: object
                  x-kubernetes-preserve-unknown-fields: true
                  properties:
                    replicas: { type: integer }
                template:
                  type: object
                  x-kubernetes-embedded-resource: true
                  x-kubernetes-preserve-unknown-fields: true
                endpoint:
                  type: object
                  properties:
                    type: { type: string, default: IPAddress }
                    value: { type: string }
                  oneOf:
                    - properties: { type: { enum: [IPAddress] } }
                    - properties: { type: { not: { enum: [IPAddress] } } }
                source:
                  type: object
                  properties:
                    git: { type: string }
                    image: { type: string }
                  oneOf:
                    - required: [git]
                    - required: [image]
            status:
              type: object
              x-kubernetes-preserve-unknown-fields: true
    - name: v1alpha1
      served: true
      storage: false
      deprecated: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: { type: string }
    - name: v1beta1
      served: false
      storage: false
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
`;

/** The custom resource types of CRD texts, as the workspace index would give them. */
function typesOf(...crdTexts: string[]): CustomResourceType[] {
  return crdTexts.flatMap((text, index) =>
    new ManifestParser().parse(text).documents.flatMap((document) => {
      const crd = customResourceDefinitionOf(document);
      return crd
        ? customResourceTypesOf(crd, { kind: 'workspace', uri: `file:///crds/${index}.yaml`, line: 0 })
        : [];
    }),
  );
}

/** A source whose types can be replaced, as the workspace index's are when a CRD is edited. */
class MutableSchemas implements CustomResourceSchemas {
  constructor(public types: CustomResourceType[]) {}
  find(apiVersion: string, kind: string): CustomResourceType | undefined {
    return this.types.find((type) => type.apiVersion === apiVersion && type.kind === kind);
  }
  list(): readonly CustomResourceType[] {
    return this.types;
  }
}

function serviceWith(
  customResources: CustomResourceSchemas | undefined,
  extra: { celRules?: CelRules; log?: (message: string) => void } = {},
): LanguageService {
  return getLanguageService({
    catalog: testCatalog(),
    ...(customResources ? { customResources } : {}),
    ...(extra.celRules ? { celRules: extra.celRules } : {}),
    log:
      extra.log ??
      ((message) => {
        throw new Error(`Unexpected log: ${message}`);
      }),
  });
}

const widgets = new MutableSchemas(typesOf(widgetCrd));
const service = serviceWith(widgets);
let counter = 0;

function diagnosticsOf(text: string, languageService = service, uri?: string): Diagnostic[] {
  const document = TextDocument.create(uri ?? `file:///work/widget-${++counter}.yaml`, 'yaml', 1, text);
  return languageService.doValidation(document, defaultSettings);
}

function check(text: string, languageService = service, uri?: string) {
  return viewDiagnostics(text, diagnosticsOf(text, languageService, uri)).map(
    ({ code, line, text: covered, message }) => ({ code, line, text: covered, message }),
  );
}

const validWidget = `apiVersion: example.com/v1
kind: Widget
metadata:
  name: small
  labels:
    app: demo
spec:
  size: 3
  ratio: 0.5
  mode: Fast
  name: alpha
  port: 8080
  email: not an address
  address: 10.0.0.1
  when: 2024-05-01T10:00:00Z
  note: null
  tags: [a, b]
  ports:
    - name: http
      number: 80
    - name: https
      number: 443
  labels:
    team: core
  config:
    replicas: 2
    anything: [goes, here]
  template:
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: embedded
    data:
      free: form
  endpoint:
    value: 10.0.0.1
  source:
    git: https://example.com/repo.git
status:
  phase: Ready
`;

describe('custom resources checked against their CRD schema', () => {
  it('finds nothing in a valid resource (nullable null, defaults, an unchecked format)', () => {
    assert.deepEqual(check(validWidget), []);
  });

  it('reports an unknown field with did-you-mean, and the quick fix renames it', () => {
    const text = edit(validWidget, '  ratio: 0.5', '  ration: 0.5');
    const diagnostics = diagnosticsOf(text);
    assert.deepEqual(viewDiagnostics(text, diagnostics), [
      {
        code: 'unknown-field',
        severity: 1,
        line: 'ration: 0.5',
        text: 'ration',
        message: 'Unknown field "ration" in Widget.spec; did you mean "ratio"?',
      },
    ]);
    const document = TextDocument.create('file:///work/fix.yaml', 'yaml', 1, text);
    const actions = service.doCodeActions(document, { diagnostics }, defaultSettings);
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Rename to "ratio"'],
    );
    assert.equal(applyCodeAction(text, actions[0]!), validWidget);
  });

  it('reports unknown fields at the root, in list items and in embedded metadata', () => {
    const text = edit(
      edit(edit(validWidget, 'status:\n', 'statu:\n'), '      number: 443', '      numbr: 443'),
      '      name: embedded',
      '      nmae: embedded',
    );
    assert.deepEqual(check(text), [
      {
        code: 'unknown-field',
        line: 'numbr: 443',
        text: 'numbr',
        message: 'Unknown field "numbr" in Widget.spec.ports; did you mean "number"?',
      },
      {
        code: 'unknown-field',
        line: 'nmae: embedded',
        text: 'nmae',
        message: 'Unknown field "nmae" in ObjectMeta; did you mean "name"?',
      },
      {
        code: 'unknown-field',
        line: 'statu:',
        text: 'statu',
        message: 'Unknown field "statu" in Widget; did you mean "status"?',
      },
    ]);
  });

  it('checks metadata as ObjectMeta, with the name restriction the schema gives', () => {
    const text = edit(
      edit(validWidget, '  name: small\n  labels:', '  name: much-too-long-name\n  lables:'),
      '    app: demo',
      '    app: 5',
    );
    assert.deepEqual(check(text), [
      {
        code: 'invalid-value',
        line: 'name: much-too-long-name',
        text: 'much-too-long-name',
        message: 'Invalid value "much-too-long-name" for name: must be at most 12 characters.',
      },
      {
        code: 'unknown-field',
        line: 'lables:',
        text: 'lables',
        message: 'Unknown field "lables" in ObjectMeta; did you mean "labels"?',
      },
    ]);
  });

  it('checks the name and labels as the API server does for any object (invalid-name, with its settings)', () => {
    const text = edit(
      edit(validWidget, '  name: small', '  name: Small_1'),
      '    app: demo',
      '    app demo: "-x"',
    );
    assert.deepEqual(check(text), [
      {
        code: 'invalid-name',
        line: 'name: Small_1',
        text: 'Small_1',
        message:
          "Name \"Small_1\" is not a valid DNS-1123 subdomain: it must consist of lowercase letters, digits, '-' and '.', and start and end with a letter or digit. Rename it.",
      },
      {
        code: 'invalid-name',
        line: 'app demo: "-x"',
        text: 'app demo',
        message: `Label key "app demo" is invalid: ${labelKeyError('app demo')!}. Rename it.`,
      },
      {
        code: 'invalid-name',
        line: 'app demo: "-x"',
        text: '"-x"',
        message: `Label value "-x" for "app demo" is invalid: ${labelValueError('-x')!}. Change it.`,
      },
    ]);
    const document = TextDocument.create('file:///work/names-off.yaml', 'yaml', 1, text);
    assert.deepEqual(
      service.doValidation(document, { ...defaultSettings, rules: { 'invalid-name': 'off' } }),
      [],
    );
    assert.deepEqual(check(edit(validWidget, '  name: small', '  name: ${NAME}')), []);
  });

  it('reports wrong types, with int-or-string taking an integer or a string', () => {
    const text = edit(
      edit(edit(validWidget, '  size: 3', '  size: "3"'), '  port: 8080', '  port: true'),
      '    replicas: 2',
      '    replicas: two',
    );
    assert.deepEqual(check(text), [
      {
        code: 'wrong-type',
        line: 'size: "3"',
        text: '"3"',
        message: 'Wrong type for size: expected integer, got string "3".',
      },
      {
        code: 'wrong-type',
        line: 'port: true',
        text: 'true',
        message: 'Wrong type for port: expected integer or string, got boolean true.',
      },
      {
        code: 'wrong-type',
        line: 'replicas: two',
        text: 'two',
        message: 'Wrong type for replicas: expected integer, got string "two".',
      },
    ]);
    assert.deepEqual(check(edit(validWidget, '  port: 8080', '  port: 50%')), []);
  });

  it('reports a value outside the enum with the values, and offers each', () => {
    const text = edit(validWidget, '  mode: Fast', '  mode: Slow');
    const diagnostics = diagnosticsOf(text);
    assert.deepEqual(check(text), [
      {
        code: 'invalid-value',
        line: 'mode: Slow',
        text: 'Slow',
        message: 'Invalid value "Slow" for mode: expected one of Fast, Safe.',
      },
    ]);
    const document = TextDocument.create('file:///work/enum.yaml', 'yaml', 1, text);
    const actions = service.doCodeActions(document, { diagnostics }, defaultSettings);
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Change to Fast', 'Change to Safe'],
    );
    assert.equal(applyCodeAction(text, actions[1]!), edit(validWidget, '  mode: Fast', '  mode: Safe'));
  });

  it('reports missing required fields (not one that has a default), and adds them', () => {
    const text = edit(edit(validWidget, '  size: 3\n', ''), '  mode: Fast\n', '');
    const diagnostics = diagnosticsOf(text);
    assert.deepEqual(check(text), [
      {
        code: 'missing-required',
        line: 'spec:',
        text: 'spec',
        message: 'Missing required fields "size", "mode" in Widget.spec.',
      },
    ]);
    const document = TextDocument.create('file:///work/required.yaml', 'yaml', 1, text);
    const [action] = service.doCodeActions(document, { diagnostics }, defaultSettings);
    assert.equal(action?.title, 'Add missing required fields: size, mode');
    assert.match(applyCodeAction(text, action), /\n {2}size: 0\n {2}mode: Fast\n/);
  });

  it('drops a non-nullable null as the API server prunes it (a required one is then missing)', () => {
    assert.deepEqual(check(edit(validWidget, '  name: alpha', '  name: null')), []);
    // A required field with a default is defaulted, null or absent.
    assert.deepEqual(check(edit(validWidget, '  mode: Fast\n', '  mode: Fast\n  level: null\n')), []);
    assert.deepEqual(check(edit(validWidget, '  size: 3', '  size: null')), [
      {
        code: 'missing-required',
        line: 'spec:',
        text: 'spec',
        message: 'Missing required field "size" in Widget.spec.',
      },
    ]);
    // A null list item reaches validation: only a nullable item schema takes it.
    assert.deepEqual(check(edit(validWidget, '  tags: [a, b]', '  tags: [a, null]')), [
      {
        code: 'wrong-type',
        line: 'tags: [a, null]',
        text: 'null',
        message: 'Wrong type for tags: expected string, got nothing.',
      },
    ]);
  });

  it('checks pattern, lengths, bounds, multipleOf and the formats Kubernetes checks', () => {
    const text = [
      ['  size: 3', '  size: 11'],
      ['  ratio: 0.5', '  ratio: 0.3'],
      ['  name: alpha', '  name: Alpha-Beta-Gamma'],
      ['  address: 10.0.0.1', '  address: 10.0.0.256'],
      ['  when: 2024-05-01T10:00:00Z', '  when: yesterday'],
    ].reduce((current, [from, to]) => edit(current, from!, to!), validWidget);
    assert.deepEqual(check(text), [
      {
        code: 'invalid-value',
        line: 'size: 11',
        text: '11',
        message: 'Invalid value 11 for size: must be at most 10.',
      },
      {
        code: 'invalid-value',
        line: 'ratio: 0.3',
        text: '0.3',
        message: 'Invalid value 0.3 for ratio: must be a multiple of 0.25.',
      },
      {
        code: 'invalid-value',
        line: 'name: Alpha-Beta-Gamma',
        text: 'Alpha-Beta-Gamma',
        message: 'Invalid value "Alpha-Beta-Gamma" for name: must be at most 8 characters.',
      },
      {
        code: 'invalid-value',
        line: 'name: Alpha-Beta-Gamma',
        text: 'Alpha-Beta-Gamma',
        message: 'Invalid value "Alpha-Beta-Gamma" for name: must match the pattern ^[a-z]+$.',
      },
      {
        code: 'invalid-value',
        line: 'address: 10.0.0.256',
        text: '10.0.0.256',
        message: 'Invalid value "10.0.0.256" for address: must be a valid ipv4.',
      },
      {
        code: 'invalid-value',
        line: 'when: yesterday',
        text: 'yesterday',
        message: 'Invalid value "yesterday" for when: must be a valid date-time.',
      },
    ]);
    assert.deepEqual(check(edit(validWidget, '  ratio: 0.5', '  ratio: 1')), [
      {
        code: 'invalid-value',
        line: 'ratio: 1',
        text: '1',
        message: 'Invalid value 1 for ratio: must be less than 1.',
      },
    ]);
  });

  it('checks list sizes, sets and maps by their keys', () => {
    const text = edit(
      edit(validWidget, '  tags: [a, b]', '  tags: [a, b, a, c]'),
      '    - name: https',
      '    - name: http',
    );
    assert.deepEqual(check(text), [
      {
        code: 'invalid-value',
        line: 'tags: [a, b, a, c]',
        text: 'tags',
        message: 'Invalid value for tags: must have at most 3 items.',
      },
      {
        code: 'invalid-value',
        line: 'tags: [a, b, a, c]',
        text: 'a',
        message: 'Invalid value "a" for tags: duplicate entry "a": the list holds each value once.',
      },
      {
        code: 'invalid-value',
        line: '- name: http',
        text: 'name',
        message:
          'Invalid value for ports: duplicate entry with name="http": the list is a map keyed by name.',
      },
    ]);
  });

  it('checks a map of additionalProperties and its size, and oneOf alternatives', () => {
    const text = edit(
      edit(validWidget, '    team: core', '    team: core\n    tier: 1\n    zone: a'),
      '    git: https://example.com/repo.git',
      '    git: https://example.com/repo.git\n    image: registry/app:1',
    );
    assert.deepEqual(check(text), [
      {
        code: 'invalid-value',
        line: 'labels:',
        text: 'labels',
        message: 'Invalid value for labels: must have at most 2 fields.',
      },
      {
        code: 'wrong-type',
        line: 'tier: 1',
        text: '1',
        message: 'Wrong type for tier: expected string, got integer 1.',
      },
      {
        code: 'invalid-value',
        line: 'source:',
        text: 'source',
        message: 'Invalid value for source: must set exactly one of "git", "image".',
      },
    ]);
  });

  it('lets anything through below x-kubernetes-preserve-unknown-fields, and checks an embedded resource', () => {
    const text = edit(validWidget, '    kind: ConfigMap\n', '');
    assert.deepEqual(check(text), [
      {
        code: 'missing-required',
        line: 'template:',
        text: 'template',
        message: 'Missing required field "kind" in Widget.spec.template.',
      },
    ]);
  });

  it('checks each served version against its own schema, and warns of a deprecated one', () => {
    const alpha = `apiVersion: example.com/v1alpha1
kind: Widget
metadata:
  name: old
spec:
  size: large
`;
    assert.deepEqual(check(alpha), [
      {
        code: 'deprecated-api-version',
        line: 'apiVersion: example.com/v1alpha1',
        text: 'example.com/v1alpha1',
        message: 'example.com/v1alpha1 Widget is deprecated; use example.com/v1 Widget',
      },
    ]);
    assert.deepEqual(
      check(edit(alpha, '  size: large', '  size: 3')).map(({ message }) => message),
      [
        'example.com/v1alpha1 Widget is deprecated; use example.com/v1 Widget',
        'Wrong type for size: expected string, got integer 3.',
      ],
    );
    const warned = new MutableSchemas(
      typesOf(
        edit(
          widgetCrd,
          '      deprecated: true\n',
          '      deprecated: true\n      deprecationWarning: Widgets moved to v1.\n',
        ),
      ),
    );
    assert.deepEqual(
      check(alpha, serviceWith(warned)).map(({ message }) => message),
      ['Widgets moved to v1.'],
    );
  });

  it('leaves a version that is not served, and a kind no source knows, alone', () => {
    const beta = edit(validWidget, 'apiVersion: example.com/v1', 'apiVersion: example.com/v1beta1');
    assert.deepEqual(check(edit(beta, '  mode: Fast', '  mode: Slow')), []);
    assert.deepEqual(
      check(edit(validWidget, 'kind: Widget', 'kind: Gadget').replace('  mode: Fast', '  mode: 1')),
      [],
    );
    assert.deepEqual(check(edit(validWidget, '  mode: Fast', '  mode: Slow'), serviceWith(undefined)), []);
  });

  it('takes a custom resource of a group the catalog knows from its CRD, without an unknown-kind error', () => {
    const snapshots = typesOf(
      edit(
        edit(
          edit(widgetCrd, '  group: example.com', '  group: apps'),
          '    kind: Widget',
          '    kind: Snapshot',
        ),
        '    plural: widgets',
        '    plural: snapshots',
      ),
    );
    const text = edit(
      edit(validWidget, 'apiVersion: example.com/v1\nkind: Widget', 'apiVersion: apps/v1\nkind: Snapshot'),
      '  mode: Fast',
      '  mode: Slow',
    );
    assert.deepEqual(
      check(text, serviceWith(new MutableSchemas(snapshots))).map(
        ({ code, message }) => `${code}: ${message}`,
      ),
      ['invalid-value: Invalid value "Slow" for mode: expected one of Fast, Safe.'],
    );
    // Without the CRD, the identity step reports the kind as before.
    assert.deepEqual(
      check(text, serviceWith(undefined)).map(({ code }) => code),
      ['unknown-kind'],
    );
  });

  it('re-checks a resource at once when its CRD changes, and not otherwise', () => {
    const source = new MutableSchemas(typesOf(widgetCrd));
    const languageService = serviceWith(source);
    const text = edit(validWidget, '  mode: Fast', '  mode: Slow');
    const document = TextDocument.create('file:///work/edited.yaml', 'yaml', 1, text);
    assert.equal(languageService.doValidation(document).length, 1);
    const first = languageService.doValidation(document);
    assert.equal(languageService.doValidation(document)[0], first[0], 'unchanged CRD: findings reused');
    source.types = typesOf(edit(widgetCrd, 'enum: [Fast, Safe]', 'enum: [Fast, Safe, Slow]'));
    assert.deepEqual(languageService.doValidation(document), []);
  });

  it('keeps findings of a Helm template around its template expressions', () => {
    const template = `apiVersion: example.com/v1
kind: Widget
metadata:
  name: {{ include "chart.fullname" . }}
spec:
  size: {{ .Values.size }}
  mode: Slow
  source:
    {{- if .Values.image }}
    image: {{ .Values.image }}
    {{- else }}
    git: https://example.com/repo.git
    image: registry/app:1
    {{- end }}
  {{- with .Values.extra }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
`;
    assert.deepEqual(check(template, service, 'file:///work/chart/templates/widget.yaml'), [
      {
        code: 'invalid-value',
        line: 'mode: Slow',
        text: 'Slow',
        message: 'Invalid value "Slow" for mode: expected one of Fast, Safe.',
      },
    ]);
    assert.deepEqual(
      check(
        edit(template, '  mode: Slow', '  mode: Fast'),
        service,
        'file:///work/chart/templates/fixed.yaml',
      ),
      [],
    );
  });

  it('leaves out what a Kustomize patch of a custom resource leaves to its base', () => {
    const patched = getLanguageService({
      catalog: testCatalog(),
      customResources: widgets,
      kustomizeContext: () => ({
        role: 'patch',
        selectorLabels: {},
        images: [],
        nameAffixes: [{ prefix: '', suffix: '' }],
        kustomizations: [],
      }),
    });
    const patch = `apiVersion: example.com/v1
kind: Widget
metadata:
  name: small
spec:
  mode: Slow
  tags: []
  source:
    $patch: delete
`;
    assert.deepEqual(check(patch, patched), [
      {
        code: 'invalid-value',
        line: 'mode: Slow',
        text: 'Slow',
        message: 'Invalid value "Slow" for mode: expected one of Fast, Safe.',
      },
    ]);
  });

  it('reports what the CEL hook finds at its path, and survives a hook that throws', () => {
    const seen: unknown[] = [];
    const celRules: CelRules = (schema, value) => {
      seen.push(schema.type, (value as { kind?: unknown }).kind);
      return [{ path: ['spec', 'size'], message: 'size must be even', rule: 'self.size % 2 == 0' }];
    };
    assert.deepEqual(check(validWidget, serviceWith(widgets, { celRules })), [
      { code: 'validation-rule', line: 'size: 3', text: '3', message: 'size must be even' },
    ]);
    assert.deepEqual(seen, ['object', 'Widget']);
    const unexplained: CelRules = () => [{ path: ['spec'], message: '', rule: 'has(self.size)' }];
    assert.deepEqual(check(validWidget, serviceWith(widgets, { celRules: unexplained })), [
      { code: 'validation-rule', line: 'spec:', text: 'spec', message: 'failed rule: has(self.size)' },
    ]);
    const logged: string[] = [];
    const failing = serviceWith(widgets, {
      celRules: () => {
        throw new Error('no CEL today');
      },
      log: (message) => logged.push(message),
    });
    assert.deepEqual(
      check(edit(validWidget, '  mode: Fast', '  mode: Slow'), failing).map(({ code }) => code),
      ['invalid-value'],
    );
    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /^CEL validation failed for the document: Error: no CEL today/);
  });

  it("evaluates the CRD's x-kubernetes-validations with the Kubernetes CEL environment by default, at the rule's field or its nearest written ancestor", () => {
    const gateCrd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gates.example.com
spec:
  group: example.com
  scope: Namespaced
  names: { plural: gates, kind: Gate }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              x-kubernetes-validations:
                - rule: "self.min <= self.max"
                  message: min must not exceed max
                - rule: "!has(self.mode) || self.mode != 'Disabled' || has(self.reason)"
                  message: a gate that is Disabled needs a reason
                  fieldPath: .reason
              properties:
                min: { type: integer }
                max: { type: integer }
                mode: { type: string }
                reason: { type: string }
`;
    const gates = serviceWith(new MutableSchemas(typesOf(gateCrd)));
    const gate = `apiVersion: example.com/v1
kind: Gate
metadata:
  name: front
spec:
  min: 5
  max: 3
  mode: Disabled
`;
    assert.deepEqual(check(gate, gates), [
      { code: 'validation-rule', line: 'spec:', text: 'spec', message: 'min must not exceed max' },
      // fieldPath .reason names a field the text does not have: the finding stays at spec.
      {
        code: 'validation-rule',
        line: 'spec:',
        text: 'spec',
        message: 'a gate that is Disabled needs a reason',
      },
    ]);
    assert.deepEqual(
      check(
        edit(
          edit(gate, '  max: 3', '  max: 7'),
          '  mode: Disabled',
          '  mode: Disabled\n  reason: maintenance',
        ),
        gates,
      ),
      [],
    );
  });

  it('never fails on a resource or a schema of the wrong shape', () => {
    const odd: JsonObject = {
      type: 'object',
      properties: { spec: { type: 'object', properties: 'nope', required: 'x', items: 5, pattern: '(' } },
      additionalProperties: 'maybe',
    };
    for (const resource of [null, 5, 'text', [], { spec: [1, { a: 2 }] }, { spec: { a: { b: null } } }]) {
      checkCustomResource(compileCustomResourceSchema(odd), resource);
    }
    assert.deepEqual(
      checkCustomResource(
        compileCustomResourceSchema({ type: 'object', properties: { a: { type: 'string', pattern: '(' } } }),
        {
          a: 'x',
        },
      ),
      [],
    );
  });
});

describe('the custom resource schema walk', () => {
  const errorsOf = (schema: JsonObject, value: unknown) =>
    checkCustomResource(compileCustomResourceSchema({ type: 'object', properties: { v: schema } }), {
      v: value,
    }).map((error) => (error.keyword === 'value' ? error.message : error.keyword));

  it('checks the formats as kube-openapi does, and ignores the others', () => {
    const cases: [string, string, boolean][] = [
      ['uuid', '123e4567-e89b-12d3-a456-426614174000', true],
      ['uuid', '123e4567', false],
      ['ipv6', '2001:db8::1', true],
      ['ipv6', '2001:db8:::1', false],
      ['ipv6', '::ffff:10.0.0.1', true],
      ['cidr', '10.0.0.0/8', true],
      ['cidr', '10.0.0.0/33', false],
      ['cidr', 'fd00::/64', true],
      ['mac', '00:1a:2b:3c:4d:5e', true],
      ['mac', '00:1a:2b', false],
      ['hostname', 'example.com', true],
      ['hostname', '-bad-.com', false],
      ['date', '2024-02-29', true],
      ['date', '2023-02-29', false],
      ['date-time', '2024-05-01T10:00:00.5+02:00', true],
      ['date-time', '2024-05-01 10:00:00', false],
      ['duration', '1h30m', true],
      ['duration', '5 minutes', true],
      ['duration', 'soon', false],
      ['byte', 'aGVsbG8=', true],
      ['byte', 'hello!', false],
      ['k8s-short-name', 'web-1', true],
      ['k8s-short-name', 'Web', false],
      ['uri', 'not a uri', true],
      ['email', 'nobody', true],
      ['made-up', 'anything', true],
    ];
    for (const [format, value, valid] of cases) {
      assert.deepEqual(
        errorsOf({ type: 'string', format }, value),
        valid ? [] : [`must be a valid ${format}`],
        `${format}: ${value}`,
      );
    }
  });

  it('reads RE2 patterns: property classes and a leading (?i)', () => {
    assert.deepEqual(errorsOf({ type: 'string', pattern: '^\\pL+$' }, 'Straße'), []);
    assert.deepEqual(errorsOf({ type: 'string', pattern: '^\\pL+$' }, 'a1'), [
      'must match the pattern ^\\pL+$',
    ]);
    assert.deepEqual(errorsOf({ type: 'string', pattern: '(?i)^abc$' }, 'ABC'), []);
  });

  it('does not check a pattern that JavaScript could take exponential time on (RE2 would not)', () => {
    for (const pattern of [
      '^(a+)+$',
      '(a.*)*b',
      '^[!-~]+([\\t ]?[!-~]+)*$',
      '^([0-9]+(ns|us|ms|s|m|h)?)+$',
    ]) {
      assert.equal(mayBacktrackExponentially(pattern), true, pattern);
    }
    for (const pattern of [
      '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
      '^(\\.[a-z0-9]+)*$',
      '^(?:a|b)*c$',
      "^[A-Za-z0-9!#$%&'*+\\-.^_\\x60|~]+$",
    ]) {
      assert.equal(mayBacktrackExponentially(pattern), false, pattern);
    }
    const started = Date.now();
    assert.deepEqual(errorsOf({ type: 'string', pattern: '^(a+)+$' }, `${'a'.repeat(40)}!`), []);
    assert.ok(Date.now() - started < 1000);
  });

  it('treats anyOf of an integer and a string (the int-or-string form) as either', () => {
    const intOrString = {
      'x-kubernetes-int-or-string': true,
      anyOf: [{ type: 'integer' }, { type: 'string' }],
    };
    assert.deepEqual(errorsOf(intOrString, 3), []);
    assert.deepEqual(errorsOf(intOrString, '30%'), []);
    assert.deepEqual(errorsOf(intOrString, 1.5), ['type']);
  });

  it('drops every field of an object below additionalProperties: true or an array without items', () => {
    assert.deepEqual(errorsOf({ type: 'object', additionalProperties: true }, { a: 1, b: { c: 1 } }), [
      'unknownField',
    ]);
    assert.deepEqual(errorsOf({ type: 'array' }, [{ a: 1 }, 'x']), ['unknownField']);
    assert.deepEqual(
      errorsOf({ type: 'array', 'x-kubernetes-preserve-unknown-fields': true, items: { type: 'object' } }, [
        { a: 1 },
      ]),
      [],
    );
  });

  it('orders versions as Kubernetes does', () => {
    const sorted = [
      'v1',
      'v11alpha2',
      'foo10',
      'v2',
      'v10beta3',
      'v12alpha1',
      'foo1',
      'v3beta1',
      'v11beta2',
      'v10',
    ].sort((a, b) => compareKubeAwareVersions(b, a));
    assert.deepEqual(sorted, [
      'v10',
      'v2',
      'v1',
      'v11beta2',
      'v10beta3',
      'v3beta1',
      'v12alpha1',
      'v11alpha2',
      'foo1',
      'foo10',
    ]);
  });

  it('has ObjectMeta among the validators the build precompiles (dist/validators.js)', function () {
    const precompiled = loadPrecompiledValidators(path.join(repoRoot, 'dist'));
    if (!precompiled) {
      this.skip();
    }
    const validate = precompiled[objectMetaDefinition];
    assert.ok(validate);
    assert.equal(validate({ name: 'web', labels: { app: 'web' } }), true);
    assert.equal(validate({ lables: {} }), false);
  });

  it('keeps a bounded number of compiled schemas, one per schema object', () => {
    const schema: JsonObject = { type: 'object' };
    assert.equal(compiledSchemaOf(schema), compiledSchemaOf(schema));
    for (let index = 0; index < compiledSchemaCacheSize + 10; index++) {
      compiledSchemaOf({ type: 'object', index });
    }
    assert.equal(compiledSchemaCount(), compiledSchemaCacheSize);
  });
});
