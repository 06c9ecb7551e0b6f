import * as assert from 'node:assert/strict';
import type { Location, WorkspaceEdit } from 'vscode-languageserver-types';
import {
  doRename,
  findDefinition,
  findDocumentHighlights,
  findReferences,
  findWorkspaceSymbols,
  prepareRename,
} from '../../server/src/service/workspaceNavigation';
import { fileResources } from '../../server/src/workspace/fileResources';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';
import { ManifestParser } from '../../server/src/yaml/manifestFile';
import { withCursor } from '../support/cursor';
import { applyEdits, textAt } from '../support/service';

const files: Record<string, string> = {
  'file:///app/config.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  LOG_LEVEL: info
---
apiVersion: v1
kind: Secret
metadata:
  name: credentials
  namespace: shop
stringData:
  password: x
`,
  'file:///app/other-namespace.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: billing
`,
  'file:///app/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      serviceAccountName: web-sa
      imagePullSecrets:
        - name: credentials
      containers:
        - name: web
          image: nginx:1.27
          envFrom:
            - configMapRef:
                name: settings
          env:
            - name: LEVEL
              valueFrom:
                configMapKeyRef: { name: settings, key: LOG_LEVEL }
      volumes:
        - name: config
          configMap:
            name: settings
        - name: data
          persistentVolumeClaim:
            claimName: web-data
        - name: all
          projected:
            sources:
              - secret: { name: credentials }
`,
};

function parse(text: string) {
  return new ManifestParser().parse(text);
}

function workspace(): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [uri, text] of Object.entries(files)) {
    index.set(uri, fileResources(parse(text)));
  }
  return index;
}

/** A location as `file line:character text`, the text read from the file it points into. */
function view({ uri, range }: Location): string {
  return `${uri.replace('file:///app/', '')} ${range.start.line}:${range.start.character} ${textAt(files[uri]!, range)}`;
}

/** The deployment with a cursor: `|` placed before the first occurrence of `anchor`, plus `shift` characters. */
function cursorIn(uri: string, anchor: string, shift = 0) {
  const text = files[uri]!;
  const at = text.indexOf(anchor);
  assert.ok(at >= 0 && text.indexOf(anchor, at + 1) < 0, `${anchor} once`);
  return withCursor(`${text.slice(0, at + shift)}|${text.slice(at + shift)}`);
}

describe('workspace navigation', () => {
  it('indexes what a pod spec names, with the key a ConfigMap reference names', () => {
    const { references } = fileResources(parse(files['file:///app/deployment.yaml']!));
    assert.deepEqual(
      references.map(
        (reference) =>
          `${reference.kind} ${reference.name} ${reference.namespace} ${reference.field}${reference.key ? ` key=${reference.key.name}` : ''} from ${reference.from}`,
      ),
      [
        'ServiceAccount web-sa shop serviceAccountName from Deployment web',
        'Secret credentials shop imagePullSecrets from Deployment web',
        'ConfigMap settings shop envFrom.configMapRef from Deployment web',
        'ConfigMap settings shop env.valueFrom.configMapKeyRef key=LOG_LEVEL from Deployment web',
        'ConfigMap settings shop volumes.configMap from Deployment web',
        'PersistentVolumeClaim web-data shop volumes.persistentVolumeClaim from Deployment web',
        'Secret credentials shop volumes.projected.secret from Deployment web',
      ],
    );
  });

  it('goes from a reference to the object it names, in the same namespace only', () => {
    const { text, position } = cursorIn('file:///app/deployment.yaml', 'name: settings\n          env', 8);
    assert.equal(text, files['file:///app/deployment.yaml']);
    // The ConfigMap in "billing" is another namespace; the unnamespaced one may be applied to "shop".
    assert.deepEqual(findDefinition(workspace(), parse(text), position).map(view), [
      'config.yaml 3:8 settings',
    ]);
    const secret = cursorIn('file:///app/deployment.yaml', 'credentials }', 3);
    assert.deepEqual(findDefinition(workspace(), parse(secret.text), secret.position).map(view), [
      'config.yaml 10:8 credentials',
    ]);
    // A name nothing declares, and a place that names nothing.
    const claim = cursorIn('file:///app/deployment.yaml', 'web-data');
    assert.deepEqual(findDefinition(workspace(), parse(claim.text), claim.position), []);
    const image = cursorIn('file:///app/deployment.yaml', 'nginx:1.27');
    assert.deepEqual(findDefinition(workspace(), parse(image.text), image.position), []);
  });

  it('finds every field that names an object, from the object or from a reference', () => {
    const fromObject = cursorIn('file:///app/config.yaml', 'settings');
    const expected = [
      'deployment.yaml 20:22 settings',
      'deployment.yaml 24:41 settings',
      'deployment.yaml 28:18 settings',
    ];
    assert.deepEqual(
      findReferences(
        workspace(),
        'file:///app/config.yaml',
        parse(fromObject.text),
        fromObject.position,
        false,
      ).map(view),
      expected,
    );
    const fromReference = cursorIn('file:///app/deployment.yaml', 'settings, key', 2);
    assert.deepEqual(
      findReferences(
        workspace(),
        'file:///app/deployment.yaml',
        parse(fromReference.text),
        fromReference.position,
        true,
      ).map(view),
      ['config.yaml 3:8 settings', ...expected],
    );
    // From the ConfigMap of another namespace: nothing in "shop" names it.
    const billing = cursorIn('file:///app/other-namespace.yaml', 'settings');
    assert.deepEqual(
      findReferences(
        workspace(),
        'file:///app/other-namespace.yaml',
        parse(billing.text),
        billing.position,
        false,
      ),
      [],
    );
  });

  it('highlights the names of the object in the file', () => {
    const { text, position } = cursorIn('file:///app/deployment.yaml', 'credentials\n');
    assert.deepEqual(
      findDocumentHighlights(workspace(), 'file:///app/deployment.yaml', parse(text), position).map(
        ({ range, kind }) => `${range.start.line}:${range.start.character} ${textAt(text, range)} ${kind}`,
      ),
      ['14:16 credentials 2', '35:32 credentials 2'],
    );
  });

  it('renames an object and every name of it across files', () => {
    const { text, position } = cursorIn('file:///app/deployment.yaml', 'name: settings\n          env', 6);
    const prepared = prepareRename(parse(text), position);
    assert.deepEqual(prepared && { ...prepared, text: textAt(text, prepared.range) }, {
      range: { start: { line: 20, character: 22 }, end: { line: 20, character: 30 } },
      placeholder: 'settings',
      text: 'settings',
    });
    const edit = doRename(workspace(), parse(text), position, 'web-settings') as WorkspaceEdit;
    const renamed = Object.fromEntries(
      Object.entries(edit.changes!).map(([uri, edits]) => [uri, applyEdits(files[uri]!, edits)]),
    );
    assert.deepEqual(Object.keys(renamed).sort(), ['file:///app/config.yaml', 'file:///app/deployment.yaml']);
    assert.equal(
      renamed['file:///app/config.yaml'],
      files['file:///app/config.yaml']!.replace('name: settings', 'name: web-settings'),
    );
    assert.equal(
      renamed['file:///app/deployment.yaml'],
      files['file:///app/deployment.yaml']!.replaceAll('name: settings', 'name: web-settings'),
    );
    // A name the API server would reject is refused; where nothing is named, nothing to rename.
    assert.deepEqual(doRename(workspace(), parse(text), position, 'Web_Settings'), {
      error:
        "\"Web_Settings\" is not a valid ConfigMap name: it must consist of lowercase letters, digits, '-' and '.', and start and end with a letter or digit",
    });
    const image = cursorIn('file:///app/deployment.yaml', 'nginx:1.27');
    assert.equal(prepareRename(parse(image.text), image.position), undefined);
    assert.equal(doRename(workspace(), parse(image.text), image.position, 'x'), undefined);
  });

  it('finds objects by the words of their kind and name', () => {
    const names = (query: string): string[] =>
      findWorkspaceSymbols(workspace(), query).map(
        (symbol) => `${symbol.name}${symbol.containerName ? ` (${symbol.containerName})` : ''}`,
      );
    assert.deepEqual(names('deploy web'), ['Deployment web (shop)']);
    assert.deepEqual(names('SETTINGS'), ['ConfigMap settings', 'ConfigMap settings (billing)']);
    assert.deepEqual(names('billing'), ['ConfigMap settings (billing)']);
    assert.deepEqual(names(''), [
      'ConfigMap settings',
      'Secret credentials (shop)',
      'ConfigMap settings (billing)',
      'Deployment web (shop)',
    ]);
    assert.deepEqual(names('nothing'), []);
  });
});
