import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CompletionItemTag,
  DiagnosticSeverity,
  DiagnosticTag,
  type MarkupContent,
} from 'vscode-languageserver-types';
import { defaultSettings } from '../../server/src/common/settings';
import { getLanguageService, type LanguageService } from '../../server/src/service/languageService';
import { isRemotePath } from '../../server/src/service/kustomization/kustomizationPaths';
import { testCatalog } from '../support/catalog';
import { withCursor } from '../support/cursor';
import { textAt, viewDiagnostics } from '../support/service';

/** The files and folders of a fake disk (the service asks the host what a URI is). */
const disk: Record<string, 'file' | 'directory'> = {
  'file:///app/base': 'directory',
  'file:///app/base/kustomization.yml': 'file',
  'file:///app/base/deployment.yaml': 'file',
  'file:///app/empty': 'directory',
  'file:///app/overlay': 'directory',
  'file:///app/overlay/kustomization.yaml': 'file',
  'file:///app/overlay/replicas.yaml': 'file',
  'file:///app/overlay/config': 'directory',
  'file:///app/overlay/config/app.properties': 'file',
  'file:///app/overlay/my%20settings.env': 'file',
};

const kustomizationUri = 'file:///app/overlay/kustomization.yaml';

let service: LanguageService;
before(() => {
  service = getLanguageService({
    catalog: testCatalog(),
    pathKind: (uri) => disk[uri],
    log: (message) => {
      throw new Error(`Unexpected log from the language service: ${message}`);
    },
  });
});

let version = 0;

/** A new version of the kustomization (the service parses each version once). */
function kustomization(text: string, uri = kustomizationUri): TextDocument {
  return TextDocument.create(uri, 'yaml', ++version, text);
}

function diagnosticsOf(text: string, uri = kustomizationUri): ReturnType<typeof viewDiagnostics> {
  return viewDiagnostics(text, service.doValidation(kustomization(text, uri)));
}

