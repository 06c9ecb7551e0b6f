import { strict as assert } from 'node:assert';
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
