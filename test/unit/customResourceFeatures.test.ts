/**
 * Custom resources read against the workspace's CRDs (issue 16): the index, completion, hover
 * (kubectl explain layout and the schema's source), `podscope explain`, the outline and the list
 * of kinds, with a small CRD written for the tests (test/fixtures/customResources/widgets.yaml).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem } from 'vscode-languageserver-types';
import { customResourceItems } from '../../client/src/customResourceItems';
import { runCli } from '../../server/src/cli/cli';
import type { CustomResourceSchemas, CustomResourceType } from '../../server/src/common/customResources';
import { getLanguageService, type LanguageService } from '../../server/src/service/languageService';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';
import { testCatalog } from '../support/catalog';
import { withCursor } from '../support/cursor';
import { repoRoot } from '../support/paths';
import { applyCompletion } from '../support/service';

const crdText = fs.readFileSync(path.join(repoRoot, 'test/fixtures/customResources/widgets.yaml'), 'utf8');
const crdUri = 'file:///work/app/crds/widgets.yaml';

function serviceWithCrd(options: { bundled?: CustomResourceSchemas; crd?: string } = {}): LanguageService {
  const service = getLanguageService({
    catalog: testCatalog(),
    workspace: new WorkspaceIndex(),
    ...(options.bundled ? { bundledCustomResources: () => options.bundled } : {}),
  });
  service.indexDocument(TextDocument.create(crdUri, 'yaml', 1, options.crd ?? crdText));
  return service;
}

let counter = 0;
function documentAt(fixture: string): {
  document: TextDocument;
  text: string;
  position: { line: number; character: number };
} {
  const { text, position } = withCursor(fixture);
  const document = TextDocument.create(`file:///work/app/widget-${++counter}.yaml`, 'yaml', 1, text);
  return { document, text, position };
}

function completionItems(
  service: LanguageService,
  fixture: string,
): { text: string; items: CompletionItem[] } {
  const { document, text, position } = documentAt(fixture);
  return { text, items: service.doComplete(document, position).items };
}

function hoverMarkdown(service: LanguageService, fixture: string): string | undefined {
  const { document, position } = documentAt(fixture);
  const result = service.doHover(document, position);
  return result ? (result.contents as { value: string }).value : undefined;
}

const widgetHead = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n';

describe('custom resources: the workspace index', () => {
  it('knows each served version of a CRD, with the file and line of the CRD as source', () => {
    const types = serviceWithCrd().customResourcesFor().list();
    assert.deepEqual(
      types.map((type) => [
        type.apiVersion,
        type.kind,
        type.plural,
        type.singular,
        type.shortNames,
        type.scope,
      ]),
      [
        ['example.com/v1', 'Widget', 'widgets', 'widget', ['wd'], 'Namespaced'],
        ['example.com/v1beta1', 'Widget', 'widgets', 'widget', ['wd'], 'Namespaced'],
      ],
    );
    // The CRD's apiVersion is on the file's third line (zero-based 2), after the comment.
    assert.deepEqual(types[0]!.source, { kind: 'workspace', uri: crdUri, line: 2 });
  });

  it('takes a type that two files define from the first file by URI, whatever the order they came in', () => {
    for (const order of [
      ['file:///a/one.yaml', 'file:///a/two.yaml'],
      ['file:///a/two.yaml', 'file:///a/one.yaml'],
    ]) {
      const service = getLanguageService({ catalog: testCatalog(), workspace: new WorkspaceIndex() });
      for (const uri of order) {
        service.indexDocument(TextDocument.create(uri, 'yaml', 1, crdText));
      }
      const found = service.customResourcesFor().find('example.com/v1', 'Widget');
      assert.deepEqual(found?.source, { kind: 'workspace', uri: 'file:///a/one.yaml', line: 2 });
      assert.equal(service.customResourcesFor().list().length, 2);
    }
  });

  it('changes its revision when a CRD changes, not when another document of the file does', () => {
    const workspace = new WorkspaceIndex();
    const service = getLanguageService({ catalog: testCatalog(), workspace });
    const text = `${crdText}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n`;
    service.indexDocument(TextDocument.create(crdUri, 'yaml', 1, text));
    const first = workspace.customResourcesRevision;
    service.indexDocument(TextDocument.create(crdUri, 'yaml', 2, text.replace('name: a', 'name: b')));
    assert.equal(workspace.customResourcesRevision, first);
    service.indexDocument(
      TextDocument.create(crdUri, 'yaml', 3, text.replace('kind: Widget', 'kind: Gadget')),
    );
    assert.equal(workspace.customResourcesRevision, first + 1);
    assert.equal(service.customResourcesFor().find('example.com/v1', 'Widget'), undefined);
    assert.equal(service.customResourcesFor().find('example.com/v1', 'Gadget')?.plural, 'widgets');
    workspace.delete(crdUri);
    assert.equal(workspace.customResourcesRevision, first + 2);
    assert.deepEqual(service.customResourcesFor().list(), []);
  });

  it('puts a workspace type before a bundled one of the same apiVersion and kind', () => {
    const bundledType: CustomResourceType = {
      ...serviceWithCrd().customResourcesFor().list()[0]!,
      source: { kind: 'bundled', project: 'example', projectVersion: 'v9', package: '@example/crds@1.0.0' },
    };
    const bundled: CustomResourceSchemas = {
      find: (apiVersion, kind) =>
        apiVersion === bundledType.apiVersion && kind === bundledType.kind ? bundledType : undefined,
      list: () => [bundledType],
    };
    assert.equal(
      serviceWithCrd({ bundled }).customResourcesFor().find('example.com/v1', 'Widget')?.source.kind,
      'workspace',
    );
    const alone = getLanguageService({ catalog: testCatalog(), bundledCustomResources: () => bundled });
    assert.equal(alone.customResourcesFor().find('example.com/v1', 'Widget')?.source.kind, 'bundled');
  });
});

describe('custom resources: completion', () => {
  const labels = (items: readonly CompletionItem[]): string[] => items.map((item) => String(item.label));

  it('offers the fields of the schema at the cursor, like a built-in kind', () => {
    const { items } = completionItems(serviceWithCrd(), `${widgetHead}  |\n`);
    assert.deepEqual(
      items.map((item) => [item.label, item.detail, item.sortText]),
      [
        ['color', '<string>', '1color'],
        ['config', '<Object>', '1config'],
        ['labels', '<map[string]string>', '1labels'],
        ['mode', '<string>', '1mode'],
        ['parts', '<[]Object>', '1parts'],
        ['paused', '<boolean>', '1paused'],
        ['size', '<integer> -required-', '0size'],
        ['template', '<Object>', '1template'],
        ['required fields', 'size', '00'],
      ],
    );
  });

  it('inserts the same snippets as for a built-in kind, a default as the placeholder of a scalar', () => {
    const service = serviceWithCrd();
    const fixture = `${widgetHead}  |\n`;
    const { text, items } = completionItems(service, fixture);
    const insert = (label: string): string =>
      applyCompletion(text, items.find((item) => item.label === label)!);
    assert.equal(insert('color'), `${widgetHead}  color: blue\n`);
    assert.equal(insert('parts'), `${widgetHead}  parts:\n    - |\n`);
    assert.equal(insert('labels'), `${widgetHead}  labels:\n    |\n`);
    assert.equal(insert('required fields'), `${widgetHead}  size: \n`);
    const color = items.find((item) => item.label === 'color')!;
    assert.equal(
      color.textEdit && 'range' in color.textEdit ? color.textEdit.newText : '',
      'color: ${1:blue}',
    );
    assert.deepEqual(items.find((item) => item.label === 'size')!.documentation, {
      kind: 'markdown',
      value: 'How many parts.\n\nDefault: `3`',
    });
  });

  it('offers enum values, booleans and a default as values', () => {
    const service = serviceWithCrd();
    assert.deepEqual(labels(completionItems(service, `${widgetHead}  mode: |\n`).items), ['Fast', 'Slow']);
    assert.deepEqual(labels(completionItems(service, `${widgetHead}  paused: |\n`).items), ['true', 'false']);
    assert.deepEqual(
      completionItems(service, `${widgetHead}  color: |\n`).items.map((item) => [item.label, item.detail]),
      [['blue', 'default']],
    );
  });

  it('follows arrays, and offers nothing inside maps and x-kubernetes-preserve-unknown-fields', () => {
    const service = serviceWithCrd();
    assert.deepEqual(labels(completionItems(service, `${widgetHead}  parts:\n    - |\n`).items), [
      'name',
      'port',
      'required fields',
    ]);
    assert.deepEqual(labels(completionItems(service, `${widgetHead}  config:\n    |\n`).items), []);
    assert.deepEqual(labels(completionItems(service, `${widgetHead}  labels:\n    |\n`).items), []);
  });

  it('gives an embedded resource the fields of an object (apiVersion, kind, metadata)', () => {
    assert.deepEqual(labels(completionItems(serviceWithCrd(), `${widgetHead}  template:\n    |\n`).items), [
      'apiVersion',
      'kind',
      'metadata',
      'required fields',
    ]);
  });

  it('reads each version of a multi-version CRD with its own schema', () => {
    const head = widgetHead.replace('example.com/v1', 'example.com/v1beta1');
    assert.deepEqual(labels(completionItems(serviceWithCrd(), `${head}  |\n`).items), ['legacySize']);
  });

  it('offers custom kinds for their apiVersion, and the apiVersions of a custom kind', () => {
    const service = serviceWithCrd();
    assert.deepEqual(
      completionItems(service, 'apiVersion: example.com/v1\nkind: |\n')
        .items.filter((item) => item.detail === 'example.com/v1')
        .map((item) => [item.label, item.documentation]),
      [['Widget', 'A Widget makes things.']],
    );
    assert.deepEqual(labels(completionItems(service, 'apiVersion: |\nkind: Widget\n').items), [
      'example.com/v1',
      'example.com/v1beta1',
    ]);
  });

  it('lists bundled kinds without reading their schemas', () => {
    let reads = 0;
    const type: CustomResourceType = {
      ...serviceWithCrd().customResourcesFor().list()[0]!,
      kind: 'Certificate',
      apiVersion: 'cert-manager.io/v1',
      group: 'cert-manager.io',
      schema: () => {
        reads++;
        return { type: 'object' };
      },
      source: { kind: 'bundled', project: 'cert-manager', projectVersion: 'v1', package: 'p@1' },
    };
    const service = getLanguageService({
      catalog: testCatalog(),
      bundledCustomResources: () => ({ find: () => undefined, list: () => [type] }),
    });
    const items = completionItems(service, 'apiVersion: cert-manager.io/v1\nkind: |\n').items;
    assert.deepEqual(
      items.filter((item) => item.detail === 'cert-manager.io/v1').map((item) => item.label),
      ['Certificate'],
    );
    assert.deepEqual(labels(completionItems(service, 'apiVersion: |\nkind: Certificate\n').items), [
      'cert-manager.io/v1',
    ]);
    assert.equal(service.listCustomResources().length, 1);
    assert.equal(reads, 0);
  });

  it('stays as before for a custom resource without a known schema', () => {
    const { items } = completionItems(
      serviceWithCrd(),
      'apiVersion: other.io/v1\nkind: Thing\nmetadata:\n  name: t\n|\n',
    );
    assert.deepEqual(labels(items), []);
  });
});

describe('custom resources: hover', () => {
  const source =
    'Schema: CustomResourceDefinition `widgets.example.com` in [`crds/widgets.yaml`](file:///work/app/crds/widgets.yaml#L3), line 3';

  it('shows a field in the kubectl explain layout, with its default, its validation rules and its source', () => {
    assert.equal(
      hoverMarkdown(serviceWithCrd(), `${widgetHead}  si|ze: 4\n`),
      [
        '**`widget.spec.size`** `<integer>` **required**',
        '',
        'How many parts.',
        '',
        'Default: `3`',
        '',
        'Validation rules (`x-kubernetes-validations`):',
        '',
        '- `self <= 10` — at most 10 parts',
        '',
        '---',
        '',
        source,
      ].join('\n'),
    );
  });

  it('marks a validation rule the CEL evaluator cannot compile as documentation only', () => {
    const crd = crdText
      .replace('- rule: self <= 10', '- rule: self <= 10 &&')
      .replace('message: at most 10 parts', 'message: at most 10 parts (broken)');
    const markdown = hoverMarkdown(serviceWithCrd({ crd }), `${widgetHead}  si|ze: 4\n`) ?? '';
    assert.match(
      markdown,
      /\n- `self <= 10 &&` — at most 10 parts \(broken\) \*\(not checked by Podscope: [^\n]+\)\*\n/,
    );
  });

  it('lists an object’s fields and an array element’s description as explain does', () => {
    assert.equal(
      hoverMarkdown(serviceWithCrd(), `${widgetHead}  pa|rts: []\n`),
      [
        '**`widget.spec.parts`** `<[]Object>`',
        '',
        'The parts, in order.',
        '',
        'One part.',
        '',
        '```text',
        'name  <string> -required-',
        'port  <Object>',
        '```',
        '',
        '---',
        '',
        source,
      ].join('\n'),
    );
  });

  it('describes the kind, with its source, on the kind value', () => {
    assert.equal(
      hoverMarkdown(serviceWithCrd(), 'apiVersion: example.com/v1\nkind: Wid|get\n'),
      ['**Widget** `example.com/v1`', '', 'A Widget makes things.', '', '---', '', source].join('\n'),
    );
  });

  it('names the bundled project and package for a bundled type', () => {
    const type: CustomResourceType = {
      ...serviceWithCrd().customResourcesFor().list()[0]!,
      source: {
        kind: 'bundled',
        project: 'cert-manager',
        projectVersion: 'v1.16.1',
        package: '@kubernetes-models/cert-manager@6.0.0',
      },
    };
    const service = getLanguageService({
      catalog: testCatalog(),
      bundledCustomResources: () => ({ find: () => type, list: () => [type] }),
    });
    assert.equal(
      hoverMarkdown(service, `${widgetHead}  mo|de: Fast\n`),
      [
        '**`widget.spec.mode`** `<string>`',
        '',
        'Allowed values: `Fast`, `Slow`',
        '',
        'How fast it runs.',
        '',
        '---',
        '',
        'Schema: bundled cert-manager v1.16.1 (@kubernetes-models/cert-manager@6.0.0)',
      ].join('\n'),
    );
  });

  it('has no API reference link for a custom kind named like a built-in one', () => {
    const text = crdText
      .replace(/Widget/g, 'Service')
      .replace(/widgets/g, 'services')
      .replace(/widget\b/g, 'service');
    const service = getLanguageService({ catalog: testCatalog(), workspace: new WorkspaceIndex() });
    service.indexDocument(TextDocument.create(crdUri, 'yaml', 1, text));
    const markdown = hoverMarkdown(
      service,
      'apiVersion: example.com/v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  co|lor: red\n',
    );
    assert.ok(markdown?.startsWith('**`service.spec.color`** `<string>`'), markdown);
    assert.ok(markdown !== undefined && !markdown.includes('API reference'), markdown);
  });
});

describe('custom resources: schemas of the wrong shape', () => {
  const hostile: [string, string][] = [
    [
      'types and shapes no valid CRD has',
      'type: object\n          properties:\n            spec: {type: 5, properties: [], items: x, required: {a: 1}, enum: 3}',
    ],
    [
      'fields named like Object.prototype members',
      'type: object\n          properties:\n            spec: {type: array, items: {type: object, properties: {__proto__: {type: string}, constructor: {type: integer}}}}',
    ],
    [
      'an array without items, and rules that are no rules',
      'type: object\n          properties:\n            spec: {type: object, additionalProperties: {type: array}, x-kubernetes-validations: [3, {rule: 4}]}',
    ],
    ['an embedded resource at the root', 'x-kubernetes-embedded-resource: true'],
    ['a list for a schema', '[]'],
  ];
  for (const [name, schema] of hostile) {
    it(`reads ${name} without failing`, () => {
      const crd = [
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'metadata: {name: things.example.com}',
        'spec:',
        '  group: example.com',
        '  names: {kind: Thing, plural: things}',
        '  scope: Namespaced',
        '  versions:',
        '    - name: v1',
        '      served: true',
        '      storage: true',
        '      schema:',
        '        openAPIV3Schema:',
        `          ${schema}`,
        '',
      ].join('\n');
      const service = getLanguageService({ catalog: testCatalog(), workspace: new WorkspaceIndex() });
      service.indexDocument(TextDocument.create(crdUri, 'yaml', 1, crd));
      const head = 'apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: t\nspec:\n';
      for (const fixture of [
        `${head}  |\n`,
        `${head}  again:\n    |\n`,
        `${head}  - |\n`,
        `${head}  sp|ec: 1\n`,
      ]) {
        const { document, position } = documentAt(fixture);
        assert.ok(Array.isArray(service.doComplete(document, position).items));
        service.doHover(document, position);
        assert.ok(Array.isArray(service.findDocumentSymbols(document)));
      }
      const onSpec = documentAt(`${head.replace('spec:\n', 'sp|ec:\n')}`);
      service.doHover(onSpec.document, onSpec.position);
    });
  }

  it('reads a schema that contains itself as free-form below the repeat', () => {
    // The YAML parser leaves out a document whose aliases make it contain itself; a bundled
    // source's plain data could still.
    const spec: Record<string, unknown> = { type: 'object', properties: {} };
    (spec.properties as Record<string, unknown>).again = spec;
    const type: CustomResourceType = {
      ...serviceWithCrd().customResourcesFor().list()[0]!,
      schema: () => ({ type: 'object', properties: { spec } }),
    };
    const service = getLanguageService({
      catalog: testCatalog(),
      bundledCustomResources: () => ({ find: () => type, list: () => [type] }),
    });
    assert.deepEqual(
      completionItems(service, `${widgetHead}  |\n`).items.map((item) => [item.label, item.detail]),
      [['again', '<Object>']],
    );
    assert.deepEqual(completionItems(service, `${widgetHead}  again:\n    |\n`).items, []);
  });

  it('reads a field named __proto__ as a field', () => {
    const crd = crdText.replace(
      '                paused:\n',
      '                __proto__:\n                  type: string\n                paused:\n',
    );
    const service = getLanguageService({ catalog: testCatalog(), workspace: new WorkspaceIndex() });
    service.indexDocument(TextDocument.create(crdUri, 'yaml', 1, crd));
    assert.ok(
      completionItems(service, `${widgetHead}  |\n`).items.some((item) => item.label === '__proto__'),
    );
  });
});

describe('custom resources: the outline', () => {
  it('shows a custom resource by kind and name, with its apiVersion', () => {
    const service = serviceWithCrd();
    const { document } = documentAt(`${widgetHead}  size: 2|\n`);
    assert.deepEqual(
      service.findDocumentSymbols(document).map((symbol) => [symbol.name, symbol.detail, symbol.children]),
      [['Widget w1', 'example.com/v1', []]],
    );
  });
});

describe('custom resources: podscope explain', () => {
  let folder: string;
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-crd-'));
    fs.mkdirSync(path.join(folder, 'crds'));
    fs.writeFileSync(path.join(folder, 'crds', 'widgets.yaml'), crdText);
    fs.mkdirSync(path.join(folder, 'node_modules', 'x'), { recursive: true });
    fs.writeFileSync(
      path.join(folder, 'node_modules', 'x', 'gadgets.yaml'),
      crdText.replace(/Widget/g, 'Gadget').replace(/widget/g, 'gadget'),
    );
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  const run = (...args: string[]): { code: number; stdout: string; stderr: string } => {
    let stdout = '';
    let stderr = '';
    const code = runCli(
      args,
      { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
      { cwd: folder },
    );
    return { code, stdout, stderr };
  };

  it('explains a custom resource by its short name, as kubectl does', () => {
    assert.deepEqual(run('explain', 'wd.spec.parts'), {
      code: 0,
      stderr: '',
      stdout: [
        'GROUP:      example.com',
        'KIND:       Widget',
        'VERSION:    v1',
        '',
        'FIELD: parts <[]Object>',
        '',
        '',
        'DESCRIPTION:',
        '    The parts, in order.',
        '    One part.',
        '    ',
        'FIELDS:',
        '  name\t<string> -required-',
        '    <no description>',
        '',
        '  port\t<Object>',
        '    <no description>',
        '',
        '',
        '',
      ].join('\n'),
    });
  });

  it('chooses a version with --api-version, and reports an unknown field as kubectl does', () => {
    assert.deepEqual(run('explain', 'widgets.spec', '--api-version', 'example.com/v1beta1'), {
      code: 0,
      stderr: '',
      stdout: [
        'GROUP:      example.com',
        'KIND:       Widget',
        'VERSION:    v1beta1',
        '',
        'FIELD: spec <Object>',
        '',
        '',
        'DESCRIPTION:',
        '    <empty>',
        'FIELDS:',
        '  legacySize\t<integer>',
        '    <no description>',
        '',
        '',
        '',
      ].join('\n'),
    });
    assert.deepEqual(run('explain', 'widget.spec.nope'), {
      code: 1,
      stdout: 'GROUP:      example.com\nKIND:       Widget\nVERSION:    v1\n\n',
      stderr: 'error: field "nope" does not exist\n',
    });
  });

  it('lists the custom resource kinds of the folder and their sources, leaving out node_modules', () => {
    assert.deepEqual(run('explain', '--list'), {
      code: 0,
      stderr: '',
      stdout: [
        'KIND     APIVERSION            RESOURCE   SOURCE',
        'Widget   example.com/v1        widgets    crds/widgets.yaml:3',
        'Widget   example.com/v1beta1   widgets    crds/widgets.yaml:3',
        '',
      ].join('\n'),
    });
    assert.equal(run('explain', 'gadget').code, 1);
  });

  it('takes a built-in resource first, and a custom one of the same name with --api-version', () => {
    fs.writeFileSync(
      path.join(folder, 'crds', 'services.yaml'),
      crdText
        .replace(/Widget/g, 'Service')
        .replace(/widgets/g, 'services')
        .replace(/widget\b/g, 'service')
        .replace(/example\.com/g, 'serving.knative.dev'),
    );
    try {
      assert.equal(run('explain', 'services').stdout.split('\n')[0], 'KIND:       Service');
      // kubectl takes the first resource whose `<resource>.<group>` prefixes the request, and the
      // core group's `services` prefixes `services.serving.knative.dev` (k8s.io/kubectl
      // pkg/explain/explain.go, SplitAndParseResourceRequestWithMatchingPrefix).
      assert.deepEqual(run('explain', 'services.serving.knative.dev.spec.mode'), {
        code: 1,
        stdout: 'KIND:       Service\nVERSION:    v1\n\n',
        stderr: 'error: field "mode" does not exist\n',
      });
      assert.deepEqual(
        run('explain', 'services.spec.mode', '--api-version', 'serving.knative.dev/v1')
          .stdout.split('\n')
          .slice(0, 6),
        [
          'GROUP:      serving.knative.dev',
          'KIND:       Service',
          'VERSION:    v1',
          '',
          'FIELD: mode <string>',
          'ENUM:',
        ],
      );
    } finally {
      fs.rmSync(path.join(folder, 'crds', 'services.yaml'));
    }
  });

  it('still explains built-in kinds, and says so when a name is unknown', () => {
    assert.equal(run('explain', 'pod').stdout.split('\n')[0], 'KIND:       Pod');
    assert.deepEqual(run('explain', 'sprocket'), {
      code: 1,
      stdout: '',
      stderr: 'the server doesn\'t have a resource type "sprocket"\n',
    });
  });
});

describe('custom resources: the list of kinds', () => {
  it('lists each kind with its apiVersion and source, sorted by group, kind and version', () => {
    const bundledType: CustomResourceType = {
      ...serviceWithCrd().customResourcesFor().list()[0]!,
      group: 'cert-manager.io',
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      plural: 'certificates',
      deprecated: true,
      source: {
        kind: 'bundled',
        project: 'cert-manager',
        projectVersion: 'v1.16.1',
        package: '@kubernetes-models/cert-manager@6.0.0',
      },
    };
    const service = serviceWithCrd({ bundled: { find: () => undefined, list: () => [bundledType] } });
    const entries = service.listCustomResources();
    assert.deepEqual(
      customResourceItems(entries, (uri) => uri.replace('file:///work/app/', '')).map(
        ({ label, description, detail }) => [label, description, detail],
      ),
      [
        [
          'Certificate',
          'cert-manager.io/v1 (deprecated)',
          'bundled cert-manager v1.16.1 (@kubernetes-models/cert-manager@6.0.0)',
        ],
        [
          'Widget',
          'example.com/v1',
          'CustomResourceDefinition widgets.example.com in crds/widgets.yaml, line 3',
        ],
        [
          'Widget',
          'example.com/v1beta1',
          'CustomResourceDefinition widgets.example.com in crds/widgets.yaml, line 3',
        ],
      ],
    );
    assert.deepEqual(entries[1], {
      kind: 'Widget',
      apiVersion: 'example.com/v1',
      plural: 'widgets',
      scope: 'Namespaced',
      deprecated: false,
      source: { kind: 'workspace', uri: crdUri, line: 2 },
    });
  });
});