describe('kustomization.yaml: its own fields', () => {
  it('is quiet on a valid kustomization, deprecated fields aside', () => {
    const text = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop
namePrefix: prod-
resources:
  - ../base
  - https://github.com/org/repo/deploy?ref=v1.0.0
  - github.com/org/repo//deploy?ref=v1
labels:
  - pairs: { app: web }
    includeSelectors: true
images:
  - name: nginx
    newTag: "1.27"
patches:
  - path: replicas.yaml
    target: { kind: Deployment, name: web }
  - patch: |-
      - op: replace
        path: /spec/replicas
        value: 3
    target:
      kind: Deployment
configMapGenerator:
  - name: settings
    behavior: merge
    files:
      - app.properties=config/app.properties
      - config
    envs:
      - my settings.env
    literals:
      - LOG_LEVEL=info
replicas:
  - name: web
    count: 3
helmGlobals:
  chartHome: .
generatorOptions:
  disableNameSuffixHash: true
`;
    assert.deepEqual(diagnosticsOf(text), []);
  });

  it('reports an unknown field with a suggestion, at any depth, and accepts a key that differs in case only', () => {
    const text = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
Resources:
  - ../base
namePrefx: prod-
patches:
  - path: replicas.yaml
    target:
      kinds: Deployment
`;
    assert.deepEqual(diagnosticsOf(text), [
      {
        code: 'kustomization-unknown-field',
        severity: DiagnosticSeverity.Error,
        line: 'namePrefx: prod-',
        text: 'namePrefx',
        message: 'Kustomize does not know the field "namePrefx" in Kustomization: did you mean "namePrefix"?',
      },
      {
        code: 'kustomization-unknown-field',
        severity: DiagnosticSeverity.Error,
        line: 'kinds: Deployment',
        text: 'kinds',
        message: 'Kustomize does not know the field "kinds" in Selector: did you mean "kind"?',
      },
    ]);
  });

  it('reports values of the wrong type, as Go decodes them (kubectl kustomize fails on each)', () => {
    const text = `resources: deployment.yaml
patches:
  - replicas.yaml
images:
  - name: nginx
    newTag: 1.0
commonAnnotations:
  team: 7
  owner: "7"
replicas:
  - name: web
    count: "3"
`;
    assert.deepEqual(
      diagnosticsOf(text).map(({ text: covered, message }) => [covered, message]),
      [
        ['deployment.yaml', 'resources must be a list ([]string), not a string: Kustomize cannot decode it.'],
        ['replicas.yaml', 'patches[0] must be a map (Patch), not a string: Kustomize cannot decode it.'],
        ['1.0', 'images[0].newTag must be a string (string), not a number: Kustomize cannot decode it.'],
        ['7', 'commonAnnotations.team must be a string, not a number: Kustomize cannot decode it.'],
        ['"3"', 'replicas[0].count must be an integer (integer), not a string: Kustomize cannot decode it.'],
      ],
    );
  });

  it('marks deprecated fields as hints, struck through, naming what replaces them', () => {
    const text = `bases:
  - ../base
commonLabels:
  app: web
`;
    const diagnostics = service.doValidation(kustomization(text));
    assert.deepEqual(
      diagnostics.map((diagnostic) => [
        textAt(text, diagnostic.range),
        diagnostic.severity,
        diagnostic.tags,
        diagnostic.message,
      ]),
      [
        [
          'bases',
          DiagnosticSeverity.Hint,
          [DiagnosticTag.Deprecated],
          '"bases" is deprecated: use `resources` (`kustomize edit fix` moves its entries there).',
        ],
        [
          'commonLabels',
          DiagnosticSeverity.Hint,
          [DiagnosticTag.Deprecated],
          '"commonLabels" is deprecated: use `labels`, which provides a superset of the functionality of commonLabels (`kustomize edit fix` rewrites it).',
        ],
      ],
    );
  });

  it('leaves a Flux Kustomization (kustomize.toolkit.fluxcd.io) and files of other names alone', () => {
    const flux = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
spec:
  path: ./missing
`;
    assert.deepEqual(diagnosticsOf(flux), []);
    assert.deepEqual(
      diagnosticsOf('resources: [missing.yaml]\nfoo: 1\n', 'file:///app/overlay/other.yaml'),
      [],
    );
  });

  it('follows the severities the settings give the rules', () => {
    const text = 'namePrefx: a\n';
    const document = kustomization(text);
    const settingsWith = (
      rules: Record<string, 'off' | 'warning'>,
    ): Parameters<LanguageService['doValidation']>[1] => ({
      ...defaultSettings,
      rules,
    });
    assert.deepEqual(
      service.doValidation(document, settingsWith({ 'kustomization-unknown-field': 'off' })),
      [],
    );
    assert.deepEqual(
      service
        .doValidation(document, settingsWith({ 'kustomization-unknown-field': 'warning' }))
        .map(({ severity }) => severity),
      [DiagnosticSeverity.Warning],
    );
  });
});

describe('kustomization.yaml: completion and hover', () => {
  it('offers the fields not yet present, deprecated ones last and struck through', () => {
    const { text, position } = withCursor('resources:\n  - ../base\n|\n');
    const items = service.doComplete(kustomization(text), position).items;
    const labels = items.map(({ label }) => label);
    assert.ok(!labels.includes('resources'));
    assert.ok(
      labels.includes('namePrefix') && labels.includes('components') && labels.includes('helmCharts'),
    );
    const bases = items.find(({ label }) => label === 'bases')!;
    assert.deepEqual(bases.tags, [CompletionItemTag.Deprecated]);
    assert.equal(bases.sortText, '1bases');
    assert.equal(items.find(({ label }) => label === 'patches')!.sortText, '0patches');
    assert.deepEqual(bases.textEdit, { range: { start: position, end: position }, newText: 'bases: ' });
  });

  it('offers the fields of a nested type, and the values of a closed set', () => {
    const image = withCursor('images:\n  - name: nginx\n    |\n');
    assert.deepEqual(
      service
        .doComplete(kustomization(image.text), image.position)
        .items.map(({ label, detail }) => [label, detail]),
      [
        ['newName', '<string>'],
        ['newTag', '<string>'],
        ['digest', '<string>'],
        ['tagSuffix', '<string>'],
      ],
    );
    const behavior = withCursor('configMapGenerator:\n  - name: settings\n    behavior: |\n');
    assert.deepEqual(
      service.doComplete(kustomization(behavior.text), behavior.position).items.map(({ label }) => label),
      ['create', 'replace', 'merge'],
    );
  });

  it('explains a field on hover, with its type, its owner and, when deprecated, what replaces it', () => {
    const { text, position } = withCursor('namePre|fix: prod-\n');
    const hover = service.doHover(kustomization(text), position)!;
    assert.equal(
      (hover.contents as MarkupContent).value,
      [
        '**namePrefix** `<string>` — Kustomization',
        '',
        'Will prefix the names of all resources mentioned in the kustomization file including generated configmaps and secrets.',
        '',
        'Source: sigs.k8s.io/kustomize api/types',
      ].join('\n'),
    );
    assert.equal(textAt(text, hover.range!), 'namePrefix');

    const onEntry = withCursor('bases:\n  - ../ba|se\n');
    const entryHover = service.doHover(kustomization(onEntry.text), onEntry.position)!;
    assert.match(
      (entryHover.contents as MarkupContent).value,
      /^\*\*bases\*\* `<\[\]string>` — Kustomization/,
    );
    assert.match(
      (entryHover.contents as MarkupContent).value,
      /\*Deprecated:\* use `resources` \(`kustomize edit fix` moves its entries there\)\./,
    );
    assert.equal(textAt(onEntry.text, entryHover.range!), '../base');
  });
});

describe('kustomization.yaml: paths', () => {
  const text = `resources:
  - ../base
  - deploymnet.yaml
  - ../empty
  - https://example.com/app.yaml
patches:
  - path: replicas.yaml
configMapGenerator:
  - name: settings
    files:
      - app=config/app.properties
      - config/missing.properties
    envs:
      - "my settings.env"
    env: gone.env
`;

  it('reports a local path that does not exist, and a resource folder without a kustomization', () => {
    assert.deepEqual(diagnosticsOf(text), [
      {
        code: 'kustomization-deprecated-field',
        severity: DiagnosticSeverity.Hint,
        line: 'env: gone.env',
        text: 'env',
        message: '"env" is deprecated: use `envs` (`kustomize edit fix` merges it into `envs`).',
      },
      {
        code: 'kustomization-path-not-found',
        severity: DiagnosticSeverity.Error,
        line: '- deploymnet.yaml',
        text: 'deploymnet.yaml',
        message:
          '"deploymnet.yaml" does not exist (paths are relative to the kustomization\'s folder): kustomize build fails.',
      },
      {
        code: 'kustomization-path-not-found',
        severity: DiagnosticSeverity.Error,
        line: '- ../empty',
        text: '../empty',
        message:
          "The folder \"../empty\" holds no 'kustomization.yaml', 'kustomization.yml', 'Kustomization': kustomize build fails.",
      },
      {
        code: 'kustomization-path-not-found',
        severity: DiagnosticSeverity.Error,
        line: '- config/missing.properties',
        text: 'config/missing.properties',
        message:
          '"config/missing.properties" does not exist (paths are relative to the kustomization\'s folder): kustomize build fails.',
      },
      {
        code: 'kustomization-path-not-found',
        severity: DiagnosticSeverity.Error,
        line: 'env: gone.env',
        text: 'gone.env',
        message:
          '"gone.env" does not exist (paths are relative to the kustomization\'s folder): kustomize build fails.',
      },
    ]);
  });

  it('links each local path to its file, or to the kustomization file of its folder', () => {
    const links = service.findDocumentLinks(kustomization(text));
    assert.deepEqual(
      links.map(({ range, target }) => [textAt(text, range), target]),
      [
        ['../base', 'file:///app/base/kustomization.yml'],
        ['replicas.yaml', 'file:///app/overlay/replicas.yaml'],
        ['config/app.properties', 'file:///app/overlay/config/app.properties'],
        ['my settings.env', 'file:///app/overlay/my%20settings.env'],
      ],
    );
  });

  it('goes to the definition of a path: the file, or the folder’s kustomization', () => {
    const start = { line: 0, character: 0 };
    const at = (fixture: string): ReturnType<LanguageService['findDefinition']> => {
      const { text: withoutCursor, position } = withCursor(fixture);
      return service.findDefinition(kustomization(withoutCursor), position);
    };
    assert.deepEqual(at('resources:\n  - ../ba|se\n'), [
      { uri: 'file:///app/base/kustomization.yml', range: { start, end: start } },
    ]);
    assert.deepEqual(at('patches:\n  - path: repl|icas.yaml\n'), [
      { uri: 'file:///app/overlay/replicas.yaml', range: { start, end: start } },
    ]);
    assert.deepEqual(at('resources:\n  - missi|ng.yaml\n'), []);
  });

  it('checks and links nothing for a document that is not a local file', () => {
    const uri = 'untitled:kustomization.yaml';
    assert.deepEqual(
      diagnosticsOf(text, uri).filter(({ code }) => code === 'kustomization-path-not-found'),
      [],
    );
    assert.deepEqual(service.findDocumentLinks(kustomization(text, uri)), []);
  });

  it('tells remote resources from local paths, as kustomize does', () => {
    for (const remote of [
      'https://raw.githubusercontent.com/org/repo/main/app.yaml',
      'github.com/org/repo//deploy?ref=v1',
      'git@github.com:org/repo.git',
      'ssh://git@github.com/org/repo.git',
      'gitlab.com/org/repo/deploy',
    ]) {
      assert.equal(isRemotePath(remote), true, remote);
    }
    for (const local of ['../base', 'deploy.yaml', './a/b.yaml', 'config/app.properties', '/abs/path.yaml']) {
      assert.equal(isRemotePath(local), false, local);
    }
  });
});
