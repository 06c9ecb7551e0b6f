import { strict as assert } from 'node:assert';
import type { Diagnostic } from 'vscode-languageserver-types';
import { defaultSettings } from '../../server/src/common/settings';
import { checkWorkspace } from '../../server/src/service/workspaceDiagnostics';
import { resourcesOf } from '../../server/src/workspace/fileResources';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';
import { ManifestParser } from '../../server/src/yaml/manifestFile';

const deployment = (name: string, configMap: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: c
          image: nginx:1.27
          envFrom: [{configMapRef: {name: ${configMap}}}]
`;
const configMap = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

/** Every answer of the index that the features read, for the names in play. */
function answers(index: WorkspaceIndex, names: readonly string[]): unknown {
  const strip = (located: { uri: string; item: { name: string; nameRange: unknown } }[]): unknown =>
    located
      .map(({ uri, item }) => [uri, item.name, item.nameRange])
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return names.flatMap((name) =>
    (['Deployment', 'ConfigMap'] as const).map((kind) => ({
      name,
      kind,
      declarations: strip(index.declarationsOf({ kind, name, namespace: undefined })),
      references: strip(index.referencesTo({ kind, name, namespace: undefined })),
      ofKind: strip(index.declarationsOfKind(kind, undefined)),
      beside: strip([...index.declarationsBeside('file:///w/a.yaml')]),
    })),
  );
}

describe('WorkspaceIndex: a new version of a file with as many entries', () => {
  it('answers as an index built from the final texts, after names typed and documents moved', () => {
    const parser = new ManifestParser();
    const index = new WorkspaceIndex();
    index.set(
      'file:///w/b.yaml',
      resourcesOf('file:///w/b.yaml', new ManifestParser().parse(configMap('settings'))),
    );
    const versions = [
      [deployment('web', 'settings'), configMap('other')].join('---\n'),
      // A name typed (declaration renamed), a reference retargeted, a line added before.
      ['# note\n' + deployment('webx', 'settingsx'), configMap('other')].join('---\n'),
      [deployment('webx', 'settings'), configMap('otherx')].join('---\n'),
      // A document added, then removed: the whole file is set again.
      [deployment('webx', 'settings'), configMap('otherx'), configMap('third')].join('---\n'),
      [deployment('web', 'settings'), configMap('other')].join('---\n'),
    ];
    const names = ['web', 'webx', 'settings', 'settingsx', 'other', 'otherx', 'third'];
    for (const text of versions) {
      index.set('file:///w/a.yaml', resourcesOf('file:///w/a.yaml', parser.parse(text)));
      const fresh = new WorkspaceIndex();
      fresh.set('file:///w/b.yaml', index.get('file:///w/b.yaml')!);
      fresh.set('file:///w/a.yaml', resourcesOf('file:///w/a.yaml', new ManifestParser().parse(text)));
      assert.deepEqual(answers(index, names), answers(fresh, names), text);
    }
    assert.equal(index.declarationsOf({ kind: 'Deployment', name: 'webx', namespace: undefined }).length, 0);
    assert.equal(index.referencesTo({ kind: 'ConfigMap', name: 'settings', namespace: undefined }).length, 1);
  });
});

/** Documents with a range of each kind an entry holds: selectors, labels, ports, keys, backends. */
const everyRange = [
  deployment('web', 'settings'),
  `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - {name: http, port: 80, targetPort: http}
`,
  `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {name: http}}}
`,
  `apiVersion: v1
kind: Pod
metadata:
  name: job
  labels: {app: job}
spec:
  containers:
    - name: c
      image: busybox:1.36
      ports: [{name: http, containerPort: 8080}]
      env:
        - name: LEVEL
          valueFrom: {configMapKeyRef: {name: settings, key: level}}
`,
  `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: job
spec:
  minAvailable: 1
  selector: {matchLabels: {app: job}}
`,
];

describe('WorkspaceIndex: documents an edit only moved', () => {
  it('keep their entries, moved in place to the lines of a fresh parse, and the revision', () => {
    const parser = new ManifestParser();
    const index = new WorkspaceIndex();
    const uri = 'file:///w/a.yaml';
    let previous = resourcesOf(uri, parser.parse(everyRange.join('---\n')));
    index.set(uri, previous);
    // Lines added and removed above every document, then above the last three only, then inside one.
    const versions = [
      `# one\n# two\n${everyRange.join('---\n')}`,
      everyRange.join('---\n'),
      [...everyRange.slice(0, 2), `# note\n${everyRange[2]}`, ...everyRange.slice(3)].join('---\n'),
      [...everyRange.slice(0, 2), everyRange[2], ...everyRange.slice(3)].join('---\n'),
      [
        everyRange[0]!.replace('image: nginx:1.27', 'image: nginx:1.27\n          # pinned'),
        ...everyRange.slice(1),
      ].join('---\n'),
    ];
    for (const text of versions) {
      const revision = index.revision;
      const resources = resourcesOf(uri, parser.parse(text));
      const fresh = resourcesOf(uri, new ManifestParser().parse(text));
      assert.deepEqual(resources, fresh, text);
      index.set(uri, resources);
      assert.equal(index.revision, revision, 'only lines changed');
      // The documents the edit did not touch keep the very entries they had.
      const kept = resources.declarations.filter((item) => previous.declarations.includes(item)).length;
      assert.ok(
        kept >= resources.declarations.length - 1,
        `${kept} of ${resources.declarations.length} kept`,
      );
      previous = resources;
    }
  });

  it('leaves the ranges of the diagnostics of an earlier check where they were', () => {
    const parser = new ManifestParser();
    const index = new WorkspaceIndex();
    index.complete = true;
    const uri = 'file:///w/a.yaml';
    const check = (text: string): Diagnostic[] => {
      const file = parser.parse(text);
      index.set(uri, resourcesOf(uri, file));
      return checkWorkspace(index, uri, file, index.get(uri)!, defaultSettings);
    };
    const text = [configMap('other'), deployment('web', 'missing')].join('---\n');
    const before = check(text);
    const missing = before.find(({ code }) => code === 'reference-not-found');
    assert.deepEqual(missing?.range, {
      start: { line: 17, character: 42 },
      end: { line: 17, character: 49 },
    });
    const after = check(`# a line above\n${text}`);
    assert.deepEqual(missing.range.start, { line: 17, character: 42 });
    assert.equal(after.find(({ code }) => code === 'reference-not-found')?.range.start.line, 18);
  });
});
